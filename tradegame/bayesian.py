"""Games of incomplete information: Bayesian games and the two-type supplier.

A :class:`BayesianGame` gives each player a set of types, a common prior over
type profiles and payoffs that depend on the types and the actions. Its
Bayesian Nash equilibria are the Nash equilibria of the ex-ante (Harsanyi)
normal form, in which a strategy is a plan naming an action for each of the
player's types and payoffs are expected under the prior (Harsanyi 1967-68;
Osborne 2004, ch. 9; Fudenberg and Tirole 1991, ch. 6).
:meth:`BayesianGame.to_game` builds that form, so every solver of
:mod:`tradegame.solvers` applies; :meth:`BayesianGame.equilibria` solves it and
reports each type's (mixed) action and the beliefs Bayes' rule gives.

:func:`supplier_resolve` is a small signalling game (Spence 1973; Cho and
Kreps 1987; Fudenberg and Tirole 1991, ch. 8) about what a first export
restriction reveals: the supplier is *resolute* (restricting costs it little)
or *opportunistic* (restricting costs it lost rents); the buyer sees whether a
restriction comes and then concedes or resists. Its perfect Bayesian
equilibria are derived in closed form, regime by regime
(:func:`signalling_regimes`, vectorised), checked against the Harsanyi form in
the tests, and screened with the intuitive criterion of Cho and Kreps (1987).

References
----------
Harsanyi, J. C. (1967-68). Games with incomplete information played by
"Bayesian" players, I-III. *Management Science* 14, 159-182, 320-334, 486-502.
Spence, M. (1973). Job market signaling. *Quarterly Journal of Economics* 87,
355-374.
Cho, I.-K. and Kreps, D. M. (1987). Signaling games and stable equilibria.
*Quarterly Journal of Economics* 102, 179-221.
Fudenberg, D. and Tirole, J. (1991). *Game Theory*. MIT Press, chs. 6 and 8.
Osborne, M. J. (2004). *An Introduction to Game Theory*. Oxford University
Press, ch. 9.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .economics._checks import as_array, require
from .errors import GameError, ParameterError
from .game import Game, label_problem
from .solvers import SolverResult, solve

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "BUYER_PLANS",
    "BayesianEquilibria",
    "BayesianGame",
    "SignallingEquilibrium",
    "SupplierResolve",
    "posterior",
    "signalling_regimes",
    "supplier_resolve",
]

MAX_PROFILES = 1_000_000
"""Largest number of pure profiles of the Harsanyi form :meth:`BayesianGame.to_game` builds."""

_PRIOR_TOL = 1e-9  # how far the prior's total may be from 1
_SAME = 1e-9  # behaviour strategies closer than this in every probability are one


def _labels(value: object, what: str, *, allow_bar: bool = True) -> tuple[str, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise GameError(f"{what} must be a list of labels; got {value!r}")
    out = tuple(value)
    if not out:
        raise GameError(f"{what} must not be empty")
    for label in out:
        if (problem := label_problem(label)) is not None:
            raise GameError(f"{what} {problem}")
        if not allow_bar and "|" in label:
            raise GameError(f"{what} must not contain '|' (it separates plans); got {label!r}")
    if len(set(out)) != len(out):
        dup = next(x for x in out if out.count(x) > 1)
        raise GameError(f"{what} must be unique; {dup!r} appears twice")
    return out


def _float_array(value: object, what: str) -> np.ndarray:
    try:
        arr = np.array(value, dtype=float)
    except (TypeError, ValueError):
        raise GameError(f"{what} must be a rectangular array of numbers") from None
    if not np.isfinite(arr).all():
        bad = arr[~np.isfinite(arr)].ravel()[0]
        raise GameError(f"{what} must hold finite numbers; found {bad}")
    return arr


@dataclass(frozen=True, eq=False, repr=False)
class BayesianGame:
    """A finite game of incomplete information with a common prior.

    Parameters
    ----------
    players : sequence of str
        Unique player names.
    types : sequence of sequence of str
        Each player's type labels (a player with complete information has one).
    actions : sequence of sequence of str
        Each player's action labels (without ``'|'``, which separates plans).
    prior : array_like, shape (n_types_1, ..., n_types_N)
        Probability of each type profile: non-negative, summing to 1.
        Types may be correlated.
    payoffs : array_like, shape (N, n_types_1, ..., n_types_N, n_actions_1, ..., n_actions_N)
        ``payoffs[i][t_1, ..., t_N, a_1, ..., a_N]`` is player ``i``'s payoff
        when the types are ``t`` and the actions ``a``.
    name : str, optional
        A short title.

    Examples
    --------
    Battle of the sexes in which player 2 wishes to meet player 1 or to avoid
    it, each with probability 1/2 (Osborne 2004, section 9.2, Example 274.1):

    >>> import numpy as np
    >>> from tradegame.bayesian import BayesianGame
    >>> meet = [[[2, 0], [0, 1]], [[1, 0], [0, 2]]]
    >>> avoid = [[[2, 0], [0, 1]], [[0, 2], [1, 0]]]
    >>> u = np.stack([np.stack([meet[i], avoid[i]]) for i in range(2)])[:, None]
    >>> bos = BayesianGame(("1", "2"), (("-",), ("meet", "avoid")), (("B", "S"),) * 2,
    ...                    [[0.5, 0.5]], u, name="BoS, uncertain preferences")
    >>> bos
    <BayesianGame 'BoS, uncertain preferences' (1: 1 type, 2: 2 types)>
    >>> bos.to_game().strategies[1]
    ('B|B', 'B|S', 'S|B', 'S|S')
    """

    players: tuple[str, ...]
    types: tuple[tuple[str, ...], ...]
    actions: tuple[tuple[str, ...], ...]
    prior: np.ndarray
    payoffs: np.ndarray
    name: str = ""

    def __post_init__(self) -> None:
        players = _labels(self.players, "player names")
        n = len(players)
        if n < 2:
            raise GameError(f"a game needs at least two players; got {n}")
        for field_name in ("types", "actions"):
            value = getattr(self, field_name)
            if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
                raise GameError(f"{field_name} must be one list of labels per player")
            if len(value) != n:
                raise GameError(f"{field_name} are given for {len(value)} players; there are {n}")
        types = tuple(
            _labels(t, f"types of {p!r}") for p, t in zip(players, self.types, strict=True)
        )
        actions = tuple(
            _labels(a, f"actions of {p!r}", allow_bar=False)
            for p, a in zip(players, self.actions, strict=True)
        )
        n_types = tuple(len(t) for t in types)
        n_actions = tuple(len(a) for a in actions)
        prior = _float_array(self.prior, "prior")
        if prior.shape != n_types:
            raise GameError(f"prior has shape {prior.shape}; the types imply {n_types}")
        if (prior < 0).any():
            raise GameError(f"prior must be non-negative; found {prior[prior < 0].ravel()[0]:g}")
        total = float(prior.sum())
        if abs(total - 1.0) > _PRIOR_TOL:
            raise GameError(f"prior must sum to 1; it sums to {total:.12g}")
        payoffs = _float_array(self.payoffs, "payoffs")
        expected = (n, *n_types, *n_actions)
        if payoffs.shape != expected:
            raise GameError(
                f"payoffs have shape {payoffs.shape}; players, types and actions imply {expected}"
            )
        prior.setflags(write=False)
        payoffs.setflags(write=False)
        object.__setattr__(self, "players", players)
        object.__setattr__(self, "types", types)
        object.__setattr__(self, "actions", actions)
        object.__setattr__(self, "prior", prior)
        object.__setattr__(self, "payoffs", payoffs)
        object.__setattr__(self, "name", str(self.name))

    @property
    def n_players(self) -> int:
        """Number of players."""
        return len(self.players)

    def marginal(self, player: int | str) -> np.ndarray:
        """The prior probability of each of ``player``'s types."""
        i = self._index(player)
        axes = tuple(k for k in range(self.n_players) if k != i)
        return self.prior.sum(axis=axes)

    def _index(self, player: int | str) -> int:
        if isinstance(player, (int, np.integer)) and not isinstance(player, bool):
            if 0 <= player < self.n_players:
                return int(player)
        elif player in self.players:
            return self.players.index(player)
        raise GameError(f"unknown player {player!r}; players are: {', '.join(self.players)}")

    def _plans(self, i: int) -> np.ndarray:
        """Player ``i``'s plans: row ``p`` gives the action index of each type."""
        grid = itertools.product(range(len(self.actions[i])), repeat=len(self.types[i]))
        return np.array(list(grid), dtype=int).reshape(-1, len(self.types[i]))

    def to_game(self) -> Game:
        """The ex-ante (Harsanyi) normal form.

        A strategy of player ``i`` is a plan: one action per type, labelled by
        the actions in type order joined with ``'|'`` (``"restrict|comply"``:
        the first type restricts, the second complies); a player with one type
        keeps its action labels. The payoff of a profile of plans is the
        expected payoff under the prior (Harsanyi 1967-68; Osborne 2004,
        section 9.3).

        Examples
        --------
        >>> import tradegame as tg
        >>> from tradegame.bayesian import supplier_resolve
        >>> g = supplier_resolve(0.5, cost_resolute=1, cost_opportunistic=3, transfer=2,
        ...                      buyer_loss=5).bayesian_game().to_game()
        >>> g
        <4x4 Game 'supplier resolve' (China, US)>
        """
        plans = [self._plans(i) for i in range(self.n_players)]
        sizes = [len(p) for p in plans]
        if math.prod(sizes) > MAX_PROFILES:
            raise GameError(
                f"the Harsanyi form would have {math.prod(sizes):,} pure profiles "
                f"({' x '.join(map(str, sizes))}); the limit is {MAX_PROFILES:,}"
            )
        tensor = np.zeros((self.n_players, *sizes))
        for theta in np.ndindex(*self.prior.shape):
            weight = self.prior[theta]
            if weight == 0:
                continue
            block = self.payoffs[(slice(None), *theta)]
            chosen = np.ix_(*[plans[k][:, theta[k]] for k in range(self.n_players)])
            tensor += weight * block[(slice(None), *chosen)]
        labels = [
            tuple("|".join(self.actions[i][a] for a in row) for row in plans[i])
            for i in range(self.n_players)
        ]
        return Game.from_arrays(
            list(tensor), players=self.players, strategies=labels, name=self.name
        )

    def behaviour(self, player: int | str, plan_probabilities: object) -> np.ndarray:
        """Each type's mixed action implied by a mixed strategy over plans (Kuhn 1953).

        Returns an array of shape (n_types, n_actions): row ``t`` is the
        probability of each action for type ``t``.
        """
        i = self._index(player)
        plans = self._plans(i)
        sigma = np.asarray(plan_probabilities, dtype=float)
        if sigma.shape != (len(plans),):
            raise GameError(
                f"{self.players[i]!r} has {len(plans)} plans; got {sigma.shape[0]} probabilities"
            )
        onehot = plans[:, :, None] == np.arange(len(self.actions[i]))
        return np.einsum("p,pta->ta", sigma, onehot)

    def interim_payoffs(self, behaviour: Sequence[np.ndarray]) -> tuple[np.ndarray, ...]:
        """Each player's expected payoff conditional on each of its types.

        ``behaviour[k]`` has shape (n_types_k, n_actions_k). A type of prior
        probability zero has no conditional expectation: NaN.
        """
        n = self.n_players
        joint = np.zeros((n, *self.prior.shape))
        for theta in np.ndindex(*self.prior.shape):
            value = self.payoffs[(slice(None), *theta)]
            for k in reversed(range(n)):
                value = value @ behaviour[k][theta[k]]
            joint[(slice(None), *theta)] = self.prior[theta] * value
        out = []
        for i in range(n):
            axes = tuple(1 + k for k in range(n) if k != i)
            mass = self.marginal(i)
            total = joint[i].sum(axis=tuple(a - 1 for a in axes))
            with np.errstate(invalid="ignore", divide="ignore"):
                out.append(np.where(mass > 0, total / np.where(mass > 0, mass, 1.0), np.nan))
        return tuple(out)

    def equilibria(self, *, tol: float | None = None) -> BayesianEquilibria:
        """Bayesian Nash equilibria, from :func:`tradegame.solve` on :meth:`to_game`.

        For two players ``solve`` enumerates every extreme equilibrium of the
        Harsanyi form; for more players it finds the pure ones. Plans that
        differ only in what a type of prior probability zero does, and mixed
        strategies over plans that give every type the same mixed action, are
        one Bayesian equilibrium (Kuhn 1953): they are listed once.

        Examples
        --------
        >>> import numpy as np
        >>> from tradegame.bayesian import BayesianGame
        >>> meet = [[[2, 0], [0, 1]], [[1, 0], [0, 2]]]
        >>> avoid = [[[2, 0], [0, 1]], [[0, 2], [1, 0]]]
        >>> u = np.stack([np.stack([meet[i], avoid[i]]) for i in range(2)])[:, None]
        >>> bos = BayesianGame(("1", "2"), (("-",), ("meet", "avoid")), (("B", "S"),) * 2,
        ...                    [[0.5, 0.5]], u)
        >>> eq = bos.equilibria()
        >>> frame = eq.to_frame()
        >>> frame[(frame.equilibrium == 0) & (frame.probability > 0)][
        ...     ["player", "type", "action", "probability"]]
          player  type action  probability
        0      1     -      B          1.0
        2      2  meet      B          1.0
        5      2 avoid      S          1.0
        """
        game = self.to_game()
        result = solve(game) if tol is None else solve(game, tol=tol)
        kept: list[tuple[np.ndarray, ...]] = []
        for eq in result:
            beh = tuple(self.behaviour(i, eq.strategies[i]) for i in range(self.n_players))
            for i in range(self.n_players):  # a type nobody can be: nothing to report
                beh[i][self.marginal(i) == 0] = np.nan
            if not any(_same_behaviour(beh, other) for other in kept):
                kept.append(beh)
        for beh in kept:
            for arr in beh:
                arr.setflags(write=False)
        interim = tuple(self.interim_payoffs([np.nan_to_num(b) for b in beh]) for beh in kept)
        return BayesianEquilibria(
            game=self, result=result, behaviour=tuple(kept), interim_payoffs=interim
        )

    def __repr__(self) -> str:
        title = f" {self.name!r}" if self.name else ""
        parts = []
        for p, t in zip(self.players, self.types, strict=True):
            parts.append(f"{p}: {len(t)} type{'s' if len(t) != 1 else ''}")
        return f"<BayesianGame{title} ({', '.join(parts)})>"


def _same_behaviour(a: tuple[np.ndarray, ...], b: tuple[np.ndarray, ...]) -> bool:
    return all(
        np.allclose(np.nan_to_num(x, nan=-1.0), np.nan_to_num(y, nan=-1.0), atol=_SAME, rtol=0)
        for x, y in zip(a, b, strict=True)
    )


@dataclass(frozen=True, eq=False)
class BayesianEquilibria:
    """Bayesian Nash equilibria of a :class:`BayesianGame`.

    Attributes
    ----------
    game : BayesianGame
    result : SolverResult
        The solver's result on the Harsanyi form (method, tolerance,
        completeness, notes, regrets).
    behaviour : tuple of tuple of ndarray
        ``behaviour[k][i][t, a]``: in equilibrium ``k``, the probability that
        player ``i`` of type ``t`` plays action ``a`` (NaN for a type of prior
        probability zero).
    interim_payoffs : tuple of tuple of ndarray
        ``interim_payoffs[k][i][t]``: player ``i``'s expected payoff given its
        type ``t`` (NaN for a type of prior probability zero).
    """

    game: BayesianGame
    result: SolverResult
    behaviour: tuple[tuple[np.ndarray, ...], ...]
    interim_payoffs: tuple[tuple[np.ndarray, ...], ...]

    @property
    def complete(self) -> bool:
        """Whether the solver guarantees that every extreme equilibrium is listed."""
        return self.result.complete

    def __len__(self) -> int:
        return len(self.behaviour)

    def beliefs(self) -> pd.DataFrame:
        """Posterior beliefs about each other player's type after seeing its action.

        ``P(type of j = t | own type s, j plays a)`` by Bayes' rule from the
        prior and ``j``'s equilibrium behaviour. After an action that no type
        of ``j`` plays (off the equilibrium path) Bayes' rule says nothing: the
        belief is NaN.

        Returns
        -------
        pandas.DataFrame
            Columns ``equilibrium``, ``observer``, ``observer_type``,
            ``observed``, ``action``, ``type``, ``belief``.
        """
        import pandas as pd

        g = self.game
        rows = []
        for k, beh in enumerate(self.behaviour):
            for i, j in itertools.permutations(range(g.n_players), 2):
                axes = tuple(m for m in range(g.n_players) if m not in (i, j))
                pair = g.prior.sum(axis=axes)  # axes (i, j) in increasing order
                if i > j:
                    pair = pair.T
                act = np.nan_to_num(beh[j])
                for s, own in enumerate(g.types[i]):
                    if g.marginal(i)[s] == 0:
                        continue
                    for a, action in enumerate(g.actions[j]):
                        weights = pair[s] * act[:, a]
                        total = weights.sum()
                        for t, label in enumerate(g.types[j]):
                            belief = float(weights[t] / total) if total > 0 else math.nan
                            rows.append((k, g.players[i], own, g.players[j], action, label, belief))
        return pd.DataFrame(
            rows,
            columns=[
                "equilibrium",
                "observer",
                "observer_type",
                "observed",
                "action",
                "type",
                "belief",
            ],
        )

    def to_frame(self) -> pd.DataFrame:
        """Tidy table: one row per equilibrium, player, type and action.

        Columns ``equilibrium``, ``player``, ``type``, ``action``,
        ``probability``, ``interim_payoff``.
        """
        import pandas as pd

        g = self.game
        rows = []
        for k, (beh, pay) in enumerate(zip(self.behaviour, self.interim_payoffs, strict=True)):
            for i, player in enumerate(g.players):
                for t, label in enumerate(g.types[i]):
                    for a, action in enumerate(g.actions[i]):
                        rows.append(
                            (k, player, label, action, float(beh[i][t, a]), float(pay[i][t]))
                        )
        return pd.DataFrame(
            rows,
            columns=["equilibrium", "player", "type", "action", "probability", "interim_payoff"],
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: per equilibrium, each type's mixed action and interim payoff.

        Probabilities and payoffs of a type of prior probability zero are None.
        """
        g = self.game

        def num(x: float) -> float | None:
            return None if math.isnan(x) else float(x)

        equilibria = []
        for beh, pay in zip(self.behaviour, self.interim_payoffs, strict=True):
            entry = {}
            for i, player in enumerate(g.players):
                entry[player] = {
                    label: {
                        "actions": {
                            action: num(beh[i][t, a]) for a, action in enumerate(g.actions[i])
                        },
                        "interim_payoff": num(pay[i][t]),
                    }
                    for t, label in enumerate(g.types[i])
                }
            equilibria.append(entry)
        return {
            "game": g.name,
            "players": list(g.players),
            "method": self.result.method,
            "complete": self.result.complete,
            "notes": list(self.result.notes),
            "equilibria": equilibria,
        }


# ---------------------------------------------------------------- Bayes' rule, vectorised
def posterior(
    prior: object, p_restrict_resolute: object, p_restrict_opportunistic: object
) -> np.ndarray:
    """P(resolute | restriction) by Bayes' rule, for arrays of any broadcastable shapes.

    ``p a / (p a + (1 - p) b)`` with ``p`` the prior probability of the
    resolute type and ``a``, ``b`` each type's probability of restricting.
    Where no type restricts (``p a + (1 - p) b = 0``) a restriction is off the
    equilibrium path and Bayes' rule does not apply: the result is NaN there,
    by design. For the belief after *no* restriction pass ``1 - a`` and
    ``1 - b``.

    Examples
    --------
    >>> from tradegame.bayesian import posterior
    >>> posterior(0.3, [1.0, 1.0, 0.0], [0.0, 0.5, 0.0]).round(4).tolist()
    [1.0, 0.4615, nan]
    """
    p = as_array("prior", prior)
    a = as_array("p_restrict_resolute", p_restrict_resolute)
    b = as_array("p_restrict_opportunistic", p_restrict_opportunistic)
    for name, arr in (("prior", p), ("p_restrict_resolute", a), ("p_restrict_opportunistic", b)):
        require(name, arr, lambda x: (x >= 0) & (x <= 1), "in [0, 1]")
    try:
        shape = np.broadcast_shapes(p.shape, a.shape, b.shape)
    except ValueError:
        raise ParameterError(
            f"prior, p_restrict_resolute and p_restrict_opportunistic must broadcast together; "
            f"got shapes {p.shape}, {a.shape} and {b.shape}"
        ) from None
    num = np.broadcast_to(p * a, shape)
    den = num + (1.0 - p) * b
    out = np.full(shape, np.nan)
    np.divide(num, den, out=out, where=den > 0)
    return out[()]


# ---------------------------------------------------------------- the two-type supplier
BUYER_PLANS = ("concede,concede", "concede,resist", "resist,concede", "resist,resist")
"""The buyer's plans in the Harsanyi form of :func:`supplier_resolve`: its response
after a restriction, then its response after no restriction."""

_KINDS = (
    "separating",
    "pooling on restriction",
    "pooling on no restriction",
    "semi-separating: opportunistic bluffs",
    "semi-separating: resolute holds back",
)


def _checked_parameters(
    prior_resolute: object,
    cost_resolute: object,
    cost_opportunistic: object,
    transfer: object,
    buyer_loss: object,
) -> tuple[np.ndarray, ...]:
    p = as_array("prior_resolute", prior_resolute)
    c_r = as_array("cost_resolute", cost_resolute)
    c_o = as_array("cost_opportunistic", cost_opportunistic)
    t = as_array("transfer", transfer)
    loss = as_array("buyer_loss", buyer_loss)
    require("prior_resolute", p, lambda x: (x > 0) & (x < 1), "in (0, 1)")
    for name, arr in (("cost_resolute", c_r), ("cost_opportunistic", c_o)):
        require(name, arr, np.isfinite, "finite")
    for name, arr in (("transfer", t), ("buyer_loss", loss)):
        require(name, arr, lambda x: np.isfinite(x) & (x > 0), "finite and > 0")
    try:
        shape = np.broadcast_shapes(p.shape, c_r.shape, c_o.shape, t.shape, loss.shape)
    except ValueError:
        raise ParameterError(
            "prior_resolute, cost_resolute, cost_opportunistic, transfer and buyer_loss must "
            f"broadcast together; got shapes {p.shape}, {c_r.shape}, {c_o.shape}, {t.shape} "
            f"and {loss.shape}"
        ) from None
    p, c_r, c_o, t, loss = (np.broadcast_to(x, shape) for x in (p, c_r, c_o, t, loss))
    if not (c_r < c_o).all():
        k = np.flatnonzero(~(c_r < c_o).ravel())[0]
        raise ParameterError(
            "cost_resolute must be below cost_opportunistic (the resolute type is the one for "
            f"whom restricting is cheaper); got {c_r.ravel()[k]:g} and {c_o.ravel()[k]:g}"
        )
    return p, c_r, c_o, t, loss


def signalling_regimes(
    prior_resolute: object,
    cost_resolute: object,
    cost_opportunistic: object,
    transfer: object,
    buyer_loss: object,
) -> dict[str, Any]:
    """Which perfect Bayesian equilibria :func:`supplier_resolve` has, for arrays of parameters.

    Arguments broadcast against each other; see :func:`supplier_resolve` for
    their meaning. With ``mu* = transfer / buyer_loss`` (the buyer concedes
    when ``P(resolute) > mu*``), ``p`` the prior, ``c_R < c_O`` the costs and
    ``T`` the transfer, the generic equilibria are (derived in the notes of
    :func:`supplier_resolve`):

    - *separating* (the resolute type restricts, the opportunistic one does
      not) iff ``c_R <= q T <= c_O`` for some ``q`` (the buyer's concession
      probability after a restriction) that is a best response to certain
      resolve: ``q = 1`` if ``mu* < 1``, ``q = 0`` if ``mu* > 1``, any ``q``
      if ``mu* = 1``;
    - *pooling on restriction* iff ``c_O <= q T``, ``q = 1`` if ``p >= mu*``
      else 0;
    - *pooling on no restriction* iff ``c_R >= -q T``, ``q = 1`` if
      ``p >= mu*`` else 0;
    - *semi-separating, opportunistic bluffs* iff ``0 < c_O < T`` and
      ``p < mu* < 1``;
    - *semi-separating, resolute holds back* iff ``0 < c_R < T`` and
      ``mu* < p``.

    Returns
    -------
    dict
        ``"belief_threshold"``: ``mu*``; and for each kind in
        ``"separating"``, ``"pooling on restriction"``, ``"pooling on no
        restriction"``, ``"semi-separating: opportunistic bluffs"``,
        ``"semi-separating: resolute holds back"`` a dict of arrays:
        ``exists`` (bool), ``restrict_resolute``, ``restrict_opportunistic``
        (each type's probability of restricting), ``concede_after_restriction``,
        ``concede_after_no_restriction`` (the buyer's probability of conceding;
        off the path, the response that deters deviations), each of the
        broadcast shape; values where ``exists`` is False are meaningless.

    Examples
    --------
    >>> from tradegame.bayesian import signalling_regimes
    >>> out = signalling_regimes([0.2, 0.8], 1.0, 3.0, 2.0, 5.0)
    >>> {k: v["exists"].tolist() for k, v in out.items() if k != "belief_threshold"}
    ... # doctest: +NORMALIZE_WHITESPACE
    {'separating': [True, True], 'pooling on restriction': [False, False],
     'pooling on no restriction': [True, True],
     'semi-separating: opportunistic bluffs': [False, False],
     'semi-separating: resolute holds back': [False, True]}
    """
    p, c_r, c_o, t, loss = _checked_parameters(
        prior_resolute, cost_resolute, cost_opportunistic, transfer, buyer_loss
    )
    mu = t / loss
    zero, one = np.zeros(p.shape), np.ones(p.shape)
    # separating: the buyer's response to certain resolve, any of its best responses at mu* = 1
    with np.errstate(divide="ignore", invalid="ignore"):
        sep_low = np.maximum((mu < 1).astype(float), c_r / t)
        sep_high = np.minimum((mu <= 1).astype(float), c_o / t)
    q_sep = np.clip(sep_high, 0.0, 1.0)
    q_pool = (p >= mu).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        bluff = np.clip(p * (1 - mu) / ((1 - p) * mu), 0.0, 1.0)
        hold = np.clip(1 - mu * (1 - p) / (p * (1 - mu)), 0.0, 1.0)
    out: dict[str, Any] = {"belief_threshold": mu}
    out["separating"] = {
        "exists": sep_low <= sep_high,
        "restrict_resolute": one,
        "restrict_opportunistic": zero,
        "concede_after_restriction": q_sep,
        "concede_after_no_restriction": zero,
    }
    out["pooling on restriction"] = {
        "exists": c_o <= q_pool * t,
        "restrict_resolute": one,
        "restrict_opportunistic": one,
        "concede_after_restriction": q_pool,
        "concede_after_no_restriction": zero,
    }
    out["pooling on no restriction"] = {
        "exists": c_r >= -q_pool * t,
        "restrict_resolute": zero,
        "restrict_opportunistic": zero,
        "concede_after_restriction": zero,
        "concede_after_no_restriction": q_pool,
    }
    out["semi-separating: opportunistic bluffs"] = {
        "exists": (c_o > 0) & (c_o < t) & (p < mu) & (mu < 1),
        "restrict_resolute": one,
        "restrict_opportunistic": bluff,
        "concede_after_restriction": np.clip(c_o / t, 0.0, 1.0),
        "concede_after_no_restriction": zero,
    }
    out["semi-separating: resolute holds back"] = {
        "exists": (c_r > 0) & (c_r < t) & (mu < p),
        "restrict_resolute": hold,
        "restrict_opportunistic": zero,
        "concede_after_restriction": one,
        "concede_after_no_restriction": np.clip(1 - c_r / t, 0.0, 1.0),
    }
    return out


def _num(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


@dataclass(frozen=True)
class SignallingEquilibrium:
    """One perfect Bayesian equilibrium of :func:`supplier_resolve`.

    Attributes
    ----------
    kind : str
        ``"separating"``, ``"pooling on restriction"``, ``"pooling on no
        restriction"``, ``"semi-separating: opportunistic bluffs"`` or
        ``"semi-separating: resolute holds back"``.
    restrict_resolute, restrict_opportunistic : float
        Each type's probability of imposing the first restriction.
    belief_after_restriction, belief_after_no_restriction : float
        The buyer's posterior P(resolute | signal); NaN off the path, where
        Bayes' rule does not apply.
    off_path_beliefs : tuple of float or None
        For a pooling equilibrium, the interval of off-path beliefs at which
        the buyer's prescribed response is optimal (any of them supports the
        equilibrium); None when both signals are on the path.
    concede_after_restriction, concede_after_no_restriction : float
        The buyer's probability of conceding after each signal.
    payoff_resolute, payoff_opportunistic, payoff_buyer : float
        Expected payoffs (the supplier's given its type; the buyer's ex ante).
    intuitive : bool
        Whether the equilibrium survives the intuitive criterion (Cho and
        Kreps 1987); equilibria without off-path signals always do.
    """

    kind: str
    restrict_resolute: float
    restrict_opportunistic: float
    belief_after_restriction: float
    belief_after_no_restriction: float
    off_path_beliefs: tuple[float, float] | None
    concede_after_restriction: float
    concede_after_no_restriction: float
    payoff_resolute: float
    payoff_opportunistic: float
    payoff_buyer: float
    intuitive: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; an undefined (off-path) belief is None."""
        out: dict[str, Any] = {}
        for key, value in self.__dict__.items():
            if isinstance(value, float):
                out[key] = _num(value)
            elif isinstance(value, tuple):
                out[key] = [float(v) for v in value]
            else:
                out[key] = value
        return out


@dataclass(frozen=True)
class SupplierResolve:
    """The perfect Bayesian equilibria of the two-type supplier game.

    Attributes
    ----------
    names : tuple of str
        Supplier, buyer.
    parameters : dict
        ``prior_resolute``, ``cost_resolute``, ``cost_opportunistic``,
        ``transfer``, ``buyer_loss``.
    belief_threshold : float
        ``transfer / buyer_loss``: the buyer concedes when it believes the
        supplier resolute with a higher probability.
    equilibria : tuple of SignallingEquilibrium
        The generic perfect Bayesian equilibria (see :func:`supplier_resolve`).
    """

    names: tuple[str, str]
    parameters: dict[str, float]
    belief_threshold: float
    equilibria: tuple[SignallingEquilibrium, ...]

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self) -> Iterator[SignallingEquilibrium]:
        return iter(self.equilibria)

    def __getitem__(self, k: int) -> SignallingEquilibrium:
        return self.equilibria[k]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "supplier": self.names[0],
            "buyer": self.names[1],
            "parameters": dict(self.parameters),
            "belief_threshold": self.belief_threshold,
            "equilibria": [e.to_dict() for e in self.equilibria],
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per equilibrium; columns are the fields of :class:`SignallingEquilibrium`.

        ``off_path_beliefs`` is split into ``off_path_belief_low`` and
        ``off_path_belief_high`` (NaN when both signals are on the path).
        """
        import pandas as pd

        rows = []
        for e in self.equilibria:
            row = dict(e.__dict__)
            low, high = e.off_path_beliefs or (math.nan, math.nan)
            del row["off_path_beliefs"]
            row["off_path_belief_low"] = low
            row["off_path_belief_high"] = high
            rows.append(row)
        columns = [f for f in SignallingEquilibrium.__dataclass_fields__ if f != "off_path_beliefs"]
        columns += ["off_path_belief_low", "off_path_belief_high"]
        return pd.DataFrame(rows, columns=columns)

    def bayesian_game(self) -> BayesianGame:
        """The game as a :class:`BayesianGame`: the buyer's actions are its plans.

        The supplier's types are ``("resolute", "opportunistic")`` and its
        actions ``("restrict", "comply")``; the buyer has one type and the
        plans :data:`BUYER_PLANS`. Its Harsanyi form (:meth:`BayesianGame.to_game`)
        is the normal form of the signalling game, whose Nash equilibria
        include every perfect Bayesian equilibrium (and some that are not
        sequentially rational off the path).
        """
        prm = self.parameters
        t, loss = prm["transfer"], prm["buyer_loss"]
        costs = (prm["cost_resolute"], prm["cost_opportunistic"])
        prior = np.array([[prm["prior_resolute"]], [1.0 - prm["prior_resolute"]]])
        u = np.zeros((2, 2, 1, 2, 4))
        for plan, label in enumerate(BUYER_PLANS):
            responses = label.split(",")
            for theta in range(2):
                for signal in range(2):  # 0: restrict, 1: comply
                    concede = responses[signal] == "concede"
                    u[0, theta, 0, signal, plan] = concede * t - (signal == 0) * costs[theta]
                    u[1, theta, 0, signal, plan] = -t if concede else -loss * (theta == 0)
        return BayesianGame(
            self.names,
            (("resolute", "opportunistic"), ("any",)),
            (("restrict", "comply"), BUYER_PLANS),
            prior,
            u,
            name="supplier resolve",
        )


def _intuitive(
    kind: str, mu: float, t: float, costs: tuple[float, float], q_r: float, q_c: float
) -> bool:
    """The intuitive criterion (Cho and Kreps 1987) for a pooling equilibrium."""
    if not kind.startswith("pooling"):
        return True
    q_max = 1.0 if mu <= 1 else 0.0  # the most the buyer concedes at any belief
    if kind == "pooling on no restriction":
        eq_pay = [q_c * t, q_c * t]
        best = [q_max * t - c for c in costs]  # restricting, at the best response for the type
    else:
        eq_pay = [q_r * t - c for c in costs]
        best = [q_max * t, q_max * t]
    dominated = [eq_pay[k] > best[k] for k in range(2)]
    if all(dominated) or not any(dominated):
        return True
    left = dominated.index(False)  # the only type that could gain from the deviation
    belief = 1.0 if left == 0 else 0.0
    q_least = 1.0 if belief > mu else 0.0  # the buyer's least concession at that belief
    deviation = q_least * t - (costs[left] if kind == "pooling on no restriction" else 0.0)
    return not deviation > eq_pay[left]


def supplier_resolve(
    prior_resolute: float,
    *,
    cost_resolute: float,
    cost_opportunistic: float,
    transfer: float,
    buyer_loss: float,
    names: Sequence[str] = ("China", "US"),
) -> SupplierResolve:
    """What a first restriction reveals about the supplier's resolve: the PBE of a signalling game.

    Nature makes the supplier *resolute* with probability ``prior_resolute``
    and *opportunistic* otherwise. The supplier imposes a first export
    restriction or not; the buyer sees which and then *concedes* (suspends
    tariffs or chip controls: a transfer ``T`` from buyer to supplier) or
    *resists*. Payoffs, in one money unit (e.g. USD bn, present value):

    ============  ==============  ===============================================
    signal        buyer concedes  buyer resists
    ============  ==============  ===============================================
    restrict      ``T - c``, -T   ``-c``, ``-L`` if resolute (0 if opportunistic)
    no restrict   ``T``, ``-T``   0, ``-L`` if resolute (0 if opportunistic)
    ============  ==============  ===============================================

    (supplier's payoff first). ``c`` is the type's cost of the restriction
    (``cost_resolute`` < ``cost_opportunistic``; negative when restricting
    pays in itself, e.g. in leverage); ``L`` is ``buyer_loss``, what resisting
    a resolute supplier costs the buyer in the standoff that follows (an
    opportunistic supplier backs down).

    Parameters
    ----------
    prior_resolute : float
        Prior probability that the supplier is resolute, in (0, 1).
    cost_resolute, cost_opportunistic : float
        Cost of the first restriction to each type; ``cost_resolute`` must be
        below ``cost_opportunistic``.
    transfer : float
        Value of the buyer's concession (> 0).
    buyer_loss : float
        Buyer's loss from resisting a resolute supplier (> 0).
    names : sequence of two str, optional
        Supplier and buyer (default ``("China", "US")``).

    Returns
    -------
    SupplierResolve
        The perfect Bayesian equilibria, each with both types' probabilities
        of restricting, the buyer's posteriors and responses, payoffs, and
        whether it passes the intuitive criterion.

    Notes
    -----
    The buyer concedes after a signal iff its posterior that the supplier is
    resolute exceeds ``mu* = T / L``. Type ``theta`` restricts iff
    ``(q_r - q_n) T > c_theta``, with ``q_r``, ``q_n`` the buyer's concession
    probabilities after restriction and after none. Because ``c_R < c_O`` at
    most one type is indifferent, which leaves five kinds of perfect Bayesian
    equilibrium (Fudenberg and Tirole 1991, section 8.2; the conditions are in
    :func:`signalling_regimes`): separating, pooling on either signal, and two
    semi-separating ones in which one type mixes so that the buyer's posterior
    is exactly ``mu*`` and the buyer mixes so that the mixing type is
    indifferent. Off the path of a pooling equilibrium the buyer resists,
    which is optimal for any belief in ``off_path_beliefs``. On the boundaries
    (``p = mu*``, ``q T = c``) continua of equilibria appear; the listing then
    gives members of them, not all. The intuitive criterion (Cho and Kreps
    1987) is applied to the pooling equilibria: with the beer-quiche payoffs
    it keeps pooling on beer only.

    Examples
    --------
    A restriction costs a resolute China 1 and an opportunistic one 3 (USD bn);
    US concessions are worth 2 and resisting a resolute China costs the US 5:

    >>> from tradegame.bayesian import supplier_resolve
    >>> res = supplier_resolve(0.3, cost_resolute=1.0, cost_opportunistic=3.0,
    ...                        transfer=2.0, buyer_loss=5.0)
    >>> for e in res:
    ...     print(e.kind, e.restrict_resolute, e.restrict_opportunistic,
    ...           e.belief_after_restriction, e.intuitive)
    separating 1.0 0.0 1.0 True
    pooling on no restriction 0.0 0.0 nan False
    """
    who = tuple(names) if isinstance(names, Sequence) and not isinstance(names, str) else names
    if not isinstance(who, tuple) or len(who) != 2 or any(label_problem(x) for x in who):
        raise ParameterError(f"names must be two player names (supplier, buyer); got {names!r}")
    if who[0] == who[1]:
        raise ParameterError(f"names must be two different names; got {who[0]!r} twice")
    for name, value in (
        ("prior_resolute", prior_resolute),
        ("cost_resolute", cost_resolute),
        ("cost_opportunistic", cost_opportunistic),
        ("transfer", transfer),
        ("buyer_loss", buyer_loss),
    ):
        if np.ndim(as_array(name, value)) != 0:
            raise ParameterError(
                f"{name} must be a single number (use signalling_regimes for arrays)"
            )
    regimes = signalling_regimes(
        prior_resolute, cost_resolute, cost_opportunistic, transfer, buyer_loss
    )
    p, c_r, c_o = float(prior_resolute), float(cost_resolute), float(cost_opportunistic)
    t, loss = float(transfer), float(buyer_loss)
    mu = float(regimes["belief_threshold"])
    equilibria = []
    for kind in _KINDS:
        entry = regimes[kind]
        if not bool(entry["exists"]):
            continue
        x_r, x_o = float(entry["restrict_resolute"]), float(entry["restrict_opportunistic"])
        q_r = float(entry["concede_after_restriction"])
        q_c = float(entry["concede_after_no_restriction"])
        after_r = float(posterior(p, x_r, x_o))
        after_c = float(posterior(p, 1 - x_r, 1 - x_o))
        off = (0.0, min(mu, 1.0)) if kind.startswith("pooling") else None
        pay_r = x_r * (q_r * t - c_r) + (1 - x_r) * q_c * t
        pay_o = x_o * (q_r * t - c_o) + (1 - x_o) * q_c * t
        buyer = 0.0
        for prob, x, resolute in ((p, x_r, True), (1 - p, x_o, False)):
            for weight, q in ((x, q_r), (1 - x, q_c)):
                buyer += prob * weight * (q * -t + (1 - q) * (-loss if resolute else 0.0))
        equilibria.append(
            SignallingEquilibrium(
                kind=kind,
                restrict_resolute=x_r,
                restrict_opportunistic=x_o,
                belief_after_restriction=after_r,
                belief_after_no_restriction=after_c,
                off_path_beliefs=off,
                concede_after_restriction=q_r,
                concede_after_no_restriction=q_c,
                payoff_resolute=pay_r,
                payoff_opportunistic=pay_o,
                payoff_buyer=buyer,
                intuitive=_intuitive(kind, mu, t, (c_r, c_o), q_r, q_c),
            )
        )
    parameters = {
        "prior_resolute": p,
        "cost_resolute": c_r,
        "cost_opportunistic": c_o,
        "transfer": t,
        "buyer_loss": loss,
    }
    return SupplierResolve(
        names=(str(who[0]), str(who[1])),
        parameters=parameters,
        belief_threshold=mu,
        equilibria=tuple(equilibria),
    )
