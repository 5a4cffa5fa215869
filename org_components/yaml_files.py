"""The one YAML reader of every file the project reads (Pulumi.yaml, Pulumi.<stack>.yaml, spec files): strict.

PyYAML on its own accepts what the Pulumi CLI refuses or what no one means: a key given twice (the later one
wins silently), an alias that contains itself (a recursive structure every later step chokes on), aliases that
expand a few lines into billions of values, nesting deep enough to exhaust Python's stack, and text that is not
UTF-8. Each is refused here with one message naming the file, the line and what is allowed.

A file named ``*.json`` is read as JSON (YAML's subset), with keys given twice and non-finite numbers refused alike:
PyYAML builds Python objects in Python code even with libyaml, about 1 MB/s, so the spec of 100,000 accounts (14 MB)
takes 12 seconds as YAML and half a second as JSON, in every stack that reads it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import UserError

MAX_DEPTH = 64  # nested mappings and lists; an organization spec needs about a dozen
# Values that aliases add once expanded, beyond those the text writes: an alias bomb's thousand-fold growth is
# refused, a large document without aliases never is (a 100,000-account spec writes about a million values).
MAX_ALIAS_VALUES = 200_000


class YamlFileError(UserError, ValueError):
    """The file cannot be read as the project's YAML; the message names the file, where, and what is allowed."""


def _where(node_or_mark: Any) -> str:
    mark = getattr(node_or_mark, "start_mark", node_or_mark)
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else "an unknown place"


class _NoDuplicateKeys(yaml.constructor.SafeConstructor):
    """The safe constructor, refusing a mapping that gives one key twice (PyYAML keeps the later value silently)."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # `<<: *defaults` merges a mapping in; it is not a key of its own
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, list | dict):
                raise YamlFileError(f"has a list or mapping as a key at {_where(key_node)}; keys must be plain values")
            if key in seen:
                raise YamlFileError(f"has the key {key!r} twice in one mapping, at {_where(seen[key])} and {_where(key_node)}; keep one")
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


class _StrictLoader(
    yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer, _NoDuplicateKeys, yaml.resolver.Resolver
):
    """PyYAML's pure-Python safe loader that also refuses recursive aliases and nesting beyond MAX_DEPTH while it
    composes, naming where; every refusal's message comes from here."""

    def __init__(self, stream: str):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _NoDuplicateKeys.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self._depth = 0
        self._open_anchors: set[str] = set()

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]  # the PyYAML stubs leave peek_event unannotated
            if event.anchor in self._open_anchors:
                raise YamlFileError(
                    f"has the alias *{event.anchor} at {_where(event)} inside the value it names; aliases must not be recursive"
                )
            return super().compose_node(parent, index)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise YamlFileError(
                f"nests values more than {MAX_DEPTH} levels deep at {_where(self.peek_event())}; at most {MAX_DEPTH} are allowed"  # type: ignore[no-untyped-call]  # as above
            )
        anchor = getattr(self.peek_event(), "anchor", None)  # type: ignore[no-untyped-call]
        if anchor:
            self._open_anchors.add(anchor)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1
            if anchor:
                self._open_anchors.discard(anchor)


if yaml.__with_libyaml__:
    from yaml.cyaml import CParser  # type: ignore[attr-defined]

    class _FastLoader(CParser, _NoDuplicateKeys, yaml.resolver.Resolver):
        """libyaml's parser and composer (C, several times faster on a 10,000-account spec) with the same constructor.

        It cannot say where an alias is recursive, so the walk below sends any doubtful document to _StrictLoader."""

        def __init__(self, stream: str):
            CParser.__init__(self, stream)
            _NoDuplicateKeys.__init__(self)
            yaml.resolver.Resolver.__init__(self)


class _ReadStrictly(Exception):
    """The fast reader found something to refuse; the strict reader reads the document again to say what and where."""


def _expanded_size(node: Node, sizes: dict[int, int], open_nodes: set[int], depth: int = 1) -> int:
    """How many values ``node`` stands for once every alias is expanded (each shared node counted once per use).

    A node met again inside itself (a recursive alias) or deeper than MAX_DEPTH raises _ReadStrictly; the first
    visit of a shared node is where its anchor is written, so ``depth`` is its depth in the text."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    if id(node) in open_nodes or depth > MAX_DEPTH:
        raise _ReadStrictly
    open_nodes.add(id(node))
    size = 1
    if isinstance(node, SequenceNode):
        size += sum(_expanded_size(child, sizes, open_nodes, depth + 1) for child in node.value)
    elif isinstance(node, MappingNode):
        size += sum(
            _expanded_size(key, sizes, open_nodes, depth + 1) + _expanded_size(value, sizes, open_nodes, depth + 1)
            for key, value in node.value
        )
    elif not isinstance(node, ScalarNode):
        raise YamlFileError(f"has an unexpected YAML node at {_where(node)}")
    open_nodes.discard(id(node))
    sizes[id(node)] = size
    return size


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_VALUE = "tag:yaml.org,2002:value"


class _NotPlain(Exception):
    """The document has an alias, a merge key or a tagged collection: the general constructor reads it."""


def _plain(loader: Any, node: Node, seen: set[int] | None, depth: int = 1) -> Any:
    """The value of a document of plain mappings, lists and scalars (every spec this project writes), in one walk.

    The same value the constructor builds, without its machinery. Anything else goes the general way (_NotPlain): a
    node met twice (an alias, whose expansion the general path counts), and anything to refuse (nesting past
    MAX_DEPTH, a key given twice, a list as a key), which the general path refuses with its own message. ``seen`` is
    None for a text without an anchor (no `&`), whose nodes cannot be shared: its strings are then read in place."""
    if depth > MAX_DEPTH:
        raise _NotPlain
    if seen is not None:
        if id(node) in seen:
            raise _NotPlain
        seen.add(id(node))
    tag = node.tag
    kind = type(node)
    if kind is ScalarNode:
        return node.value if tag == _STR else loader.construct_object(node)
    inline = seen is None and depth < MAX_DEPTH  # a string child is read where it is, without a call of its own
    if kind is MappingNode and tag == _MAP:
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if inline and type(key_node) is ScalarNode and key_node.tag == _STR:
                key = key_node.value
            else:
                if key_node.tag in (_MERGE, _VALUE):
                    raise _NotPlain  # `<<: *defaults`, and `=` (which the constructor reads as a string key)
                key = _plain(loader, key_node, seen, depth + 1)
                if isinstance(key, list | dict):
                    raise _NotPlain
            if key in mapping:
                raise _NotPlain
            if inline and type(value_node) is ScalarNode and value_node.tag == _STR:
                mapping[key] = value_node.value
            else:
                mapping[key] = _plain(loader, value_node, seen, depth + 1)
        return mapping
    if kind is SequenceNode and tag == _SEQ:
        return [
            child.value if inline and type(child) is ScalarNode and child.tag == _STR else _plain(loader, child, seen, depth + 1)
            for child in node.value
        ]
    raise _NotPlain


def _read(loader_class: type, text: str) -> Any:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            # An alias needs an anchor, written with `&`: a text without one has no shared node to look out for.
            return _plain(loader, node, set() if "&" in text else None)
        except _NotPlain:
            pass
        sizes: dict[int, int] = {}
        size = _expanded_size(node, sizes, set())
        added = size - len(sizes)  # every node the text writes is counted once in ``sizes``
        if added > MAX_ALIAS_VALUES:
            raise YamlFileError(
                f"expands through its aliases to {size:,} values, {added:,} more than it writes; aliases may add at most "
                f"{MAX_ALIAS_VALUES:,} (an alias bomb?)"
            )
        return loader.construct_document(node)
    finally:
        loader.dispose()


def parse_yaml(text: str) -> Any:
    """The value of a YAML document, read strictly; YamlFileError says why it is refused, as a fragment whose
    subject is the document ("has the key 'email' twice ...")."""
    if yaml.__with_libyaml__:
        try:
            return _read(_FastLoader, text)
        except (yaml.YAMLError, YamlFileError, _ReadStrictly):
            pass  # refused or doubtful: the strict reader reads it again, decides, and names the place as it always has
    try:
        # It refuses recursive aliases and deep nesting while composing, before the walk of _read meets them.
        return _read(_StrictLoader, text)
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        raise YamlFileError(f"has the character U+{error.character:04X} on line {line}, which YAML does not allow; remove it") from None
    except yaml.MarkedYAMLError as error:
        where = f" at {_where(error.problem_mark)}" if error.problem_mark is not None else ""
        raise YamlFileError(f"is not valid YAML{where}: {error.problem or error.context}") from None
    except yaml.YAMLError as error:
        raise YamlFileError(f"is not valid YAML: {error}") from None


def read_yaml_file(path: Path) -> Any:
    """The value of the YAML file at ``path``; YamlFileError names the file and why it cannot be read."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise YamlFileError(f"{path} is a directory; it must be a YAML file") from None
    except FileNotFoundError:
        raise YamlFileError(f"{path} does not exist") from None
    except OSError as error:
        raise YamlFileError(f"cannot read {path}: {error.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise YamlFileError(
            f"{path} is not UTF-8 text: byte 0x{data[error.start]:02x} on line {line} cannot be decoded; save the file as UTF-8"
        ) from None
    try:
        if path.suffix.lower() == ".json":
            return parse_json(text.removeprefix("\ufeff"))
        return parse_yaml(text.removeprefix("\ufeff"))
    except YamlFileError as error:
        raise YamlFileError(f"{path} {error}") from None


def _refuse_twice_given_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise YamlFileError(f"has the key '{key}' twice in one object; give each key once")
        found[key] = value
    return found


def _refuse_constant(name: str) -> Any:
    raise YamlFileError(f"has the number {name}, which JSON does not allow")


def parse_json(text: str) -> Any:
    """The value of a JSON document, read as strictly as parse_yaml reads YAML."""
    try:
        return json.loads(text, object_pairs_hook=_refuse_twice_given_keys, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise YamlFileError(f"is not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}") from None
    except RecursionError:
        raise YamlFileError("nests values too deeply to read") from None
