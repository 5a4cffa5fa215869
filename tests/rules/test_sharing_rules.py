"""Rules of RAM resource sharing (ORG4xxx)."""

from __future__ import annotations

from org_fixture import findings, not_applicable, urn

from org_components.types import AWS_RAM_PRINCIPAL_ASSOCIATION, AWS_RAM_RESOURCE_SHARE, AWS_RAM_SHARING_WITH_ORGANIZATION


def test_no_share_no_rule(org):
    assert not_applicable("ram-external-principals", org.graph()) == "the stack shares nothing through RAM"
    assert not_applicable("ram-organization-sharing", org.graph()) == "the stack shares with no principal through RAM"


def test_allow_external_principals_must_be_set(org):
    org.share("unset")
    org.share("internal", allowExternalPrincipals=False)
    assert findings("ram-external-principals", org.graph()) == {
        (
            urn(AWS_RAM_RESOURCE_SHARE, "unset"),
            "Resource share 'unset' must set allowExternalPrincipals explicitly; the AWS default is true.",
        )
    }


def test_external_principals_need_the_allowlist(org):
    org.share("partner", allowExternalPrincipals=True)
    org.share_with("partner", "999999999999")
    org.share_with("partner", "888888888888")
    message = "Resource share 'partner' must set allowExternalPrincipals to false; it shares with 888888888888, 999999999999, not in the allowlist."
    assert findings("ram-external-principals", org.graph()) == {(urn(AWS_RAM_RESOURCE_SHARE, "partner"), message)}
    assert findings("ram-external-principals", org.graph(), {"allowedExternalPrincipals": ["999999999999", "888888888888"]}) == set()


def test_organization_principals_need_sharing_with_the_organization(org):
    org.share("subnets", allowExternalPrincipals=False)
    association = org.share_with("subnets", "arn:aws:organizations::111111111111:ou/o-abc/ou-ab12-11111111", principal_from="Workloads")
    assert findings("ram-organization-sharing", org.graph()) == {
        (
            association,
            "Sharing with an organization or OU must have RAM sharing with AWS Organizations enabled; this stack does not enable it and the pack's organizationSharingEnabled is false.",
        )
    }
    assert findings("ram-organization-sharing", org.graph(), {"organizationSharingEnabled": True}) == set()
    org.other(AWS_RAM_SHARING_WITH_ORGANIZATION, "sharing")
    assert findings("ram-organization-sharing", org.graph()) == set()
    assert association.startswith(f"urn:pulumi:test::org::{AWS_RAM_PRINCIPAL_ASSOCIATION}")
