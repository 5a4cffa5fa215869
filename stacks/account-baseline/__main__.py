"""The account-baseline stack: a team OU and its accounts, parented to an OU of the organization stack."""

from org_components.programs.account_baseline import main

main()
