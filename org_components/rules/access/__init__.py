"""Rules: access (IAM Identity Center)."""
