"""Solvers never hang: time limits, size guards, lazy support enumeration, progress reports.

Nothing here asserts how long anything took (machines are shared and noisy);
the tests check that a run cut short says so and still returns verified
equilibria, and that large inputs are refused before anything is built.
"""

from __future__ import annotations

import contextlib
import io
import json

import numpy as np
import pytest

import tradegame as tg
from tradegame.cli import _ProgressLine, main
from tradegame.solvers._budget import Budget, progress_reporter
from tradegame.solvers.vertex_enumeration import polytope_vertices


def random_game(size: int, seed: int, low: int = -100, high: int = 100) -> tg.Game:
    rng = np.random.default_rng(seed)
    return tg.Game.from_bimatrix(
        rng.integers(low, high, (size, size)), rng.integers(low, high, (size, size))
    )


@pytest.mark.parametrize(
    "method",
    [
        lambda g, t: tg.vertex_enumeration(g, time_limit=t),
        lambda g, t: tg.vertex_enumeration(g, exact=False, time_limit=t),
        lambda g, t: tg.support_enumeration(g, time_limit=t),
        lambda g, t: tg.lemke_howson(g, initial_dropped_label="all", time_limit=t),
    ],
    ids=["vertex", "vertex-float", "support", "lemke-howson-all"],
)
def test_a_run_cut_short_says_so_and_keeps_what_it_verified(method) -> None:
    game = random_game(60, 1)  # far too large for any of these to finish in 0.3 s
    result = method(game, 0.3)
    assert result.stopped is not None and "time limit of 0.3 s" in result.stopped
    assert not result.complete
    assert any("may be incomplete" in note for note in result.notes)
    for eq in result:
        assert eq.relative_regret <= result.tolerance


def test_support_enumeration_generates_supports_lazily() -> None:
    # 40x40 has about 1e23 support pairs; materialising them would exhaust the memory
    result = tg.support_enumeration(random_game(40, 2), time_limit=0.5)
    assert result.stopped is not None


def test_auto_on_a_game_too_large_to_enumerate_returns_verified_equilibria() -> None:
    result = tg.solve(random_game(25, 3))
    assert len(result) >= 1 and not result.complete
    assert result.method == "lemke-howson" and result.parameters["chosen_by"] == "auto"
    assert any("vertex enumeration skipped" in n for n in result.notes)
    assert any("need not find every equilibrium" in n for n in result.notes)


@pytest.mark.parametrize("size", [40, 15])
def test_command_line_answers_big_games_within_its_default_budget(size, tmp_path) -> None:
    """A random 40x40 game and a 15x15 game with payoffs in {-1, 0, 1}, as the acceptance asks."""
    game = random_game(40, 4) if size == 40 else random_game(15, 5, -1, 2)
    path = tg.write_nfg(game, tmp_path / "big.nfg")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["solve", str(path), "--format", "json"])
    assert code == 0
    doc = json.loads(out.getvalue())
    assert len(doc["equilibria"]) >= 1
    assert all(e["relative_regret"] <= doc["tolerance"] for e in doc["equilibria"])
    assert isinstance(doc["complete"], bool)
    if not doc["complete"]:
        assert any("may be incomplete" in n for n in doc["notes"])


def test_auto_enumerates_large_games_when_there_is_no_time_limit() -> None:
    # 22x22, each player's payoff rising with its own strategy: few vertices, one equilibrium
    own = np.add.outer(np.arange(22.0), np.zeros(22))
    game = tg.Game.from_bimatrix(own, own.T)
    assert tg.solve(game).method == "lemke-howson"  # under the default limit: too large
    result = tg.solve(game, time_limit=None)
    assert result.method == "vertex-enumeration" and result.complete and len(result) == 1


def test_time_limits_are_validated() -> None:
    game = random_game(2, 0)
    for bad in (0, -1, float("nan"), "10", True):
        with pytest.raises(tg.SolverError, match="time_limit must be a positive number"):
            tg.solve(game, time_limit=bad)
    assert tg.solve(game, time_limit=float("inf")).parameters["time_limit"] is None


def test_progress_reports_reach_the_reporter() -> None:
    seen = []
    with progress_reporter(lambda *args: seen.append(args)):
        tg.vertex_enumeration(random_game(60, 7), time_limit=1.2)
    assert seen, "a run longer than half a second reports its progress"
    method, elapsed, limit, status = seen[-1]
    assert method == "vertex-enumeration" and limit == 1.2 and "vertices" in status
    assert 0 < elapsed <= 1.2


def test_progress_line_draws_and_clears() -> None:
    stream = io.StringIO()
    line = _ProgressLine(stream)
    line("vertex-enumeration", 12.0, 30.0, "1,234 + 1,200 vertices")
    assert "[########............]  12/30 s  vertex-enumeration: 1,234" in stream.getvalue()
    line.clear()
    assert stream.getvalue().endswith("\r")


def test_budget_part_ends_earlier_and_names_its_share_of_the_limit() -> None:
    budget = Budget("x", 10.0)
    part = budget.part(0.5)
    assert part.deadline == pytest.approx(budget.start + 5.0)
    part.deadline = budget.start  # as if that share had passed
    assert part.expired() and part.stopped == "stopped at 50% of the time limit of 10 s"
    assert budget.stopped is None


def test_vertex_limit_stops_the_walk(monkeypatch) -> None:
    monkeypatch.setattr(tg.limits, "MAX_VERTICES", 50)
    result = tg.vertex_enumeration(random_game(12, 8), time_limit=None)
    assert (
        result.stopped
        == "stopped after 50 vertices of one polytope (tradegame.limits.MAX_VERTICES)"
    )
    assert not result.complete


def test_exact_preparation_of_a_large_game_obeys_the_time_limit() -> None:
    rng = np.random.default_rng(9)
    game = tg.Game.from_bimatrix(rng.random((500, 500)), rng.random((500, 500)))
    for method in ("vertex-enumeration", "lemke-howson"):
        result = tg.solve(game, method, exact=True, time_limit=0.2)
        assert result.stopped is not None and "time limit" in result.stopped


def test_auto_with_a_tiny_time_limit_still_answers() -> None:
    result = tg.solve(random_game(10, 10), time_limit=1e-5)
    assert result.stopped is not None and not result.complete


def test_a_game_too_large_to_pivot_falls_back_to_supports() -> None:
    rng = np.random.default_rng(10)
    game = tg.Game.from_bimatrix(rng.integers(0, 9, (2, 5000)), rng.integers(0, 9, (2, 5000)))
    assert "tableau of this 2x5000 game" in str(tg.vertex_enumeration(game).stopped)
    assert "tableau of this 2x5000 game" in str(tg.lemke_howson(game).stopped)
    result = tg.solve(game, time_limit=2)
    assert result.method == "support-enumeration" and len(result) >= 1
    assert "were not tried" in result.notes[0]


def test_a_game_with_more_equilibria_than_can_be_listed(monkeypatch) -> None:
    monkeypatch.setattr(tg.limits, "MAX_EQUILIBRIA", 10)
    flat = tg.Game.from_arrays([np.zeros((4, 4, 4))] * 3)  # every profile is an equilibrium
    result = tg.pure_nash(flat)
    assert len(result) == 10 and not result.complete
    assert result.stopped == "stopped after the first 10 of 64 pure equilibria " + (
        "(tradegame.limits.MAX_EQUILIBRIA)"
    )


def test_pareto_and_security_levels_take_a_time_limit() -> None:
    game = random_game(300, 11)
    with pytest.warns(tg.EquilibriumWarning, match="may be incomplete"):
        frame = tg.pareto_efficient(game, time_limit=1e-4)
    assert frame.attrs["stopped"].startswith("stopped at the time limit")
    with pytest.warns(tg.EquilibriumWarning, match="NaN"):
        levels = tg.security_levels(game, time_limit=1e-4)
    assert levels["mixed_level"].isna().any()
    assert tg.iterated_dominance(game, time_limit=1e-4).stopped is not None


def test_an_enumeration_cut_short_keeps_the_equilibria_among_its_vertices(monkeypatch) -> None:
    game = random_game(10, 14, -1, 2)
    full = {e.exact for e in tg.vertex_enumeration(game, time_limit=None)}
    monkeypatch.setattr(tg.limits, "MAX_VERTICES", 200)
    partial = tg.vertex_enumeration(game, time_limit=None)
    assert partial.stopped == "stopped after 200 vertices of one polytope " + (
        "(tradegame.limits.MAX_VERTICES)"
    )
    assert 1 <= len(partial) < len(full)
    assert {e.exact for e in partial} <= full


def test_a_polytope_with_exactly_the_allowed_vertices_is_complete(monkeypatch) -> None:
    game = tg.Game.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    counts = [len(polytope_vertices(p)[0]) for p in (game.payoffs[1].T, game.payoffs[0])]
    monkeypatch.setattr(tg.limits, "MAX_VERTICES", max(counts))
    assert tg.vertex_enumeration(game).complete


def test_every_pair_of_an_all_zero_game_is_listed_within_the_budget() -> None:
    zeros = tg.Game.from_bimatrix(np.zeros((30, 30)), np.zeros((30, 30)))
    result = tg.vertex_enumeration(zeros, time_limit=10)
    assert len(result) == 900 and result.complete  # every pair of pure strategies


def test_exact_arithmetic_is_refused_where_it_cannot_be_interrupted() -> None:
    big = random_game(1000, 15, 0, 9)
    assert "an exact tableau of this 1000x1000 game" in str(tg.lemke_howson(big).stopped)
    assert tg.solve(big, time_limit=0.5).parameters["exact"] is False  # auto uses floats
    primes = [p for p in range(2, 80_000) if all(p % d for d in range(2, int(p**0.5) + 1))]
    bomb = tg.Game.from_bimatrix(1 / np.array(primes[:6400]).reshape(80, 80), np.ones((80, 80)))
    result = tg.vertex_enumeration(bomb, time_limit=2)
    assert "exact pivoting on these payoffs would carry integers of more than" in result.stopped
