"""What we write reads the same in YAML 1.1 (PyYAML) and YAML 1.2 (ruamel.yaml, as Go's yaml packages read it)."""

from __future__ import annotations

import io

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from org_components.yaml_writing import LiteralText, ambiguous, dump


def read_1_2(text: str):
    return YAML(typ="safe", pure=True).load(io.StringIO(text))


SHAPES = [
    "011089430137",  # a string to YAML 1.1 (8 is no octal digit), a number to 1.2
    "012345670123",  # octal to YAML 1.1
    "123456789012",
    "0o17",
    "0x1F",
    "1e3",
    "+1",
    ".5",
    "-.inf",
    ".NaN",
    "y",
    "N",
    "yes",
    "Off",
    "true",
    "NULL",
    "~",
    "",
    "2026-12-06",
    "1_000",
    "<<",
    "=",
]


def test_every_shape_reads_back_as_the_same_string_in_both_versions():
    written = dump({"values": SHAPES})
    assert yaml.safe_load(written) == {"values": SHAPES}
    assert read_1_2(written) == {"values": SHAPES}


def test_ids_are_quoted_and_plain_names_are_not():
    assert dump({"id": "011089430137", "name": "shared-services"}) == "id: '011089430137'\nname: shared-services\n"
    assert ambiguous("011089430137") and ambiguous("y") and not ambiguous("shared-services")


def test_policy_text_is_a_literal_block_with_its_exact_characters():
    text = '{\n  "Version": "2012-10-17",\n  "Statement": []\n}'
    written = dump({"content": LiteralText(text)})
    assert written == 'content: |-\n  {\n    "Version": "2012-10-17",\n    "Statement": []\n  }\n'
    assert yaml.safe_load(written)["content"] == read_1_2(written)["content"] == text


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40), st.booleans())
def test_any_text_reads_back_identical(text, literal):
    value = {"text": LiteralText(text) if literal else text, "list": [text]}
    written = dump(value)
    assert yaml.safe_load(written) == read_1_2(written) == {"text": text, "list": [text]}
