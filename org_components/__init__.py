"""org-components: Pulumi components, stack programs and policy packs for an AWS Organization as code.

The components (listed in components/__init__.py) load on first use: importing a light module of this package
(the collector, the spec, the offline commands) does not import pulumi-aws, whose thousands of classes take a
second to import and should come after `collector.tune_for_large_programs()` in a large program.
"""

from __future__ import annotations

import importlib
from typing import Any

from .types import BillingAccess as BillingAccess
from .types import FeatureSet as FeatureSet
from .types import PolicyType as PolicyType
from .types import TargetKind as TargetKind

TYPED_CONSTANTS = ["BillingAccess", "FeatureSet", "PolicyType", "TargetKind"]


def __getattr__(name: str) -> Any:
    """A component (or ``__all__``, for ``from org_components import *``), importing the components on first use."""
    components = importlib.import_module(".components", __name__)
    if name == "__all__":
        return [*components.__all__, *TYPED_CONSTANTS]
    if name in components.__all__:
        return getattr(components, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
