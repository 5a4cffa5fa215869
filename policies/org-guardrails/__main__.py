"""The org-guardrails CrossGuard pack: the structural rules of org_components, one policy each."""

from pulumi_policy import PolicyPack

from org_components.pack import PACK_NAME, build_policies

PolicyPack(
    name=PACK_NAME,
    policies=build_policies(),
    description="Stops, at preview, AWS Organizations changes that AWS would refuse or that would hurt the organization.",
)
