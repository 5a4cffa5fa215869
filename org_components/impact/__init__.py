"""Change impact: which accounts gain or lose which permissions between two versions of an organization spec."""
