"""Load the org spec from Pulumi config or a YAML file, validating all of it before anything is built."""

from __future__ import annotations

import hashlib
import os
import typing
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from ..quoting import quoted
from ..yaml_files import YamlFileError, read_yaml_file
from .errors import SpecError, SpecIssue
from .models import OrganizationSpec
from .tree import SPEC_ROOT, unit_label
from .validation import validate

if TYPE_CHECKING:
    import pulumi

CONFIG_KEY = "organization"
# The spec as a YAML file instead, relative to the project directory: one file every stack of a sharded organization
# reads (README, "Organizations of 100,000 accounts").
FILE_CONFIG_KEY = "organizationFile"
# `preview --all-shards` validates the spec whole once, before it starts any stack, then names it here (digests of
# spec_digest, comma-separated) to the stacks' processes, which read the very same text: they parse it and do not
# repeat the whole-organization checks (6 seconds at 100,000 accounts). A stack run on its own validates everything.
VALIDATED_SPECS_ENV = "ORG_COMPONENTS_VALIDATED_SPECS"
_validated_here: set[str] = set()  # digests this process validated whole (a preview runs its program twice)


def spec_digest(text: str | bytes) -> str:
    """What identifies a spec's text for VALIDATED_SPECS_ENV: this library's version and the text."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(f"org-components {_version()}\0".encode() + raw).hexdigest()


def _version() -> str:
    try:
        return metadata.version("org-components")
    except metadata.PackageNotFoundError:
        return "unknown"


def _validated_before(digest: str | None) -> bool:
    return digest is not None and (digest in _validated_here or digest in os.environ.get(VALIDATED_SPECS_ENV, "").split(","))


def load_spec(data: Any, source: str = "the organization spec", digest: str | None = None) -> OrganizationSpec:
    """Parse and validate ``data`` (the structured config object); raise SpecError listing every problem. ``digest``:
    spec_digest of the text ``data`` was read from, when the whole-organization checks may have run on it already."""
    if not isinstance(data, Mapping):
        raise SpecError([SpecIssue(SPEC_ROOT, f"must be a mapping of organization settings, not {type(data).__name__}.")], source)
    try:
        spec = OrganizationSpec.model_validate(data)
    except ValidationError as error:
        raise SpecError([_issue_from_pydantic(detail, data) for detail in error.errors()], source) from None
    if _validated_before(digest):
        return spec
    issues = validate(spec)
    if issues:
        raise SpecError(issues, source)
    if digest is not None:
        _validated_here.add(digest)
    return spec


def load_spec_file(path: str | Path) -> OrganizationSpec:
    """Load a spec from a YAML file whose top level is the organization mapping."""
    path = Path(path)
    try:
        data = read_yaml_file(path)
        digest = spec_digest(path.read_bytes())
    except YamlFileError as error:
        raise SpecError([SpecIssue(SPEC_ROOT, f"{error}.")], str(path)) from None
    return load_spec(data, str(path), digest)


def load_spec_from_config(config: pulumi.Config | None = None) -> OrganizationSpec:
    """Load the spec from the current stack's structured config key ``<project>:organization``, or from the YAML file
    that ``<project>:organizationFile`` names (relative to the project directory)."""
    import pulumi

    from .stack_spec import stack_spec_text

    config = config or pulumi.Config()
    source = f"stack config '{config.name}:{CONFIG_KEY}'"
    raw = config.get(CONFIG_KEY)
    file = config.get(FILE_CONFIG_KEY)
    values: dict[str, Any] = {f"{config.name}:{FILE_CONFIG_KEY}": file} if file is not None else {}
    if raw is not None:
        values[f"{config.name}:{CONFIG_KEY}"] = raw
        if file is None:
            try:
                values[f"{config.name}:{CONFIG_KEY}"] = config.require_object(CONFIG_KEY)
            except Exception:  # pulumi raises its own ConfigTypeError for text that is not JSON
                raise SpecError([SpecIssue(SPEC_ROOT, "must be a structured (mapping) value, not a plain string.")], source) from None
    text = stack_spec_text(values, config.name, pulumi.get_root_directory())
    return load_spec(text.data, text.source, text.digest if file is not None or raw is None else spec_digest(raw))


def spec_file_path(file: str, project_directory: str | Path | None) -> Path:
    """``organizationFile`` as the program reads it: relative to the project directory (where Pulumi.yaml is)."""
    path = Path(file)
    return path if path.is_absolute() or not project_directory else Path(project_directory) / path


def _issue_from_pydantic(detail: Mapping[str, Any], data: Any) -> SpecIssue:
    location = detail["loc"]
    path = _config_path(location, data)
    if detail["type"] == "extra_forbidden":
        allowed = _allowed_keys(location[:-1])
        return SpecIssue(path, f"'{location[-1]}' is not a known setting here; allowed settings are {', '.join(allowed)}.")
    if detail["type"] == "missing":
        return SpecIssue(path, "is required but missing.")
    number = detail.get("input")
    if detail["type"] == "string_type" and isinstance(number, int | float) and not isinstance(number, bool):
        return SpecIssue(
            path,
            f"is the number {number}, not text; quote it as written, leading zeros included (id: '011089430137', not "
            "id: 011089430137): a YAML 1.2 reader, such as the Pulumi CLI's, reads unquoted digits as a number and drops leading zeros.",
        )
    message = detail["msg"]
    if "input" in detail and detail["type"] not in (
        "aws_constraint",
        "policy_json",
        "guardrail",
        "logical_key",
        "policy_type",
        "stack_name",
        "principal",
        "boundary",
        "region",
        "control",
        "baseline",
        "control_tower_policy",
        "manifest",
        "account_factory",
    ):
        message = f"{message}; got {quoted(detail['input'])}"
    return SpecIssue(path, message.rstrip(".") + ".")


def _config_path(location: tuple[int | str, ...], data: Any) -> str:
    """``organization.units[Workloads].accounts[2].email`` from a pydantic location over the raw data."""
    parts = [SPEC_ROOT]
    node = data
    for step in location:
        if isinstance(step, int):
            siblings = node if isinstance(node, list | tuple) else []
            item = siblings[step] if step < len(siblings) else None
            # OUs are named by their name; other lists by their index.
            if parts[-1] == "units":
                label = unit_label([s.get("name") if isinstance(s, Mapping) else None for s in siblings], step)
            else:
                label = str(step)
            parts[-1] = f"{parts[-1]}[{label}]"
            node = item
        else:
            parts.append(str(step))
            node = node.get(step) if isinstance(node, Mapping) else None
    return ".".join(parts)


def _allowed_keys(location: tuple[int | str, ...]) -> list[str]:
    """The camelCase keys of the model found at ``location``."""
    model: type[BaseModel] = OrganizationSpec
    for step in location:
        if isinstance(step, int):
            continue
        field = next((f for name, f in model.model_fields.items() if step in (name, f.alias)), None)
        nested = _model_in(field.annotation) if field else None
        if nested is None:
            return []
        model = nested
    return [field.alias or name for name, field in model.model_fields.items()]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _model_in(argument)
        if found:
            return found
    return None
