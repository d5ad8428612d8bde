"""Frozen records that solvers return, and the verification every equilibrium passes.

Each solver hands its candidate profiles to :func:`verified_result`, which
computes every candidate's regrets in one batched call on the normalized game
(each player's payoffs mapped onto [0, 1], see :mod:`._scale`), drops (with an
:class:`~tradegame.errors.EquilibriumWarning`) any candidate where some
player's regret exceeds ``tol`` times that player's payoff range, removes
duplicates, and records how the result was made. Because the test is relative
to each player's own range, it accepts the same equilibria whether payoffs are
in USD or in USD bn, and a game whose payoffs are all tiny is held to the same
standard as any other.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import EquilibriumWarning, SolverError, method_term, option
from ..game import Game, hash_key, values_equal
from ._scale import normalized, payoff_spans
from .regret import expected_payoffs, regrets

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DEFAULT_TOL",
    "Equilibrium",
    "SolverResult",
    "check_flag",
    "check_game",
    "check_tol",
    "verified_result",
]

DEFAULT_TOL = 1e-9
"""Relative regret tolerance: in a verified equilibrium no player can gain more
than ``DEFAULT_TOL`` times the range of that player's payoffs by deviating."""

_SAME = 1e-7  # floating-point profiles closer than this in every probability are one
_RESIDUE = 1e-12  # a probability this small in a floating-point candidate is a rounding residue


def check_game(game: object, method: str, *, two_players: bool = False) -> None:
    """Raise a one-line :class:`SolverError` unless ``game`` is a Game the method can solve."""
    if not isinstance(game, Game):
        raise SolverError(
            f"{method_term(method)} needs a tradegame.Game, got {type(game).__name__}; "
            "build one with Game.from_bimatrix, Game.from_arrays or load_scenario(...).game()"
        )
    if two_players and game.n_players != 2:
        raise SolverError(
            f"{method_term(method)} solves two-player games; this game has {game.n_players} "
            f"players (use {method_term('pure')} for N-player games)"
        )


def check_tol(tol: object, *, zero: bool = False) -> float:
    """``tol`` as a float in (0, 1), else a one-line :class:`SolverError`.

    The tolerance is a fraction of each player's payoff range, so 1 or more
    would accept any profile and 0 or less would reject every one. With
    ``zero=True`` 0 is accepted too: comparisons that only decide ties (which
    of two payoffs is larger) may ask for exact equality.
    """
    ok = isinstance(tol, (int, float, np.floating)) and not isinstance(tol, bool)
    if not ok or not (0 <= tol < 1 if zero else 0 < tol < 1):
        raise SolverError(
            f"{option('tol')} must be a number {'in [0, 1)' if zero else 'between 0 and 1'} "
            f"(a fraction of each player's payoff range); got {tol!r}"
        )
    return float(tol)


def check_flag(name: str, value: object) -> bool:
    """``value`` if it is a bool, else a one-line :class:`SolverError` naming the option."""
    if not isinstance(value, (bool, np.bool_)):
        raise SolverError(f"{option(name)} must be True or False; got {value!r}")
    return bool(value)


def _fields_equal(a: object, b: object) -> bool:
    """Whether two records of one dataclass have equal fields, arrays element by element."""
    return all(values_equal(getattr(a, f.name), getattr(b, f.name)) for f in fields(a) if f.compare)


@dataclass(frozen=True, eq=False)
class Equilibrium:
    """One verified equilibrium.

    Attributes
    ----------
    strategies : tuple of ndarray
        Each player's mixed strategy (read-only probability vectors).
    payoffs : ndarray
        Each player's expected payoff.
    regrets : ndarray
        Each player's regret: the most it could gain by deviating, in its
        payoff units (zero up to rounding).
    relative_regret : float
        The largest regret as a fraction of that player's payoff range; at
        most the result's ``tolerance``.
    exact : tuple of tuple of Fraction, optional
        The probabilities as exact fractions, when the solver computed them.

    Notes
    -----
    Two equilibria are equal (``==``) when every field is: arrays of the same
    shape and dtype kind with equal elements, the same ``relative_regret`` and
    the same exact fractions (or none on both). Equilibria are hashable, with
    a hash that agrees with ``==``, so they can be put in sets.
    """

    strategies: tuple[np.ndarray, ...]
    payoffs: np.ndarray
    regrets: np.ndarray
    relative_regret: float
    exact: tuple[tuple[Fraction, ...], ...] | None = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Equilibrium):
            return NotImplemented
        return _fields_equal(self, other)

    def __hash__(self) -> int:
        return hash(
            (
                hash_key(self.strategies),
                hash_key(self.payoffs),
                hash_key(self.regrets),
                self.relative_regret,
                self.exact,
            )
        )

    @property
    def max_regret(self) -> float:
        """The largest gain any player could get by deviating, in that player's units."""
        return float(self.regrets.max())

    @property
    def pure(self) -> bool:
        """Whether every player plays one strategy with probability one."""
        return all(np.count_nonzero(s) == 1 for s in self.strategies)

    @property
    def supports(self) -> tuple[tuple[int, ...], ...]:
        """Indices of the strategies each player uses with positive probability."""
        return tuple(tuple(int(k) for k in np.flatnonzero(s)) for s in self.strategies)


@dataclass(frozen=True, eq=False)
class SolverResult:
    """What a solver found and how.

    Attributes
    ----------
    game : Game
        The game solved.
    method : str
        Name of the solver.
    parameters : mapping
        Parameters the solver ran with.
    equilibria : tuple of Equilibrium
        Verified equilibria: in each, no player's regret exceeds
        ``tolerance`` times that player's payoff range. They are listed in
        a fixed order, whatever the method: by the first player's
        probabilities in strategy order, highest first, then the next
        player's.
    tolerance : float
        Relative regret tolerance used in verification.
    complete : bool
        True when the method guarantees that every equilibrium of its kind
        (all pure ones, or all extreme ones) is listed and it ran to the end.
    notes : tuple of str
        Caveats, e.g. that the game is degenerate or that the run stopped early.
    stopped : str or None
        Why the solver stopped before finishing (the time limit, a size
        guard), or None if it ran to the end.

    Notes
    -----
    Two results are equal (``==``) when every field is: the same game,
    method, parameters (compared as mappings, arrays element by element),
    equilibria, tolerance, completeness, notes and ``stopped``. Results are
    hashable; the hash leaves out ``parameters`` (a mapping, whose values may
    be unhashable), so equal results still hash alike.
    """

    game: Game
    method: str
    parameters: Mapping[str, Any]
    equilibria: tuple[Equilibrium, ...]
    tolerance: float
    complete: bool
    notes: tuple[str, ...] = field(default=())
    stopped: str | None = None

    @property
    def tolerances(self) -> np.ndarray:
        """The regret each player may have, in its own units: ``tolerance`` x its payoff range."""
        _, span = payoff_spans(self.game.payoff_tensor[None])
        return self.tolerance * span[0]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SolverResult):
            return NotImplemented
        return _fields_equal(self, other)

    def __hash__(self) -> int:
        return hash(
            (
                self.game,
                self.method,
                self.equilibria,
                self.tolerance,
                self.complete,
                self.notes,
                self.stopped,
            )
        )

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self) -> Iterator[Equilibrium]:
        return iter(self.equilibria)

    def __getitem__(self, k: int) -> Equilibrium:
        return self.equilibria[k]

    def __repr__(self) -> str:
        count = len(self.equilibria)
        noun = "equilibrium" if count == 1 else "equilibria"
        caveat = "" if self.complete else " (may be incomplete)"
        return f"<SolverResult {self.method!r} on {self.game!r}: {count} {noun}{caveat}>"

    def profile(self, k: int, *, exact: bool = False) -> dict[str, dict[str, Any]]:
        """Equilibrium ``k`` as ``{player: {strategy: probability}}`` over its support."""
        eq = self.equilibria[k]
        out: dict[str, dict[str, Any]] = {}
        for i, player in enumerate(self.game.players):
            labels = self.game.strategies[i]
            probs = eq.exact[i] if (exact and eq.exact is not None) else eq.strategies[i]
            out[player] = {
                labels[s]: (probs[s] if exact and eq.exact is not None else float(probs[s]))
                for s in range(len(labels))
                if eq.strategies[i][s] > 0
            }
        return out

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form documented in ``docs/reference/json-output.md``.

        Each equilibrium's ``profile`` lists, per player, the strategies played
        with positive probability. When the solver computed exact fractions,
        ``profile_exact`` gives the same probabilities as strings (``"1/3"``).
        """
        game = self.game
        equilibria = []
        for k, eq in enumerate(self.equilibria):
            entry: dict[str, Any] = {
                "profile": self.profile(k),
                "payoffs": {p: float(v) for p, v in zip(game.players, eq.payoffs, strict=True)},
                "regrets": {p: float(v) for p, v in zip(game.players, eq.regrets, strict=True)},
                "max_regret": eq.max_regret,
                "relative_regret": eq.relative_regret,
                "pure": eq.pure,
            }
            if eq.exact is not None:
                entry["profile_exact"] = {
                    p: {s: str(v) for s, v in d.items()}
                    for p, d in self.profile(k, exact=True).items()
                }
            equilibria.append(entry)
        return {
            "game": {
                "name": game.name,
                "players": list(game.players),
                "strategies": {
                    p: list(s) for p, s in zip(game.players, game.strategies, strict=True)
                },
            },
            "method": self.method,
            "parameters": {k: _jsonable(v) for k, v in self.parameters.items()},
            "complete": self.complete,
            "stopped": self.stopped,
            "tolerance": self.tolerance,
            "notes": list(self.notes),
            "equilibria": equilibria,
        }

    def to_frame(self) -> pd.DataFrame:
        """Tidy table: one row per equilibrium, player and strategy.

        Columns: ``equilibrium``, ``player``, ``strategy``, ``probability``,
        ``payoff`` (the player's expected payoff), ``regret`` (the player's
        regret), ``max_regret`` (over all players), ``pure``.
        """
        import pandas as pd

        rows = []
        for k, eq in enumerate(self.equilibria):
            for i, player in enumerate(self.game.players):
                for s, label in enumerate(self.game.strategies[i]):
                    rows.append(
                        (
                            k,
                            player,
                            label,
                            float(eq.strategies[i][s]),
                            float(eq.payoffs[i]),
                            float(eq.regrets[i]),
                            eq.max_regret,
                            eq.pure,
                        )
                    )
        return pd.DataFrame(
            rows,
            columns=[
                "equilibrium",
                "player",
                "strategy",
                "probability",
                "payoff",
                "regret",
                "max_regret",
                "pure",
            ],
        )


def _jsonable(value: Any) -> Any:
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    if isinstance(value, (tuple, list)):
        return [_jsonable(v) for v in value]
    return value


def verified_result(
    game: Game,
    method: str,
    parameters: Mapping[str, Any],
    candidates: Sequence[np.ndarray],
    *,
    tol: float = DEFAULT_TOL,
    complete: bool,
    notes: Sequence[str] = (),
    exact: Sequence[tuple[tuple[Fraction, ...], ...] | None] | None = None,
    stopped: str | None = None,
) -> SolverResult:
    """Verify candidate profiles and package them as a :class:`SolverResult`.

    Parameters
    ----------
    game : Game
    method : str
    parameters : mapping
    candidates : sequence of ndarray
        One array per player of shape ``(K, n_i)``: row ``k`` of each is
        candidate ``k``'s mixed strategy for that player.
    tol : float
        Relative tolerance: a candidate passes when no player's regret
        exceeds ``tol`` times that player's payoff range.
    complete : bool
        Whether the method guarantees completeness; set to False if any
        candidate fails verification or the run stopped early.
    notes : sequence of str
    exact : sequence, optional
        Exact fractions for each candidate, or None.
    stopped : str, optional
        Why the solver stopped before finishing; recorded, and a note added.
    """
    notes = list(notes)
    equilibria: list[Equilibrium] = []
    n_candidates = len(candidates[0])
    if n_candidates:
        with np.errstate(invalid="ignore", divide="ignore"):
            # rounding residues (below 1e-12, or negative) are the zeros they stand for, so
            # that supports and `pure` are right; renormalize; garbage becomes NaN, fails below
            stacked = [np.asarray(s, dtype=float) for s in candidates]
            stacked = [np.where(s > _RESIDUE, s, 0.0) for s in stacked]
            stacked = [s / s.sum(axis=1, keepdims=True) for s in stacked]
            relative = regrets(normalized(game.payoff_tensor[None])[0], stacked)
        _, span = payoff_spans(game.payoff_tensor[None])
        worst = relative.max(axis=1)
        ok = worst <= tol  # NaN compares False: a malformed candidate is dropped
        dropped = int((~ok).sum())
        kept = _distinct_in_order(stacked, np.flatnonzero(ok), exact)
        if len(kept):
            pay = expected_payoffs(game.payoff_tensor, [s[kept] for s in stacked])
        for row, k in enumerate(kept):
            rel = np.maximum(relative[k], 0.0)
            with np.errstate(invalid="ignore", over="ignore"):
                absolute = np.where(rel > 0, rel * span[0], 0.0)  # a range may be inf
            equilibria.append(
                Equilibrium(
                    tuple(_frozen(s[k]) for s in stacked),
                    _frozen(pay[row]),
                    _frozen(absolute),
                    float(max(worst[k], 0.0)),
                    exact[k] if exact is not None else None,
                )
            )
        if dropped:
            msg = (
                f"{method}: dropped {dropped} candidate profile(s) in which some player's "
                f"regret exceeded {tol:.3g} of its payoff range"
            )
            warnings.warn(msg, EquilibriumWarning, stacklevel=3)
            notes.append(msg)
            complete = False
    if stopped is not None:
        notes.append(f"{stopped}: the list may be incomplete")
        complete = False
        if not equilibria:
            if game.n_players > 2:
                hint = (
                    f"{method_term('logit-tracing')} finds one"
                    if method != "logit-tracing"
                    else "a longer time limit finds one"
                )
            elif method != "lemke-howson":
                hint = f"{method_term('lemke-howson')} finds one quickly"
            else:
                hint = "a longer time limit or floating point (exact=False) finds one"
            notes.append(f"every finite game has an equilibrium (Nash 1951): {hint}")
    return SolverResult(
        game=game,
        method=method,
        parameters=MappingProxyType(dict(parameters)),
        equilibria=tuple(equilibria),
        tolerance=tol,
        complete=complete,
        notes=tuple(notes),
        stopped=stopped,
    )


def _distinct_in_order(
    stacked: Sequence[np.ndarray], rows: np.ndarray, exact: Sequence | None
) -> np.ndarray:
    """The candidate rows to keep: one per distinct profile, in the fixed order.

    The order is by the first player's probabilities in strategy order, highest
    first, then the next player's. Profiles are compared through their supports
    (the strategies played with positive probability), so a game with 20,000
    strategies costs what its supports cost, not 20,000 columns. Exact
    candidates are duplicates when their fractions are equal; floating-point
    ones when they have the same supports and no probability differs by more
    than 1e-7 (paths that end at one vertex reach it with different rounding).
    """
    kept: dict[object, list[int]] = {}  # by exact profile, or by supports
    order: dict[int, tuple] = {}
    for k in rows.tolist():
        key: list[tuple] = []
        supports = []
        for s in stacked:
            support = np.flatnonzero(s[k])
            supports.append(tuple(support.tolist()))
            probs = np.round(s[k][support], 10)
            # descending lexicographic order of the dense vector: a smaller first index of
            # play, then a larger probability, sorts first; the end marker sorts after both
            key.append((*zip(support.tolist(), (-probs).tolist(), strict=True), (np.inf,)))
        group = kept.setdefault(exact[k] if exact is not None else tuple(supports), [])
        if exact is not None and group:
            continue
        if any(
            all(np.max(np.abs(s[k] - s[j]), initial=0.0) <= _SAME for s in stacked) for j in group
        ):
            continue
        group.append(k)
        order[k] = tuple(key)
    return np.array(sorted(order, key=order.__getitem__), dtype=np.intp)


def _frozen(values: np.ndarray) -> np.ndarray:
    """A read-only float copy of ``values``, with -0.0 written as 0.0."""
    out = np.array(values, dtype=float) + 0.0
    out.setflags(write=False)
    return out
