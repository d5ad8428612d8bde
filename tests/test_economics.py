"""Payoff blocks against closed forms, limits, brute-force optima and monotonicity."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

import tradegame as tg
from tradegame.economics import (
    annuity,
    chip_licensing,
    disruption_cost,
    disruption_loss,
    entry_probability,
    exporter_share,
    optimal_tariff,
    pool_cover,
    price_floor_cost,
    price_multiple,
    purchase_commitment,
    release_cap,
    rent_stream_loss,
    restricted_sales_profit,
    shortfall,
    stockpile_carrying_cost,
    tariff_welfare,
)

ELASTICITIES = [(0.76, 19.0), (1.0, 1.0), (1.5, 0.5), (4.0, 4.0), (8.5, 20.0), (3.0, 100.0)]


# ------------------------------------------------------------------ tariff block
@pytest.mark.parametrize(("eps_d", "eps_s"), ELASTICITIES)
def test_incidence_is_the_textbook_split(eps_d, eps_s) -> None:
    """d ln p* / d ln(1 + tau) = -eps_d / (eps_d + eps_s) (Feenstra 2016, ch. 7)."""
    tau0, step = 0.2, 1e-6
    w = tariff_welfare(tau0 + step, tau0=tau0, eps_d=eps_d, eps_s=eps_s, imports=100.0)
    slope = np.log(w.exporter_price) / (np.log1p(tau0 + step) - np.log1p(tau0))
    assert slope == pytest.approx(-eps_d / (eps_d + eps_s), rel=1e-6)
    assert w.exporter_share == pytest.approx(exporter_share(eps_d, eps_s))
    # buyers bear the rest: the domestic price moves by the complement
    big = np.log(w.domestic_price) / (np.log1p(tau0 + step) - np.log1p(tau0))
    assert big == pytest.approx(eps_s / (eps_d + eps_s), rel=1e-6)


@pytest.mark.parametrize(("eps_d", "eps_s"), ELASTICITIES)
@pytest.mark.parametrize(("tau0", "tau"), [(0.208, 0.511), (0.5, 0.1), (0.0, 1.25)])
def test_surplus_changes_equal_areas_under_the_curves(eps_d, eps_s, tau0, tau) -> None:
    q0 = 100.0
    w = tariff_welfare(tau, tau0=tau0, eps_d=eps_d, eps_s=eps_s, imports=q0)
    big0 = 1.0 + tau0  # domestic price at the status quo (exporters' price 1)
    consumer = -quad(lambda p: q0 * (p / big0) ** -eps_d, big0, big0 * w.domestic_price)[0]
    producer = quad(lambda p: q0 * p**eps_s, 1.0, w.exporter_price)[0]
    assert w.consumer_surplus_change == pytest.approx(consumer, rel=1e-8, abs=1e-9)
    assert w.exporter_gain == pytest.approx(producer, rel=1e-8, abs=1e-9)
    quantity = q0 * w.exporter_price**eps_s
    assert w.import_value == pytest.approx(w.exporter_price * quantity, rel=1e-12)
    assert w.revenue_change == pytest.approx(tau * w.import_value - tau0 * q0, rel=1e-12)


@pytest.mark.parametrize(("eps_d", "eps_s"), ELASTICITIES)
def test_importer_optimal_tariff_is_johnsons_inverse_supply_elasticity(eps_d, eps_s) -> None:
    grid = np.linspace(0.0, 3.0, 300_001)
    gain = tariff_welfare(grid, tau0=0.0, eps_d=eps_d, eps_s=eps_s, imports=100.0).importer_gain
    assert grid[np.argmax(gain)] == pytest.approx(optimal_tariff(eps_s), abs=2e-5)


def test_the_status_quo_changes_nothing_and_complete_pass_through_spares_the_exporter() -> None:
    w = tariff_welfare([0.1, 0.208, 0.6], tau0=0.208, eps_d=1.0, eps_s=19.0, imports=438.9)
    assert w.importer_gain[1] == 0.0 and w.exporter_gain[1] == 0.0
    assert w.exporter_gain[2] < 0 < w.exporter_gain[0]
    flat = tariff_welfare([0.0, 0.5], tau0=0.2, eps_d=1.0, eps_s=np.inf, imports=100.0)
    np.testing.assert_array_equal(flat.exporter_gain, [0.0, 0.0])
    np.testing.assert_array_equal(flat.exporter_price, [1.0, 1.0])
    assert flat.importer_gain[1] < 0  # a tariff rise is a pure loss without terms of trade


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"tau": -1.0}, "tau must be a finite rate greater than -1"),
        ({"tau": 0.1, "tau0": np.nan}, "tau0 must not be NaN"),
        ({"tau": 0.1, "eps_d": 0.0}, r"eps_d must be finite and > 0; got 0"),
        ({"tau": 0.1, "eps_s": -1.0}, r"eps_s must be > 0 \(inf allowed"),
        ({"tau": 0.1, "imports": -5.0}, "imports must be a finite value >= 0"),
        ({"tau": "high"}, "tau must be a number or an array of numbers"),
    ],
)
def test_tariff_block_rejects_bad_parameters(kwargs, message) -> None:
    args = {"eps_d": 1.0, "eps_s": 4.0, "imports": 100.0, **kwargs}
    with pytest.raises(tg.ParameterError, match=message):
        tariff_welfare(args.pop("tau"), **args)


# ------------------------------------------------------------------ disruption block
def test_ces_value_of_the_baqaee_farhi_example() -> None:
    # a 1% cost-share input cut by half costs about 18% of output at sigma = 0.1 ...
    assert disruption_loss(0.5, cost_share=0.01, sigma=0.1) == pytest.approx(0.1822, abs=5e-4)
    # ... against about 0.5% to first order (Hulten)
    small = disruption_loss(1e-6, cost_share=0.01, sigma=0.1)
    assert small == pytest.approx(0.01 * 1e-6, rel=1e-3)


@pytest.mark.parametrize("s", [0.1, 0.5, 0.9, 1.0])
@pytest.mark.parametrize("alpha", [0.005, 0.01, 0.3])
def test_ces_limits(s, alpha) -> None:
    assert disruption_loss(s, cost_share=alpha, sigma=1.0) == pytest.approx(
        1 - (1 - s) ** alpha, abs=1e-15
    )
    assert disruption_loss(s, cost_share=alpha, sigma=0.0) == pytest.approx(s, abs=1e-15)
    assert disruption_loss(s, cost_share=alpha, sigma=np.inf) == pytest.approx(alpha * s, rel=1e-12)
    # continuity at sigma = 1 and as sigma -> 0
    near = disruption_loss(s, cost_share=alpha, sigma=[1 - 1e-9, 1 + 1e-9, 1 - 1e-4])
    np.testing.assert_allclose(near, 1 - (1 - s) ** alpha, rtol=1e-3)
    tiny = disruption_loss(s, cost_share=alpha, sigma=1e-4)
    assert tiny == pytest.approx(s, abs=2e-3) or s == 1.0


def test_ces_handles_extremes_without_warnings() -> None:
    loss = disruption_loss(
        np.array([0.0, 1.0, 1.0, 0.5]),
        cost_share=np.array([0.0, 0.01, 1.0, 1.0]),
        sigma=np.array([0.0, 1e-300, 0.5, 3.0]),
    )
    np.testing.assert_allclose(loss, [0.0, 1.0, 1.0, 0.5], atol=1e-12)


# ------------------------------------------------------------------ restricted-input price
@pytest.mark.parametrize("sigma", [0.1, 0.14, 0.5, 2.0])
@pytest.mark.parametrize("alpha", [0.001, 0.01, 0.3])
@pytest.mark.parametrize("cut", [0.05, 0.3, 0.7])
def test_price_clears_the_residual_ces_demand(sigma, alpha, cut) -> None:
    """The multiple equals the marginal product of the input at the cut, over the baseline's."""
    rho = (sigma - 1) / sigma

    def output(x: float) -> float:
        return ((1 - alpha) + alpha * x**rho) ** (1 / rho)

    def marginal(x: float, h: float = 1e-7) -> float:
        return (output(x + h) - output(x - h)) / (2 * h)

    expected = marginal(1 - cut) / marginal(1.0)
    assert price_multiple(cut, cost_share=alpha, sigma=sigma) == pytest.approx(expected, rel=1e-5)


def test_price_multiple_limits() -> None:
    # Cobb-Douglas: marginal product ratio (1 - s)**(alpha - 1)
    assert price_multiple(0.5, cost_share=0.2, sigma=1.0) == pytest.approx(0.5**-0.8, rel=1e-6)
    # Leontief: the choke price, the output's whole value per unit of the input
    np.testing.assert_allclose(
        price_multiple([0.0, 0.3], cost_share=0.01, sigma=0.0), [1.0, 100.0], rtol=1e-12
    )
    # continuous as sigma -> 0, with no cancellation at tiny sigma
    tiny = price_multiple(0.3, cost_share=0.01, sigma=[1e-50, 1e-20, 1e-9, 1e-3])
    np.testing.assert_allclose(tiny, 100.0, rtol=5e-3)
    # sigma < 1: even a complete cut has a finite choke price alpha ** (1 / (sigma - 1))
    assert price_multiple(1.0, cost_share=0.01, sigma=0.5) == pytest.approx(1e4)
    assert price_multiple(1.0, cost_share=0.01, sigma=2.0) == np.inf
    assert price_multiple(0.4, cost_share=0.01, sigma=np.inf) == 1.0


# ------------------------------------------------------------------ optimal release
def _loss_path(gap: np.ndarray, alpha: float = 0.01, sigma: float = 0.14) -> np.ndarray:
    return disruption_loss(gap, cost_share=alpha, sigma=sigma)


@pytest.mark.parametrize(
    ("cut", "stock", "lead", "duration"),
    [(0.6, 0.1, 3.0, 0.5), (0.6, 0.02, 3.0, 2.0), (0.9, 0.5, 1.0, 2.0), (0.3, 0.05, 0.5, 0.4)],
)
def test_capped_release_matches_a_brute_force_discretised_optimum(cut, stock, lead, duration):
    """Greedy allocation of small stock units to the largest marginal loss is optimal for a
    separable convex loss; its total loss matches the cap rule's and beats front-loading."""
    n, units = 400, 4000
    end = min(duration, lead)
    dt = end / n
    t = (np.arange(n) + 0.5) * dt
    need = cut * np.clip(1 - t / lead, 0, 1)
    # brute force: hand out the stock in equal units to the step with the largest loss drop
    gap = need.copy()
    unit = stock / units / dt  # one unit of stock lowers one step's shortfall by this much
    for _ in range(units):
        after = np.maximum(gap - unit, 0.0)
        k = int(np.argmax(_loss_path(gap) - _loss_path(after)))
        gap[k] = after[k]
    brute = np.sum(_loss_path(gap)) * dt
    capped = shortfall(t, cut, stock_years=stock, lead_time=lead, duration=duration)
    ours = np.sum(_loss_path(capped)) * dt
    assert np.sum(need - capped) * dt == pytest.approx(min(stock, np.sum(need) * dt), rel=2e-3)
    assert ours == pytest.approx(brute, rel=2e-3, abs=1e-12)
    # front-loaded release (run the stock down first) is never better
    cover = np.cumsum(need) * dt <= stock
    front = np.sum(_loss_path(np.where(cover, 0.0, need))) * dt
    assert ours <= front + 1e-15


def test_release_cap_edges() -> None:
    assert release_cap(0.0, stock_years=1.0, lead_time=3.0, duration=1.0) == 0.0
    assert release_cap(0.5, stock_years=0.0, lead_time=3.0, duration=1.0) == 0.5
    assert release_cap(0.5, stock_years=10.0, lead_time=3.0, duration=1.0) == 0.0
    assert release_cap(0.5, stock_years=0.1, lead_time=0.0, duration=1.0) == 0.0


def _cost(**kw):
    args = dict(
        control=1.0,
        dependence=0.8,
        stockpile_days=0.0,
        lead_time=3.0,
        cost_share=0.01,
        sigma=0.1,
        exposed_output=100.0,
        horizon=3.0,
        duration=3.0,
        discount_rate=0.02,
    )
    args.update(kw)
    control = args.pop("control")
    return disruption_cost(control, **args)


def test_zero_loss_without_control_dependence_or_with_full_cover() -> None:
    assert _cost(control=0.0) == 0.0
    assert _cost(dependence=0.0) == 0.0
    assert _cost(cost_share=0.0) == 0.0
    assert _cost(lead_time=0.0) == 0.0
    assert _cost(duration=0.0) == 0.0
    # a stock above the whole missing quantity (0.8 x 3 / 2 years = 438 days of use)
    assert _cost(stockpile_days=439.0) == 0.0


def test_leontief_closed_form_with_the_capped_release() -> None:
    """sigma = 0: the loss is the shortfall; the cap lam holds from 0 to t* = T (1 - lam/c)."""
    c, lead, days, horizon = 0.8, 3.0, 90.0, 3.0
    stock = days / 365
    lam = c - np.sqrt(2 * c * stock / lead)
    t_star = lead * (1 - lam / c)
    area = lam * t_star + lam * (lead - t_star) / 2  # flat at lam, then the cut's tail
    expected = 100.0 * area / horizon
    got = _cost(sigma=0.0, stockpile_days=days, discount_rate=0.0)
    assert got == pytest.approx(expected, rel=2e-4)


shares = st.floats(0.0, 1.0)


@settings(max_examples=80, deadline=None)
@given(
    shares,
    shares,
    shares,
    st.floats(0, 400),
    st.floats(0, 400),
    st.floats(0.01, 3.0),
    st.floats(0.5, 10),
    st.floats(0.05, 3.0),
)
def test_more_stockpile_never_raises_the_loss(kappa, q1, q2, s1, s2, sigma, lead, duration):
    lo_q, hi_q = sorted((q1, q2))
    lo_s, hi_s = sorted((s1, s2))
    kw = dict(control=kappa, sigma=sigma, lead_time=lead, duration=duration)
    assert (
        _cost(dependence=hi_q, stockpile_days=lo_s, **kw)
        >= _cost(dependence=lo_q, stockpile_days=lo_s, **kw) - 1e-12
    )
    assert (
        _cost(dependence=hi_q, stockpile_days=hi_s, **kw)
        <= _cost(dependence=hi_q, stockpile_days=lo_s, **kw) + 1e-12
    )


@settings(max_examples=60, deadline=None)
@given(shares, shares, shares, st.floats(0.0, 2.0))
def test_loss_rises_with_the_cut_and_falls_with_substitutability(s1, s2, alpha, sigma) -> None:
    lo, hi = sorted((s1, s2))
    assert (
        disruption_loss(hi, cost_share=alpha, sigma=sigma)
        >= disruption_loss(lo, cost_share=alpha, sigma=sigma) - 1e-12
    )
    assert (
        disruption_loss(hi, cost_share=alpha, sigma=sigma)
        >= disruption_loss(hi, cost_share=alpha, sigma=sigma + 0.5) - 1e-12
    )


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"dependence": 1.2}, r"dependence must be in \[0, 1\]; got 1.2"),
        ({"control": -0.1}, r"control must be in \[0, 1\]"),
        ({"stockpile_days": -3}, "stockpile_days must be finite and >= 0"),
        ({"horizon": 0.0}, "horizon must be a finite number of years > 0"),
        ({"sigma": -1.0}, "sigma must be >= 0"),
        ({"duration": np.inf}, "duration must be finite and >= 0"),
    ],
)
def test_disruption_rejects_bad_parameters(kw, message) -> None:
    with pytest.raises(tg.ParameterError, match=message):
        _cost(**kw)


# ------------------------------------------------------------------ pool
@settings(max_examples=100, deadline=None)
@given(
    st.floats(0, 10), st.floats(0, 10), st.floats(0.01, 5), st.floats(0.01, 5), st.floats(0.01, 5)
)
def test_a_larger_pool_never_lowers_a_members_cover_per_unit_of_use(p1, p2, own, u1, u2):
    small, large = sorted((p1, p2))
    fewer, more = sorted((u1, u2))
    # cover per unit of use the member contributes: its days, whatever its own use
    assert pool_cover(large, members_use=own + fewer) >= pool_cover(small, members_use=own + fewer)
    # rival: the same pool shared with more use covers fewer days
    assert pool_cover(large, members_use=own + more) <= pool_cover(large, members_use=own + fewer)


# ------------------------------------------------------------------ supplier
def test_annuitised_rent_stream_is_the_discounted_integral() -> None:
    r, lead, years = 0.03, 2.5, 10.0
    expected = 0.7 * 0.3 * 2.0 * quad(lambda t: np.exp(-r * t), lead, lead + years)[0]
    got = rent_stream_loss(
        0.7, rents=2.0, rent_share_lost=0.3, entry_lead_time=lead, rent_years=years, discount_rate=r
    )
    assert got == pytest.approx(expected, rel=1e-12)
    assert annuity(r, years) == pytest.approx(quad(lambda t: np.exp(-r * t), 0, years)[0])
    assert annuity(0.0, years) == years


def test_entry_is_likelier_the_harder_and_longer_the_control() -> None:
    p = entry_probability([[0.2], [0.5], [1.0]], entry_hazard=6.0, duration=[0.25, 0.5, 1.0])
    assert np.all(np.diff(p, axis=0) > 0) and np.all(np.diff(p, axis=1) > 0)
    assert entry_probability(0.0, entry_hazard=6.0, duration=1.0) == 0.0


def test_restricted_sales_profit() -> None:
    # at unchanged prices withholding only loses the margin; a high enough price pays
    assert restricted_sales_profit(0.5, 1.0, unit_cost=0.8) == pytest.approx(-0.1)
    assert restricted_sales_profit(0.5, 3.0, unit_cost=0.8) == pytest.approx(0.9)
    assert restricted_sales_profit(0.0, 1.0, unit_cost=0.8) == 0.0
    assert restricted_sales_profit(1.0, np.inf, unit_cost=0.8) == pytest.approx(-0.2)


# ------------------------------------------------------------------ deals
def test_chip_revenue_share_lowers_volume_and_peaks_at_one_over_eta() -> None:
    terms = dict(sales=15.0, margin=0.6, demand_elasticity=3.0, security_cost=0.0, mcpf=1.0)
    shares_ = np.linspace(0, 1, 100_001)
    deal = chip_licensing(1.0, revenue_share=shares_, **terms)
    assert np.all(np.diff(deal.volume) <= 0)
    assert shares_[np.argmax(deal.government_revenue)] == pytest.approx(1 / 3, abs=1e-4)
    assert deal.government_revenue[-1] == 0.0  # a 100% share sells nothing
    assert chip_licensing(1.0, revenue_share=0.0, **terms).exporter_gain == 0.0
    banned = chip_licensing(0.0, revenue_share=0.15, **terms)
    assert banned.importer_gain == pytest.approx(-15.0 / 2.0)  # all surplus, sales / (eta - 1)
    assert banned.exporter_gain == pytest.approx(-0.6 * 15.0)
    # consumer surplus change equals the area under the demand curve
    rho, eta = 0.25, 3.0
    area = quad(lambda p: 15.0 * p**-eta, 1.0, 1 / (1 - rho))[0]
    assert chip_licensing(1.0, revenue_share=rho, **terms).importer_gain == pytest.approx(-area)


def test_deal_terms() -> None:
    gain, cost = purchase_commitment(10.0, producer_margin=0.2, buyer_premium=0.05)
    assert (gain, cost) == (pytest.approx(2.0), pytest.approx(0.5))
    assert stockpile_carrying_cost(73.0, annual_use_value=10.0, carrying_rate=0.05) == (
        pytest.approx(0.1)
    )
    cost = price_floor_cost(
        [0.0, 1.0], floor_price=110.0, market_price=62.0, price_response=0.5, volume_tonnes=1300.0
    )
    np.testing.assert_allclose(cost, [48 * 1300 * 1e-6, 17 * 1300 * 1e-6])
