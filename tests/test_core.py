"""The core, the least core and the nucleolus: known answers and defining properties."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from tradegame.coalitions import (
    CharacteristicFunction,
    core_is_empty,
    core_point,
    in_core,
    least_core,
    nucleolus,
    prenucleolus,
    shapley,
)
from tradegame.errors import GameError, ParameterError


def names(n: int) -> list[str]:
    return [f"p{i}" for i in range(n)]


def glove() -> CharacteristicFunction:
    """Glove game: L holds a left glove, R1 and R2 a right glove each; a pair is worth 1."""
    return CharacteristicFunction.from_function(
        ["L", "R1", "R2"], lambda s: float("L" in s and len(s) >= 2)
    )


def majority() -> dict[frozenset[str], float]:
    return {frozenset(s): float(len(s) >= 2) for k in (1, 2, 3) for s in combinations("abc", k)}


def bankruptcy(estate: float, claims) -> CharacteristicFunction:
    """O'Neill (1982) bankruptcy game: v(S) = what is left after paying the others in full."""
    claims = list(map(float, claims))
    ps = names(len(claims))
    return CharacteristicFunction.from_function(
        ps,
        lambda s: max(0.0, estate - sum(d for p, d in zip(ps, claims, strict=True) if p not in s)),
    )


def talmud(estate: float, claims) -> np.ndarray:
    """The Talmud rule of Aumann & Maschler (1985), section 2, computed independently:
    constrained equal awards on half-claims up to half the total claim, then constrained
    equal losses on the other halves."""
    d = np.asarray(claims, dtype=float)

    def equal_awards(amount, caps):
        lo, hi = 0.0, float(caps.max(initial=0.0))
        for _ in range(200):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if np.minimum(caps, mid).sum() < amount else (lo, mid)
        return np.minimum(caps, hi)

    if estate <= d.sum() / 2:
        return equal_awards(estate, d / 2)
    return d - equal_awards(d.sum() - estate, d / 2)


def values_of(result: dict[str, float]) -> list[float]:
    return list(result.values())


# ----------------------------------------------------------------------------- known answers
def test_glove_game():
    # Core = {(1, 0, 0)}, so the nucleolus is (1, 0, 0) too: Maschler, Solan & Zamir (2013),
    # Game Theory, ch. 17 (core) and ch. 20 (nucleolus).
    assert not core_is_empty(glove())
    assert_allclose(values_of(core_point(glove())), [1.0, 0.0, 0.0], atol=1e-9)
    assert_allclose(values_of(nucleolus(glove())), [1.0, 0.0, 0.0], atol=1e-9)
    assert_allclose(least_core(glove()).epsilon, 0.0, atol=1e-9)


def test_majority_game():
    # Three-player majority game: empty core; least core {(1/3, 1/3, 1/3)} at epsilon = 1/3
    # (Maschler, Peleg & Shapley 1979, Math. OR 4, excess e(S, x) = v(S) - x(S));
    # nucleolus (1/3, 1/3, 1/3).
    assert core_is_empty(majority())
    assert core_point(majority()) is None
    lc = least_core(majority())
    assert_allclose(lc.epsilon, 1 / 3, atol=1e-9)
    assert lc.core_empty
    assert_allclose(values_of(lc.point), [1 / 3] * 3, atol=1e-9)
    assert_allclose(values_of(nucleolus(majority())), [1 / 3] * 3, atol=1e-9)
    record = lc.to_dict()
    assert record["core_empty"] is True and isinstance(record["epsilon"], float)
    assert list(lc.to_frame().columns) == ["player", "payoff", "epsilon"]


@pytest.mark.parametrize(
    ("estate", "expected"),
    [(100, [100 / 3, 100 / 3, 100 / 3]), (200, [50, 75, 75]), (300, [50, 100, 150])],
)
def test_talmud_estates(estate, expected):
    # Aumann & Maschler (1985), J. Econ. Theory 36: the Talmud's divisions of estates of
    # 100, 200 and 300 among claims 100, 200, 300 (Table 1) are the nucleoli (Theorem A).
    assert_allclose(values_of(nucleolus(bankruptcy(estate, [100, 200, 300]))), expected, atol=1e-7)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 12), min_size=2, max_size=5), st.floats(0, 1))
def test_nucleolus_of_bankruptcy_games_is_the_talmud_rule(claims, share):
    # Aumann & Maschler (1985), Theorem A, on random estates and claims (ties make the
    # sequential programs degenerate, the case where settling coalitions blindly goes wrong).
    estate = round(share * sum(claims), 3)
    got = values_of(nucleolus(bankruptcy(estate, claims)))
    assert_allclose(got, talmud(estate, claims), atol=1e-7 * max(1.0, sum(claims)))


def test_two_player_nucleolus_splits_the_surplus():
    # Standard solution: each gets its stand-alone worth plus half the surplus
    # (Maschler, Solan & Zamir 2013, ch. 20; the same point is the Shapley value).
    v = {frozenset("a"): 1.0, frozenset("b"): 2.0, frozenset("ab"): 7.0}
    assert_allclose(values_of(nucleolus(v)), [3.0, 4.0])
    assert_allclose(values_of(shapley(v)), [3.0, 4.0])


def test_prenucleolus_differs_without_imputations():
    # v(a) = 3 > v(N) = 1: no imputation, so no nucleolus; the pre-nucleolus is the standard
    # solution (3 - 1, 0 - 1) (Maschler, Peleg & Shapley 1979).
    v = {frozenset("a"): 3.0, frozenset("b"): 0.0, frozenset("ab"): 1.0}
    assert_allclose(values_of(prenucleolus(v)), [2.0, -1.0])
    with pytest.raises(GameError, match="no imputations: v\\(N\\) = 1 is less than"):
        nucleolus(v)


def test_one_player():
    v = {frozenset({"solo"}): 4.0}
    assert nucleolus(v) == {"solo": 4.0}
    assert core_point(v) == {"solo": 4.0}
    assert least_core(v).epsilon == 0.0


# ----------------------------------------------------------------------------- properties
@st.composite
def convex_games(draw, max_players: int = 6) -> CharacteristicFunction:
    """Non-negative combinations of unanimity games plus an additive part: convex
    (Shapley 1971, section 2)."""
    n = draw(st.integers(2, max_players))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    masks = np.arange(2**n)
    v = np.zeros(2**n)
    for carrier in rng.choice(np.arange(1, 2**n), size=min(6, 2**n - 1), replace=False):
        v += rng.exponential() * ((masks & carrier) == carrier)
    v += ((masks[:, None] >> np.arange(n)) & 1) @ rng.normal(size=n)
    v[0] = 0.0
    return CharacteristicFunction.from_array(names(n), v)


@st.composite
def random_games(draw, max_players: int = 5) -> CharacteristicFunction:
    n = draw(st.integers(2, max_players))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    v = rng.integers(-3, 6, size=2**n).astype(float)  # small integers: many ties
    v[0] = 0.0
    v[-1] = max(v[-1], v[1 << np.arange(n)].sum())  # at least one imputation
    return CharacteristicFunction.from_array(names(n), v)


@settings(max_examples=40, deadline=None)
@given(convex_games())
def test_convex_games_have_the_shapley_value_in_the_core(game):
    # Shapley (1971), Int. J. Game Theory 1, Theorem 7: the Shapley value of a convex game
    # lies in its core (so the core is non-empty and core_point returns a core point).
    assert game.is_convex()
    assert in_core(game, shapley(game), tol=1e-9)
    point = core_point(game)
    assert point is not None and in_core(game, point, tol=1e-8)


@settings(max_examples=40, deadline=None)
@given(random_games())
def test_core_point_is_in_the_core_or_the_core_is_empty(game):
    point = core_point(game)
    lc = least_core(game)
    if point is None:
        assert lc.epsilon > 0
    else:
        assert in_core(game, point, tol=1e-8)
        assert_allclose(values_of(point), values_of(nucleolus(game)), atol=1e-7)


def excesses(game: CharacteristicFunction, x: np.ndarray) -> np.ndarray:
    masks = np.arange(1, 2**game.n - 1)
    sums = ((masks[:, None] >> np.arange(game.n)) & 1) @ x
    return np.sort(game.values[masks] - sums)[::-1]


@settings(max_examples=30, deadline=None)
@given(random_games(), st.integers(0, 2**32 - 1))
def test_nucleolus_is_lexicographically_smallest(game, seed):
    # Schmeidler (1969): the nucleolus's sorted excess vector is lexicographically no
    # larger than that of any imputation; check against random imputations and the
    # least-core point.
    x = np.array(values_of(nucleolus(game)))
    singles = game.values[1 << np.arange(game.n)]
    assert np.all(x >= singles - 1e-8)
    assert_allclose(x.sum(), game.values[-1], atol=1e-8)
    mine = excesses(game, x)
    rng = np.random.default_rng(seed)
    surplus = game.values[-1] - singles.sum()
    for _ in range(50):
        y = singles + surplus * rng.dirichlet(np.ones(game.n))
        other = excesses(game, y)
        diff = other - mine
        first = np.flatnonzero(np.abs(diff) > 1e-7)
        assert first.size == 0 or diff[first[0]] > 0


@settings(max_examples=30, deadline=None)
@given(random_games())
def test_least_core_point_attains_epsilon(game):
    # Maschler, Peleg & Shapley (1979): every proper coalition's excess at the least-core
    # point is at most epsilon, and some reaches it.
    lc = least_core(game)
    x = np.array(values_of(lc.point))
    assert_allclose(x.sum(), game.values[-1], atol=1e-8)
    assert_allclose(excesses(game, x)[0], lc.epsilon, atol=1e-8)


@settings(max_examples=30, deadline=None)
@given(random_games(max_players=4), st.floats(0.001, 1000.0))
def test_solutions_scale_with_the_worths(game, factor):
    # The nucleolus and least core are homogeneous of degree one in v.
    scaled = CharacteristicFunction(game.players, game.values * factor)
    assert_allclose(
        values_of(nucleolus(scaled)),
        np.array(values_of(nucleolus(game))) * factor,
        atol=1e-7 * factor * max(1.0, np.abs(game.values).max()),
    )
    assert core_is_empty(scaled) == core_is_empty(game)


# ----------------------------------------------------------------------------- bad input
def test_in_core_checks_the_allocation():
    with pytest.raises(ParameterError, match="missing 'R2'"):
        in_core(glove(), {"L": 1.0, "R1": 0.0})
    with pytest.raises(ParameterError, match="unknown 'X'"):
        in_core(glove(), {"L": 1.0, "R1": 0.0, "R2": 0.0, "X": 0.0})
    with pytest.raises(ParameterError, match="must be finite"):
        in_core(glove(), {"L": np.nan, "R1": 0.0, "R2": 0.0})


def test_too_many_players_for_the_linear_programs():
    game = CharacteristicFunction.from_array(names(17), np.zeros(2**17))
    with pytest.raises(ParameterError, match="17 players is more than the limit of 16"):
        nucleolus(game)
