"""Management policies (every type but SCP and RCP): the grammar, the schema of each type, and changes AWS ignores."""

from __future__ import annotations

import pytest
from management_documents import VALID
from org_fixture import OrgFixture, findings, urn

from org_components.policy_language.management_schemas import SCHEMAS
from org_components.types import AWS_POLICY, AWS_POLICY_ATTACHMENT, PolicyType

# One mistake per type: the policy, and the one mandatory message it must get.
INVALID = {
    "TAG_POLICY": (
        {"tags": {"env": {"tag_key": {"@@asign": "env"}}}},
        "TAG policy 'p' at tags.env.tag_key.@@asign: '@@asign' is not an inheritance operator; did you mean '@@assign'?",
    ),
    "BACKUP_POLICY": (
        {
            "plans": {
                "p1": {
                    "regions": {"@@assign": ["us-east-1"]},
                    "selections": {},
                    "rules": {
                        "r": {"schedule_expression": {"@@assign": "cron(0 5 ? * * *)"}, "target_backup_vault_name": {"@@append": ["v"]}}
                    },
                }
            }
        },
        "BACKUP policy 'p' at plans.p1.rules.r.target_backup_vault_name.@@append: @@append works on lists only; this setting holds one value, so use @@assign.",
    ),
    "AISERVICES_OPT_OUT_POLICY": (
        {"services": {"default": {"opt_out_policy": {"@@assign": "optout"}}}},
        "AI-OPT-OUT policy 'p' at services.default.opt_out_policy.@@assign: 'optout' is not one of optOut, optIn.",
    ),
    "CHATBOT_POLICY": (
        {"chatbot": {"default": {"client": {"@@assign": "off"}}}},
        "CHATBOT policy 'p' at chatbot.default.client.@@assign: 'off' is not one of enabled, disabled.",
    ),
    "DECLARATIVE_POLICY_EC2": (
        {"ec2_attributes": {"instance_metadata_defaults": {"http_put_response_hop_limit": {"@@assign": 65}}}},
        "EC2 policy 'p' at ec2_attributes.instance_metadata_defaults.http_put_response_hop_limit.@@assign: 65 must be a whole number from -1 to 64.",
    ),
    "SECURITYHUB_POLICY": (
        {"securityhub": {"enable_in_regions": {"@@assign": ["us-east-1"]}}},
        "SECURITYHUB policy 'p' at securityhub: must have 'disable_in_regions'.",
    ),
    "INSPECTOR_POLICY": (
        {
            "inspector": {
                "enablement": {"ec2_scanning": {"enable_in_regions": {"@@assign": ["us-east"]}, "disable_in_regions": {"@@assign": []}}}
            }
        },
        "INSPECTOR policy 'p' at inspector.enablement.ec2_scanning.enable_in_regions.@@assign: 'us-east' is not a Region name such as us-east-1.",
    ),
    "BEDROCK_POLICY": (
        {
            "bedrock": {
                "guardrail_inference": {"us-east-1": {"config_1": {"selective_content_guarding": {"system": {"@@assign": "selective"}}}}}
            }
        },
        "BEDROCK policy 'p' at bedrock.guardrail_inference.us-east-1.config_1: must have 'identifier'.",
    ),
    "S3_POLICY": (
        {"s3_attributes": {"public_access_block_configuration": "all"}},
        "S3 policy 'p' at s3_attributes.public_access_block_configuration: must be an operator block such as {\"@@assign\": ...}, not the bare value 'all'.",
    ),
    "UPGRADE_ROLLOUT_POLICY": (
        {
            "upgrade_rollout": {
                "default": {"patch_order": {"@@assign": "second", "@@operators_allowed_for_child_policies": ["@@all", "@@assign"]}}
            }
        },
        "UPGRADE-ROLLOUT policy 'p' at upgrade_rollout.default.patch_order.@@operators_allowed_for_child_policies: ['@@all', '@@assign'] mixes @@all or @@none with other operators; each must stand alone.",
    ),
}


def _graph(policy_type: str, document, mode: str = "preview"):
    fixture = OrgFixture(mode)
    fixture.organization()
    fixture.policy("p", document, type=policy_type)
    return fixture.graph()


def test_every_management_type_has_a_schema_and_fixtures():
    management = {t.value for t in PolicyType} - {"SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"}
    assert set(SCHEMAS) == set(VALID) == set(INVALID) == management


@pytest.mark.parametrize("policy_type", sorted(VALID))
def test_a_documented_policy_of_each_type_passes(policy_type):
    graph = _graph(policy_type, VALID[policy_type])
    assert findings("management-policy-grammar", graph) == set()
    assert findings("management-policy-keys", graph) == set()


@pytest.mark.parametrize("policy_type", sorted(INVALID))
def test_a_mistake_in_each_type_is_mandatory(policy_type):
    document, message = INVALID[policy_type]
    assert findings("management-policy-grammar", _graph(policy_type, document)) == {(urn(AWS_POLICY, "p"), message)}


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            {"tags": {"costcenter": {"tag_key": {"@@assign": "CostCentre"}}}},
            "TAG policy 'p' at tags.costcenter.tag_key: 'CostCentre' must name the same tag as its policy key 'costcenter', differing at most in case.",
        ),
        (
            {"tags": {"env": {"tag_value": {"@@assign": ["prod*", "*dev*"]}}}},
            "TAG policy 'p' at tags.env.tag_value.@@assign: '*dev*' has 2 wildcards; AWS allows one per value.",
        ),
        (
            {"tags": {"env": {"enforced_for": {"@@assign": ["ec2 instance"]}}}},
            "TAG policy 'p' at tags.env.enforced_for.@@assign: 'ec2 instance' must have the form service:resourceType, service:ALL_SUPPORTED or service:*.",
        ),
        (
            {"tags": {"env": {"enforced_for": {"@@assign": ["*"]}}}},
            "TAG policy 'p' at tags.env.enforced_for.@@assign: '*' must have the form service:resourceType, service:ALL_SUPPORTED or service:*.",
        ),
        (
            {"tags": {"env": {"tag_key": {"@@replace": "env"}}}},
            "TAG policy 'p' at tags.env.tag_key.@@replace: '@@replace' is not an inheritance operator; allowed here are @@assign, @@operators_allowed_for_child_policies.",
        ),
        (
            {"tags": {"env": {"tag_value": {"@@operators_allowed_for_child_policies": ["@@apend"]}}}},
            "TAG policy 'p' at tags.env.tag_value.@@operators_allowed_for_child_policies: allows '@@apend', which is not an inheritance operator; did you mean '@@append'?",
        ),
        (
            {"tags": {"env": {"tag_key": {"@@assign": "env"}}}, "Tags": {}},
            "TAG policy 'p' at Tags: 'Tags' is not a key AWS documents here; did you mean 'tags'? (known: tags).",
        ),
        (
            {"tags": {"@@assign": {"env": {}}}},
            "TAG policy 'p' at tags.@@assign: @@assign is not allowed here; allowed are @@operators_allowed_for_child_policies.",
        ),
    ],
)
def test_tag_policy_mistakes(document, message):
    assert findings("management-policy-grammar", _graph("TAG_POLICY", document)) == {(urn(AWS_POLICY, "p"), message)}


def test_a_key_within_two_edits_of_a_known_key_is_mandatory_with_a_suggestion():
    graph = _graph("TAG_POLICY", {"tags": {"env": {"tag_key": {"@@assign": "env"}, "tag_values": {"@@assign": ["prod"]}}}})
    assert findings("management-policy-keys", graph) == set()
    assert findings("management-policy-grammar", graph) == {
        (
            urn(AWS_POLICY, "p"),
            "TAG policy 'p' at tags.env.tag_values: 'tag_values' is not a key AWS documents here; did you mean 'tag_value'? "
            "(known: tag_key, tag_value, enforced_for, report_required_tag_for).",
        )
    }


def test_another_unknown_key_is_advisory():
    graph = _graph("TAG_POLICY", {"tags": {"env": {"tag_key": {"@@assign": "env"}, "tag_description": {"@@assign": "x"}}}})
    assert findings("management-policy-grammar", graph) == set()
    assert findings("management-policy-keys", graph) == {
        (
            urn(AWS_POLICY, "p"),
            "TAG policy 'p' at tags.env.tag_description: 'tag_description' is not a key AWS documents here "
            "(known: tag_key, tag_value, enforced_for, report_required_tag_for).",
        )
    }


def _restricted(mode: str) -> OrgFixture:
    """AWS's "Inheritance examples" Example 4: the root locks tag_key; an OU tries to change it and appends a value."""
    fixture = OrgFixture(mode)
    fixture.organization()
    fixture.ou("Workloads", "org")
    fixture.account("web", "Workloads")
    fixture.policy(
        "E",
        {
            "tags": {
                "project": {
                    "tag_key": {"@@operators_allowed_for_child_policies": ["@@none"], "@@assign": "Project"},
                    "tag_value": {"@@operators_allowed_for_child_policies": ["@@append"], "@@assign": ["Maintenance", "Escalations"]},
                }
            }
        },
        type="TAG_POLICY",
    )
    fixture.policy(
        "F",
        {"tags": {"project": {"tag_key": {"@@assign": "PROJECT"}, "tag_value": {"@@append": ["Escalations - research"]}}}},
        type="TAG_POLICY",
    )
    fixture.attach("E", "org")
    fixture.attach("F", "Workloads")
    return fixture


@pytest.mark.parametrize("mode", ["preview", "update", "ids"])
def test_child_change_forbidden_by_a_parent_is_reported(mode):
    assert findings("child-policy-change-ignored", _restricted(mode).graph()) == {
        (
            urn(AWS_POLICY_ATTACHMENT, "F@Workloads"),
            "TAG policy 'F' attached to OU '/Workloads' must not rely on its @@assign at tags.project.tag_key: AWS ignores it, "
            "because policy 'E' at the root forbids lower levels any change here (@@none).",
        )
    }


def test_two_assigns_at_the_same_level_are_reported_as_aws_documents_them():
    """AWS's "Inheritance examples" Example 6: J attached first, K second, both assign tag_key at the root."""
    fixture = OrgFixture("preview")
    fixture.organization()
    fixture.policy(
        "J", {"tags": {"project": {"tag_key": {"@@assign": "PROJECT"}, "tag_value": {"@@append": ["Maintenance"]}}}}, type="TAG_POLICY"
    )
    fixture.policy("K", {"tags": {"project": {"tag_key": {"@@assign": "project"}}}}, type="TAG_POLICY")
    fixture.attach("J", "org")
    fixture.attach("K", "org")
    assert findings("child-policy-change-ignored", fixture.graph()) == {
        (
            urn(AWS_POLICY_ATTACHMENT, "K@org"),
            "TAG policies 'J' and 'K' attached to the root must not both @@assign tags.project.tag_key: AWS evaluates the policies "
            "of one target in the order they were attached and uses the value of the one attached first.",
        )
    }


def test_allowed_changes_are_not_reported():
    fixture = _restricted("preview")
    fixture.policy("F", {"tags": {"project": {"tag_value": {"@@append": ["Escalations - research"]}}}}, type="TAG_POLICY")
    assert findings("child-policy-change-ignored", fixture.graph()) == set()


# A backup plan split across levels: the root sets where and when, an OU what. AWS checks completeness on the
# effective policy of each account, so neither document alone is refused.
DAILY_WHERE_AND_WHEN = {
    "plans": {
        "daily": {
            "regions": {"@@assign": ["eu-west-1", "eu-central-1"]},
            "rules": {
                "nightly": {
                    "schedule_expression": {"@@assign": "cron(0 5 ? * * *)"},
                    "target_backup_vault_name": {"@@assign": "org-vault"},
                    "lifecycle": {"delete_after_days": {"@@assign": 35}},
                }
            },
        }
    }
}
DAILY_WHAT = {
    "plans": {
        "daily": {
            "selections": {
                "tags": {
                    "backup-tagged": {
                        "iam_role_arn": {"@@assign": "arn:aws:iam::$account:role/BackupRole"},
                        "tag_key": {"@@assign": "backup"},
                        "tag_value": {"@@assign": ["daily"]},
                    }
                }
            }
        }
    }
}


def _split_backup(mode: str) -> OrgFixture:
    fixture = OrgFixture(mode)
    fixture.organization(enabledPolicyTypes=["SERVICE_CONTROL_POLICY", "BACKUP_POLICY"])
    fixture.ou("Workloads", "org")
    fixture.ou("Prod", "Workloads")
    fixture.ou("Security", "org")
    fixture.account("web-prod", "Prod")
    for name in ("audit", "log-archive", "tooling-1", "tooling-2", "tooling-3", "tooling-4", "tooling-5"):
        fixture.account(name, "Security")
    fixture.policy("daily-where-and-when", DAILY_WHERE_AND_WHEN, type="BACKUP_POLICY")
    fixture.attach("daily-where-and-when", "org")
    fixture.policy("daily-what", DAILY_WHAT, type="BACKUP_POLICY")
    return fixture


@pytest.mark.parametrize("mode", ["preview", "update", "ids"])
def test_a_backup_plan_split_across_the_root_and_an_ou_is_valid(mode):
    fixture = _split_backup(mode)
    fixture.attach("daily-what", "Workloads")
    fixture.attach("daily-what", "Security", name="daily-what@Security")
    graph = fixture.graph()
    for rule in ("management-policy-grammar", "management-policy-keys", "backup-plan-complete", "child-policy-change-ignored"):
        assert findings(rule, graph) == set(), rule


@pytest.mark.parametrize("mode", ["preview", "update", "ids"])
def test_an_effective_backup_plan_without_selections_names_its_accounts(mode):
    fixture = _split_backup(mode)
    fixture.attach("daily-what", "Workloads")  # Security's accounts get the plan from the root without selections
    graph = fixture.graph()
    assert findings("management-policy-grammar", graph) == set()
    assert findings("backup-plan-complete", graph) == {
        (
            urn(AWS_POLICY, "daily-where-and-when"),
            "Effective backup plan 'daily' of 7 accounts (audit, log-archive, tooling-1, tooling-2, tooling-3 and 2 more) must have "
            "selections, which no backup policy from the root down sets.",
        )
    }


def test_an_effective_backup_plan_names_every_missing_element():
    fixture = OrgFixture("preview")
    fixture.organization(enabledPolicyTypes=["SERVICE_CONTROL_POLICY", "BACKUP_POLICY"])
    fixture.ou("Workloads", "org")
    fixture.account("web-prod", "Workloads")
    plan = {
        "rules": {"nightly": {"schedule_expression": {"@@assign": "cron(0 5 ? * * *)"}}},
        "selections": {"resources": {"all-ebs": {"resource_types": {"@@assign": ["arn:aws:ec2:*:*:volume/*"]}}}},
    }
    fixture.policy("partial", {"plans": {"weekly": plan}}, type="BACKUP_POLICY")
    fixture.attach("partial", "web-prod")
    assert findings("backup-plan-complete", fixture.graph()) == {
        (
            urn(AWS_POLICY, "partial"),
            "Effective backup plan 'weekly' of account 'web-prod' must have regions, target_backup_vault_name of rule 'nightly' and "
            "iam_role_arn of selection 'resources.all-ebs', which no backup policy from the root down sets.",
        )
    }
