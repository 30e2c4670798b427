"""The web-app server core: a trame-compatible ``Server`` on wslink and aiohttp."""
