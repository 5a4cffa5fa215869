"""The project's YAML reader gives the value PyYAML's safe loader gives, whichever way it reads a document (the one
walk for plain documents, the general constructor for aliases, merge keys and tagged collections)."""

from __future__ import annotations

import datetime

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from org_components.yaml_files import YamlFileError, parse_yaml

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(["yes", "No", "on", "~", "null", "0x1F", "0o17", "1_000", "1:30", "2026-12-06", ".inf", "=", "<<", "'", "*a"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.one_of(st.text(max_size=8), st.integers()), children, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(VALUES)
def test_a_plain_document_reads_as_the_safe_loader_reads_it(value):
    for text in (yaml.safe_dump(value), yaml.safe_dump(value, default_flow_style=True)):
        assert parse_yaml(text) == yaml.safe_load(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: true\nc: ~\nd: 1.5\ne: 2026-12-06\nf: '007'\ng: !!str 12\nh: !!binary aGVsbG8=\n",
        "when: 2026-12-06 10:00:00\nnumbers: [0x1F, 0o17, 1_000, 1:30, -.inf]\nwords: [yes, No, on, off]\n",
        "base: &base {x: 1, y: [1, 2]}\ncopy: *base\nlist: [*base, *base]\n",
        "defaults: &d {a: 1, b: 2}\nmerged:\n  <<: *d\n  b: 3\n",
        "ordered: !!omap [{a: 1}, {b: 2}]\nset: !!set {x, y}\npairs: !!pairs [{a: 1}, {a: 2}]\n",
        "1: one\n2.5: two and a half\nnull: nothing\n",
        "",
        "- just\n- a list\n",
        "a scalar\n",
    ],
)
def test_documents_beyond_plain_mappings_read_as_the_safe_loader_reads_them(text):
    value = parse_yaml(text)
    assert value == yaml.safe_load(text)
    assert type(value) is type(yaml.safe_load(text))


def test_an_alias_still_gives_one_shared_value():
    value = parse_yaml("base: &base {x: 1}\ncopy: *base\n")
    assert value["base"] is value["copy"]
    assert value["base"] == {"x": 1} and isinstance(parse_yaml("t: 2026-12-06\n")["t"], datetime.date)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\nb: 2\na: 3\n", "has the key 'a' twice in one mapping, at line 1, column 1 and line 3, column 1; keep one"),
        ("? [1, 2]\n: x\n", "has a list or mapping as a key at line 1, column 3; keys must be plain values"),
        ("x: " + "[" * 70 + "]" * 70 + "\n", "nests values more than 64 levels deep at line 1, column 67; at most 64 are allowed"),
        ("1: one\ntrue: yes\n", "has the key True twice in one mapping, at line 1, column 1 and line 2, column 1; keep one"),
        ("a: &x [1, *x]\n", "has the alias *x at line 1, column 11 inside the value it names; aliases must not be recursive"),
        (
            "=: equals\n",
            "is not valid YAML at line 1, column 1: could not determine a constructor for the tag 'tag:yaml.org,2002:value'",
        ),
    ],
)
def test_what_the_reader_refuses_is_refused_with_its_message(text, message):
    with pytest.raises(YamlFileError) as refused:
        parse_yaml(text)
    assert str(refused.value) == message
