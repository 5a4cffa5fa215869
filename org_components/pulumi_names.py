"""Pulumi's rules for stack names, which the shard stacks of an organization must follow before any CLI sees them.

From the Pulumi CLI (`sdk/go/common/validation` ValidateStackName, the file backend's reference parser), checked
2026-12-06: a stack name is 1 to 100 characters of letters, digits, hyphens, underscores and periods ("a stack name
may only contain alphanumeric, hyphens, underscores, or periods"; "a stack name cannot exceed 100 characters"); a
qualified name is ``organization/project/stack`` or ``organization/stack``, a project name at most 100 characters of
the same set. Beyond the CLI's rule, no part may be ``.`` or ``..``: a stack name also names the file
``Pulumi.<stack>.yaml`` and the backend's ``<project>/<stack>.json``, which must stay in their directories.
"""

from __future__ import annotations

import re

NAME_CHARACTERS = re.compile(r"[A-Za-z0-9_.-]+")
MAX_STACK_NAME = 100
MAX_PROJECT_NAME = 100
RULE = "letters, digits, hyphens, underscores and periods, at most 100 characters a part, as organization/project/stack"


def stack_name_problem(name: str) -> str | None:
    """Why Pulumi would refuse ``name`` (a stack name, optionally qualified), or None."""
    parts = name.split("/")
    if len(parts) > 3:
        return f"has {len(parts)} parts; a qualified stack name is at most organization/project/stack"
    labels = {1: ("stack",), 2: ("organization", "stack"), 3: ("organization", "project", "stack")}[len(parts)]
    for label, part in zip(labels, parts, strict=True):
        if not part:
            return f"has an empty {label} name"
        if not NAME_CHARACTERS.fullmatch(part):
            bad = next(character for character in part if not NAME_CHARACTERS.fullmatch(character))
            return f"has the character {bad!r} in its {label} name; Pulumi allows only {RULE}"
        if part in (".", ".."):
            return f"has {part!r} as its {label} name, which would name a directory"
        limit = MAX_PROJECT_NAME if label == "project" else MAX_STACK_NAME
        if label in ("stack", "project") and len(part) > limit:
            return f"has a {label} name of {len(part)} characters; Pulumi allows at most {limit}"
    return None
