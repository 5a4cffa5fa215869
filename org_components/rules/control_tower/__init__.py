"""Rules of living beside AWS Control Tower (ORG6xxx): its SCPs, its governed OUs and enrolled accounts, its Regions."""
