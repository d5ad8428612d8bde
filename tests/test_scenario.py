"""Scenario files: loading by name and path, and a one-line error for each mistake."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import tradegame as tg

VALID = """
format = 1
name = "mini"
title = "Mini"
description = "A small test game."
model = "explicit"

[source]
citation = "Test fixture (2026)."
confidence = "illustrative"

[[players]]
name = "US"
strategies = ["low", "high"]

[[players]]
name = "China"
strategies = [{ name = "licence" }, { name = "ban", description = "October 2025 regime" }]

[payoffs]
US = [[1, 2], [3, 4]]
China = [[4, 3], [2, 1]]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "case.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_builtin_scenarios_load_build_and_solve() -> None:
    names = tg.list_scenarios()["name"].tolist()
    assert {"tariff_prisoners_dilemma", "tariff_chicken"} <= set(names)
    for name in names:
        scenario = tg.load_scenario(name)
        assert scenario.citation and scenario.confidence in tg.scenario.CONFIDENCE_LEVELS
        result = tg.solve(scenario.game())
        # every 2-player game has an equilibrium and the solvers find one; the pure solver of
        # N-player games finds none in the alliance game, which has only mixed equilibria
        assert result.complete
        assert len(result) >= 1 or (len(scenario.players) > 2 and result.method == "pure")


def test_chicken_scenario_has_two_pure_and_one_mixed() -> None:
    result = tg.solve(tg.load_scenario("tariff_chicken").game())
    assert sorted(e.pure for e in result) == [False, True, True]


def test_valid_file_with_strategy_tables(tmp_path: Path) -> None:
    scenario = tg.load_scenario(write(tmp_path, VALID))
    game = scenario.game()
    assert game.strategies == (("low", "high"), ("licence", "ban"))
    assert "Test fixture" in game.source and "illustrative" in game.source


@pytest.mark.parametrize(
    ("old", "new", "key", "message"),
    [
        (
            'confidence = "illustrative"',
            'confidence = "sure"',
            "source.confidence",
            "expected one of high, medium, low, illustrative, got 'sure'",
        ),
        (
            'citation = "Test fixture (2026)."\n',
            "",
            "source.citation",
            "missing; expected a string",
        ),
        (
            "US = [[1, 2], [3, 4]]",
            "US = [[1, 2], [3, 4], [5, 6]]",
            "payoffs.US",
            r"has 3 entries along axis 0; strategies imply shape \(2, 2\)",
        ),
        (
            "US = [[1, 2], [3, 4]]",
            'US = [[1, 2], [3, "x"]]',
            r"payoffs.US\[1, 1\]",
            "expected a number, got 'x'",
        ),
        (
            "US = [[1, 2], [3, 4]]",
            "US = [[1, 2], [3, nan]]",
            r"payoffs.US\[1, 1\]",
            "payoffs must be finite",
        ),
        (
            "US = [[1, 2], [3, 4]]",
            "EU = [[1, 2], [3, 4]]",
            "payoffs.EU",
            "unknown player 'EU'; players are: US, China",
        ),
        ('model = "explicit"', 'model = "cge"', "model", "unknown model 'cge'"),
        ("format = 1", "format = 7", "format", "unsupported format version 7"),
        ('title = "Mini"', 'title = "Mini"\ncolour = "red"', "colour", "unknown key"),
        (
            'strategies = ["low", "high"]',
            'strategies = ["low", "low"]',
            r"players\[0\].strategies\[1\]",
            "strategy 'low' appears twice for 'US'",
        ),
        (
            'strategies = ["low", "high"]',
            "strategies = []",
            r"players\[0\].strategies",
            "expected a non-empty list",
        ),
        ('name = "China"', 'name = "US"', r"players\[1\].name", "player 'US' appears twice"),
        (
            '{ name = "licence" }',
            '{ name = "licence", tarif = 0.2 }',
            r"players\[1\].strategies\[0\].tarif",
            "unknown key",
        ),
    ],
)
def test_each_mistake_names_file_key_and_expectation(tmp_path, old, new, key, message) -> None:
    assert old in VALID
    path = write(tmp_path, VALID.replace(old, new, 1))
    with pytest.raises(tg.ScenarioError, match=f"{key}: {message}") as info:
        tg.load_scenario(path)
    assert str(info.value).startswith(str(path))
    assert "\n" not in str(info.value)


def test_missing_source_table(tmp_path: Path) -> None:
    text = VALID.replace(
        '[source]\ncitation = "Test fixture (2026)."\nconfidence = "illustrative"\n', ""
    )
    with pytest.raises(
        tg.ScenarioError, match="source: missing; every scenario needs a \\[source\\] table"
    ):
        tg.load_scenario(write(tmp_path, text))


def test_malformed_toml(tmp_path: Path) -> None:
    with pytest.raises(tg.ScenarioError, match=r"case\.toml: not valid TOML"):
        tg.load_scenario(write(tmp_path, "format = = 1"))


def test_missing_file_and_unknown_name(tmp_path: Path) -> None:
    with pytest.raises(tg.ScenarioError, match=r"nothere\.toml: file not found"):
        tg.load_scenario(tmp_path / "nothere.toml")
    with pytest.raises(
        tg.ScenarioError, match="no such scenario file or built-in scenario; built-in scenarios: "
    ):
        tg.load_scenario("atlantis")


def test_scenario_files_are_never_executed(tmp_path: Path) -> None:
    text = VALID.replace("US = [[1, 2], [3, 4]]", "US = \"__import__('os').system('echo pwned')\"")
    with pytest.raises(tg.ScenarioError, match=r"payoffs.US: expected a nested array"):
        tg.load_scenario(write(tmp_path, text))


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.encode())
    assert tg.load_scenario(path).players == tg.load_scenario(write(tmp_path, VALID)).players


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x = " + "[" * 5000 + "]" * 5000, "arrays or tables nested too deeply"),
        ('NFG 1 R "t" { "a" "b" } { 1 1 } 1 2', "is a Gambit .nfg game, not a scenario"),
        (VALID.replace("format = 1", 'format = "1"'), "expected a whole number such as 2"),
        (VALID.replace("format = 1", "format = 3"), "unsupported format version 3"),
        (VALID.replace('name = "US"', 'name = "US "'), "must not start or end with white space"),
    ],
)
def test_file_level_problems(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(tg.ScenarioError, match=message):
        tg.load_scenario(write(tmp_path, text))


def test_too_many_profiles_are_refused_before_payoffs_are_built(tmp_path: Path) -> None:
    menu = ", ".join(f'"s{j}"' for j in range(10))
    players = "".join(f'[[players]]\nname = "P{k}"\nstrategies = [{menu}]\n' for k in range(8))
    text = (
        'format = 1\nname = "big"\n[source]\ncitation = "x"\nconfidence = "illustrative"\n'
        + players
    )
    with pytest.raises(
        tg.ScenarioError,
        match=r"players: a 10x10x10x10x10x10x10x10 game has "
        r"100,000,000 pure profiles",
    ):
        tg.load_scenario(write(tmp_path, text))
    with pytest.raises(tg.ScenarioError, match=r"4 pure profiles, more than the limit of 3"):
        tg.load_scenario("tariff_chicken", max_profiles=3)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: tg.load_scenario(None), tg.ScenarioError, "expected a built-in scenario name"),
        (
            lambda: tg.load_scenario("india_magnet_shortage_2025", ["alpha"]),
            tg.ParameterError,
            "overrides must be a mapping of parameter names to values",
        ),
        (
            lambda: tg.load_scenario("india_magnet_shortage_2025", {"sigma": []}),
            tg.ParameterError,
            r"override sigma must be one number",
        ),
        (  # a list would silently become its first value in .game()
            lambda: tg.load_scenario("india_magnet_shortage_2025", {"alpha": [0.005, 0.03]}),
            tg.ParameterError,
            r"override alpha must be one number",
        ),
        (
            lambda: tg.load_scenario("india_magnet_shortage_2025").payoff_tensors({"sigma": []}),
            tg.ParameterError,
            r"sigma: give a number or a non-empty array of values; got shape \(0,\)",
        ),
        (
            lambda: tg.load_scenario("india_magnet_shortage_2025", {"T": 2.0, "lead_time": 3.0}),
            tg.ScenarioError,
            "T and lead_time both set lead_time; give one of them",
        ),
        (
            lambda: tg.load_scenario("india_magnet_shortage_2025", {5: 1}),
            tg.ParameterError,
            "override names are strings",
        ),
        (
            lambda: tg.load_scenario("india_magnet_shortage_2025").payoff_tensors([("alpha", 1)]),
            tg.ParameterError,
            "values must be a mapping",
        ),
        (
            lambda: tg.load_scenario("metallic_alliance_2026", {"pool_value": 1.7e308}).game(),
            tg.ParameterError,
            "the model cannot be evaluated at pool_value=1.7e",
        ),
        (
            lambda: tg.load_scenario("tariff_chicken", max_profiles="4"),
            tg.ParameterError,
            "max_profiles must be a positive whole number; got '4'",
        ),
    ],
)
def test_bad_arguments_raise_the_package_errors(call, error, message) -> None:
    with pytest.raises(error, match=message):
        call()


def test_a_batch_too_large_for_one_call_is_refused_before_it_is_built() -> None:
    scenario = tg.load_scenario("metallic_alliance_2026")
    with pytest.raises(
        tg.ParameterError,
        match=r"50,000 parameter points of this 6-player scenario need 14,400,000 payoffs at once",
    ):
        scenario.payoff_tensors({"sigma": np.full(50_000, 0.2)})


def test_players_named_without_ascii_letters_get_positional_keys(tmp_path):
    """'中国' and '美国' have no ASCII letters to make a key of: they must not share one."""
    text = tg.load_scenario("tariff_chicken").path.read_text(encoding="utf-8")
    text = text[: text.index("# Strategic analyses")]
    for old, new in (("United States", "美国"), ("China", "中国")):
        text = text.replace(f'name = "{old}"', f'name = "{new}"').replace(
            f'"{old}" = ', f'"{new}" = '
        )
    path = tmp_path / "cjk.toml"
    path.write_text(text, encoding="utf-8")
    scenario = tg.load_scenario(path)
    assert scenario.players == ("美国", "中国")
    assert tg.solve(scenario.game()).complete


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("busan", "quid_pro_quo_busan_2025"), ("tariff_chiken", "tariff_chicken")],
)
def test_an_unknown_name_suggests_the_built_in_meant(typed, meant):
    with pytest.raises(tg.ScenarioError, match=rf"did you mean {meant}\?; built-in scenarios:"):
        tg.load_scenario(typed)


def test_with_overrides_adds_to_the_overrides_and_checks_them() -> None:
    s = tg.load_scenario("india_magnet_shortage_2025", {"mcpf": 1.2})
    t = s.with_overrides({"sigma": 0.2}).with_overrides({"mcpf": 1.3})
    assert dict(t.overrides) == {"mcpf": 1.3, "sigma": 0.2}
    assert t == tg.load_scenario("india_magnet_shortage_2025", {"mcpf": 1.3, "sigma": 0.2})
    with pytest.raises(tg.ParameterError, match="override sigma must be one number"):
        s.with_overrides({"sigma": [0.1, 0.2]})
    with pytest.raises(tg.ScenarioError, match="sigma must be >= 0"):
        s.with_overrides({"sigma": -1})
