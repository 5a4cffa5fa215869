"""org-components: Pulumi components, stack programs and policy packs for an AWS Organization as code."""

# The components' public names are listed once, in components/__init__.py; this package adds the typed constants.
from .components import *  # noqa: F403
from .components import __all__ as _COMPONENT_NAMES
from .types import BillingAccess, FeatureSet, PolicyType, TargetKind

__all__ = [*_COMPONENT_NAMES, "BillingAccess", "FeatureSet", "PolicyType", "TargetKind"]
