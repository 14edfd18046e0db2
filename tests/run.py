#!/usr/bin/python3
"""Run the workspace's own tests (tests/test_*.py) and print one result line per test."""
import contextlib
import io
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    suite = unittest.defaultTestLoader.discover(HERE, pattern="test_*.py")
    tests = list(iter_tests(suite))
    result = unittest.TestResult()
    # What the code under test prints is not a result line.
    with contextlib.redirect_stdout(io.StringIO()):
        suite.run(result)
    bad = {t.id(): tb for t, tb in result.failures + result.errors}
    for test in tests:
        status = "FAIL" if test.id() in bad else "PASS"
        print(f"{status}\t{test.id()}")
        if test.id() in bad:
            print(bad[test.id()], file=sys.stderr)
    return 0


def iter_tests(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from iter_tests(item)
        else:
            yield item


if __name__ == "__main__":
    sys.exit(main())
