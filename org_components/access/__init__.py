"""Who gets into which accounts, with which permissions: IAM Identity Center over the organization."""
