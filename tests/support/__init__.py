"""Helpers shared by the test tiers and the benchmarks: waits, processes, displays, wire clients."""
