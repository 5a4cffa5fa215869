"""The org spec of a stack, wherever its config puts it: inline (`<project>:organization`) or in the YAML or JSON file
that `<project>:organizationFile` names, relative to the project directory. The program, `preview`, `explain`,
`impact` and `drift` all read a stack's spec through here, so a stack that works for one works for all."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..yaml_files import YamlFileError, read_yaml_file
from .errors import SpecError, SpecIssue
from .loading import CONFIG_KEY, FILE_CONFIG_KEY, load_spec, spec_digest, spec_file_path
from .models import OrganizationSpec
from .tree import SPEC_ROOT


@dataclass(frozen=True)
class SpecText:
    data: Any  # the organization mapping as written (not validated yet)
    source: str  # where it was read, for messages: "stack config 'aws-organization:organization'" or the file's path
    digest: str | None = None  # spec_digest of a file's text


def _read_from_disk(path: Path) -> SpecText:
    return SpecText(read_yaml_file(path), str(path), spec_digest(path.read_bytes()))


def declares_spec(config: Mapping[str, Any], project: str) -> bool:
    """Whether a stack's config (by full key) gives an org spec at all, inline or as a file."""
    return f"{project}:{CONFIG_KEY}" in config or f"{project}:{FILE_CONFIG_KEY}" in config


def stack_spec_text(
    config: Mapping[str, Any], project: str, directory: str | Path | None, read_file: Callable[[Path], SpecText] = _read_from_disk
) -> SpecText:
    """The spec a stack's config gives (``config`` by full key), unvalidated; SpecError when there is none, or two.
    ``read_file`` reads the organization file (from disk by default; `impact --base REV` reads it at a git revision)."""
    source = f"stack config '{project}:{CONFIG_KEY}'"
    inline, file = config.get(f"{project}:{CONFIG_KEY}"), config.get(f"{project}:{FILE_CONFIG_KEY}")
    if inline is not None and file is not None:
        raise SpecError(
            [SpecIssue(SPEC_ROOT, f"is set twice: set either {project}:{CONFIG_KEY} or {project}:{FILE_CONFIG_KEY}, not both.")], source
        )
    if file is not None:
        if not isinstance(file, str) or not file:
            raise SpecError([SpecIssue(SPEC_ROOT, f"{project}:{FILE_CONFIG_KEY} must be a file name, not {type(file).__name__}.")], source)
        path = spec_file_path(file, directory)
        try:
            return read_file(path)
        except YamlFileError as error:
            raise SpecError([SpecIssue(SPEC_ROOT, f"{error}.")], str(path)) from None
    if inline is None:
        raise SpecError(
            [
                SpecIssue(
                    SPEC_ROOT,
                    f"is missing; set {project}:{CONFIG_KEY} (or {project}:{FILE_CONFIG_KEY}, a YAML or JSON file) in "
                    "Pulumi.<stack>.yaml (see Pulumi.example.yaml).",
                )
            ],
            source,
        )
    return SpecText(inline, source)


def read_stack_spec(
    config: Mapping[str, Any], project: str, directory: str | Path | None, read_file: Callable[[Path], SpecText] = _read_from_disk
) -> OrganizationSpec:
    """The validated spec of a stack; SpecError lists every problem, each at its config path."""
    text = stack_spec_text(config, project, directory, read_file)
    return load_spec(text.data, text.source, text.digest)
