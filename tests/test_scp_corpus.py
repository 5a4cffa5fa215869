"""The 57 real SCPs that AWS publishes (aws-samples/service-control-policy-examples), warts included.

Each file, sent exactly as written, either passes every per-policy rule or fails with precise messages:
unfilled placeholders, the one file that is not JSON, actions the IAM reference does not list. The corpus
is read from shared/corpus beside the repository or one of its parent folders (or ORG_COMPONENTS_SCP_CORPUS); it
is not copied in. The expected outcomes are a snapshot, tests/snapshots/scp_corpus_outcomes.json.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from project_files import REPO

from org_components.graph.model import OrgGraph, PolicyNode
from org_components.rules.base import Enforcement
from org_components.rules.engine import all_rules, rule_context, run_rule

# The expected outcome of every corpus policy; regenerate with: python tests/test_scp_corpus.py --regenerate
SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "scp_corpus_outcomes.json"
CORPUS = "shared/corpus/aws-scp-examples"


def _cloned_from() -> list[Path]:
    """The folders above the checkout this repository was cloned from, when it is a local one."""
    found = subprocess.run(["git", "-C", str(REPO), "config", "--get", "remote.origin.url"], capture_output=True, text=True, check=False)
    origin = Path(found.stdout.strip()) if found.returncode == 0 and found.stdout.strip() else None
    return list(origin.resolve().parents) if origin is not None and origin.is_dir() else []


# The corpus sits beside the repository, or beside the checkout it was cloned from (a fresh clone elsewhere);
# ORG_COMPONENTS_SCP_CORPUS names another place.
CANDIDATES = [os.environ.get("ORG_COMPONENTS_SCP_CORPUS"), *(folder / CORPUS for folder in [*REPO.parents, *_cloned_from()])]


def corpus_root() -> Path:
    for candidate in CANDIDATES:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    raise AssertionError(
        f"the SCP corpus is missing; looked in {', '.join(str(c) for c in CANDIDATES if c)}; set ORG_COMPONENTS_SCP_CORPUS"
    )


def outcome(path: Path, root: Path) -> tuple[str, ...]:
    relative = path.relative_to(root).as_posix()
    graph = OrgGraph(policies={relative: PolicyNode(relative, path.stem, "SERVICE_CONTROL_POLICY", path.read_text(encoding="utf-8"))})
    messages = []
    for rule in all_rules():
        if rule.per_resource:
            result = run_rule(rule, graph, rule_context(rule))
            messages += [f"{rule.name}: {finding.message}" for finding in result.findings]
    return tuple(messages)


def load_outcomes() -> dict[str, tuple[str, ...]]:
    return {relative: tuple(messages) for relative, messages in json.loads(SNAPSHOT.read_text(encoding="utf-8")).items()}


def regenerate() -> None:
    """Rewrite the snapshot from today's rules: review its diff like code (cfn-lint's results snapshots)."""
    root = corpus_root()
    outcomes = {path.relative_to(root).as_posix(): list(outcome(path, root)) for path in sorted(root.rglob("*.json"))}
    SNAPSHOT.write_text(json.dumps(outcomes, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {SNAPSHOT} ({len(outcomes)} policies)")


OUTCOMES = load_outcomes()


def test_the_table_covers_the_whole_corpus():
    root = corpus_root()
    assert sorted(path.relative_to(root).as_posix() for path in root.rglob("*.json")) == sorted(OUTCOMES)
    assert len(OUTCOMES) == 57


@pytest.mark.parametrize("relative", sorted(OUTCOMES))
def test_each_scp_passes_or_fails_precisely(relative):
    root = corpus_root()
    assert outcome(root / relative, root) == OUTCOMES[relative]


def test_outcome_summary():
    failing = {relative: messages for relative, messages in OUTCOMES.items() if messages}
    rules = sorted({message.split(":", 1)[0] for messages in failing.values() for message in messages})
    assert (len(OUTCOMES) - len(failing), len(failing), rules) == (27, 30, ["iam-action-unknown", "policy-json", "policy-placeholders"])


# Realistic values for the placeholders the samples leave for their users, as a user would fill them in.
FILLED = {
    "${Account}": "123456789012",
    "${Region}": "us-east-1",
    "<my-corporate-cidr>": "203.0.113.0/24",
    "<my-vpc>": "vpc-0a1b2c3d4e5f67890",
    "<model-identifier>": "anthropic.claude-3-haiku-20240307-v1:0",
    "<unique-identifier>": "a1b2c3d4e5f6",
    "{example-region-1}": "us-east-1",
    "{example-region-2}": "eu-west-1",
    "{example-inference-profile-geographic-prefix}": "us",
    "[PRIVILEGED_ROLE]": "OrganizationAccountAccessRole",
}


def _filled(text: str) -> str:
    for placeholder, value in FILLED.items():
        text = text.replace(placeholder, value)
    # Bracketed names ([STACK_PREFIX], [BUCKET_TO_PROTECT], ...) become a plausible lower-case name.
    return re.sub(r"\[([A-Z][A-Z0-9_-]*)\]", lambda match: match.group(1).lower().replace("_", "-"), text)


@pytest.mark.parametrize("relative", sorted(OUTCOMES))
def test_each_published_scp_once_filled_in_has_no_mandatory_finding(relative):
    """Valid published policies are never refused: once their placeholders are filled in, no mandatory rule objects
    (the one sample that is not JSON at all excepted)."""
    root = corpus_root()
    text = _filled((root / relative).read_text(encoding="utf-8"))
    graph = OrgGraph(policies={relative: PolicyNode(relative, Path(relative).stem, "SERVICE_CONTROL_POLICY", text)})
    mandatory = [
        f"{rule.name}: {finding.message}"
        for rule in all_rules()
        if rule.per_resource and rule.enforcement is Enforcement.MANDATORY
        for finding in run_rule(rule, graph, rule_context(rule)).findings
    ]
    not_json = [message for message in OUTCOMES[relative] if message.startswith("policy-json:")]
    assert mandatory == not_json


if __name__ == "__main__":
    if sys.argv[1:] != ["--regenerate"]:
        sys.exit("usage: python tests/test_scp_corpus.py --regenerate")
    regenerate()
