"""AWS Control Tower: the SCPs it manages, its quotas, its baselines and its Account Factory."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .limit import Limit
from .pages import CONTROL_TOWER_GUIDE

# AWS Control Tower, checked 2026-12-06. Control Tower implements each preventive control it enables on an OU (the
# mandatory ones of every registered OU included) as statements of SCPs it creates and attaches itself, named
# ``aws-guardrails-`` and a random suffix; those SCPs count against the OU's SCP quota with the organization's own.
# Its user guide, "Limitations and quotas in AWS Control Tower": "A limit of 5 SCPs per OU applies to OUs in your AWS
# Control Tower landing zone." Control Tower packs its controls into as few SCPs as their size allows, so it uses from
# 1 SCP per registered OU (the mandatory controls) up to that limit; how many it uses on one OU is read from the
# organization (`import`), not guessed.
CONTROL_TOWER_CHECKED = "2026-12-06"
CONTROL_TOWER_LIMITS_PAGE = f"{CONTROL_TOWER_GUIDE}/limits.html"
CONTROL_TOWER_SCP_PREFIX = "aws-guardrails-"
CONTROL_TOWER_LIMITS: tuple[Limit, ...] = (
    Limit(
        "controlTowerScpsPerOu",
        5,
        "SCPs attached to one OU registered with AWS Control Tower (its own and the organization's)",
        CONTROL_TOWER_LIMITS_PAGE,
        CONTROL_TOWER_CHECKED,
    ),
)
# The baselines an OU is registered with (EnableBaseline on the OU), from "Types of baselines" and "Examples for baseline
# API usage": AWSControlTowerBaseline registers an OU and enrolls its accounts; its ARN is
# arn:aws:controltower:<home Region>::baseline/17BSJV3IGJ2QSGA2. IdentityCenterBaseline (LN25R72TTG6IGPTQ) is the
# landing zone's, given to AWSControlTowerBaseline as its IdentityCenterEnabledBaselineArn parameter.
CONTROL_TOWER_BASELINES_PAGE = f"{CONTROL_TOWER_GUIDE}/types-of-baselines.html"
CONTROL_TOWER_BASELINE_IDS: Mapping[str, str] = MappingProxyType(
    {"AWSControlTowerBaseline": "17BSJV3IGJ2QSGA2", "IdentityCenterBaseline": "LN25R72TTG6IGPTQ"}
)
REGISTERING_BASELINE = "AWSControlTowerBaseline"
# The Account Factory is a Service Catalog product ("AWS Control Tower Account Factory") whose provisioning parameters
# are the new account's: AccountName, AccountEmail, ManagedOrganizationalUnit ("Name (ou-id)"), SSOUserEmail,
# SSOUserFirstName, SSOUserLastName ("Provision accounts with AWS Service Catalog Account Factory").
ACCOUNT_FACTORY_PAGE = f"{CONTROL_TOWER_GUIDE}/provision-as-end-user.html"
ACCOUNT_FACTORY_PRODUCT = "AWS Control Tower Account Factory"


def is_control_tower_policy_name(name: object) -> bool:
    """Whether a policy name is one Control Tower gives the SCPs it manages."""
    return isinstance(name, str) and name.startswith(CONTROL_TOWER_SCP_PREFIX)
