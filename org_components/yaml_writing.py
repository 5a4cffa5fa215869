"""YAML that every reader reads the same: YAML 1.1 (PyYAML) and YAML 1.2 (Go's yaml packages, which the Pulumi CLI
uses for stack files, and ruamel.yaml).

A plain scalar is read by its shape, and the shapes differ between the versions: ``011089430137`` is a string to
YAML 1.1 (an octal number cannot hold an 8) and the number 11089430137 to YAML 1.2; ``y``, ``1e3`` and ``0o17`` differ
too. So every string a reader of either version could take for a number, boolean or null is quoted. Text the user
edits line by line (policy documents) is written as a literal block holding its exact characters.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

# Anything that starts like a number (digits, a sign, a dot) or is a word some reader takes for a boolean or null.
_NUMBER_LIKE = re.compile(r"^[-+]?\.?[0-9]|^[-+]?\.(inf|nan)$", re.IGNORECASE)
_WORDS = frozenset(
    word
    for base in ("y", "n", "yes", "no", "true", "false", "on", "off", "null", "~", "")
    for word in (base, base.upper(), base.capitalize())
)
# Characters a literal block cannot carry the same for every reader: YAML 1.1 breaks lines at \x85, \u2028 and
# \u2029 and 1.2 does not; a carriage return or a tab is normalised or refused in places. Such text is double-quoted.
_NOT_IN_BLOCKS = re.compile("[\r\t\x85\u2028\u2029\ufeff]")


class LiteralText(str):
    """Text written as a literal block (``|``) where its characters allow it, else double-quoted: exact either way."""


def ambiguous(text: str) -> bool:
    """Whether a reader of YAML 1.1 or 1.2 could read ``text``, written plain, as something other than this string."""
    return text in _WORDS or bool(_NUMBER_LIKE.match(text))


class _Dumper(yaml.SafeDumper):
    pass


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # A line break or its look-alikes are folded differently by each reader unless escaped in double quotes.
    style = '"' if "\n" in text or _NOT_IN_BLOCKS.search(text) else ("'" if ambiguous(text) else None)
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_literal(dumper: yaml.SafeDumper, text: LiteralText) -> yaml.ScalarNode:
    style = '"' if _NOT_IN_BLOCKS.search(text) or text != text.strip(" ") or not text.strip() else "|"
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(text), style=style)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(LiteralText, _represent_literal)


def dump(value: Any) -> str:
    """``value`` as block YAML: keys in the order given, no line folding, so the same value gives the same bytes."""
    return yaml.dump(value, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000, default_flow_style=False)
