"""Rules: sharing."""
