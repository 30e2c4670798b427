"""The test suite, a package: shared helpers in tests/support, one folder per tier."""
