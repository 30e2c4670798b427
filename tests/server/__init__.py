"""Server tests: a real server on loopback, real wslink clients."""
