# The GEM VRAM lazy-unmapping series: entry points. See README.md.
.PHONY: all run kunit check qemu-debug bench coverage deps base tree export mails clean distclean help

all: help

help:
	@echo "make run      the demo: boot the 6.12 testbed (stable fixes + test-only patches) on QEMU's bochs-display"
	@echo "make kunit    build the 7.3 series (UML) and run its KUnit suite drm_gem_vram"
	@echo "make check    every check on 7.3, 6.12 and 6.1; ends with 'N passed, N failed'"
	@echo "make qemu-debug the QEMU tests in the 6.12 testbed's KASAN, kmemleak and lockdep guest (make check runs it too)"
	@echo "make bench    lazy against eager unmapping on QEMU; writes BENCHMARKS.md"
	@echo "make coverage the lines of the GEM VRAM helper that KUnit and the QEMU guest run"
	@echo "make tree     apply patches/ onto the base in build/linux (branch 'series')"
	@echo "make export   write the commits of branch 'series' back to patches/"
	@echo "make mails    write the series as mails from your git identity, with get_maintainer.pl's To/Cc, to build/mails (OUT=DIR); sends nothing"
	@echo "make deps     install the Debian packages the workspace needs (as root)"
	@echo "make clean    forget results and logs; distclean removes all of build/"

run:
	@scripts/run.sh

kunit:
	@scripts/run-kunit.sh

check:
	@scripts/check.sh

qemu-debug:
	@scripts/run-qemu-debug.sh

bench:
	@scripts/bench.sh

coverage:
	@scripts/coverage.sh

deps:
	@scripts/install-deps.sh

base: deps
	@scripts/prepare-base.sh

tree: base
	@scripts/apply-series.sh

export:
	@scripts/export-series.sh

mails:
	@scripts/prepare-mails.py --out $(or $(OUT),build/mails)

clean:
	rm -rf build/results build/logs

distclean:
	rm -rf build
