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
  equilibrium payoffs: all extreme equilibria for two players (by
  :func:`tradegame.solve`, or, when one player has two plans, directly from
  the upper envelope of the other's payoff lines, which takes a fraction of a
  second for thousands of plans), and for more players all equilibria when
  the form is small enough, else the pure ones and one found by logit
  tracing (then marked incomplete), as :func:`tradegame.solve` chooses. A
  form too large for the two-player solvers' tableaux
  (:data:`~tradegame.limits.MAX_TABLEAU_CELLS`) or beyond
  :data:`~tradegame.limits.MAX_PROFILES` is refused before it is built.

Each combination of continuation equilibria below a subgame is a separate
case, so the set is exactly the recursive definition's (Osborne 2004,
Proposition 173.1 for finite perfect-information games). Equilibrium values are
grouped by payoff vector and counted before any profile is listed, which
keeps a 100,000-node tree to about a second; the walks are iterative, so deep
trees need no recursion.

Subgame perfection does not change when a player's payoffs are multiplied by
a positive number and shifted (von Neumann and Morgenstern 1944, ch. 3), and
neither does the answer: each player's terminal payoffs are first mapped onto
[0, 1], ties are judged within ``tol`` of that range, and where a tree has
imperfect-information subgames the mapped payoffs are kept as exact
fractions (integers and Fractions exactly; decimals as the fractions they
round to, within a few units in the last place), so that the normal-form
solver sees the same game whatever the units.
"""

from __future__ import annotations

import itertools
import math
from bisect import bisect_right
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import GameError, ParameterError
from ..game import Game
from ..limits import DEFAULT_TIME_LIMIT, check_count
from ..solvers import DEFAULT_TOL
from ..solvers._budget import Budget
from ..solvers.result import check_tol
from ._narrow import two_strategy_equilibria
from .normal_form import _behaviour, _exact, _exact_tensor, _form, _short, _tensor
from .tree import _CHANCE, _DECISION, _TERMINAL, GameTree, _Flat, path_text, require_tree

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
_LISTING_BUDGET = 2_000_000  # most node entries (equilibria x nodes) listed
_NAMED_DEPTH = 64  # to_dict and offpath name deeper nodes by number: paths would be too long
_NARROW_FROM = 3  # 2 x n subgame forms with n >= this are solved from the upper envelope
_SNAP_DENOMINATOR = 10**6  # normalized decimals are read as fractions up to this denominator


@dataclass
class _Class:
    """The equilibria of one subgame with one payoff vector: how many, and how made.

    ``vec`` is the vector in normalized units (each player's terminal payoffs
    mapped onto [0, 1]); ``exact`` the same as fractions, when known.
    """

    vec: tuple[float, ...]
    count: int
    ways: list[tuple]
    exact: tuple | None = None


@dataclass
class _Analysis:
    flat: _Flat
    players: tuple[str, ...]
    low: np.ndarray  # each player's lowest terminal payoff
    span: np.ndarray  # and the range of its terminal payoffs
    is_root: list[bool]
    classes: dict[int, list[_Class]]
    tol: float = DEFAULT_TOL
    exact: bool = False  # whether exact values are carried (imperfect-information subgames)
    notes: dict[str, None] = field(default_factory=dict)
    complete: bool = True
    ties: bool = False
    stopped: str | None = None
    imperfect: list[int] = field(default_factory=list)  # subgames solved in normal form

    @property
    def atol(self) -> np.ndarray:
        """The tie tolerance in each player's own units."""
        return self.tol * self.span

    def original(self, p: int, value: float) -> float:
        """A normalized payoff of player ``p`` in the player's own units."""
        return float(self.low[p] + self.span[p] * value)


def _combinations(
    analysis: _Analysis, lists: list, cap: int, where: str, done: str
) -> Iterator[tuple[int, ...]]:
    """Every combination of one continuation equilibrium below each child, at most ``cap``;
    past the cap the analysis is marked incomplete with a note naming ``where``."""
    combos: Iterator[tuple[int, ...]] = itertools.product(*(range(len(x)) for x in lists))
    count = math.prod(len(x) for x in lists)
    if count > cap:
        analysis.complete = False
        analysis.notes[
            f"{where} has {count:,} combinations of continuation equilibria; the first "
            f"{cap:,} are {done}"
        ] = None
        combos = itertools.islice(combos, cap)
    return combos


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


def _snap(x: float, slack: float) -> Fraction:
    """A normalized payoff as the simple fraction within ``slack`` of it, else exactly."""
    if slack <= 1e-9:
        near = Fraction(x).limit_denominator(_SNAP_DENOMINATOR)
        if abs(float(near) - x) <= slack:
            return near
    return Fraction(x)


def _normalize(
    flat: _Flat, exact: bool
) -> tuple[np.ndarray, np.ndarray, list[tuple[float, ...]], list[tuple | None] | None]:
    """Each player's terminal payoffs mapped onto [0, 1] (lowest 0, highest 1).

    Returns each player's lowest payoff and range, the mapped payoffs of each
    terminal as floats and, with ``exact``, as fractions (None for a terminal
    where some fraction would be long). A player whose payoffs are all equal
    gets zeros. Integers and Fractions map exactly; floats are mapped in
    floating point and read as the fraction of denominator at most 10**6
    within a few units in the last place, so that a game scaled by a decimal
    factor maps to the same fractions.
    """
    pay = flat.payoffs
    n_rows, n = pay.shape
    low = pay.min(axis=0) if n_rows else np.zeros(n)
    span = pay.max(axis=0) - low if n_rows else np.zeros(n)
    safe = np.where(span > 0, span, 1.0)
    norm = np.clip((pay - low) / safe, 0.0, 1.0)
    if not exact:
        return low, span, [tuple(row) for row in norm.tolist()], None
    columns = []
    for i in range(n):
        column = [row[i] for row in flat.values]
        if all(isinstance(v, (int, Fraction)) for v in column):
            lo, width = min(column), max(column) - min(column)
            columns.append([Fraction(v - lo) / width if width else Fraction(0) for v in column])
            continue
        size = max(abs(float(low[i])), abs(float(low[i] + span[i])))
        slack = 4 * np.finfo(float).eps * (1.0 + size / float(safe[i]))
        cache: dict[float, Fraction] = {}
        out = []
        for x in norm[:, i].tolist():
            if (f := cache.get(x)) is None:
                f = cache[x] = _snap(x, slack)
            out.append(f)
        columns.append(out)
    exact_rows: list[tuple | None] = []
    floats = []
    for r in range(n_rows):
        row = tuple(column[r] for column in columns)
        if all(_short(v) for v in row):
            exact_rows.append(row)
            floats.append(tuple(float(v) for v in row))
        else:
            exact_rows.append(None)
            floats.append(tuple(norm[r].tolist()))
    return low, span, floats, exact_rows


def _truncate(out: list[_Class], analysis: _Analysis, where: Callable[[], str]) -> list[_Class]:
    if len(out) > _CLASS_CAP:
        analysis.complete = False
        analysis.notes[
            f"the subgame at {where()} has more than {_CLASS_CAP:,} distinct equilibrium payoff "
            f"vectors; the first {_CLASS_CAP:,} are kept"
        ] = None
        return out[:_CLASS_CAP]
    return out


def _where(flat: _Flat, k: int) -> Callable[[], str]:
    return lambda: path_text(flat.path(k))


def _decision_step(analysis: _Analysis, k: int) -> list[_Class]:
    """Backward induction at a perfect-information node: every optimal action, every case."""
    flat = analysis.flat
    p = flat.player[k]
    t = analysis.tol  # payoffs are normalized: the tolerance is a fraction of the range
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
                cls = lists[a][0]
                if (entry := out.get(cls.vec)) is None:
                    out[cls.vec] = _Class(cls.vec, total, [("d", a, 0, u + t)], cls.exact)
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
                out[cls.vec] = _Class(cls.vec, count, [("d", a, j, limit)], cls.exact)
            else:
                entry.count += count
                entry.ways.append(("d", a, j, limit))
    return _truncate(list(out.values()), analysis, _where(flat, k))


def _chance_step(analysis: _Analysis, k: int, budget: Budget) -> list[_Class]:
    """Expected payoffs at a chance node, for each combination of continuation equilibria."""
    flat = analysis.flat
    probs = [float(p) for p in flat.probs[k]]  # type: ignore[union-attr]
    exact_probs = [_exact(p) for p in flat.probs[k]] if analysis.exact else [None]  # type: ignore[union-attr]
    lists = [analysis.classes[c] for c in flat.children[k]]
    out: dict[tuple[float, ...], _Class] = {}
    combos = _combinations(
        analysis, lists, _CLASS_CAP, f"the chance node at {path_text(flat.path(k))}", "kept"
    )
    n = len(analysis.players)
    for step, js in enumerate(combos):
        if step % 256 == 255 and budget.expired():
            break
        picked = [lists[b][j] for b, j in enumerate(js)]
        exact = None
        if None not in exact_probs and all(c.exact is not None for c in picked):
            exact = tuple(
                sum((q * c.exact[i] for q, c in zip(exact_probs, picked, strict=True)), Fraction(0))  # type: ignore[index, operator]
                for i in range(n)
            )
            if not all(_short(v) for v in exact):
                exact = None
        if exact is not None:
            vec = tuple(float(v) for v in exact)
        else:
            vec = tuple(
                math.fsum(q * c.vec[i] for q, c in zip(probs, picked, strict=True))
                for i in range(n)
            )
        count = math.prod(c.count for c in picked)
        if (entry := out.get(vec)) is None:
            out[vec] = _Class(vec, count, [("c", js)], exact)
        else:
            entry.count += count
            entry.ways.append(("c", js))
    return list(out.values())


def _expected(tensor: np.ndarray, profile: Sequence[Sequence[Fraction]]) -> tuple:
    """Each player's exact expected payoff from an exact tensor and an exact profile."""
    out = []
    for values in tensor:
        for probs in reversed(profile):  # contract the last player's axis first
            values = values @ np.array(probs, dtype=object)
        out.append(values)
    return tuple(out)


def _general_step(analysis: _Analysis, k: int, roots: set[int], budget: Budget) -> list[_Class]:
    """A subgame without proper subgames at its top: its reduced normal form, solved."""
    from ..solvers import solve

    flat = analysis.flat
    players = analysis.players
    where = _where(flat, k)
    analysis.imperfect.append(k)
    try:
        form = _form(flat, players, k, roots, solving=True)
    except GameError as exc:
        raise GameError(f"the subgame at {where()} cannot be solved: {exc}") from None
    leaves = [leaf.node for leaf in form.leaves]
    lists = [analysis.classes[leaf] for leaf in leaves]
    combos = _combinations(analysis, lists, _COMBO_CAP, f"the subgame at {where()}", "solved")
    n = len(players)
    narrow = n == 2 and min(form.shape) == 2 and max(form.shape) >= _NARROW_FROM
    frontier = tuple(j for j, node in enumerate(leaves) if flat.kind[node] != _TERMINAL)
    out: dict[tuple[float, ...], _Class] = {}
    for js in combos:
        if budget.expired():
            analysis.complete = False
            break
        picked = [lists[b][j] for b, j in enumerate(js)]
        exact_values = [c.exact for c in picked]
        tensor = None
        if analysis.exact and None not in exact_values:
            tensor = _exact_tensor(form, exact_values, n)  # type: ignore[arg-type]
        if tensor is None:
            tensor_float = _tensor(form, [c.vec for c in picked], n)
            game = Game.from_arrays(list(tensor_float), players=players, strategies=form.labels)
        else:
            game = Game.from_arrays(list(tensor), players=players, strategies=form.labels)
        if narrow:
            result = two_strategy_equilibria(game, tol=analysis.tol, budget=budget)
        else:
            left = budget.remaining()
            result = solve(
                game, tol=analysis.tol, time_limit=None if left is None else max(left, 1e-3)
            )
        if not result.complete:
            analysis.complete = False
            analysis.notes[
                f"the equilibria of the subgame at {where()} may be incomplete "
                f"({'; '.join(result.notes) or result.stopped or 'see tradegame.solve'})"
            ] = None
        count = math.prod(c.count for c in picked)
        for eq in result:
            profile = eq.exact if tensor is not None else None
            if profile is None and tensor is not None and eq.pure:
                profile = tuple(tuple(Fraction(int(v > 0.5)) for v in s) for s in eq.strategies)
            assignment = []
            for p in range(n):
                mixed = eq.strategies[p] if profile is None else profile[p]
                for h, probs in _behaviour(form, flat, p, mixed).items():
                    if probs is None:
                        assignment.append((h, None))
                        continue
                    top = max(range(len(probs)), key=probs.__getitem__)
                    if probs[top] >= 1.0 - 1e-12:
                        assignment.append((h, top))
                    else:
                        assignment.append((h, tuple(float(q) for q in probs)))
            exact = None
            if profile is not None:
                exact = _expected(tensor, profile)  # type: ignore[arg-type]
                if not all(_short(v) for v in exact):
                    exact = None
            if exact is not None:
                vec = tuple(float(v) for v in exact)
            else:
                vec = tuple(float(v) for v in eq.payoffs)
            way = ("g", tuple(assignment), tuple((leaves[b], js[b]) for b in frontier))
            if (entry := out.get(vec)) is None:
                out[vec] = _Class(vec, count, [way], exact)
            else:
                entry.count += count
                entry.ways.append(way)
    return _truncate(list(out.values()), analysis, where)


def _analyse(tree: GameTree, tol: float, budget: Budget) -> _Analysis:
    flat = tree._flat
    is_root = _subgame_roots(flat)
    kinds, children = flat.kind, flat.children
    general = [k for k in flat.inner if is_root[k] and not all(is_root[c] for c in children[k])]
    low, span, floats, exact_rows = _normalize(flat, bool(general))
    analysis = _Analysis(
        flat, tree.players, low, span, is_root, {}, tol, exact=exact_rows is not None
    )
    roots = {k for k, r in enumerate(is_root) if r}
    classes = analysis.classes
    rows = flat.payoff_rows
    for k in range(len(kinds) - 1, -1, -1):
        if not is_root[k]:
            continue
        if budget.expired():  # a clock read per subgame: cheap next to solving one
            break
        kind = kinds[k]
        if kind == _TERMINAL:
            r = rows[k]
            exact = None if exact_rows is None else exact_rows[r]
            classes[k] = [_Class(floats[r], 1, [], exact)]
        elif all(is_root[c] for c in children[k]):
            if kind == _DECISION:
                classes[k] = _decision_step(analysis, k)
            else:
                classes[k] = _chance_step(analysis, k, budget)
        else:
            classes[k] = _general_step(analysis, k, roots, budget)
        if budget.stopped:
            break
    if budget.stopped:
        analysis.complete = False
        analysis.stopped = budget.stopped
        classes.clear()
    return analysis


def _alternatives(analysis: _Analysis, task: tuple) -> Iterator[tuple[list, list]]:
    """The ways to complete one task, one at a time: (assignments, further tasks) for each.

    A task is ``(node, class, player, limit)``: the subgame at ``node`` played
    by the equilibria of one class (``class >= 0``), or of any class in which
    ``player`` gets at most ``limit`` (``class < 0``). Terminals need no task.
    """
    flat = analysis.flat
    node, j, p, limit = task
    options = analysis.classes[node]
    picks = range(len(options)) if j < 0 else (j,)
    kinds = flat.kind
    for i in picks:
        cls = options[i]
        if j < 0 and p >= 0 and cls.vec[p] > limit:
            continue
        if not cls.ways:
            yield [], []
            continue
        for way in cls.ways:
            if way[0] == "d":
                _, a, ja, lim = way
                mover = flat.player[node]
                tasks = [
                    (c, ja, -1, 0.0) if b == a else (c, -1, mover, lim)
                    for b, c in enumerate(flat.children[node])
                    if kinds[c] != _TERMINAL
                ]
                yield [(flat.infoset[node], a)], tasks
            elif way[0] == "c":
                tasks = [
                    (c, jc, -1, 0.0)
                    for c, jc in zip(flat.children[node], way[1], strict=True)
                    if kinds[c] != _TERMINAL
                ]
                yield [], tasks
            else:
                yield list(way[1]), [(c, jc, -1, 0.0) for c, jc in way[2]]


def _enumerate(analysis: _Analysis, cap: int, budget: Budget) -> Iterator[tuple]:
    """Every subgame-perfect profile (one choice per information set), depth first.

    The tasks still to do form a linked list ``(task, rest)``; only tasks with
    more than one way to complete them leave a frame on the stack (the
    remaining ways, drawn lazily), so ties cost what is listed, not what
    exists, and a deep tree without ties needs no stack at all.
    """
    choice: list[Any] = [None] * len(analysis.flat.infoset_name)
    stack: list[tuple[Iterator[tuple[list, list]], Any]] = []
    tasks: Any = ((0, -1, -1, 0.0), None)
    found = 0
    while True:
        if tasks is None:  # a complete profile
            yield tuple(choice)
            found += 1
            if found >= cap:
                return
        else:
            if budget.expired():
                return
            task, rest = tasks
            ways = _alternatives(analysis, task)
            first = next(ways, None)
            if first is not None:
                second = next(ways, None)
                if second is not None:
                    stack.append((itertools.chain((second,), ways), rest))
                extra, more = first
                for h, c in extra:
                    choice[h] = c
                for t in reversed(more):
                    rest = (t, rest)
                tasks = rest
                continue
        # back to the most recent task with ways left
        while stack:
            ways, rest = stack[-1]
            way = next(ways, None)
            if way is not None:
                break
            stack.pop()
        else:
            return
        extra, more = way
        for h, c in extra:
            choice[h] = c
        for t in reversed(more):
            rest = (t, rest)
        tasks = rest


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


def _node_name(flat: _Flat, k: int) -> str:
    """How :meth:`SubgamePerfectEquilibrium.to_dict` names a node: its path, or ``"node K"``
    (its position in :meth:`GameTree.nodes`) when it is more than 64 moves deep."""
    if flat.depth[k] > _NAMED_DEPTH:
        return f"node {k}"
    return path_text(flat.path(k))


def _mixture_text(labels: Sequence[str], probs: Sequence[float]) -> str:
    """A mixed choice as one path entry: ``"mix(B 0.6667, S 0.3333)"``."""
    return "mix(" + ", ".join(f"{a} {q:.4g}" for a, q in zip(labels, probs, strict=True) if q) + ")"


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
        (computed on first use) ``(probability, path, payoffs)`` for every
        terminal reached with positive probability.
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
        or a *promise* (more than any alternative gives them). Nodes are named
        as in :meth:`to_dict`.
    """

    payoffs: dict[str, float]
    path: tuple[str, ...]
    _tree: GameTree = field(repr=False)
    _choice: tuple = field(repr=False)
    _atol: np.ndarray = field(repr=False)
    _reached: frozenset = field(repr=False)
    _ends: tuple[tuple[float, int], ...] = field(repr=False, default=())

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
    def outcomes(self) -> tuple[tuple[float, tuple[str, ...], dict[str, float]], ...]:
        """``(probability, path, payoffs)`` for every terminal reached (see the class)."""
        tree = self._tree
        flat = tree._flat
        out = []
        for w, k in self._ends:
            row = flat.payoffs[flat.payoff_rows[k]]
            payoffs = {p: float(v) for p, v in zip(tree.players, row, strict=True)}
            out.append((float(w), flat.path(k), payoffs))
        return tuple(out)

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
        values = np.full((len(flat.kind), tree.n_players), np.nan)
        values[flat.terminals] = flat.payoffs
        kinds, children, choice = flat.kind, flat.children, self._choice
        for k in reversed(flat.inner):
            kids = children[k]
            if kinds[k] == _CHANCE:
                probs = np.array([float(q) for q in flat.probs[k]])  # type: ignore[union-attr]
                values[k] = probs @ values[list(kids)]
                continue
            c = choice[flat.infoset[k]]
            if isinstance(c, int):
                values[k] = values[kids[c]]
            elif c is not None:
                values[k] = sum(q * values[kids[a]] for a, q in enumerate(c) if q > 0)
        out = []
        for k in flat.inner:
            if kinds[k] != _DECISION or k in self._reached:
                continue
            h = flat.infoset[k]
            c = choice[h]
            if c is None:
                continue
            kids = children[k]
            support = {c} if isinstance(c, int) else {a for a, q in enumerate(c) if q > 0}
            others = [kids[a] for a in range(len(kids)) if a not in support]
            mover = flat.player[k]
            threatens, promises = [], []
            if others:
                best_alt = values[others].max(axis=0)
                for j, player in enumerate(tree.players):
                    if j == mover:
                        continue
                    if values[k][j] < best_alt[j] - self._atol[j]:
                        threatens.append(player)
                    elif values[k][j] > best_alt[j] + self._atol[j]:
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
                    "node": _node_name(flat, k),
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
        """``{"payoffs", "path", "strategy", "offpath"}``, JSON-ready (keys as strings).

        ``path`` lists the actions along the play up to the first chance node or
        mixed choice; a mixed choice ends it with the mixture as one entry,
        ``"mix(H 0.5, T 0.5)"`` (actions played with positive probability).
        ``strategy`` maps every information set to its choice: an action, or
        ``{action: probability}`` for a mixed choice, or None where the mover's
        own earlier choices exclude the set. Information sets are named by
        their names, or, for a node in a set of its own, by the node's path
        (``"in > fight"``, ``"(root)"``); a node more than 64 moves deep is
        named ``"node K"``, its position in :meth:`GameTree.nodes` (preorder),
        so that the output grows linearly with the tree.
        """
        flat = self._tree._flat
        strategy = {}
        for h, c in enumerate(self._choice):
            name = flat.infoset_name[h]
            key = _node_name(flat, flat.infoset_nodes[h][0]) if name is None else str(name)
            strategy[key] = self._choice_shown(h, c)
        path = list(self.path)
        k = 0  # follow the play as far as `path` goes
        while flat.kind[k] == _DECISION and isinstance(c := self._choice[flat.infoset[k]], int):
            k = flat.children[k][c]
        if flat.kind[k] == _DECISION and isinstance(c, tuple):
            path.append(_mixture_text(flat.actions[k], c))
        return {
            "payoffs": {p: float(v) for p, v in self.payoffs.items()},
            "path": path,
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
    time_limit: float | None = DEFAULT_TIME_LIMIT,
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
    time_limit : float or None, optional
        Seconds before the search stops and returns what it has, flagged
        incomplete with a note (default
        :data:`~tradegame.limits.DEFAULT_TIME_LIMIT`; None: no limit). The
        clock is read inside every loop, including the solving of
        imperfect-information subgames and the listing of tied equilibria.
    max_equilibria : int, optional
        Most equilibria listed (default :data:`MAX_SUBGAME_PERFECT`); fewer
        in large trees, so that at most 2,000,000 node entries (equilibria x
        nodes) are kept. ``count`` still gives the total, counted without
        listing them.

    Returns
    -------
    SubgamePerfectResult
        ``to_dict()`` gives ``{"game": {"name", "players", "decision_nodes",
        "outcomes", "perfect_information"}, "analysis": "sequential",
        "complete", "notes", "equilibria": [{"payoffs", "path", "strategy",
        "offpath"}, ...]}`` (see :meth:`SubgamePerfectEquilibrium.to_dict`).

    Raises
    ------
    GameError
        When the reduced normal form of an imperfect-information subgame is
        too large to solve (more than :data:`~tradegame.limits.MAX_PROFILES`
        profiles or, for two players, a pivoting tableau beyond
        :data:`~tradegame.limits.MAX_TABLEAU_CELLS`).

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
    tree = require_tree(tree, "subgame_perfect")
    tol = DEFAULT_TOL if tol is None else check_tol(tol, zero=True)
    max_equilibria = check_count(max_equilibria, "max_equilibria")
    budget = Budget("subgame-perfect", time_limit)
    analysis = _analyse(tree, tol, budget)
    flat = tree._flat
    notes = dict(analysis.notes)
    if analysis.imperfect:
        top = path_text(flat.path(analysis.imperfect[-1]))
        many = len(analysis.imperfect)
        what = (
            f"the subgame at {top} has imperfect information: solved in its reduced normal form"
            if many == 1
            else f"{many:,} subgames have imperfect information (the topmost at {top}): each "
            "is solved in its reduced normal form"
        )
        notes[f"{what} (extreme equilibria for two players)"] = None
    root_classes = analysis.classes.get(0, [])
    total = sum(c.count for c in root_classes)
    cap = min(int(max_equilibria), max(1, _LISTING_BUDGET // len(flat.kind)))
    complete = analysis.complete
    equilibria = []
    choices = _enumerate(analysis, cap, budget) if root_classes else iter(())
    for choice in choices:
        if budget.expired():
            break
        ends, reached = _walk(flat, choice)
        payoffs = np.zeros(tree.n_players)
        for w, k in ends:
            payoffs += w * flat.payoffs[flat.payoff_rows[k]]
        path: list[str] = []
        k = 0
        while flat.kind[k] == _DECISION and isinstance(c := choice[flat.infoset[k]], int):
            path.append(flat.actions[k][c])
            k = flat.children[k][c]
        equilibria.append(
            SubgamePerfectEquilibrium(
                {p: float(v) for p, v in zip(tree.players, payoffs, strict=True)},
                tuple(path),
                tree,
                choice,
                analysis.atol,
                frozenset(reached),
                tuple(ends),
            )
        )
    if budget.stopped:
        complete = False
        notes[f"{budget.stopped}; the equilibria found by then are listed"] = None
    elif total > len(equilibria):
        complete = False
        shown = f"{total:,}" if total < 10**15 else f"about 10^{int(total.bit_length() * 0.30103)}"
        notes[
            f"{shown} subgame-perfect equilibria in all; the first {len(equilibria):,} are "
            f"listed (at most {cap:,} for this tree)"
        ] = None
    if not root_classes and not budget.stopped:
        complete = False
        notes["no subgame-perfect equilibrium was found"] = None
    if analysis.ties:
        notes[
            "some movers are indifferent between actions: each optimal action gives separate "
            "equilibria, and mixtures of tied actions (not listed) are subgame perfect too"
        ] = None
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

    tree = require_tree(tree, "credibility")
    tol = DEFAULT_TOL if tol is None else check_tol(tol, zero=True)
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
        # continuation values in the mover's own units (the analysis works in normalized ones)
        highs = [analysis.original(p, max(c.vec[p] for c in analysis.classes[x])) for x in kids]
        lows = [analysis.original(p, min(c.vec[p] for c in analysis.classes[x])) for x in kids]
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
