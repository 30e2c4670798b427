"""Browser tests: the built client and trame's in Debian's Chromium, driven by Playwright."""
