"""Rules: organization."""
