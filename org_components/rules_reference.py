"""docs/rules.md, generated from the rules' metadata: `python -m org_components.rules_reference` rewrites it."""

from __future__ import annotations

import sys
from pathlib import Path

from .limits import DEFAULT_LIMITS
from .rules.engine import all_rules

DOCS_FILE = Path(__file__).resolve().parents[1] / "docs" / "rules.md"
AREAS = {"ORG1": "Organization", "ORG2": "OU tree and accounts", "ORG3": "Guardrail policies", "ORG4": "Resource sharing"}


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
            for key in rule.limits:
                limit = DEFAULT_LIMITS[key]
                default = "not published by AWS; unchecked unless set" if limit.value is None else limit.value
                lines.append(f"- Config `{key}` (default {default}): {limit.description}.")
            for name, option in rule.options.items():
                lines.append(f"- Config `{name}` (default `{option.default!r}`): {option.schema.get('description', '')}.")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def main() -> int:
    DOCS_FILE.parent.mkdir(parents=True, exist_ok=True)
    DOCS_FILE.write_text(render(), encoding="utf-8")
    print(f"wrote {DOCS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
