"""Payoff blocks against closed forms, limits and monotonicity properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad
from scipy.optimize import minimize_scalar

import tradegame as tg
from tradegame.economics import (
    alliance_pooling,
    chip_licensing,
    disruption_cost,
    disruption_loss,
    entry_probability,
    optimal_tariff,
    price_floor_cost,
    purchase_commitment,
    stockpile_carrying_cost,
    supplier_loss,
    tariff_welfare,
)

ELASTICITIES = [(1.5, 0.5), (2.0, 1.0), (4.0, 4.0), (5.0, 2.0), (10.0, 20.0), (3.0, 100.0)]


# ------------------------------------------------------------------ tariff block
@pytest.mark.parametrize(("eps_d", "eps_s"), ELASTICITIES)
def test_importer_optimal_tariff_is_johnsons_inverse_supply_elasticity(eps_d, eps_s) -> None:
    best = minimize_scalar(
        lambda t: -float(tariff_welfare(t, eps_d=eps_d, eps_s=eps_s, imports=100.0).importer_gain),
        bounds=(0.0, 3.0 / eps_s + 1.0),
        method="bounded",
        options={"xatol": 1e-12},
    )
    assert abs(best.x - optimal_tariff(eps_s)) < 1e-6


@pytest.mark.parametrize(("eps_d", "eps_s"), ELASTICITIES)
def test_pass_through_is_eps_s_over_eps_s_plus_eps_d(eps_d, eps_s) -> None:
    w = tariff_welfare(0.3, eps_d=eps_d, eps_s=eps_s, imports=50.0)
    assert w.pass_through == pytest.approx(eps_s / (eps_s + eps_d), rel=1e-12)
    assert np.log(w.domestic_price) == pytest.approx(w.pass_through * np.log(1.3), rel=1e-12)
    assert w.domestic_price == pytest.approx(1.3 * w.world_price, rel=1e-12)


@pytest.mark.parametrize(("eps_d", "eps_s"), ELASTICITIES)
def test_surplus_changes_equal_areas_under_the_curves(eps_d, eps_s) -> None:
    imports, tau = 80.0, 0.25
    w = tariff_welfare(tau, eps_d=eps_d, eps_s=eps_s, imports=imports)
    consumer = -quad(lambda p: imports * p**-eps_d, 1.0, float(w.domestic_price))[0]
    producer = quad(lambda p: imports * p**eps_s, float(w.world_price), 1.0)[0]
    quantity = imports * float(w.world_price) ** eps_s
    assert w.consumer_surplus_change == pytest.approx(consumer, rel=1e-9)
    assert w.exporter_loss == pytest.approx(producer, rel=1e-9)
    assert w.tariff_revenue == pytest.approx(tau * float(w.world_price) * quantity, rel=1e-12)


def test_complete_pass_through_makes_every_positive_tariff_a_loss() -> None:
    taus = np.linspace(0.001, 2.5, 200)
    for eps_d in (1.1, 2.0, 5.0, 12.0):
        w = tariff_welfare(taus, eps_d=eps_d, eps_s=np.inf, imports=439.0)
        assert np.all(w.importer_gain < 0)
        assert np.all(w.exporter_loss == 0) and np.all(w.pass_through == 1)
        assert np.all(np.diff(w.importer_gain) < 0)  # higher tariffs, bigger losses
    # very large but finite: the same beyond the (tiny) optimal tariff
    w = tariff_welfare(taus, eps_d=5.0, eps_s=1e6, imports=439.0)
    assert np.all(w.importer_gain[taus > 1e-5] < 0)


def test_zero_tariff_changes_nothing_and_arrays_broadcast() -> None:
    w = tariff_welfare(np.zeros((2, 3)), eps_d=[[2.0], [4.0]], eps_s=3.0, imports=10.0)
    assert w.importer_gain.shape == (2, 3)
    assert np.all(w.importer_gain == 0) and np.all(w.exporter_loss == 0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"tau": 0.1, "eps_d": 0.8, "eps_s": 2.0, "imports": 1.0},
            r"eps_d must be > 1 \(elastic import demand\); got 0.8",
        ),
        ({"tau": 0.1, "eps_d": 2.0, "eps_s": 0.0, "imports": 1.0}, "eps_s must be > 0"),
        (
            {"tau": -1.0, "eps_d": 2.0, "eps_s": 1.0, "imports": 1.0},
            "tau must be a finite rate greater than -1; got -1",
        ),
        (
            {"tau": 0.1, "eps_d": 2.0, "eps_s": 1.0, "imports": -5.0},
            "imports must be a finite value >= 0; got -5",
        ),
        ({"tau": np.nan, "eps_d": 2.0, "eps_s": 1.0, "imports": 1.0}, "tau must not be NaN"),
        ({"tau": "high", "eps_d": 2.0, "eps_s": 1.0, "imports": 1.0}, "tau must be a number"),
    ],
)
def test_tariff_block_rejects_bad_parameters(kwargs, message) -> None:
    with pytest.raises(tg.ParameterError, match=message):
        tariff_welfare(kwargs.pop("tau"), **kwargs)


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
    # stockpile lasting past the lead time: 0.8 cut x 3 years = 876 days of normal use
    assert _cost(stockpile_days=877.0) == 0.0


def test_leontief_closed_form() -> None:
    c, lead, days, horizon = 0.8, 3.0, 90.0, 3.0
    covered = days / (365 * c)
    expected = 100.0 * c * (lead - covered) ** 2 / (2 * lead) / horizon
    got = _cost(sigma=0.0, stockpile_days=days, discount_rate=0.0)
    assert got == pytest.approx(expected, rel=1e-10)


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
)
def test_disruption_cost_monotonicity(kappa, q1, q2, s1, s2, sigma, lead) -> None:
    lo_q, hi_q = sorted((q1, q2))
    lo_s, hi_s = sorted((s1, s2))
    kw = dict(control=kappa, sigma=sigma, lead_time=lead)
    # more dependence never lowers the loss; more stockpile never raises it
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
        ({"stockpile_days": -3}, "stockpile_days must be >= 0"),
        ({"horizon": 0.0}, "horizon must be a finite number of years > 0"),
        ({"sigma": -1.0}, "sigma must be >= 0"),
    ],
)
def test_disruption_rejects_bad_parameters(kw, message) -> None:
    with pytest.raises(tg.ParameterError, match=message):
        _cost(**kw)


# ------------------------------------------------------------------ supplier and deals
def test_supplier_loss() -> None:
    kw = dict(
        controlled_exports=3.0,
        rents=5.0,
        rent_share_lost=0.3,
        entry_hazard=0.2,
        duration=2.0,
        entry_lead_time=3.0,
        discount_rate=0.02,
    )
    none = supplier_loss(0.0, **kw)
    assert none.total == 0.0
    full = supplier_loss(1.0, **kw)
    assert full.lost_revenue == 3.0
    assert full.entry_probability == pytest.approx(1 - np.exp(-0.4))
    assert full.expected_rent_loss == pytest.approx((1 - np.exp(-0.4)) * 0.3 * 5.0 * np.exp(-0.06))
    levels = supplier_loss(np.linspace(0, 1, 11), **kw).total
    assert np.all(np.diff(levels) > 0)
    assert entry_probability(0.5, entry_hazard=0.0, duration=5.0) == 0.0


def test_chip_licensing_counts_the_revenue_share_at_the_cost_of_public_funds() -> None:
    kw = dict(sales=10.0, revenue_share=0.25, margin=0.6, importer_surplus=0.3, security_cost=0.1)
    lic = chip_licensing(1, mcpf=1.2, **kw)
    assert lic.exporter_gain == pytest.approx(10 * 0.6 + 0.2 * 2.5 - 1.0)
    assert lic.importer_gain == pytest.approx(3.0) and lic.government_revenue == pytest.approx(2.5)
    # with mcpf = 1 the share is a pure domestic transfer
    assert chip_licensing(1, mcpf=1.0, **kw).exporter_gain == pytest.approx(10 * 0.6 - 1.0)
    banned = chip_licensing(0, mcpf=1.2, **kw)
    assert banned.exporter_gain == 0 and banned.importer_gain == 0


def test_deal_terms() -> None:
    assert purchase_commitment(10.0, producer_margin=0.2, buyer_premium=0.05) == pytest.approx(
        (2.0, 0.5)
    )
    assert stockpile_carrying_cost(73.0, annual_use_value=5.0, carrying_rate=0.05) == pytest.approx(
        0.05
    )
    # floor binds without controls, not once controls push the market price above it
    assert price_floor_cost(
        0.0, floor_price=110, market_price=62, price_response=0.5, volume_tonnes=1300
    ) == pytest.approx(48 * 1300 * 1e3 / 1e9)
    assert (
        price_floor_cost(
            1.0, floor_price=110, market_price=80, price_response=0.5, volume_tonnes=1300
        )
        == 0.0
    )
    days, cost = alliance_pooling(np.array([1, 3, 5]), potential=5, pooled_days=60.0, pool_cost=0.6)
    np.testing.assert_allclose(days, [12.0, 36.0, 60.0])
    assert cost == pytest.approx(0.12)
    with pytest.raises(
        tg.ParameterError, match="members must be <= the number of potential members"
    ):
        alliance_pooling(6, potential=5, pooled_days=60.0, pool_cost=0.6)
