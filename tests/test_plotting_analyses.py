"""Figures of sweeps, sensitivity, truces, alliances and learning (tradegame.plotting, part 2).

The data helpers are checked exactly against the analyses' own tables and against values
derived by hand; the drawing functions are smoke-tested on a given Axes, and no figure is
left registered with pyplot.
"""

from __future__ import annotations

import functools
import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

import tradegame as tg
from tradegame.errors import ParameterError
from tradegame.learning import best_response_dynamics, fictitious_play, replicator_dynamics
from tradegame.plotting.alliance import alliance_data, plot_alliance, plot_shapley, shapley_data
from tradegame.plotting.learning import barycentric, plot_simplex, simplex_data
from tradegame.plotting.regimes import plot_regime_map, regime_map_data
from tradegame.plotting.sensitivity import (
    MIXED,
    plot_sobol,
    plot_tornado,
    sobol_data,
    tornado_data,
    wrap,
)
from tradegame.plotting.truce import plot_truce, truce_data
from tradegame.repeated import breakdown_risk
from tradegame.solvers import pure_nash
from tradegame.sweep import SweepSpec, run_sweep
from tradegame.sweep_summary import classifier, summarize

TARIFF = "tariff_war_2025"
BUSAN = "quid_pro_quo_busan_2025"
RARE = "rare_earth_escalation_2025"
ALLIANCE = "metallic_alliance_2026"
US_EPS = "us_imports_china.eps_s"
CN_EPS = "china_imports_us.eps_s"
TRADE_MODEL = [
    "india_magnet_shortage_2025",
    ALLIANCE,
    BUSAN,
    RARE,
    TARIFF,
]
TRUCE = ["tariff_prisoners_dilemma", "tariff_chicken", TARIFF, BUSAN, RARE]


def raise_threshold(t0: float, t: float) -> float:
    """The export-supply elasticity below which an importer gains by raising its tariff.

    The trade model's tariff block at eps_d = 1 (tradegame.economics.tariff; the same
    derivation as tests/test_sweep.py's us_threshold): with L = ln((1 + t) / (1 + t0)) and
    the exporters' share of the tariff sh = 1 / (1 + eps_s), the importer's gain per unit of
    imports is -(1 + t0)(1 - sh) L + t exp(-L) - t0, zero at
    1 - sh = (t exp(-L) - t0) / ((1 + t0) L).
    """
    big_l = math.log((1 + t) / (1 + t0))
    borne_at_home = (t * math.exp(-big_l) - t0) / ((1 + t0) * big_l)
    return 1 / (1 - borne_at_home) - 1


def importer_gain(t0: float, t: float, eps_s: float, imports: float) -> float:
    """The importer's gain from moving its tariff from t0 to t (eps_d = 1), as above."""
    big_l = math.log((1 + t) / (1 + t0))
    borne_at_home = 1 - 1 / (1 + eps_s)
    return imports * (-(1 + t0) * borne_at_home * big_l + t * math.exp(-big_l) - t0)


# tariff rates of the tariff war (Bown 2025, PIIE chart; the scenario's strategies)
US_THRESHOLD = raise_threshold(0.208, 0.511)
CN_THRESHOLD = raise_threshold(0.212, 0.326)


@pytest.fixture(autouse=True)
def no_open_figures():
    yield
    assert plt.get_fignums() == []


@functools.cache
def scenario(name: str):
    return tg.load_scenario(name)


@functools.cache
def tornado(name: str) -> pd.DataFrame:
    return tornado_data(scenario(name))


@functools.cache
def tariff_grid():
    """A 6 x 6 grid over both export-supply elasticities, its table and its summary."""
    spec = SweepSpec.build(TARIFF, grid={US_EPS: "1:6:6", CN_EPS: "1:6:6"})
    run = run_sweep(spec)
    return spec, run.read(), summarize(run, n_sobol=64)


@functools.cache
def busan_grid():
    spec = SweepSpec.build(
        BUSAN, grid={"chip_security_cost": "0:1:5", "chip_demand_elasticity": "1.5:6:4"}
    )
    run = run_sweep(spec)
    return spec, run.read(), summarize(run, sensitivity=False)


def caption_of(fig: Figure) -> str:
    """The caption under ``fig`` as one line."""
    return " ".join(fig.get_supxlabel().split())


def drew_on(ax, fig) -> None:
    """The plot returned ``ax``'s own figure and put something on ``ax``."""
    assert fig is ax.get_figure(root=True)
    assert len(ax.patches) + len(ax.lines) + len(ax.collections) > 0


def pure_labels(game: tg.Game) -> set[str]:
    """Every pure equilibrium of ``game`` as 'a / b' (tradegame.solvers.pure_nash: all of them).

    Players with a single strategy have no choice to name and are left out, as in tornado_data.
    """
    found = pure_nash(game).equilibria
    movers = [i for i, menu in enumerate(game.strategies) if len(menu) > 1]
    return {
        " / ".join(game.strategies[i][int(np.argmax(e.strategies[i]))] for i in movers)
        for e in found
    }


# ================================================================ regime maps
def test_threshold_formula_matches_the_scenario_note():
    # tariff_war_2025's [sweep] note: "the US gains by raising below eps_s = 2.87, China below 3.74"
    assert pytest.approx(2.871775334, rel=1e-9) == US_THRESHOLD
    assert round(CN_THRESHOLD, 2) == 3.74


def test_regime_map_cells_are_the_sweep_regimes():
    _, table, summary = tariff_grid()
    data = regime_map_data(table, US_EPS, CN_EPS, thresholds=summary, scenario=TARIFF)
    cells = data[data.kind == "cell"]
    assert len(cells) == 36
    per_point = table.drop_duplicates("point")
    expected = dict(
        zip(
            zip(per_point[US_EPS], per_point[CN_EPS], strict=True),
            per_point.regime.astype(str),
            strict=True,
        )
    )
    assert {(r.x, r.y): r.regime for r in cells.itertuples()} == expected
    regimes = data.attrs["regimes"]
    counts = cells.regime.value_counts()
    assert regimes == sorted(counts.index, key=lambda r: (-counts[r], r))
    assert [regimes[c] for c in cells.code] == list(cells.regime)
    # below both thresholds both sides raise; above both, both keep (closed form above)
    for r in cells.itertuples():
        us = "raise to 51.1%" if r.x < US_THRESHOLD else "keep 20.8%"
        cn = "raise to 32.6%" if r.y < CN_THRESHOLD else "keep 21.2%"
        assert r.regime == f"{us} / {cn}"
    assert data.attrs["x_label"] == f"{US_EPS} (elasticity)"
    assert data.attrs["players"] == ["United States", "China"]


def test_regime_map_thresholds_are_the_closed_form_switches():
    _, table, summary = tariff_grid()
    data = regime_map_data(table, US_EPS, CN_EPS, thresholds=summary.thresholds)
    found = data[data.kind == "threshold"]
    along_us = found[found.parameter == US_EPS]
    along_cn = found[found.parameter == CN_EPS]
    assert len(along_us) == 6 and len(along_cn) == 6  # one switch on every grid line
    np.testing.assert_allclose(along_us.x, US_THRESHOLD, rtol=1e-9)
    np.testing.assert_allclose(along_cn.y, CN_THRESHOLD, rtol=1e-9)
    assert sorted(along_us.y) == sorted(np.linspace(1, 6, 6))
    assert along_us.below.str.startswith("raise to 51.1%").all()
    assert along_us.above.str.startswith("keep 20.8%").all()
    assert (found.code == -1).all() and found.regime.isna().all()
    # exactly the summary's rows, placed on the map
    theirs = summary.thresholds[summary.thresholds.parameter == US_EPS]
    assert np.array_equal(along_us.x.to_numpy(), theirs.value.to_numpy())
    assert np.array_equal(along_us.y.to_numpy(), theirs[CN_EPS].to_numpy())


def test_regime_map_of_the_busan_deal_switches_where_the_model_does():
    spec, table, summary = busan_grid()
    data = regime_map_data(
        table, "chip_security_cost", "chip_demand_elasticity", thresholds=summary, scenario=BUSAN
    )
    cells = data[data.kind == "cell"]
    assert len(cells) == 20
    # one cell against the game solved on its own
    row = cells[(cells.x == 1.0) & (cells.y == 1.5)].iloc[0]
    game = tg.load_scenario(BUSAN, {"chip_security_cost": 1.0, "chip_demand_elasticity": 1.5})
    pure = {part for part in row.regime.split(" | ") if not part.startswith("mixed")}
    assert pure == pure_labels(game.game())
    found = data[data.kind == "threshold"]
    assert len(found) > 0
    classify = classifier(spec)
    for r in found.itertuples():
        other = (
            "chip_demand_elasticity"
            if r.parameter == "chip_security_cost"
            else ("chip_security_cost")
        )
        at = r.x if r.parameter == "chip_security_cost" else r.y
        fixed = r.y if r.parameter == "chip_security_cost" else r.x
        step = 1e-6 * max(1.0, abs(at))
        below, above = classify({r.parameter: np.array([at - step, at + step]), other: [fixed] * 2})
        assert (below, above) == (r.below, r.above)


def test_regime_map_refuses_what_is_not_a_two_parameter_grid():
    _, table, _ = tariff_grid()
    cases = [
        (lambda: regime_map_data(table, US_EPS, US_EPS), "two different parameters"),
        (lambda: regime_map_data(table, US_EPS, "payoff"), "y='payoff' is not a swept"),
        (lambda: regime_map_data(table, "nope", CN_EPS), "x='nope' is not a swept parameter"),
        (lambda: regime_map_data(table[table.point != 7], US_EPS, CN_EPS), "not form a full grid"),
        (lambda: regime_map_data(table[table[CN_EPS] == 1.0], US_EPS, CN_EPS), "at least two"),
        (lambda: regime_map_data(table[["point"]], US_EPS, CN_EPS), "lack column(s) 'regime'"),
        (lambda: regime_map_data([1, 2], US_EPS, CN_EPS), "expected the DataFrame"),
        (lambda: regime_map_data(table, US_EPS, CN_EPS, scenario=3), "expected a Scenario"),
        (
            lambda: regime_map_data(table, US_EPS, CN_EPS, scenario=BUSAN),
            "not a parameter of quid_pro_quo_busan_2025",
        ),
    ]
    for call, message in cases:
        with pytest.raises(ParameterError, match=message.replace("(", r"\(").replace(")", r"\)")):
            call()
    no_switch = regime_map_data(table, US_EPS, CN_EPS, thresholds=pd.DataFrame())
    assert set(no_switch.kind) == {"cell"}
    with pytest.raises(ParameterError, match=r"regime_map_data\(thresholds=\): expected the"):
        regime_map_data(table, US_EPS, CN_EPS, thresholds=[1.0])
    three = tg.sweep(TARIFF, grid={US_EPS: [1.0, 9.0], CN_EPS: [1.0, 9.0], "mcpf": [1.0, 1.2]})
    with pytest.raises(ParameterError, match="the sweep also varies mcpf"):
        regime_map_data(three, US_EPS, CN_EPS)
    draws = tg.sweep(
        TARIFF, grid={US_EPS: [1.0, 9.0]}, sample={CN_EPS: "uniform(1, 9)"}, samples=2, seed=1
    )
    draws[CN_EPS] = np.where(draws.point % 2 == 0, 1.0, 9.0)  # two draws, made to collide
    draws.loc[draws.point >= 2, CN_EPS] = 1.0
    with pytest.raises(ParameterError, match="share a grid cell"):
        regime_map_data(draws, US_EPS, CN_EPS)


def test_plot_regime_map_draws_on_the_given_axes():
    _, table, summary = tariff_grid()
    data = regime_map_data(table, US_EPS, CN_EPS, thresholds=summary, scenario=TARIFF)
    fig = Figure()
    ax = fig.add_subplot()
    drew_on(ax, plot_regime_map(data, ax))
    assert len(ax.collections) == 1  # the cells
    assert ax.get_xlabel() == f"{US_EPS} (elasticity)"
    assert "Bown (2025)" in caption_of(fig)
    assert isinstance(plot_regime_map(data), Figure)
    with pytest.raises(ParameterError, match="plot_regime_map: the data lack column"):
        plot_regime_map(data.drop(columns="code"))


# ================================================================ tornado
def test_tornado_rows_are_the_ranged_parameters_of_each_player():
    data = tornado(TARIFF)
    params = scenario(TARIFF).parameters()
    ranged = params[params.low < params.high]
    # paths using one calibrated figure (same calibration key, value and range) form one row
    figures: dict[tuple, list[str]] = {}
    for r in ranged.itertuples():
        key = (r.ref, r.value, r.low, r.high) if r.ref else (r.parameter,)
        figures.setdefault(key, []).append(r.parameter)
    assert len(data) == 2 * len(figures)
    assert set(data.parameter) == {paths[0] for paths in figures.values()}
    moves_with = dict(zip(data.parameter, data.moves_with, strict=True))
    for paths in figures.values():
        assert moves_with[paths[0]] == ", ".join(paths[1:])
    assert moves_with["us_imports_china.tariff"] == "us.keep_20_8.tariff"
    assert list(data.swing) == sorted(data.swing, reverse=True)
    assert list(data.columns[:16]) == [
        "parameter", "label", "units", "source", "confidence", "value", "low", "high",
        "player", "base_payoff", "payoff_low", "payoff_high", "swing", "outcome_base",
        "outcome_low", "outcome_high",
    ]  # fmt: skip
    trio = data[["base_payoff", "payoff_low", "payoff_high"]]
    assert np.array_equal(data.swing, trio.max(axis=1) - trio.min(axis=1))
    assert np.array_equal(
        data.outcome_changes,
        (data.outcome_low != data.outcome_base) | (data.outcome_high != data.outcome_base),
    )
    merged = data.merge(params, on="parameter", suffixes=("", "_p"))
    assert np.array_equal(merged.low, merged.low_p) and np.array_equal(merged.high, merged.high_p)
    assert (merged.source == merged.source_p).all() and (merged.units == merged.unit).all()
    assert data.attrs["profile"] == {"United States": "keep 20.8%", "China": "keep 21.2%"}
    assert data.attrs["profile_kind"] == "pure"


def test_tornado_payoff_of_a_tariff_move_is_the_tariff_block_by_hand():
    # the 2024 US rate is one figure used by the status quo and by the US "keep" strategy, so
    # the tornado moves both: at the held profile (keep / keep) nothing changes from the status
    # quo. Moved apart, the "keep" rate at 0.193 against a status quo of 0.208 gives the US
    # the importer's gain of the tariff block, by hand.
    row = (
        tornado(TARIFF)
        .set_index(["parameter", "player"])
        .loc[("us_imports_china.tariff", "United States")]
    )
    assert row.moves_with == "us.keep_20_8.tariff"
    assert row.base_payoff == 0.0  # the status quo is the calibration's equilibrium here
    assert abs(row.payoff_low) < 1e-12 and abs(row.payoff_high) < 1e-12
    apart = tg.load_scenario(TARIFF, {"us.keep_20_8.tariff": 0.193}).game()
    labels = ("keep 20.8%", "keep 21.2%")
    keep = tuple(s.index(lab) for s, lab in zip(apart.strategies, labels, strict=True))
    expected = importer_gain(0.208, 0.193, 19.0, 438.9)
    assert apart.payoff_tensor[(0, *keep)] == pytest.approx(expected, rel=1e-9)


def test_tornado_flags_the_tariff_war_switch_in_the_marginal_cost_of_funds():
    data = tornado(TARIFF)
    flagged = set(data.loc[data.outcome_changes, "parameter"])
    # raising the tariff pays once revenue is worth 1.5 (mcpf high end): both raise
    assert flagged == {"mcpf"}
    row = data[data.parameter == "mcpf"].iloc[0]
    assert row.outcome_high == "raise to 51.1% / raise to 32.6%"
    game = tg.load_scenario(TARIFF, {"mcpf": 1.5}).game()
    assert pure_labels(game) == {row.outcome_high}
    # eps_s = 9 (its low end) stays above both thresholds: no switch, as the closed form says
    eps = data[data.parameter == US_EPS].iloc[0]
    assert eps.low > US_THRESHOLD and not eps.outcome_changes


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(name=st.sampled_from([TARIFF, BUSAN, RARE]), pick=st.integers(0, 10_000), end=st.booleans())
def test_tornado_matches_a_direct_evaluation_at_that_parameter_value(name, pick, end):
    data = tornado(name)
    row = data.iloc[pick % len(data)]
    value = row.high if end else row.low
    paths = [row.parameter, *filter(None, row.moves_with.split(", "))]
    moved = tg.load_scenario(name, dict.fromkeys(paths, value)).game()
    held = data.attrs["profile"]
    index = tuple(moved.strategies[i].index(held[p]) for i, p in enumerate(moved.players))
    i = moved.players.index(row.player)
    got = row.payoff_high if end else row.payoff_low
    scale = max(1.0, float(np.abs(moved.payoff_tensor[i]).max()))
    assert got == pytest.approx(
        float(moved.payoff_tensor[(i, *index)]), rel=1e-12, abs=1e-12 * scale
    )
    outcome = row.outcome_high if end else row.outcome_low
    labels = pure_labels(moved)
    assert (set(outcome.split(" | ")) == labels) if labels else outcome == MIXED


def test_tornado_of_a_game_without_pure_equilibrium_holds_a_mixed_one():
    data = tornado(ALLIANCE)
    assert data.attrs["profile_kind"] == "mixed"
    assert data.attrs["profile_label"].startswith("mixed: ")
    assert (data.outcome_base == MIXED).all()
    game = scenario(ALLIANCE).game()
    first = tg.solve(game).equilibria[0]
    for i, player in enumerate(game.players):
        base = data.loc[data.player == player, "base_payoff"].iloc[0]
        assert base == pytest.approx(float(first.payoffs[i]), rel=1e-9, abs=1e-12)
        assert data.attrs["profile"][player] == pytest.approx(tuple(first.strategies[i]))


def test_tornado_filters_by_confidence_and_player_and_respects_overrides():
    data = tornado_data(TARIFF, confidence=["high"], player="China")
    assert set(data.confidence) == {"high"} and set(data.player) == {"China"}
    moved = tg.load_scenario(TARIFF, {"mcpf": 1.5})
    again = tornado_data(moved, player="China")
    assert (again.outcome_base == "raise to 51.1% / raise to 32.6%").all()
    eps = again.set_index("parameter").loc[US_EPS]
    direct = tg.load_scenario(TARIFF, {"mcpf": 1.5, US_EPS: eps.low}).game()
    assert eps.payoff_low == pytest.approx(float(direct.payoff_tensor[1, 1, 1]), rel=1e-12)


def test_tornado_refuses_bad_input_in_one_line():
    for kwargs, message in [
        ({"confidence": "sure"}, "confidence must be one of high, medium, low, illustrative"),
        ({"confidence": []}, "confidence must be one of"),
        ({"player": "Mars"}, "unknown player 'Mars'; players: United States, China"),
        ({"confidence": "illustrative"}, "no parameter of confidence illustrative"),
    ]:
        with pytest.raises(ParameterError, match=message):
            tornado_data(TARIFF, **kwargs)
    with pytest.raises(ParameterError, match=r"explicit model\): there are no parameters to vary"):
        tornado_data("tariff_prisoners_dilemma")
    with pytest.raises(ParameterError, match="expected a Scenario"):
        tornado_data(42)


def test_plot_tornado_draws_one_panel_per_player_and_one_player_on_a_given_axes():
    data = tornado(RARE)
    fig = plot_tornado(data)
    assert len(fig.axes) == 5 + 1  # a panel per player and the legend row
    assert "Sources:" in caption_of(fig)
    one = data[data.player == "United States"]
    fig = Figure()
    ax = fig.add_subplot()
    drew_on(ax, plot_tornado(one, ax, top=3))
    assert len(ax.patches) == 2 * 3  # a low and a high bar per row
    # only the end(s) of a range at which the predicted outcome changes are hatched: bars are
    # drawn row by row from the top, the low end's bar before the high end's
    shown = one.sort_values("swing", ascending=False, kind="stable").head(3)
    ends = [
        (r.outcome_low != r.outcome_base, r.outcome_high != r.outcome_base)
        for r in shown.itertuples()
    ]
    assert [bool(p.get_hatch()) for p in ax.patches] == [e for pair in ends for e in pair]
    assert [lo or hi for lo, hi in ends] == shown.outcome_changes.tolist()
    assert any(lo != hi for lo, hi in ends)  # a row whose outcome changes at one end only
    with pytest.raises(ParameterError, match="the data hold 5 players; draw one per axes"):
        plot_tornado(data, ax)
    with pytest.raises(ParameterError, match="top must be a whole number"):
        plot_tornado(one, top=0)
    with pytest.raises(ParameterError, match="plot_tornado: the data are empty"):
        plot_tornado(one.iloc[0:0])


def test_plot_tornado_lists_the_outcome_changes_when_no_payoff_moves():
    # India's magnet shortage: the calibration's equilibrium is the status quo, where every
    # payoff is 0 by construction (changes from the status quo) whatever the parameters
    data = tornado("india_magnet_shortage_2025")
    assert (data.swing == 0).all() and data.outcome_changes.any()
    fig = plot_tornado(data, top=None)
    ax = fig.axes[0]
    flagged = data.loc[data.outcome_changes, "parameter"].unique()
    assert len(ax.get_yticks()) == len(flagged)
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "mixed (no pure equilibrium)" in texts and "unchanged" in texts
    fig = Figure()
    ax = fig.add_subplot()
    drew_on(ax, plot_tornado(data[data.player == "India"], ax))


def test_wrap_breaks_dotted_paths_after_a_dot_or_underscore():
    text = "china.deal_suspend_controls_cut_tariffs_buy_soybeans.tariff: 0.3 to 0.33"
    lines = wrap(text, 30).split("\n")
    assert all(len(line) <= 30 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


# ================================================================ Sobol
@functools.cache
def sobol_frame() -> pd.DataFrame:
    from tradegame.sensitivity import sobol_indices

    return sobol_indices(TARIFF, {US_EPS: (1.0, 6.0), "mcpf": (1.0, 1.5)}, n=64)


def test_sobol_data_is_the_indices_in_long_form():
    frame = sobol_frame()
    data = sobol_data(frame)
    assert len(data) == 2 * len(frame)
    for r in frame.itertuples():
        mine = data[(data.output == r.output) & (data.parameter == r.parameter)].set_index("index")
        assert mine.loc["S1", "value"] == r.S1 and mine.loc["S1", "conf"] == r.S1_conf
        assert mine.loc["ST", "value"] == r.ST and mine.loc["ST", "conf"] == r.ST_conf
    assert np.array_equal(data.low, data.value - data.conf)
    assert np.array_equal(data.high, data.value + data.conf)
    assert list(dict.fromkeys(data.output)) == list(dict.fromkeys(frame.output))
    for _, group in data[data["index"] == "ST"].groupby("output", sort=False):
        assert list(group.value) == sorted(group.value, reverse=True)
    one = sobol_data(frame, output="payoff: United States")
    assert set(one.output) == {"payoff: United States"}
    assert data.attrs["points"] == frame.attrs["points"]


def test_sobol_data_reads_a_summary_and_refuses_bad_input():
    _, _, summary = tariff_grid()
    assert len(sobol_data(summary)) == 2 * len(summary.sensitivity)
    _, _, without = busan_grid()
    with pytest.raises(ParameterError, match="holds no Sobol indices"):
        sobol_data(without)
    with pytest.raises(ParameterError, match="unknown output 'payoff: Mars'; outputs: payoff"):
        sobol_data(sobol_frame(), output="payoff: Mars")
    with pytest.raises(ParameterError, match="sobol_data: the data lack column"):
        sobol_data(sobol_frame().drop(columns="ST_conf"))


def test_plot_sobol_draws_on_the_given_axes():
    data = sobol_data(sobol_frame(), output="payoff: United States")
    fig = Figure()
    ax = fig.add_subplot()
    drew_on(ax, plot_sobol(data, ax))
    assert len(ax.patches) == 4  # S1 and ST for two parameters
    assert "SALib" in caption_of(fig)
    assert isinstance(plot_sobol(sobol_data(sobol_frame())), Figure)


# ================================================================ truce
@pytest.mark.parametrize("name", TRUCE)
def test_truce_data_is_the_analysis_table(name):
    data = truce_data(name)
    result = tg.analyze(name, "truce")
    table = result.tables["truce"]
    mine = table[
        table.punishment.isin(["nash-reversion", "optimal"]) & table.best_deviation.notna()
    ]
    assert len(data) == len(mine)
    for r in data.itertuples():
        theirs = mine[(mine.player == r.player) & (mine.punishment == r.punishment)].iloc[0]
        assert r.delta_star == theirs.delta_star or (
            math.isinf(r.delta_star) and math.isinf(theirs.delta_star)
        )
        assert r.max_breakdown_risk == theirs.max_breakdown_risk
        assert r.valid == theirs.valid
    rate = result.depends_on["interest_rate"]
    assert (data.interest_rate == rate).all() and data.attrs["interest_rate"] == rate
    # p_max = 1 - delta* (1 + r), clipped to [0, 1] (Mailath and Samuelson 2006, section 2.1)
    np.testing.assert_allclose(
        data.max_breakdown_risk, breakdown_risk(data.delta_star, rate), rtol=0, atol=1e-15
    )


def test_truce_thresholds_by_hand():
    # Suranovic (2010) prisoners' dilemma: temptation 120, deal 100, standoff 90 (Friedman
    # 1971: delta* = (T - R) / (T - P)); explicit scenarios discount at r = 0
    pd_ = truce_data("tariff_prisoners_dilemma", punishments=["nash-reversion"])
    np.testing.assert_allclose(pd_.delta_star, 2 / 3, rtol=1e-12)
    np.testing.assert_allclose(pd_.max_breakdown_risk, 1 / 3, rtol=1e-12)
    # Rapoport-Guyer chicken, ordinal 4/3/2/1: reverting to the other's preferred stage
    # equilibrium leaves 2, so delta* = (4 - 3) / (4 - 2)
    chicken = truce_data("tariff_chicken", punishments=["nash-reversion"])
    np.testing.assert_allclose(chicken.delta_star, 0.5, rtol=1e-12)


def test_truce_data_refuses_bad_input():
    with pytest.raises(ParameterError, match="metallic_alliance_2026 has no truce analysis"):
        truce_data(ALLIANCE)
    with pytest.raises(ParameterError, match="unknown punishment 'forever'; the analysis has"):
        truce_data("tariff_chicken", punishments=["forever"])
    with pytest.raises(ParameterError, match="punishments must be a list"):
        truce_data("tariff_chicken", punishments="optimal")


def test_plot_truce_draws_on_the_given_axes():
    data = truce_data(RARE)
    fig = Figure()
    ax = fig.add_subplot()
    drew_on(ax, plot_truce(data, ax))
    labels = [line.get_label() for line in ax.lines if not line.get_label().startswith("_")]
    assert any("never holds" in label for label in labels)  # China: delta* = inf
    assert any("holds for p ≤" in label for label in labels)
    assert isinstance(plot_truce(truce_data(BUSAN)), Figure)


def _levels_drawn(ax) -> list[float]:
    """The heights of the horizontal delta* lines drawn on a truce figure's axes."""
    flat = []
    for line in ax.lines:
        y = np.asarray(line.get_ydata(), dtype=float)
        if len(y) and np.all(y == y[0]) and line.get_color() != "black":
            flat.append(float(y[0]))
    return flat


def test_plot_truce_draws_no_line_at_a_level_a_player_lacks():
    # Rare-earth escalation: China's delta* under Nash reversion is infinite (no discount
    # factor sustains the deal) and the United States' 0 (any does): neither has a level, so
    # neither is drawn as one, only named in the legend; China's best-stick delta* = 0.021 is
    # drawn at its level, above the axis, with its value written on it.
    data = truce_data(RARE)
    fig = Figure()
    ax = fig.add_subplot()
    plot_truce(data, ax)
    finite = data.delta_star[np.isfinite(data.delta_star) & (data.delta_star > 0)]
    levels = _levels_drawn(ax)
    assert levels and set(levels) <= set(finite)  # every drawn level is a delta*, none made up
    assert 1.0 not in levels and 0.0 not in levels
    empty = [ln.get_label() for ln in ax.lines if len(ln.get_xdata()) == 0]
    assert any("China, Nash reversion: δ* = ∞, never holds" in label for label in empty)
    assert any(
        "United States, Nash reversion: δ* = 0, holds at any discount factor" in label
        for label in empty
    )
    markers = [ln for ln in ax.lines if ln.get_marker() == "X"]
    assert markers == []  # nothing is marked at delta = 1 for the infinite delta*
    tiny = float(
        data.loc[(data.player == "China") & (data.punishment == "optimal"), "delta_star"].iloc[0]
    )
    assert 0 < tiny < 0.05 and tiny in levels
    texts = [t.get_text() for t in ax.texts]
    assert any(t.startswith(f"δ* = {tiny:.2g} (China") for t in texts)
    bottom, top = ax.get_ylim()
    assert bottom < -0.05 and top > 1.0  # the axis sits well below delta = 0


@pytest.mark.parametrize(("name", "width"), [(RARE, "3.4%"), (BUSAN, "66.0%")])
def test_plot_truce_writes_the_width_of_the_band_where_every_player_keeps_the_deal(name, width):
    data = truce_data(name)
    together = data[data.punishment == "optimal"].max_breakdown_risk.min()
    assert f"{together:.1%}" == width
    fig = plot_truce(data)
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert f"p ≤ {width}: every player keeps the deal (best one-year stick)" in texts
    brackets = [a for a in ax.texts if getattr(a, "arrow_patch", None) is not None]
    spans = [sorted((a.xy[0], a.xyann[0])) for a in brackets if a.get_text() == ""]
    assert [0.0, together] in spans  # the bracket spans exactly the band
    edges = [ln for ln in ax.lines if list(ln.get_xdata()) == [together, together]]
    assert len(edges) == 1  # the band's right edge is drawn, so a sliver still shows


def test_plot_truce_with_every_delta_star_zero_draws_no_level():
    # the tariff war's deal is the one-shot equilibrium: every delta* is 0
    data = truce_data(TARIFF)
    assert (data.delta_star == 0).all()
    fig = Figure()
    ax = fig.add_subplot()
    plot_truce(data, ax)
    assert _levels_drawn(ax) == []
    labels = [ln.get_label() for ln in ax.lines if len(ln.get_xdata()) == 0]
    assert sum("holds at any discount factor" in label for label in labels) == len(data)


def test_plot_tornado_without_the_outcome_columns_hatches_both_ends_of_a_flagged_row():
    one = tornado(RARE)
    one = one[one.player == "United States"].drop(
        columns=["outcome_base", "outcome_low", "outcome_high"]
    )
    fig = Figure()
    ax = fig.add_subplot()
    plot_tornado(one, ax, top=3)
    shown = one.sort_values("swing", ascending=False, kind="stable").head(3)
    expected = [c for c in shown.outcome_changes for _ in range(2)]
    assert [bool(p.get_hatch()) for p in ax.patches] == expected


# ================================================================ alliance
def test_alliance_data_is_the_stability_table():
    data = alliance_data(ALLIANCE)
    table = tg.analyze(ALLIANCE, "alliance").tables["stability"]
    assert len(data) == len(table) == 2**4
    for column in ("internally_stable", "externally_stable", "stable"):
        assert np.array_equal(data[column], table[column])
    for column in ("member_payoff", "outsider_payoff", "total_welfare", "exit_gain"):
        assert np.array_equal(data[column], table[column], equal_nan=True)
    assert list(data.members) == [", ".join(m) for m in table.members]
    assert data.label.iloc[0] == "nobody"
    assert np.array_equal(data.stable, data.internally_stable & data.externally_stable)
    assert list(data.loc[data.stable, "label"]) == ["EU"]


def test_shapley_data_is_the_shares_table_and_efficient():
    data = shapley_data(ALLIANCE)
    table = tg.analyze(ALLIANCE, "alliance").tables["shares"].set_index("member")
    for r in data.itertuples():
        assert r.value == table.loc[r.member, r.measure]
    wide = data.pivot(index="member", columns="measure", values="value")
    grand = wide.gain_in_grand_alliance.sum()  # v(N): the members' joint gain
    # efficiency: the Shapley value (Shapley 1953), the nucleolus and a core point split v(N)
    for measure in ("shapley", "nucleolus", "core_point"):
        assert wide[measure].sum() == pytest.approx(grand, rel=1e-9)
    assert data.attrs["grand_value"] == pytest.approx(grand, rel=1e-12)


def test_alliance_helpers_refuse_a_scenario_without_an_alliance():
    for helper in (alliance_data, shapley_data):
        with pytest.raises(ParameterError, match="tariff_war_2025 has no alliance analysis"):
            helper(TARIFF)


def test_plot_alliance_and_shapley_draw_on_the_given_axes():
    for plot, data in (
        (plot_alliance, alliance_data(ALLIANCE)),
        (plot_shapley, shapley_data(ALLIANCE)),
    ):
        fig = Figure()
        ax = fig.add_subplot()
        drew_on(ax, plot(data, ax))
        assert isinstance(plot(data), Figure)
    with pytest.raises(ParameterError, match="plot_shapley: the data lack column"):
        plot_shapley(pd.DataFrame({"member": ["EU"]}))


# ================================================================ learning
CHICKEN = tg.load_scenario("tariff_chicken").game()
RPS = tg.Game.zero_sum(
    [[0, -1, 1], [1, 0, -1], [-1, 1, 0]], strategies=(("rock", "paper", "scissors"),) * 2
)


def test_square_coordinates_are_each_players_first_probability():
    frame = replicator_dynamics(CHICKEN, steps=30, initial=[[0.3, 0.7], [0.6, 0.4]])
    data = simplex_data(frame, equilibria=tg.solve(CHICKEN))
    path = data[data.kind == "trajectory"]
    us = frame[(frame.player == "United States") & (frame.strategy == "concede")]
    cn = frame[(frame.player == "China") & (frame.strategy == "concede")]
    assert np.array_equal(path.x, us.probability) and np.array_equal(path.y, cn.probability)
    assert np.array_equal(path.time, us.time) and np.array_equal(path.step, us.step)
    # chicken (Rapoport and Guyer 1966, ordinal 4/3/2/1): two pure equilibria and one mixed,
    # each side conceding with probability 1/2 (3q + 2(1 - q) = 4q + (1 - q))
    eq = data[data.kind == "equilibrium"]
    points = np.array(sorted(zip(eq.x, eq.y, strict=True)))
    np.testing.assert_allclose(points, [(0, 1), (0.5, 0.5), (1, 0)], atol=1e-12)
    assert data.attrs["mode"] == "square" and data.attrs["strategies"] == ["concede", "concede"]


def test_simplex_coordinates_are_barycentric():
    frame = replicator_dynamics(RPS, steps=20, initial=[[0.5, 0.3, 0.2], [0.2, 0.3, 0.5]])
    data = simplex_data(frame, player="Column", equilibria=tg.solve(RPS))
    path = data[data.kind == "trajectory"]
    col = frame[frame.player == "Column"].pivot(
        index="step", columns="strategy", values="probability"
    )
    assert np.array_equal(path.x, col.paper + 0.5 * col.scissors)
    assert np.array_equal(path.y, math.sqrt(3) / 2 * col.scissors)
    # rock-paper-scissors: the unique equilibrium mixes uniformly (von Neumann and
    # Morgenstern 1944): the centroid of the triangle
    eq = data[data.kind == "equilibrium"]
    assert (eq.x.iloc[0], eq.y.iloc[0]) == pytest.approx((0.5, math.sqrt(3) / 6))
    assert data.attrs["strategies"] == ["rock", "paper", "scissors"]
    assert np.isnan(data.loc[data.kind == "equilibrium", "time"]).all()
    pure = simplex_data(best_response_dynamics(RPS, 4))  # pure play: the corners
    corners = {(0.0, 0.0), (1.0, 0.0), (0.5, math.sqrt(3) / 2)}
    assert all(any(np.allclose(p, c) for c in corners) for p in zip(pure.x, pure.y, strict=True))
    assert np.isnan(pure.time).all()


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=3, max_size=3).filter(lambda w: sum(w) > 1e-6))
def test_barycentric_points_lie_in_the_triangle_and_invert(weights):
    p = np.array(weights) / sum(weights)
    x, y = barycentric(p[None])
    h = math.sqrt(3) / 2
    assert -1e-12 <= y[0] <= h + 1e-12
    assert y[0] <= 2 * h * x[0] + 1e-12 and y[0] <= 2 * h * (1 - x[0]) + 1e-12
    p3 = y[0] / h
    p2 = x[0] - p3 / 2
    assert (1 - p2 - p3, p2, p3) == pytest.approx(tuple(p), abs=1e-12)


def test_simplex_data_refuses_what_it_cannot_place():
    three = tg.Game.from_arrays(
        [np.zeros((2, 2, 2))] * 3, players=("A", "B", "C"), strategies=(("x", "y"),) * 3
    )
    cases = [
        (lambda: simplex_data(fictitious_play(three, 3)), r"strategies per player: \(2, 2, 2\)"),
        (
            lambda: simplex_data(fictitious_play(CHICKEN, 3), player="China"),
            "'China' has 2 strategies; the triangle shows a player with three",
        ),
        (lambda: simplex_data(fictitious_play(RPS, 3), player="Mars"), "unknown player 'Mars'"),
        (
            lambda: simplex_data(fictitious_play(RPS, 3), equilibria=[[[1, 0], [1, 0]]]),
            r"equilibrium 0 must give a probability vector per player of sizes \(3, 3\)",
        ),
        (lambda: simplex_data(fictitious_play(RPS, 3), equilibria=7), "equilibria must be"),
        (lambda: simplex_data(pd.concat([fictitious_play(RPS, 3)] * 2)), "a step appears twice"),
        (lambda: simplex_data(pd.DataFrame({"step": [1]})), "the data lack column"),
    ]
    for call, message in cases:
        with pytest.raises(ParameterError, match=message):
            call()


def test_plot_simplex_draws_on_the_given_axes():
    for frame, kw in (
        (replicator_dynamics(RPS, steps=30), {"equilibria": tg.solve(RPS)}),
        (fictitious_play(CHICKEN, 20), {}),
    ):
        data = simplex_data(frame, **kw)
        fig = Figure()
        ax = fig.add_subplot()
        drew_on(ax, plot_simplex(data, ax))
        assert isinstance(plot_simplex(data), Figure)
    assert (
        "Taylor and Jonker 1978"
        in plot_simplex(simplex_data(replicator_dynamics(RPS, steps=3))).get_supxlabel()
    )


def test_plot_simplex_refuses_another_helpers_frame():
    """A game-tree frame also has kind, x and y columns: the simplex must not draw it."""
    from tradegame.plotting.tree import game_tree_data

    with pytest.raises(ParameterError, match="plot_simplex: unknown mode None; pass simplex_data"):
        plot_simplex(game_tree_data("tariff_chicken"))
    assert plt.get_fignums() == []


def test_data_helpers_take_the_analysis_a_report_already_ran():
    """Given the analysis, a helper draws exactly its tables; a wrong one is refused in a line."""
    busan = tg.load_scenario("quid_pro_quo_busan_2025")
    ran = tg.analyze(busan, "truce")
    pd.testing.assert_frame_equal(truce_data(busan, analysis=ran), truce_data(busan))
    alliance = tg.analyze("metallic_alliance_2026", "alliance")
    for helper in (alliance_data, shapley_data):
        pd.testing.assert_frame_equal(
            helper("metallic_alliance_2026", analysis=alliance), helper("metallic_alliance_2026")
        )
    with pytest.raises(ParameterError, match="analysis: expected the 'truce' Analysis of"):
        truce_data(busan, analysis=tg.analyze(busan, "bargain"))
    with pytest.raises(ParameterError, match="got a 'truce' one"):
        alliance_data("metallic_alliance_2026", analysis=ran)
