"""Rules: policies."""
