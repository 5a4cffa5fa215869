"""Backup policies in an import. moto's server refuses CreatePolicy for BACKUP_POLICY ("has not been implemented"),
so this path runs against botocore's Stubber instead: the responses below are the documented shapes of the
Organizations API for a root with one backup policy, and every call the reader makes is expected in order (list calls
ask for the largest page, 20)."""

from __future__ import annotations

import json

from botocore.stub import Stubber

from org_components.live.client import OrganizationsClient
from org_components.live.reader import read_organization
from org_components.live.to_spec import spec_from_live

BACKUP = json.dumps({"plans": {"daily": {"regions": {"@@assign": ["eu-west-1"]}}}})
ORG = {
    "Id": "o-a1b2c3d4e5",
    "Arn": "arn:aws:organizations::111111111111:organization/o-a1b2c3d4e5",
    "FeatureSet": "ALL",
    "MasterAccountId": "111111111111",
    "MasterAccountArn": "arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/111111111111",
    "MasterAccountEmail": "root@example.com",
}
ROOT = {
    "Id": "r-ab12",
    "Arn": "arn:aws:organizations::111111111111:root/o-a1b2c3d4e5/r-ab12",
    "Name": "Root",
    "PolicyTypes": [{"Type": "BACKUP_POLICY", "Status": "ENABLED"}],
}
SUMMARY = {
    "Id": "p-backup01",
    "Arn": "arn:aws:organizations::111111111111:policy/o-a1b2c3d4e5/backup_policy/p-backup01",
    "Name": "daily-backups",
    "Description": "Daily",
    "Type": "BACKUP_POLICY",
    "AwsManaged": False,
}


def test_a_backup_policy_is_imported_with_its_exact_content(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    client = OrganizationsClient(region="eu-west-1")
    with Stubber(client.raw) as stub:
        stub.add_response("describe_organization", {"Organization": ORG})
        stub.add_response("list_roots", {"Roots": [ROOT]})
        stub.add_response("list_organizational_units_for_parent", {"OrganizationalUnits": []}, {"ParentId": "r-ab12", "MaxResults": 20})
        stub.add_response("list_accounts_for_parent", {"Accounts": []}, {"ParentId": "r-ab12", "MaxResults": 20})
        stub.add_response("list_policies", {"Policies": [SUMMARY]}, {"Filter": "BACKUP_POLICY", "MaxResults": 20})
        stub.add_response("describe_policy", {"Policy": {"PolicySummary": SUMMARY, "Content": BACKUP}}, {"PolicyId": "p-backup01"})
        stub.add_response(
            "list_targets_for_policy",
            {"Targets": [{"TargetId": "r-ab12", "Arn": ROOT["Arn"], "Name": "Root", "Type": "ROOT"}]},
            {"PolicyId": "p-backup01", "MaxResults": 20},
        )
        stub.add_response("list_tags_for_resource", {"Tags": []}, {"ResourceId": "r-ab12"})
        stub.add_response("list_tags_for_resource", {"Tags": [{"Key": "owner", "Value": "backup"}]}, {"ResourceId": "p-backup01"})
        stub.add_response(
            "list_aws_service_access_for_organization", {"EnabledServicePrincipals": [{"ServicePrincipal": "backup.amazonaws.com"}]}
        )
        stub.add_response("list_delegated_administrators", {"DelegatedAdministrators": []})
        live = read_organization(client)
        stub.assert_no_pending_responses()
    assert client.calls == 11
    spec = spec_from_live(live).spec
    assert spec["enabledPolicyTypes"] == ["BACKUP_POLICY"]
    assert spec["policies"] == [
        {
            "name": "daily-backups",
            "type": "BACKUP_POLICY",
            "content": BACKUP,
            "description": "Daily",
            "targets": ["/"],
            "id": "p-backup01",
            "tags": {"owner": "backup"},
        }
    ]
