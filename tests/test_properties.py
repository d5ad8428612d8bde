"""Hypothesis properties: whatever a solver returns is an equilibrium, and nothing is missed."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import HealthCheck, given, settings
from strategies import bimatrix_games, generic_bimatrix_games, nplayer_games

import tradegame as tg
from tradegame.solvers.pure import pure_nash_mask
from tradegame.solvers.regret import regrets

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _independent_regrets(game: tg.Game, strategies) -> np.ndarray:
    """Each player's regret recomputed with plain loops over pure profiles (no shared kernel)."""
    out = np.zeros(game.n_players)
    for i in range(game.n_players):
        u = game.payoffs[i]
        values = np.zeros(game.shape[i])
        for profile in itertools.product(*(range(n) for n in game.shape)):
            weight = np.prod([strategies[j][profile[j]] for j in range(game.n_players) if j != i])
            values[profile[i]] += weight * u[profile]
        out[i] = values.max() - values @ strategies[i]
    return out


def _independent_max_regret(game: tg.Game, strategies) -> float:
    return float(_independent_regrets(game, strategies).max())


def _within_tolerance(game: tg.Game, result: tg.SolverResult, strategies) -> bool:
    """Every player's independently computed regret is within the result's tolerance.

    The loop above rounds on its own (a player whose payoffs are all equal gets
    a regret of about 1e-16, not 0), so it is allowed rounding of 1e-12 of the
    largest payoff on top of the solver's tolerance.
    """
    rounding = 1e-12 * float(np.abs(game.payoff_tensor).max())
    return bool(np.all(_independent_regrets(game, strategies) <= result.tolerances + rounding))


@SETTINGS
@given(bimatrix_games())
def test_vertex_enumeration_returns_equilibria(game: tg.Game) -> None:
    result = tg.vertex_enumeration(game)
    assert len(result) >= 1  # Nash (1951): every finite game has one
    for eq in result:
        assert _within_tolerance(game, result, eq.strategies)
        assert np.all(eq.regrets <= result.tolerances)
        for s, exact in zip(eq.strategies, eq.exact, strict=True):
            assert sum(exact) == 1 and min(exact) >= 0
            np.testing.assert_allclose(s, [float(x) for x in exact], atol=1e-15)


@SETTINGS
@given(bimatrix_games())
def test_vertex_enumeration_contains_every_pure_equilibrium(game: tg.Game) -> None:
    pure = {tuple(int(np.argmax(s)) for s in e.strategies) for e in tg.pure_nash(game)}
    mixed = {
        tuple(int(np.argmax(s)) for s in e.strategies)
        for e in tg.vertex_enumeration(game)
        if e.pure
    }
    assert pure == mixed


@SETTINGS
@given(generic_bimatrix_games())
def test_float_and_exact_vertex_enumeration_agree_on_generic_games(game: tg.Game) -> None:
    exact = tg.vertex_enumeration(game)
    fast = tg.vertex_enumeration(game, exact=False)
    assert len(exact) == len(fast)
    for e in exact:
        flat = np.concatenate(e.strategies)
        assert any(np.allclose(flat, np.concatenate(f.strategies), atol=1e-7) for f in fast)


@SETTINGS
@given(bimatrix_games(), bimatrix_games())
def test_lemke_howson_returns_an_equilibrium_for_every_label(game: tg.Game, _unused) -> None:
    m, n = game.shape
    for label in range(m + n):
        result = tg.lemke_howson(game, initial_dropped_label=label)
        assert len(result) == 1
        assert _within_tolerance(game, result, result[0].strategies)


@SETTINGS
@given(nplayer_games())
def test_pure_equilibria_equal_brute_force(game: tg.Game) -> None:
    expected = set()
    for profile in itertools.product(*(range(n) for n in game.shape)):
        stable = True
        for i in range(game.n_players):
            u = game.payoffs[i]
            here = u[profile]
            for dev in range(game.shape[i]):
                alt = list(profile)
                alt[i] = dev
                if u[tuple(alt)] > here:
                    stable = False
        if stable:
            expected.add(profile)
    found = {tuple(int(np.argmax(s)) for s in e.strategies) for e in tg.pure_nash(game)}
    assert found == expected


@SETTINGS
@given(nplayer_games())
def test_batched_kernels_equal_single_game_calls(game: tg.Game) -> None:
    other = game.replace(payoff_tensor=-game.payoff_tensor)
    batch = np.stack([game.payoff_tensor, other.payoff_tensor])
    masks = pure_nash_mask(batch)
    assert np.array_equal(masks[0], pure_nash_mask(game.payoff_tensor[None])[0])
    assert np.array_equal(masks[1], pure_nash_mask(other.payoff_tensor[None])[0])


@SETTINGS
@given(nplayer_games(max_players=3))
def test_regret_kernel_matches_loop(game: tg.Game) -> None:
    rng = np.random.default_rng(0)
    strategies = [rng.dirichlet(np.ones(n)) for n in game.shape]
    batched = regrets(game.payoff_tensor, [s[None] for s in strategies]).max()
    assert abs(batched - _independent_max_regret(game, strategies)) <= 1e-12


@SETTINGS
@given(bimatrix_games())
def test_equilibria_survive_iterated_strict_dominance(game: tg.Game) -> None:
    """Strictly dominated strategies are never played in equilibrium (Myerson 1991, 3.1)."""
    reduced = tg.iterated_dominance(game).reduced
    kept = [set(s) for s in reduced.strategies]
    for eq in tg.vertex_enumeration(game):
        for i, s in enumerate(eq.strategies):
            used = {game.strategies[i][k] for k in np.flatnonzero(s)}
            assert used <= kept[i]


@SETTINGS
@given(generic_bimatrix_games())
def test_support_and_vertex_enumeration_agree_on_generic_games(game: tg.Game) -> None:
    vertex = tg.vertex_enumeration(game)
    support = tg.support_enumeration(game)
    assert len(vertex) == len(support)
    for e in vertex:
        flat = np.concatenate(e.strategies)
        assert any(np.allclose(flat, np.concatenate(f.strategies), atol=1e-7) for f in support)
