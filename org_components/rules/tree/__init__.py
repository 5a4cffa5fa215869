"""Rules: tree."""
