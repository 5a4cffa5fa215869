"""Rules of living beside AWS Control Tower (ORG8xxx): its SCPs, its governed OUs and enrolled accounts, its Regions."""
