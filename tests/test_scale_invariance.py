"""Equilibria do not depend on payoff units: every method is invariant to rescaling each player.

Nash equilibria are unchanged when one player's payoffs are multiplied by a
positive number and shifted (von Neumann and Morgenstern 1944, ch. 3; Myerson
1991, section 2.3), so a game in USD must have the same equilibria as the same
game in USD bn. Two kinds of transformation are drawn:

* *exact* ones: a factor ``m * 2**k`` (an integer times a power of two) and a
  shift that is a multiple of ``2**k``, which floating point applies to
  integer payoffs without rounding; the transformed game is then exactly an
  affine image of the original, so the sets must agree also on degenerate
  games, where equilibria hinge on ties;
* *real* ones: a log-uniform factor and a shift of up to a thousand times the
  factor, applied with rounding, on games with continuous random payoffs
  (nondegenerate with probability one), where rounding moves equilibria by
  about 1e-15.

A shift of a million when the factor is 1e-12 would round the payoffs away:
that is the input losing information, not a solver's doing, so shifts are
drawn relative to the factor.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from games import KNOWN_GAMES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import bimatrix_games, generic_bimatrix_games, nplayer_games

import tradegame as tg

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TWO_PLAYER_METHODS = {
    "vertex-enumeration": lambda g: tg.vertex_enumeration(g),
    "vertex-enumeration, float": lambda g: tg.vertex_enumeration(g, exact=False),
    "support-enumeration": lambda g: tg.support_enumeration(g),
    "lemke-howson, all labels": lambda g: tg.lemke_howson(g, initial_dropped_label="all"),
    "lemke-howson, all labels, float": lambda g: tg.lemke_howson(
        g, initial_dropped_label="all", exact=False
    ),
    "pure": lambda g: tg.pure_nash(g),
    "auto": lambda g: tg.solve(g),
}


@st.composite
def exact_transforms(draw, n_players: int) -> list[tuple[float, float]]:
    """Per player, a factor in [1e-12, 1e12] and a shift that floats apply exactly."""
    out = []
    for _ in range(n_players):
        power = draw(st.integers(-40, 29))  # 2**-40 ~ 9e-13, 1023 * 2**29 ~ 5.5e11
        factor = draw(st.integers(1, 1023)) * 2.0**power
        shift = draw(st.integers(-(10**6), 10**6)) * 2.0**power
        out.append((factor, shift))
    return out


@st.composite
def real_transforms(draw, n_players: int) -> list[tuple[float, float]]:
    """Per player, a log-uniform factor in [1e-12, 1e12] and a shift of up to 1e3 x factor."""
    out = []
    for _ in range(n_players):
        factor = 10.0 ** draw(st.floats(-12, 12))
        shift = factor * draw(st.floats(-1e3, 1e3))
        out.append((factor, shift))
    return out


def transformed(game: tg.Game, transforms) -> tg.Game:
    tensor = np.stack(
        [u * factor + shift for u, (factor, shift) in zip(game.payoffs, transforms, strict=True)]
    )
    return game.replace(payoff_tensor=tensor)


def profiles(result: tg.SolverResult) -> list[np.ndarray]:
    return [np.concatenate(e.strategies) for e in result]


def assert_same_equilibria(a: tg.SolverResult, b: tg.SolverResult, atol: float) -> None:
    found, expected = profiles(b), profiles(a)
    assert len(found) == len(expected), (a.method, len(expected), len(found))
    for e in expected:
        assert any(np.allclose(f, e, atol=atol, rtol=0) for f in found), (a.method, e)
    assert a.complete == b.complete, a.method


@SETTINGS
@given(bimatrix_games(), st.data())
def test_exact_rescaling_leaves_every_two_player_method_unchanged(game, data) -> None:
    scaled = transformed(game, data.draw(exact_transforms(2)))
    for name, method in TWO_PLAYER_METHODS.items():
        before, after = method(game), method(scaled)
        assert_same_equilibria(before, after, atol=1e-12)
        if before.equilibria and before[0].exact is not None:
            assert [e.exact for e in before] == [e.exact for e in after], name


@SETTINGS
@given(generic_bimatrix_games(), st.data())
def test_real_rescaling_leaves_every_two_player_method_unchanged(game, data) -> None:
    scaled = transformed(game, data.draw(real_transforms(2)))
    for method in TWO_PLAYER_METHODS.values():
        assert_same_equilibria(method(game), method(scaled), atol=1e-7)


@SETTINGS
@given(nplayer_games(max_players=4), st.data())
def test_exact_rescaling_leaves_n_player_analyses_unchanged(game, data) -> None:
    transforms = data.draw(exact_transforms(game.n_players))
    scaled = transformed(game, transforms)
    assert_same_equilibria(tg.pure_nash(game), tg.pure_nash(scaled), atol=0)
    assert_same_equilibria(tg.solve(game), tg.solve(scaled), atol=0)
    for weak in (False, True):
        before = tg.iterated_dominance(game, weak=weak)
        after = tg.iterated_dominance(scaled, weak=weak)
        assert before.reduced.strategies == after.reduced.strategies
    # a security level moves with the payoffs: factor * level + shift, to 1e-9 of the range
    levels = tg.security_levels(game)["mixed_level"].to_numpy()
    moved = tg.security_levels(scaled)["mixed_level"].to_numpy()
    for i, (factor, shift) in enumerate(transforms):
        span = np.ptp(game.payoffs[i])
        assert abs(moved[i] - (levels[i] * factor + shift)) <= 1e-9 * factor * max(span, 1.0)


def _scaled_known(scale: float) -> list:
    return [
        pytest.param(known, scale, id=f"{known.name} x {scale:g}")
        for known in KNOWN_GAMES
        if known.game.n_players == 2 and known.equilibria
    ]


def _as_float(profile) -> np.ndarray:
    return np.concatenate([np.array([float(p) for p in s]) for s in profile])


# Methods that list every equilibrium of their kind: always, or on nondegenerate games only.
ALWAYS_COMPLETE = {"vertex-enumeration", "auto"}
COMPLETE_IF_NONDEGENERATE = {"vertex-enumeration, float", "support-enumeration"}


@pytest.mark.parametrize(("known", "scale"), _scaled_known(1e7) + _scaled_known(1e-10))
def test_known_games_in_other_units_give_their_known_equilibria(known, scale) -> None:
    """The cited equilibria of every known game, at payoffs times 1e7 (USD) and 1e-10."""
    game = known.game.replace(payoff_tensor=known.game.payoff_tensor * scale)
    nondegenerate = known.name != "degenerate 3x2"
    pure = [p for p in known.equilibria if all(sum(1 for x in s if x) == 1 for s in p)]
    for name, method in TWO_PLAYER_METHODS.items():
        result = method(game)
        found = profiles(result)
        expected = [_as_float(p) for p in (pure if name == "pure" else known.equilibria)]
        for f in found:  # whatever is found is a cited equilibrium
            assert any(np.allclose(f, e, atol=1e-9) for e in expected), (name, f)
        if (
            name == "pure"
            or name in ALWAYS_COMPLETE
            or (nondegenerate and name in COMPLETE_IF_NONDEGENERATE)
        ):  # and nothing is missed
            assert len(found) == len(expected), (name, len(found), len(expected))
        else:
            assert len(found) >= 1, name


def test_a_player_with_equal_payoffs_everywhere_is_indifferent() -> None:
    # the column player gets 7 whatever happens: every column is a best response
    game = tg.Game.from_bimatrix([[2, 0], [0, 1]], [[7, 7], [7, 7]])
    for name, method in TWO_PLAYER_METHODS.items():
        result = method(game)
        assert len(result) >= 1, name
        for eq in result:
            assert eq.regrets[1] == 0.0 and eq.relative_regret <= result.tolerance, name
    result = tg.vertex_enumeration(game)
    third = (Fraction(1, 3), Fraction(2, 3))
    assert {e.exact for e in result} == {
        ((1, 0), (1, 0)),
        ((1, 0), third),
        ((0, 1), (0, 1)),
        ((0, 1), third),
    }


def test_tiny_payoffs_do_not_let_non_equilibria_through() -> None:
    """Matching pennies at 1e-10: only the mixed equilibrium, with every method."""
    pennies = tg.Game.zero_sum([[1e-10, -1e-10], [-1e-10, 1e-10]])
    for name, method in TWO_PLAYER_METHODS.items():
        result = method(pennies)
        if name == "pure":
            assert len(result) == 0
            continue
        assert len(result) == 1, name
        np.testing.assert_allclose(np.concatenate(result[0].strategies), 0.5, atol=1e-12)
    with pytest.warns(tg.EquilibriumWarning):
        result = tg.solvers.result.verified_result(
            pennies, "test", {}, [np.eye(2)[[0]], np.eye(2)[[0]]], complete=False
        )
    assert len(result) == 0  # (H, H) has regret 2e-10: all of the loser's payoff range


def test_payoffs_near_the_float_limit() -> None:
    pennies = tg.Game.zero_sum([[1.5e308, -1.5e308], [-1.5e308, 1.5e308]])
    for name, method in TWO_PLAYER_METHODS.items():
        if name == "pure":
            continue
        result = method(pennies)
        assert len(result) == 1, name
        np.testing.assert_allclose(np.concatenate(result[0].strategies), 0.5)


def test_exact_arithmetic_on_payoffs_far_from_zero() -> None:
    """Payoffs of about 1e9 that differ in the decimals are read as the floats they are.

    Reading 1000000000.64 as the decimal typed would move it by more than the
    verification tolerance of a payoff range of about 1.
    """
    a = np.array([[0.64, 0.72, 1, 0.94, 0.84], [0.78, 0.4, 0.64, 0.18, 0.76]]) + 1e9
    b = [[0.76, 0.72, 0.44, 0.38, 0.42], [0.03, 0.84, 0.54, 0.39, 0.55]]
    game = tg.Game.from_bimatrix(a, b)
    for name, method in TWO_PLAYER_METHODS.items():
        result = method(game)
        if name != "pure":
            assert len(result) == 1, name


def test_a_range_beyond_the_float_limit_beside_a_constant_player() -> None:
    game = tg.loads_nfg('NFG 1 R "x" { "A" "B" } { 2 2 } 1e308 0 -1e308 0 -1e308 0 1e308 0')
    pure = {e.supports for e in tg.pure_nash(game)}
    assert pure == {((0,), (0,)), ((1,), (1,))}
    for name, method in TWO_PLAYER_METHODS.items():
        found = {e.supports for e in method(game)}
        if name in ALWAYS_COMPLETE:
            assert pure <= found, name
        assert found, name
    levels = tg.security_levels(game)
    assert levels["mixed_level"].tolist() == [0.0, 0.0]


def test_best_responses_do_not_depend_on_units() -> None:
    game = tg.Game.from_bimatrix(np.array([[3, 0], [5, 1]]) * 1e-13, [[3, 5], [0, 1]])
    assert tg.best_responses(game, [0, 0]) == {"Row": ("s2",), "Column": ("s2",)}


def test_auto_chooses_the_same_arithmetic_in_any_units() -> None:
    base = np.array([[2, 1], [3, 1]])
    for factor in (1, 1e-12, 1e7, 3.7e-5):
        result = tg.solve(tg.Game.from_bimatrix(base * factor, [[1, 1], [1, 2]]))
        assert result.parameters["exact"] is True and result.complete, factor


def test_a_shift_far_from_zero_keeps_a_degenerate_games_exact_equilibria() -> None:
    # typed decimals stay decimals while the shift moves regrets by under tol / 20
    a = np.array([[0.3, 0.2], [0.6, 0.1], [0, 0.3]])
    b = np.array([[0, 0.1], [0.7, 0.1], [0.3, 0.3]])
    base = {e.exact for e in tg.vertex_enumeration(tg.Game.from_bimatrix(a, b))}
    assert len(base) == 4
    for shift in (1e3, 1e5):
        shifted = tg.vertex_enumeration(tg.Game.from_bimatrix(a + shift, b + shift))
        assert {e.exact for e in shifted} == base and shifted.complete, shift
