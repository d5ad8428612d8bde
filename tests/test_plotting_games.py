"""Figures of games: payoff heat map, best-response diagrams, game trees, comparisons, bargaining.

The data helpers are checked exactly against games whose answers are known
(with their sources) and against the analyses they draw; the drawing
functions are smoke-tested on a given Axes (they must draw there, label the
units and leave no pyplot figure open); one figure is compared with a
reference image.

Reference image
---------------
``tests/baseline/payoff_heatmap_pd.png`` is the payoff heat map of
``tariff_prisoners_dilemma`` rendered by :func:`render_reference`. After an
intended change to the figure, regenerate it with::

    .venv/bin/python tests/test_plotting_games.py --regenerate

look at the new PNG, and commit it with the change.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from matplotlib.figure import Figure
from matplotlib.testing.compare import compare_images

import tradegame as tg
from tradegame.errors import ParameterError
from tradegame.plotting.bargaining import bargaining_data, frontier, plot_bargaining
from tradegame.plotting.best_response import best_response_data, plot_best_response
from tradegame.plotting.comparison import comparison_data, plot_comparison
from tradegame.plotting.payoffs import (
    number_text,
    payoff_heatmap_data,
    plot_payoff_heatmap,
)
from tradegame.plotting.tree import game_tree_data, plot_game_tree

BASELINE = Path(__file__).parent / "baseline" / "payoff_heatmap_pd.png"
REFERENCE_DPI = 80
SETTINGS = settings(max_examples=60, deadline=None)

PD = "tariff_prisoners_dilemma"
CHICKEN = "tariff_chicken"
DEMO = ["rare_earth_escalation_2025", "quid_pro_quo_busan_2025"]


@pytest.fixture(autouse=True)
def _no_open_figures():
    """Every test must leave pyplot without figures: the library never uses it."""
    yield
    assert plt.get_fignums() == []


def _axes() -> tuple[Figure, object]:
    fig = Figure(figsize=(6, 4))
    return fig, fig.add_subplot()


def _texts(fig: Figure) -> str:
    """Every piece of text drawn on the figure, joined."""
    parts = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def demo_compare() -> pd.DataFrame:
    return tg.compare(DEMO, baseline=DEMO[0])


# ------------------------------------------------------------------ numbers
@pytest.mark.parametrize(
    ("value", "text"),
    [
        (114.622, "115"),
        (-21.462, "\u221221.5"),
        (90.0, "90"),
        (0.5, "0.5"),
        (-0.000575, "\u22120.000575"),
        (0.0, "0"),
        (1e-20, "1.00e\u221220"),
        (float("nan"), "n/a"),
    ],
)
def test_number_text_three_significant_figures(value, text):
    assert number_text(value) == text


# ------------------------------------------------------------------ payoff heat map
def test_heatmap_prisoners_dilemma_exact():
    # Suranovic (2010), International Trade: Theory and Policy, ch. 110: the optimal tariff is
    # dominant for both, so (optimal tariff, optimal tariff) with welfare 90/90 is the only
    # equilibrium, and each player's best replies are its optimal-tariff payoffs.
    frame = payoff_heatmap_data(PD)
    assert list(frame.columns) == [
        "row",
        "column",
        "row_index",
        "column_index",
        "profile",
        "player",
        "payoff",
        "colour_value",
        "best_response",
        "pure_equilibrium",
        "mixed_support",
    ]
    assert frame["row"].tolist() == ["free trade"] * 4 + ["optimal tariff"] * 4
    assert (
        frame["column"].tolist()
        == ["free trade"] * 2 + ["optimal tariff"] * 2 + ["free trade"] * 2 + ["optimal tariff"] * 2
    )
    assert frame["player"].tolist() == ["United States", "Brazil"] * 4
    assert frame["payoff"].tolist() == [100.0, 100.0, 70.0, 120.0, 120.0, 70.0, 90.0, 90.0]
    assert frame["colour_value"].tolist() == [200.0] * 2 + [190.0] * 4 + [180.0] * 2
    assert frame["best_response"].tolist() == [
        False, False, False, True, True, False, True, True,
    ]  # fmt: skip
    assert frame["pure_equilibrium"].tolist() == [False] * 6 + [True] * 2
    assert not frame["mixed_support"].any()
    scenario = tg.load_scenario(PD)
    assert frame.attrs["units"] == scenario.payoff_units
    assert frame.attrs["diverging"] is False  # explicit payoffs: sequential colours
    assert frame.attrs["colour_by"] == "sum of payoffs"
    assert frame.attrs["notes"] == []
    assert "Suranovic" in frame.attrs["caption"]


def test_heatmap_chicken_marks_both_pure_and_the_mixed_equilibrium():
    # Rapoport and Guyer (1966), game 66: pure equilibria (concede, escalate) and
    # (escalate, concede), and the mixed one with 1/2 on each strategy.
    frame = payoff_heatmap_data(CHICKEN)
    cells = frame.drop_duplicates("profile")
    pure = cells[cells.pure_equilibrium][["row", "column"]].values.tolist()
    assert pure == [["concede", "escalate"], ["escalate", "concede"]]
    assert cells["mixed_support"].all()  # the mixed equilibrium's support is every cell
    assert frame.attrs["notes"] == [
        "mixed equilibrium 1: United States 1/2 concede + 1/2 escalate; "
        "China 1/2 concede + 1/2 escalate (payoffs 2.5, 2.5)"
    ]


def test_heatmap_colours_by_a_chosen_player():
    frame = payoff_heatmap_data(PD, player="Brazil")
    brazil = frame[frame.player == "Brazil"]
    assert brazil["colour_value"].tolist() == brazil["payoff"].tolist()
    assert frame.attrs["colour_by"] == "Brazil"
    assert (
        payoff_heatmap_data(PD, player=1)["colour_value"].tolist() == frame["colour_value"].tolist()
    )


def test_heatmap_n_players_rows_first_player_columns_joint_profiles():
    scenario = tg.load_scenario("rare_earth_escalation_2025")
    frame = payoff_heatmap_data(scenario)
    game = scenario.game()
    assert frame.attrs["row_player"] == "China"
    assert frame.attrs["column_players"] == ["United States"]
    assert frame.attrs["fixed"] == {
        "EU": "no response",
        "Japan": "no response",
        "India": "no response",
    }
    assert frame.attrs["diverging"] is True  # trade-model payoffs are changes from the status quo
    assert frame["row_index"].max() == 2 and frame["column_index"].max() == 5
    assert len(frame) == 3 * 6 * 5
    eq = tg.solve(game).equilibria[0]
    cell = tuple(int(np.argmax(s)) for s in eq.strategies)
    marked = frame[frame.pure_equilibrium].drop_duplicates("profile")
    assert (marked.row_index.item(), marked.column_index.item()) == (cell[0], cell[1])
    for _, row in frame.iterrows():  # every payoff is the tensor's
        i = game.players.index(row["player"])
        assert (
            row["payoff"] == game.payoff_tensor[(i, row["row_index"], row["column_index"], 0, 0, 0)]
        )


def test_heatmap_uses_a_given_result():
    game = tg.load_scenario(CHICKEN).game()
    frame = payoff_heatmap_data(game, result=tg.solve(game, "pure"))
    assert not frame["mixed_support"].any()
    assert frame["pure_equilibrium"].sum() == 4  # two cells, two players each
    assert frame.attrs["units"] == ""  # a bare game has no stated units


def test_heatmap_marks_do_not_depend_on_units():
    game = tg.load_scenario(CHICKEN).game()
    scaled = game.replace(
        payoff_tensor=game.payoff_tensor * 1e9 + np.array([3e9, -7e9])[:, None, None]
    )
    a, b = payoff_heatmap_data(game), payoff_heatmap_data(scaled)
    for column in ("best_response", "pure_equilibrium", "mixed_support"):
        assert a[column].tolist() == b[column].tolist()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"player": "Peru"}, "player must be None (colour by the sum of payoffs) or one of"),
        ({"player": 2}, "'United States', 'Brazil' (or its index); got 2"),
        ({"result": "equilibria"}, "result must be a SolverResult (from tradegame.solve) or None"),
    ],
)
def test_heatmap_bad_arguments(kwargs, message):
    with pytest.raises(ParameterError, match="payoff_heatmap_data") as info:
        payoff_heatmap_data(PD, **kwargs)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_heatmap_refuses_a_result_for_another_game():
    other = tg.solve(tg.load_scenario(CHICKEN).game())
    with pytest.raises(ParameterError, match=r"result solves <2x2 Game 'Tariff chicken'"):
        payoff_heatmap_data(PD, result=other)
    with pytest.raises(ParameterError, match="expected a Game, a Scenario or a built-in"):
        payoff_heatmap_data(3.5)


def test_plot_heatmap_draws_on_the_given_axes():
    fig, ax = _axes()
    data = payoff_heatmap_data(PD)
    assert plot_payoff_heatmap(data, ax) is fig
    assert len(ax.images) == 1
    assert len(ax.texts) >= 8  # two payoffs in each of the four cells, plus the header
    assert any(t.get_text() == "90," for t in ax.texts)
    assert len(ax.patches) == 2  # the equilibrium cell's double outline
    assert data.attrs["units"] in _texts(fig).replace("\n", " ")


def test_plot_heatmap_n_players_and_mixed_notes():
    fig, ax = _axes()
    plot_payoff_heatmap(payoff_heatmap_data("metallic_alliance_2026"), ax)
    text = _texts(fig)
    assert "mixed equilibrium 1" in text
    assert "fixed: Australia: supply at market prices" in text.replace("\n", " ")
    dashed = [p for p in ax.patches if p.get_linestyle() != "solid"]
    assert len(dashed) == 4  # the cells of the mixed equilibrium's support


def test_plot_heatmap_refuses_other_frames():
    with pytest.raises(ParameterError, match="plot_payoff_heatmap: the data lack column"):
        plot_payoff_heatmap(pd.DataFrame({"row": ["a"]}))
    with pytest.raises(ParameterError, match="expected the DataFrame from its data helper"):
        plot_payoff_heatmap([1, 2])


def render_reference(path: Path) -> None:
    """Render the reference figure: the prisoners' dilemma heat map, Agg, default style."""
    with matplotlib.style.context("default"):
        fig = plot_payoff_heatmap(payoff_heatmap_data(PD))
        fig.savefig(path, dpi=REFERENCE_DPI, format="png", metadata={"Software": None})


def test_heatmap_matches_the_reference_image(tmp_path):
    actual = tmp_path / "payoff_heatmap_pd.png"
    render_reference(actual)
    assert compare_images(str(BASELINE), str(actual), tol=5) is None


# ------------------------------------------------------------------ best response
def _solve_points(game: tg.Game) -> list[tuple[float, float]]:
    return sorted(
        {(float(e.strategies[0][0]), float(e.strategies[1][0])) for e in tg.solve(game)},
        reverse=True,
    )


def _drawn_points(frame: pd.DataFrame) -> list[tuple[float, float]]:
    eq = frame[frame.kind == "equilibrium"]
    return sorted(zip(eq["p"].tolist(), eq["q"].tolist(), strict=True), reverse=True)


def test_best_response_chicken_meets_at_the_three_equilibria():
    # Chicken (Rapoport and Guyer 1966, game 66; the scenario's ordinal payoffs): against
    # q = P(China concedes) the United States gets 3q + 2(1 - q) = 2 + q from conceding and
    # 4q + 1(1 - q) = 1 + 3q from escalating, equal at q = 1/2; by symmetry p = 1/2. The
    # correspondences meet at (p, q) = (1, 0), (1/2, 1/2) and (0, 1) (Osborne 2004, An
    # Introduction to Game Theory, section 4.3, the method of Figure 116.1).
    frame = best_response_data(CHICKEN)
    assert frame.attrs["diagram"] == "correspondence"
    assert list(frame.columns) == ["kind", "player", "p", "q", "label"]
    eq = frame[frame.kind == "equilibrium"]
    assert eq[["p", "q"]].values.tolist() == [[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]]
    assert eq["label"].tolist() == [
        "concede, escalate",
        "mixed: p = 0.5, q = 0.5",
        "escalate, concede",
    ]
    assert _drawn_points(frame) == _solve_points(tg.load_scenario(CHICKEN).game())
    us = frame[(frame.kind == "best_response") & (frame.player == "United States")]
    # the US concedes (p = 1) while China is unlikely to (q < 1/2), escalates above
    assert set(us[us.q < 0.5].p) == {1.0} and set(us[us.q > 0.5].p) == {0.0}
    assert sorted(us[us.q == 0.5].p) == [0.0, 1.0]  # the vertical step at the switch
    assert len(frame[frame.player == "China"]) == 201 + 1  # grid points plus the step


def test_best_response_grid_size():
    frame = best_response_data(CHICKEN, points=3)
    assert frame[frame.player == "China"]["p"].tolist() == [0.0, 0.5, 0.5, 1.0]


@pytest.mark.parametrize(
    ("a", "b", "expected", "source"),
    [
        ([[100, 70], [120, 90]], [[100, 120], [70, 90]], [(0.0, 0.0)], "Suranovic (2010) ch. 110"),
        (
            [[1, -1], [-1, 1]],
            [[-1, 1], [1, -1]],
            [(0.5, 0.5)],
            "matching pennies; Osborne (2004) ch. 4",
        ),
        (
            [[2, 0], [0, 1]],
            [[1, 0], [0, 2]],
            [(1.0, 1.0), (2 / 3, 1 / 3), (0.0, 0.0)],
            "battle of the sexes; Luce and Raiffa (1957) ch. 5",
        ),
    ],
)
def test_best_response_known_games(a, b, expected, source):
    game = tg.Game.from_bimatrix(a, b, name=source)
    frame = best_response_data(game)
    np.testing.assert_allclose(_drawn_points(frame), expected, atol=1e-12)
    np.testing.assert_allclose(_drawn_points(frame), _solve_points(game), atol=1e-12)


@st.composite
def games_2x2(draw):
    """2x2 games with small integer payoffs: ties and degenerate games are common."""
    a = draw(hnp.arrays(np.int64, (2, 2), elements=st.integers(-3, 3)))
    b = draw(hnp.arrays(np.int64, (2, 2), elements=st.integers(-3, 3)))
    return tg.Game.from_bimatrix(a, b)


@SETTINGS
@given(games_2x2(), st.floats(1e-6, 1e9), st.floats(-1e3, 1e3))
def test_best_response_crossings_are_the_equilibria(game, factor, shift):
    frame = best_response_data(game, points=5)
    np.testing.assert_allclose(_drawn_points(frame), _solve_points(game), atol=1e-9)
    scaled = game.replace(payoff_tensor=game.payoff_tensor * factor + shift * factor)
    np.testing.assert_allclose(
        _drawn_points(best_response_data(scaled, points=5)), _drawn_points(frame), atol=1e-9
    )


def test_best_response_payoff_lines_von_stengel():
    # von Stengel (2007), Algorithmic Game Theory ch. 3, eq. (3.3): against the column
    # player's mixture p the row payoffs are 3, 5 - 3p and 6 - 6p; the best reply switches
    # from the third row to the second at p = 1/3 and to the first at p = 2/3, and the
    # equilibria put p = 1, 2/3 and 1/3 with row payoffs 3, 3 and 4.
    game = tg.Game.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    frame = best_response_data(game, points=5)
    assert frame.attrs["diagram"] == "payoff_lines"
    assert frame.attrs["mixer"] == "Column"
    assert list(frame.columns) == ["kind", "player", "strategy", "p", "payoff"]
    switch = frame[frame.kind == "switch"]
    np.testing.assert_allclose(switch["p"], [1 / 3, 2 / 3], atol=1e-12)
    np.testing.assert_allclose(switch["payoff"], [4, 3], atol=1e-12)
    assert switch["strategy"].tolist() == ["s3 -> s2", "s2 -> s1"]
    eq = frame[frame.kind == "equilibrium"]
    np.testing.assert_allclose(
        eq[["p", "payoff"]].to_numpy(), [[1, 3], [2 / 3, 3], [1 / 3, 4]], atol=1e-9
    )
    envelope = frame[frame.kind == "envelope"]
    for p, value in zip(eq["p"], eq["payoff"], strict=True):  # equilibria lie on the envelope
        assert np.interp(p, envelope["p"], envelope["payoff"]) == pytest.approx(value, abs=1e-9)
    lines = frame[frame.kind == "line"]
    assert lines.groupby("strategy")["p"].count().tolist() == [7, 7, 7]  # 5 grid + 2 switches
    top = lines.groupby("p")["payoff"].max()
    np.testing.assert_allclose(envelope.set_index("p")["payoff"], top, atol=0)


def test_best_response_scenario_2xn_and_chosen_player():
    frame = best_response_data("quid_pro_quo_busan_2025")
    assert frame.attrs["diagram"] == "payoff_lines"
    assert frame.attrs["mixer"] == "China"
    assert set(frame["player"]) == {"United States"}
    lines = best_response_data(CHICKEN, player="China", points=11)
    assert lines.attrs["diagram"] == "payoff_lines"
    switch = lines[lines.kind == "switch"]
    assert switch["p"].tolist() == pytest.approx([0.5])  # China switches at p = 1/2, as above


@pytest.mark.parametrize(
    ("game", "kwargs", "message"),
    [
        (
            "india_magnet_shortage_2025",
            {},
            "exactly two players with a choice; this 3x2x2x2 game has 4",
        ),
        (
            "rare_earth_escalation_2025",
            {},
            "needs a player with two strategies to mix; this is a 3x6",
        ),
        (
            "quid_pro_quo_busan_2025",
            {"player": "China"},
            "this is a 2x3 game and 'United States' has 3",
        ),
        (CHICKEN, {"player": "Peru"}, "player must be one of 'United States', 'China' or None"),
        (CHICKEN, {"points": 1}, "points must be a whole number from 2 to 100,001; got 1"),
        (CHICKEN, {"points": True}, "points must be a whole number from 2 to 100,001; got True"),
        (CHICKEN, {"points": 2.5}, "points must be a whole number"),
    ],
)
def test_best_response_refusals(game, kwargs, message):
    with pytest.raises(ParameterError, match="best_response_data") as info:
        best_response_data(game, **kwargs)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_plot_best_response_draws_on_the_given_axes():
    fig, ax = _axes()
    assert plot_best_response(best_response_data(CHICKEN), ax) is fig
    assert len(ax.lines) == 2
    assert len(ax.collections) == 1  # the equilibria
    assert "mixed: p = 0.5, q = 0.5" in [t.get_text() for t in ax.texts]
    assert "probability that United States plays 'concede'" in ax.get_xlabel()
    fig, ax = _axes()
    plot_best_response(best_response_data("quid_pro_quo_busan_2025"), ax)
    assert len(ax.lines) == 3 + 1  # a line per strategy and the envelope
    assert tg.load_scenario("quid_pro_quo_busan_2025").payoff_units in ax.get_ylabel().replace(
        "\n", " "
    )


# ------------------------------------------------------------------ game tree
def test_tree_prisoners_dilemma_exact():
    # Backward induction (Osborne 2004, section 5.5): Brazil, moving second, answers either
    # US move with the optimal tariff, so the US does too: path (optimal tariff, optimal tariff).
    frame = game_tree_data(PD)
    assert list(frame.columns) == [
        "node",
        "parent",
        "depth",
        "kind",
        "player",
        "action",
        "x",
        "y",
        "chosen",
        "on_path",
        "infoset",
        "payoffs",
    ]
    assert frame["node"].tolist() == [
        "(root)",
        "free trade",
        "free trade > free trade",
        "free trade > optimal tariff",
        "optimal tariff",
        "optimal tariff > free trade",
        "optimal tariff > optimal tariff",
    ]
    assert (
        frame["kind"].tolist()
        == ["decision"] * 2 + ["terminal"] * 2 + ["decision"] + ["terminal"] * 2
    )
    assert frame["player"].tolist() == ["United States", "Brazil", "", "", "Brazil", "", ""]
    assert frame["x"].tolist() == [0.0, 1.0, 2.0, 2.0, 1.0, 2.0, 2.0]
    assert frame["y"].tolist() == [1.5, 0.5, 0.0, 1.0, 2.5, 2.0, 3.0]
    assert frame["chosen"].tolist() == [False, False, False, True, True, False, True]
    assert frame["on_path"].tolist() == [True, False, False, False, True, False, True]
    assert frame["payoffs"].tolist() == [
        (), (), (100.0, 100.0), (70.0, 120.0), (), (120.0, 70.0), (90.0, 90.0),
    ]  # fmt: skip
    assert frame.attrs["path"] == ["optimal tariff", "optimal tariff"]
    assert frame.attrs["order"] == ["United States", "Brazil"]


@pytest.mark.parametrize(
    "name", [PD, CHICKEN, "quid_pro_quo_busan_2025", "india_magnet_shortage_2025"]
)
def test_tree_path_is_the_sequential_analysis_path(name):
    frame = game_tree_data(name)
    analysis = tg.analyze(name, "sequential")
    path = analysis.extra["equilibria"][0]["path"]
    assert frame.attrs["path"] == path
    assert frame.attrs["equilibria"] == len(analysis.extra["equilibria"])
    on_path = frame[frame.on_path].sort_values("depth")
    assert on_path["action"].tolist()[1:] == path
    leaf = on_path.iloc[-1]
    players = frame.attrs["players"]
    payoffs = analysis.extra["equilibria"][0]["payoffs"]
    assert leaf["payoffs"] == tuple(payoffs[p] for p in players)


def test_tree_chicken_first_mover_wins():
    # Schelling (1960), The Strategy of Conflict, ch. 2: in chicken the side that commits
    # first wins; China's escalation after a US concession is the threat off the path.
    frame = game_tree_data(CHICKEN)
    assert frame.attrs["path"] == ["escalate", "concede"]
    chosen_off_path = frame[frame.chosen & ~frame.on_path]["node"].tolist()
    assert chosen_off_path == ["concede > escalate"]


def test_tree_layout_large_tree():
    frame = game_tree_data("india_magnet_shortage_2025")
    leaves = frame[frame.kind == "terminal"]
    assert len(leaves) == 24  # 2 x 2 x 2 x 3 moves
    assert leaves["y"].tolist() == [float(k) for k in range(24)]
    assert set(leaves["depth"]) == {4}
    by_node = frame.set_index("node")
    for _, row in frame[frame.kind == "decision"].iterrows():
        kids = frame[frame.parent == row["node"]]
        assert row["y"] == (kids["y"].iloc[0] + kids["y"].iloc[-1]) / 2
        assert row["x"] == row["depth"]
    assert by_node.loc["(root)", "player"] == "India"


def test_tree_refuses_a_scenario_without_a_move_order():
    with pytest.raises(ParameterError) as info:
        game_tree_data("tariff_war_2025")
    assert str(info.value) == (
        "game_tree_data: scenario 'tariff_war_2025' does not support the sequential analysis "
        "(it offers 'truce', 'bargain', 'attrition'); see docs/reference/scenario-format.md"
    )
    with pytest.raises(ParameterError, match="expected a Scenario, a built-in scenario name or"):
        game_tree_data(7)


def test_plot_tree_draws_on_the_given_axes():
    fig, ax = _axes()
    data = game_tree_data(PD)
    assert plot_game_tree(data, ax) is fig
    assert len(ax.lines) == 6  # one elbow per edge
    widths = sorted(line.get_linewidth() for line in ax.lines)
    assert widths.count(3.2) == 2  # the two moves of the path of play
    texts = [t.get_text() for t in ax.texts]
    assert "United States moves" in texts and "Brazil moves" in texts
    assert "90  " in texts  # the path's leaf payoffs
    assert data.attrs["units"] in _texts(fig).replace("\n", " ")


def test_plot_tree_refuses_a_tree_too_large_to_read():
    data = game_tree_data(PD)
    leaf = data[data.kind == "terminal"].iloc[[0]]
    big = pd.concat([data] + [leaf] * 120, ignore_index=True)
    with pytest.raises(ParameterError) as info:
        plot_game_tree(big)
    assert str(info.value) == (
        "plot_game_tree: the tree has 124 leaves; at most 120 can be drawn legibly (tabulate "
        "game_tree_data's frame instead)"
    )


# ------------------------------------------------------------------ comparison
def test_comparison_changes_equal_the_compare_frame(demo_compare):
    data = comparison_data(demo_compare)
    assert list(data.columns) == [
        "series",
        "scenario",
        "variant",
        "equilibrium",
        "player",
        "strategy",
        "payoff",
        "baseline_payoff",
        "change",
        "change_pct",
        "direction",
        "units",
    ]
    rows = demo_compare[demo_compare.scenario == DEMO[1]]
    assert data["player"].tolist() == rows["player"].tolist()
    assert data["change"].tolist() == rows["change"].tolist()
    assert data["payoff"].tolist() == rows["payoff"].tolist()
    assert data["direction"].tolist() == ["loss", "loss"]
    assert set(data["series"]) == {"Tariffs-for-supply quid pro quo (Busan 2025)"}
    assert data.attrs["baseline"] == "Rare-earth escalation 2025"
    assert data.attrs["units"] == demo_compare.attrs["units"]


def test_comparison_names_each_equilibrium_of_a_case():
    # chicken has three equilibria (Rapoport and Guyer 1966): against the first, the other two
    frame = tg.compare(CHICKEN)
    data = comparison_data(frame)
    assert data["series"].unique().tolist() == [
        "Tariff chicken (equilibrium 2)",
        "Tariff chicken (equilibrium 3)",
    ]
    assert data["change"].tolist() == frame[frame.equilibrium > 0]["change"].tolist()
    assert data["direction"].tolist() == ["gain", "loss", "gain", "loss"]


def test_comparison_refusals():
    with pytest.raises(ParameterError) as info:
        comparison_data(tg.compare(PD))
    assert str(info.value) == (
        "comparison_data: the compare frame holds only the baseline; compare it with at least "
        "one other scenario or variant"
    )
    with pytest.raises(ParameterError, match="comparison_data: the data lack column"):
        comparison_data(pd.DataFrame({"scenario": ["x"]}))


def test_plot_comparison_draws_on_the_given_axes(demo_compare):
    fig, ax = _axes()
    data = comparison_data(demo_compare)
    assert plot_comparison(data, ax) is fig
    bars = [p for p in ax.patches if p.get_height() != 0]
    assert len(bars) == 2
    assert sorted(b.get_height() for b in bars) == sorted(data["change"])
    loss = matplotlib.colors.to_rgba(tg.plotting._style.LOSS)
    assert all(b.get_facecolor() == loss for b in bars)
    assert data.attrs["units"] in ax.get_ylabel().replace("\n", " ")


def test_comparison_players_missing_from_the_baseline():
    frame = tg.compare(DEMO, baseline=DEMO[1])  # the deal has only China and the United States
    data = comparison_data(frame)
    missing = data[data.direction == "not in baseline"]
    assert missing["player"].tolist() == ["EU", "Japan", "India"]
    assert missing["change"].isna().all()
    _fig, ax = _axes()
    plot_comparison(data, ax)
    labels = " ".join(t.get_text() for t in ax.get_legend().get_texts()).replace("\n", " ")
    assert "not in the baseline: EU (Rare-earth escalation 2025)" in labels


# ------------------------------------------------------------------ bargaining
def test_bargaining_prisoners_dilemma_exact():
    # The feasible set is the hull of the four payoff pairs; its efficient frontier runs
    # (70, 120) - (100, 100) - (120, 70). Against (90, 90) the symmetric Nash (1950) and
    # Kalai-Smorodinsky (1975) solutions are the symmetric efficient point (100, 100).
    frame = bargaining_data(PD)
    assert list(frame.columns) == ["kind", "name", "disagreement", "x", "y"]
    front = frame[frame.kind == "frontier"][["x", "y"]].values.tolist()
    assert front == [[70.0, 120.0], [100.0, 100.0], [120.0, 70.0]]
    assert frame[frame.kind == "feasible"].shape[0] == 4
    solutions = frame[frame.kind == "solution"]
    assert solutions[["x", "y"]].values.tolist() == [[100.0, 100.0]] * 4
    assert solutions["name"].tolist() == ["nash", "kalai-smorodinsky"] * 2
    assert frame.attrs["players"] == ["United States", "Brazil"]


def _distance_to_polyline(point, vertices):
    p = np.asarray(point, dtype=float)
    best = np.inf
    for a, b in itertools.pairwise(vertices):
        a, b = np.asarray(a), np.asarray(b)
        t = np.clip(np.dot(p - a, b - a) / np.dot(b - a, b - a), 0, 1)
        best = min(best, float(np.linalg.norm(p - (a + t * (b - a)))))
    if len(vertices) == 1:
        best = float(np.linalg.norm(p - np.asarray(vertices[0])))
    return best


def test_bargaining_solutions_are_the_analysis_and_lie_on_the_frontier():
    name = "rare_earth_escalation_2025"
    frame = bargaining_data(name)
    table = tg.analyze(name, "bargain").tables["solutions"]
    solutions = frame[frame.kind == "solution"]
    assert solutions["name"].tolist() == table["solution"].tolist()
    assert solutions["disagreement"].tolist() == table["disagreement"].tolist()
    assert solutions["x"].tolist() == table["China payoff"].tolist()
    assert solutions["y"].tolist() == table["United States payoff"].tolist()
    front = frame[frame.kind == "frontier"][["x", "y"]].to_numpy()
    spread = np.ptp(frame[["x", "y"]].to_numpy(), axis=0).max()
    nash = solutions[solutions.name == "nash"]
    for x, y in zip(nash["x"], nash["y"], strict=True):
        assert _distance_to_polyline((x, y), front) <= 1e-9 * spread
    disagreement = frame[frame.kind == "disagreement"]
    assert disagreement["name"].tolist() == ["one-shot equilibrium", "standoff"]
    gains = table[["China gain", "United States gain"]].to_numpy()
    pays = table[["China payoff", "United States payoff"]].to_numpy()
    points = dict(zip(disagreement["name"], disagreement[["x", "y"]].to_numpy(), strict=True))
    for against, pay, gain in zip(table["disagreement"], pays, gains, strict=True):
        np.testing.assert_allclose(pay - gain, points[against], rtol=1e-12, atol=1e-12)


@SETTINGS
@given(
    hnp.arrays(np.float64, st.tuples(st.integers(1, 12), st.just(2)), elements=st.floats(-1e3, 1e3))
)
def test_frontier_is_the_efficient_concave_boundary(points):
    front = frontier(points)
    span = max(float(np.ptp(points)), 1.0)
    for vertex in front:  # vertices are given points, and no given point dominates one
        assert any(np.array_equal(vertex, p) for p in points)
        better = np.all(points >= vertex, axis=1) & np.any(points > vertex + 1e-9 * span, axis=1)
        assert not better.any()
    assert np.all(np.diff(front[:, 0]) > 0) and np.all(np.diff(front[:, 1]) < 0)
    for a, b, c in zip(front[:-2], front[1:-1], front[2:], strict=True):  # it turns right
        assert (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]) < 0


def test_bargaining_refuses_a_scenario_without_a_deal():
    with pytest.raises(ParameterError) as info:
        bargaining_data("india_magnet_shortage_2025")
    assert (
        "bargaining_data: scenario 'india_magnet_shortage_2025' does not support the bargain"
        in str(info.value)
    )


def test_plot_bargaining_draws_on_the_given_axes():
    fig, ax = _axes()
    data = bargaining_data("quid_pro_quo_busan_2025")
    assert plot_bargaining(data, ax) is fig
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "feasible deals" in labels and "efficient frontier" in labels
    assert any(label.startswith("Nash against the standoff") for label in labels)
    assert len(ax.child_axes) == 1  # the close-up of the frontier near the solutions
    assert data.attrs["units"] in ax.get_xlabel().replace("\n", " ")
    fig, ax = _axes()
    plot_bargaining(bargaining_data(PD), ax)
    assert ax.child_axes == []  # nothing to zoom into


def _drawn_marks(fig: Figure, ax) -> dict[str, np.ndarray]:
    """Where (display pixels, after layout) each named mark of a bargaining figure is drawn."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig).draw()
    where = {}
    for c in ax.collections:
        label = c.get_label()
        if label.startswith(("Nash", "Kalai", "listed deal")):
            where[label] = c.get_offset_transform().transform(c.get_offsets())[0]
    return where


@pytest.mark.parametrize("name", [PD, "tariff_war_2025", "quid_pro_quo_busan_2025"])
def test_plot_bargaining_fans_out_coinciding_marks(name):
    # the prisoners' dilemma's four solutions and its listed deal are all (100, 100); the tariff
    # war's deal and solutions are all (0, 0): drawn on one spot they would hide one another
    data = bargaining_data(name)
    fig = plot_bargaining(data)
    ax = fig.axes[0]
    where = _drawn_marks(fig, ax)
    assert len(where) == len(data[data.kind.isin(["deal", "solution"])])
    gap = 12 * fig.dpi / 72  # points between mark centres, in pixels
    for (a, p), (b, q) in itertools.combinations(where.items(), 2):
        assert np.hypot(*(p - q)) >= gap, (a, b)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(label.startswith("coinciding marks fanned out") for label in labels)
    # each fanned mark is tied by a thin line to the middle of its group, and a dot marks
    # every true point of a fanned mark
    leaders = [t for t in ax.texts if getattr(t, "arrow_patch", None) is not None]
    dots = [tuple(c.get_offsets()[0]) for c in ax.collections if list(c.get_sizes()) == [9]]
    sol = data[data.kind.isin(["deal", "solution"])]
    assert len(leaders) >= 2 and len(dots) == len(leaders)
    assert set(dots) <= set(zip(sol.x, sol.y, strict=True))


def test_plot_bargaining_marks_stay_put_when_apart():
    # a mark that coincides with no other is drawn at its own point, without a leader line
    frame = bargaining_data(PD)
    apart = frame[~((frame.kind == "solution") & (frame.disagreement == "standoff"))].copy()
    apart.loc[apart.kind == "deal", ["x", "y"]] = [70.0, 120.0]  # moved off the solutions
    apart.loc[(apart.kind == "solution") & (apart.name == "kalai-smorodinsky"), ["x", "y"]] = [
        120.0,
        70.0,
    ]
    apart.attrs = frame.attrs
    fig = plot_bargaining(apart)
    ax = fig.axes[0]
    where = _drawn_marks(fig, ax)
    for label, point in where.items():
        x, y = apart.loc[apart.kind.isin(["deal", "solution"]), ["x", "y"]].to_numpy()[
            list(where).index(label)
        ]
        np.testing.assert_allclose(point, ax.transData.transform((x, y)), atol=1e-6)
    assert not [t for t in ax.texts if getattr(t, "arrow_patch", None) is not None]


def test_plot_bargaining_close_up_names_its_axes():
    _fig, ax = _axes()
    data = bargaining_data("quid_pro_quo_busan_2025")
    plot_bargaining(data, ax)
    (inner,) = ax.child_axes
    assert inner.get_xlabel() == "China's payoff"
    assert inner.get_ylabel() == "United States' payoff"


def test_plot_comparison_is_wide_enough_with_a_two_line_label(demo_compare):
    data = comparison_data(demo_compare)
    fig = plot_comparison(data)
    ax = fig.axes[0]
    assert fig.get_size_inches()[0] >= 7.5  # ~720 px at the report's 96 dpi
    label = ax.get_ylabel()
    assert label.count("\n") == 1 and data.attrs["units"] in label.replace("\n", " ")
    # one series has no legend key: the title names it
    assert (
        ax.get_title(loc="left")
        .replace("\n", " ")
        .startswith(
            "Tariffs-for-supply quid pro quo (Busan 2025): change against Rare-earth escalation"
        )
    )


@SETTINGS
@given(st.lists(st.text("abcdefghij", min_size=1, max_size=12), min_size=1, max_size=30))
def test_two_lines_keeps_every_word_on_at_most_two_lines(words):
    from tradegame.plotting.comparison import two_lines

    text = " ".join(words)
    out = two_lines(text)
    assert out.count("\n") <= 1 or out == two_lines(text, 48) == "\n".join(
        __import__("textwrap").wrap(text, 48)
    )
    assert out.count("\n") <= 1
    assert out.split() == text.split()


def test_plot_heatmap_names_the_player_of_every_line_of_a_cell():
    # rare-earth escalation: five players, each cell five numbers, top to bottom in the
    # players' order; EU, Japan and India have one strategy each ("fixed")
    data = payoff_heatmap_data("rare_earth_escalation_2025")
    players = data.attrs["players"]
    fixed = set(data.attrs["fixed"])
    assert fixed == {"EU", "Japan", "India"}
    _fig, ax = _axes()
    plot_payoff_heatmap(data, ax)
    rows = data.row_index.nunique()
    names = [t for t in ax.texts if t.get_text() in players and t.get_fontsize() == 6.5]
    assert len(names) == rows * len(players)
    for r in range(rows):  # one name per line, at the height of that line, in order
        mine = sorted((t for t in names if round(t.xy[1]) == r), key=lambda t: t.xy[1])
        assert [t.get_text() for t in mine] == players
    legend = " ".join(t.get_text() for t in ax.get_legend().get_texts()).replace("\n", " ")
    assert "cell: payoffs of China, United States, EU, Japan, India (top to bottom" in legend
    # a one-strategy player's payoff is in italics and never bold: its best reply is trivial
    numbers = [t for t in ax.texts if t.get_fontsize() == 7.5]
    assert len(numbers) == len(data)
    step = 0.8 / len(players)
    for t in numbers:
        k = round((t.get_position()[1] - round(t.get_position()[1]) + 0.4) / step - 0.5)
        single = players[k] in fixed
        assert (t.get_fontstyle() == "italic") == single
        if single:
            assert t.get_fontweight() == "normal"
    assert any(t.get_fontweight() == "bold" for t in numbers)


def test_exact_fractions_in_notes_stay_short():
    # the mixed equilibrium of battle of the sexes, (2/3, 1/3) and (1/3, 2/3) (Luce and Raiffa
    # 1957, ch. 5), is written with its fractions
    game = tg.Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    notes = payoff_heatmap_data(game).attrs["notes"]
    assert notes == [
        "mixed equilibrium 1: Row 2/3 s1 + 1/3 s2; Column 1/3 s1 + 2/3 s2 (payoffs 0.667, 0.667)"
    ]


def test_captions_and_axes_arguments():
    data = payoff_heatmap_data(PD)
    fig = plot_payoff_heatmap(data)
    assert fig.get_supxlabel().startswith("Source: Suranovic")
    fig = plot_payoff_heatmap(data, caption="")
    assert fig.get_supxlabel() == ""
    fig = plot_payoff_heatmap(data, caption="my own caption")
    assert fig.get_supxlabel() == "my own caption"
    with pytest.raises(ParameterError, match="ax: expected matplotlib Axes or None, got str"):
        plot_game_tree(game_tree_data(PD), "axes")


if __name__ == "__main__":
    if sys.argv[1:] == ["--regenerate"]:
        BASELINE.parent.mkdir(parents=True, exist_ok=True)
        render_reference(BASELINE)
        print(BASELINE)
    else:
        print(f"usage: {sys.argv[0]} --regenerate  (rewrites {BASELINE})")


def test_payoffs_too_large_to_draw_are_refused_in_one_line():
    game = tg.Game.from_bimatrix([[1e308, -1e308], [0, 1]], [[1, 0], [0, 1]])
    for helper in (payoff_heatmap_data, best_response_data):
        with pytest.raises(ParameterError, match="payoffs are too large to draw") as info:
            helper(game)
        assert "\n" not in str(info.value)
    assert plt.get_fignums() == []


@pytest.mark.parametrize("projection", ["polar", "3d"])
def test_non_rectilinear_axes_are_refused(projection):
    ax = Figure().add_subplot(projection=projection)
    data = payoff_heatmap_data("tariff_chicken")
    with pytest.raises(
        ParameterError, match=rf"ax: expected plain \(rectilinear\) Axes, got '{projection}'"
    ):
        plot_payoff_heatmap(data, ax=ax)


@pytest.mark.parametrize(
    ("plot", "data"),
    [
        (plot_payoff_heatmap, lambda: payoff_heatmap_data("tariff_chicken")),
        (plot_best_response, lambda: best_response_data("tariff_chicken")),
        (plot_comparison, lambda: comparison_data(tg.compare(["tariff_chicken"]))),
    ],
)
def test_a_caption_must_be_text(plot, data):
    with pytest.raises(ParameterError, match="caption: expected text, '' for none or None"):
        plot(data(), caption=3)
    assert plt.get_fignums() == []
