from ...aws_facts import POLICY_TYPES
from ...types import AWS_POLICY
from ..base import Enforcement, Finding, Rule, Severity
from ..support import ORGANIZATIONS_GUIDE, sentence
from .documents import management_policies, management_problems


def check(graph, context):
    for policy, policy_type, _ in management_policies(graph):
        for problem in management_problems(policy, policy_type):
            if not problem.certain:
                yield Finding(policy.key, f"{POLICY_TYPES[policy_type].short} policy '{policy.name}' at {problem.path}: {sentence(problem.message)}", "content")


RULE = Rule(
    id="ORG3015",
    name="management-policy-keys",
    description="Management policies use only the keys their AWS syntax page documents (advisory: AWS adds keys, and a "
    "misspelt key is silently ignored).",
    severity=Severity.LOW,
    enforcement=Enforcement.ADVISORY,
    url=f"{ORGANIZATIONS_GUIDE}/orgs_manage_policies_management_policies.html",
    remediation="Correct the key's spelling; if AWS documented it after this library's schema was written, disable this "
    "policy for the stack or report it.",
    check=check,
    per_resource_types=(AWS_POLICY,),
)
