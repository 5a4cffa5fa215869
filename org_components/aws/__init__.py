"""AWS's facts, one home each: quotas, policy types, create-only properties, service principals, ARN formats and
documentation pages, each with the page it was read from and the date it was last checked there.

AWS changes these facts (SCPs per target went from 5 to 10 and SCP size from 5,120 to 10,240 characters on
2026-05-15; new policy types arrive every few months). A stale fact refuses a valid organization, so every row
names its page and check date, and ``tests/test_aws_facts.py`` fails when the pulumi-aws provider or botocore's
Organizations model know a policy type the table does not. Enums and schemas are derived from these tables, never
re-listed.

Quotas can still be overridden (the spec's ``limits``, the policy pack's config) for an organization whose
quota AWS raised on request; ``limits.resolve_limits`` validates the overrides.

The modules import nothing of the rest of the library, so that anything can import them.
"""
