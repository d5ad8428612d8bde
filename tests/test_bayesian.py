"""Bayesian games and the two-type supplier: known games, PBE conditions and bad input."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import tradegame as tg
from tradegame.bayesian import (
    BUYER_PLANS,
    BayesianGame,
    posterior,
    signalling_regimes,
    supplier_resolve,
)
from tradegame.errors import GameError, ParameterError

# Osborne (2004), section 9.2, Example 274.1: BoS in which player 2 wishes to meet
# player 1 or to avoid it, each with probability 1/2.
MEET = [[[2, 0], [0, 1]], [[1, 0], [0, 2]]]
AVOID = [[[2, 0], [0, 1]], [[0, 2], [1, 0]]]


def bos() -> BayesianGame:
    u = np.stack([np.stack([MEET[i], AVOID[i]]) for i in range(2)])[:, None]
    return BayesianGame(("1", "2"), (("-",), ("meet", "avoid")), (("B", "S"),) * 2, [[0.5, 0.5]], u)


# Beer-quiche (Cho and Kreps 1987, section II) in the supplier's terms: the strong
# type (prior 0.9) likes beer (restricting pays it 1: cost -1), the weak one quiche
# (cost 1); not being fought is worth 2; the receiver fights (resists) unless its
# belief in "strong" exceeds 1/2 = transfer / buyer_loss.
BEER_QUICHE = dict(cost_resolute=-1.0, cost_opportunistic=1.0, transfer=2.0, buyer_loss=4.0)


# ------------------------------------------------------------------ Bayes' rule
def test_posterior_is_bayes_rule() -> None:
    np.testing.assert_allclose(posterior(0.5, 1.0, 0.5), 2 / 3)
    np.testing.assert_allclose(posterior(0.3, 0.2, 0.6), 0.06 / (0.06 + 0.42))
    np.testing.assert_allclose(posterior([0.1, 0.9], 1.0, 0.0), [1.0, 1.0])
    grid = posterior(np.linspace(0.1, 0.9, 5)[:, None], [[0.5, 1.0]], 0.25)
    assert grid.shape == (5, 2)
    assert math.isnan(float(posterior(0.4, 0.0, 0.0)))  # off the path: undefined


@settings(max_examples=100, deadline=None)
@given(p=st.floats(0.01, 0.99), a=st.floats(0.01, 1.0), b=st.floats(0.01, 1.0))
def test_posteriors_average_back_to_the_prior(p, a, b) -> None:
    """Martingale property: E[posterior] = prior (Bayes plausibility)."""
    after_r = posterior(p, a, b)
    restrict = p * a + (1 - p) * b
    if restrict < 1:
        after_n = posterior(p, 1 - a, 1 - b)
        mean = restrict * after_r + (1 - restrict) * after_n
    else:
        mean = after_r
    np.testing.assert_allclose(mean, p, atol=1e-12)


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((1.2, 0.5, 0.5), r"prior must be in \[0, 1\]; got 1.2"),
        ((0.5, -0.1, 0.5), r"p_restrict_resolute must be in \[0, 1\]; got -0.1"),
        ((0.5, 0.5, np.nan), r"p_restrict_opportunistic must not be NaN"),
        (([0.5, 0.5], [0.1, 0.2, 0.3], 0.5), r"must broadcast together"),
    ],
)
def test_posterior_refuses_bad_input(args, match) -> None:
    with pytest.raises(ParameterError, match=match):
        posterior(*args)


# ------------------------------------------------------------------ Bayesian games
def test_harsanyi_form_of_bos_with_uncertain_preferences() -> None:
    """Expected payoffs under the prior (Osborne 2004, section 9.2)."""
    g = bos().to_game()
    assert g.strategies == (("B", "S"), ("B|B", "B|S", "S|B", "S|S"))
    # 1 plays B; type meet plays B (2 gets 1), type avoid plays S (2 gets 2)
    assert g.profile_payoffs(["B", "B|S"]) == pytest.approx({"1": 1.0, "2": 1.5})
    assert g.profile_payoffs(["S", "S|B"]) == pytest.approx({"1": 0.5, "2": 1.5})


def test_bos_has_the_known_bayesian_nash_equilibria() -> None:
    """Osborne (2004), Example 274.1: the unique pure BNE is (B, (B, S)).

    The two mixed ones follow from the indifference conditions: (i) 1 plays B
    with probability 2/3, type meet B with 2/3, type avoid S; (ii) 1 plays B with
    1/3, type meet S, type avoid B with 2/3 (in each, 2 plays B with probability
    1/3 overall, which makes 1 indifferent).
    """
    pure = tg.pure_nash(bos().to_game())
    assert len(pure) == 1 and pure.profile(0) == {"1": {"B": 1.0}, "2": {"B|S": 1.0}}
    eq = bos().equilibria()
    assert eq.complete and len(eq) == 3
    expected = [
        ([[1, 0]], [[1, 0], [0, 1]]),
        ([[2 / 3, 1 / 3]], [[2 / 3, 1 / 3], [0, 1]]),
        ([[1 / 3, 2 / 3]], [[0, 1], [2 / 3, 1 / 3]]),
    ]
    for beh, (one, two) in zip(eq.behaviour, expected, strict=True):
        np.testing.assert_allclose(beh[0], one, atol=1e-9)
        np.testing.assert_allclose(beh[1], two, atol=1e-9)
    np.testing.assert_allclose(eq.interim_payoffs[0][1], [1.0, 2.0])


@settings(max_examples=25, deadline=None)
@given(
    u=st.lists(st.integers(-5, 5), min_size=32, max_size=32),
    w=st.lists(st.integers(1, 9), min_size=4, max_size=4),
)
def test_every_equilibrium_is_a_best_response_type_by_type(u, w) -> None:
    """The defining condition of a BNE: no type of any player gains by another action."""
    prior = np.array(w, dtype=float).reshape(2, 2) / sum(w)
    game = BayesianGame(
        ("A", "B"), (("a1", "a2"), ("b1", "b2")), (("x", "y"),) * 2, prior, np.reshape(u, (2,) * 5)
    )
    eq = game.equilibria()
    assert len(eq) >= 1
    for beh, pay in zip(eq.behaviour, eq.interim_payoffs, strict=True):
        for i in range(2):
            for a in range(2):  # every type deviates to pure action a
                dev = [b.copy() for b in beh]
                dev[i] = np.zeros_like(beh[i])
                dev[i][:, a] = 1.0
                gain = game.interim_payoffs(dev)[i] - pay[i]
                assert (gain <= 1e-7).all()
    beliefs = eq.beliefs()
    on_path = beliefs.dropna()
    sums = on_path.groupby(["equilibrium", "observer", "observer_type", "action"])["belief"].sum()
    np.testing.assert_allclose(sums, 1.0)


def test_equilibria_frames_and_dict() -> None:
    eq = bos().equilibria()
    frame = eq.to_frame()
    assert list(frame.columns) == [
        "equilibrium",
        "player",
        "type",
        "action",
        "probability",
        "interim_payoff",
    ]
    assert len(frame) == 3 * (2 + 4)
    d = eq.to_dict()
    assert json.loads(json.dumps(d)) == d
    assert d["equilibria"][0]["2"]["avoid"]["actions"] == {"B": 0.0, "S": 1.0}
    # player 1 has one type, so after 2's action it learns 2's type exactly in equilibrium 0
    beliefs = eq.beliefs()
    row = beliefs[
        (beliefs.equilibrium == 0)
        & (beliefs.observer == "1")
        & (beliefs.action == "S")
        & (beliefs.type == "avoid")
    ]
    assert float(row["belief"].iloc[0]) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"prior": [[0.5, 0.4]]}, r"prior must sum to 1; it sums to 0.9"),
        ({"prior": [[1.5, -0.5]]}, r"prior must be non-negative; found -0.5"),
        ({"prior": [[np.nan, 0.5]]}, r"prior must hold finite numbers; found nan"),
        ({"prior": [0.5, 0.5]}, r"prior has shape \(2,\); the types imply \(1, 2\)"),
        ({"payoffs": np.zeros((2, 1, 2, 2, 3))}, r"payoffs have shape \(2, 1, 2, 2, 3\)"),
        ({"actions": (("B", "S"), ("B|x", "S"))}, r"actions of '2' must not contain '\|'"),
        ({"types": (("-",), ("meet", "meet"))}, r"types of '2' must be unique"),
        ({"players": ("1",)}, r"a game needs at least two players"),
    ],
)
def test_malformed_bayesian_games_are_refused(change, match) -> None:
    base = bos()
    fields = {
        "players": base.players,
        "types": base.types,
        "actions": base.actions,
        "prior": base.prior,
        "payoffs": base.payoffs,
    }
    fields.update(change)
    with pytest.raises(GameError, match=match):
        BayesianGame(**fields)


# ------------------------------------------------------------------ the two-type supplier
def test_beer_quiche_has_two_pooling_equilibria_and_only_beer_is_intuitive() -> None:
    """Cho and Kreps (1987): pooling on beer and on quiche; the intuitive criterion kills quiche."""
    res = supplier_resolve(0.9, **BEER_QUICHE)
    kinds = {e.kind: e for e in res}
    assert set(kinds) == {"pooling on restriction", "pooling on no restriction"}
    beer, quiche = kinds["pooling on restriction"], kinds["pooling on no restriction"]
    assert beer.intuitive and not quiche.intuitive
    # original beer-quiche payoffs: strong gets 3 and weak 2 under beer; 2 and 3 under quiche;
    # here each type's payoff is shifted by a constant (weak: -1 for the forgone quiche)
    np.testing.assert_allclose([beer.payoff_resolute, beer.payoff_opportunistic], [3.0, 1.0])
    np.testing.assert_allclose([quiche.payoff_resolute, quiche.payoff_opportunistic], [2.0, 2.0])
    np.testing.assert_allclose(beer.belief_after_restriction, 0.9)
    assert math.isnan(beer.belief_after_no_restriction)
    assert beer.off_path_beliefs == (0.0, 0.5)


def test_separating_equilibrium_reveals_the_type() -> None:
    """Spence (1973)-style separation when c_R <= T <= c_O: restriction proves resolve."""
    res = supplier_resolve(
        0.3, cost_resolute=1.0, cost_opportunistic=3.0, transfer=2.0, buyer_loss=5.0
    )
    sep = next(e for e in res if e.kind == "separating")
    assert (sep.belief_after_restriction, sep.belief_after_no_restriction) == (1.0, 0.0)
    assert (sep.concede_after_restriction, sep.concede_after_no_restriction) == (1.0, 0.0)
    np.testing.assert_allclose([sep.payoff_resolute, sep.payoff_opportunistic], [1.0, 0.0])
    np.testing.assert_allclose(sep.payoff_buyer, -0.3 * 2.0)
    assert sep.intuitive
    pool = next(e for e in res if e.kind == "pooling on no restriction")
    assert not pool.intuitive  # the opportunistic type could never gain by restricting


def test_semi_separating_bluff_probability() -> None:
    """Opportunistic bluffs with sigma = p (1 - mu*) / ((1 - p) mu*); buyer concedes w.p. c_O/T."""
    p, c_o, t, loss = 0.2, 1.5, 2.0, 5.0
    res = supplier_resolve(
        p, cost_resolute=1.0, cost_opportunistic=c_o, transfer=t, buyer_loss=loss
    )
    semi = next(e for e in res if e.kind == "semi-separating: opportunistic bluffs")
    np.testing.assert_allclose(semi.restrict_opportunistic, 0.2 * 0.6 / (0.8 * 0.4))
    np.testing.assert_allclose(semi.belief_after_restriction, t / loss)
    np.testing.assert_allclose(semi.concede_after_restriction, c_o / t)
    np.testing.assert_allclose(semi.payoff_opportunistic, 0.0, atol=1e-12)


def _harsanyi_profile(e) -> list[np.ndarray]:
    """The mixed profile of the normal form that plays a signalling equilibrium."""
    x = [e.restrict_resolute, e.restrict_opportunistic]
    supplier = np.array([a * b for a in (x[0], 1 - x[0]) for b in (x[1], 1 - x[1])])
    q_r, q_c = e.concede_after_restriction, e.concede_after_no_restriction
    buyer = np.array([a * b for a in (q_r, 1 - q_r) for b in (q_c, 1 - q_c)])
    return [supplier, buyer]


parameters = st.tuples(
    st.floats(0.05, 0.95),  # prior
    st.floats(-3.0, 4.0),  # cost_resolute
    st.floats(0.05, 4.0),  # extra cost of the opportunistic type
    st.floats(0.2, 4.0),  # transfer
    st.floats(0.2, 8.0),  # buyer_loss
)


def _generic(p, c_r, c_o, t, loss) -> bool:
    mu = t / loss
    gaps = [p - mu, mu - 1, c_r, c_o, t - c_r, t - c_o, t + c_r, t + c_o]
    return min(abs(g) for g in gaps) > 0.02


@settings(max_examples=60, deadline=None)
@given(parameters)
def test_listed_equilibria_are_perfect_bayesian(params) -> None:
    """Each listed PBE: a Nash equilibrium of the normal form, with Bayes-consistent beliefs
    and a buyer response that is optimal after each signal (off the path: for the stated
    beliefs), as in Fudenberg and Tirole (1991), definition 8.1."""
    p, c_r, extra, t, loss = params
    res = supplier_resolve(
        p, cost_resolute=c_r, cost_opportunistic=c_r + extra, transfer=t, buyer_loss=loss
    )
    game = res.bayesian_game().to_game()
    mu = t / loss
    assert len(res) >= 1  # a PBE always exists in a finite signalling game
    for e in res:
        assert tg.max_regret(game, _harsanyi_profile(e)) <= 1e-9 * max(1.0, abs(c_r) + extra + t)
        for belief, q, path in (
            (e.belief_after_restriction, e.concede_after_restriction, "restrict"),
            (e.belief_after_no_restriction, e.concede_after_no_restriction, "comply"),
        ):
            if math.isnan(belief):  # off the path: resisting is optimal for the stated beliefs
                assert q == 0.0 and e.off_path_beliefs[1] <= mu + 1e-12, path
                continue
            gain = belief * loss - t  # concede minus resist
            assert (gain >= -1e-9 or q == 0.0) and (gain <= 1e-9 or q == 1.0), path
        expected = posterior(p, e.restrict_resolute, e.restrict_opportunistic)
        np.testing.assert_allclose(e.belief_after_restriction, expected)


@settings(max_examples=30, deadline=None)
@given(parameters)
def test_the_listing_is_complete_at_generic_parameters(params) -> None:
    """Every Nash equilibrium of the normal form whose off-path response some belief justifies
    plays one of the listed supplier behaviours."""
    p, c_r, extra, t, loss = params
    assume(_generic(p, c_r, c_r + extra, t, loss))
    res = supplier_resolve(
        p, cost_resolute=c_r, cost_opportunistic=c_r + extra, transfer=t, buyer_loss=loss
    )
    bg = res.bayesian_game()
    listed = [(e.restrict_resolute, e.restrict_opportunistic) for e in res]
    mu = t / loss
    solved = tg.solve(bg.to_game())
    assert solved.complete
    for eq in solved:
        x = bg.behaviour(0, eq.strategies[0])[:, 0]
        concede = np.array([label.split(",")[0] == "concede" for label in BUYER_PLANS])
        q_r = float(eq.strategies[1][concede].sum())
        q_c = float(eq.strategies[1][[lbl.split(",")[1] == "concede" for lbl in BUYER_PLANS]].sum())
        off = [(x == 0).all() and q_r > 0, (x == 1).all() and q_c > 0]
        if any(off) and mu > 1:  # conceding is justified by no belief: not sequentially rational
            continue
        assert any(np.allclose(x, pair, atol=1e-6) for pair in listed), (x, listed)


def test_regimes_are_vectorised_and_agree_with_single_cases() -> None:
    rng = np.random.default_rng(5)
    n = 10_000
    p = rng.uniform(0.05, 0.95, n)
    c_r = rng.uniform(-1.0, 3.0, n)
    c_o = c_r + rng.uniform(0.1, 3.0, n)
    t = rng.uniform(0.5, 3.0, n)
    loss = rng.uniform(0.5, 6.0, n)
    out = signalling_regimes(p, c_r, c_o, t, loss)
    assert out["separating"]["exists"].shape == (n,)
    # with buyer_loss < transfer the buyer never concedes: types separate only by the sign of c
    separating = np.where(t <= loss, (c_r <= t) & (t <= c_o), (c_r <= 0) & (c_o >= 0))
    np.testing.assert_array_equal(out["separating"]["exists"], separating)
    for k in (0, 17, 9_999):
        kinds = {
            e.kind
            for e in supplier_resolve(
                p[k],
                cost_resolute=c_r[k],
                cost_opportunistic=c_o[k],
                transfer=t[k],
                buyer_loss=loss[k],
            )
        }
        assert kinds == {
            key for key, v in out.items() if key != "belief_threshold" and v["exists"][k]
        }


def test_supplier_result_frames_and_dict() -> None:
    res = supplier_resolve(
        0.3,
        cost_resolute=1.0,
        cost_opportunistic=3.0,
        transfer=2.0,
        buyer_loss=5.0,
        names=("China", "US"),
    )
    frame = res.to_frame()
    assert {"kind", "belief_after_restriction", "off_path_belief_low", "intuitive"} <= set(
        frame.columns
    )
    d = res.to_dict()
    assert json.loads(json.dumps(d)) == d
    assert d["equilibria"][1]["belief_after_restriction"] is None
    assert res.bayesian_game().to_game().strategies[1] == BUYER_PLANS


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"prior_resolute": 1.0}, r"prior_resolute must be in \(0, 1\); got 1"),
        ({"prior_resolute": np.nan}, r"prior_resolute must not be NaN"),
        ({"transfer": 0.0}, r"transfer must be finite and > 0; got 0"),
        ({"buyer_loss": -1.0}, r"buyer_loss must be finite and > 0; got -1"),
        ({"cost_resolute": 5.0}, r"cost_resolute must be below cost_opportunistic.*5 and 3"),
        ({"cost_opportunistic": np.inf}, r"cost_opportunistic must be finite; got inf"),
        ({"transfer": [1.0, 2.0]}, r"transfer must be a single number"),
        ({"names": ("US", "US")}, r"names must be two different names"),
    ],
)
def test_supplier_resolve_refuses_bad_parameters(change, match) -> None:
    kwargs = dict(
        prior_resolute=0.3, cost_resolute=1.0, cost_opportunistic=3.0, transfer=2.0, buyer_loss=5.0
    )
    kwargs.update(change)
    with pytest.raises(ParameterError, match=match):
        supplier_resolve(**kwargs)
