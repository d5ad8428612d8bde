"""Backward induction and subgame-perfect equilibria of game trees.

A subgame starts at a node whose subtree contains every node of each
information set it touches (Selten 1975; Osborne and Rubinstein 1994,
*A Course in Game Theory*, Definition 97.1). :func:`subgame_perfect` solves
the subgames from the bottom up:

* where the mover of a subgame's first node sees everything (perfect
  information), by backward induction (Kuhn 1953; Osborne 2004, *An
  Introduction to Game Theory*, Section 5.5): every action within the
  tolerance of the best gives its own equilibria, so ties are listed, never
  broken (only pure choices are listed; mixtures of tied actions are
  subgame perfect too);
* at a chance node, by expected payoffs;
* otherwise (a simultaneous-move stage, say), by the reduced normal form of
  the smallest subgame, with the subgames below it replaced by their
  equilibrium payoffs, and :func:`tradegame.solve`: all extreme equilibria for
  two players, pure ones only for more (then marked incomplete).

Each combination of continuation equilibria below a subgame is a separate
case, so the set is exactly the recursive definition's (Osborne 2004,
Proposition 173.1 for finite perfect-information games). Equilibrium values are
grouped by payoff vector and counted before any profile is listed, which
keeps a 100,000-node tree to about a second; the walks are iterative, so deep
trees need no recursion.

Ties are judged relative to each player's payoff range (``tol`` times the
range of the player's terminal payoffs), so multiplying every payoff by a
positive constant changes nothing.
"""

from __future__ import annotations

import itertools
import math
import numbers
from bisect import bisect_right
from collections.abc import Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ParameterError
from ..game import Game
from ..solvers import DEFAULT_TOL
from ..solvers._budget import Budget
from .normal_form import _behaviour, _form, _tensor
from .tree import _CHANCE, _DECISION, _TERMINAL, GameTree, _Flat, path_text

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "MAX_SUBGAME_PERFECT",
    "SubgamePerfectEquilibrium",
    "SubgamePerfectResult",
    "credibility",
    "subgame_perfect",
]

MAX_SUBGAME_PERFECT = 10_000
"""Most subgame-perfect equilibria listed by default (``max_equilibria``)."""

_CLASS_CAP = 10_000  # most distinct equilibrium payoff vectors kept for one subgame
_COMBO_CAP = 1_000  # most continuation combinations solved for one imperfect subgame
_CHECK_EVERY = 4096  # nodes or profiles between clock reads
_CHOICE_BUDGET = 2_000_000  # most choices (equilibria x information sets) listed


@dataclass
class _Class:
    """The equilibria of one subgame with one payoff vector: how many, and how made."""

    vec: tuple[float, ...]
    count: int
    ways: list[tuple]


@dataclass
class _Analysis:
    flat: _Flat
    players: tuple[str, ...]
    atol: np.ndarray
    is_root: list[bool]
    classes: dict[int, list[_Class]]
    tol: float = DEFAULT_TOL
    notes: dict[str, None] = field(default_factory=dict)
    complete: bool = True
    ties: bool = False
    stopped: str | None = None


def _check_tol(tol: object) -> float:
    if tol is None:
        return DEFAULT_TOL
    ok = isinstance(tol, numbers.Real) and not isinstance(tol, bool)
    if not ok or not 0 <= float(tol) < 1:  # type: ignore[arg-type]
        raise ParameterError(
            f"tol must be a number in [0, 1) (a fraction of each player's payoff range); "
            f"got {tol!r}"
        )
    return float(tol)  # type: ignore[arg-type]


def _check_time_limit(time_limit: object) -> float | None:
    if time_limit is None:
        return None
    ok = isinstance(time_limit, numbers.Real) and not isinstance(time_limit, bool)
    if not ok or not float(time_limit) > 0:  # type: ignore[arg-type]
        raise ParameterError(
            f"time_limit must be a positive number of seconds or None; got {time_limit!r}"
        )
    return float(time_limit)  # type: ignore[arg-type]


def _check_tree(tree: object, function: str) -> GameTree:
    if not isinstance(tree, GameTree):
        raise ParameterError(
            f"{function} needs a GameTree, got {type(tree).__name__}; build one with "
            "GameTree(root, players) or read_efg(path)"
        )
    return tree


def _subgame_roots(flat: _Flat) -> list[bool]:
    """Whether each node starts a subgame (its subtree holds whole information sets)."""
    n = len(flat.kind)
    first = [min(nodes) for nodes in flat.infoset_nodes]
    last = [max(nodes) for nodes in flat.infoset_nodes]
    lo = [n] * n
    hi = [-1] * n
    for k in range(n - 1, -1, -1):
        if flat.kind[k] == _DECISION:
            h = flat.infoset[k]
            low, high = first[h], last[h]
        else:
            low, high = n, -1
        for c in flat.children[k]:
            if lo[c] < low:
                low = lo[c]
            if hi[c] > high:
                high = hi[c]
        lo[k], hi[k] = low, high
    return [lo[k] >= k and hi[k] < flat.end[k] for k in range(n)]


def _truncate(out: list[_Class], analysis: _Analysis, where: str) -> list[_Class]:
    if len(out) > _CLASS_CAP:
        analysis.complete = False
        analysis.notes[
            f"the subgame at {where} has more than {_CLASS_CAP:,} distinct equilibrium payoff "
            f"vectors; the first {_CLASS_CAP:,} are kept"
        ] = None
        return out[:_CLASS_CAP]
    return out


def _decision_step(analysis: _Analysis, k: int) -> list[_Class]:
    """Backward induction at a perfect-information node: every optimal action, every case."""
    flat = analysis.flat
    p = flat.player[k]
    t = float(analysis.atol[p])
    kids = flat.children[k]
    lists = [analysis.classes[c] for c in kids]
    out: dict[tuple[float, ...], _Class] = {}
    if not all(lists):  # a subgame below without equilibria found
        return []
    if all(len(x) == 1 for x in lists):
        us = [x[0].vec[p] for x in lists]
        best = max(us)
        total = math.prod(x[0].count for x in lists)
        chosen = 0
        for a, u in enumerate(us):
            if u >= best - t:
                chosen += 1
                vec = lists[a][0].vec
                if (entry := out.get(vec)) is None:
                    out[vec] = _Class(vec, total, [("d", a, 0, u + t)])
                else:
                    entry.count += total
                    entry.ways.append(("d", a, 0, u + t))
        if chosen > 1:
            analysis.ties = True
        return list(out.values())
    analysis.ties = True
    sorted_us = []
    cumulative = []
    for x in lists:
        pairs = sorted((c.vec[p], c.count) for c in x)
        sorted_us.append([u for u, _ in pairs])
        cumulative.append(list(itertools.accumulate(n for _, n in pairs)))
    lows = [s[0] for s in sorted_us]
    for a, x in enumerate(lists):
        for j, cls in enumerate(x):
            limit = cls.vec[p] + t
            if any(lows[c] > limit for c in range(len(lists)) if c != a):
                continue
            count = cls.count
            for c in range(len(lists)):
                if c != a:
                    count *= cumulative[c][bisect_right(sorted_us[c], limit) - 1]
            if (entry := out.get(cls.vec)) is None:
                out[cls.vec] = _Class(cls.vec, count, [("d", a, j, limit)])
            else:
                entry.count += count
                entry.ways.append(("d", a, j, limit))
    return _truncate(list(out.values()), analysis, path_text(flat.path(k)))


def _chance_step(analysis: _Analysis, k: int) -> list[_Class]:
    """Expected payoffs at a chance node, for each combination of continuation equilibria."""
    flat = analysis.flat
    probs = [float(p) for p in flat.probs[k]]  # type: ignore[union-attr]
    lists = [analysis.classes[c] for c in flat.children[k]]
    out: dict[tuple[float, ...], _Class] = {}
    combos = itertools.product(*(range(len(x)) for x in lists))
    n_combos = math.prod(len(x) for x in lists)
    if n_combos > _CLASS_CAP:
        analysis.complete = False
        analysis.notes[
            f"the chance node at {path_text(flat.path(k))} has {n_combos:,} combinations of "
            f"continuation equilibria; the first {_CLASS_CAP:,} are kept"
        ] = None
        combos = itertools.islice(combos, _CLASS_CAP)
    n = len(analysis.players)
    for js in combos:
        vec = tuple(
            math.fsum(probs[b] * lists[b][j].vec[i] for b, j in enumerate(js)) for i in range(n)
        )
        count = math.prod(lists[b][j].count for b, j in enumerate(js))
        if (entry := out.get(vec)) is None:
            out[vec] = _Class(vec, count, [("c", js)])
        else:
            entry.count += count
            entry.ways.append(("c", js))
    return list(out.values())


def _general_step(analysis: _Analysis, k: int, roots: set[int], budget: Budget) -> list[_Class]:
    """A subgame without proper subgames at its top: its reduced normal form, solved."""
    from ..solvers import solve

    flat = analysis.flat
    players = analysis.players
    where = path_text(flat.path(k))
    form = _form(flat, players, k, roots)
    leaves = [leaf.node for leaf in form.leaves]
    lists = [analysis.classes[leaf] for leaf in leaves]
    n_combos = math.prod(len(x) for x in lists)
    combos = itertools.product(*(range(len(x)) for x in lists))
    if n_combos > _COMBO_CAP:
        analysis.complete = False
        analysis.notes[
            f"the subgame at {where} has {n_combos:,} combinations of continuation equilibria; "
            f"the first {_COMBO_CAP:,} are solved"
        ] = None
        combos = itertools.islice(combos, _COMBO_CAP)
    n = len(players)
    frontier = tuple(j for j, node in enumerate(leaves) if flat.kind[node] != _TERMINAL)
    out: dict[tuple[float, ...], _Class] = {}
    for js in combos:
        if budget.expired():
            analysis.complete = False
            break
        values = [lists[b][j].vec for b, j in enumerate(js)]
        tensor = _tensor(form, values, n)
        game = Game.from_arrays(list(tensor), players=players, strategies=form.labels)
        result = solve(game, tol=analysis.tol, time_limit=budget.remaining())
        if n > 2:
            analysis.complete = False
            analysis.notes[
                f"the subgame at {where} ({n} players) is solved for pure equilibria only; "
                "mixed subgame-perfect equilibria may be missing"
            ] = None
        elif not result.complete:
            analysis.complete = False
            analysis.notes[
                f"the equilibria of the subgame at {where} may be incomplete "
                f"({'; '.join(result.notes) or result.stopped or 'see tradegame.solve'})"
            ] = None
        count = math.prod(lists[b][j].count for b, j in enumerate(js))
        for eq in result:
            assignment = []
            for p in range(n):
                for h, probs in _behaviour(form, flat, p, eq.strategies[p]).items():
                    if probs is None:
                        assignment.append((h, None))
                    elif max(probs) >= 1.0 - 1e-12:
                        assignment.append((h, int(np.argmax(probs))))
                    else:
                        assignment.append((h, probs))
            vec = tuple(float(v) for v in eq.payoffs)
            way = ("g", tuple(assignment), tuple((leaves[b], js[b]) for b in frontier))
            if (entry := out.get(vec)) is None:
                out[vec] = _Class(vec, count, [way])
            else:
                entry.count += count
                entry.ways.append(way)
    analysis.notes[
        f"the subgame at {where} has imperfect information: solved in its reduced normal form "
        "(extreme equilibria for two players)"
    ] = None
    return _truncate(list(out.values()), analysis, where)


def _analyse(tree: GameTree, tol: float, budget: Budget) -> _Analysis:
    flat = tree._flat
    pay = flat.payoffs
    span = pay.max(axis=0) - pay.min(axis=0) if len(pay) else np.zeros(tree.n_players)
    analysis = _Analysis(flat, tree.players, tol * span, _subgame_roots(flat), {}, tol)
    roots = {k for k, r in enumerate(analysis.is_root) if r}
    classes = analysis.classes
    for step, k in enumerate(range(len(flat.kind) - 1, -1, -1)):
        if step % _CHECK_EVERY == 0 and budget.expired():
            analysis.complete = False
            analysis.stopped = budget.stopped
            classes.clear()
            return analysis
        if not analysis.is_root[k]:
            continue
        kind = flat.kind[k]
        if kind == _TERMINAL:
            classes[k] = [_Class(tuple(float(v) for v in pay[flat.payoff_rows[k]]), 1, [])]
        elif all(analysis.is_root[c] for c in flat.children[k]):
            if kind == _DECISION:
                classes[k] = _decision_step(analysis, k)
            else:
                classes[k] = _chance_step(analysis, k)
        else:
            classes[k] = _general_step(analysis, k, roots, budget)
            if budget.stopped:
                analysis.stopped = budget.stopped
    return analysis


def _expand(analysis: _Analysis, task: tuple) -> list[tuple[list, list]]:
    """The ways to complete one task: (assignments, further tasks) for each."""
    flat = analysis.flat
    node, j, p, limit = task
    options = analysis.classes[node]
    picks = range(len(options)) if j < 0 else (j,)
    out: list[tuple[list, list]] = []
    for i in picks:
        cls = options[i]
        if j < 0 and p >= 0 and cls.vec[p] > limit:
            continue
        if not cls.ways:
            out.append(([], []))
            continue
        for way in cls.ways:
            if way[0] == "d":
                _, a, ja, lim = way
                mover = flat.player[node]
                tasks = [
                    (c, ja, -1, 0.0) if b == a else (c, -1, mover, lim)
                    for b, c in enumerate(flat.children[node])
                ]
                out.append(([(flat.infoset[node], a)], tasks))
            elif way[0] == "c":
                tasks = [
                    (c, jc, -1, 0.0) for c, jc in zip(flat.children[node], way[1], strict=True)
                ]
                out.append(([], tasks))
            else:
                out.append((list(way[1]), [(c, jc, -1, 0.0) for c, jc in way[2]]))
    return out


def _enumerate(analysis: _Analysis, cap: int, budget: Budget) -> Iterator[tuple]:
    """Every subgame-perfect profile (one choice per information set), iteratively."""
    choice: list[Any] = [None] * len(analysis.flat.infoset_name)
    stack: list[tuple[Any, list]] = [(((0, -1, -1, 0.0), None), [])]
    found = 0
    steps = 0
    while stack:
        tasks, assign = stack.pop()
        for h, c in assign:
            choice[h] = c
        while tasks is not None:
            steps += 1
            if steps % _CHECK_EVERY == 0 and budget.expired():
                return
            task, tasks = tasks
            alternatives = _expand(analysis, task)
            for extra, more in reversed(alternatives[1:]):
                pending = tasks
                for t in reversed(more):
                    pending = (t, pending)
                stack.append((pending, extra))
            extra, more = alternatives[0]
            for h, c in extra:
                choice[h] = c
            for t in reversed(more):
                tasks = (t, tasks)
        yield tuple(choice)
        found += 1
        if found >= cap:
            return


def _walk(flat: _Flat, choice: tuple) -> tuple[list[tuple[float, int]], set[int]]:
    """Terminals reached with positive probability (with it) and every node reached."""
    reached: set[int] = set()
    ends: list[tuple[float, int]] = []
    stack = [(0, 1.0)]
    while stack:
        k, w = stack.pop()
        reached.add(k)
        kind = flat.kind[k]
        kids = flat.children[k]
        if kind == _TERMINAL:
            ends.append((w, k))
        elif kind == _DECISION:
            c = choice[flat.infoset[k]]
            if isinstance(c, int):
                stack.append((kids[c], w))
            elif c is not None:
                stack.extend((kids[a], w * q) for a, q in reversed(list(enumerate(c))) if q > 0)
        else:
            probs = flat.probs[k]
            stack.extend(
                (kids[a], w * float(q))
                for a, q in reversed(list(enumerate(probs)))  # type: ignore[arg-type]
                if q > 0
            )
    ends.sort(key=lambda e: e[1])
    return ends, reached


@dataclass(frozen=True, eq=False)
class SubgamePerfectEquilibrium:
    """One subgame-perfect equilibrium of a tree.

    Attributes
    ----------
    payoffs : dict
        Each player's expected payoff.
    path : tuple of str
        Action labels from the root along the play, up to the first chance
        node or mixed choice (the whole play for pure strategies without chance).
    outcomes : tuple
        ``(probability, path, payoffs)`` for every terminal reached with
        positive probability.
    strategy : dict
        (computed on first use) The choice at every information set, keyed by
        its name, or by the node path for a node in a set of its own: an action
        label, ``{action: probability}`` for a mixed choice, or None where the
        mover's own earlier choices exclude the set (any action gives the same
        play).
    offpath : list of dict
        (computed on first use) Every decision node off the path of play with
        its mover's choice, and whether the choice is a *threat* (it gives some
        other player less than the mover's best alternative for that player)
        or a *promise* (more than any alternative gives them).
    """

    payoffs: dict[str, float]
    path: tuple[str, ...]
    outcomes: tuple[tuple[float, tuple[str, ...], dict[str, float]], ...]
    _tree: GameTree = field(repr=False)
    _choice: tuple = field(repr=False)
    _atol: np.ndarray = field(repr=False)
    _reached: frozenset = field(repr=False)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SubgamePerfectEquilibrium):
            return NotImplemented
        return self._tree == other._tree and self._choice == other._choice

    def __hash__(self) -> int:
        return hash(self._choice)

    def _choice_shown(self, h: int, c: Any) -> Any:
        labels = self._tree._flat.infoset_actions[h]
        if c is None or isinstance(c, int):
            return None if c is None else labels[c]
        return {labels[a]: float(q) for a, q in enumerate(c) if q > 0}

    @cached_property
    def strategy(self) -> dict[Hashable, Any]:
        """The choice at every information set (see the class docstring)."""
        flat = self._tree._flat
        out: dict[Hashable, Any] = {}
        for h, c in enumerate(self._choice):
            name = flat.infoset_name[h]
            key = flat.path(flat.infoset_nodes[h][0]) if name is None else name
            out[key] = self._choice_shown(h, c)
        return out

    @cached_property
    def offpath(self) -> list[dict[str, Any]]:
        """Choices at decision nodes off the path of play, each a threat, a promise or neither."""
        tree = self._tree
        flat = tree._flat
        n = len(flat.kind)
        values = np.full((n, tree.n_players), np.nan)
        for k in range(n - 1, -1, -1):
            kind = flat.kind[k]
            kids = flat.children[k]
            if kind == _TERMINAL:
                values[k] = flat.payoffs[flat.payoff_rows[k]]
            elif kind == _CHANCE:
                probs = flat.probs[k] or ()
                values[k] = sum(float(q) * values[c] for q, c in zip(probs, kids, strict=True))
            else:
                c = self._choice[flat.infoset[k]]
                if isinstance(c, int):
                    values[k] = values[kids[c]]
                elif c is not None:
                    values[k] = sum(q * values[kids[a]] for a, q in enumerate(c) if q > 0)
        out = []
        for k in range(n):
            if flat.kind[k] != _DECISION or k in self._reached:
                continue
            h = flat.infoset[k]
            c = self._choice[h]
            if c is None:
                continue
            kids = flat.children[k]
            support = {c} if isinstance(c, int) else {a for a, q in enumerate(c) if q > 0}
            others = [kids[a] for a in range(len(kids)) if a not in support]
            mover = flat.player[k]
            threatens, promises = [], []
            for j, player in enumerate(tree.players):
                if j == mover or not others:
                    continue
                best_alt = max(values[o][j] for o in others)
                if values[k][j] < best_alt - self._atol[j]:
                    threatens.append(player)
                elif values[k][j] > best_alt + self._atol[j]:
                    promises.append(player)
            kind = (
                "threat and promise"
                if threatens and promises
                else "threat"
                if threatens
                else "promise"
                if promises
                else "neither"
            )
            out.append(
                {
                    "node": path_text(flat.path(k)),
                    "player": tree.players[mover],
                    "action": self._choice_shown(h, c),
                    "kind": kind,
                    "threatens": threatens,
                    "promises": promises,
                }
            )
        return out

    @property
    def pure(self) -> bool:
        """Whether every choice is a single action."""
        return all(not isinstance(c, tuple) for c in self._choice)

    def to_dict(self) -> dict[str, Any]:
        """``{"payoffs", "path", "strategy", "offpath"}``, JSON-ready (keys as strings)."""
        strategy = {}
        for key, value in self.strategy.items():
            text = path_text(key) if isinstance(key, tuple) else str(key)
            strategy[text] = value
        return {
            "payoffs": {p: float(v) for p, v in self.payoffs.items()},
            "path": list(self.path),
            "strategy": strategy,
            "offpath": [dict(e) for e in self.offpath],
        }


@dataclass(frozen=True, eq=False)
class SubgamePerfectResult:
    """The subgame-perfect equilibria of a tree, and how complete the list is.

    Attributes
    ----------
    tree : GameTree
    equilibria : tuple of SubgamePerfectEquilibrium
    complete : bool
        Whether every equilibrium of the kind computed is listed (pure ones
        for perfect-information trees, extreme ones in imperfect-information
        subgames of two players).
    notes : tuple of str
    tolerance : float
        Relative tolerance for ties (a fraction of each player's payoff range).
    count : int or None
        How many equilibria the method found in all (possibly more than
        listed); None when some part of the search was cut short.
    stopped : str or None
        Why the search stopped early, if it did.
    """

    tree: GameTree
    equilibria: tuple[SubgamePerfectEquilibrium, ...]
    complete: bool
    notes: tuple[str, ...]
    tolerance: float
    count: int | None = None
    stopped: str | None = None

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self) -> Iterator[SubgamePerfectEquilibrium]:
        return iter(self.equilibria)

    def __getitem__(self, k: int) -> SubgamePerfectEquilibrium:
        return self.equilibria[k]

    def __repr__(self) -> str:
        count = len(self.equilibria)
        noun = "equilibrium" if count == 1 else "equilibria"
        caveat = "" if self.complete else " (may be incomplete)"
        return f"<SubgamePerfectResult on {self.tree!r}: {count} {noun}{caveat}>"

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready summary (see :func:`subgame_perfect`)."""
        tree = self.tree
        return {
            "game": {
                "name": tree.name,
                "players": list(tree.players),
                "decision_nodes": tree.n_decision_nodes,
                "outcomes": tree.n_outcomes,
                "perfect_information": tree.is_perfect_information,
            },
            "analysis": "sequential",
            "complete": self.complete,
            "notes": list(self.notes),
            "equilibria": [eq.to_dict() for eq in self.equilibria],
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per equilibrium and player: ``equilibrium``, ``player``, ``payoff``,
        ``path`` (``" > "``-joined) and ``pure``."""
        import pandas as pd

        rows = [
            (k, p, float(eq.payoffs[p]), path_text(eq.path), eq.pure)
            for k, eq in enumerate(self.equilibria)
            for p in self.tree.players
        ]
        return pd.DataFrame(rows, columns=["equilibrium", "player", "payoff", "path", "pure"])


def subgame_perfect(
    tree: GameTree,
    *,
    tol: float | None = None,
    time_limit: float | None = None,
    max_equilibria: int = MAX_SUBGAME_PERFECT,
) -> SubgamePerfectResult:
    """Subgame-perfect equilibria of a game tree (see the module docstring for the method).

    Parameters
    ----------
    tree : GameTree
    tol : float, optional
        Two payoffs of a player within ``tol`` times that player's payoff
        range are a tie (default :data:`~tradegame.DEFAULT_TOL`); also the
        regret tolerance of imperfect-information subgames.
    time_limit : float, optional
        Seconds before the search stops and returns what it has (None: no limit).
    max_equilibria : int, optional
        Most equilibria listed (default :data:`MAX_SUBGAME_PERFECT`); fewer
        when each lists many choices, so that at most
        2,000,000 choices (equilibria x information sets) are kept. ``count``
        still gives the total.

    Returns
    -------
    SubgamePerfectResult
        ``to_dict()`` gives ``{"game": {"name", "players", "decision_nodes",
        "outcomes", "perfect_information"}, "analysis": "sequential",
        "complete", "notes", "equilibria": [{"payoffs", "path", "strategy",
        "offpath"}, ...]}``.

    Examples
    --------
    Selten's (1975) entry game in the version of Osborne (2004, *An Introduction to
    Game Theory*, Figure 154.1): the challenger enters and the incumbent acquiesces.

    >>> from tradegame.extensive import GameTree, decision, terminal, subgame_perfect
    >>> entry = GameTree(
    ...     decision("Challenger", {
    ...         "in": decision("Incumbent", {"acquiesce": terminal([2, 1]),
    ...                                      "fight": terminal([0, 0])}),
    ...         "out": terminal([1, 2])}),
    ...     ("Challenger", "Incumbent"), name="entry")
    >>> result = subgame_perfect(entry)
    >>> result
    <SubgamePerfectResult on <GameTree 'entry' ...>: 1 equilibrium>
    >>> result[0].path, result[0].payoffs
    (('in', 'acquiesce'), {'Challenger': 2.0, 'Incumbent': 1.0})
    """
    tree = _check_tree(tree, "subgame_perfect")
    tol = _check_tol(tol)
    seconds = _check_time_limit(time_limit)
    if isinstance(max_equilibria, bool) or not isinstance(max_equilibria, numbers.Integral):
        raise ParameterError(
            f"max_equilibria must be a positive whole number; got {max_equilibria!r}"
        )
    if max_equilibria < 1:
        raise ParameterError(
            f"max_equilibria must be a positive whole number; got {max_equilibria!r}"
        )
    budget = Budget("subgame-perfect", seconds)
    analysis = _analyse(tree, tol, budget)
    notes = dict(analysis.notes)
    flat = tree._flat
    root_classes = analysis.classes.get(0, [])
    total = sum(c.count for c in root_classes)
    n_sets = max(1, len(flat.infoset_name))
    cap = min(int(max_equilibria), max(1, _CHOICE_BUDGET // n_sets))
    complete = analysis.complete
    choices = list(_enumerate(analysis, cap, budget)) if root_classes else []
    if budget.stopped:
        complete = False
        notes[f"{budget.stopped}; the equilibria found by then are listed"] = None
    elif total > len(choices):
        complete = False
        shown = f"{total:,}" if total < 10**15 else f"about 10^{int(total.bit_length() * 0.30103)}"
        notes[
            f"{shown} subgame-perfect equilibria in all; the first {len(choices):,} are listed "
            f"(at most {cap:,} for this tree)"
        ] = None
    if not root_classes and not budget.stopped:
        complete = False
        notes["no subgame-perfect equilibrium was found"] = None
    if analysis.ties:
        notes[
            "some movers are indifferent between actions: each optimal action gives separate "
            "equilibria, and mixtures of tied actions (not listed) are subgame perfect too"
        ] = None
    equilibria = []
    for choice in choices:
        ends, reached = _walk(flat, choice)
        payoffs = np.zeros(tree.n_players)
        outcomes = []
        for w, k in ends:
            row = flat.payoffs[flat.payoff_rows[k]]
            payoffs += w * row
            outcomes.append(
                (
                    float(w),
                    flat.path(k),
                    {p: float(v) for p, v in zip(tree.players, row, strict=True)},
                )
            )
        path: list[str] = []
        k = 0
        while flat.kind[k] == _DECISION and isinstance(c := choice[flat.infoset[k]], int):
            path.append(flat.actions[k][c])
            k = flat.children[k][c]
        equilibria.append(
            SubgamePerfectEquilibrium(
                {p: float(v) for p, v in zip(tree.players, payoffs, strict=True)},
                tuple(path),
                tuple(outcomes),
                tree,
                choice,
                analysis.atol,
                frozenset(reached),
            )
        )
    return SubgamePerfectResult(
        tree,
        tuple(equilibria),
        complete,
        tuple(notes),
        tol,
        total if analysis.complete and not budget.stopped else None,
        budget.stopped,
    )


def credibility(
    tree: GameTree, plan: Mapping[Sequence[str], str], *, tol: float | None = None
) -> pd.DataFrame:
    """Whether announced moves (threats, promises) are credible under subgame-perfect play.

    Parameters
    ----------
    tree : GameTree
    plan : mapping
        ``{node path: action}``: the action a player announces it would take
        at that node, e.g. ``{("in",): "fight"}``. Every action at the node
        must lead to a subgame (true in perfect-information trees).
    tol : float, optional
        Relative tolerance, as in :func:`subgame_perfect`.

    Returns
    -------
    pandas.DataFrame
        One row per announcement: ``node`` (path joined by ``" > "``),
        ``player``, ``action``, ``value`` (the mover's payoff from the action,
        with subgame-perfect play after it), ``best_action``, ``best_value``,
        ``cost`` (``best_value - value`` when positive, else 0: what carrying
        out the announcement costs the mover), ``credible`` (cost within the
        tolerance) and ``ambiguous``. Where the play after some action has
        several subgame-perfect continuations with different payoffs for the
        mover (``ambiguous``), the announced action is valued at its best
        continuation for the mover and the alternatives at their worst: the
        announcement is credible when some subgame-perfect equilibrium of the
        subgame carries it out.

    Examples
    --------
    Fighting entry is an incredible threat in the entry game (Osborne 2004,
    Example 155.2): it costs the incumbent 1.

    >>> from tradegame.extensive import GameTree, decision, terminal, credibility
    >>> entry = GameTree(
    ...     decision("Challenger", {
    ...         "in": decision("Incumbent", {"acquiesce": terminal([2, 1]),
    ...                                      "fight": terminal([0, 0])}),
    ...         "out": terminal([1, 2])}),
    ...     ("Challenger", "Incumbent"))
    >>> table = credibility(entry, {("in",): "fight"})
    >>> table[["node", "action", "best_action", "cost", "credible"]]
      node action best_action  cost  credible
    0   in  fight   acquiesce   1.0     False
    """
    import pandas as pd

    tree = _check_tree(tree, "credibility")
    tol = _check_tol(tol)
    if not isinstance(plan, Mapping):
        raise ParameterError(f"plan must be a mapping {{node path: action}}; got {plan!r}")
    analysis = _analyse(tree, tol, Budget("credibility", None))
    flat = tree._flat
    rows = []
    for path, action in plan.items():
        if isinstance(path, str) or not isinstance(path, Sequence):
            raise ParameterError(f"plan keys must be node paths (tuples of actions); got {path!r}")
        try:
            k = tree._index_of(tuple(path))
        except Exception as exc:
            raise ParameterError(f"plan: {exc}") from None
        where = path_text(tuple(path))
        if flat.kind[k] != _DECISION:
            raise ParameterError(f"plan: the node at {where} is not a decision node")
        acts = flat.actions[k]
        if action not in acts:
            raise ParameterError(
                f"plan: {action!r} is not an action at {where}; actions there: {', '.join(acts)}"
            )
        kids = flat.children[k]
        if not all(analysis.is_root[c] for c in kids):
            raise ParameterError(
                f"plan: the actions at {where} do not all lead to subgames (an information set "
                "spans them), so their continuations are not determined on their own"
            )
        p = flat.player[k]
        a = acts.index(action)
        highs = [max(c.vec[p] for c in analysis.classes[x]) for x in kids]
        lows = [min(c.vec[p] for c in analysis.classes[x]) for x in kids]
        ambiguous = any(hi != lo for hi, lo in zip(highs, lows, strict=True))
        value = highs[a]
        best_action, best_value = action, value
        for b, low in enumerate(lows):
            if b != a and low > best_value:
                best_action, best_value = acts[b], low
        cost = max(0.0, best_value - value)
        rows.append(
            (
                where,
                tree.players[p],
                action,
                float(value),
                best_action,
                float(best_value),
                float(cost),
                bool(cost <= analysis.atol[p]),
                ambiguous,
            )
        )
    return pd.DataFrame(
        rows,
        columns=[
            "node",
            "player",
            "action",
            "value",
            "best_action",
            "best_value",
            "cost",
            "credible",
            "ambiguous",
        ],
    )
