# The GEM VRAM lazy-unmapping series: entry points. See README.md.
.PHONY: all run kunit check bench coverage deps base tree export mails clean distclean help

all: help

help:
	@echo "make run      the demo: boot the patched kernel on QEMU's bochs-display and test it"
	@echo "make kunit    build the patched kernel (UML) and run the GEM VRAM helper's KUnit suite"
	@echo "make check    every check; ends with 'N passed, N failed'"
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
