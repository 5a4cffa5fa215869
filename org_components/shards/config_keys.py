"""The stack config keys that make a stack one shard of a sharded organization. The organization program reads them
to know which part it registers; the commands that run every stack read them to find the shards."""

from __future__ import annotations

SHARD_KEY = "shard"  # config: the shard this stack runs (unset: the core stack)
CORE_STACK_KEY = "coreStack"  # config of a shard stack: the core stack's name, e.g. acme/aws-organization/core
