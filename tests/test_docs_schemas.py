"""The JSON schemas of docs/reference/schemas/ against real command output.

``tradegame solve|analyze|compare|validate --format json`` is run in-process on the built-in
scenarios (and a small ``.efg`` tree) and each output is checked against its schema, so the
schemas published in the docs (docs/reference/json-schemas.md) cannot drift from the code.

The checker is a small one written here (no jsonschema dependency). It implements the subset
of JSON Schema 2020-12 the schemas use and refuses any other keyword, so a schema cannot rely on
a rule that nothing checks.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

import tradegame as tg
from tradegame.cli import main

SCHEMAS = Path(__file__).parent.parent / "docs" / "reference" / "schemas"
PAGE = Path(__file__).parent.parent / "docs" / "reference" / "json-schemas.md"

ANNOTATIONS = {"$schema", "$comment", "title", "description", "$defs"}
KEYWORDS = ANNOTATIONS | {
    "$ref",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "minItems",
    "enum",
    "const",
    "oneOf",
    "anyOf",
    "minimum",
    "maximum",
    "pattern",
}
TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    # 2020-12: an integer is a number without a fractional part (1.0 counts)
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool))
        or (isinstance(v, float) and v.is_integer())
    ),
}


def errors(value: Any, schema: dict[str, Any], root: dict[str, Any], at: str = "$") -> list[str]:
    """Every way ``value`` breaks ``schema`` (empty when it conforms), each with its path."""
    unknown = set(schema) - KEYWORDS
    if unknown:
        raise ValueError(f"{at}: the checker does not implement {sorted(unknown)}")
    found: list[str] = []
    if "$ref" in schema:
        ref = schema["$ref"]
        if not ref.startswith("#/$defs/"):
            raise ValueError(f"{at}: only local '#/$defs/...' references, got {ref!r}")
        found += errors(value, root["$defs"][ref.removeprefix("#/$defs/")], root, at)
    if "type" in schema:
        kinds = [schema["type"]] if isinstance(schema["type"], str) else schema["type"]
        if not any(TYPES[k](value) for k in kinds):
            return [*found, f"{at}: expected {' or '.join(kinds)}, got {json.dumps(value)[:60]}"]
    if "const" in schema and value != schema["const"]:
        found.append(f"{at}: expected {schema['const']!r}, got {value!r}")
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{at}: expected one of {schema['enum']}, got {value!r}")
    if TYPES["number"](value):
        if "minimum" in schema and value < schema["minimum"]:
            found.append(f"{at}: {value} < minimum {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            found.append(f"{at}: {value} > maximum {schema['maximum']}")
    if isinstance(value, str) and "pattern" in schema and not re.search(schema["pattern"], value):
        found.append(f"{at}: {value!r} does not match {schema['pattern']!r}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            found.append(f"{at}: fewer than {schema['minItems']} items")
        if "items" in schema:
            for k, item in enumerate(value):
                found += errors(item, schema["items"], root, f"{at}[{k}]")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        missing = [key for key in schema.get("required", ()) if key not in value]
        found += [f"{at}: missing {key!r}" for key in missing]
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in properties:
                found += errors(item, properties[key], root, f"{at}.{key}")
            elif extra is False:
                found.append(f"{at}: unexpected key {key!r}")
            elif isinstance(extra, dict):
                found += errors(item, extra, root, f"{at}.{key}")
    if "anyOf" in schema:
        branches = [errors(value, s, root, at) for s in schema["anyOf"]]
        if all(branches):
            found.append(f"{at}: matches none of anyOf: " + " | ".join(b[0] for b in branches))
    if "oneOf" in schema:
        branches = [errors(value, s, root, at) for s in schema["oneOf"]]
        matched = sum(not b for b in branches)
        if matched != 1:
            detail = (
                " | ".join(b[0] for b in branches) if matched == 0 else f"{matched} branches match"
            )
            found.append(f"{at}: must match exactly one of oneOf: {detail}")
    return found


def schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


def run_json(capsys: pytest.CaptureFixture[str], *argv: str, status: tuple[int, ...] = (0,)):
    code = main(list(argv))
    out = capsys.readouterr().out
    assert code in status, out
    return json.loads(out)


def assert_conforms(value: Any, name: str) -> None:
    root = schema(name)
    problems = errors(value, root, root)
    assert not problems, "\n".join(problems[:20])


def walk(node: Any, at: str = "$"):
    """Every subschema of a schema document, with its path."""
    if isinstance(node, dict):
        yield at, node
        for key in ("properties", "$defs"):
            for name, sub in node.get(key, {}).items():
                yield from walk(sub, f"{at}.{key}.{name}")
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                yield from walk(node[key], f"{at}.{key}")
        for key in ("oneOf", "anyOf"):
            for k, sub in enumerate(node.get(key, [])):
                yield from walk(sub, f"{at}.{key}[{k}]")


NAMES = ("solve", "analyze", "compare", "validate")


@pytest.mark.parametrize("name", NAMES)
def test_schemas_use_only_checked_keywords_and_resolve_every_reference(name: str) -> None:
    root = schema(name)
    assert root["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert root["title"].startswith(f"tradegame {name} ")
    for at, sub in walk(root):
        assert set(sub) <= KEYWORDS, f"{name}: {at}: {sorted(set(sub) - KEYWORDS)}"
        if "$ref" in sub:
            assert sub["$ref"].removeprefix("#/$defs/") in root["$defs"], f"{name}: {at}"
        for kind in [sub["type"]] if isinstance(sub.get("type"), str) else sub.get("type", []):
            assert kind in TYPES, f"{name}: {at}: type {kind!r}"
        for key in sub.get("required", []):
            assert key in sub.get("properties", {}), f"{name}: {at}: required {key!r} undefined"


def test_the_page_shows_every_schema() -> None:
    page = PAGE.read_text(encoding="utf-8")
    files = sorted(p.name for p in SCHEMAS.glob("*.json"))
    assert files == sorted(f"{n}.schema.json" for n in NAMES)
    for name in files:
        assert f'--8<-- "reference/schemas/{name}"' in page, name
        assert f"(schemas/{name})" in page, name  # the download link


@pytest.mark.parametrize("name", ["tariff_chicken", "rare_earth_escalation_2025"])
def test_solve_output_conforms(capsys: pytest.CaptureFixture[str], name: str) -> None:
    doc = run_json(capsys, "solve", name, "--format", "json")
    assert_conforms(doc, "solve")
    assert isinstance(doc, dict)


def test_solve_output_of_several_games_is_an_array_that_conforms(capsys) -> None:
    doc = run_json(capsys, "solve", "tariff_chicken", "tariff_war_2025", "--format", "json")
    assert [d["game"]["name"] for d in doc] == ["Tariff chicken", "US-China tariff war (2025)"]
    assert_conforms(doc, "solve")


def test_solve_exact_profiles_conform(capsys: pytest.CaptureFixture[str]) -> None:
    doc = run_json(capsys, "solve", "tariff_chicken", "--exact", "--format", "json")
    assert any("profile_exact" in e for e in doc["equilibria"])
    assert_conforms(doc, "solve")


ANALYSES = [
    (name, kind)
    for name in tg.list_scenarios()["name"]
    for kind in tg.analyses.available(tg.load_scenario(name))
]


@pytest.mark.parametrize(("name", "kind"), ANALYSES)
def test_analyze_output_conforms(capsys: pytest.CaptureFixture[str], name: str, kind: str) -> None:
    doc = run_json(capsys, "analyze", name, f"--{kind}", "--format", "json")
    assert doc["analysis"] == kind
    assert_conforms(doc, "analyze")


def test_every_analysis_is_exercised() -> None:
    assert {kind for _, kind in ANALYSES} == set(tg.analyses.ANALYSES)


def test_analyze_output_of_a_game_tree_conforms(capsys, tmp_path: Path) -> None:
    from tradegame.extensive import GameTree, chance, decision, terminal

    tree = GameTree(
        decision(
            "Challenger",
            {
                "in": decision(
                    "Incumbent", {"acquiesce": terminal([2, 1]), "fight": terminal([0, 0])}
                ),
                "out": chance({"calm": (0.5, terminal([1, 2])), "storm": (0.5, terminal([1, 0]))}),
            },
        ),
        ("Challenger", "Incumbent"),
        name="entry",
    )
    path = tg.write_efg(tree, tmp_path / "entry.efg")
    doc = run_json(capsys, "analyze", str(path), "--sequential", "--format", "json")
    assert doc["game"]["decision_nodes"] == 2
    assert_conforms(doc, "analyze")


def test_compare_output_conforms(capsys: pytest.CaptureFixture[str]) -> None:
    doc = run_json(
        capsys,
        "compare",
        "quid_pro_quo_busan_2025",
        "rare_earth_escalation_2025",
        "--format",
        "json",
    )
    assert {r["scenario"] for r in doc} == {"quid_pro_quo_busan_2025", "rare_earth_escalation_2025"}
    assert_conforms(doc, "compare")


def test_compare_output_with_variants_conforms(capsys: pytest.CaptureFixture[str]) -> None:
    doc = run_json(
        capsys,
        "compare",
        "tariff_war_2025",
        "--variant",
        "file:",
        "--variant",
        "inelastic: us_imports_china.eps_d=0.5",
        "--format",
        "json",
    )
    assert {r["variant"] for r in doc} == {"file", "inelastic"}
    assert_conforms(doc, "compare")


def test_validate_output_conforms(capsys: pytest.CaptureFixture[str]) -> None:
    doc = run_json(capsys, "validate", "--format", "json", status=(0, 3))
    assert doc["moments"]
    assert_conforms(doc, "validate")


# The checker itself: it must reject what the schemas forbid, or the tests above say nothing.


@pytest.fixture(scope="module")
def solved() -> dict[str, Any]:
    return tg.solve(tg.load_scenario("tariff_chicken").game()).to_dict()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("tolerance"), "$: missing 'tolerance'"),
        (lambda d: d.update(complete="yes"), "$.complete: expected boolean"),
        (lambda d: d.update(extra=1), "$: unexpected key 'extra'"),
        (lambda d: d["equilibria"][0].update(max_regret=-1.0), "< minimum 0"),
        (lambda d: d["equilibria"][0]["payoffs"].update(China="1"), "expected number"),
        (lambda d: d["game"].update(players=[1, 2]), "$.game.players[0]: expected string"),
    ],
)
def test_the_checker_rejects_broken_documents(solved, change, message: str) -> None:
    root = schema("solve")
    assert errors(solved, root, root) == []
    broken = copy.deepcopy(solved)
    change(broken)
    problems = errors(broken, root, root)
    assert problems
    assert any(message in p for p in problems), problems


def test_the_checker_reads_one_of_and_any_of_strictly() -> None:
    root = {"oneOf": [{"type": "number"}, {"type": "integer"}]}
    assert errors(1.5, root, root) == []
    assert errors(2, root, root) == ["$: must match exactly one of oneOf: 2 branches match"]
    real = schema("analyze")["$defs"]["real"]
    assert [bool(errors(v, real, real)) for v in (1.0, "inf", None, "infinity", True)] == [
        False,
        False,
        False,
        True,
        True,
    ]


def test_the_checker_refuses_keywords_it_does_not_implement() -> None:
    with pytest.raises(ValueError, match=r"does not implement \['maxItems'\]"):
        errors([], {"maxItems": 1}, {})
