"""Wars of attrition: closed forms, indifference, simulation and bad input."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

from tradegame.attrition import attrition_batch, simulate_attrition, war_of_attrition
from tradegame.errors import ParameterError

positive = st.floats(0.05, 50.0)


def concession_value(s: float, hazard: float, cost: float, prize: float, r: float) -> float:
    """Expected payoff of conceding at ``s`` against a rival conceding at rate ``hazard``.

    Integrates the payoff directly (prize ``prize`` at the rival's concession
    time, flow cost ``cost`` until the standoff ends, discount rate ``r``).
    """

    def spent(t: float) -> float:
        return cost * t if r == 0 else cost * (1 - np.exp(-r * t)) / r

    def win(t: float) -> float:
        return hazard * np.exp(-hazard * t) * (prize * np.exp(-r * t) - spent(t))

    won = quad(win, 0.0, s, limit=200)[0]
    return won - np.exp(-hazard * s) * spent(s)


# ------------------------------------------------------------------ known answers
def test_hazard_is_the_rivals_cost_to_prize_ratio() -> None:
    """h_i = c_j / V_j (Fudenberg and Tirole 1991, section 4.5.2; Bulow and Klemperer 1999)."""
    res = war_of_attrition([2.0, 3.0], [10.0, 4.0], names=("China", "US"))
    np.testing.assert_allclose(res.hazard, [3.0 / 4.0, 2.0 / 10.0])
    np.testing.assert_allclose(res.expected_duration, 1 / 0.95)
    np.testing.assert_allclose(res.median_duration, np.log(2) / 0.95)
    np.testing.assert_allclose(res.concession_probability, [0.75 / 0.95, 0.2 / 0.95])


@pytest.mark.parametrize(("c", "v"), [(1.0, 12.0), (0.5, 3.0), (7.0, 7.0)])
def test_symmetric_standoff_lasts_v_over_2c_on_average(c, v) -> None:
    """Symmetric case: each concedes at rate c/V, so E[T] = V/(2c) (Maynard Smith 1974)."""
    res = war_of_attrition([c, c], [v, v])
    np.testing.assert_allclose(res.expected_duration, v / (2 * c))
    np.testing.assert_allclose(res.concession_probability, [0.5, 0.5])
    np.testing.assert_allclose(res.survival(v / (2 * c)), np.exp(-1.0))


@pytest.mark.parametrize("r", [0.0, 0.05, 0.7])
def test_each_player_is_indifferent_over_concession_times(r) -> None:
    """Indifference (Hendricks, Weiss and Wilson 1988): every concession time pays 0."""
    cost, prize = np.array([1.5, 0.4]), np.array([6.0, 9.0])
    res = war_of_attrition(cost, prize, discount_rate=r)
    for i in range(2):
        j = 1 - i
        values = [
            concession_value(s, res.hazard[j], cost[i], prize[i], r) for s in (0.0, 0.5, 3.0, 20.0)
        ]
        np.testing.assert_allclose(values, 0.0, atol=1e-9)
    # a rival conceding faster makes waiting strictly profitable, slower strictly not
    assert concession_value(3.0, 1.2 * res.hazard[1], cost[0], prize[0], r) > 1e-3
    assert concession_value(3.0, 0.8 * res.hazard[1], cost[0], prize[0], r) < -1e-3


@pytest.mark.parametrize("r", [0.0, 0.1])
def test_expected_payoffs_are_zero_and_the_rent_is_dissipated(r) -> None:
    cost, prize = np.array([1.0, 2.0]), np.array([5.0, 8.0])
    res = war_of_attrition(cost, prize, discount_rate=r)
    np.testing.assert_allclose(res.payoffs, 0.0, atol=1e-12)
    np.testing.assert_allclose(res.expected_prizes, res.expected_costs, rtol=1e-12)
    total = res.hazard.sum()
    np.testing.assert_allclose(res.expected_costs, cost / (total + r))
    if r == 0:  # undiscounted: expected cost is c_i E[T]
        np.testing.assert_allclose(res.expected_costs, cost * res.expected_duration)


def test_equilibria_lists_the_stationary_and_the_two_pure_ones() -> None:
    res = war_of_attrition([1.0, 2.0], [10.0, 4.0], names=("China", "US"))
    eq = res.equilibria()
    assert list(eq["equilibrium"].unique()) == [
        "stationary",
        "China concedes at once",
        "US concedes at once",
    ]
    pure = eq[eq.equilibrium == "China concedes at once"].set_index("player")
    np.testing.assert_allclose(pure.loc[["China", "US"], "payoff"], [0.0, 4.0])
    np.testing.assert_allclose(pure.loc[["China", "US"], "atom"], [1.0, 0.0])


# ------------------------------------------------------------------ batches
def test_batch_matches_single_cases() -> None:
    # timings live in `make bench` (benchmarks/bench_analyses.py), never in tests
    rng = np.random.default_rng(0)
    cost = rng.uniform(0.1, 5.0, (10_000, 2))
    prize = rng.uniform(1.0, 50.0, (10_000, 2))
    out = attrition_batch(cost, prize)
    assert out["hazard"].shape == (10_000, 2) and out["expected_duration"].shape == (10_000,)
    for k in (0, 4321, 9999):
        single = war_of_attrition(cost[k], prize[k])
        np.testing.assert_allclose(out["hazard"][k], single.hazard)
        np.testing.assert_allclose(out["expected_duration"][k], single.expected_duration)
    res = war_of_attrition(cost[:3], prize[:3], discount_rate=[0.0, 0.1, 0.2])
    assert res.batch and res.hazard.shape == (3, 2) and res.survival([1.0, 2.0]).shape == (3, 2)
    assert len(res.to_frame()) == 6 and len(res.to_dict()["cases"]) == 3


@settings(max_examples=60, deadline=None)
@given(c1=positive, c2=positive, v1=positive, v2=positive)
def test_concession_rates_make_the_rival_indifferent(c1, c2, v1, v2) -> None:
    """The defining condition: h_i V_j = c_j for both players, and payoffs vanish."""
    out = attrition_batch([c1, c2], [v1, v2])
    h = out["hazard"][0]
    np.testing.assert_allclose(h[::-1] * [v1, v2], [c1, c2], rtol=1e-12)
    np.testing.assert_allclose(out["concession_probability"][0].sum(), 1.0)
    np.testing.assert_allclose(out["payoffs"][0], 0.0, atol=1e-9 * max(c1, c2, v1, v2))


def test_to_dict_is_json_ready() -> None:
    d = war_of_attrition([1.0, 2.0], [10.0, 10.0], names=("China", "US")).to_dict()
    assert json.loads(json.dumps(d)) == d
    assert d["concession_probability"]["China"] == pytest.approx(2 / 3)


# ------------------------------------------------------------------ simulation
def test_simulated_mean_duration_matches_the_closed_form() -> None:
    cost, prize = [1.0, 3.0], [10.0, 6.0]
    sims = simulate_attrition(cost, prize, runs=40_000, rng=7, names=("China", "US"))
    res = war_of_attrition(cost, prize, names=("China", "US"))
    mean, se = sims["duration"].mean(), sims["duration"].std() / np.sqrt(len(sims))
    assert abs(mean - float(res.expected_duration)) < 5 * se
    share = (sims["conceded"] == "China").mean()
    p = float(res.concession_probability[0])
    assert abs(share - p) < 5 * np.sqrt(p * (1 - p) / len(sims))
    assert (sims["winner"] != sims["conceded"]).all()


def test_simulation_is_reproducible_and_batched() -> None:
    a = simulate_attrition([[1.0, 1.0], [2.0, 1.0]], [5.0, 5.0], runs=100, rng=3)
    b = simulate_attrition([[1.0, 1.0], [2.0, 1.0]], [5.0, 5.0], runs=100, rng=3)
    assert a.equals(b) and len(a) == 200 and set(a["case"]) == {0, 1}


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize(
    ("cost", "prize", "match"),
    [
        ([1.0, -1.0], [1.0, 1.0], r"cost must be finite and >= 0; got -1"),
        ([1.0, 1.0], [0.0, 1.0], r"prize must be finite and > 0; got 0"),
        ([1.0, 1.0], [-2.0, 1.0], r"prize must be finite and > 0; got -2"),
        ([1.0, np.nan], [1.0, 1.0], r"cost must not be NaN"),
        ([1.0, 1.0], [np.inf, 1.0], r"prize must be finite and > 0; got inf"),
        ([1.0, 1.0, 1.0], [1.0, 1.0], r"cost must have one entry per player.*\(3,\)"),
        ([[1.0, 1.0]] * 3, [[1.0, 1.0]] * 2, r"same number of cases"),
        ([0.0, 0.0], [1.0, 1.0], r"cost must be > 0 for at least one player"),
        ("cheap", [1.0, 1.0], r"cost must be a number or an array of numbers"),
    ],
)
def test_bad_input_is_refused_by_name(cost, prize, match) -> None:
    with pytest.raises(ParameterError, match=match):
        war_of_attrition(cost, prize)


def test_bad_options_are_refused() -> None:
    with pytest.raises(ParameterError, match=r"discount_rate must be finite and >= 0; got -0.1"):
        war_of_attrition([1.0, 1.0], [1.0, 1.0], discount_rate=-0.1)
    with pytest.raises(ParameterError, match=r"names must be two different names"):
        war_of_attrition([1.0, 1.0], [1.0, 1.0], names=("US", "US"))
    with pytest.raises(ParameterError, match=r"runs must be a positive whole number; got 0"):
        simulate_attrition([1.0, 1.0], [1.0, 1.0], runs=0)
    with pytest.raises(ParameterError, match=r"t must be >= 0; got -1"):
        war_of_attrition([1.0, 1.0], [1.0, 1.0]).survival(-1.0)


def test_a_bad_rng_is_a_one_line_error() -> None:
    with pytest.raises(ParameterError, match=r"rng must be a numpy\.random\.Generator"):
        simulate_attrition([1.0, 1.0], [2.0, 2.0], runs=10, rng="abc")
