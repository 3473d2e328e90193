"""Insight computes measures from the work itself; it stores nothing of its own yet."""
