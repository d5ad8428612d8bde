"""Logit quantal response equilibria: known answers, the fixed point, fitting lambda, bad input.

Known answers: the centre of a cyclically symmetric game is its QRE at every lambda
(every strategy earns the same against the uniform mix, so logit responds uniformly); the
asymmetric matching pennies of McKelvey and Palfrey (1995), taken from Ochs (1995),
against a one-dimensional root solve of the logit equations; the principal branch of a
2x2 coordination game ends at the risk-dominant equilibrium (Turocy 2005;
risk dominance as in Harsanyi and Selten 1988); fitting recovers the lambda that made
the frequencies.
"""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy.optimize import brentq, minimize_scalar

import tradegame as tg
import tradegame.solvers._budget as budget_module
from tradegame.errors import EquilibriumWarning, GameError, SolverError
from tradegame.solvers.quantal_response import (
    LogitFit,
    QuantalResponse,
    fit_logit,
    logit_branch,
    quantal_response,
)
from tradegame.solvers.regret import strategy_payoffs


def logit_residual(game: tg.Game, lam: float, strategies) -> float:
    """Largest gap between a profile and the logit response to it (the QRE fixed point)."""
    batch = [np.asarray(s, dtype=float)[None] for s in strategies]
    worst = 0.0
    for i in range(game.n_players):
        values = lam * strategy_payoffs(game.payoff_tensor, batch, i)[0]
        response = np.exp(values - values.max())
        worst = max(worst, float(np.abs(response / response.sum() - batch[i][0]).max()))
    return worst


def branch_points(frame, game):
    """``(lam, strategies)`` for each point of a ``logit_branch`` table."""
    sizes = game.shape
    out = []
    for _, rows in frame.groupby("point", sort=True):
        probs = rows.probability.to_numpy()
        cuts = np.cumsum(sizes)[:-1]
        out.append((float(rows.lam.iloc[0]), np.split(probs, cuts)))
    return out


def ticking_clock(monkeypatch) -> None:
    """A clock that moves a second at every reading: any time limit ends at the first check."""
    ticks = itertools.count()
    monkeypatch.setattr(
        budget_module, "time", SimpleNamespace(monotonic=lambda: float(next(ticks)))
    )


ROCK_PAPER_SCISSORS = tg.Game.zero_sum([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])


def pennies(x: float) -> tg.Game:
    """Asymmetric matching pennies (McKelvey and Palfrey 1995, from Ochs 1995): row gets x
    for (U, L) and 1 for (D, R); column gets 1 when the choices differ."""
    return tg.Game.from_bimatrix(
        [[x, 0], [0, 1]], [[0, 1], [1, 0]], strategies=(("U", "D"), ("L", "R"))
    )


def pennies_qre(x: float, lam: float) -> tuple[float, float]:
    """P(U), P(L) solving the two logit equations, reduced to one monotone equation in P(U)."""

    def column(p: float) -> float:
        return 1.0 / (1.0 + np.exp(-lam * (1 - 2 * p)))  # L pays 1 - p, R pays p

    def gap(p: float) -> float:  # row: U pays x q, D pays 1 - q
        q = column(p)
        return p - 1.0 / (1.0 + np.exp(-lam * ((x + 1) * q - 1)))

    p = brentq(gap, 0.0, 1.0, xtol=1e-15, rtol=1e-15)
    return p, column(p)


# ---------------------------------------------------------------------- known answers
@pytest.mark.parametrize("lam", [0.0, 0.3, 2.0, 50.0])
@pytest.mark.parametrize(
    "game",
    [
        ROCK_PAPER_SCISSORS,
        # a weighted cyclic game: every strategy earns the same against the uniform mix
        tg.Game.zero_sum([[0, -1, 2], [2, 0, -1], [-1, 2, 0]]),
    ],
    ids=["rock-paper-scissors", "weighted-cycle"],
)
def test_a_cyclically_symmetric_game_has_its_qre_at_the_centre(game, lam) -> None:
    qre = quantal_response(game, lam)
    for s in qre.strategies:
        assert_allclose(s, np.full(3, 1 / 3), atol=1e-12)


@pytest.mark.parametrize("x", [9.0, 4.0])
@pytest.mark.parametrize("lam", [0.2, 1.0, 5.0])
def test_asymmetric_matching_pennies_matches_a_one_dimensional_root_solve(x, lam) -> None:
    p, q = pennies_qre(x, lam)
    qre = quantal_response(pennies(x), lam)
    assert_allclose(qre.strategies[0], [p, 1 - p], atol=1e-9)
    assert_allclose(qre.strategies[1], [q, 1 - q], atol=1e-9)
    # the own-payoff effect McKelvey and Palfrey report: row plays U more than its Nash 1/2
    assert qre.strategies[0][0] > 0.5


def test_asymmetric_pennies_branch_converges_to_the_nash_equilibrium() -> None:
    # Nash: the column mixes so that row is indifferent, q = 1 / (x + 1); row mixes 1/2
    game = pennies(9.0)
    frame = logit_branch(game)
    lam, (row, col) = branch_points(frame, game)[-1]
    assert_allclose(row, [0.5, 0.5], atol=1e-6)
    assert_allclose(col, [0.1, 0.9], atol=1e-6)
    assert lam > 1e3  # regret ~ 1/lam: the branch is followed far out
    assert frame.attrs["stopped"] is None


@pytest.mark.parametrize(
    "row, expected",
    [
        # stag hunt: (hare, hare) loses 3 to a deviation, (stag, stag) only 1
        ([[4, 0], [3, 3]], "hare"),
        # with stag paying 6, (stag, stag) loses 3 and (hare, hare) 2: stag risk-dominates
        ([[6, 0], [3, 2]], "stag"),
    ],
)
def test_the_branch_of_a_coordination_game_ends_at_the_risk_dominant_equilibrium(
    row, expected
) -> None:
    game = tg.Game.from_bimatrix(row, np.transpose(row), strategies=(("stag", "hare"),) * 2)
    frame = logit_branch(game)
    last = frame[frame.point == frame.point.max()]
    chosen = last[last.probability > 0.5]
    assert list(chosen.strategy) == [expected, expected]
    assert_allclose(chosen.probability, 1.0, atol=1e-8)


# a 3x3 game (found by search over integer payoffs) whose principal branch rises to lam 30,
# bends back to lam 1.66, then rises again to the pure equilibrium (s1, s2)
BENDING = tg.Game.from_bimatrix(
    [[2, 5, 1], [8, 4, 1], [1, 4, 0]], [[5, 8, 4], [8, 6, 9], [1, 4, 9]]
)


def test_the_branch_is_followed_where_it_bends_back_in_lam() -> None:
    frame = logit_branch(BENDING)
    points = branch_points(frame, BENDING)
    lams = np.array([lam for lam, _ in points])
    top = int(np.argmax(lams[: len(lams) // 2 + 10]))
    assert lams[top] > 29 and lams[top:].min() < 1.7  # up, back down, up again
    for lam, strategies in points:
        assert logit_residual(BENDING, lam, strategies) <= 1e-8
    # consecutive points are close: the tracer stayed on one curve
    steps = [
        max(np.abs(a - b).max() for a, b in zip(p[1], q[1], strict=True))
        for p, q in itertools.pairwise(points)
    ]
    assert max(steps) < 0.25
    lam, (row, col) = points[-1]
    assert_allclose(row, [1, 0, 0], atol=1e-8)
    assert_allclose(col, [0, 1, 0], atol=1e-8)
    # lam = 10 is crossed three times: quantal_response gives the first crossing
    first = next(k for k, value in enumerate(lams) if value >= 10)
    qre = quantal_response(BENDING, 10.0)
    assert qre.strategies[1][2] > 0.9 and points[first][1][1][2] > 0.9


def test_scaling_payoffs_by_c_and_lam_by_1_over_c_gives_the_same_profile() -> None:
    rng = np.random.default_rng(7)
    tensor = rng.normal(size=(3, 2, 3, 2))
    game = tg.Game.from_arrays(list(tensor))
    usd = tg.Game.from_arrays(list(tensor * 1e9 + 5e9))  # payoffs in USD, shifted
    for lam in (0.5, 3.0):
        base = quantal_response(game, lam)
        scaled = quantal_response(usd, lam / 1e9)
        for a, b in zip(base.strategies, scaled.strategies, strict=True):
            assert_allclose(a, b, atol=1e-9)
        assert_allclose(scaled.payoffs, base.payoffs * 1e9 + 5e9, rtol=1e-9)


def test_a_game_with_all_payoffs_equal_has_the_uniform_qre() -> None:
    game = tg.Game.from_arrays([np.full((2, 3), 4.0)] * 2)
    qre = quantal_response(game, 10.0)
    assert_allclose(qre.strategies[1], np.full(3, 1 / 3), atol=1e-12)
    assert logit_branch(game).point.max() == 0  # the uniform profile is already a Nash eq.


def test_a_player_with_one_strategy_and_a_dominated_strategy() -> None:
    # the column player has one strategy; row's second strategy is strictly dominated
    game = tg.Game.from_arrays([[[2.0], [1.0], [2.0]], [[0.0], [3.0], [1.0]]])
    qre = quantal_response(game, 2.0)
    weights = np.exp(2.0 * np.array([2.0, 1.0, 2.0]))
    assert_allclose(qre.strategies[0], weights / weights.sum(), atol=1e-10)
    assert_allclose(qre.strategies[1], [1.0])


# ---------------------------------------------------------------------- the fixed point
@st.composite
def small_games(draw, integer: bool) -> tg.Game:
    n = draw(st.integers(2, 3))
    shape = tuple(draw(st.integers(1, 3)) for _ in range(n))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    if integer:
        tensor = rng.integers(0, 3, size=(n, *shape)).astype(float)
    else:
        tensor = rng.normal(scale=draw(st.sampled_from([1e-3, 1.0, 1e4])), size=(n, *shape))
    return tg.Game.from_arrays(list(tensor))


@settings(max_examples=40, deadline=None)
@given(game=st.one_of(small_games(False), small_games(True)))
def test_every_traced_point_is_a_logit_qre(game) -> None:
    frame = logit_branch(game, max_points=400)
    points = branch_points(frame, game)
    assert points[0][0] == 0.0
    for lam, strategies in points:
        assert logit_residual(game, lam, strategies) <= 1e-7
    # payoff columns agree with the game
    first = frame[frame.point == 0]
    batch = [s[None] for s in points[0][1]]
    values = np.concatenate(
        [strategy_payoffs(game.payoff_tensor, batch, i)[0] for i in range(game.n_players)]
    )
    assert_allclose(first.strategy_payoff, values, rtol=1e-12, atol=1e-12)


@settings(max_examples=25, deadline=None)
@given(game=small_games(False), lam=st.floats(0.0, 20.0))
def test_quantal_response_solves_the_logit_equations(game, lam) -> None:
    _, span = tg.solvers._scale.payoff_spans(game.payoff_tensor[None])
    lam_game = lam / float(span.max()) if span.max() > 0 else lam  # lam per payoff range
    qre = quantal_response(game, lam_game)
    assert logit_residual(game, lam_game, qre.strategies) <= 1e-9


def test_max_lam_ends_the_branch_exactly_there() -> None:
    game = pennies(4.0)
    frame = logit_branch(game, max_lam=2.5)
    assert frame.lam.iloc[-1] == 2.5
    lam, strategies = branch_points(frame, game)[-1]
    p, q = pennies_qre(4.0, lam)
    assert_allclose(strategies[0], [p, 1 - p], atol=1e-9)
    assert_allclose(strategies[1], [q, 1 - q], atol=1e-9)
    assert list(frame.columns) == [
        "point",
        "lam",
        "player",
        "strategy",
        "probability",
        "strategy_payoff",
        "payoff",
    ]


# ---------------------------------------------------------------------- fitting lambda
@pytest.mark.parametrize("lam", [0.1, 0.7, 3.0])
def test_fit_recovers_lam_from_frequencies_of_the_qre(lam) -> None:
    game = pennies(9.0)
    truth = quantal_response(game, lam)
    fit = fit_logit(game, [1000 * s for s in truth.strategies])
    assert fit.lam == pytest.approx(lam, rel=1e-8)
    for a, b in zip(fit.strategies, truth.strategies, strict=True):
        assert_allclose(a, b, atol=1e-9)


def test_fit_on_a_three_player_game_from_counts_by_label() -> None:
    rng = np.random.default_rng(11)
    game = tg.Game.from_arrays(list(rng.normal(size=(3, 3, 2, 2)) * 100))
    truth = quantal_response(game, 0.02)
    counts = {
        player: dict(zip(game.strategies[i], 500 * truth.strategies[i], strict=True))
        for i, player in enumerate(game.players)
    }
    fit = fit_logit(game, counts)
    assert fit.lam == pytest.approx(0.02, rel=1e-7)
    expected = sum(float(c @ np.log(s)) for c, s in zip(fit.observed, fit.strategies, strict=True))
    assert fit.log_likelihood == pytest.approx(expected, rel=1e-12)
    assert isinstance(fit, LogitFit) and fit.stopped is None
    assert repr(fit).startswith("<LogitFit lam=0.02")


def test_fit_with_one_player_observed_and_a_cap_on_lam() -> None:
    game = pennies(4.0)
    # only the row player observed, always playing U: the best lam is where the QRE's P(U)
    # peaks (it rises from 1/2, then falls back to the Nash 1/2)
    peak = minimize_scalar(
        lambda lam: -pennies_qre(4.0, lam)[0],
        bounds=(0.0, 5.0),
        method="bounded",
        options={"xatol": 1e-10},
    ).x
    fit = fit_logit(game, {"Row": {"U": 30}})
    assert fit.lam == pytest.approx(peak, rel=1e-6)
    assert_allclose(fit.observed[1], [0.0, 0.0])
    # below the peak, the cap is the best lam allowed
    capped = fit_logit(game, {"Row": {"U": 30}}, max_lam=0.5)
    assert capped.lam == 0.5
    assert capped.log_likelihood == pytest.approx(30 * np.log(pennies_qre(4.0, 0.5)[0]))


# ---------------------------------------------------------------------- records
def test_the_record_is_frozen_and_reads_as_a_table() -> None:
    qre = quantal_response(pennies(9.0), 1.0)
    assert isinstance(qre, QuantalResponse)
    with pytest.raises(ValueError):
        qre.strategies[0][0] = 1.0
    with pytest.raises(AttributeError):
        qre.lam = 2.0  # type: ignore[misc]
    frame = qre.to_frame()
    assert list(frame.columns) == ["player", "strategy", "probability", "strategy_payoff", "payoff"]
    assert list(frame.strategy) == ["U", "D", "L", "R"]
    assert_allclose(frame.payoff.iloc[:2], qre.payoffs[0])
    assert qre.profile()["Row"]["U"] == pytest.approx(float(qre.strategies[0][0]))
    assert qre == quantal_response(pennies(9.0), 1.0)
    assert repr(qre) == (
        "<QuantalResponse lam=1 on <2x2 Game (Row, Column)>: 0.894, 0.106; 0.313, 0.687>"
    )


# ---------------------------------------------------------------------- budgets
def test_a_time_limit_before_lam_is_reached_is_an_error(monkeypatch) -> None:
    ticking_clock(monkeypatch)
    with pytest.raises(SolverError, match=r"^quantal_response stopped at the time limit of 0.5 s"):
        quantal_response(pennies(9.0), 3.0, time_limit=0.5)


def test_a_branch_cut_short_is_flagged(monkeypatch) -> None:
    with pytest.warns(EquilibriumWarning, match="after 3 points"):
        frame = logit_branch(pennies(9.0), max_points=3)
    assert frame.point.max() == 2 and frame.attrs["stopped"].startswith("stopped after 3")
    ticking_clock(monkeypatch)
    with pytest.warns(EquilibriumWarning, match="time limit of 0.5 s"):
        frame = logit_branch(pennies(9.0), time_limit=0.5)
    assert frame.point.max() == 0
    with pytest.warns(EquilibriumWarning, match="fit_logit stopped at the time limit"):
        fit = fit_logit(pennies(9.0), [[3, 1], [1, 2]], time_limit=0.5)
    assert fit.stopped == "stopped at the time limit of 0.5 s" and fit.lam == 0.0


# ---------------------------------------------------------------------- bad input
@pytest.mark.parametrize("lam", [-1.0, float("nan"), float("inf"), True, "1", None])
def test_lam_must_be_a_finite_number_at_least_zero(lam) -> None:
    with pytest.raises(SolverError, match=r"^lam must be a finite number >= 0; got "):
        quantal_response(pennies(9.0), lam)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda g: quantal_response("game", 1.0), "quantal_response needs a tradegame.Game"),
        (lambda g: quantal_response(g, 1.0, tol=0), "tol must be a number between 0 and 1"),
        (lambda g: logit_branch(g, max_lam=-2), "max_lam must be a finite number >= 0"),
        (lambda g: logit_branch(g, max_regret=1.5), "max_regret must be a number between 0"),
        (lambda g: logit_branch(g, max_points=0), "max_points must be a whole number >= 1"),
        (lambda g: logit_branch(g, time_limit=-1), "time_limit must be a positive number"),
        (lambda g: fit_logit(g, [[1, 1]]), "observed has 1 entries; the game has 2 players"),
        (lambda g: fit_logit(g, "U"), "observed must map players to"),
        (lambda g: fit_logit(g, {"Nobody": {"U": 1}}), "observed: unknown player 'Nobody'"),
        (lambda g: fit_logit(g, {"Row": {"X": 1}}), "observed: unknown strategy 'X' for 'Row'"),
        (
            lambda g: fit_logit(g, {"Row": {"U": -1}}),
            "observed count of 'U' for 'Row' must be a finite number >= 0; got -1",
        ),
        (
            lambda g: fit_logit(g, [[1, float("nan")], [0, 1]]),
            "observed count of 'D' for 'Row' must be a finite number >= 0; got nan",
        ),
        (lambda g: fit_logit(g, [[1, 2, 3], [0, 1]]), "observed play of 'Row' must be"),
        (lambda g: fit_logit(g, {"Row": [0, 0]}), "observed holds no play: every count is zero"),
        (lambda g: fit_logit(g, [[1, 0], [0, 1]], max_lam=float("inf")), "max_lam must be"),
    ],
)
def test_bad_input_gets_a_one_line_error(call, message) -> None:
    with pytest.raises((SolverError, GameError)) as info:
        call(pennies(9.0))
    text = str(info.value)
    assert text.startswith(message) and "\n" not in text
