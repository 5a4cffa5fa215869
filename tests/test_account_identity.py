"""One identity for accounts: a key, a unique name or an id finds one account; a shared name is refused with candidates."""

from __future__ import annotations

import pytest

from org_components.graph.accounts import AccountLookupError, find_account
from org_components.graph.from_spec import graph_from_spec
from org_components.spec import load_spec


@pytest.fixture
def graph(example_spec):
    infrastructure = next(unit for unit in example_spec["units"] if unit["name"] == "Infrastructure")
    shared = next(account for account in infrastructure["accounts"] if account["name"] == "shared-services")
    shared.update(key="shared-services-011089430137", id="011089430137")
    sandbox = next(unit for unit in example_spec["units"] if unit["name"] == "Sandbox")
    sandbox["accounts"].append(
        {"name": "shared-services", "key": "shared-services-042745362408", "id": "042745362408", "email": "aws+ss2@example.com"}
    )
    return graph_from_spec(load_spec(example_spec))


@pytest.mark.parametrize("reference", ["shared-services-042745362408", "042745362408"])
def test_a_key_or_an_id_finds_the_account(graph, reference):
    account = find_account(graph, reference, "the spec")
    assert (account.logical_key, account.known_id, account.key) == (
        "shared-services-042745362408",
        "042745362408",
        "organization.units[Sandbox].accounts[1]",
    )


def test_a_unique_name_finds_the_account(graph):
    assert find_account(graph, "web-prod", "the spec").key == "organization.units[Workloads].units[Prod].accounts[0]"


def test_a_shared_name_is_ambiguous_and_lists_the_candidates(graph):
    with pytest.raises(AccountLookupError) as raised:
        find_account(graph, "shared-services", "the spec")
    assert str(raised.value) == (
        "account 'shared-services' is ambiguous in the spec: 2 accounts bear that name (key 'shared-services-011089430137' in "
        "/Infrastructure (id 011089430137); key 'shared-services-042745362408' in /Sandbox (id 042745362408)); give its key or its id."
    )


def test_an_unknown_account_lists_what_exists(graph):
    with pytest.raises(AccountLookupError) as raised:
        find_account(graph, "nobody", "the spec")
    assert str(raised.value).startswith("account 'nobody' is not in the spec; its accounts are log-archive, network-prod, ")
