"""The declarative org spec: models, loading and whole-spec validation."""

from ..ou_paths import ROOT_PATH
from .errors import SpecError, SpecIssue
from .loading import CONFIG_KEY, load_spec, load_spec_file, load_spec_from_config
from .models import AccountSpec, DelegatedAdministratorSpec, OrganizationSpec, PolicySpec, UnitSpec
from .tree import AccountEntry, SpecTree, UnitEntry, shard_names, walk

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
