"""Every string a client may send is constrained in openapi.yaml so that what the schema allows, the server accepts.

The server refuses the NUL character in every field (400: no database column or page could hold it), so a request
string the contract leaves open to NUL is a schema-valid request the server rejects: schemathesis found one
(ST202 on the attendance import's `csv`) only when its fuzzer happened to generate a NUL. This check needs no
fuzzer and no server: it walks every schema a request body reaches and fails on a free string, that is one with no
enum, format or const, whose pattern is missing or matches a NUL.
"""

import re

import pytest
import yaml

from support.paths import REPO_ROOT


def _refs(node, found):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                found.add(value.rsplit("/", 1)[-1])
            else:
                _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)


def _free_strings_open_to_nul(schema_name, node, path, problems):
    if isinstance(node, dict):
        types = node.get("type")
        is_string = types == "string" or (isinstance(types, list) and "string" in types)
        if is_string and not any(key in node for key in ("enum", "format", "const")):
            pattern = node.get("pattern")
            if pattern is None:
                problems.append(f"{schema_name}{path}: a string with no pattern (add '^[^\\x00]*$' at least)")
            elif re.search(pattern, "text\x00text") is not None:
                problems.append(f"{schema_name}{path}: its pattern {pattern!r} matches a NUL, which the server refuses")
        for key, value in node.items():
            _free_strings_open_to_nul(schema_name, value, f"{path}/{key}", problems)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _free_strings_open_to_nul(schema_name, value, f"{path}/{index}", problems)


def _unbounded_integers(schema_name, node, path, problems):
    if isinstance(node, dict):
        types = node.get("type")
        is_integer = types == "integer" or (isinstance(types, list) and "integer" in types)
        if is_integer and "enum" not in node and "const" not in node:
            if "minimum" not in node or "maximum" not in node:
                problems.append(
                    f"{schema_name}{path}: an integer with no minimum or maximum (the server decodes a 64-bit integer "
                    "and checks a range: say which)"
                )
        for key, value in node.items():
            _unbounded_integers(schema_name, value, f"{path}/{key}", problems)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _unbounded_integers(schema_name, value, f"{path}/{index}", problems)


def request_strings_open_to_nul(contract, check=_free_strings_open_to_nul):
    schemas = contract["components"]["schemas"]
    reached = set()
    inline = []
    for path, operations in contract["paths"].items():
        for method, operation in operations.items():
            if isinstance(operation, dict) and "requestBody" in operation:
                _refs(operation["requestBody"], reached)
                inline.append((f"{method.upper()} {path} requestBody", operation["requestBody"]))
    while True:
        more = set()
        for name in reached:
            _refs(schemas.get(name, {}), more)
        if more <= reached:
            break
        reached |= more
    problems = []
    for name in sorted(reached):
        check(name, schemas[name], "", problems)
    for name, body in inline:
        check(name, body, "", problems)
    return problems


@pytest.mark.api
def test_every_string_a_client_sends_excludes_nul_in_the_contract():
    contract = yaml.safe_load((REPO_ROOT / "openapi.yaml").read_text())
    problems = request_strings_open_to_nul(contract)
    assert not problems, "openapi.yaml allows what the server refuses:\n" + "\n".join(problems)


@pytest.mark.api
def test_every_integer_a_client_sends_is_bounded_in_the_contract():
    # schemathesis found JoinPeerGroupRequest.acceptedVersion open: 5.8e36 is schema-valid and no Int can hold it (400).
    contract = yaml.safe_load((REPO_ROOT / "openapi.yaml").read_text())
    problems = request_strings_open_to_nul(contract, check=_unbounded_integers)
    assert not problems, "openapi.yaml allows integers the server cannot take:\n" + "\n".join(problems)


@pytest.mark.selftest
def test_the_integer_check_can_fail():
    contract = {
        "paths": {"/x": {"put": {"requestBody": {"$ref": "#/components/schemas/X"}}}},
        "components": {
            "schemas": {
                "X": {"properties": {"a": {"type": "integer"}, "b": {"type": "integer", "minimum": 1, "maximum": 9},
                                     "c": {"type": "integer", "enum": [1, -1]}, "d": {"type": "integer", "minimum": 0}}},
            }
        },
    }  # fmt: skip
    problems = request_strings_open_to_nul(contract, check=_unbounded_integers)
    assert [p.split(":")[0] for p in problems] == ["X/properties/a", "X/properties/d"], problems


@pytest.mark.selftest
def test_the_contract_check_can_fail():
    contract = {
        "paths": {"/x": {"post": {"requestBody": {"$ref": "#/components/schemas/X"}}}},
        "components": {
            "schemas": {
                "X": {"properties": {"a": {"type": "string"}, "b": {"$ref": "#/components/schemas/Y"}}},
                "Y": {"properties": {"c": {"type": "string", "pattern": ".*"}, "d": {"type": "string", "enum": ["z"]}}},
            }
        },
    }
    problems = request_strings_open_to_nul(contract)
    assert len(problems) == 2, problems
    assert problems[0].startswith("X/properties/a: a string with no pattern")
    assert "Y/properties/c" in problems[1]


@pytest.mark.api
def test_every_post_documents_the_idempotency_key():
    # IdempotencyKeys honours the header on every POST of the API; the contract says so on each, or a client
    # reading one operation would not know it may retry safely.
    contract = yaml.safe_load((REPO_ROOT / "openapi.yaml").read_text())
    missing = [
        path
        for path, operations in contract["paths"].items()
        if "post" in operations
        and {"$ref": "#/components/parameters/IdempotencyKey"} not in operations["post"].get("parameters", [])
    ]
    assert not missing, "POST operations without the Idempotency-Key parameter: " + ", ".join(missing)


@pytest.mark.api
def test_every_page_parameter_is_one_to_a_hundred_thousand():
    # RequestInjection refuses a page outside 1...100,000 for every operation at once (400); the contract must say
    # the same of each `page` it declares, or schemathesis finds a valid page refused or an invalid one accepted.
    contract = yaml.safe_load((REPO_ROOT / "openapi.yaml").read_text())
    wrong = []
    for path, operations in contract["paths"].items():
        for method, operation in operations.items():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("name") == "page" and parameter.get("in") == "query":
                    schema = parameter.get("schema", {})
                    if (schema.get("type"), schema.get("minimum"), schema.get("maximum")) != ("integer", 1, 100000):
                        wrong.append(f"{method.upper()} {path}: {schema}")
    assert not wrong, "page parameters that are not integers from 1 to 100,000:\n" + "\n".join(wrong)
