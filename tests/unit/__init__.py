"""The fast tier: pure modules, no browser, no display."""
