"""The organization program's security services: each service of the spec's ``securityServices`` on its components,
run from its administrator through one provider per administrator account and Region.

Delegations: GuardDuty, Security Hub, Inspector and Macie register their administrator with AWS Organizations through
their own designation (made from the management account); Config and IAM Access Analyzer need AWS Organizations'
delegation, which is made here unless ``delegatedAdministrators`` already makes it (then that one is waited for, never
made twice: rule ORG7003 keeps both naming the same account).
"""

from __future__ import annotations

from typing import Any

import pulumi

from ..aws.security_services import SECURITY_SERVICES
from ..aws.service_principals import CONFIG_CONFORMANCE_PACKS_PRINCIPAL
from ..components.security import (
    AccessAnalyzer,
    AccessAnalyzerArgs,
    ConfigAggregation,
    ConfigAggregationArgs,
    ConfigurationPolicy,
    ConformancePack,
    GuardDuty,
    GuardDutyArgs,
    Inspector,
    InspectorArgs,
    Macie,
    MacieArgs,
    OrganizationTrail,
    OrganizationTrailArgs,
    SecurityHub,
    SecurityHubArgs,
    SecurityServices,
)
from ..spec import OrganizationSpec
from ..spec.security_services import SecurityServicesSpec


def build_security_services(spec: OrganizationSpec, built: Any, account_of: Any, target_of: Any) -> SecurityServices:
    """Register ``spec.security_services`` under ``built.organization``; ``account_of``: an account of the spec by key,
    name or id; ``target_of``: a policy target (OU path, ``/``, account name or id) as the program resolves it."""
    services: SecurityServicesSpec = spec.security_services  # type: ignore[assignment]
    organization = built.organization
    parent = SecurityServices("security-services", services.administrator_role_name, pulumi.ResourceOptions(parent=organization))
    providers = parent.providers
    in_parent = pulumi.ResourceOptions(parent=parent)
    # The delegations the spec's delegatedAdministrators made, by service principal.
    declared = {
        delegation.service_principal: made
        for delegation, made in zip(spec.delegated_administrators, organization.delegated_administrators, strict=True)
    }

    def delegated(account: Any, *principals: str) -> list[pulumi.Resource]:
        found = []
        for principal in principals:
            if principal not in declared:
                declared[principal] = organization.delegate_administrator(account, principal)
            found.append(declared[principal])
        return found

    def waits_for(principal: str) -> list[pulumi.Resource]:
        return [organization.resource, *([declared[principal]] if principal in declared else [])]

    home = services.home
    if (guard := services.guard_duty) is not None:
        GuardDuty(
            "guardduty",
            GuardDutyArgs(
                account_of(guard.administrator),
                services.regions_of(guard),
                guard.auto_enable,
                dict(guard.features),
                waits_for(_principal("guardDuty")),
            ),
            providers,
            in_parent,
        )
    if (hub := services.security_hub) is not None:
        central = hub.central_configuration
        policies = [
            ConfigurationPolicy(
                policy.name,
                [(target.strip("/") or "root", target_of(target)) for target in policy.targets],
                policy.enabled,
                policy.standards,
                policy.disabled_controls,
                policy.description,
            )
            for policy in (central.policies if central is not None else ())
        ]
        regions = services.regions_of(hub)
        SecurityHub(
            "securityhub",
            SecurityHubArgs(
                account_of(hub.administrator),
                regions,
                home if home in regions else regions[0],
                policies,
                True if hub.auto_enable is None else hub.auto_enable,
                hub.auto_enable_standards or "DEFAULT",
                waits_for(_principal("securityHub")),
            ),
            providers,
            in_parent,
        )
    if (config := services.config) is not None:
        administrator = account_of(config.administrator)
        principals = [_principal("config"), *([CONFIG_CONFORMANCE_PACKS_PRINCIPAL] if config.conformance_packs else [])]
        regions = services.regions_of(config)
        ConfigAggregation(
            "config",
            ConfigAggregationArgs(
                administrator,
                regions,
                home if home in regions else regions[0],
                config.aggregator_name,
                [
                    ConformancePack(
                        pack.name, pack.template_body, pack.template_s3_uri, [account_of(key).id for key in pack.excluded_accounts]
                    )
                    for pack in config.conformance_packs
                ],
                delegated(administrator, *principals),
            ),
            providers,
            in_parent,
        )
    if (trail := services.cloud_trail) is not None:
        OrganizationTrail(
            "organization-trail",
            OrganizationTrailArgs(
                account_of(trail.bucket_account),
                trail.bucket_name,
                home,
                organization.id,
                organization.management_account_id,
                trail.name,
                trail.multi_region,
                (organization.resource,),
            ),
            providers,
            in_parent,
        )
    if (inspector := services.inspector) is not None:
        scans = inspector.auto_enable
        Inspector(
            "inspector",
            InspectorArgs(
                account_of(inspector.administrator),
                services.regions_of(inspector),
                scans.ec2,
                scans.ecr,
                scans.lambda_,
                scans.lambda_code,
                scans.code_repository,
                waits_for(_principal("inspector")),
            ),
            providers,
            in_parent,
        )
    if (macie := services.macie) is not None:
        Macie(
            "macie",
            MacieArgs(account_of(macie.administrator), services.regions_of(macie), macie.auto_enable, waits_for(_principal("macie"))),
            providers,
            in_parent,
        )
    if (analyzer := services.access_analyzer) is not None:
        administrator = account_of(analyzer.administrator)
        AccessAnalyzer(
            "access-analyzer",
            AccessAnalyzerArgs(
                administrator,
                services.regions_of(analyzer),
                analyzer.analyzer_name,
                analyzer.type,
                delegated(administrator, _principal("accessAnalyzer")),
            ),
            providers,
            in_parent,
        )
    parent.register_outputs({})
    return parent


def _principal(service: str) -> str:
    principal = SECURITY_SERVICES[service].administrator_principal
    assert principal is not None  # every delegated service has one (only the trail has none)
    return principal
