"""Rules: organization-wide security services (GuardDuty, Security Hub, Config, CloudTrail, Inspector, Macie, IAM
Access Analyzer) run from delegated administrators."""
