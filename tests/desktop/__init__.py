"""Desktop tests: real windows under Xvfb."""
