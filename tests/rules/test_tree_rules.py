"""Rules of the OU tree and accounts (ORG2xxx): pass and fail, at a first preview and with ids known."""

from __future__ import annotations

import pytest
from org_fixture import OrgFixture, findings, urn

from org_components.types import AWS_ACCOUNT, AWS_ORGANIZATIONAL_UNIT
from org_components.unknown import UNKNOWN


def test_the_example_passes_every_tree_rule(org):
    graph = org.graph()
    for name in ("ou-depth", "ou-sibling-names-unique", "parent-resolves", "account-unique", "account-fields", "ou-name", "tags-valid"):
        assert findings(name, graph) == set(), name


def test_ou_depth(org):
    parent = "Prod"
    for level in range(3, 7):  # Prod is level 2
        org.ou(f"L{level}", parent)
        parent = f"L{level}"
    assert findings("ou-depth", org.graph()) == {
        (urn(AWS_ORGANIZATIONAL_UNIT, "L6"), "OU '/Workloads/Prod/L3/L4/L5/L6' is 6 levels below the root; AWS allows at most 5.")
    }
    assert findings("ou-depth", org.graph(), {"ouDepth": 6}) == set()


def test_ou_sibling_names_unique(org):
    org.ou("Prod-2", "Workloads", name="Prod")
    assert findings("ou-sibling-names-unique", org.graph()) == {
        (urn(AWS_ORGANIZATIONAL_UNIT, "Prod"), "OU name 'Prod' is used by 2 OUs under '/Workloads'; sibling OU names must be unique.")
    }


def test_same_name_under_different_parents_is_fine(org):
    org.ou("Prod-security", "Security", name="Prod")
    assert findings("ou-sibling-names-unique", org.graph()) == set()


@pytest.mark.parametrize("mode", ["preview", "update"])
def test_parent_from_a_foreign_resource(mode):
    fixture = OrgFixture(mode)
    fixture.organization()
    fixture.other("aws:s3/bucket:Bucket", "bucket")
    account_urn = fixture.account("orphan", "org")
    fixture.rewire("orphan", "parentId", UNKNOWN, depends_on=["bucket"])
    assert findings("parent-resolves", fixture.graph()) == {
        (
            account_urn,
            "Account 'orphan' has a parentId that comes from a aws:s3/bucket:Bucket, not from the root or an OU; it must be placed under the root or an OU of this organization.",
        )
    }


def test_parent_id_of_another_organization(org):
    stray = org.account("stray", "org")
    org.rewire("stray", "parentId", "ou-zz99-99999999")
    assert findings("parent-resolves", org.graph()) == {
        (
            stray,
            "Account 'stray' has parentId 'ou-zz99-99999999', which is not the root or an OU of this organization; it must be placed under the root or an OU of this organization.",
        )
    }


def test_a_root_id_written_by_hand_is_the_root_of_the_stack_organization(org):
    org.account("by-hand", "org")
    org.rewire("by-hand", "parentId", "r-ab12")
    assert findings("parent-resolves", org.graph()) == set()


def test_in_a_stack_without_the_organization_only_the_id_form_is_checked():
    fixture = OrgFixture("update")
    fixture._add(AWS_ORGANIZATIONAL_UNIT, "team", {"name": "Team", "parentId": "ou-ab12-22222222"})
    fixture._add(AWS_ORGANIZATIONAL_UNIT, "bad", {"name": "Bad", "parentId": "p-12345678"})
    assert findings("parent-resolves", fixture.graph()) == {
        (
            urn(AWS_ORGANIZATIONAL_UNIT, "bad"),
            "OU 'Bad' has parentId 'p-12345678', which is neither a root id (r-...) nor an OU id (ou-...); it must be placed under the root or an OU of this organization.",
        )
    }


def test_account_unique(org):
    org.account("web-prod-again", "Security", name="web-prod", email="AWS+web-prod@example.com")
    twin = urn(AWS_ACCOUNT, "web-prod-again")
    assert findings("account-unique", org.graph()) == {
        (twin, "account email 'AWS+web-prod@example.com' is already declared at resource 'web-prod'; each must be unique."),
        (twin, "account name 'web-prod' is already declared at resource 'web-prod'; each must be unique."),
    }


def test_account_fields(org):
    org.account("bad", "Prod", name="x" * 51, email="bad-email", roleName="Admin/Role")
    bad = urn(AWS_ACCOUNT, "bad")
    assert findings("account-fields", org.graph()) == {
        (bad, f"Account name '{'x' * 51}' is 51 characters long; AWS allows at most 50."),
        (bad, "Account email 'bad-email' does not match the AWS Email pattern [^\\s@]+@[^\\s@]+\\.[^\\s@]+."),
        (bad, "Account role name 'Admin/Role' does not match the AWS RoleName pattern [\\w+=,.@-]{1,64}."),
    }


def test_unknown_names_are_not_judged(org):
    org.account("later", "Prod", name=UNKNOWN, email=UNKNOWN)
    assert findings("account-fields", org.graph()) == set()
    assert findings("account-unique", org.graph()) == set()


def test_ou_name(org):
    org.ou("long", "Workloads", name="n" * 129)
    assert findings("ou-name", org.graph()) == {
        (urn(AWS_ORGANIZATIONAL_UNIT, "long"), "OU name '" + "n" * 129 + "' is 129 characters long; AWS allows at most 128.")
    }


def test_tags_valid(org):
    org.account("tagged", "Prod", tags={"cost#center": "web", "team": "v" * 257})
    assert findings("tags-valid", org.graph()) == {
        (urn(AWS_ACCOUNT, "tagged"), "Tag key 'cost#center' does not match the AWS TagKey pattern ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$."),
        (urn(AWS_ACCOUNT, "tagged"), f"Tag value '{'v' * 257}' of 'team' is 257 characters long; AWS allows at most 256."),
    }


def test_adopted_accounts_that_share_a_name_are_distinct(org):
    """`import` keys accounts that share a name `name-id`; the pack sees no ids, but the resource name carries them."""
    org.account("shared-services-011089430137", "Security", name="shared-services", email="aws+ss1@example.com")
    org.account("shared-services-042745362408", "Prod", name="shared-services", email="aws+ss2@example.com")
    assert findings("account-unique", org.graph()) == set()


def test_a_name_id_key_that_is_not_an_id_is_no_adoption(org):
    org.account("shared-services-011089430137", "Security", name="shared-services", email="aws+ss1@example.com")
    org.account("shared-services-copy", "Prod", name="shared-services", email="aws+ss2@example.com")
    assert findings("account-unique", org.graph()) == {
        (
            urn(AWS_ACCOUNT, "shared-services-copy"),
            "account name 'shared-services' is already declared at resource 'shared-services-011089430137'; each must be unique.",
        )
    }
