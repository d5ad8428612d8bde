"""Club stability (internal/external), the public-goods club and the penalty that stabilises."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from tradegame.coalitions import (
    penalty_for_stability,
    public_goods_club,
    stability,
    stability_flags,
    stable_sizes,
    symmetric_stability,
)
from tradegame.errors import GameError, ParameterError

positive = st.floats(0.01, 100.0)


# ----------------------------------------------------------------------------- public goods
def test_public_goods_payoffs_by_hand():
    # b Q - (c/2) q_i^2 with outsiders at q = b/c and members at q = k b/c; n = 4, b = c = 1:
    # Q(k) = k^2 + n - k, member k^2/2 + n - k, outsider k^2 + n - k - 1/2.
    club = public_goods_club(4, b=1.0, c=1.0)
    assert_allclose(club.member_payoff[1:], [3.5, 4.0, 5.5, 8.0])
    assert_allclose(club.outsider_payoff[:-1], [3.5, 3.5, 5.5, 9.5])
    assert np.isnan(club.member_payoff[0]) and np.isnan(club.outsider_payoff[-1])
    assert_allclose(club.member_abatement[1:], [1, 2, 3, 4])
    assert_allclose(club.total_welfare, [14.0, 14.0, 19.0, 26.0, 32.0])
    frame = club.to_frame()
    assert list(frame.columns) == [
        "case",
        "size",
        "member_payoff",
        "outsider_payoff",
        "member_abatement",
        "outsider_abatement",
        "total_welfare",
    ]
    record = club.to_dict()
    assert record["member_payoff"][0] is None and record["member_payoff"][1] == 3.5


@settings(max_examples=40, deadline=None)
@given(st.integers(3, 60), positive, positive)
def test_unique_stable_club_has_three_members(n, b, c):
    # Barrett (1994), Oxford Econ. Papers 46; Carraro & Siniscalco (1993), J. Public Econ. 52:
    # with linear benefits and quadratic abatement costs (members and outsiders choosing
    # simultaneously) the self-enforcing agreement has three members, whatever n. A member of
    # the club of 3 is indifferent about leaving (gain u (k-1)(k-3)/2 = 0), so this needs
    # internal stability with a weak inequality; an outsider of the club of 2 is indifferent
    # about joining (gain u k (2-k)/2 = 0) and joins under ties="join".
    club = public_goods_club(n, b, c)
    assert stable_sizes(*club.payoffs) == [3]
    # indifferent outsiders staying out: the club of 2 and no club at all (a club of one
    # earns what a non-member earns) are stable too
    assert stable_sizes(*club.payoffs, ties="stay") == [0, 2, 3]
    frame = symmetric_stability(*club.payoffs, n)
    u = b**2 / c
    k = np.arange(1, n + 1)
    assert_allclose(frame.exit_gain[1:], u * (k - 1) * (k - 3) / 2, atol=1e-9 * u * n**2)
    k = np.arange(n)
    assert_allclose(frame.entry_gain[:-1], u * k * (2 - k) / 2, atol=1e-9 * u * n**2)


def test_batch_over_parameters():
    b = np.array([[0.5], [1.0], [3.0]])
    c = np.array([0.2, 1.0, 7.0, 40.0])
    club = public_goods_club(12, b, c)
    assert club.member_payoff.shape == (3, 4, 13)
    internal, external = stability_flags(*club.payoffs)
    stable = internal & external
    assert stable.shape == (3, 4, 13)
    assert np.array_equal(stable.sum(axis=-1), np.ones((3, 4)))
    assert np.all(stable[..., 3])
    assert club.to_frame().shape == (3 * 4 * 13, 7)


def test_symmetric_frame_columns():
    club = public_goods_club(5, 1.0, 2.0)
    frame = symmetric_stability(*club.payoffs)
    assert list(frame.columns) == [
        "size",
        "members",
        "internally_stable",
        "externally_stable",
        "stable",
        "member_payoff",
        "outsider_payoff",
        "total_welfare",
        "exit_gain",
        "entry_gain",
    ]
    assert stable_sizes(frame) == [3]
    assert frame.loc[0, "internally_stable"] and frame.loc[5, "externally_stable"]


# ----------------------------------------------------------------------------- general form
def test_general_form_agrees_with_the_symmetric_one():
    n = 5
    club = public_goods_club(n, 1.0, 1.0)

    def payoff(members):
        k = len(members)
        return {
            p: float(club.member_payoff[k] if p in members else club.outsider_payoff[k])
            for p in "abcde"
        }

    frame = stability(payoff, list("abcde"))
    assert len(frame) == 2**n
    stable = frame[frame.stable]
    assert stable_sizes(frame) == [3]
    assert sorted(stable.members) == sorted(combinations("abcde", 3))
    sym = symmetric_stability(*club.payoffs)
    by_size = frame.groupby("size")[["internally_stable", "externally_stable"]].all()
    assert np.array_equal(by_size.internally_stable, sym.internally_stable)
    assert np.array_equal(by_size.externally_stable, sym.externally_stable)
    assert_allclose(frame.groupby("size").total_welfare.first(), sym.total_welfare)


def test_asymmetric_club():
    # Two big importers gain 5 each from a pact with each other, and a small one pays 1 to join
    # but gains 0.5: {big1, big2} is stable (each loses 5 by leaving; the small one loses 0.5
    # by joining); the grand coalition is not internally stable.
    def payoff(club):
        bigs = {"big1", "big2"} <= club
        return {
            "big1": 5.0 * bigs,
            "big2": 5.0 * bigs,
            "small": (0.5 - 1.0) * ("small" in club),
        }

    frame = stability(payoff, ["big1", "big2", "small"])
    stable = frame[frame.stable]
    assert list(stable.members) == [("big1", "big2")]
    row = stable.iloc[0]
    assert row.exit_gain == -5.0 and row.entry_gain == -0.5
    assert row.total_welfare == 10.0


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 4), st.integers(0, 2**32 - 1))
def test_stability_is_the_definition(n, seed):
    # d'Aspremont et al. (1983): internally stable iff no member gains by leaving (weak);
    # externally stable iff every outsider strictly loses by joining (ties="join").
    rng = np.random.default_rng(seed)
    players = [f"p{i}" for i in range(n)]
    table = rng.integers(0, 4, size=(2**n, n)).astype(float)

    def mask(club):
        return sum(1 << i for i, p in enumerate(players) if p in club)

    frame = stability(lambda club: dict(zip(players, table[mask(club)], strict=True)), players)
    for row in frame.itertuples():
        m = mask(row.members)
        inside = [i for i in range(n) if m >> i & 1]
        outside = [i for i in range(n) if not m >> i & 1]
        assert row.internally_stable == all(table[m, i] >= table[m ^ (1 << i), i] for i in inside)
        assert row.externally_stable == all(table[m, j] > table[m | (1 << j), j] for j in outside)


# ----------------------------------------------------------------------------- penalties
@settings(max_examples=40, deadline=None)
@given(st.integers(3, 40), positive, positive, st.floats(0.05, 20.0))
def test_penalty_for_the_grand_coalition_by_hand(n, b, c, exposure):
    # Nordhaus (2015), AER 105(4), section II: a penalty on non-members stabilises the club.
    # In the public-goods club a member of the grand coalition gains u (n-1)(n-3)/2 by
    # leaving (u = b^2/c), so with a loss of `exposure` per unit of penalty the smallest
    # stabilising rate is u (n-1)(n-3) / (2 exposure).
    club = public_goods_club(n, b, c)
    expected = b**2 / c * (n - 1) * (n - 3) / (2 * exposure)
    got = penalty_for_stability(*club.payoffs, exposure=exposure)
    assert_allclose(got, expected, rtol=1e-9, atol=1e-9 * b**2 / c * n**2 / exposure)
    # with the penalty applied the grand coalition is (weakly) stable, and not below it
    k = np.arange(n + 1)
    ex = np.where(k > 0, exposure, 0.0)

    def grand_stable(t):
        internal, _ = stability_flags(
            club.member_payoff, club.outsider_payoff - t * ex, ties="stay", tol=1e-9
        )
        return bool(internal[-1])

    assert grand_stable(got * (1 + 1e-9))
    if got > 0:
        assert not grand_stable(got * 0.99)


def test_penalty_batch_and_size_dependent_exposure():
    # Exposure growing with the number of members imposing the tariff, tau * k: a leaver
    # faces n - 1 members, so t* = u (n-1)(n-3) / (2 tau (n-1)) = u (n-3) / (2 tau).
    b = np.array([1.0, 2.0, 0.5])
    club = public_goods_club(10, b, 1.0)
    got = penalty_for_stability(*club.payoffs, exposure=lambda k: 0.25 * k)
    assert_allclose(got, b**2 * 7 / 0.5)
    # member costs raise it: t (exposure - member_cost) >= gain
    got = penalty_for_stability(*club.payoffs, exposure=2.0, member_cost=0.5)
    assert_allclose(got, b**2 * 9 * 7 / 2 / 1.5)


def test_penalty_for_smaller_clubs_and_impossible_cases():
    club = public_goods_club(6, 1.0, 1.0)
    assert float(penalty_for_stability(*club.payoffs, exposure=1.0, size=3)) == 0.0
    # size 4: internal gain u*3*1/2 = 1.5, so t >= 1.5 / exposure; external holds for t >= 0
    assert_allclose(penalty_for_stability(*club.payoffs, exposure=1.0, size=4), 1.5)
    # no exposure: nothing makes the grand coalition of 6 stable
    assert penalty_for_stability(*club.payoffs, exposure=0.0) == np.inf
    # members pay more than outsiders lose: the condition becomes an upper bound below zero
    assert penalty_for_stability(*club.payoffs, exposure=1.0, member_cost=2.0) == np.inf


# ----------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((0, 1.0, 1.0), {}, r"n must be a whole number >= 1; got 0"),
        ((3, -1.0, 1.0), {}, r"b must be finite and > 0; got -1"),
        ((3, 1.0, np.nan), {}, r"c must not be NaN"),
        ((3, 1.0, 0.0), {}, r"c must be finite and > 0; got 0"),
    ],
)
def test_bad_public_goods_parameters(args, kwargs, message):
    with pytest.raises(ParameterError, match=message):
        public_goods_club(*args, **kwargs)


def test_bad_club_payoffs():
    with pytest.raises(
        ParameterError, match="member_payoff at club size 2 must be finite; got nan"
    ):
        stability_flags([0.0, 1.0, np.nan, 2.0], [1.0, 1.0, 1.0, 0.0])
    with pytest.raises(ParameterError, match="matching shapes"):
        stability_flags([0.0, 1.0, 2.0], [1.0, 1.0])
    with pytest.raises(ParameterError, match="ties must be 'join' or 'stay'; got 'weak'"):
        stability_flags([0.0, 1.0], [1.0, 0.0], ties="weak")
    with pytest.raises(ParameterError, match=r"n must equal the number of club sizes less one"):
        symmetric_stability([0.0, 1.0, 2.0], [1.0, 1.0, 0.0], n=3)
    club = public_goods_club(4, 1.0, 1.0)
    with pytest.raises(ParameterError, match=r"size must be a whole number in \[0, 4\]; got 5"):
        penalty_for_stability(*club.payoffs, exposure=1.0, size=5)
    with pytest.raises(ParameterError, match="exposure must be >= 0; got -1"):
        penalty_for_stability(*club.payoffs, exposure=-1.0)
    with pytest.raises(ParameterError, match="member_cost must be finite; got inf"):
        penalty_for_stability(*club.payoffs, exposure=1.0, member_cost=np.inf)


def test_bad_payoff_functions():
    with pytest.raises(
        GameError, match=r"payoff\(\{\}\) must give a payoff to exactly.*missing 'b'"
    ):
        stability(lambda club: {"a": 1.0}, ["a", "b"])
    with pytest.raises(GameError, match=r"payoff\(\{a\}\)\['b'\] must be finite"):
        stability(lambda club: {"a": 1.0, "b": np.inf if club else 0.0}, ["a", "b"])
