"""The org-guardrails CrossGuard pack: the structural rules of org_components, one policy each."""

from org_components.pack import PACK_NAME, build_policies
from org_components.pack_analyzer import serve_pack

serve_pack(
    PACK_NAME,
    build_policies(),
    description="Stops, at preview, AWS Organizations changes that AWS would refuse or that would hurt the organization.",
)
