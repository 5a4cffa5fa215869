"""One schema per management policy type, written from its AWS syntax page (``aws.policy_types`` names each page).

Read with ``management_grammar``: a Section is an object of known keys and/or keys the user names, a Setting
an operator block. Where a page documents a closed set of values the Setting checks it; where AWS's pages
disagree with each other (``enforced_for`` forms, numbers written as strings) both documented forms pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ..aws.policy_types import PolicyType
from ..quoting import quoted
from .management_grammar import (
    ASSIGN,
    Problem,
    Schema,
    Section,
    Setting,
    ValueCheck,
    boolean,
    integer,
    node_problems,
    one_of,
    region,
    region_or_all,
    text,
)

_ASSIGN_ONLY = (ASSIGN,)
# Where a page documents no upper bound (AWS's own backup example uses a window of 604,800 minutes), none is set.
_MAX_INT = 2**31 - 1


def _assign(check: ValueCheck | None = None) -> Setting:
    return Setting(check, is_list=False, operators=_ASSIGN_ONLY)


def _list(check: ValueCheck | None = None) -> Setting:
    return Setting(check, is_list=True)


# Tag policies (orgs_manage_policies_example-tag-policies.html) -------------------------------------------------

# service:resourceType, service:ALL_SUPPORTED (today's pages) or service:* (the older pages and the inheritance
# examples); "*" alone or a wildcard service is not allowed.
RESOURCE_TYPE = re.compile(r"^[a-z0-9-]+:(?:[A-Za-z0-9-]+|ALL_SUPPORTED|\*)$")


def _resource_type(value: Any) -> str | None:
    if isinstance(value, str) and RESOURCE_TYPE.match(value):
        return None
    return f"{quoted(value)} must have the form service:resourceType, service:ALL_SUPPORTED or service:*"


def _tag_value(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"{quoted(value)} must be a string"
    if value.count("*") > 1:
        return f"{quoted(value)} has {value.count('*')} wildcards; AWS allows one per value"
    return None


TAG_POLICY = Section(
    keys={
        "tags": Section(
            named=Section(
                keys={
                    "tag_key": _assign(text),
                    "tag_value": _list(_tag_value),
                    "enforced_for": _list(_resource_type),
                    "report_required_tag_for": _list(_resource_type),
                }
            ),
            named_what="tag policy key",
        )
    },
    required=("tags",),
    closed=True,
)


def tag_key_problems(document: Mapping[str, Any]) -> Iterator[Problem]:
    """A tag policy key and its tag_key must name one tag, differing at most in case."""
    tags = document.get("tags")
    for key, rules in tags.items() if isinstance(tags, Mapping) else ():
        block = rules.get("tag_key") if isinstance(rules, Mapping) else None
        assigned = block.get(ASSIGN) if isinstance(block, Mapping) else None
        if isinstance(assigned, str) and assigned.lower() != key.lower():
            yield Problem(
                f"tags.{key}.tag_key", f"'{assigned}' must name the same tag as its policy key '{key}', differing at most in case"
            )


# Backup policies (orgs_manage_policies_backup_syntax.html) ----------------------------------------------------
# A plan's required elements (regions, rules, selections, a rule's vault, a selection's role) may come from other
# levels, so one document need not hold them: the effective policy of each account is checked for them
# (policy_language.backup_completeness, aws.backup_policies.BACKUP_PLAN_REQUIRED).

_LIFECYCLE = Section(
    keys={
        "move_to_cold_storage_after_days": _assign(integer(1, _MAX_INT)),
        "delete_after_days": _assign(integer(1, _MAX_INT)),
        "opt_in_to_archive_for_supported_resources": _assign(boolean),
    }
)
_TAG_PAIR = Section(keys={"tag_key": _assign(text), "tag_value": _assign(text)}, named_what="tag")
_CONDITION = Section(keys={"condition_key": _assign(text), "condition_value": _assign(text)})
_CONDITIONS = Section(
    keys={
        operator: Section(named=_CONDITION, named_what="condition")
        for operator in ("string_equals", "string_not_equals", "string_like", "string_not_like")
    }
)
_RULE = Section(
    keys={
        "schedule_expression": _assign(text),
        "target_backup_vault_name": _assign(text),
        "target_logically_air_gapped_backup_vault_arn": _assign(text),
        "start_backup_window_minutes": _assign(integer(60, _MAX_INT)),
        "complete_backup_window_minutes": _assign(integer(1, _MAX_INT)),
        "enable_continuous_backup": _assign(boolean),
        "schedule_expression_timezone": _assign(text),
        "lifecycle": _LIFECYCLE,
        "copy_actions": Section(
            named=Section(keys={"target_backup_vault_arn": _assign(text), "lifecycle": _LIFECYCLE}), named_what="copy destination"
        ),
        "recovery_point_tags": Section(named=_TAG_PAIR, named_what="tag"),
        "index_actions": Section(keys={"resource_types": _list(one_of("EBS", "S3"))}),
        "scan_actions": Section(named=Section(keys={"scan_mode": _assign(one_of("INCREMENTAL_SCAN", "FULL_SCAN"))}), named_what="scanner"),
    },
)
BACKUP_POLICY = Section(
    keys={
        "plans": Section(
            named=Section(
                keys={
                    "regions": _list(region),
                    "rules": Section(named=_RULE, named_what="rule"),
                    "selections": Section(
                        keys={
                            "tags": Section(
                                named=Section(
                                    keys={
                                        "iam_role_arn": _assign(text),
                                        "tag_key": _assign(text),
                                        "tag_value": _list(text),
                                        "conditions": _CONDITIONS,
                                    },
                                ),
                                named_what="selection",
                            ),
                            "resources": Section(
                                named=Section(
                                    keys={
                                        "iam_role_arn": _assign(text),
                                        "resource_types": _list(text),
                                        "not_resource_types": _list(text),
                                        "conditions": _CONDITIONS,
                                    },
                                ),
                                named_what="selection",
                            ),
                        }
                    ),
                    "advanced_backup_settings": Section(
                        keys={
                            "ec2": Section(keys={"windows_vss": _assign(one_of("enabled", "disabled"))}),
                            "s3": Section(
                                keys={
                                    "backup_acls": _assign(one_of("enabled", "disabled")),
                                    "backup_object_tags": _assign(one_of("enabled", "disabled")),
                                }
                            ),
                        }
                    ),
                    "backup_plan_tags": Section(named=_TAG_PAIR, named_what="tag"),
                    "scan_settings": Section(
                        named=Section(keys={"resource_types": _list(one_of("EBS", "EC2", "S3", "ALL")), "scanner_role_arn": _assign(text)}),
                        named_what="scanner",
                    ),
                },
            ),
            named_what="plan",
        )
    },
    required=("plans",),
    closed=True,
)

# AI services opt-out policies (orgs_manage_policies_ai-opt-out_syntax.html) ------------------------------------

_SERVICE_NAME = re.compile(r"^[a-z0-9]+$")
AISERVICES_OPT_OUT_POLICY = Section(
    keys={
        "services": Section(
            named=Section(keys={"opt_out_policy": _assign(one_of("optOut", "optIn"))}),
            named_what="service",
            name_check=lambda name: (
                None if _SERVICE_NAME.match(name) else f"'{name}' must be a service name in lower case, such as rekognition, or default"
            ),
        )
    },
    required=("services",),
    closed=True,
)

# Chat applications policies (orgs_manage_policies_chatbot_syntax.html) -----------------------------------------

_CLIENT = _assign(one_of("enabled", "disabled"))
_ROLES = Setting(one_of("user_role", "channel_role"), is_list=True)
_CHANNELS = Setting(one_of("public", "private"), is_list=True)
CHATBOT_POLICY = Section(
    keys={
        "chatbot": Section(
            keys={
                "platforms": Section(
                    keys={
                        "slack": Section(
                            keys={
                                "client": _CLIENT,
                                "workspaces": _list(text),
                                "default": Section(keys={"supported_channel_types": _CHANNELS, "supported_role_settings": _ROLES}),
                                "overrides": Section(
                                    named=Section(keys={"supported_channel_types": _CHANNELS, "supported_role_settings": _ROLES}),
                                    named_what="workspace",
                                ),
                            }
                        ),
                        "microsoft_teams": Section(
                            keys={
                                "client": _CLIENT,
                                "tenants": Section(named=_list(text), named_what="tenant"),
                                "default": Section(keys={"supported_role_settings": _ROLES}),
                                "overrides": Section(
                                    named=Section(named=Section(keys={"supported_role_settings": _ROLES}), named_what="team"),
                                    named_what="tenant",
                                ),
                            }
                        ),
                        "chime": Section(keys={"client": _CLIENT}),
                    }
                ),
                "default": Section(keys={"client": _CLIENT}),
            }
        )
    },
    required=("chatbot",),
    closed=True,
)

# Declarative policies for EC2 (orgs_manage_policies_declarative_syntax.html) -----------------------------------

_ENABLED = _assign(one_of("enabled", "disabled"))
_IMAGE_CRITERIA = Section(
    keys={
        "allowed_image_providers": _list(
            lambda v: (
                None
                if isinstance(v, str) and (re.fullmatch(r"[0-9]{12}", v) or v in ("amazon", "aws_marketplace", "aws_backup_vault"))
                else f"{v!r} must be an account id, amazon, aws_marketplace or aws_backup_vault"
            )
        ),
        "image_names": _list(text),
        "marketplace_product_codes": _list(text),
        "creation_date_condition": Section(keys={"maximum_days_since_created": _assign(integer(0, 2147483647))}),
        "deprecation_time_condition": Section(keys={"maximum_days_since_deprecated": _assign(integer(0, 2147483647))}),
    }
)
DECLARATIVE_POLICY_EC2 = Section(
    keys={
        "ec2_attributes": Section(
            keys={
                "exception_message": _assign(text),
                "vpc_block_public_access": Section(
                    keys={
                        "internet_gateway_block": Section(
                            keys={"mode": _assign(one_of("off", "block_ingress", "block_bidirectional")), "exclusions_allowed": _ENABLED}
                        )
                    }
                ),
                "serial_console_access": Section(keys={"status": _ENABLED}),
                "image_block_public_access": Section(keys={"state": _assign(one_of("unblocked", "block_new_sharing"))}),
                "snapshot_block_public_access": Section(
                    keys={"state": _assign(one_of("block_all_sharing", "block_new_sharing", "unblocked"))}
                ),
                "allowed_images_settings": Section(
                    keys={
                        "state": _assign(one_of("enabled", "disabled", "audit_mode")),
                        "image_criteria": Section(
                            named=_IMAGE_CRITERIA,
                            named_what="criteria",
                            name_check=lambda n: (
                                None if re.fullmatch(r"criteria_([1-9]|10)", n) else f"'{n}' must be criteria_1 to criteria_10"
                            ),
                        ),
                    }
                ),
                "instance_metadata_defaults": Section(
                    keys={
                        "http_tokens": _assign(one_of("no_preference", "required", "optional")),
                        "http_put_response_hop_limit": _assign(integer(-1, 64)),
                        "http_endpoint": _assign(one_of("no_preference", "enabled", "disabled")),
                        "instance_metadata_tags": _assign(one_of("no_preference", "enabled", "disabled")),
                    }
                ),
            }
        )
    },
    required=("ec2_attributes",),
    closed=True,
)

# Security Hub, Inspector, Bedrock, S3 and upgrade rollout policies (their *_syntax.html pages) ------------------


def _regions(**more: Section) -> Section:
    """Where a service is enabled: both Region lists are required (each may be empty); disable wins over enable."""
    return Section(
        keys={"enable_in_regions": _list(region_or_all), "disable_in_regions": _list(region_or_all), **more},
        required=("enable_in_regions", "disable_in_regions"),
    )


_REGIONS = _regions()
SECURITYHUB_POLICY = Section(
    keys={"securityhub": _regions(features=Section(keys={"network_scanning": _REGIONS}))},
    required=("securityhub",),
    closed=True,
)
INSPECTOR_POLICY = Section(
    keys={
        "inspector": Section(
            keys={
                "enablement": Section(
                    keys={
                        "lambda_standard_scanning": _regions(lambda_code_scanning=_REGIONS),
                        "ec2_scanning": _REGIONS,
                        "ecr_scanning": _REGIONS,
                        "code_repository_scanning": _REGIONS,
                    }
                )
            }
        )
    },
    required=("inspector",),
    closed=True,
)
BEDROCK_POLICY = Section(
    keys={
        "bedrock": Section(
            keys={
                "guardrail_inference": Section(
                    named=Section(
                        named=Section(
                            keys={
                                "identifier": _assign(text),
                                "selective_content_guarding": Section(
                                    keys={
                                        "system": _assign(one_of("comprehensive", "selective")),
                                        "messages": _assign(one_of("comprehensive", "selective")),
                                    }
                                ),
                                "model_enforcement": Section(
                                    keys={"included_models": _list(text), "excluded_models": _list(text)},
                                    required=("included_models", "excluded_models"),
                                ),
                            },
                            required=("identifier",),
                        ),
                        named_what="guardrail configuration",
                    ),
                    named_what="Region",
                    name_check=lambda name: region(name),
                )
            }
        )
    },
    required=("bedrock",),
    closed=True,
)
S3_POLICY = Section(
    keys={"s3_attributes": Section(keys={"public_access_block_configuration": _assign(one_of("all", "none"))})},
    required=("s3_attributes",),
    closed=True,
)
_PATCH_ORDER = Section(keys={"patch_order": _assign(one_of("first", "second", "last"))})
UPGRADE_ROLLOUT_POLICY = Section(
    keys={
        "upgrade_rollout": Section(
            keys={
                "default": _PATCH_ORDER,
                "tags": Section(
                    named=Section(keys={"tag_values": Section(named=_PATCH_ORDER, named_what="tag value")}), named_what="tag key"
                ),
            }
        )
    },
    required=("upgrade_rollout",),
    closed=True,
)

# Keyed by the policy-type table's members: one schema for each management type (a test checks none is missing).
SCHEMAS: Mapping[PolicyType, Schema] = {
    PolicyType.TAG_POLICY: TAG_POLICY,
    PolicyType.BACKUP_POLICY: BACKUP_POLICY,
    PolicyType.AISERVICES_OPT_OUT_POLICY: AISERVICES_OPT_OUT_POLICY,
    PolicyType.CHATBOT_POLICY: CHATBOT_POLICY,
    PolicyType.DECLARATIVE_POLICY_EC2: DECLARATIVE_POLICY_EC2,
    PolicyType.SECURITYHUB_POLICY: SECURITYHUB_POLICY,
    PolicyType.INSPECTOR_POLICY: INSPECTOR_POLICY,
    PolicyType.BEDROCK_POLICY: BEDROCK_POLICY,
    PolicyType.S3_POLICY: S3_POLICY,
    PolicyType.UPGRADE_ROLLOUT_POLICY: UPGRADE_ROLLOUT_POLICY,
}
# Checks of a whole document that its schema cannot express, per type.
WHOLE_DOCUMENT_CHECKS: Mapping[PolicyType, Callable[[Mapping[str, Any]], Iterator[Problem]]] = {
    PolicyType.TAG_POLICY: tag_key_problems,
}


def document_problems(policy_type: PolicyType, document: Any) -> list[Problem]:
    """Every grammar and schema problem of a management policy document of ``policy_type``."""
    problems = list(node_problems("", document, SCHEMAS[policy_type]))
    whole_document_check = WHOLE_DOCUMENT_CHECKS.get(policy_type)
    if whole_document_check is not None and isinstance(document, Mapping):
        problems += whole_document_check(document)
    return problems
