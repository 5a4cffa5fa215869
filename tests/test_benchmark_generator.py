"""The benchmark's generated organizations are valid specs of the promised shape."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from generate import generate_spec

from org_components.spec import load_spec, walk


def test_a_generated_organization_is_valid_and_shaped_as_promised():
    spec = load_spec(generate_spec(1000))
    tree = walk(spec)
    assert (len(tree.accounts), len(tree.units), len(spec.policies)) == (1000, 100, 20)
    assert max(unit.depth for unit in tree.units) == 5
    assert sum(len(policy.targets) for policy in spec.policies) == 194
