"""Known games with cited equilibria x solvers: one generic table-driven test."""

from __future__ import annotations

import numpy as np
import pytest
from games import KNOWN_GAMES, KnownGame

import tradegame as tg

TWO_PLAYER = [g for g in KNOWN_GAMES if g.game.n_players == 2 and g.equilibria]
DEGENERATE = {"degenerate 3x2"}
NONDEGENERATE = [g for g in TWO_PLAYER if g.name not in {"degenerate 3x2", "3x3 coordination"}]


def _as_float(profile) -> np.ndarray:
    return np.concatenate([np.array([float(p) for p in s]) for s in profile])


def assert_same_set(found, expected) -> None:
    found = [_as_float(p) for p in found]
    expected = [_as_float(p) for p in expected]
    assert len(found) == len(expected), f"found {len(found)} equilibria, expected {len(expected)}"
    for e in expected:
        assert any(np.allclose(f, e, atol=1e-9, rtol=0) for f in found), f"missing equilibrium {e}"


def _ids(games: list[KnownGame]) -> list[str]:
    return [g.name for g in games]


@pytest.mark.parametrize("known", TWO_PLAYER, ids=_ids(TWO_PLAYER))
@pytest.mark.parametrize("exact", [True, False])
def test_vertex_enumeration_finds_all_extreme_equilibria(known: KnownGame, exact: bool) -> None:
    result = tg.vertex_enumeration(known.game, exact=exact)
    assert_same_set([e.strategies for e in result], known.equilibria)
    assert all(np.all(e.regrets <= result.tolerances) for e in result)
    assert all(e.relative_regret <= result.tolerance for e in result)
    # floating point vouches for completeness only in a nondegenerate game
    assert result.complete is (exact or known.name not in DEGENERATE)


@pytest.mark.parametrize("known", TWO_PLAYER, ids=_ids(TWO_PLAYER))
def test_exact_fractions_are_the_cited_ones(known: KnownGame) -> None:
    result = tg.vertex_enumeration(known.game)
    assert sorted(e.exact for e in result) == sorted(known.equilibria)


@pytest.mark.parametrize("known", NONDEGENERATE, ids=_ids(NONDEGENERATE))
def test_support_enumeration_on_nondegenerate_games(known: KnownGame) -> None:
    result = tg.support_enumeration(known.game)
    assert_same_set([e.strategies for e in result], known.equilibria)


@pytest.mark.parametrize("known", TWO_PLAYER, ids=_ids(TWO_PLAYER))
def test_lemke_howson_every_label_reaches_a_cited_equilibrium(known: KnownGame) -> None:
    m, n = known.game.shape
    expected = [_as_float(p) for p in known.equilibria]
    for label in range(m + n):
        result = tg.lemke_howson(known.game, initial_dropped_label=label)
        assert len(result) == 1
        found = _as_float(result[0].strategies)
        assert any(np.allclose(found, e, atol=1e-9) for e in expected), (label, found)


LISTED = [g for g in KNOWN_GAMES if g.equilibria]


@pytest.mark.parametrize("known", LISTED, ids=_ids(LISTED))
def test_pure_nash_matches_the_pure_cited_equilibria(known: KnownGame) -> None:
    expected = [p for p in known.equilibria if all(sum(1 for x in s if x) == 1 for s in p)]
    result = tg.pure_nash(known.game)
    assert_same_set([e.strategies for e in result], expected)
    assert all(e.pure and e.max_regret == 0 for e in result)


def test_von_stengel_6x6_has_75_equilibria() -> None:
    game = next(g.game for g in KNOWN_GAMES if g.name == "von Stengel 6x6")
    result = tg.vertex_enumeration(game)
    assert len(result) == 75
    assert result.complete
    assert max(e.relative_regret for e in result) <= result.tolerance


def test_degenerate_game_is_flagged() -> None:
    game = next(g.game for g in KNOWN_GAMES if g.name == "degenerate 3x2")
    result = tg.vertex_enumeration(game)
    assert any("degenerate" in note for note in result.notes)


def test_tariff_pd_payoffs_are_90_90() -> None:
    result = tg.solve(tg.load_scenario("tariff_prisoners_dilemma").game())
    assert len(result) == 1
    assert result.profile(0) == {
        "United States": {"optimal tariff": 1.0},
        "Brazil": {"optimal tariff": 1.0},
    }
    np.testing.assert_allclose(result[0].payoffs, [90, 90])


def test_auto_on_three_players_lists_pure_and_mixed_and_flags_a_degenerate_game() -> None:
    game = next(g.game for g in KNOWN_GAMES if g.name == "3-player Nau game")
    result = tg.solve(game)
    assert result.method == "all" and result.parameters["chosen_by"] == "auto"
    pure = {e.supports for e in result if e.pure}
    assert pure == {((0,), (1,), (0,)), ((1,), (0,), (0,)), ((1,), (1,), (1,))}
    assert any(not e.pure for e in result)  # points of its continua of mixed equilibria
    assert not result.complete and any("degenerate" in n for n in result.notes)


def test_auto_finds_the_mixed_equilibrium_of_a_game_without_a_pure_one() -> None:
    """Jordan's (1993) three-player matching pennies: the unique equilibrium is (1/2, 1/2)
    for everyone (Jordan, GEB 5, 368-386)."""
    tensor = np.zeros((3, 2, 2, 2))
    for a in range(2):
        for b in range(2):
            for c in range(2):
                tensor[:, a, b, c] = [a == b, b == c, c != a]
    result = tg.solve(tg.Game.from_arrays(list(tensor)))
    assert result.method == "all" and result.complete and len(result) == 1
    np.testing.assert_allclose(np.concatenate(result[0].strategies), 0.5, atol=1e-12)


def test_floating_point_follows_the_exact_paths_on_a_degenerate_game() -> None:
    """Rounding residues count as the zeros they stand for, so ties break as in exact arithmetic."""
    rng = np.random.default_rng(40)
    game = tg.Game.from_bimatrix(rng.integers(-1, 2, (25, 25)), rng.integers(-1, 2, (25, 25)))
    exact = tg.lemke_howson(game, initial_dropped_label="all")
    fast = tg.lemke_howson(game, initial_dropped_label="all", exact=False)
    assert exact.parameters["pivots"] == fast.parameters["pivots"]
    assert len(exact) == len(fast)
    for e, f in zip(exact, fast, strict=True):
        np.testing.assert_allclose(np.concatenate(e.strategies), np.concatenate(f.strategies))
        assert e.supports == f.supports


def test_payoffs_near_the_float_limit_solve_without_overflow_warnings() -> None:
    # the exact reading of a 2x2 game whose payoff range overflows a float (3.1e307 ... -1.5e307)
    game = tg.Game.from_bimatrix(
        [[1e307, -1e307], [-1.5e307, 1.6e307]], [[1e307, -1e307], [-1.5e307, 1.6e307]]
    )
    result = tg.solve(game)
    assert len(result) == 3 and all(e.relative_regret <= result.tolerance for e in result)
