"""Characteristic functions and cost-sharing games (the airport game)."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.testing import assert_allclose

from tradegame.coalitions import (
    CharacteristicFunction,
    airport_game,
    airport_shares,
    cost_shares,
    in_core,
    shapley,
)
from tradegame.coalitions import values as values_module
from tradegame.errors import GameError, ParameterError


def all_coalitions(players):
    return [frozenset(s) for k in range(1, len(players) + 1) for s in combinations(players, k)]


# ----------------------------------------------------------------------------- containers
def test_round_trip_mapping_array_frame():
    v = {s: float(len(s) ** 2) for s in all_coalitions(["c", "a", "b"])}
    game = CharacteristicFunction.from_mapping(v)
    assert game.players == ("a", "b", "c")  # sorted by name
    assert game.values.tolist() == [0, 1, 1, 4, 1, 4, 4, 9]
    assert game.to_mapping() == v
    again = CharacteristicFunction.from_array(game.players, game.values)
    assert np.array_equal(again.values, game.values)
    frame = game.to_frame()
    assert list(frame.columns) == ["mask", "members", "size", "value"]
    assert frame.loc[5, "members"] == ("a", "c") and frame.loc[5, "value"] == 4.0
    assert not game.values.flags.writeable
    assert repr(game) == "<CharacteristicFunction of 3 players (a, b, c)>"


def test_explicit_player_order_and_empty_coalition():
    v = {frozenset(): 0.0, frozenset("x"): 1.0, frozenset("y"): 2.0, frozenset("xy"): 5.0}
    game = CharacteristicFunction.from_mapping(v, players=["y", "x"])
    assert game.values.tolist() == [0.0, 2.0, 1.0, 5.0]
    assert game.value(["x", "y"]) == 5.0


def test_from_function_calls_once_per_coalition():
    calls = []
    CharacteristicFunction.from_function(["a", "b", "c"], lambda s: calls.append(s) or 1.0)
    assert sorted(map(sorted, calls)) == sorted(map(sorted, all_coalitions("abc")))


def test_properties_of_known_games():
    # Unanimity games are convex (Shapley 1971); the glove game is superadditive but not
    # convex; the majority game is superadditive and essential.
    unanimity = CharacteristicFunction.from_function(["a", "b", "c"], lambda s: float(len(s) == 3))
    assert unanimity.is_convex() and unanimity.is_superadditive() and unanimity.is_essential()
    majority = CharacteristicFunction.from_function(["a", "b", "c"], lambda s: float(len(s) >= 2))
    assert majority.is_superadditive() and not majority.is_convex()
    additive = CharacteristicFunction.from_function(["a", "b"], lambda s: float(len(s)))
    assert additive.is_convex() and not additive.is_essential()
    subadditive = CharacteristicFunction.from_function(["a", "b"], lambda s: 1.0)
    assert not subadditive.is_superadditive()


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 5), st.integers(0, 2**32 - 1))
def test_convex_games_are_superadditive(n, seed):
    # Supermodularity with v(empty) = 0 implies superadditivity; check the two tests agree.
    rng = np.random.default_rng(seed)
    v = rng.integers(-2, 3, size=2**n).astype(float)
    v[0] = 0.0
    game = CharacteristicFunction.from_array([f"p{i}" for i in range(n)], v)
    if game.is_convex():
        assert game.is_superadditive()
    masks = np.arange(2**n)
    convex_brute = all(v[s | t] + v[s & t] >= v[s] + v[t] - 1e-12 for s in masks for t in masks)
    assert game.is_convex() == convex_brute


# ----------------------------------------------------------------------------- bad games
def test_missing_coalitions_are_listed():
    v = {frozenset("a"): 1.0, frozenset("b"): 1.0, frozenset("c"): 1.0, frozenset("abc"): 3.0}
    with pytest.raises(GameError, match=r"3 of 7 missing: \{a, b\}; \{a, c\}; \{b, c\}"):
        CharacteristicFunction.from_mapping(v)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({frozenset("a"): float("nan")}, r"the worth of \{a\} must be finite; got nan"),
        ({frozenset("a"): float("inf")}, r"the worth of \{a\} must be finite"),
        ({frozenset("a"): "1"}, r"the worth of \{a\} must be a number"),
        ({("a",): 1.0}, r"keys must be frozensets of player names; got \('a',\)"),
        ({frozenset({1}): 1.0}, r"player names must be non-empty strings; got 1"),
        ({frozenset(): 1.0, frozenset("a"): 1.0}, r"empty coalition must be 0; got 1.0"),
        ([1, 2], r"values must be a mapping"),
    ],
)
def test_malformed_mappings(values, message):
    with pytest.raises(GameError, match=message):
        CharacteristicFunction.from_mapping(values)


def test_other_malformed_games():
    with pytest.raises(GameError, match=r"values must have length 2\*\*2 = 4"):
        CharacteristicFunction.from_array(["a", "b"], [0, 1, 2])
    with pytest.raises(GameError, match="players must be distinct; 'a' repeated"):
        CharacteristicFunction.from_array(["a", "a"], [0, 1, 2, 3])
    with pytest.raises(GameError, match="unknown player 'z'"):
        CharacteristicFunction.from_array(["a", "b"], [0, 1, 2, 3]).value({"z"})
    with pytest.raises(GameError, match="values name players not in players: 'b'"):
        CharacteristicFunction.from_mapping(
            {frozenset("a"): 1.0, frozenset("b"): 1.0, frozenset("ab"): 1.0}, players=["a"]
        )
    with pytest.raises(GameError, match="more than the limit of 20 players"):
        CharacteristicFunction.from_function([f"c{i}" for i in range(21)], len)
    with pytest.raises(ParameterError, match="more than the limit of 16"):
        CharacteristicFunction.from_array(
            [f"c{i}" for i in range(values_module.MAX_PAIRWISE_PLAYERS + 1)], np.zeros(2**17)
        ).is_superadditive()


# ----------------------------------------------------------------------------- airport game
def test_airport_shares_known_answer():
    # Littlechild & Owen (1973), Management Science 20: segment k is split among the n - k + 1
    # users who need it; costs (1, 2, 3) give 1/3, 1/3 + 1/2, 1/3 + 1/2 + 1.
    assert_allclose(airport_shares([1.0, 2.0, 3.0]), [1 / 3, 5 / 6, 11 / 6])
    assert_allclose(airport_shares([3.0, 1.0, 2.0]), [11 / 6, 1 / 3, 5 / 6])
    assert_allclose(airport_shares([2.0, 2.0, 0.0]), [1.0, 1.0, 0.0])


@settings(max_examples=50, deadline=None)
@given(
    hnp.arrays(np.float64, st.integers(1, 7), elements=st.sampled_from([0.0, 0.5, 1.0, 2.0, 7.25]))
    # subnormal costs (below 2.2e-308) carry almost no bits, so no relative check applies
    | hnp.arrays(np.float64, st.integers(1, 7), elements=st.floats(0, 1e6, allow_subnormal=False))
)
def test_general_shapley_equals_the_closed_form(costs):
    # Littlechild & Owen (1973): the Shapley value of c(S) = max_{i in S} cost_i is the
    # segment-sharing formula; ties among costs included.
    game = airport_game(costs)
    via_shapley = list(shapley(game).values())
    assert_allclose(via_shapley, airport_shares(costs), rtol=1e-9, atol=1e-9 * costs.max())
    assert_allclose(list(cost_shares(game).values()), via_shapley)


@settings(max_examples=30, deadline=None)
@given(hnp.arrays(np.float64, st.integers(2, 6), elements=st.floats(0, 100)))
def test_airport_shares_are_in_the_cost_core(costs):
    # The airport game is concave, so its Shapley shares lie in the cost core x(S) <= c(S)
    # (Shapley 1971, applied to the savings game -c); so do the nucleolus shares.
    game = airport_game(costs)
    savings = CharacteristicFunction(game.players, -game.values)
    for method in ("shapley", "nucleolus"):
        shares = cost_shares(game, method)
        assert in_core(savings, {p: -x for p, x in shares.items()}, tol=1e-8)


def test_airport_shares_batch():
    rng = np.random.default_rng(11)
    costs = rng.uniform(0, 10, size=(10_000, 6))
    shares = airport_shares(costs)
    assert shares.shape == costs.shape
    assert_allclose(shares.sum(axis=-1), costs.max(axis=-1))
    for b in (0, 77, 9999):
        assert_allclose(shares[b], list(shapley(airport_game(costs[b])).values()), atol=1e-12)


def test_airport_game_from_a_mapping():
    game = airport_game({"Japan": 1.0, "EU": 2.0, "US": 3.0})
    assert game.players == ("Japan", "EU", "US")
    assert game.values.tolist() == [0, 1, 2, 2, 3, 3, 3, 3]
    shares = airport_shares({"Japan": 1.0, "EU": 2.0, "US": 3.0})
    assert_allclose(list(shares.values()), [1 / 3, 5 / 6, 11 / 6])


def test_cost_share_rules():
    # A cost game: stand-alone costs 6, 6, 12; a and b together 8; any group with c costs 14.
    c = {
        frozenset("a"): 6.0,
        frozenset("b"): 6.0,
        frozenset("c"): 12.0,
        frozenset("ab"): 8.0,
        frozenset("ac"): 14.0,
        frozenset("bc"): 14.0,
        frozenset("abc"): 14.0,
    }
    assert_allclose(list(cost_shares(c, "equal").values()), [14 / 3] * 3)
    assert_allclose(list(cost_shares(c, "proportional").values()), [3.5, 3.5, 7.0])
    # Shapley (1953), by hand over the six orders: a pays 6, 6, 2, 0, 2, 0 -> 16/6;
    # c pays 6, 8, 6, 8, 12, 12 -> 52/6.
    assert_allclose(list(cost_shares(c, "shapley").values()), [8 / 3, 8 / 3, 26 / 3])
    # Nucleolus by hand: the overpayments x(S) - c(S) of {a,b}, {a,c}, {b,c} are
    # x_a + x_b - 8, -x_b, -x_a; their largest is smallest, -8/3, at x_a = x_b = 8/3.
    assert_allclose(list(cost_shares(c, "nucleolus").values()), [8 / 3, 8 / 3, 26 / 3])


def test_bad_costs():
    with pytest.raises(ParameterError, match=r"costs must be finite and >= 0; got -1"):
        airport_game([1.0, -1.0])
    with pytest.raises(ParameterError, match=r"costs must be finite and >= 0; got -2"):
        airport_shares([[1.0, 2.0], [-2.0, 0.0]])
    with pytest.raises(ParameterError, match=r"costs must be finite and >= 0; got nan"):
        airport_shares({"a": float("nan")})
    with pytest.raises(ParameterError, match="method must be one of 'shapley'"):
        cost_shares({frozenset("a"): 1.0}, "fair")
    with pytest.raises(ParameterError, match="players names 1 players but costs has 2"):
        airport_game([1.0, 2.0], players=["a"])
