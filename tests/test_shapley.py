"""The Shapley value: known answers, the axioms as properties, batching and sampling."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from tradegame.coalitions import (
    CharacteristicFunction,
    shapley,
    shapley_batch,
    shapley_sampled,
)
from tradegame.errors import GameError, ParameterError


def names(n: int) -> list[str]:
    return [f"p{i}" for i in range(n)]


def glove() -> dict[frozenset[str], float]:
    """Glove game: L holds a left glove, R1 and R2 a right glove each; a pair is worth 1."""
    players = ["L", "R1", "R2"]
    return {
        frozenset(s): float("L" in s and len(s) >= 2)
        for k in (1, 2, 3)
        for s in combinations(players, k)
    }


def majority() -> dict[frozenset[str], float]:
    """Three-player majority game: any two players share 1."""
    return {frozenset(s): float(len(s) >= 2) for k in (1, 2, 3) for s in combinations("abc", k)}


@st.composite
def dense_games(draw, max_players: int = 6) -> CharacteristicFunction:
    n = draw(st.integers(1, max_players))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    v = rng.normal(size=2**n)
    v[0] = 0.0
    return CharacteristicFunction.from_array(names(n), v)


# ----------------------------------------------------------------------------- known answers
def test_glove_game():
    # Shapley values (2/3, 1/6, 1/6): Maschler, Solan & Zamir (2013), Game Theory, ch. 18;
    # Hart (1989), "Shapley value", The New Palgrave: Game Theory, 210-216.
    phi = shapley(glove())
    assert list(phi) == ["L", "R1", "R2"]
    assert_allclose([phi["L"], phi["R1"], phi["R2"]], [2 / 3, 1 / 6, 1 / 6], atol=1e-12)


def test_majority_game_is_split_equally():
    # Symmetric players share v(N) = 1 equally (Shapley 1953, symmetry and efficiency axioms).
    assert_allclose(list(shapley(majority()).values()), [1 / 3] * 3, atol=1e-12)


@pytest.mark.parametrize("carrier", [(0,), (0, 2), (1, 2, 3), (0, 1, 2, 3, 4)])
def test_unanimity_games(carrier):
    # Shapley (1953), Lemma 3: the unanimity game of T gives 1/|T| to each member of T, 0 else.
    n = 5
    game = CharacteristicFunction.from_function(
        names(n), lambda s: float(all(f"p{i}" in s for i in carrier))
    )
    expected = [1 / len(carrier) if i in carrier else 0.0 for i in range(n)]
    assert_allclose(list(shapley(game).values()), expected, atol=1e-12)


def test_player_order_of_a_mapping_is_sorted_or_given():
    v = {frozenset({"US"}): 1.0, frozenset({"EU"}): 0.0, frozenset({"US", "EU"}): 3.0}
    assert list(shapley(v)) == ["EU", "US"]
    phi = shapley(v, players=["US", "EU"])
    assert list(phi) == ["US", "EU"]
    assert_allclose([phi["US"], phi["EU"]], [2.0, 1.0])


def test_function_input_needs_players():
    phi = shapley(lambda s: float(len(s)) ** 2, players=["a", "b", "c"])
    assert_allclose(list(phi.values()), [3.0, 3.0, 3.0])
    with pytest.raises(ParameterError, match="players must be given"):
        shapley(lambda s: 1.0)


# ----------------------------------------------------------------------------- axioms
@settings(max_examples=60, deadline=None)
@given(dense_games())
def test_efficiency(game):
    # Shapley (1953), axiom 2: the values add up to v(N).
    assert_allclose(sum(shapley(game).values()), game.values[-1], atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(dense_games(), st.data())
def test_symmetry(game, data):
    # Shapley (1953), axiom 1: players that are substitutes in every coalition get equal values.
    if game.n < 2:
        return
    i, j = data.draw(st.lists(st.integers(0, game.n - 1), min_size=2, max_size=2, unique=True))
    masks = np.arange(2**game.n)
    bi, bj = (masks >> i) & 1, (masks >> j) & 1
    swapped = masks & ~((1 << i) | (1 << j)) | (bi << j) | (bj << i)
    sym = CharacteristicFunction(game.players, (game.values + game.values[swapped]) / 2)
    phi = shapley_batch(sym.players, sym.values)
    assert_allclose(phi[i], phi[j], atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(dense_games(), st.data())
def test_dummy_player(game, data):
    # Shapley (1953), axiom 1 (carrier): a player who adds exactly v({d}) everywhere gets v({d}).
    d = data.draw(st.integers(0, game.n - 1))
    alone = data.draw(st.floats(-5, 5))
    masks = np.arange(2**game.n)
    without = masks & ~(1 << d)
    v = game.values[without] + alone * ((masks >> d) & 1)
    dummy = CharacteristicFunction(game.players, v)
    assert_allclose(shapley_batch(dummy.players, dummy.values)[d], alone, atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(dense_games(), st.integers(0, 2**32 - 1))
def test_additivity(game, seed):
    # Shapley (1953), axiom 3: phi(v + w) = phi(v) + phi(w).
    w = np.random.default_rng(seed).normal(size=game.values.size)
    w[0] = 0.0
    both = shapley_batch(game.players, game.values + w)
    assert_allclose(
        both,
        shapley_batch(game.players, game.values) + shapley_batch(game.players, w),
        atol=1e-9,
    )


@settings(max_examples=40, deadline=None)
@given(dense_games(max_players=5))
def test_matches_the_permutation_definition(game):
    # Shapley (1953), eq. (8): the average marginal contribution over all n! orders.
    from itertools import permutations

    total = np.zeros(game.n)
    orders = list(permutations(range(game.n)))
    for order in orders:
        mask = 0
        for i in order:
            total[i] += game.values[mask | (1 << i)] - game.values[mask]
            mask |= 1 << i
    assert_allclose(list(shapley(game).values()), total / len(orders), atol=1e-9)


# ----------------------------------------------------------------------------- batches
def test_batch_matches_single_games():
    # timings live in `make bench` (benchmarks/bench_analyses.py), never in tests
    rng = np.random.default_rng(7)
    v = rng.normal(size=(10_000, 2**5))
    v[:, 0] = 0.0
    phi = shapley_batch(names(5), v)
    assert phi.shape == (10_000, 5)
    for b in (0, 4321, 9999):
        single = shapley(CharacteristicFunction.from_array(names(5), v[b]))
        assert_allclose(phi[b], list(single.values()), atol=1e-12)


def test_batch_keeps_leading_axes():
    v = np.zeros((2, 3, 4))
    v[..., 3] = np.arange(6).reshape(2, 3)
    phi = shapley_batch(["a", "b"], v)
    assert phi.shape == (2, 3, 2)
    assert_allclose(phi[..., 0], np.arange(6).reshape(2, 3) / 2)


# ----------------------------------------------------------------------------- sampling
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_sampled_values_are_within_four_standard_errors(seed):
    # Castro, Gomez & Tejada (2009), Comp. & OR 36: the sampling mean is unbiased with
    # standard error sd / sqrt(m).
    rng = np.random.default_rng(100 + seed)
    n = 7
    v = rng.normal(size=2**n) * coalition_size_weights(n)
    v[0] = 0.0
    game = CharacteristicFunction.from_array(names(n), v)
    exact = shapley(game)
    est = shapley_sampled(game, samples=3000, rng=seed)
    for p in game.players:
        assert abs(est.values[p] - exact[p]) <= 4 * est.standard_errors[p] + 1e-12
        assert est.standard_errors[p] > 0
    assert_allclose(sum(est.values.values()), v[-1], atol=1e-9)  # one order scores everyone


def coalition_size_weights(n: int) -> np.ndarray:
    from tradegame.coalitions.values import coalition_sizes

    return 1.0 + coalition_sizes(n)


def test_sampling_is_reproducible_and_takes_a_generator():
    game = CharacteristicFunction.from_function(names(4), lambda s: float(len(s)) ** 1.5)
    a = shapley_sampled(game, samples=50, rng=3)
    b = shapley_sampled(game, samples=50, rng=np.random.default_rng(3))
    assert a.values == b.values
    assert shapley(game, samples=50, rng=3) == a.values
    frame = a.to_frame()
    assert list(frame.columns) == ["player", "value", "standard_error", "samples"]
    record = a.to_dict()
    assert record["samples"] == 50 and isinstance(record["values"]["p0"], float)


def test_sampling_a_function_of_many_players():
    # 40 players: 2**40 coalitions, valued only where the sampled orders pass.
    weights = {f"c{i}": 1.0 + (i % 4) for i in range(40)}
    total = sum(weights.values())
    calls = []

    def worth(s):
        calls.append(s)
        return sum(weights[p] for p in s) ** 2

    est = shapley_sampled(worth, players=list(weights), samples=200, rng=5)
    for p, w in weights.items():  # exact value: w_i * total (pairwise products split in two)
        assert abs(est.values[p] - w * total) <= 4 * est.standard_errors[p] + 1e-9
    assert len(calls) <= 200 * 40


def test_dummy_player_is_sampled_exactly():
    game = CharacteristicFunction.from_function(["a", "b", "d"], lambda s: 2.0 * ("d" in s))
    est = shapley_sampled(game, samples=10, rng=0)
    assert est.values["d"] == 2.0 and est.standard_errors["d"] == 0.0


# ----------------------------------------------------------------------------- bad input
def test_too_many_players_for_exact_values_points_to_sampling():
    with pytest.raises(ParameterError, match=r"25 players is more than the limit of 20.*sampl"):
        shapley(lambda s: float(len(s)), players=[f"c{i}" for i in range(25)])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"samples": 1}, r"samples must be a whole number >= 2; got 1"),
        ({"samples": 2.5}, r"samples must be a whole number >= 2; got 2.5"),
        ({"samples": 10, "rng": "seed"}, r"rng must be a numpy.random.Generator"),
    ],
)
def test_bad_sampling_arguments(kwargs, message):
    with pytest.raises(ParameterError, match=message):
        shapley_sampled(majority(), **kwargs)


def test_bad_batches():
    with pytest.raises(GameError, match=r"last axis 2\*\*2 = 4"):
        shapley_batch(["a", "b"], np.zeros((3, 5)))
    with pytest.raises(GameError, match="must be finite"):
        shapley_batch(["a", "b"], [0.0, np.nan, 1.0, 2.0])
    with pytest.raises(GameError, match=r"\[\.\.\., 0\] \(the empty coalition\) must be 0"):
        shapley_batch(["a", "b"], [1.0, 0.0, 1.0, 2.0])
    with pytest.raises(GameError, match="must be distinct"):
        shapley_batch(["a", "a"], [0.0, 0.0, 1.0, 2.0])


def test_function_returning_nan_is_refused():
    with pytest.raises(GameError, match=r"the worth of \{a, b\} must be finite"):
        shapley_sampled(
            lambda s: float("nan") if len(s) == 2 else 1.0, players=["a", "b"], samples=5
        )


def test_sampled_shapley_draws_the_same_orders_for_a_table_and_a_function():
    # Castro, Gomez and Tejada (2009) sampling: the estimate depends on the seed only, not on
    # whether the worths come as a table or as a function of the coalition
    players = ("a", "b", "c", "d")
    worths = np.random.default_rng(3).random(16)
    worths[0] = 0.0
    table = CharacteristicFunction.from_array(players, worths)

    def func(members):
        return float(worths[sum(1 << players.index(p) for p in members)])

    a = shapley_sampled(table, samples=50, rng=1)
    b = shapley_sampled(func, samples=50, rng=1, players=players)
    assert_allclose(list(a.values.values()), list(b.values.values()), rtol=1e-12)
