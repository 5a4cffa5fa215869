"""OU paths, as users write targets and other stacks read the export: ``/`` is the root, ``/Workloads/Prod`` an OU.

AWS allows ``/`` inside an OU name, which would make ``/Team/A/B`` ambiguous (an OU "A/B", or "B" under "A").
So a name's ``%`` and ``/`` are written ``%25`` and ``%2F`` in a path (URL-style): the OU named "A/B" under /Team
is ``/Team/A%2FB``. Every path the library builds or reads goes through here.
"""

from __future__ import annotations

from collections.abc import Iterable

ROOT_PATH = "/"


def segment(name: str) -> str:
    """An OU name as one segment of a path."""
    return name.replace("%", "%25").replace("/", "%2F")


def child_path(parent_path: str, name: str) -> str:
    """The path of the OU ``name`` under the OU (or root) at ``parent_path``."""
    return f"{parent_path.rstrip('/')}/{segment(name)}"


def path_of(names: Iterable[str]) -> str:
    """The path of the OU reached through ``names`` from the root."""
    return ROOT_PATH + "/".join(segment(name) for name in names)
