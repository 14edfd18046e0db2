/* Included by sparse (CF="-include ...") in the bisect check: Debian's sparse 0.6.4 predates
 * two things Linux 7.3 relies on when sparse runs. Without them, 7.3's Makefile turns C=2
 * off, and every MODULE_*() line is an error after which sparse drops its warnings.
 */
#define __typeof_unqual__ __typeof__
#define __builtin_strlen(s) (sizeof(s) - 1)
