"""The declarative org spec: models, loading and whole-spec validation.

The model sits below the org graph and the rules; loading a spec validates it with them, above. So that importing
the model (``spec.models``, ``spec.tree``) never runs the rules' imports, the loading names are imported from
``spec.loading`` when first asked for here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..ou_paths import ROOT_PATH
from .errors import SpecError, SpecIssue
from .models import AccountSpec, DelegatedAdministratorSpec, OrganizationSpec, PolicySpec, UnitSpec
from .tree import AccountEntry, SpecTree, UnitEntry, shard_names, walk

if TYPE_CHECKING:
    from .loading import CONFIG_KEY, load_spec, load_spec_file, load_spec_from_config

_LOADING = ("CONFIG_KEY", "load_spec", "load_spec_file", "load_spec_from_config")


def __getattr__(name: str) -> Any:
    if name in _LOADING:
        from . import loading

        return getattr(loading, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CONFIG_KEY",
    "ROOT_PATH",
    "AccountEntry",
    "AccountSpec",
    "DelegatedAdministratorSpec",
    "OrganizationSpec",
    "PolicySpec",
    "SpecError",
    "SpecIssue",
    "SpecTree",
    "UnitEntry",
    "UnitSpec",
    "load_spec",
    "load_spec_file",
    "load_spec_from_config",
    "shard_names",
    "walk",
]
