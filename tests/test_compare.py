"""Scenario comparison: `tradegame.compare.compare`, `headline` and `tradegame compare`.

Every change is checked against payoffs computed independently with
``solve(load_scenario(...).game())``; chicken's three equilibria are those of
Rapoport and Guyer (1966), "A taxonomy of 2x2 games", General Systems 11,
203-214, game 66: (concede, escalate) with payoffs (2, 4), both mixing 1/2
with (2.5, 2.5), and (escalate, concede) with (4, 2).
"""

from __future__ import annotations

import importlib
import io
import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tradegame as tg
from tradegame.cli import main
from tradegame.compare import COLUMNS, HEADLINE_COLUMNS, PLAIN_VARIANT, compare, headline
from tradegame.errors import EquilibriumWarning, ParameterError, ScenarioError
from tradegame.scenario import parse_scenario
from tradegame.solvers.result import verified_result

QUID = "quid_pro_quo_busan_2025"
RARE = "rare_earth_escalation_2025"
INDIA = "india_magnet_shortage_2025"
DAYS = "india.inventory_days"
INVENTORIES = {"21 days": {DAYS: 21}, "90 days": {DAYS: 90}}


def solved(name: str, overrides: dict | None = None) -> tuple[tg.Scenario, tg.SolverResult]:
    scenario = tg.load_scenario(name, overrides)
    return scenario, tg.solve(scenario.game())


def payoffs_of(name: str, overrides: dict | None = None, k: int = 0) -> dict[str, float]:
    scenario, result = solved(name, overrides)
    return dict(zip(scenario.players, result.equilibria[k].payoffs.tolist(), strict=True))


def rows(frame: pd.DataFrame, **where: object) -> pd.DataFrame:
    mask = np.ones(len(frame), dtype=bool)
    for column, value in where.items():
        mask &= (frame[column] == value).to_numpy()
    return frame[mask]


# ----------------------------------------------------------------------- the frame


def test_quid_pro_quo_and_escalation_share_units_and_changes_are_payoff_differences() -> None:
    assert tg.load_scenario(QUID).payoff_units == tg.load_scenario(RARE).payoff_units
    frame = compare([QUID, RARE])
    assert tuple(frame.columns) == COLUMNS
    base = payoffs_of(QUID)
    for name in (QUID, RARE):
        scenario, result = solved(name)
        part = rows(frame, scenario=name)
        assert len(part) == len(result) * len(scenario.players)
        assert set(part["variant"]) == {PLAIN_VARIANT}
        for k, eq in enumerate(result):
            for player, payoff in zip(scenario.players, eq.payoffs.tolist(), strict=True):
                row = rows(part, equilibrium=k, player=player).iloc[0]
                assert row.payoff == payoff
                if player in base:
                    assert row.baseline_payoff == base[player]
                    assert row.change == payoff - base[player]
                    assert row.change_pct == pytest.approx(
                        100 * (payoff - base[player]) / abs(base[player]), rel=1e-12
                    )
                else:  # EU, Japan and India are not players of the Busan game
                    assert math.isnan(row.baseline_payoff) and math.isnan(row.change)
                    assert math.isnan(row.change_pct) and not row.gains and not row.loses
    assert frame.attrs["units"] == tg.load_scenario(QUID).payoff_units
    assert set(frame["units"]) == {frame.attrs["units"]}
    assert frame["complete"].all()


def test_the_baselines_own_change_is_zero() -> None:
    frame = compare([QUID, RARE], baseline=RARE)
    own = rows(frame, scenario=RARE, equilibrium=0)
    assert (own["change"] == 0.0).all() and not own["gains"].any() and not own["loses"].any()
    # the Busan game's players are all in the escalation game: no NaN
    assert rows(frame, scenario=QUID)["change"].notna().all()
    assert frame.attrs["baseline"]["scenario"] == RARE


def test_dtypes_are_stable() -> None:
    frame = compare("tariff_chicken")
    assert frame["equilibrium"].dtype == np.int64
    for column in ("pure", "gains", "loses", "complete"):
        assert frame[column].dtype == bool
    for column in ("payoff", "baseline_payoff", "change", "change_pct"):
        assert frame[column].dtype == np.float64


def test_inventory_variants_of_india_change_sign_with_the_baseline() -> None:
    short = payoffs_of(INDIA, {DAYS: 21})["India"]
    long = payoffs_of(INDIA, {DAYS: 90})["India"]
    assert short < 0 == long  # 21 days of stocks: India mixes into a stockpile at a cost
    frame = compare(INDIA, variants=INVENTORIES)
    assert list(dict.fromkeys(frame["variant"])) == ["21 days", "90 days"]
    india = rows(frame, variant="90 days", player="India").iloc[0]
    assert india.change == long - short and india.change > 0 and india.gains
    assert india.change_pct == pytest.approx(100.0)
    assert india.strategy == "private inventories only" and india.pure
    mixed = rows(frame, variant="21 days", player="India").iloc[0]
    assert not mixed.pure and re.fullmatch(
        r"0\.\d+ private inventories only \+ 0\.\d+ 60-day stockpile", mixed.strategy
    )
    frame = compare(INDIA, variants=INVENTORIES, baseline="90 days")
    india = rows(frame, variant="21 days", player="India").iloc[0]
    assert india.change == short - long and india.change < 0 and india.loses
    # the 90-day baseline is the status quo: every payoff is zero, so no percentage
    assert frame["change_pct"].isna().all()
    assert frame.attrs["overrides"][INDIA] == {"21 days": {DAYS: 21.0}, "90 days": {DAYS: 90.0}}


def test_overrides_apply_to_every_variant_and_a_variant_wins() -> None:
    frame = compare(INDIA, overrides={DAYS: 90}, variants={"common": {}, "short": {DAYS: 21}})
    assert frame.attrs["overrides"][INDIA] == {"common": {DAYS: 90.0}, "short": {DAYS: 21.0}}
    assert rows(frame, variant="common", player="India").payoff.item() == 0.0
    short = payoffs_of(INDIA, {DAYS: 21})["India"]
    assert rows(frame, variant="short", player="India").payoff.item() == short


def test_a_scenario_with_overrides_is_a_variant_named_by_them() -> None:
    plain = tg.load_scenario(INDIA)
    long = tg.load_scenario(INDIA, {DAYS: 90})
    frame = compare([plain, long])
    assert list(dict.fromkeys(frame["variant"])) == [PLAIN_VARIANT, "india.inventory_days=90"]
    frame = compare(INDIA, overrides={DAYS: 21})
    assert set(frame["variant"]) == {"india.inventory_days=21"}
    close = [tg.load_scenario(QUID, {"sigma": x}) for x in (0.1234567, 0.1234568)]
    names = list(dict.fromkeys(compare(close)["variant"]))
    assert names == ["sigma=0.1234567", "sigma=0.1234568"]  # six digits would merge them


def test_a_baseline_with_several_equilibria_is_its_first_unless_told() -> None:
    frame = compare("tariff_chicken")
    assert frame.attrs["baseline"] == {
        "scenario": "tariff_chicken",
        "variant": PLAIN_VARIANT,
        "equilibrium": 0,
        "equilibria": 3,
        "profile": "United States: concede; China: escalate",
    }
    assert (frame["baseline_payoff"].to_numpy() == [2, 4] * 3).all()
    assert frame["payoff"].tolist() == [2, 4, 2.5, 2.5, 4, 2]
    mixed = rows(frame, equilibrium=1)
    assert mixed["strategy"].tolist() == ["1/2 concede + 1/2 escalate"] * 2
    assert mixed["profile"].iloc[0] == (
        "United States: 1/2 concede + 1/2 escalate; China: 1/2 concede + 1/2 escalate"
    )
    frame = compare("tariff_chicken", baseline_equilibrium=1)
    assert frame["change"].tolist() == [-0.5, 1.5, 0, 0, 1.5, -0.5]
    assert frame["change_pct"].tolist() == [-20.0, 60.0, 0, 0, 60.0, -20.0]
    assert frame.attrs["baseline"]["equilibrium"] == 1


# ----------------------------------------------------------------------- headline


def test_headline_says_who_gains_and_who_loses() -> None:
    frame = compare([QUID, RARE])
    head = headline(frame)
    assert tuple(head.columns) == HEADLINE_COLUMNS and len(head) == 2
    base, escalation = head.iloc[0], head.iloc[1]
    assert base.winners == base.losers == "" and base.total_change == 0.0
    assert math.isnan(base.largest_gain) and base.largest_gain_player == ""
    changes = rows(frame, scenario=RARE).set_index("player")["change"]
    order = changes.dropna().sort_values(ascending=False)
    assert (order > 0).all()  # both Busan players do better in the escalation equilibrium
    assert escalation.winners == ", ".join(order.index) and escalation.losers == ""
    assert escalation.largest_gain_player == order.index[0]
    assert escalation.largest_gain == order.iloc[0]
    assert escalation.total_change == pytest.approx(order.sum(), rel=1e-15)
    assert escalation.not_in_baseline == "EU, Japan, India"
    assert head.attrs == frame.attrs


def test_headline_of_chicken_against_its_mixed_equilibrium() -> None:
    head = headline(compare("tariff_chicken", baseline_equilibrium=1))
    assert head["winners"].tolist() == ["China", "", "United States"]
    assert head["losers"].tolist() == ["United States", "", "China"]
    assert head["largest_gain"].tolist()[::2] == [1.5, 1.5]
    assert head["largest_loss"].tolist()[::2] == [-0.5, -0.5]
    assert head["largest_loss_player"].tolist() == ["United States", "", "China"]
    assert head["total_change"].tolist() == [1.0, 0.0, 1.0]
    assert head["pure"].tolist() == [True, False, True]


def test_headline_of_an_empty_selection_has_the_columns() -> None:
    frame = compare("tariff_chicken")
    head = headline(frame[frame["equilibrium"] > 5])
    assert tuple(head.columns) == HEADLINE_COLUMNS and head.empty


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        ([1, 2], "headline needs the DataFrame compare() returns; got list"),
        (pd.DataFrame({"scenario": []}), "it lacks the columns variant, equilibrium, player"),
    ],
)
def test_headline_refuses_other_input(frame, message) -> None:
    with pytest.raises(ParameterError, match=re.escape(message)):
        headline(frame)


# ---------------------------------------------------------------- payoff scale


def explicit(name: str, units: str, us: np.ndarray, cn: np.ndarray) -> tg.Scenario:
    data = {
        "name": name,
        "model": "explicit",
        "payoff_units": units,
        "source": {"citation": "test", "confidence": "illustrative"},
        "players": [
            {"name": "United States", "strategies": ["a", "b"]},
            {"name": "China", "strategies": ["c", "d"]},
        ],
        "payoffs": {"United States": us.tolist(), "China": cn.tolist()},
    }
    return parse_scenario(data, Path(f"{name}.toml"))


games = hnp.arrays(np.int64, (4, 2, 2), elements=st.integers(-5, 5))


@settings(max_examples=25, deadline=None)
@given(games, st.integers(-1000, 1000), st.integers(-1000, 1000))
def test_gains_and_losses_do_not_depend_on_the_payoff_scale(tensor, shift_us, shift_cn) -> None:
    """Payoffs x 1e9 plus an offset per player: the same gains and losses, changes x 1e9."""
    shift = np.array([shift_us, shift_cn])[:, None, None]
    small = [explicit("a", "bn", *tensor[:2]), explicit("b", "bn", *tensor[2:])]
    large = [
        explicit("a", "USD", *(tensor[:2] * 1e9 + shift)),
        explicit("b", "USD", *(tensor[2:] * 1e9 + shift)),
    ]
    one, other = compare(small), compare(large)
    assert len(one) == len(other)
    for column in ("gains", "loses", "pure", "strategy", "equilibrium"):
        assert one[column].tolist() == other[column].tolist()
    np.testing.assert_allclose(other["change"], one["change"] * 1e9, rtol=1e-9, atol=1e-3)
    # a gain or loss is a change beyond the verification tolerance (1e-9 of a payoff range of
    # at most 8 here); rounding noise below it is neither
    changes = one["change"].to_numpy()
    gains, loses = one["gains"].to_numpy(), one["loses"].to_numpy()
    assert (changes[gains] > 0).all() and (changes[loses] < 0).all()
    assert gains[changes > 1e-6].all() and loses[changes < -1e-6].all()
    assert not (gains | loses)[np.abs(changes) < 1e-12].any()
    base = tg.solve(small[0].game()).equilibria[0].payoffs
    expected = [p - base[i % 2] for p, i in zip(one["payoff"], range(len(one)), strict=True)]
    assert one["change"].tolist() == expected


# ------------------------------------------------------------------ bad input


def test_scenarios_in_different_units_are_refused() -> None:
    message = (
        "cannot compare payoffs measured in different units (tariff_chicken: 'ordinal "
        "preference ranks (4 = best, 1 = worst)'; tariff_prisoners_dilemma: 'national welfare, "
        "textbook index (free trade for both = 100)'); a change between them means nothing"
    )
    with pytest.raises(ParameterError, match=re.escape(message)):
        compare(["tariff_chicken", "tariff_prisoners_dilemma"])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"scenarios": ["tariff_chicken", "tariff_chicken"]},
            "scenario 'tariff_chicken' with variant 'as in the file' is given twice; each "
            "scenario and variant may appear once",
        ),
        (
            {"scenarios": "tariff_chicken", "baseline": "nope"},
            "unknown baseline 'nope'; expected a scenario name ('tariff_chicken'), a variant "
            "name ('as in the file') or a (scenario, variant) pair: ('tariff_chicken', "
            "'as in the file')",
        ),
        (
            {"scenarios": [QUID, RARE], "variants": {"a": {}, "b": {}}, "baseline": "a"},
            "baseline 'a' is a variant of 2 scenarios; give a (scenario, variant) pair, one of: "
            f"('{QUID}', 'a'), ('{QUID}', 'b'), ('{RARE}', 'a'), ('{RARE}', 'b')",
        ),
        (
            {"scenarios": [QUID, RARE], "baseline": (QUID, "b")},
            f"unknown baseline ('{QUID}', 'b'); expected one of: ('{QUID}', 'as in the file'), "
            f"('{RARE}', 'as in the file')",
        ),
        (
            {"scenarios": QUID, "baseline": 3},
            "baseline must be a scenario name, a variant name or a (scenario, variant) pair; "
            "got int (3)",
        ),
        ({"scenarios": []}, "scenarios is empty; give at least one scenario to compare"),
        (
            {"scenarios": 7},
            "scenarios must be a built-in scenario name, a path, a Scenario or a list of them; "
            "got int",
        ),
        (
            {"scenarios": [QUID, 7]},
            "scenarios must be built-in scenario names, paths or Scenario objects; got int (7)",
        ),
        ({"scenarios": QUID, "variants": {}}, "variants is empty; give at least one"),
        (
            {"scenarios": QUID, "variants": [("a", {})]},
            "variants must be a mapping of variant names to overrides",
        ),
        ({"scenarios": QUID, "variants": {" a": {}}}, "variant names must not start or end"),
        (
            {"scenarios": QUID, "variants": {"a": 3}},
            "variant 'a' must be a mapping of parameter names to numbers",
        ),
        (
            {"scenarios": QUID, "overrides": [1]},
            "overrides must be a mapping of parameter names to numbers",
        ),
        (
            {"scenarios": QUID, "baseline_equilibrium": -1},
            "baseline_equilibrium must be a whole number from 0",
        ),
        (
            {"scenarios": QUID, "baseline_equilibrium": True},
            "baseline_equilibrium must be a whole number from 0",
        ),
        (
            {"scenarios": "tariff_chicken", "baseline_equilibrium": 3},
            "baseline_equilibrium 3 is out of range: the baseline ('tariff_chicken', "
            "'as in the file') has 3 equilibria (0 to 2)",
        ),
    ],
)
def test_bad_arguments_get_one_line(kwargs, message) -> None:
    with pytest.raises(ParameterError, match=re.escape(message)) as info:
        compare(**kwargs)
    assert "\n" not in str(info.value)


def test_the_same_scenario_object_twice_is_a_duplicate() -> None:
    s = tg.load_scenario(INDIA, {DAYS: 90})
    with pytest.raises(
        ParameterError, match=re.escape("with variant 'india.inventory_days=90' is given")
    ):
        compare([s, s])


def test_scenario_problems_are_scenario_errors() -> None:
    with pytest.raises(ScenarioError, match="no such scenario file or built-in scenario"):
        compare("no_such_scenario")
    with pytest.raises(
        ScenarioError, match=re.escape("override: unknown parameter 'india.inventory_days'")
    ):
        compare([QUID, INDIA], overrides={DAYS: 60})
    with pytest.raises(ScenarioError, match="an explicit-payoff scenario has no parameters"):
        compare("tariff_chicken", variants={"a": {"x": 1}})
    with pytest.raises(tg.SolverError, match="time_limit must be a positive number"):
        compare(QUID, time_limit=0)


def test_a_scenario_without_equilibria_warns_and_has_no_rows(monkeypatch) -> None:
    module = importlib.import_module("tradegame.compare")  # the module, not the function

    def timed_out(game, **options):  # what a solver returns when the time limit strikes first
        empty = [np.zeros((0, k)) for k in game.shape]
        return verified_result(
            game, "auto", {}, empty, complete=False, stopped="stopped at the time limit of 1 s"
        )

    real = module.solve
    monkeypatch.setattr(
        module, "solve", lambda g, **kw: timed_out(g) if g.n_players > 2 else real(g, **kw)
    )
    with pytest.warns(EquilibriumWarning, match=f"'{RARE}', 'as in the file'.* no rows"):
        frame = compare([QUID, RARE])
    assert set(frame["scenario"]) == {QUID}
    with pytest.warns(EquilibriumWarning, match="the baseline .* every change is NaN"):
        frame = compare([RARE, QUID])
    assert frame["change"].isna().all() and frame.attrs["baseline"]["equilibrium"] is None


def test_an_incomplete_list_is_flagged_in_the_frame_and_the_table(monkeypatch, capsys) -> None:
    import dataclasses

    module = importlib.import_module("tradegame.compare")  # the module, not the function

    real = module.solve
    monkeypatch.setattr(
        module,
        "solve",
        lambda g, **kw: dataclasses.replace(real(g, **kw), complete=g.n_players == 2),
    )
    frame = compare([QUID, RARE])
    assert rows(frame, scenario=QUID)["complete"].all()
    assert not rows(frame, scenario=RARE)["complete"].any()
    assert headline(frame)["complete"].tolist() == [True, False]
    code, out, _ = run(capsys, "compare", QUID, RARE)
    assert code == 0
    block = out.split(f"{RARE} / as in the file")[1]
    assert block.splitlines()[1] == "  (the list of equilibria may be incomplete)"
    assert "may be incomplete" not in out.split(f"{RARE} / as in the file")[0]


# ------------------------------------------------------------------ the command line


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_csv_is_the_python_frame(capsys) -> None:
    code, out, err = run(capsys, "compare", QUID, RARE, "--format", "csv")
    assert code == 0 and err == ""
    read = pd.read_csv(io.StringIO(out))
    pd.testing.assert_frame_equal(read, compare([QUID, RARE]), check_exact=False, rtol=1e-14)


def test_cli_json_round_trips(capsys) -> None:
    frame = compare(INDIA, variants=INVENTORIES, baseline="90 days")
    code, out, _ = run(
        capsys,
        "compare",
        INDIA,
        "--variant",
        f"21 days: {DAYS}=21",
        "--variant",
        f"90 days: {DAYS}=90",
        "--baseline",
        "90 days",
        "--format",
        "json",
    )
    assert code == 0
    records = json.loads(out)
    assert all(r["change_pct"] is None for r in records)  # NaN is written as null
    read = pd.DataFrame(records, columns=list(COLUMNS)).astype(frame.dtypes.to_dict())
    pd.testing.assert_frame_equal(read, frame)


def test_cli_set_and_baseline_pair(capsys) -> None:
    code, out, _ = run(
        capsys,
        "compare",
        INDIA,
        "--set",
        f"{DAYS}=21",
        "--variant",
        "as set:",
        "--variant",
        "long: india.inventory_days=90, sigma=0.2",
        "--baseline",
        f"{INDIA}: long",
        "--format",
        "csv",
    )
    assert code == 0
    read = pd.read_csv(io.StringIO(out))
    expected = compare(
        INDIA,
        overrides={DAYS: 21},
        variants={"as set": {}, "long": {DAYS: 90, "sigma": 0.2}},
        baseline=(INDIA, "long"),
    )
    pd.testing.assert_frame_equal(read, expected, check_exact=False, rtol=1e-14)


def test_cli_table_fits_100_columns_and_says_who_gains(capsys) -> None:
    code, out, _ = run(capsys, "compare", QUID, RARE, "metallic_alliance_2026")
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 100
    assert out.startswith(f"Baseline: {QUID} (as in the file), equilibrium 0 of 1\n")
    assert f"{QUID} / as in the file (baseline)" in out
    assert "gains: United States +21.11, China +6.43; losses: none; total change +27.54" in out
    assert "not in the baseline: EU, Japan, India" in out
    code, out, _ = run(capsys, "compare", "tariff_chicken", "--baseline-equilibrium", "1")
    assert "equilibrium 1 of 3" in out and "1/2 concede + 1/2 escalate" in out
    assert "equilibrium 2 (pure): gains: United States +1.5; losses: China -0.5" in out


CLI_ERRORS = [
    (
        ["tariff_chicken", "tariff_prisoners_dilemma"],
        "cannot compare payoffs measured in different units",
    ),
    (["no_such_scenario"], "no_such_scenario: no such scenario file or built-in scenario"),
    (
        ["tariff_chicken", "tariff_chicken"],
        "scenario 'tariff_chicken' with variant 'as in the file' is given twice",
    ),
    (
        ["tariff_chicken", "--baseline", "x"],
        "unknown --baseline 'x'; expected a scenario name ('tariff_chicken'), a variant name "
        "('as in the file') or 'SCENARIO: VARIANT': 'tariff_chicken: as in the file'",
    ),
    (
        [QUID, RARE, "--variant", "a:", "--variant", "b:", "--baseline", "a"],
        f"--baseline 'a' is a variant of 2 scenarios; give 'SCENARIO: VARIANT', one of: "
        f"'{QUID}: a'",
    ),
    (
        [QUID, "--baseline", f"{QUID}: b"],
        f"unknown --baseline '{QUID}: b'; expected one of: '{QUID}: as in the file'",
    ),
    ([INDIA, "--set", f"{DAYS}=x"], f"--set {DAYS}: expected a number, got 'x'"),
    ([INDIA, "--set", "nope=1"], "override: unknown parameter 'nope'"),
    (
        [INDIA, "--variant", f"{DAYS}=90"],
        "--variant expects 'NAME: key=value, key=value' (a name, a colon, then the overrides; "
        "'NAME:' for the file's own numbers), got 'india.inventory_days=90'",
    ),
    ([INDIA, "--variant", ": sigma=1"], "--variant expects 'NAME: key=value, key=value'"),
    ([INDIA, "--variant", "a: sigma"], "--variant 'a': expected key=value, got 'sigma'"),
    ([INDIA, "--variant", "a: sigma=1_0"], "--variant 'a': sigma: expected a number, got '1_0'"),
    ([INDIA, "--variant", "a: sigma=0.2, sigma=0.3"], "--variant 'a': sigma is given twice"),
    (
        [INDIA, "--variant", "a:", "--variant", "a: sigma=0.2"],
        "--variant 'a' is given twice; variant names are unique",
    ),
    (
        ["tariff_chicken", "--variant", "a: x=1"],
        "tariff_chicken.toml: variant 'a': an explicit-payoff scenario has no parameters to "
        "override",
    ),
    (
        ["tariff_chicken", "--baseline-equilibrium", "3"],
        "--baseline-equilibrium 3 is out of range: the baseline 'tariff_chicken: as in the "
        "file' has 3 equilibria (0 to 2)",
    ),
]


@pytest.mark.parametrize(("argv", "message"), CLI_ERRORS, ids=[m[:40] for _, m in CLI_ERRORS])
def test_cli_errors_are_one_line_with_status_2(capsys, argv, message) -> None:
    code, out, err = run(capsys, "compare", *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("tradegame: error: ")
    assert message in err, err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--baseline-equilibrium", "-1"], "expected a whole number from 0, got '-1'"),
        (["--time-limit", "0"], "expected a positive number of seconds or 'none', got '0'"),
        (["--format", "xml"], "invalid choice: 'xml'"),
    ],
)
def test_cli_option_errors_come_from_the_parser(capsys, argv, message) -> None:
    with pytest.raises(SystemExit) as info:
        main(["compare", QUID, *argv])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


def test_headline_refuses_a_frame_with_non_boolean_flags() -> None:
    frame = compare("tariff_war_2025")
    with pytest.raises(ParameterError, match="'gains' column must hold True/False"):
        headline(frame.assign(gains=np.nan))
