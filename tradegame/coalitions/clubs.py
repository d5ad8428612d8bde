"""Self-enforcing clubs: which coalitions no member wants to leave and no outsider to join.

A *club* (an alliance, a stockpile pact, a climate agreement) is stable in the
sense of d'Aspremont, Jacquemin, Gabszewicz and Weymark (1983) when it is

* **internally stable**: no member gains by leaving, ``u_i(S) >= u_i(S - i)``
  for every member ``i``; and
* **externally stable**: no outsider gains by joining, for every outsider ``j``
  ``u_j(S) > u_j(S + j)`` (or ``>=``, see ties below).

Carraro and Siniscalco (1993) and Barrett (1994) applied the test to
international environmental agreements; Nordhaus (2015) asked how large a
penalty on outsiders makes a large club stable.

Ties. A member indifferent between staying and leaving stays (internal
stability uses ``>=``, as in all these papers). For an outsider indifferent
about joining, ``ties="join"`` (the default) has it join, so external
stability needs a strict gain from staying out; ``ties="stay"`` has it stay
out (``>=``), which makes stability the Nash equilibrium of the membership
game. Published definitions differ on this tie; it decides, for instance,
whether the public-goods club of two members is stable (see
:func:`public_goods_club`). Payoff differences within ``tol`` times the
largest absolute payoff count as ties.

References
----------
d'Aspremont, C., Jacquemin, A., Gabszewicz, J. J. and Weymark, J. A. (1983). On the
stability of collusive price leadership. *Canadian Journal of Economics* 16(1): 17-25.
Carraro, C. and Siniscalco, D. (1993). Strategies for the international protection of the
environment. *Journal of Public Economics* 52(3): 309-328.
Barrett, S. (1994). Self-enforcing international environmental agreements. *Oxford
Economic Papers* 46: 878-894.
Nordhaus, W. (2015). Climate clubs: overcoming free-riding in international climate policy.
*American Economic Review* 105(4): 1339-1370.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from ..economics._checks import as_array, require
from ..errors import GameError, ParameterError
from . import values as _values

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ClubPayoffs",
    "penalty_for_stability",
    "public_goods_club",
    "stability",
    "stability_flags",
    "stable_sizes",
    "symmetric_stability",
]

Ties = Literal["join", "stay"]
_COLUMNS = [
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


def _check_ties(ties: object) -> str:
    if ties not in ("join", "stay"):
        raise ParameterError(f"ties must be 'join' or 'stay'; got {ties!r}")
    return str(ties)


def _check_tol(tol: object) -> float:
    if isinstance(tol, bool) or not isinstance(tol, (int, float)) or not 0 <= tol < 1:
        raise ParameterError(f"tol must be in [0, 1); got {tol!r}")
    return float(tol)


def _club_arrays(member_payoff: object, outsider_payoff: object) -> tuple[np.ndarray, np.ndarray]:
    """Validated member and outsider payoffs by size, shape (..., n + 1), NaN where undefined."""
    m = np.array(_as_array_nan("member_payoff", member_payoff), dtype=float)
    o = np.array(_as_array_nan("outsider_payoff", outsider_payoff), dtype=float)
    if m.ndim == 0 or m.shape[-1] < 2:
        raise ParameterError(
            "member_payoff must have a last axis indexed by club size 0..n (n >= 1); "
            f"got shape {m.shape}"
        )
    try:
        m, o = np.broadcast_arrays(m, o)
    except ValueError:
        raise ParameterError(
            f"member_payoff and outsider_payoff must have matching shapes; got "
            f"{np.shape(member_payoff)} and {np.shape(outsider_payoff)}"
        ) from None
    m, o = m.copy(), o.copy()
    m[..., 0] = np.nan  # no members in a club of size 0
    o[..., -1] = np.nan  # no outsiders when everyone is in
    for name, part, first in (
        ("member_payoff", m[..., 1:], 1),
        ("outsider_payoff", o[..., :-1], 0),
    ):
        bad = ~np.isfinite(part)
        if bad.any():
            where = tuple(np.argwhere(bad)[0])
            raise ParameterError(
                f"{name} at club size {int(where[-1]) + first} must be finite; "
                f"got {float(part[where])!r}"
            )
    return m, o


def _as_array_nan(name: str, value: object) -> np.ndarray:
    """``value`` as a float array (NaN allowed where a size has no such player)."""
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError(
            f"{name} must be an array of payoffs by club size; got {value!r}"
        ) from None


def stability_flags(
    member_payoff: Any,
    outsider_payoff: Any,
    *,
    ties: Ties = "join",
    tol: float = 1e-9,
) -> tuple[np.ndarray, np.ndarray]:
    """Internal and external stability of every club size of symmetric games, batched.

    Parameters
    ----------
    member_payoff : array_like, shape (..., n + 1)
        ``member_payoff[..., k]``: each member's payoff when the club has ``k``
        members (entry 0 is ignored).
    outsider_payoff : array_like, shape (..., n + 1)
        ``outsider_payoff[..., k]``: each outsider's payoff when the club has ``k``
        members (entry ``n`` is ignored).
    ties : {"join", "stay"}
        What an indifferent outsider does (module notes).
    tol : float
        Payoff differences within ``tol`` times the largest absolute payoff of the
        game count as ties.

    Returns
    -------
    internal, external : ndarray of bool, shape (..., n + 1)
        ``internal[..., k]``: ``member_payoff[k] >= outsider_payoff[k - 1]`` (true
        at ``k = 0``); ``external[..., k]``: ``outsider_payoff[k] > member_payoff[k + 1]``
        (``>=`` with ``ties="stay"``; true at ``k = n``).

    Examples
    --------
    >>> from tradegame.coalitions import public_goods_club, stability_flags
    >>> club = public_goods_club(5, b=1.0, c=1.0)
    >>> internal, external = stability_flags(club.member_payoff, club.outsider_payoff)
    >>> (internal & external).nonzero()[0].tolist()
    [3]
    """
    ties = _check_ties(ties)  # type: ignore[assignment]
    tol = _check_tol(tol)
    m, o = _club_arrays(member_payoff, outsider_payoff)
    scale = np.fmax(np.nanmax(np.abs(m), axis=-1), np.nanmax(np.abs(o), axis=-1))
    slack = (tol * scale)[..., None]
    internal = np.ones(m.shape, dtype=bool)
    external = np.ones(m.shape, dtype=bool)
    internal[..., 1:] = m[..., 1:] - o[..., :-1] >= -slack
    stay = o[..., :-1] - m[..., 1:]
    external[..., :-1] = stay > slack if ties == "join" else stay >= -slack
    return internal, external


def symmetric_stability(
    member_payoff: Any,
    outsider_payoff: Any,
    n: int | None = None,
    *,
    ties: Ties = "join",
    tol: float = 1e-9,
) -> pd.DataFrame:
    """Stability of each club size in a game of identical players.

    Parameters
    ----------
    member_payoff, outsider_payoff : array_like, shape (n + 1,)
        Payoffs by club size ``k = 0..n``, as in :func:`stability_flags`.
    n : int, optional
        Number of players; checked against the arrays' length when given.
    ties, tol
        As in :func:`stability_flags`.

    Returns
    -------
    DataFrame
        One row per size: ``size``, ``members`` (the size, as every group of that
        size is alike), ``internally_stable``, ``externally_stable``, ``stable``,
        ``member_payoff``, ``outsider_payoff``, ``total_welfare`` (``k`` members'
        and ``n - k`` outsiders' payoffs), ``exit_gain`` (what a member gains by
        leaving) and ``entry_gain`` (what an outsider gains by joining); payoffs
        and gains that do not exist at a size are missing (NaN).

    Examples
    --------
    >>> from tradegame.coalitions import public_goods_club, symmetric_stability
    >>> club = public_goods_club(4, b=1.0, c=1.0)
    >>> frame = symmetric_stability(club.member_payoff, club.outsider_payoff)
    >>> frame[["size", "internally_stable", "externally_stable", "stable", "total_welfare"]]
       size  internally_stable  externally_stable  stable  total_welfare
    0     0               True              False   False           14.0
    1     1               True              False   False           14.0
    2     2               True              False   False           19.0
    3     3               True               True    True           26.0
    4     4              False               True   False           32.0
    """
    import pandas as pd

    m, o = _club_arrays(member_payoff, outsider_payoff)
    if m.ndim != 1:
        raise ParameterError(
            "symmetric_stability takes one game (1-D payoffs by size); use stability_flags "
            f"for a batch; got shape {m.shape}"
        )
    size = m.shape[-1] - 1
    if n is not None and (isinstance(n, bool) or not isinstance(n, numbers.Integral) or n != size):
        raise ParameterError(f"n must equal the number of club sizes less one ({size}); got {n!r}")
    internal, external = stability_flags(m, o, ties=ties, tol=tol)
    k = np.arange(size + 1)
    exit_gain = np.full(size + 1, np.nan)
    exit_gain[1:] = o[:-1] - m[1:]
    entry_gain = np.full(size + 1, np.nan)
    entry_gain[:-1] = m[1:] - o[:-1]
    welfare = np.where(k > 0, k * np.nan_to_num(m), 0.0) + np.where(
        k < size, (size - k) * np.nan_to_num(o), 0.0
    )
    return pd.DataFrame(
        {
            "size": k,
            "members": k,
            "internally_stable": internal,
            "externally_stable": external,
            "stable": internal & external,
            "member_payoff": m,
            "outsider_payoff": o,
            "total_welfare": welfare,
            "exit_gain": exit_gain,
            "entry_gain": entry_gain,
        }
    )[_COLUMNS]


def stability(
    payoff: Callable[[frozenset[str]], Mapping[str, float]],
    players: Sequence[str],
    *,
    ties: Ties = "join",
    tol: float = 1e-9,
) -> pd.DataFrame:
    """Internal and external stability of every possible club of ``players``.

    Parameters
    ----------
    payoff : callable
        ``payoff(club)`` gives ``{player: payoff}`` for every player (members and
        outsiders) when exactly the players in the frozenset ``club`` form the
        club. Called once per coalition, the empty club included (``2**n`` calls).
    players : sequence of str
        The players.
    ties, tol
        As in :func:`stability_flags` (``tol`` relative to the largest absolute payoff).

    Returns
    -------
    DataFrame
        One row per club, ordered by size: ``size``, ``members`` (tuple of names in
        the order of ``players``), ``internally_stable``, ``externally_stable``,
        ``stable``, ``member_payoff`` and ``outsider_payoff`` (mean over members,
        over outsiders), ``total_welfare``, ``exit_gain`` (the most any member
        gains by leaving) and ``entry_gain`` (the most any outsider gains by joining).

    Examples
    --------
    A stockpile pact in which each member pays 3 and every country (member or not)
    gains 2 per member: nobody wants to pay, so only the empty club is stable.

    >>> from tradegame.coalitions import stability
    >>> def pact(club):
    ...     return {p: 2.0 * len(club) - 3.0 * (p in club) for p in ["JP", "KR", "EU"]}
    >>> frame = stability(pact, ["JP", "KR", "EU"])
    >>> frame.loc[frame.stable, ["size", "members"]]
       size members
    0     0      ()
    """
    import pandas as pd

    ties = _check_ties(ties)  # type: ignore[assignment]
    tol = _check_tol(tol)
    names = _values._check_players(players)
    if not callable(payoff):
        raise ParameterError(f"payoff must be a function of the club; got {payoff!r}")
    n = len(names)
    size = 2**n
    u = np.empty((size, n))
    for mask in range(size):
        club = frozenset(p for i, p in enumerate(names) if mask >> i & 1)
        got = payoff(club)
        if not isinstance(got, Mapping):
            raise GameError(f"payoff({_values._show(sorted(club))}) must return a mapping")
        missing = [p for p in names if p not in got]
        extra = sorted(set(got) - set(names), key=str)
        if missing or extra:
            raise GameError(
                f"payoff({_values._show(sorted(club))}) must give a payoff to exactly the "
                f"players {', '.join(names)}"
                + (f"; missing {', '.join(map(repr, missing))}" if missing else "")
                + (f"; unknown {', '.join(map(repr, extra))}" if extra else "")
            )
        for i, p in enumerate(names):
            u[mask, i] = _values._number(got[p], f"payoff({_values._show(sorted(club))})[{p!r}]")
    slack = tol * max(float(np.max(np.abs(u))), np.finfo(float).tiny)
    masks = np.arange(size)
    inside = ((masks[:, None] >> np.arange(n)) & 1).astype(bool)
    exit_gain = np.full(size, -np.inf)
    entry_gain = np.full(size, -np.inf)
    for i in range(n):
        bit = 1 << i
        with_i = masks[inside[:, i]]
        exit_gain[with_i] = np.maximum(exit_gain[with_i], u[with_i ^ bit, i] - u[with_i, i])
        without = masks[~inside[:, i]]
        entry_gain[without] = np.maximum(entry_gain[without], u[without | bit, i] - u[without, i])
    internal = exit_gain <= slack
    external = entry_gain < -slack if ties == "join" else entry_gain <= slack
    counts = inside.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        member_mean = np.where(counts > 0, (u * inside).sum(axis=1) / counts, np.nan)
        outsider_mean = np.where(counts < n, (u * ~inside).sum(axis=1) / (n - counts), np.nan)
    frame = pd.DataFrame(
        {
            "size": counts,
            "members": [tuple(p for i, p in enumerate(names) if mask >> i & 1) for mask in masks],
            "internally_stable": internal,
            "externally_stable": external,
            "stable": internal & external,
            "member_payoff": member_mean,
            "outsider_payoff": outsider_mean,
            "total_welfare": u.sum(axis=1),
            "exit_gain": np.where(np.isfinite(exit_gain), exit_gain, np.nan),
            "entry_gain": np.where(np.isfinite(entry_gain), entry_gain, np.nan),
        }
    )
    return frame.sort_values(["size"], kind="stable").reset_index(drop=True)[_COLUMNS]


def stable_sizes(
    member_payoff: Any,
    outsider_payoff: Any = None,
    *,
    ties: Ties = "join",
    tol: float = 1e-9,
) -> list[int]:
    """Sizes of the self-enforcing clubs, ascending.

    Pass the member and outsider payoffs by size of a symmetric game, or a frame
    from :func:`stability` or :func:`symmetric_stability` alone (then the sizes
    of its stable rows, each listed once).

    Examples
    --------
    The public-goods club of Barrett (1994): three members, whatever the number of
    countries.

    >>> from tradegame.coalitions import public_goods_club, stable_sizes
    >>> [stable_sizes(*public_goods_club(n, b=2.0, c=0.5).payoffs) for n in (3, 10, 100)]
    [[3], [3], [3]]
    """
    import pandas as pd

    if isinstance(member_payoff, pd.DataFrame):
        if outsider_payoff is not None:
            raise ParameterError("outsider_payoff must not be given with a stability frame")
        frame = member_payoff
        if not {"size", "stable"} <= set(frame.columns):
            raise ParameterError("the frame must have the columns 'size' and 'stable'")
        return sorted({int(k) for k in frame.loc[frame["stable"], "size"]})
    if outsider_payoff is None:
        raise ParameterError("outsider_payoff is required with member payoffs by size")
    internal, external = stability_flags(member_payoff, outsider_payoff, ties=ties, tol=tol)
    if internal.ndim != 1:
        raise ParameterError(
            f"stable_sizes takes one game (1-D payoffs by size); got shape {internal.shape}"
        )
    return [int(k) for k in np.flatnonzero(internal & external)]


@dataclass(frozen=True)
class ClubPayoffs:
    """Payoffs by club size in the public-goods club game (:func:`public_goods_club`).

    Arrays have shape ``(..., n + 1)`` (the batch shape of ``b`` and ``c``), indexed by
    the number of members ``k``; entries that do not exist (member payoff at ``k = 0``,
    outsider payoff at ``k = n``) are NaN.

    Attributes
    ----------
    n : int
        Number of countries.
    member_payoff, outsider_payoff : ndarray
        Each member's and each outsider's payoff.
    member_abatement, outsider_abatement : ndarray
        Each member's and each outsider's abatement.
    """

    n: int
    member_payoff: np.ndarray
    outsider_payoff: np.ndarray
    member_abatement: np.ndarray
    outsider_abatement: np.ndarray

    @property
    def payoffs(self) -> tuple[np.ndarray, np.ndarray]:
        """``(member_payoff, outsider_payoff)``, the inputs of the stability functions."""
        return self.member_payoff, self.outsider_payoff

    @property
    def total_welfare(self) -> np.ndarray:
        """Sum of all countries' payoffs at each size."""
        k = np.arange(self.n + 1)
        return np.where(k > 0, k * np.nan_to_num(self.member_payoff), 0.0) + np.where(
            k < self.n, (self.n - k) * np.nan_to_num(self.outsider_payoff), 0.0
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (lists; ``None`` where a payoff does not exist)."""

        def plain(a: np.ndarray) -> Any:
            return np.where(np.isnan(a), None, a.astype(object)).tolist()

        return {
            "n": int(self.n),
            "member_payoff": plain(self.member_payoff),
            "outsider_payoff": plain(self.outsider_payoff),
            "member_abatement": plain(self.member_abatement),
            "outsider_abatement": plain(self.outsider_abatement),
        }

    def to_frame(self) -> pd.DataFrame:
        """Tidy table: ``case`` (flat index of the batch, 0 for one game), ``size``,
        ``member_payoff``, ``outsider_payoff``, ``member_abatement``,
        ``outsider_abatement``, ``total_welfare``."""
        import pandas as pd

        k = self.n + 1
        cases = self.member_payoff.size // k
        return pd.DataFrame(
            {
                "case": np.repeat(np.arange(cases), k),
                "size": np.tile(np.arange(k), cases),
                "member_payoff": self.member_payoff.reshape(-1),
                "outsider_payoff": self.outsider_payoff.reshape(-1),
                "member_abatement": self.member_abatement.reshape(-1),
                "outsider_abatement": self.outsider_abatement.reshape(-1),
                "total_welfare": self.total_welfare.reshape(-1),
            }
        )


def public_goods_club(n: int, b: Any, c: Any) -> ClubPayoffs:
    """Member and outsider payoffs by club size in the linear public-goods (abatement) game.

    Each of ``n`` identical countries abates ``q_i`` and earns
    ``b * Q - (c / 2) * q_i**2``, with ``Q`` the total abatement (``b``: each country's
    benefit per unit of anyone's abatement; ``c``: the slope of its marginal cost).
    Outsiders abate ``b / c`` (their dominant strategy); the ``k`` members choose their
    abatement together to maximise the members' joint payoff, ``q = k * b / c``
    (the game of Carraro and Siniscalco 1993 and Barrett 1994 with linear benefits, the
    members and outsiders choosing simultaneously). Writing ``u = b**2 / c``::

        member_payoff[k]   = u * (k**2 / 2 + n - k)
        outsider_payoff[k] = u * (k**2 + n - k - 1/2)

    Comparing them, a member of a club of ``k`` gains ``u * (k - 1) * (k - 3) / 2`` by
    leaving and an outsider gains ``u * k * (2 - k) / 2`` by joining: clubs of up to 3
    are internally stable, clubs of 2 or more externally stable (an outsider is
    indifferent about joining a club of 2, and a member of a club of 3 about leaving).
    With indifferent outsiders joining (``ties="join"``) the only stable club has
    three members, for every ``n >= 3``: the small-coalition result of this
    literature (Barrett 1994; Carraro and Siniscalco 1993). With ``ties="stay"``
    the club of two is stable too, and so is no club at all (a lone country gains
    nothing by forming a club of one).

    Parameters
    ----------
    n : int
        Number of countries, >= 1.
    b : array_like
        Benefit per unit of total abatement, > 0.
    c : array_like
        Marginal-cost slope of abatement, > 0. ``b`` and ``c`` broadcast; results
        carry their batch shape before the size axis.

    Examples
    --------
    >>> from tradegame.coalitions import public_goods_club
    >>> club = public_goods_club(4, b=1.0, c=1.0)
    >>> club.member_payoff.tolist()
    [nan, 3.5, 4.0, 5.5, 8.0]
    >>> club.outsider_payoff.tolist()
    [3.5, 3.5, 5.5, 9.5, nan]
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise ParameterError(f"n must be a whole number >= 1; got {n!r}")
    n = int(n)
    bb = as_array("b", b)
    require("b", bb, lambda x: np.isfinite(x) & (x > 0), "finite and > 0")
    cc = as_array("c", c)
    require("c", cc, lambda x: np.isfinite(x) & (x > 0), "finite and > 0")
    bb, cc = np.broadcast_arrays(bb, cc)
    k = np.arange(n + 1, dtype=float)
    unit = (bb**2 / cc)[..., None]
    ratio = (bb / cc)[..., None]
    member = unit * (k**2 / 2 + n - k)
    outsider = unit * (k**2 + n - k - 0.5)
    member_q = ratio * k
    outsider_q = ratio * np.ones_like(k)
    member[..., 0] = member_q[..., 0] = np.nan
    outsider[..., n] = outsider_q[..., n] = np.nan
    for arr in (member, outsider, member_q, outsider_q):
        arr.setflags(write=False)
    return ClubPayoffs(n, member, outsider, member_q, outsider_q)


def _by_size(name: str, value: Any, n: int, shape: tuple[int, ...]) -> np.ndarray:
    """A scalar, an array by size or a function of the size, as an array of ``shape``."""
    if callable(value):
        value = value(np.arange(n + 1))
    arr = as_array(name, value)
    require(name, arr, np.isfinite, "finite")
    try:
        return np.broadcast_to(arr, shape)
    except ValueError:
        raise ParameterError(
            f"{name} must be a number, a function of the club size or an array with last "
            f"axis n + 1 = {n + 1} broadcasting to {shape}; got shape {arr.shape}"
        ) from None


def penalty_for_stability(
    member_payoff: Any,
    outsider_payoff: Any,
    *,
    exposure: Any,
    member_cost: Any = 0.0,
    size: int | None = None,
) -> np.ndarray:
    """The smallest penalty rate that makes a club of ``size`` members stable (Nordhaus 2015).

    A club levies a penalty (a uniform tariff on imports from outsiders, in
    Nordhaus's climate club) at rate ``t >= 0``. With ``k`` members it lowers each
    outsider's payoff by ``t * exposure[k]`` and changes each member's by
    ``-t * member_cost[k]`` (negative where the tariff earns members more than it
    costs them). The stability conditions of :func:`stability_flags` become
    linear in ``t``::

        internal: t * (exposure[k-1] - member_cost[k]) >= outsider[k-1] - member[k]
        external: t * (member_cost[k+1] - exposure[k]) >= member[k+1] - outsider[k]

    each one a lower or an upper bound on ``t`` (or none), so the smallest stable
    ``t`` has a closed form. The penalty is the threshold under weak inequalities:
    with ``ties="join"`` an outsider at exactly that rate is indifferent about
    joining, and any higher rate in the stable range makes the club strictly stable.

    Parameters
    ----------
    member_payoff, outsider_payoff : array_like, shape (..., n + 1)
        Payoffs by club size without a penalty, as in :func:`stability_flags`.
    exposure : float, array_like or callable
        Each outsider's loss per unit of penalty rate by club size ``k`` (a number,
        an array with last axis ``n + 1``, or a function of the array of sizes
        ``0..n``), >= 0. A leaver from a club of ``k`` faces the club of ``k - 1``.
    member_cost : float, array_like or callable
        Each member's cost per unit of penalty rate by club size (default 0).
    size : int, optional
        Club size to stabilise; default ``n``, the grand coalition.

    Returns
    -------
    ndarray
        The smallest penalty rate ``t >= 0`` (0 when the club is stable without a
        penalty), with the batch shape of the payoffs; ``inf`` where no rate makes
        the club stable.

    Examples
    --------
    The public-goods club of four: a member of the grand coalition gains
    ``u * (n - 1) * (n - 3) / 2 = 1.5`` by leaving, so with an exposure of 0.5 per unit
    of tariff the penalty that keeps it in is 3.

    >>> from tradegame.coalitions import penalty_for_stability, public_goods_club
    >>> club = public_goods_club(4, b=1.0, c=1.0)
    >>> float(penalty_for_stability(*club.payoffs, exposure=0.5))
    3.0
    >>> float(penalty_for_stability(*club.payoffs, exposure=0.5, size=3))
    0.0
    """
    m, o = _club_arrays(member_payoff, outsider_payoff)
    n = m.shape[-1] - 1
    if size is None:
        size = n
    if isinstance(size, bool) or not isinstance(size, numbers.Integral) or not 0 <= size <= n:
        raise ParameterError(f"size must be a whole number in [0, {n}]; got {size!r}")
    k = int(size)
    ex = _by_size("exposure", exposure, n, m.shape)
    require("exposure", ex, lambda x: x >= 0, ">= 0")
    mc = _by_size("member_cost", member_cost, n, m.shape)
    lo = np.zeros(m.shape[:-1])
    hi = np.full(m.shape[:-1], np.inf)
    feasible = np.ones(m.shape[:-1], dtype=bool)
    scale = np.fmax(np.nanmax(np.abs(m), axis=-1), np.nanmax(np.abs(o), axis=-1))
    slack = 1e-9 * scale
    conditions = []
    if k >= 1:
        conditions.append((ex[..., k - 1] - mc[..., k], o[..., k - 1] - m[..., k]))
    if k <= n - 1:
        conditions.append((mc[..., k + 1] - ex[..., k], m[..., k + 1] - o[..., k]))
    for a, gain in conditions:
        r = np.where(np.abs(gain) <= slack, 0.0, gain)  # a gain within rounding is none
        with np.errstate(divide="ignore", invalid="ignore"):
            bound = r / a
        lo = np.where(a > 0, np.maximum(lo, bound), lo)
        hi = np.where(a < 0, np.minimum(hi, bound), hi)
        feasible &= (a != 0) | (r <= 0)
    ok = feasible & (lo <= hi + 1e-9 * np.fmax(np.abs(lo), np.abs(hi)))
    return np.where(ok, lo, np.inf)[()]
