"""Correlated and coarse correlated equilibria: known answers, properties, bad input, budgets.

Known answers are derived by hand from the incentive constraints (the
derivations are in the docstrings) for games whose correlated equilibria are
discussed in the literature. The vertex enumeration is also checked against an
independent brute force written here: every set of ``q - 1`` constraints of
the polytope, solved and kept when feasible.
"""

from __future__ import annotations

import dataclasses
import itertools
from fractions import Fraction as F
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.testing import assert_allclose
from strategies import bimatrix_games, nplayer_games

import tradegame as tg
import tradegame.solvers._budget as budget_module
from tradegame import limits
from tradegame.solvers import correlated
from tradegame.solvers.correlated import (
    CorrelatedEquilibrium,
    CorrelatedPolytope,
    correlated_equilibrium,
    correlated_regrets,
    correlated_vertices,
)
from tradegame.solvers.pure import pure_nash

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CD = (("C", "D"), ("C", "D"))


def chicken(scale: float = 1.0, offsets: tuple[float, float] = (0.0, 0.0)) -> tg.Game:
    """Aumann's (1974, section 2) chicken: (6,6) (2,7) / (7,2) (0,0)."""
    a = np.array([[6, 2], [7, 0]]) * scale + offsets[0]
    b = np.array([[6, 7], [2, 0]]) * scale + offsets[1]
    return tg.Game.from_bimatrix(a, b, strategies=CD, name="chicken")


def shapley() -> tg.Game:
    """Shapley's (1964) 3x3 game, whose only Nash equilibrium is uniform, paying 1/3 each."""
    a = np.array([[0, 1, 0], [0, 0, 1], [1, 0, 0]])
    b = np.array([[0, 0, 1], [1, 0, 0], [0, 1, 0]])
    return tg.Game.from_bimatrix(a, b)


def spans(game: tg.Game) -> np.ndarray:
    flat = game.payoff_tensor.reshape(game.n_players, -1)
    return flat.max(axis=1) - flat.min(axis=1)


def welfare(game: tg.Game, dist: np.ndarray) -> float:
    return float((game.payoff_tensor * dist).reshape(game.n_players, -1).sum())


def as_set(points: np.ndarray) -> set[tuple[float, ...]]:
    return {tuple(np.round(p.ravel(), 8).tolist()) for p in points}


def same_points(a: np.ndarray, b: np.ndarray, atol: float = 1e-7) -> bool:
    """Whether two lists of distributions are the same up to order and rounding."""
    a, b = a.reshape(len(a), -1), b.reshape(len(b), -1)
    if a.shape != b.shape:
        return False
    close = (np.abs(a[:, None] - b[None]) <= atol).all(axis=2)
    return bool(close.any(axis=0).all() and close.any(axis=1).all())


@st.composite
def small_games(draw) -> tg.Game:
    """Games of at most 12 joint profiles, with small integer payoffs (often degenerate)."""
    shape = draw(st.sampled_from([(1, 3), (2, 2), (2, 3), (3, 3), (2, 4), (2, 2, 2), (3, 2, 2)]))
    tensor = draw(hnp.arrays(np.int64, (len(shape), *shape), elements=st.integers(-3, 3)))
    return tg.Game.from_arrays(list(tensor))


def constraint_matrix(game: tg.Game, coarse: bool) -> np.ndarray:
    """Incentive rows ``row @ p >= 0`` written out profile by profile, in raw payoffs."""
    profiles = list(itertools.product(*(range(n) for n in game.shape)))
    u = game.payoff_tensor
    rows = []
    for i, n_i in enumerate(game.shape):
        pairs = [(None, t) for t in range(n_i)] if coarse else itertools.permutations(range(n_i), 2)
        for s, t in pairs:
            row = np.zeros(len(profiles))
            for k, prof in enumerate(profiles):
                if s is None or prof[i] == s:
                    dev = (*prof[:i], t, *prof[i + 1 :])
                    row[k] = u[(i, *prof)] - u[(i, *dev)]
            rows.append(row)
    return np.array(rows).reshape(-1, len(profiles))


def brute_force_vertices(game: tg.Game, coarse: bool) -> np.ndarray:
    """Every basic feasible point of ``{p >= 0, rows @ p >= 0, sum p = 1}``."""
    q = int(np.prod(game.shape))
    g = np.vstack([np.eye(q), constraint_matrix(game, coarse)])
    combos = np.array(list(itertools.combinations(range(len(g)), q - 1)), dtype=int)
    systems = np.concatenate(
        [g[combos].reshape(len(combos), q - 1, q), np.ones((len(combos), 1, q))], axis=1
    )
    sv = np.linalg.svd(systems, compute_uv=False)
    regular = sv[:, -1] > 1e-9 * sv[:, 0]
    rhs = np.zeros(q)
    rhs[-1] = 1.0
    rhs = np.broadcast_to(rhs, (int(regular.sum()), q))[..., None]
    points = np.linalg.solve(systems[regular], rhs)[..., 0]
    feasible = (points @ g.T >= -1e-9).all(axis=1)
    return np.unique(np.round(points[feasible], 9), axis=0)


# ------------------------------------------------------------------------------ known answers
def test_chicken_welfare_maximum_is_one_half_one_quarter_one_quarter() -> None:
    """Aumann (1974) chicken; the welfare-maximizing correlated equilibrium.

    With a, b, c, d = p(C,C), p(C,D), p(D,C), p(D,D) the constraints are
    a <= 2b, a <= 2c (told C, D does not pay), c >= 2d, b >= 2d (told D).
    Welfare 12a + 9(b + c) is highest with d = 0, where it is 9 + 3a and
    a <= 2 min(b, c) <= b + c = 1 - a gives a <= 1/2: p = (1/2, 1/4, 1/4, 0),
    paying 5.25 each (the textbook value, e.g. Nisan et al. 2007, ch. 1).
    The egalitarian optimum is the same point: the least payoff is at most
    half the welfare, 5.25, with equality only there.
    """
    for objective in ("welfare", "egalitarian"):
        ce = correlated_equilibrium(chicken(), objective)
        assert_allclose(ce.distribution, [[0.5, 0.25], [0.25, 0.0]], atol=1e-12)
        assert_allclose(ce.payoffs, [5.25, 5.25], rtol=1e-12)
        assert ce.value == pytest.approx(10.5 if objective == "welfare" else 5.25)
        assert ce.max_violation <= ce.tolerance and ce.objective == objective


def test_chicken_polytope_has_exactly_five_vertices() -> None:
    """The vertices of Aumann's chicken polytope, derived with exact fractions.

    On the face d = 0 the constraints a <= 2b, a <= 2c cut the triangle
    {(C,D), (D,C), (1/2,1/4,1/4,0)}. With d > 0 (so b, c >= 2d > 0) a vertex
    needs three tight constraints among a = 0, a = 2b, a = 2c, c = 2d,
    b = 2d: a = 0 with c = b = 2d gives (0, 2/5, 2/5, 1/5); a = 2b = 2c with
    b = c = 2d gives (4/9, 2/9, 2/9, 1/9), the mixed Nash equilibrium (2/3
    on C each) as a product: all four incentive constraints bind there, as
    at every extreme Nash equilibrium of a two-player game (Gomez Canovas,
    Hansen and Jaumard 1999, GERAD G-97-52). Every other choice forces d = 0.
    Aumann's own (1/3, 1/3, 1/3, 0) is a correlated equilibrium inside the
    face d = 0, not a vertex: 2/3 of the welfare optimum plus 1/6 of each
    pure equilibrium.
    """
    expected = [
        (F(1, 2), F(1, 4), F(1, 4), 0),
        (F(4, 9), F(2, 9), F(2, 9), F(1, 9)),
        (0, 1, 0, 0),
        (0, F(2, 5), F(2, 5), F(1, 5)),
        (0, 0, 1, 0),
    ]
    poly = correlated_vertices(chicken())
    assert poly.complete and poly.stopped is None and len(poly) == 5
    assert_allclose(poly.distributions.reshape(5, 4), np.array(expected, dtype=float), atol=1e-12)
    third = np.array([[1, 1], [1, 0]]) / 3
    assert_allclose(correlated_regrets(chicken(), third), [0, 0], atol=1e-12)
    assert as_set(third[None]).isdisjoint(as_set(poly.distributions))
    mix = 2 / 3 * poly[0].distribution + poly[2].distribution / 6 + poly[4].distribution / 6
    assert_allclose(mix, third, atol=1e-12)
    # in a game with two strategies a player's coarse constraints are its correlated ones
    assert same_points(
        correlated_vertices(chicken(), coarse=True).distributions, poly.distributions
    )


def test_matching_pennies_has_only_the_uniform_correlated_equilibrium() -> None:
    """Matching pennies: the unique correlated equilibrium is the uniform product.

    Told H, the row player must not prefer T: p(H,H) >= p(H,T); told T,
    p(T,T) >= p(T,H); the column player's constraints give the reverse
    inequalities around the cycle, so all four probabilities are equal.
    """
    pennies = tg.Game.zero_sum([[1, -1], [-1, 1]])
    poly = correlated_vertices(pennies)
    assert poly.complete and len(poly) == 1
    assert_allclose(poly[0].distribution, np.full((2, 2), 0.25), atol=1e-12)
    for objective in ("welfare", "egalitarian"):
        ce = correlated_equilibrium(pennies, objective)
        assert_allclose(ce.distribution, np.full((2, 2), 0.25), atol=1e-9)
        assert_allclose(ce.payoffs, [0, 0], atol=1e-9)


def test_shapley_game_correlation_pays_one_half_each() -> None:
    """Shapley (1964): Nash pays 1/3 each; uniform on the six off-diagonal cells pays 1/2.

    Told row 1, the column is 2 or 3 with equal chance: row 1 pays 1/2, row 2
    pays 1/2 and row 3 pays 0, so obeying is optimal (likewise for every
    recommendation and for the column player). Each off-diagonal cell pays 1
    in total and each diagonal cell 0, so 1 is the most welfare and 1/2 the
    most any correlated equilibrium can give the worse-off player.
    """
    off = (1 - np.eye(3)) / 6
    assert_allclose(correlated_regrets(shapley(), off), [0, 0], atol=1e-15)
    for coarse in (False, True):
        assert correlated_equilibrium(shapley(), coarse=coarse).value == pytest.approx(1.0)
        egalitarian = correlated_equilibrium(shapley(), "egalitarian", coarse=coarse)
        assert egalitarian.value == pytest.approx(0.5)


def test_one_strategy_each_and_constant_games() -> None:
    one = tg.Game.from_arrays([np.array([[3.0]]), np.array([[4.0]])])
    for coarse in (False, True):
        assert_allclose(correlated_equilibrium(one, coarse=coarse).payoffs, [3, 4])
        assert_allclose(correlated_vertices(one, coarse=coarse).distributions, [[[1.0]]])
    # every distribution is an equilibrium of a constant game: the vertices are the profiles
    flat = tg.Game.from_arrays([np.full((2, 3), 5.0), np.full((2, 3), -1.0)])
    poly = correlated_vertices(flat)
    assert poly.complete and same_points(poly.distributions, np.eye(6))
    for objective in ("welfare", "egalitarian"):
        ce = correlated_equilibrium(flat, objective)
        assert_allclose(ce.payoffs, [5, -1]) and ce.distribution.sum() == pytest.approx(1)
    assert_allclose(correlated_regrets(flat, np.full((2, 3), 1 / 6)), [0, 0])


# ---------------------------------------------------------------------------------- properties
@SETTINGS
@given(nplayer_games(max_players=3, max_strategies=3))
def test_pure_nash_distributions_satisfy_every_incentive_constraint(game) -> None:
    for eq in pure_nash(game):
        dist = np.zeros(game.shape)
        dist[tuple(int(np.argmax(s)) for s in eq.strategies)] = 1.0
        for coarse in (False, True):
            assert (correlated_regrets(game, dist, coarse=coarse) == 0).all()


@SETTINGS
@given(bimatrix_games(max_strategies=3))
def test_mixed_nash_products_satisfy_every_incentive_constraint(game) -> None:
    for eq in tg.vertex_enumeration(game):
        dist = np.multiply.outer(*eq.strategies)
        assert (correlated_regrets(game, dist) <= 2e-9 * spans(game) + 1e-300).all()


@SETTINGS
@given(nplayer_games(max_players=3, max_strategies=3), st.sampled_from(["welfare", "egalitarian"]))
def test_optimal_distributions_are_verified_equilibria_at_least_as_good_as_pure_nash(
    game, objective
) -> None:
    found = {c: correlated_equilibrium(game, objective, coarse=c) for c in (False, True)}
    for coarse, ce in found.items():
        dist = ce.distribution
        assert dist.shape == game.shape and (dist >= 0).all()
        assert dist.sum() == pytest.approx(1.0, abs=1e-12)
        regrets = correlated_regrets(game, dist, coarse=coarse)
        assert (regrets <= ce.tolerance * spans(game) + 1e-300).all()
        assert_allclose(ce.payoffs, (game.payoff_tensor * dist).reshape(game.n_players, -1).sum(1))
    slack = 1e-7 * max(1.0, float(np.abs(game.payoff_tensor).max()))
    # every correlated equilibrium is coarse, so the coarse optimum is at least as good
    assert found[True].value >= found[False].value - slack
    for eq in pure_nash(game):  # a pure equilibrium is a correlated one
        pay = eq.payoffs.sum() if objective == "welfare" else eq.payoffs.min()
        assert found[False].value >= pay - slack


@SETTINGS
@given(small_games(), st.booleans())
def test_vertices_are_verified_and_the_welfare_optimum_is_among_them(game, coarse) -> None:
    poly = correlated_vertices(game, coarse=coarse)
    assert poly.complete and len(poly) >= 1
    u = constraint_matrix(game, coarse)
    q = int(np.prod(game.shape))
    for v in poly:
        p = v.distribution.ravel()
        assert (p >= 0).all() and p.sum() == pytest.approx(1.0)
        assert (u @ p >= -1e-9 * np.abs(u).max(initial=1.0)).all()
        g = np.vstack([np.eye(q), u])
        active = g[np.abs(g @ p) <= 1e-9 * np.abs(g).max(axis=1)]
        assert np.linalg.matrix_rank(active) == q - 1  # a vertex, not an inner point
        if not coarse:  # and so a coarse one: the coarse set contains the correlated set
            regrets = correlated_regrets(game, v.distribution, coarse=True)
            assert (regrets <= 1e-9 * spans(game)).all()
    best = max(welfare(game, d) for d in poly.distributions)
    ce = correlated_equilibrium(game, coarse=coarse)
    assert ce.value == pytest.approx(best, rel=1e-7, abs=1e-7)
    if not coarse:  # a correlated vertex that is pure is a pure equilibrium, and conversely
        pure = {tuple(np.argwhere(d)[0]) for d in poly.distributions if np.count_nonzero(d) == 1}
        assert pure == {tuple(int(np.argmax(s)) for s in e.strategies) for e in pure_nash(game)}


@SETTINGS
@given(
    st.sampled_from([(2, 2), (2, 3), (3, 2), (2, 2, 2)]),
    st.booleans(),
    st.data(),
)
def test_vertices_agree_with_brute_force_active_set_enumeration(shape, coarse, data) -> None:
    tensor = data.draw(hnp.arrays(np.int64, (len(shape), *shape), elements=st.integers(-2, 2)))
    game = tg.Game.from_arrays(list(tensor))
    found = correlated_vertices(game, coarse=coarse).distributions
    assert same_points(found, brute_force_vertices(game, coarse))


@SETTINGS
@given(
    small_games(),
    st.sampled_from([1e-6, 1e9]),
    st.lists(st.sampled_from([0.0, -300.0, 1000.0]), min_size=3, max_size=3),
)
def test_units_do_not_change_the_answer(game, factor, offsets) -> None:
    """A common scale with per-player offsets keeps the welfare optimum (up to the offsets),
    and with a common offset the egalitarian one; per-player scales keep the whole polytope.

    Offsets are multiples of the scale: payoffs of 1e12 + 1e-6 keep no digits of the 1e-6.
    """
    n, u = game.n_players, game.payoff_tensor
    base = correlated_equilibrium(game).value
    shifted = tg.Game.from_arrays([factor * (u[i] + offsets[i]) for i in range(n)])
    assert correlated_equilibrium(shifted).value == pytest.approx(
        factor * (base + sum(offsets[:n])), rel=1e-9, abs=1e-9 * factor
    )
    egal = correlated_equilibrium(game, "egalitarian").value
    common = tg.Game.from_arrays([factor * (u[i] + offsets[0]) for i in range(n)])
    assert correlated_equilibrium(common, "egalitarian").value == pytest.approx(
        factor * (egal + offsets[0]), rel=1e-9, abs=1e-9 * factor
    )
    per_player = tg.Game.from_arrays([10.0 ** (3 * i - 2) * (u[i] + offsets[i]) for i in range(n)])
    assert same_points(
        correlated_vertices(per_player).distributions, correlated_vertices(game).distributions
    )


def test_chicken_in_usd_gives_the_same_distributions() -> None:
    usd = chicken(scale=1e9, offsets=(5e11, 5e11))
    for objective in ("welfare", "egalitarian"):
        ce = correlated_equilibrium(usd, objective)
        assert_allclose(ce.distribution, [[0.5, 0.25], [0.25, 0.0]], atol=1e-9)
        assert_allclose(ce.payoffs, [5.05250e11, 5.05250e11], rtol=1e-12)
    # welfare adds payoffs, so different offsets per player leave its maximizer alone
    apart = chicken(scale=1e9, offsets=(-7e12, 3e9))
    assert_allclose(correlated_equilibrium(apart).distribution, [[0.5, 0.25], [0.25, 0]], atol=1e-9)
    each = tg.Game.from_bimatrix(
        np.array([[6, 2], [7, 0]]) * 1e9 - 4e9, np.array([[6, 7], [2, 0]]) * 1e-3 + 2
    )
    assert same_points(
        correlated_vertices(each).distributions, correlated_vertices(chicken()).distributions
    )
    assert_allclose(correlated_regrets(usd, [[0, 0], [0, 1]]), [2e9, 2e9], rtol=1e-12)


def test_payoffs_near_the_float_limit() -> None:
    huge = chicken(scale=1e300)
    ce = correlated_equilibrium(huge)
    assert_allclose(ce.distribution, [[0.5, 0.25], [0.25, 0.0]], atol=1e-9)
    assert_allclose(ce.payoffs, [5.25e300, 5.25e300], rtol=1e-12)
    assert_allclose(correlated_regrets(huge, np.full((2, 2), 0.25)), [2.5e299, 2.5e299])
    assert len(correlated_vertices(huge)) == 5


def test_weights_tilt_welfare_towards_a_player() -> None:
    # with all weight on the row player the best distribution is its favourite equilibrium
    ce = correlated_equilibrium(chicken(), weights=[1, 0])
    assert_allclose(ce.distribution, [[0, 0], [1, 0]], atol=1e-12)
    assert ce.value == pytest.approx(7.0) and ce.weights.tolist() == [1.0, 0.0]


# ------------------------------------------------------------------------------------- records
def test_records_are_frozen_tidy_and_comparable() -> None:
    ce = correlated_equilibrium(chicken())
    with pytest.raises(dataclasses.FrozenInstanceError):
        ce.objective = "egalitarian"  # type: ignore[misc]
    assert not ce.distribution.flags.writeable and not ce.payoffs.flags.writeable
    assert (
        ce == correlated_equilibrium(chicken())
        and len({ce, correlated_equilibrium(chicken())}) == 1
    )
    assert ce != correlated_equilibrium(chicken(), coarse=True)
    assert repr(ce) == (
        "<CorrelatedEquilibrium welfare on <2x2 Game 'chicken' (Row, Column)>: 3 profiles; "
        "payoffs Row 5.25, Column 5.25>"
    )
    frame = ce.to_frame()
    assert list(frame.columns) == ["Row", "Column", "probability", "Row payoff", "Column payoff"]
    assert frame[["Row", "Column"]].astype(str).values.tolist() == [
        ["C", "C"],
        ["C", "D"],
        ["D", "C"],
    ]
    assert list(frame["Row"].cat.categories) == ["C", "D"]
    assert_allclose(frame.probability, [0.5, 0.25, 0.25])
    assert (frame.probability * frame["Row payoff"]).sum() == pytest.approx(ce.payoffs[0])
    assert_allclose(ce.regrets, [0, 0], atol=1e-12)


def test_polytope_record_lists_vertices_with_their_profiles() -> None:
    poly = correlated_vertices(chicken())
    assert isinstance(poly, CorrelatedPolytope) and all(
        isinstance(v, CorrelatedEquilibrium) and v.objective is None for v in poly
    )
    assert repr(poly) == (
        "<CorrelatedPolytope (correlated) of <2x2 Game 'chicken' (Row, Column)>: 5 vertices>"
    )
    frame = poly.to_frame()
    assert list(frame.columns) == [
        "vertex", "Row", "Column", "probability", "Row payoff", "Column payoff"
    ]  # fmt: skip
    assert frame.attrs == {"complete": True, "stopped": None}
    assert frame.groupby("vertex").size().tolist() == [3, 4, 1, 3, 1]
    assert_allclose(frame.groupby("vertex").probability.sum(), 1.0)
    assert_allclose(poly.payoffs, [[5.25, 5.25], [14 / 3, 14 / 3], [2, 7], [3.6, 3.6], [7, 2]])
    assert poly == correlated_vertices(chicken()) and hash(poly) == hash(
        correlated_vertices(chicken())
    )


# --------------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"objective": "nash"}, r"^objective must be 'welfare' or 'egalitarian'; got 'nash'$"),
        (
            {"weights": [1]},
            r"^weights must be 2 finite non-negative numbers, one per player "
            r"\(Row, Column\), not all zero; got \[1\]$",
        ),
        ({"weights": [1, -1]}, r"weights must be 2 finite non-negative .*; got \[1, -1\]$"),
        ({"weights": [1, float("nan")]}, r"weights must be .*; got \[1, nan\]$"),
        ({"weights": [0, 0]}, r"not all zero; got \[0, 0\]$"),
        ({"weights": "ab"}, r"weights must be .*; got 'ab'$"),
        (
            {"objective": "egalitarian", "weights": [1, 1]},
            r"^weights apply to objective='welfare' only; got 'egalitarian'$",
        ),
        ({"coarse": "yes"}, r"^coarse must be True or False; got 'yes'$"),
        ({"tol": 0}, r"^tol must be a number between 0 and 1"),
        ({"time_limit": -1}, r"^time_limit must be a positive number of seconds"),
    ],
)
def test_bad_arguments_are_refused_with_one_line(kwargs, message) -> None:
    with pytest.raises(tg.SolverError, match=message):
        correlated_equilibrium(chicken(), **kwargs)


@pytest.mark.parametrize(
    ("distribution", "message"),
    [
        (
            [0.25] * 4,
            r"^distribution must have shape \(2, 2\), one probability per joint "
            r"profile; got shape \(4,\)$",
        ),
        (
            [[0.5, 0.5], [-0.5, 0.5]],
            r"^distribution must be non-negative; got -0.5 at \('D', 'C'\)$",
        ),
        ([[0.5, 0.5], [0.5, 0.5]], r"^distribution must sum to 1; got 2.0$"),
        ([[0.5, 0.5], [np.nan, 0]], r"^distribution must hold finite probabilities"),
        ([["a", "b"], ["c", "d"]], r"^distribution must be an array of probabilities of shape"),
    ],
)
def test_bad_distributions_are_refused_with_one_line(distribution, message) -> None:
    with pytest.raises(tg.SolverError, match=message):
        correlated_regrets(chicken(), distribution)


def test_non_games_and_oversized_games_are_refused(monkeypatch) -> None:
    for function in (correlated_equilibrium, correlated_vertices):
        with pytest.raises(tg.GameError, match=rf"^{function.__name__} needs a tradegame.Game"):
            function([[1, 2], [3, 4]])
    with pytest.raises(tg.GameError, match=r"^correlated_regrets needs a tradegame.Game"):
        correlated_regrets("chicken", [[1, 0], [0, 0]])
    big = tg.Game.from_arrays([np.zeros((9, 8)), np.zeros((9, 8))])
    with pytest.raises(
        tg.SolverError,
        match=r"^correlated_vertices enumerates games of at most 64 joint profiles "
        r"\(tradegame.solvers.correlated.MAX_VERTEX_PROFILES\); this 9x8 game has 72",
    ):
        correlated_vertices(big)
    for bad in (0, 2.5, True):
        with pytest.raises(tg.SolverError, match=r"^max_vertices must be a positive whole number"):
            correlated_vertices(chicken(), max_vertices=bad)
    monkeypatch.setattr(limits, "MAX_TABLEAU_CELLS", 100)
    with pytest.raises(
        tg.SolverError,
        match=r"^correlated_equilibrium: the incentive constraints of a 9x8 game have up to "
        r"1,224 coefficients, more than the limit of 100 \(tradegame.limits.MAX_TABLEAU_CELLS\)$",
    ):
        correlated_equilibrium(big)


# ---------------------------------------------------------------------- budgets and verification
def fake_clock(monkeypatch) -> None:
    """A clock that moves a second at every reading: a run stops at its first check."""
    ticks = itertools.count()
    monkeypatch.setattr(
        budget_module, "time", SimpleNamespace(monotonic=lambda: float(next(ticks)))
    )


def test_time_limit_stops_the_program_with_a_clear_error(monkeypatch) -> None:
    fake_clock(monkeypatch)
    with pytest.raises(
        tg.SolverError,
        match=r"^correlated_equilibrium stopped at the time limit of 0.5 s before its linear "
        r"program was solved; pass a longer time_limit \(or None for no limit\)$",
    ):
        correlated_equilibrium(chicken(), time_limit=0.5)


def test_highs_running_out_of_time_is_reported(monkeypatch) -> None:
    monkeypatch.setattr(correlated, "_linprog", lambda *a, **k: SimpleNamespace(status=1))
    with pytest.raises(tg.SolverError, match=r"stopped at the time limit of 30 s before"):
        correlated_equilibrium(chicken())


def test_a_solution_that_fails_verification_is_never_returned(monkeypatch) -> None:
    fake = SimpleNamespace(
        status=0, x=np.array([1.0, 0.0, 0.0, 0.0, 0.0])
    )  # (C, C): no equilibrium
    monkeypatch.setattr(correlated, "_linprog", lambda *a, **k: fake)
    with pytest.raises(
        tg.SolverError,
        match=r"^correlated_equilibrium: the linear program's solution breaks an incentive "
        r"constraint by 0.143 of a payoff range, more than tol=1e-09; pass a larger tol$",
    ):
        correlated_equilibrium(chicken())


def test_enumeration_cut_short_lists_verified_vertices_and_says_so(monkeypatch) -> None:
    fake_clock(monkeypatch)
    poly = correlated_vertices(chicken(), time_limit=0.5)
    assert not poly.complete and poly.stopped == "stopped at 80% of the time limit of 0.5 s"
    assert any("may be incomplete" in n for n in poly.notes)
    assert "(may be incomplete)" in repr(poly) and poly.to_frame().attrs["complete"] is False
    # stopped before any constraint: of the orthant's rays only the pure equilibria remain
    assert same_points(poly.distributions, np.array([[[0, 1], [0, 0]], [[0, 0], [1, 0]]]))


def test_max_vertices_caps_the_enumeration() -> None:
    poly = correlated_vertices(shapley(), coarse=True, max_vertices=10)
    assert not poly.complete and poly.stopped == "stopped at more than 10 rays (max_vertices)"
    full = correlated_vertices(shapley(), coarse=True).distributions.reshape(-1, 9)
    for v in poly.distributions.reshape(-1, 9):  # each listed vertex is a true vertex
        assert (np.abs(full - v).max(axis=1) <= 1e-9).any()


def test_candidates_failing_verification_are_dropped_with_a_warning(monkeypatch) -> None:
    real = correlated._double_description

    def with_a_bad_ray(rows, budget, max_rays):
        rays, tight, done = real(rows, budget, max_rays)
        bogus = np.array([[1.0, 0.0, 0.0, 0.0]])  # (C, C) breaks the constraints
        return np.vstack([rays, bogus]), np.vstack([tight, tight[:1]]), done

    monkeypatch.setattr(correlated, "_double_description", with_a_bad_ray)
    with pytest.warns(tg.EquilibriumWarning, match="dropped 1 candidate vertices"):
        poly = correlated_vertices(chicken())
    assert not poly.complete and len(poly) == 5
