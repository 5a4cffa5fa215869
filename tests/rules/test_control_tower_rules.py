"""Control Tower rules over a stack's resources, as the pack sees them, in the three modes."""

from __future__ import annotations

import pytest
from org_fixture import MODES, example, findings, urn

from org_components.types import AWS_POLICY_ATTACHMENT

CONTROL_TOWER = {
    "controlTower": {
        "policies": [{"name": "aws-guardrails-WkLdAbCdEf", "id": "p-ct000001", "content": "{}", "targets": ["/Workloads"]}],
    }
}


@pytest.mark.parametrize("mode", MODES)
def test_a_stack_that_attaches_a_control_tower_scp_is_refused(mode):
    org = example(mode)
    fields: dict = {"policyId": "p-ct000001"}
    deps: dict = {}
    org._ref(fields, deps, "targetId", "Security")
    org._add(AWS_POLICY_ATTACHMENT, "guardrails@Security", fields, deps)
    assert findings("control-tower-scp-not-managed", org.graph(), CONTROL_TOWER) == {
        (
            urn(AWS_POLICY_ATTACHMENT, "guardrails@Security"),
            "Attachment must not attach AWS Control Tower's SCP 'aws-guardrails-WkLdAbCdEf' (p-ct000001) to OU '/Security': "
            "Control Tower attaches its SCPs to the OUs it governs.",
        )
    }
