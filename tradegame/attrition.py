"""Wars of attrition: how long a standoff lasts before one side concedes.

Two players each lose a flow cost ``c_i`` (per unit of time) while a standoff
lasts; the first to concede ends it, and the other wins the prize ``V_i``: the
value, at the moment of winning, of winning rather than conceding. With
complete information the game has a stationary equilibrium in which player
``i`` concedes at the constant hazard rate

    h_i = c_j / V_j,

the rate that makes the *other* player ``j`` indifferent about waiting: over a
short interval ``dt`` waiting costs ``j`` the amount ``c_j dt`` and wins ``V_j``
with probability ``h_i dt`` (Maynard Smith 1974; Bishop and Cannings 1978;
Fudenberg and Tirole 1991, section 4.5.2; Bulow and Klemperer 1999). The
standoff ends at the first concession, so its length is exponential with rate
``H = h_1 + h_2``: mean ``1 / H``, median ``ln 2 / H``, and player ``i`` is the
one who concedes with probability ``h_i / H``.

Because each player is indifferent among all concession times, including
conceding at once, each one's expected payoff is what conceding at once gives:
zero. The expected prize is exactly eaten up by the expected cost of the
standoff (full dissipation of the rent).

**Discounting.** With a discount rate ``r`` the payoff of player ``j`` who
plans to concede at ``s``, against a rival who concedes at hazard ``h``, is
``U(s) = int_0^s h e^{-ht} [V_j e^{-rt} - c_j (1 - e^{-rt}) / r] dt
- e^{-hs} c_j (1 - e^{-rs}) / r``, whose derivative is
``U'(s) = e^{-(h + r) s} (h V_j - c_j)``. Indifference therefore still gives
``h = c_j / V_j``: the prize and the flow cost are discounted alike, so the
rate does not change (this is the hazard ``-L_j'(t) / (F_j(t) - L_j(t))`` of
Hendricks, Weiss and Wilson 1988 with leader payoff ``L_j(t) = -c_j (1 -
e^{-rt}) / r`` and follower payoff ``F_j(t) = L_j(t) + V_j e^{-rt}``).
Discounting changes only the present values: the expected discounted cost is
``c_i / (H + r)`` and the expected discounted prize ``V_i h_j / (H + r)``,
whose difference is again zero. If the prize is a perpetual flow ``v_j``, pass
its present value ``V_j = v_j / r``.

**Other equilibria.** The stationary equilibrium is not the only one
(Hendricks, Weiss and Wilson 1988): for either player ``i`` and any
``a`` in [0, 1], player ``i`` may concede at time 0 with probability ``a`` and
otherwise both concede at the stationary rates; ``i`` then gets 0 and the other
player ``a V_j``. At ``a = 1`` this is the pure equilibrium in which ``i``
concedes at once and ``j`` never concedes. :meth:`AttritionResult.equilibria`
lists the stationary one and the two pure ones.

References
----------
Maynard Smith, J. (1974). The theory of games and the evolution of animal
conflicts. *Journal of Theoretical Biology* 47, 209-221.
Bishop, D. T. and Cannings, C. (1978). A generalized war of attrition.
*Journal of Theoretical Biology* 70, 85-124.
Hendricks, K., Weiss, A. and Wilson, C. (1988). The war of attrition in
continuous time with complete information. *International Economic Review*
29, 663-680.
Fudenberg, D. and Tirole, J. (1991). *Game Theory*. MIT Press, section 4.5.2.
Bulow, J. and Klemperer, P. (1999). The generalized war of attrition.
*American Economic Review* 89, 175-189.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .economics._checks import as_array, as_rng, require
from .errors import ParameterError
from .game import label_problem

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "AttritionResult",
    "attrition_batch",
    "simulate_attrition",
    "war_of_attrition",
]

_MAX_DRAWS = 20_000_000  # cases x runs that simulate_attrition draws in one call


def _pairs(name: str, value: object) -> np.ndarray:
    """``value`` as a float array of shape (2,) or (B, 2), else a one-line error."""
    arr = as_array(name, value)
    if arr.ndim not in (1, 2) or arr.shape[-1] != 2:
        raise ParameterError(
            f"{name} must have one entry per player: shape (2,) or (B, 2); got shape {arr.shape}"
        )
    if arr.size == 0:
        raise ParameterError(f"{name} must not be empty; got shape {arr.shape}")
    return arr


def _inputs(
    cost: object, prize: object, discount_rate: object
) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    """Checked (B, 2) cost and prize, (B,) discount rates, and whether a batch was given."""
    c = _pairs("cost", cost)
    v = _pairs("prize", prize)
    r = as_array("discount_rate", discount_rate)
    require("cost", c, lambda x: np.isfinite(x) & (x >= 0), "finite and >= 0")
    require("prize", v, lambda x: np.isfinite(x) & (x > 0), "finite and > 0")
    require("discount_rate", r, lambda x: np.isfinite(x) & (x >= 0), "finite and >= 0")
    if r.ndim > 1:
        raise ParameterError(
            f"discount_rate must be a number or one per case (shape (B,)); got shape {r.shape}"
        )
    batch = c.ndim == 2 or v.ndim == 2 or r.ndim == 1
    c2, v2 = np.atleast_2d(c), np.atleast_2d(v)
    try:
        b = np.broadcast_shapes(c2.shape[:1], v2.shape[:1], r.reshape(-1).shape if r.ndim else ())
    except ValueError:
        raise ParameterError(
            f"cost, prize and discount_rate must have the same number of cases; got shapes "
            f"{c.shape}, {v.shape} and {r.shape}"
        ) from None
    c2 = np.broadcast_to(c2, (*b, 2))
    v2 = np.broadcast_to(v2, (*b, 2))
    r1 = np.broadcast_to(r, b)
    idle = (c2 == 0).all(axis=1)
    if idle.any():
        k = int(np.flatnonzero(idle)[0])
        where = f" (case {k})" if batch else ""
        raise ParameterError(
            f"cost must be > 0 for at least one player{where}; with no cost to either side "
            "the standoff never ends"
        )
    return c2, v2, r1, batch


def _kernel(c: np.ndarray, v: np.ndarray, r: np.ndarray) -> dict[str, np.ndarray]:
    hazard = c[:, ::-1] / v[:, ::-1]  # h_i = c_j / V_j
    total = hazard.sum(axis=1)
    share = hazard / total[:, None]
    pv = total + r  # E[e^{-rT}] = H / (H + r); E[(1 - e^{-rT}) / r] = 1 / (H + r)
    costs = c / pv[:, None]
    prizes = v * hazard[:, ::-1] / pv[:, None]
    payoffs = (v * hazard[:, ::-1] - c) / pv[:, None]
    return {
        "hazard": hazard,
        "total_hazard": total,
        "expected_duration": 1.0 / total,
        "median_duration": np.log(2.0) / total,
        "concession_probability": share,
        "expected_costs": costs,
        "expected_prizes": prizes,
        "payoffs": payoffs,
    }


def attrition_batch(
    cost: object, prize: object, discount_rate: object = 0.0
) -> dict[str, np.ndarray]:
    """The stationary equilibrium of many wars of attrition in one vectorised call.

    Parameters
    ----------
    cost : array_like, shape (2,) or (B, 2)
        Each player's cost per unit of time while the standoff lasts (>= 0;
        at least one positive per case).
    prize : array_like, shape (2,) or (B, 2)
        Each player's value of winning rather than conceding (> 0), in the
        same money units as ``cost`` times time.
    discount_rate : float or array_like of shape (B,), optional
        Continuous discount rate per unit of time (>= 0). It changes present
        values only, not the concession rates (see the module notes).

    Returns
    -------
    dict of ndarray
        Always with a leading batch axis (a single case is a batch of one):
        ``hazard`` (B, 2), ``total_hazard`` (B,), ``expected_duration`` (B,),
        ``median_duration`` (B,), ``concession_probability`` (B, 2),
        ``expected_costs`` (B, 2) and ``expected_prizes`` (B, 2) (present
        values), ``payoffs`` (B, 2) (zero up to rounding).

    Notes
    -----
    Hazard ``h_i = c_j / V_j`` (Fudenberg and Tirole 1991, section 4.5.2;
    Hendricks, Weiss and Wilson 1988).

    Examples
    --------
    >>> import numpy as np
    >>> from tradegame.attrition import attrition_batch
    >>> out = attrition_batch([[1.0, 2.0], [1.0, 1.0]], [[10.0, 10.0], [4.0, 4.0]])
    >>> out["hazard"].round(3).tolist()
    [[0.2, 0.1], [0.25, 0.25]]
    >>> out["expected_duration"].round(3).tolist()
    [3.333, 2.0]
    """
    c, v, r, _ = _inputs(cost, prize, discount_rate)
    return _kernel(c, v, r)


def _names(names: object) -> tuple[str, str]:
    if names is None:
        return ("P1", "P2")
    if isinstance(names, (str, bytes)) or not isinstance(names, Sequence) or len(names) != 2:
        raise ParameterError(f"names must be a list of two player names; got {names!r}")
    for label in names:
        if (problem := label_problem(label)) is not None:
            raise ParameterError(f"names {problem}")
    if names[0] == names[1]:
        raise ParameterError(f"names must be two different names; got {names[0]!r} twice")
    return (names[0], names[1])


def _floats(arr: np.ndarray) -> Any:
    return np.asarray(arr, dtype=float).tolist()


@dataclass(frozen=True, eq=False)
class AttritionResult:
    """The stationary equilibrium of a war of attrition (one case or a batch).

    Every array has a leading batch axis of length B when the inputs were
    batches, and none for a single case.

    Attributes
    ----------
    names : tuple of str
        The two players.
    cost, prize : ndarray, shape (..., 2)
        The inputs: cost per unit of time and value of winning.
    discount_rate : ndarray, shape (...)
        Continuous discount rate.
    hazard : ndarray, shape (..., 2)
        Each player's concession rate, ``h_i = c_j / V_j``.
    expected_duration, median_duration : ndarray, shape (...)
        Mean ``1 / (h_1 + h_2)`` and median ``ln 2 / (h_1 + h_2)`` of the
        standoff's length.
    concession_probability : ndarray, shape (..., 2)
        Probability that each player is the one who concedes,
        ``h_i / (h_1 + h_2)``.
    expected_costs, expected_prizes : ndarray, shape (..., 2)
        Present value of each player's standoff costs and of its prize.
    payoffs : ndarray, shape (..., 2)
        Expected payoffs: prize less costs, zero up to rounding (what
        conceding at once gives).
    """

    names: tuple[str, str]
    cost: np.ndarray
    prize: np.ndarray
    discount_rate: np.ndarray
    hazard: np.ndarray
    expected_duration: np.ndarray
    median_duration: np.ndarray
    concession_probability: np.ndarray
    expected_costs: np.ndarray
    expected_prizes: np.ndarray
    payoffs: np.ndarray

    @property
    def batch(self) -> bool:
        """Whether the result holds a batch of cases (a leading axis on every field)."""
        return self.hazard.ndim == 2

    def survival(self, t: object) -> np.ndarray:
        """Probability that the standoff is still going at time ``t``: ``exp(-(h_1 + h_2) t)``.

        Parameters
        ----------
        t : float or array_like
            Times (>= 0).

        Returns
        -------
        ndarray
            Shape ``t.shape`` for a single case, ``(B, *t.shape)`` for a batch.

        Examples
        --------
        >>> from tradegame.attrition import war_of_attrition
        >>> res = war_of_attrition([1.0, 1.0], [4.0, 4.0])
        >>> res.survival([0.0, 2.0]).round(4).tolist()
        [1.0, 0.3679]
        """
        times = as_array("t", t)
        require("t", times, lambda x: x >= 0, ">= 0")
        total = self.hazard.sum(axis=-1)
        total = total.reshape(total.shape + (1,) * times.ndim)
        return np.exp(-total * times)[()]

    def _cases(self) -> list[int | None]:
        return list(range(self.hazard.shape[0])) if self.batch else [None]

    def _at(self, field: str, k: int | None) -> np.ndarray:
        value = getattr(self, field)
        return value if k is None else value[k]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: plain floats and lists, one entry per player name.

        Examples
        --------
        >>> from tradegame.attrition import war_of_attrition
        >>> d = war_of_attrition([1.0, 2.0], [10.0, 10.0], names=("China", "US")).to_dict()
        >>> d["hazard"], round(d["expected_duration"], 4)
        ({'China': 0.2, 'US': 0.1}, 3.3333)
        """
        per_player = (
            "cost",
            "prize",
            "hazard",
            "concession_probability",
            "expected_costs",
            "expected_prizes",
            "payoffs",
        )
        scalars = ("discount_rate", "expected_duration", "median_duration")

        def one(k: int | None) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for f in per_player:
                values = _floats(self._at(f, k))
                out[f] = dict(zip(self.names, values, strict=True))
            for f in scalars:
                out[f] = float(self._at(f, k))
            return out

        if not self.batch:
            return {"players": list(self.names), **one(None)}
        return {"players": list(self.names), "cases": [one(k) for k in self._cases()]}

    def to_frame(self) -> pd.DataFrame:
        """Tidy table: one row per case and player.

        Columns: ``case`` (0 for a single case), ``player``, ``cost``,
        ``prize``, ``discount_rate``, ``hazard``, ``concession_probability``,
        ``expected_duration``, ``median_duration``, ``expected_cost``,
        ``expected_prize``, ``payoff``.

        Examples
        --------
        >>> from tradegame.attrition import war_of_attrition
        >>> war_of_attrition([1.0, 2.0], [10.0, 10.0], names=("China", "US")).to_frame()[
        ...     ["player", "hazard", "concession_probability"]].round(3)
          player  hazard  concession_probability
        0  China     0.2                   0.667
        1     US     0.1                   0.333
        """
        import pandas as pd

        rows = []
        for k in self._cases():
            for i, name in enumerate(self.names):
                rows.append(
                    {
                        "case": 0 if k is None else k,
                        "player": name,
                        "cost": float(self._at("cost", k)[i]),
                        "prize": float(self._at("prize", k)[i]),
                        "discount_rate": float(self._at("discount_rate", k)),
                        "hazard": float(self._at("hazard", k)[i]),
                        "concession_probability": float(self._at("concession_probability", k)[i]),
                        "expected_duration": float(self._at("expected_duration", k)),
                        "median_duration": float(self._at("median_duration", k)),
                        "expected_cost": float(self._at("expected_costs", k)[i]),
                        "expected_prize": float(self._at("expected_prizes", k)[i]),
                        "payoff": float(self._at("payoffs", k)[i]),
                    }
                )
        return pd.DataFrame(rows)

    def equilibria(self) -> pd.DataFrame:
        """The stationary equilibrium and the two pure ones of Hendricks, Weiss and Wilson (1988).

        In ``"<name> concedes at once"`` that player concedes at time 0 with
        probability one and the other never concedes; the standoff lasts no
        time, the conceder gets 0 and the other its whole prize. Between these
        and the stationary equilibrium lies a continuum (one player concedes
        at time 0 with probability ``a``, then both at the stationary rates),
        not listed.

        Returns
        -------
        pandas.DataFrame
            One row per case, equilibrium and player; columns ``case``,
            ``equilibrium``, ``player``, ``atom`` (probability of conceding at
            time 0), ``hazard`` (concession rate afterwards),
            ``expected_duration`` and ``payoff``.

        Examples
        --------
        >>> from tradegame.attrition import war_of_attrition
        >>> res = war_of_attrition([1.0, 2.0], [10.0, 10.0], names=("China", "US"))
        >>> res.equilibria()[["equilibrium", "player", "atom", "hazard", "payoff"]]
                     equilibrium player  atom  hazard  payoff
        0             stationary  China   0.0     0.2     0.0
        1             stationary     US   0.0     0.1     0.0
        2  China concedes at once  China   1.0     0.0     0.0
        3  China concedes at once     US   0.0     0.0    10.0
        4     US concedes at once  China   0.0     0.0    10.0
        5     US concedes at once     US   1.0     0.0     0.0
        """
        import pandas as pd

        rows = []
        for k in self._cases():
            case = 0 if k is None else k
            hazard = self._at("hazard", k)
            prize = self._at("prize", k)
            duration = float(self._at("expected_duration", k))
            for i, name in enumerate(self.names):
                rows.append((case, "stationary", name, 0.0, float(hazard[i]), duration, 0.0))
            for quitter, quitter_name in enumerate(self.names):
                label = f"{quitter_name} concedes at once"
                for i, name in enumerate(self.names):
                    atom = 1.0 if i == quitter else 0.0
                    payoff = 0.0 if i == quitter else float(prize[i])
                    rows.append((case, label, name, atom, 0.0, 0.0, payoff))
        return pd.DataFrame(
            rows,
            columns=[
                "case",
                "equilibrium",
                "player",
                "atom",
                "hazard",
                "expected_duration",
                "payoff",
            ],
        )


def war_of_attrition(
    cost: object,
    prize: object,
    *,
    discount_rate: object = 0.0,
    names: Sequence[str] | None = None,
) -> AttritionResult:
    """The stationary (mixed) equilibrium of a two-player war of attrition.

    Parameters
    ----------
    cost : array_like, shape (2,) or (B, 2)
        Each player's cost per unit of time while the standoff lasts (for
        example USD bn of lost trade per month); >= 0, at least one positive.
    prize : array_like, shape (2,) or (B, 2)
        Each player's value of winning rather than conceding, at the moment of
        winning (USD bn); > 0.
    discount_rate : float or array_like of shape (B,), optional
        Continuous discount rate per unit of time (>= 0, default 0). The
        concession rates do not depend on it; present values do.
    names : sequence of two str, optional
        Player names (default ``("P1", "P2")``).

    Returns
    -------
    AttritionResult
        With a leading batch axis on every array when a batch was given.

    Notes
    -----
    Player ``i`` concedes at the rate ``h_i = c_j / V_j`` that keeps the other
    player indifferent about waiting (Fudenberg and Tirole 1991, section
    4.5.2; Bulow and Klemperer 1999, section I). The side with the higher
    cost-to-prize ratio makes its rival concede faster, so it is the more
    likely winner: player ``i`` concedes first with probability
    ``(c_j / V_j) / (c_1 / V_1 + c_2 / V_2)``.

    Examples
    --------
    A symmetric standoff with cost 1 per month and prize 12 lasts
    ``V / (2 c) = 6`` months on average:

    >>> from tradegame.attrition import war_of_attrition
    >>> res = war_of_attrition([1.0, 1.0], [12.0, 12.0], names=("China", "US"))
    >>> float(res.expected_duration), round(float(res.median_duration), 3)
    (6.0, 4.159)
    >>> res.concession_probability.tolist()
    [0.5, 0.5]
    """
    who = _names(names)
    c, v, r, batch = _inputs(cost, prize, discount_rate)
    out = _kernel(c, v, r)

    def shaped(arr: np.ndarray) -> np.ndarray:
        arr = np.array(arr if batch else arr[0], dtype=float)
        arr.setflags(write=False)
        return arr

    return AttritionResult(
        names=who,
        cost=shaped(c),
        prize=shaped(v),
        discount_rate=shaped(r),
        hazard=shaped(out["hazard"]),
        expected_duration=shaped(out["expected_duration"]),
        median_duration=shaped(out["median_duration"]),
        concession_probability=shaped(out["concession_probability"]),
        expected_costs=shaped(out["expected_costs"]),
        expected_prizes=shaped(out["expected_prizes"]),
        payoffs=shaped(out["payoffs"]),
    )


def simulate_attrition(
    cost: object,
    prize: object,
    *,
    runs: int = 10_000,
    rng: np.random.Generator | int | None = None,
    names: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Simulated standoffs under the stationary equilibrium.

    Each player's planned concession time is exponential with its hazard
    ``c_j / V_j``; the standoff ends at the earlier one.

    Parameters
    ----------
    cost, prize : array_like, shape (2,) or (B, 2)
        As in :func:`war_of_attrition`.
    runs : int, optional
        Standoffs simulated per case (default 10,000).
    rng : numpy.random.Generator, int or None, optional
        Source of randomness (a seed or a generator).
    names : sequence of two str, optional
        Player names (default ``("P1", "P2")``).

    Returns
    -------
    pandas.DataFrame
        One row per case and run: ``case``, ``run``, ``duration``,
        ``conceded`` (who conceded) and ``winner``.

    Examples
    --------
    >>> from tradegame.attrition import simulate_attrition
    >>> sims = simulate_attrition([1.0, 1.0], [12.0, 12.0], runs=20_000, rng=1)
    >>> round(float(sims["duration"].mean()))
    6
    >>> sorted(sims["conceded"].unique())
    ['P1', 'P2']
    """
    import pandas as pd

    who = _names(names)
    if isinstance(runs, bool) or not isinstance(runs, (int, np.integer)) or runs < 1:
        raise ParameterError(f"runs must be a positive whole number; got {runs!r}")
    c, v, r, _ = _inputs(cost, prize, 0.0)
    cases = c.shape[0]
    if cases * int(runs) > _MAX_DRAWS:
        raise ParameterError(f"runs x cases must be at most {_MAX_DRAWS:,}; got {cases} x {runs:,}")
    hazard = _kernel(c, v, r)["hazard"]
    gen = as_rng(rng)
    draws = gen.standard_exponential((cases, int(runs), 2))
    with np.errstate(divide="ignore"):
        times = np.where(hazard[:, None, :] > 0, draws / hazard[:, None, :], np.inf)
    first = np.argmin(times, axis=2)
    duration = np.min(times, axis=2)
    labels = np.array(who, dtype=object)
    return pd.DataFrame(
        {
            "case": np.repeat(np.arange(cases), int(runs)),
            "run": np.tile(np.arange(int(runs)), cases),
            "duration": duration.ravel(),
            "conceded": labels[first.ravel()],
            "winner": labels[1 - first.ravel()],
        }
    )
