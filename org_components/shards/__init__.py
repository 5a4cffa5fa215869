"""Shards: one organization spec deployed by a core stack and shard stacks (README, "Organizations of 100,000 accounts")."""
