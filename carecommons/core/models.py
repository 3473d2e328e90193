"""Core has no tables of its own: it holds the page template, sign-in, health and shared helpers."""
