"""docs/rules.md, generated from the rules' metadata: `python -m org_components.rules_reference` rewrites it."""

from __future__ import annotations

import sys
from pathlib import Path

from .aws.control_tower import CONTROL_TOWER_LIMITS
from .aws.limit import Limit
from .aws.pages import QUOTAS_PAGE
from .aws.policy_types import API_ONLY_POLICY_TYPES, POLICY_TYPES, PROVIDER_VERSION_CHECKED
from .aws.quotas import ORGANIZATION_LIMITS
from .aws.security_services import SECURITY_SERVICES
from .aws.service_principals import CONFIG_CONFORMANCE_PACKS_PRINCIPAL
from .rules.engine import all_rules

DOCS_FILE = Path(__file__).resolve().parents[1] / "docs" / "rules.md"
AREAS = {
    "ORG1": "Organization",
    "ORG2": "OU tree and accounts",
    "ORG3": "Guardrail policies",
    "ORG4": "Resource sharing",
    "ORG5": "Access (IAM Identity Center)",
    "ORG6": "Baseline (every account of an OU)",
    "ORG7": "Security services",
    "ORG8": "AWS Control Tower",
}


def render() -> str:
    lines = [
        "# Rules",
        "",
        "Generated from the rules' metadata by `python -m org_components.rules_reference`; do not edit by hand.",
        "Each rule is a CrossGuard policy of the `org-guardrails` pack (named by the rule's name) and a check of",
        "the org spec. Per-resource rules run in Analyze; the others span the stack and run in AnalyzeStack.",
        "",
    ]
    for prefix, area in AREAS.items():
        lines += [f"## {area}", "", "| id | name | enforcement | severity | scope | description |", "|---|---|---|---|---|---|"]
        rules = [rule for rule in all_rules() if rule.id.startswith(prefix)]
        for rule in rules:
            scope = "resource" if rule.per_resource else "stack"
            lines.append(f"| {rule.id} | `{rule.name}` | {rule.enforcement} | {rule.severity} | {scope} | {rule.description} |")
        lines.append("")
        for rule in rules:
            lines += [f"### {rule.id} `{rule.name}`", "", rule.description, "", f"- Fix: {rule.remediation}", f"- AWS: {rule.url}"]
            if rule.limits:
                keys = ", ".join(f"`{key}`" for key in rule.limits)
                lines.append(f"- Config, the AWS quotas it reads (defaults in [AWS facts](#aws-facts)): {keys}.")
            for name, option in rule.options.items():
                lines.append(f"- Config `{name}` (default `{option.default!r}`): {option.schema.get('description', '')}.")
            lines.append("")
    lines += _facts()
    return "\n".join(lines).rstrip() + "\n"


def _value(limit: Limit) -> str:
    return "not published" if limit.value is None else f"{limit.value:,}"


def _facts() -> list[str]:
    """The table of AWS facts (the org_components/aws package) every quota check reads."""
    lines = [
        "## AWS facts",
        "",
        "The quotas and policy types the rules read, from the `org_components/aws` package; each can be overridden by its key",
        "(the spec's `limits`, the pack's config). A quota AWS does not publish is not checked until it is set.",
        "",
        "| policy type | kind | size (characters) | per root, OU or account | per organization | AWS-managed policy counted | trusted access needed | syntax |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for facts in POLICY_TYPES.values():
        lines.append(
            f"| `{facts.type}` ({facts.short}) | {facts.kind} | {_value(facts.size)} (`{facts.size.key}`) | {_value(facts.per_target)} "
            f"(`{facts.per_target.key}`) | {_value(facts.per_organization)} (`{facts.per_organization.key}`) | {facts.aws_managed_policy or ''} "
            f"| {facts.trusted_access or ''} | [page]({facts.syntax_page}) |"
        )
    api_only = ", ".join(f"`{t}`" for t in API_ONLY_POLICY_TYPES)
    lines += ["", f"Not accepted by pulumi-aws {PROVIDER_VERSION_CHECKED} yet, and refused with a message saying so: {api_only}.", ""]
    lines += ["| quota | value | what it counts | source | checked |", "|---|---|---|---|---|"]
    for limit in (*ORGANIZATION_LIMITS, *CONTROL_TOWER_LIMITS):
        lines.append(f"| `{limit.key}` | {_value(limit)} | {limit.description} | {limit.source} | {limit.checked} |")
    checked = {facts.size.checked for facts in POLICY_TYPES.values()}
    lines += ["", f"Policy type quotas: {QUOTAS_PAGE} (checked {', '.join(sorted(checked))})."]
    lines += [
        "",
        "| security service | trusted access | delegated administrator for | kept in every account (ORG7005) | source | checked |",
    ]
    lines += ["|---|---|---|---|---|---|"]
    for service in SECURITY_SERVICES.values():
        lines.append(
            f"| {service.title} (`{service.key}`) | {', '.join(service.trusted_access)} | {service.administrator_principal or 'none'} "
            f"| {', '.join(service.member_actions)} | {service.source} | {service.checked} |"
        )
    lines += [
        "",
        f"Organization conformance packs also need trusted access and the administrator for {CONFIG_CONFORMANCE_PACKS_PRINCIPAL}.",
    ]
    return lines


def main() -> int:
    DOCS_FILE.parent.mkdir(parents=True, exist_ok=True)
    DOCS_FILE.write_text(render(), encoding="utf-8")
    print(f"wrote {DOCS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
