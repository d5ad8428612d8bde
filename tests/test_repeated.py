"""Repeated games: critical discount factors, breakdown risk and noisy simulations."""

from __future__ import annotations

import itertools
import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.testing import assert_allclose

import tradegame as tg
from tradegame.errors import GameError, ParameterError
from tradegame.repeated import (
    breakdown_risk,
    critical_discount,
    critical_discount_batch,
    finite_punishment_threshold,
    nash_reversion_threshold,
    simulate,
    truce_duration,
    truce_table,
)

FT, OT = "free trade", "optimal tariff"
US, BR = "United States", "Brazil"


@pytest.fixture(scope="module")
def tariff_pd() -> tg.Game:
    return tg.load_scenario("tariff_prisoners_dilemma").game()


def pd_letters(game: tg.Game) -> tuple[float, float, float, float]:
    """T, R, P, S of the row player, read off the payoff table."""
    us = game.payoff(US)
    (r, s), (t, p) = us
    return float(t), float(r), float(p), float(s)


def cournot() -> tg.Game:
    """Linear Cournot duopoly: P = max(0, 12 - Q), zero cost, quantities 3, 4 and 7.

    (3, 3) splits the monopoly output; (4, 4) is the unique stage equilibrium
    (16 each); flooding the market with 7 holds the rival to its minmax value
    6 but is not an equilibrium. Thresholds by hand for the deal (3, 3),
    C = 18, D = 20: Nash reversion (D - C) / (D - N) = 2/4 = 1/2 (Friedman
    1971); the stick (7, 7) pays S = 0 with best reply 6, so cooperation
    needs (C - S) delta >= D - C (delta >= 1/9) and the stick needs
    (C - S) delta >= D_s - S (delta >= 6/18 = 1/3) (Abreu 1986, section 4);
    the minmax bound is (D - C) / (D - v) = 2/14 = 1/7 (Fudenberg and Maskin 1986).
    """
    q = np.array([3.0, 4.0, 7.0])
    price = np.maximum(0.0, 12.0 - (q[:, None] + q[None, :]))
    labels = ("q3", "q4", "q7")
    return tg.Game.from_bimatrix(
        q[:, None] * price, q[None, :] * price, players=("F1", "F2"), strategies=(labels, labels)
    )


def small_pd(t=4.0, r=3.0, p=0.0, s=-1.0) -> tg.Game:
    return tg.Game.from_bimatrix(
        [[r, s], [t, p]], [[r, t], [s, p]], strategies=(("C", "D"), ("C", "D"))
    )


# ---------------------------------------------------------------- known answers
def test_tariff_pd_grim_trigger(tariff_pd):
    # Suranovic (2010), ch. 110 payoff table; Friedman (1971): delta* = (T - R) / (T - P)
    t, r, p, _ = pd_letters(tariff_pd)
    got = critical_discount(tariff_pd, {US: FT, BR: FT})
    assert_allclose([got[US], got[BR]], [(t - r) / (t - p)] * 2)
    assert_allclose(got[US], 2 / 3)


def test_tariff_pd_punishments_agree(tariff_pd):
    # minmax = stage Nash in the PD: all three punishments give (T - R) / (T - P)
    t, r, p, _ = pd_letters(tariff_pd)
    for punishment in ("nash-reversion", "minmax", "optimal", "stick-and-carrot"):
        got = critical_discount(tariff_pd, [FT, FT], punishment)
        assert_allclose(list(got.values()), [(t - r) / (t - p)] * 2, err_msg=punishment)
    table = truce_table(tariff_pd, [FT, FT], periods=())
    assert table["valid"].all()
    assert_allclose(table["punishment_payoff"], p)


def test_profile_by_index_and_equilibrium_profile(tariff_pd):
    assert critical_discount(tariff_pd, [0, 0]) == critical_discount(tariff_pd, [FT, FT])
    # mutual tariffs are a stage equilibrium: no discount factor is needed
    assert critical_discount(tariff_pd, [OT, OT]) == {US: 0.0, BR: 0.0}


def test_cournot_stick_and_carrot_beats_nash_reversion():
    game = cournot()
    deal = ["q3", "q3"]
    assert_allclose(list(critical_discount(game, deal).values()), [0.5, 0.5])
    assert_allclose(list(critical_discount(game, deal, "optimal").values()), [1 / 3, 1 / 3])
    table = truce_table(game, deal, periods=())
    optimal = table[table.punishment == "optimal"]
    assert (optimal["note"].str.contains(r"\(q7, q7\)")).all()
    assert_allclose(optimal["punishment_payoff"], 0.0)
    minmax = table[table.punishment == "minmax"]
    assert not minmax["valid"].any()
    assert_allclose(minmax["punishment_payoff"], 6.0, atol=1e-9)
    assert minmax["note"].str.contains("lower bound delta\\* >= 0.1429").all()
    # minmax is not credible here, so the value falls back to the optimal code
    assert_allclose(minmax["delta_star"], 1 / 3)
    assert_allclose(table.loc[table.punishment == "nash-reversion", "delta_star"], 0.5)


def test_cournot_stick_constraints_hold_at_threshold():
    # Abreu (1986): at delta = 1/3 both constraints of the (q7, q7) stick hold, just below
    # the stick constraint fails
    c, d, s, ds = 18.0, 20.0, 0.0, 6.0
    for delta, ok in ((1 / 3, True), (1 / 3 - 1e-6, False)):
        value = (1 - delta) * s + delta * c
        keep = c >= (1 - delta) * d + delta * value - 1e-12
        stick = value >= (1 - delta) * ds + delta * value - 1e-12
        assert (keep and stick) is ok


def test_finite_punishment_known_answers(tariff_pd):
    # one period of punishment: C (1 + delta) >= D + N delta, i.e. delta >= (T - R) / (R - P)
    # (Tirole 1988, section 6.7); T = 4, R = 3, P = 0 gives 1/3
    game = small_pd()
    assert_allclose(list(critical_discount(game, ["C", "C"], "finite", periods=1).values()), 1 / 3)
    # two periods: delta + delta**2 = 1/3
    two = critical_discount(game, ["C", "C"], "finite", periods=2)["Row"]
    assert_allclose(two + two**2, 1 / 3)
    # the tariff PD: (T - R) / (R - P) = 20/10 > 1, so one period never deters
    t, r, p, _ = pd_letters(tariff_pd)
    assert (t - r) / (r - p) > 1
    assert critical_discount(tariff_pd, [FT, FT], "finite", periods=1) == {
        US: math.inf,
        BR: math.inf,
    }
    # periods=None is forever, i.e. Nash reversion
    forever = critical_discount(tariff_pd, [FT, FT], "finite")
    assert forever == critical_discount(tariff_pd, [FT, FT])


def test_finite_punishment_falls_to_nash_reversion(tariff_pd):
    values = [critical_discount(tariff_pd, [FT, FT], "finite", periods=L)[US] for L in range(1, 60)]
    assert all(a >= b for a, b in itertools.pairwise(values))
    assert_allclose(values[-1], 2 / 3, rtol=1e-6)
    assert values[2] > 2 / 3


@settings(max_examples=60, deadline=None)
@given(
    c=st.floats(-100, 100),
    gain=st.floats(0.01, 50),
    loss=st.floats(0.01, 50),
    lengths=st.lists(st.integers(1, 400), min_size=2, max_size=6),
)
def test_finite_threshold_non_increasing_in_length(c, gain, loss, lengths):
    lengths = sorted(lengths)
    values = finite_punishment_threshold(c, c + gain, c - loss, lengths)
    assert np.all(values[1:] <= values[:-1] + 1e-12)
    assert np.all(values >= nash_reversion_threshold(c, c + gain, c - loss) - 1e-12)


@settings(max_examples=80, deadline=None)
@given(
    c=st.floats(-100, 100),
    d=st.floats(-100, 100),
    n=st.floats(-100, 100),
    periods=st.one_of(st.none(), st.integers(1, 20)),
)
def test_threshold_is_the_incentive_boundary(c, d, n, periods):
    # defining condition: the one-shot deviation does not pay at every delta in [delta*, 1)
    # and pays just below delta* (Mailath and Samuelson 2006, Proposition 2.2.1)
    if periods is None:
        star = float(nash_reversion_threshold(c, d, n))
    else:
        star = float(finite_punishment_threshold(c, d, n, periods))
    assert not math.isnan(star)
    assert star == math.inf or 0 <= star < 1

    def margin(delta):
        weight = (
            delta / (1 - delta) if periods is None else sum(delta**k for k in range(1, periods + 1))
        )
        return c + c * weight - (d + n * weight)

    scale = 1e-9 * (abs(c) + abs(d) + abs(n) + 1)
    grid = np.linspace(0, 0.999, 200)
    if star == math.inf:
        # the deal fails arbitrarily close to delta = 1: check the limit exactly, since a
        # deal worth a hair less than the punishment fails only above 1 - 1e-6, say
        if periods is None:  # margin * (1 - delta) -> c - n, and margin -> c - d when c == n
            assert c - n < scale or (abs(c - n) <= scale and c - d < scale)
        else:
            assert c * (1 + periods) - (d + n * periods) < scale
    else:
        assert all(margin(x) >= -scale for x in grid if x >= star)
        if star > 1e-6:
            assert margin(star * (1 - 1e-4)) < scale


def test_nash_reversion_kernel_cases():
    got = nash_reversion_threshold([100, 100, 100, 100], [120, 90, 120, 90], [90, 90, 100, 110])
    # gain with harsher punishment; no gain; gain but N >= C; no gain today but N > C
    assert_allclose(got, [2 / 3, 0.0, math.inf, math.inf])


def test_breakdown_risk_formula():
    # delta = (1 - p) / (1 + r) >= delta*  <=>  p <= 1 - delta* (1 + r)
    # (Mailath and Samuelson 2006, section 2.1; Bagwell and Staiger 1990)
    assert_allclose(breakdown_risk(2 / 3, 0.05), 1 - (2 / 3) * 1.05)
    assert_allclose(breakdown_risk([0.0, 0.99, math.inf], 0.05), [1.0, 0.0, 0.0])
    delta_star = np.linspace(0, 0.9, 10)
    p = breakdown_risk(delta_star, 0.03)
    assert_allclose((1 - p) / 1.03, delta_star)


# ---------------------------------------------------------------- invariance and batch
@st.composite
def stage_games(draw, integer: bool = False):
    shape = tuple(draw(st.lists(st.integers(1, 3), min_size=2, max_size=3)))
    if integer:
        tensor = draw(hnp.arrays(np.int64, (len(shape), *shape), elements=st.integers(-3, 3)))
    else:
        rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
        tensor = rng.normal(size=(len(shape), *shape))
    profile = tuple(draw(st.integers(0, k - 1)) for k in shape)
    return tensor.astype(float), profile


def _solvable(tensor: np.ndarray) -> bool:
    return len(tensor) == 2 or tg.pure_nash(tg.Game.from_arrays(list(tensor))).equilibria != ()


@settings(max_examples=40, deadline=None)
@given(data=st.one_of(stage_games(), stage_games(integer=True)))
def test_scale_invariance(data):
    tensor, profile = data
    if not _solvable(tensor):
        return
    base = tg.Game.from_arrays(list(tensor))
    scaled = tg.Game.from_arrays(list(tensor * 1e9 + 3e9))
    for punishment in ("nash-reversion", "optimal"):
        a = critical_discount(base, list(profile), punishment)
        b = critical_discount(scaled, list(profile), punishment)
        assert_allclose(list(b.values()), list(a.values()), rtol=1e-9, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(data=st.one_of(stage_games(), stage_games(integer=True)))
def test_batch_equals_single_call(data):
    tensor, profile = data
    rng = np.random.default_rng(0)
    batch = np.stack([tensor, tensor + rng.normal(size=tensor.shape), tensor * 2])
    if not all(_solvable(t) for t in batch):
        return
    game = tg.Game.from_arrays(list(tensor))
    for punishment, periods in (("nash-reversion", None), ("optimal", None), ("finite", 3)):
        got = critical_discount_batch(batch, profile, punishment, periods=periods)
        for b in range(len(batch)):
            one = tg.Game.from_arrays(list(batch[b])) if b else game
            want = critical_discount(one, list(profile), punishment, periods=periods)
            assert_allclose(got[b], list(want.values()), rtol=1e-9, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(data=stage_games())
def test_optimal_code_never_worse_than_nash_reversion(data):
    tensor, profile = data
    if not _solvable(tensor):
        return
    game = tg.Game.from_arrays(list(tensor))
    optimal = max(critical_discount(game, list(profile), "optimal").values())
    reversion = max(critical_discount(game, list(profile)).values())
    assert optimal <= reversion


@settings(max_examples=40, deadline=None)
@given(data=stage_games(integer=True))
def test_optimal_code_is_sustained_just_above_threshold(data):
    # Abreu (1986): at delta above the reported threshold, Nash reversion or one period of some
    # pure stick, checked here directly from the payoff table, deters every one-shot deviation
    tensor, profile = data
    if not tg.pure_nash(tg.Game.from_arrays(list(tensor))).equilibria:
        return
    game = tg.Game.from_arrays(list(tensor))
    star = max(critical_discount(game, list(profile), "optimal", tol=0.0).values())
    if star == math.inf:
        return
    delta = star + 1e-9 * (1 - star)
    n = len(game.players)

    def best_other(i, prof):
        own = [
            tensor[(i, *prof[:i], k, *prof[i + 1 :])] for k in range(game.shape[i]) if k != prof[i]
        ]
        return max(own, default=-math.inf)

    coop = [tensor[(i, *profile)] for i in range(n)]
    dev = [best_other(i, profile) for i in range(n)]
    pure = [e.supports for e in tg.pure_nash(game)]
    worst = [min(tensor[(i, *(s[0] for s in sup))] for sup in pure) for i in range(n)]
    reversion = all(
        coop[i] / (1 - delta) >= dev[i] + delta * worst[i] / (1 - delta) - 1e-9 for i in range(n)
    )
    sticks = []
    for stick in np.ndindex(*game.shape):
        value = [(1 - delta) * tensor[(i, *stick)] + delta * coop[i] for i in range(n)]
        keep = all(coop[i] >= (1 - delta) * dev[i] + delta * value[i] - 1e-9 for i in range(n))
        hold = all(
            value[i] >= (1 - delta) * best_other(i, stick) + delta * value[i] - 1e-9
            for i in range(n)
        )
        sticks.append(keep and hold)
    assert reversion or any(sticks)


def test_game_without_pure_equilibrium_uses_mixed_one():
    # matching pennies has only a mixed stage equilibrium, where each player gets 0
    # (von Neumann 1928)
    game = tg.Game.from_bimatrix(
        [[1, -1], [-1, 1]], [[-1, 1], [1, -1]], strategies=(("H", "T"), ("H", "T"))
    )
    got = critical_discount(game, ["H", "H"])
    # Row gets C = 1 (no gain); Column gets C = -1, D = 1, N = 0 >= C: never sustained
    assert got == {"Row": 0.0, "Column": math.inf}
    batch = critical_discount_batch(game.payoff_tensor[None], (0, 0))
    assert_allclose(batch[0], [0.0, math.inf])


def test_three_players():
    # a three-country tariff game: each gains 2 by a tariff, each tariff costs every other 3
    def payoff(i, profile):
        own = 2.0 * profile[i]
        return own - 3.0 * (sum(profile) - profile[i])

    tensor = np.zeros((3, 2, 2, 2))
    for profile in np.ndindex(2, 2, 2):
        for i in range(3):
            tensor[(i, *profile)] = payoff(i, profile)
    game = tg.Game.from_arrays(list(tensor))
    # C = 0, D = 2, N = 2 - 6 = -4: delta* = 2 / 6
    got = critical_discount(game, [0, 0, 0])
    assert_allclose(list(got.values()), [1 / 3] * 3)


def test_batch_of_ten_thousand_points_matches_single_calls():
    # timings live in `make bench` (benchmarks/bench_analyses.py), never in tests
    rng = np.random.default_rng(7)
    tensors = rng.random((10_000, 2, 2, 3))
    out = critical_discount_batch(tensors, (0, 1))
    assert out.shape == (10_000, 2)
    assert not np.isnan(out).any()
    for k in (0, 4321, 9999):
        single = critical_discount(tg.Game.from_arrays(list(tensors[k])), [0, 1])
        assert_allclose(out[k], list(single.values()))


def test_payoffs_equal_to_rounding_are_equal():
    # C = -9e-48 against N = 0 is a tie, not a deal the player would rather be punished out of
    # (a case hypothesis found): no deviation gains, so the deal holds at any delta.
    assert nash_reversion_threshold(-9.136619592368831e-48, -1.0, 0.0) == 0.0


def test_nash_argument(tariff_pd):
    got = critical_discount(tariff_pd, [FT, FT], nash={US: OT, BR: OT})
    assert_allclose(list(got.values()), [2 / 3] * 2)
    eq = next(iter(tg.solve(tariff_pd)))
    assert critical_discount(tariff_pd, [FT, FT], nash=eq) == got
    with pytest.raises(ParameterError, match="nash must be a stage Nash equilibrium"):
        critical_discount(tariff_pd, [FT, FT], nash=[FT, FT])


# ---------------------------------------------------------------- table
def test_truce_table_layout(tariff_pd):
    table = truce_table(tariff_pd, {US: FT, BR: FT}, interest_rate=0.05)
    assert list(table.columns) == [
        "player",
        "punishment",
        "cooperative_payoff",
        "best_deviation",
        "deviation_payoff",
        "punishment_payoff",
        "gain_from_deviation",
        "delta_star",
        "max_breakdown_risk",
        "valid",
        "note",
    ]
    assert len(table) == 2 * (3 + 3)
    assert set(table.punishment) == {
        "nash-reversion",
        "minmax",
        "optimal",
        "finite-1",
        "finite-2",
        "finite-5",
    }
    assert (table.best_deviation == OT).all()
    assert_allclose(table.gain_from_deviation, 20.0)
    nr = table[table.punishment == "nash-reversion"]
    assert_allclose(nr.max_breakdown_risk, 1 - (2 / 3) * 1.05)
    assert table.valid.dtype == bool
    assert not table.delta_star.isna().any()


# ---------------------------------------------------------------- simulation
SIM = {"cooperate": FT, "defect": OT}


def test_simulation_is_deterministic_given_seed(tariff_pd):
    kinds = {US: "generous-tit-for-tat", BR: "pavlov"}
    a = simulate(tariff_pd, kinds, noise=0.2, rounds=40, rng=5, **SIM)
    b = simulate(tariff_pd, kinds, noise=0.2, rounds=40, rng=5, **SIM)
    assert a.equals(b)
    c = simulate(tariff_pd, kinds, noise=0.2, rounds=40, rng=6, **SIM)
    assert not a.equals(c)
    assert list(a.columns) == [
        "round",
        "player",
        "action",
        "intended",
        "error",
        "payoff",
        "discounted_payoff",
    ]


@pytest.mark.parametrize(
    "kinds",
    [
        ("grim", "grim"),
        ("tit-for-tat", "tit-for-tat"),
        ("grim", "tit-for-tat"),
        ("pavlov", "pavlov"),
    ],
)
def test_no_noise_cooperates_forever(tariff_pd, kinds):
    play = simulate(tariff_pd, list(kinds), rounds=100, rng=0, **SIM)
    assert (play.action == FT).all()
    assert not play.error.any()
    assert_allclose(play.payoff, 100.0)


def test_always_defect_against_tit_for_tat(tariff_pd):
    play = simulate(tariff_pd, {US: "tit-for-tat", BR: "always-defect"}, rounds=6, rng=0, **SIM)
    us = play[play.player == US]
    assert list(us.action) == [FT] + [OT] * 5
    assert_allclose(us.payoff, [70.0] + [90.0] * 5)
    assert_allclose(play[play.player == BR].payoff, [120.0] + [90.0] * 5)


def test_generous_tft_with_no_generosity_is_tit_for_tat(tariff_pd):
    a = simulate(tariff_pd, ["tit-for-tat", "pavlov"], noise=0.1, rounds=60, rng=3, **SIM)
    b = simulate(
        tariff_pd,
        ["generous-tit-for-tat", "pavlov"],
        noise=0.1,
        generosity=0.0,
        rounds=60,
        rng=3,
        **SIM,
    )
    assert list(a.action) == list(b.action)


def test_noise_flips_intended_actions(tariff_pd):
    play = simulate(tariff_pd, ["always-cooperate", "always-cooperate"], noise=1.0, rounds=5, **SIM)
    assert (play.intended == FT).all() and (play.action == OT).all() and play.error.all()


def test_discounted_payoff_column(tariff_pd):
    play = simulate(tariff_pd, ["grim", "grim"], rounds=3, discount=0.5, **SIM)
    assert_allclose(play.discounted_payoff, [100, 100, 50, 50, 25, 25])


def test_noisy_grim_breakdown_time(tariff_pd):
    # first breakdown is geometric with success 1 - (1 - eps)**2, mean 1 / (1 - (1 - eps)**2)
    eps = 0.05
    p = 1 - (1 - eps) ** 2
    d = truce_duration(tariff_pd, ["grim", "grim"], noise=eps, rounds=400, runs=4000, rng=11, **SIM)
    sd = math.sqrt(1 - p) / p
    assert abs(d.mean - 1 / p) < 5 * sd / math.sqrt(4000)
    assert d.ci_low < d.mean < d.ci_high
    assert d.censored == 0
    # grim never recovers: the long run has no cooperation left
    assert d.cooperative_share < 0.01
    json.dumps(d.to_dict())
    assert list(d.to_frame().columns)[:2] == ["strategy_1", "strategy_2"]


def test_pavlov_recovers_from_errors(tariff_pd):
    grim = truce_duration(
        tariff_pd, ["grim", "grim"], noise=0.02, rounds=200, runs=500, rng=2, **SIM
    )
    pavlov = truce_duration(
        tariff_pd, ["pavlov", "pavlov"], noise=0.02, rounds=200, runs=500, rng=2, **SIM
    )
    # Nowak and Sigmund (1993): win-stay lose-shift restores cooperation after an error
    assert pavlov.cooperative_share > 0.8 > grim.cooperative_share


def test_always_defect_breaks_at_once(tariff_pd):
    d = truce_duration(
        tariff_pd, ["always-defect", "grim"], noise=0.0, rounds=10, runs=50, rng=0, **SIM
    )
    assert d.mean == 1.0 and d.median == 1.0


# ---------------------------------------------------------------- bad input
def test_unknown_player_or_strategy(tariff_pd):
    with pytest.raises(ParameterError, match="unknown player 'China'; players are: United States"):
        critical_discount(tariff_pd, {"China": FT, BR: FT})
    with pytest.raises(ParameterError, match="strategies are: free trade, optimal tariff"):
        critical_discount(tariff_pd, {US: "embargo", BR: FT})
    with pytest.raises(ParameterError, match="no strategy for 'Brazil'"):
        truce_table(tariff_pd, {US: FT})


@pytest.mark.parametrize(
    ("rate", "message"),
    [
        (-0.1, "interest_rate must be finite and >= 0; got -0.1"),
        (math.nan, "interest_rate must not be NaN"),
    ],
)
def test_bad_interest_rate(tariff_pd, rate, message):
    with pytest.raises(ParameterError, match=message):
        truce_table(tariff_pd, [FT, FT], interest_rate=rate)
    with pytest.raises(ParameterError, match=message):
        breakdown_risk(0.5, rate)


@pytest.mark.parametrize("noise", [-0.1, 1.5, math.nan])
def test_bad_noise(tariff_pd, noise):
    with pytest.raises(ParameterError, match="noise must"):
        simulate(tariff_pd, ["grim", "grim"], noise=noise, **SIM)
    with pytest.raises(ParameterError, match="noise must"):
        truce_duration(tariff_pd, ["grim", "grim"], noise=noise, rounds=5, **SIM)


@pytest.mark.parametrize("periods", [0, -2, 1.5, True])
def test_bad_periods(tariff_pd, periods):
    with pytest.raises(ParameterError, match="periods must be an integer >= 1"):
        critical_discount(tariff_pd, [FT, FT], "finite", periods=periods)
    with pytest.raises(ParameterError, match="periods must be an integer >= 1"):
        truce_table(tariff_pd, [FT, FT], periods=(periods,))


def test_bad_periods_kernel():
    with pytest.raises(ParameterError, match="periods must be an integer >= 1; got 0"):
        finite_punishment_threshold(1, 2, 0, 0)


def test_simulation_needs_two_players():
    game = tg.Game.from_arrays([np.zeros((2, 2, 2))] * 3)
    with pytest.raises(ParameterError, match="two-player games; this game has 3 players"):
        simulate(game, ["grim"] * 3, cooperate="s1", defect="s2")


def test_other_bad_arguments(tariff_pd):
    with pytest.raises(ParameterError, match="punishment must be one of: nash-reversion"):
        critical_discount(tariff_pd, [FT, FT], "trigger")
    with pytest.raises(ParameterError, match="periods applies to punishment='finite' only"):
        critical_discount(tariff_pd, [FT, FT], "optimal", periods=2)
    with pytest.raises(ParameterError, match="unknown strategy 'nice' for 'Brazil'"):
        simulate(tariff_pd, {US: "grim", BR: "nice"}, **SIM)
    with pytest.raises(ParameterError, match="cooperate and defect name the same strategy"):
        simulate(tariff_pd, ["grim", "grim"], cooperate=FT, defect=FT)
    with pytest.raises(ParameterError, match="rounds must be an integer >= 1; got 0"):
        simulate(tariff_pd, ["grim", "grim"], rounds=0, **SIM)
    with pytest.raises(ParameterError, match="payoff_tensors must be finite; got nan"):
        critical_discount_batch(np.full((1, 2, 2, 2), np.nan), (0, 0))
    with pytest.raises(ParameterError, match="profile_index has 1 entries"):
        critical_discount_batch(np.zeros((1, 2, 2, 2)), (0,))
    with pytest.raises(ParameterError, match="must not be NaN"):
        nash_reversion_threshold(1, math.nan, 0)
    with pytest.raises(GameError, match=r"needs a tradegame\.Game"):
        critical_discount("PD", [FT, FT])


def test_knife_edge_threshold_survives_rescaling():
    # Chicken (Rapoport and Guyer 1966) under a one-period punishment: delta* = (D - C)/(C - N)
    # = 1 exactly, i.e. never below 1; multiplying the payoffs by 1e-9 must not turn that into
    # 0.9999999999999996 (a case a hostile-input probe found).
    game = tg.load_scenario("tariff_chicken").game()
    deal = {"United States": "concede", "China": "concede"}
    for k in (1.0, 1e-9, 1e9, 7.0):
        scaled = game.replace(payoff_tensor=game.payoff_tensor * k)
        table = truce_table(scaled, deal)
        finite = table[table["punishment"] == "finite-1"]["delta_star"]
        assert np.isinf(finite).all(), k


def test_payoffs_near_the_float_limit():
    # Differences of +-1e308 overflow; the thresholds are computed in units of a power of two.
    # Deal (0, 0); deviating to 'hold' gains 1e308; the one-shot equilibrium (hold, hold) pays
    # 1 > 0, so reverting to it is no punishment: no discount factor sustains the deal.
    game = tg.Game.from_arrays(
        [[[0, -1e308], [1e308, 1]], [[0, 1e308], [-1e308, 1]]],
        players=("A", "B"),
        strategies=(("deal", "hold"), ("deal", "hold")),
    )
    table = truce_table(game, {"A": "deal", "B": "deal"})
    assert np.isinf(table[table["punishment"] == "nash-reversion"]["delta_star"]).all()
    assert_allclose(table["deviation_payoff"].iloc[:2], [1e308, 1e308])
    assert_allclose(critical_discount_batch(game.payoff_tensor[None], (0, 0))[0], [np.inf] * 2)
