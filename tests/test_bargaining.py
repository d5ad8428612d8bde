"""Bargaining solutions: known answers from the literature, the axioms as properties, bad input."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy.optimize import linprog

import tradegame as tg
from tradegame.bargaining import (
    BargainingSolution,
    ThreatSolution,
    kalai_smorodinsky,
    kalai_smorodinsky_solution,
    nash_bargaining,
    nash_bargaining_batch,
    nash_bargaining_solution,
    rubinstein,
    surplus_split,
    variable_threat,
    variable_threat_batch,
)
from tradegame.errors import GameError, ParameterError

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Kalai and Smorodinsky (1975, Econometrica 43): S and T share the ideal point (1, 1)
# and S is a subset of T, yet the Nash solution gives player 2 less in T.
KS_S = [[0, 0], [1, 0], [0.75, 0.75], [0, 1]]
KS_T = [[0, 0], [1, 0], [1, 0.7], [0, 1]]


@st.composite
def problems(draw, n_players: int = 2, max_points: int = 12):
    """A bargaining problem whose hull has a point that gives every player a positive gain."""
    m = draw(st.integers(2, max_points))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    points = rng.uniform(-1.0, 1.0, size=(m, n_players))
    d = rng.uniform(-1.0, 0.3, size=n_players)
    points[0] = d + rng.uniform(0.05, 1.0, size=n_players)  # a point that beats d
    return points, d


def _nash_log(u: np.ndarray, d: np.ndarray, w: np.ndarray | None = None) -> float:
    w = np.full(len(d), 1.0 / len(d)) if w is None else w / np.sum(w)
    gains = u - d
    return float(w @ np.log(gains)) if np.all(gains > 0) else -np.inf


def _dominating_gain(points: np.ndarray, u: np.ndarray) -> float:
    """Largest total gain of a hull point that gives every player at least ``u`` (an LP)."""
    m = len(points)
    scale = np.abs(points).max()
    res = linprog(
        -points.sum(axis=1) / scale,
        A_ub=-points.T / scale,
        b_ub=-(u - 1e-9 * scale) / scale,
        A_eq=np.ones((1, m)),
        b_eq=[1.0],
        bounds=[(0, None)] * m,
        method="highs",
    )
    assert res.status == 0
    return float(-res.fun * scale - u.sum())


# ----------------------------------------------------------------- Nash: known answers
def test_symmetric_split_of_a_unit_surplus() -> None:
    """Nash (1950, p. 159): with d = 0 the symmetric solution splits the unit simplex evenly."""
    assert_allclose(nash_bargaining([[1, 0], [0, 1]], [0, 0]), [0.5, 0.5], atol=1e-12)


def test_disagreement_shifts_the_split() -> None:
    """Gains over d = (0.2, 0) are split evenly: (0.2 + 0.4, 0.4)."""
    sol = nash_bargaining_solution([[1, 0], [0, 1]], [0.2, 0])
    assert_allclose(sol.payoffs, [0.6, 0.4], atol=1e-12)
    assert_allclose(sol.gains, [0.4, 0.4], atol=1e-12)
    assert_allclose(sol.weights_on_points, [0.6, 0.4], atol=1e-12)
    assert_allclose(sol.weights_on_points @ np.array([[1, 0], [0, 1]]), sol.payoffs, atol=1e-12)


def test_quarter_circle_frontier_within_chord_error() -> None:
    """On u1^2 + u2^2 <= 1 with d = 0, maximizing u1 u2 gives u1 = u2 = 1/sqrt(2).

    The frontier is approximated by K points; a chord of angle h lies within
    1 - cos(h/2) < h^2 / 8 of the circle, so the solution is within about that.
    """
    k = 201
    angle = np.linspace(0.0, np.pi / 2, k)
    points = np.column_stack([np.cos(angle), np.sin(angle)])
    h = angle[1] - angle[0]
    assert_allclose(nash_bargaining(points, [0, 0]), [2**-0.5] * 2, atol=h**2)
    # an odd number of points puts a vertex on the diagonal: the answer is that vertex
    assert_allclose(nash_bargaining(points, [0, 0]), points[k // 2], atol=1e-12)


@given(st.floats(0.01, 0.99), st.floats(1e-3, 1e3))
@SETTINGS
def test_weighted_solution_on_the_simplex_divides_by_weight(share, scale) -> None:
    """Kalai (1977), Roth (1979, ch. I): on the unit simplex with d = 0 the weighted solution
    gives each player its weight (the weights' scale does not matter)."""
    w = np.array([share, 1 - share])
    assert_allclose(nash_bargaining([[1, 0], [0, 1]], [0, 0], weights=scale * w), w, atol=1e-12)


def test_three_player_simplex_with_weights() -> None:
    """The same for three players, solved by the general method."""
    assert_allclose(nash_bargaining(np.eye(3), np.zeros(3)), [1 / 3] * 3, atol=1e-7)
    w = np.array([1.0, 2.0, 3.0])
    assert_allclose(nash_bargaining(np.eye(3), np.zeros(3), weights=w), w / 6, atol=1e-7)


def test_nash_is_not_monotone_but_kalai_smorodinsky_is() -> None:
    """Kalai and Smorodinsky (1975): Nash gives (0.75, 0.75) on S but (1, 0.7) on T, a loss for
    player 2 though T contains S with the same ideal point; KS moves from (0.75, 0.75) to the
    point of T's frontier u2 = 1 - 0.3 u1 on the diagonal, u = 1 / 1.3."""
    assert_allclose(nash_bargaining(KS_S, [0, 0]), [0.75, 0.75], atol=1e-12)
    assert_allclose(nash_bargaining(KS_T, [0, 0]), [1.0, 0.7], atol=1e-12)
    assert_allclose(kalai_smorodinsky(KS_S, [0, 0]), [0.75, 0.75], atol=1e-12)
    assert_allclose(kalai_smorodinsky(KS_T, [0, 0]), [1 / 1.3, 1 / 1.3], atol=1e-12)


def test_kalai_smorodinsky_differs_from_nash_on_an_asymmetric_triangle() -> None:
    """On the hull of (2, 0) and (0, 1) from d = 0 both solutions coincide at (1, 0.5) (a linear
    frontier); adding (1.5, 0.8) bends it and separates them: Nash (1.5, 0.8) (a vertex, since
    the stationary points of both edges fall outside them), KS on the ray u2 = u1 / 2."""
    assert_allclose(nash_bargaining([[2, 0], [0, 1]], [0, 0]), [1.0, 0.5], atol=1e-12)
    assert_allclose(kalai_smorodinsky([[2, 0], [0, 1]], [0, 0]), [1.0, 0.5], atol=1e-12)
    pts = [[2, 0], [0, 1], [1.5, 0.8]]
    assert_allclose(nash_bargaining(pts, [0, 0]), [1.5, 0.8], atol=1e-12)
    # edge (2, 0)-(1.5, 0.8): u2 = 1.6 (2 - u1); on u2 = u1 / 2: u1 = 3.2 / 2.1
    ks = kalai_smorodinsky_solution(pts, [0, 0])
    assert_allclose(ks.payoffs, [3.2 / 2.1, 1.6 / 2.1], atol=1e-12)
    assert_allclose(ks.weights_on_points @ np.array(pts, float), ks.payoffs, atol=1e-12)


def test_three_player_kalai_smorodinsky() -> None:
    """On the simplex the ideal point is (1, 1, 1) and KS gives each player 1/3."""
    assert_allclose(kalai_smorodinsky(np.eye(3), np.zeros(3)), [1 / 3] * 3, atol=1e-9)


def test_disagreement_outside_the_hull() -> None:
    """d need not be feasible: from d = (0, 0) below the segment (1, 0.2)-(0.2, 1), whose
    stationary point is the midpoint (0.6, 0.6) by symmetry."""
    assert_allclose(nash_bargaining([[1, 0.2], [0.2, 1]], [0, 0]), [0.6, 0.6], atol=1e-12)


# --------------------------------------------------------------- Nash: the axioms
@given(problems(), st.floats(0.1, 10.0))
@SETTINGS
def test_solution_maximizes_the_nash_product(problem, ratio) -> None:
    """Brute force: no point on a fine grid of any segment between two points does better."""
    points, d = problem
    w = np.array([1.0, ratio])
    sol = nash_bargaining_solution(points, d, weights=w)
    best = _nash_log(sol.payoffs, d, w)
    t = np.linspace(0, 1, 401)[:, None]
    for j in range(len(points)):
        for k in range(j, len(points)):
            seg = (1 - t) * points[j] + t * points[k]
            gains = seg - d
            ok = np.all(gains > 0, axis=1)
            if ok.any():
                w_ = w / w.sum()
                assert (np.log(gains[ok]) @ w_).max() <= best + 1e-12
    assert np.count_nonzero(sol.weights_on_points) <= 2
    assert_allclose(sol.weights_on_points @ points, sol.payoffs, atol=1e-12)


@given(problems())
@SETTINGS
def test_pareto_efficient(problem) -> None:
    """Nash's efficiency axiom: no hull point gives every player as much and one more."""
    points, d = problem
    u = nash_bargaining(points, d)
    assert _dominating_gain(points, u) <= 1e-7


@given(problems(), st.floats(1e-3, 1e9), st.floats(1e-3, 1e9), st.floats(-1e3, 1e3))
@SETTINGS
def test_invariant_to_rescaling_each_utility(problem, a1, a2, shift) -> None:
    """Nash (1950) invariance: u_i -> a_i u_i + b_i maps the solution the same way."""
    points, d = problem
    a = np.array([a1, a2])
    b = np.array([shift, -2 * shift])
    u = nash_bargaining(points, d)
    scaled = nash_bargaining(points * a + b, d * a + b)
    assert_allclose((scaled - b) / a, u, atol=1e-9)
    ks = kalai_smorodinsky(points, d)
    assert_allclose((kalai_smorodinsky(points * a + b, d * a + b) - b) / a, ks, atol=1e-9)


@given(problems(max_points=6), st.floats(-1.0, 0.5))
@SETTINGS
def test_symmetric_problems_get_symmetric_solutions(problem, d0) -> None:
    """Nash's symmetry axiom: points closed under swapping players, d on the diagonal."""
    points, _ = problem
    sym = np.vstack([points, points[:, ::-1]])
    assume(np.any(np.all(sym > d0 + 0.01, axis=1)))
    u = nash_bargaining(sym, [d0, d0])
    assert_allclose(u[0], u[1], atol=1e-9)
    v = kalai_smorodinsky(sym, [d0, d0])
    assert_allclose(v[0], v[1], atol=1e-9)


@given(problems(), st.integers(0, 2**32 - 1))
@SETTINGS
def test_independence_of_irrelevant_alternatives(problem, seed) -> None:
    """Nash's IIA: dropping points the solution does not use leaves it unchanged."""
    points, d = problem
    sol = nash_bargaining_solution(points, d)
    used = sol.weights_on_points > 0
    keep = used | (np.random.default_rng(seed).random(len(points)) < 0.5)
    if keep.sum() < 2:
        keep[np.flatnonzero(~keep)[0]] = True
    assert_allclose(nash_bargaining(points[keep], d), sol.payoffs, atol=1e-9)


@given(problems(n_players=3, max_points=10), st.integers(0, 2**32 - 1))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_three_players_beat_random_hull_points(problem, seed) -> None:
    """The general method: the solution is in the hull, efficient, and its Nash product is at
    least that of 500 random hull points."""
    points, d = problem
    sol = nash_bargaining_solution(points, d, weights=[1.0, 2.0, 0.5])
    assert_allclose(sol.weights_on_points.sum(), 1.0, atol=1e-12)
    assert np.all(sol.weights_on_points >= 0)
    assert_allclose(sol.weights_on_points @ points, sol.payoffs, atol=1e-12)
    w = np.array([1.0, 2.0, 0.5])
    mix = np.random.default_rng(seed).dirichlet(np.full(len(points), 0.3), size=500) @ points
    values = [_nash_log(u, d, w) for u in mix]
    assert max(values) <= _nash_log(sol.payoffs, d, w) + 1e-7
    assert _dominating_gain(points, sol.payoffs) <= 1e-6


@given(problems())
@SETTINGS
def test_general_method_agrees_with_the_exact_two_player_one(problem) -> None:
    """A third, constant player (always gaining 1) leaves the two-player answer unchanged."""
    points, d = problem
    exact = nash_bargaining(points, d)
    lifted = nash_bargaining(np.column_stack([points, np.ones(len(points))]), [*d, 0.0])
    assert_allclose(lifted[:2], exact, atol=1e-6)


# --------------------------------------------------------------------- KS: axioms
@given(problems(), st.integers(0, 2**32 - 1))
@SETTINGS
def test_kalai_smorodinsky_is_monotone_and_on_the_ray(problem, seed) -> None:
    """Kalai and Smorodinsky (1975): the solution is on the segment from d to the ideal point,
    weakly Pareto, and adding feasible points without changing the ideal point hurts nobody.

    Points are kept individually rational (>= d), so any point of the box [d, I] keeps the
    ideal point I = the largest payoff of each player."""
    points, d = problem
    points = np.maximum(points, d)
    ideal = points.max(axis=0)
    sol = kalai_smorodinsky_solution(points, d)
    ratio = sol.gains / (ideal - d)
    assert_allclose(ratio[0], ratio[1], atol=1e-9)
    assert_allclose(sol.weights_on_points @ points, sol.payoffs, atol=1e-9)
    extra = d + np.random.default_rng(seed).random((3, 2)) * (ideal - d)
    bigger = kalai_smorodinsky(np.vstack([points, extra]), d)
    assert np.all(bigger >= sol.payoffs - 1e-9)


# --------------------------------------------------------------------------- batch
def test_batch_equals_single_problems() -> None:
    rng = np.random.default_rng(7)
    points = rng.uniform(-1, 1, size=(300, 9, 2))
    d = rng.uniform(-1, 0, size=(300, 2))
    points[:, 0] = d + 0.1
    w = rng.uniform(0.1, 1, size=(300, 2))
    batch = nash_bargaining_batch(points, d, weights=w)
    single = np.array(
        [nash_bargaining(p, q, weights=v) for p, q, v in zip(points, d, w, strict=True)]
    )
    assert_allclose(batch, single, atol=1e-12)
    assert_allclose(nash_bargaining_batch(points[:1], d[0]), single[:1], atol=1e-12)


def test_batch_of_ten_thousand_problems() -> None:
    # timings live in `make bench` (benchmarks/bench_analyses.py), never in tests
    rng = np.random.default_rng(0)
    points = rng.random((10_000, 20, 2))
    d = np.zeros((10_000, 2))
    out = nash_bargaining_batch(points, d)
    assert out.shape == (10_000, 2)
    for k in (0, 4321, 9999):
        assert_allclose(out[k], nash_bargaining(points[k], d[k]), atol=1e-12)


# ------------------------------------------------------------------ variable threats
def _cox_game() -> tg.Game:
    """Example 4.11 of A. G. Cox, MA3662 lecture notes (City, University of London)."""
    return tg.Game.from_bimatrix(
        [[4, 1], [0, 3]],
        [[2, 4], [1, 0]],
        players=("US", "China"),
        strategies=[["T", "B"], ["L", "R"]],
    )


def test_variable_threat_known_answer() -> None:
    """Nash (1953): the difference game [[2, -3], [-1, 3]] has no saddle point; by the 2x2
    formula (Owen 1995, ch. II) its value is (2*3 - 3)/(2 + 3 + 3 + 1) = 1/3, with
    optimal threats (4/9, 5/9) and (2/3, 1/3). W = 6 at (T, L), so the payoffs are
    ((6 + 1/3)/2, (6 - 1/3)/2) = (19/6, 17/6), the threat point (17/9, 14/9)."""
    sol = variable_threat(_cox_game())
    assert_allclose(sol.threats[0], [4 / 9, 5 / 9], atol=1e-9)
    assert_allclose(sol.threats[1], [2 / 3, 1 / 3], atol=1e-9)
    assert_allclose(sol.threat_value, 1 / 3, atol=1e-9)
    assert_allclose(sol.disagreement, [17 / 9, 14 / 9], atol=1e-9)
    assert sol.deal == ("T", "L")
    assert_allclose(sol.payoffs, [19 / 6, 17 / 6], atol=1e-9)
    assert_allclose(sol.gains, [23 / 18, 23 / 18], atol=1e-9)
    assert_allclose(sol.payoffs.sum(), sol.joint_payoff, atol=1e-12)


def test_variable_threat_with_a_saddle_point() -> None:
    """Split or Claim (a game-show prize of 1): claiming is a dominant threat (difference game
    [[0, -1], [1, 0]] has the saddle point (Claim, Claim), value 0); W = 1, so (1/2, 1/2)."""
    g = tg.Game.from_bimatrix(
        [[0.5, 0], [1, 0]], [[0.5, 1], [0, 0]], strategies=[["Split", "Claim"]] * 2
    )
    sol = variable_threat(g)
    assert_allclose(sol.threats[0], [0, 1], atol=1e-12)
    assert_allclose(sol.threats[1], [0, 1], atol=1e-12)
    assert_allclose(sol.payoffs, [0.5, 0.5], atol=1e-12)
    assert_allclose(sol.disagreement, [0, 0], atol=1e-12)


@given(st.integers(2, 4), st.integers(2, 4), st.integers(0, 2**32 - 1))
@SETTINGS
def test_threats_are_optimal_in_the_difference_game(m1, m2, seed) -> None:
    rng = np.random.default_rng(seed)
    a, b = rng.integers(-5, 6, size=(2, m1, m2)).astype(float)
    sol = variable_threat(tg.Game.from_bimatrix(a, b))
    diff = a - b
    x, y = sol.threats
    v = sol.threat_value
    assert np.all(x @ diff >= v - 1e-9)  # player 1 guarantees at least v
    assert np.all(diff @ y <= v + 1e-9)  # player 2 holds it to at most v
    assert_allclose(sol.payoffs.sum(), (a + b).max(), atol=1e-9)
    assert_allclose(sol.gains[0], sol.gains[1], atol=1e-9)
    assert_allclose(sol.disagreement[0] - sol.disagreement[1], v, atol=1e-9)
    payoffs, values = variable_threat_batch(np.stack([a, b])[None])
    assert_allclose(payoffs[0], sol.payoffs, atol=1e-9)
    assert_allclose(values[0], v, atol=1e-9)


def test_threat_batch_mixes_closed_forms_and_linear_programs() -> None:
    rng = np.random.default_rng(3)
    for shape in [(2, 2), (3, 2), (2, 3)]:
        tensors = rng.normal(size=(40, 2, *shape))
        payoffs, values = variable_threat_batch(tensors)
        for t, p, v in zip(tensors, payoffs, values, strict=True):
            sol = variable_threat(tg.Game.from_bimatrix(t[0], t[1]))
            assert_allclose(p, sol.payoffs, atol=1e-9)
            assert_allclose(v, sol.threat_value, atol=1e-9)


# ------------------------------------------------------------------------ Rubinstein
@pytest.mark.parametrize("delta", [0.0, 0.3, 0.9, 0.999])
def test_equal_discount_factors(delta) -> None:
    """Rubinstein (1982): with a common delta the proposer gets 1 / (1 + delta)."""
    share, rest = rubinstein(delta, delta)
    assert isinstance(share, float) and isinstance(rest, float)
    assert_allclose([share, rest], [1 / (1 + delta), delta / (1 + delta)], rtol=1e-12)


def test_limits_of_patience() -> None:
    """An impatient responder (delta2 -> 0) concedes everything; an impatient proposer
    (delta1 = 0) still gets 1 - delta2 (Rubinstein 1982, x = (1 - d2) / (1 - d1 d2))."""
    assert_allclose(rubinstein(0.7, 0.0), (1.0, 0.0), atol=1e-15)
    assert_allclose(rubinstein(0.7, 1e-9)[0], 1.0, atol=1e-8)
    assert_allclose(rubinstein(0.0, 0.6), (0.4, 0.6), atol=1e-15)


def test_arrays_broadcast_like_scalar_calls() -> None:
    d1 = np.linspace(0, 0.95, 7)[:, None]
    d2 = np.linspace(0, 0.95, 5)[None, :]
    share, rest = rubinstein(d1, d2, outside_options=(0.1, np.linspace(0, 0.8, 5)))
    assert share.shape == rest.shape == (7, 5)
    for i in range(7):
        for j in range(5):
            x, y = rubinstein(float(d1[i, 0]), float(d2[0, j]), outside_options=(0.1, 0.2 * j))
            assert_allclose([share[i, j], rest[i, j]], [x, y], atol=1e-15)


def test_outside_options_three_cases() -> None:
    """Muthoo (1999, ch. 5), delta = 0.9 each: Rubinstein shares (1/1.9, 0.9/1.9).

    * (0.1, 0.1): no option binds (0.1 < 0.9/1.9 and 0.1 < 0.9 * 1/1.9): Rubinstein;
    * (0.1, 0.6): the responder's binds (0.6 > 0.9/1.9): the proposer gets 1 - 0.6;
    * (0.48, 0.5): both bind (0.48 > 0.9 * 0.5, 0.5 > 0.9 * 0.52): 1 - 0.5;
    * (0.6, 0.1): only player 1's binds: x = 1 - 0.9 * (1 - 0.6) = 0.64.
    """
    assert_allclose(rubinstein(0.9, 0.9, outside_options=(0.1, 0.1)), (1 / 1.9, 0.9 / 1.9))
    assert_allclose(rubinstein(0.9, 0.9, outside_options=(0.1, 0.6)), (0.4, 0.6))
    assert_allclose(rubinstein(0.9, 0.9, outside_options=(0.48, 0.5)), (0.5, 0.5))
    assert_allclose(rubinstein(0.9, 0.9, outside_options=(0.6, 0.1)), (0.64, 0.36))


@pytest.mark.parametrize("delta", [0.5, 0.8, 0.95])
def test_one_sided_option_threshold(delta) -> None:
    """Osborne and Rubinstein (1990, section 3.12): player 2's option b matters only when
    b > delta / (1 + delta); then the outcome is (1 - b, b)."""
    cut = delta / (1 + delta)
    for b in [0.0, 0.5 * cut, cut - 1e-9]:
        assert_allclose(rubinstein(delta, delta, outside_options=(0, b)), (1 / (1 + delta), cut))
    for b in [cut + 1e-9, 0.5 * (cut + 1), 1.0]:
        assert_allclose(rubinstein(delta, delta, outside_options=(0, b)), (1 - b, b))


@given(st.floats(0, 0.99), st.floats(0, 0.99), st.floats(0, 1), st.floats(0, 1), st.floats(0, 1))
@SETTINGS
def test_outside_option_shares_solve_the_equilibrium_equations(d1, d2, w1, frac, start) -> None:
    """Iterating the responders' indifference conditions (a contraction) from any start
    reaches the returned share: x = 1 - max(w2, d2 y), y = 1 - max(w1, d1 x)."""
    w2 = frac * (1 - w1)
    x = start
    for _ in range(5000):
        x = 1 - max(w2, d2 * (1 - max(w1, d1 * x)))
    share, rest = rubinstein(d1, d2, outside_options=(w1, w2))
    assert_allclose(share, x, atol=1e-8)
    assert rest >= w2 - 1e-12


def test_surplus_split() -> None:
    assert_allclose(surplus_split(10.0, [1.0, 3.0], [0.25, 0.75]), [2.5, 7.5])
    share = rubinstein(np.array([0.5, 0.0]), 0.5)
    out = surplus_split(np.array([4.0, 8.0]), [[0.0, 0.0], [1.0, 1.0]], share)
    assert_allclose(out, [[8 / 3, 4 / 3], [1 + 3.0, 1 + 3.0]])


# ---------------------------------------------------------------------- records
def test_records_are_json_ready_and_tidy() -> None:
    sol = nash_bargaining_solution([[1, 0], [0, 1]], [0.2, 0])
    data = json.loads(json.dumps(sol.to_dict()))
    assert data["method"] == "nash"
    assert_allclose(data["payoffs"], [0.6, 0.4])
    assert all(type(v) is float for v in sol.to_dict()["weights_on_points"])
    frame = sol.to_frame()
    assert list(frame.columns) == [
        "method",
        "player",
        "disagreement",
        "payoff",
        "gain",
        "bargaining_weight",
    ]
    assert_allclose(frame["gain"], [0.4, 0.4])
    ks = kalai_smorodinsky_solution([[1, 0], [0, 1]], [0.2, 0])
    assert ks.to_dict()["bargaining_weights"] is None
    assert ks.to_frame()["bargaining_weight"].isna().all()
    assert isinstance(sol, BargainingSolution) and sol == nash_bargaining_solution(
        [[1, 0], [0, 1]], [0.2, 0]
    )
    assert hash(sol) == hash(nash_bargaining_solution([[1, 0], [0, 1]], [0.2, 0]))
    with pytest.raises(ValueError, match="read-only"):
        sol.payoffs[0] = 1.0

    threat = variable_threat(_cox_game())
    assert isinstance(threat, ThreatSolution)
    tdata = json.loads(json.dumps(threat.to_dict()))
    assert tdata["deal"] == {"US": "T", "China": "L"}
    assert_allclose(tdata["threats"]["US"]["T"], 4 / 9)
    tframe = threat.to_frame()
    assert list(tframe.columns) == [
        "player",
        "strategy",
        "threat_probability",
        "in_deal",
        "disagreement",
        "payoff",
        "gain",
    ]
    assert tframe["in_deal"].tolist() == [True, False, True, False]


# -------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("points", "d", "match"),
    [
        ([[1, np.nan], [0, 1]], [0, 0], "points must not be NaN"),
        ([[1, np.inf], [0, 1]], [0, 0], "points must be finite; got inf"),
        ([1, 0], [0, 0], r"points must be a 2-d array .* got shape \(2,\)"),
        ([[1], [0]], [0], "one column per player, at least 2; got 1"),
        ([[1, 1]], [0, 0], "at least two payoff vectors .* got 1"),
        ([[1, 0], [0, 1]], [0, 0, 0], r"disagreement must have one entry per player \(2"),
        ([[1, 0], [0, 1]], [0, np.nan], "disagreement must not be NaN"),
        ([[1, 0], [0, 1]], [1, 1], "no feasible point gives every player more"),
        ([[1, 0], [0, 1]], [0.5, 0.5], "no feasible point gives every player more"),
        ([[1, 0], [0, 1]], [1, -1], "no feasible point gives every player more"),
        (np.eye(3), [0.5, 0.5, 0], "no feasible point gives every player more"),
        ("abc", [0, 0], "points must be a number or an array of numbers"),
    ],
)
def test_bad_problems(points, d, match) -> None:
    for solve in (nash_bargaining, kalai_smorodinsky):
        with pytest.raises(ParameterError, match=match):
            solve(points, d)


@pytest.mark.parametrize(
    ("weights", "match"),
    [
        ([1, 0], "weights must be positive; got 0"),
        ([1, -2], "weights must be positive; got -2"),
        ([1, np.inf], "weights must be finite; got inf"),
        ([1, 1, 1], r"weights must have one entry per player \(2\)"),
    ],
)
def test_bad_weights(weights, match) -> None:
    with pytest.raises(ParameterError, match=match):
        nash_bargaining([[1, 0], [0, 1]], [0, 0], weights=weights)


def test_bad_batches() -> None:
    with pytest.raises(ParameterError, match=r"shape \(B, m, 2\).*got shape \(2, 2\)"):
        nash_bargaining_batch([[1, 0], [0, 1]], [0, 0])
    with pytest.raises(ParameterError, match=r"disagreement must have shape \(2, 2\) or \(2,\)"):
        nash_bargaining_batch(np.ones((2, 3, 2)), np.zeros((3, 2)))
    points = np.array([[[1, 0], [0, 1]], [[1, 0], [0, 1]]], float)
    with pytest.raises(ParameterError, match="problem 1: no feasible point"):
        nash_bargaining_batch(points, [[0, 0], [0.5, 0.5]])
    with pytest.raises(ParameterError, match="at least two payoff vectors per problem"):
        nash_bargaining_batch(np.ones((4, 1, 2)), [0, 0])
    with pytest.raises(ParameterError, match=r"payoff_tensors must have shape \(B, 2, m1, m2\)"):
        variable_threat_batch(np.ones((2, 2, 2)))
    with pytest.raises(ParameterError, match="payoff_tensors must not be NaN"):
        variable_threat_batch(np.full((1, 2, 2, 2), np.nan))


def test_bad_games() -> None:
    with pytest.raises(GameError, match=r"variable_threat needs a tradegame\.Game"):
        variable_threat([[1, 2], [3, 4]])  # type: ignore[arg-type]
    g3 = tg.Game.from_arrays(np.zeros((3, 2, 2, 2)), players=["A", "B", "C"])
    with pytest.raises(GameError, match="needs a two-player game; this game has 3"):
        variable_threat(g3)


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        ((1.2, 0.5), {}, r"delta1 must be in \[0, 1\); got 1.2"),
        ((0.5, -0.1), {}, r"delta2 must be in \[0, 1\); got -0.1"),
        ((1.0, 1.0), {}, r"delta1 must be in \[0, 1\); got 1"),
        ((np.nan, 0.5), {}, "delta1 must not be NaN"),
        (([0.5, 0.6], [0.5, 0.6, 0.7]), {}, "do not broadcast"),
        ((0.5, 0.5), {"outside_options": 0.3}, r"outside_options must be a pair \(w1, w2\)"),
        ((0.5, 0.5), {"outside_options": (0.1, 0.2, 0.3)}, "got 3 values"),
        ((0.5, 0.5), {"outside_options": (1.5, 0)}, r"outside_options\[0\] must be in \[0, 1\]"),
        ((0.5, 0.5), {"outside_options": (0.6, 0.6)}, r"w1 \+ w2\) must be at most 1; got 1.2"),
    ],
)
def test_bad_rubinstein(args, kwargs, match) -> None:
    with pytest.raises(ParameterError, match=match):
        rubinstein(*args, **kwargs)


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((1.0, [0.0, 0.0], [0.7, 0.7]), r"shares \(sum over players\) must be 1; got 1.4"),
        ((1.0, [0.0, 0.0], [1.5, -0.5]), r"shares must be in \[0, 1\]; got 1.5"),
        ((1.0, [0.8, 0.8], [0.5, 0.5]), "total minus the sum of disagreement payoffs must be >= 0"),
        ((1.0, [0.0, 0.0, 0.0], [0.5, 0.5]), "same number of players; got 3 and 2"),
        (([1.0, 2.0, 3.0], [[0.0, 0.0]] * 2, [0.5, 0.5]), "do not broadcast"),
        ((np.inf, [0.0, 0.0], [0.5, 0.5]), "total must be finite"),
    ],
)
def test_bad_surplus_split(args, match) -> None:
    with pytest.raises(ParameterError, match=match):
        surplus_split(*args)


def test_variable_threat_near_the_float_limit() -> None:
    # u1 - u2 would overflow at +-1e308: solved in units of a power of two, answered in the
    # game's own units (the same answer as the game divided by 1e300, times 1e300).
    a = np.array([[0.0, -1e308], [1e308, 1.0]])
    b = np.array([[0.0, 1e308], [-1e308, 1.0]])
    game = tg.Game.from_arrays([a, b], players=("A", "B"))
    small = tg.Game.from_arrays([a / 1e300, b / 1e300], players=("A", "B"))
    big, ref = variable_threat(game), variable_threat(small)
    assert_allclose(np.asarray(big.payoffs) / 1e300, np.asarray(ref.payoffs), rtol=1e-12)
    assert np.isfinite(big.payoffs).all()
