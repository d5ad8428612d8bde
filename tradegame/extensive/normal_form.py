"""The reduced normal form of a game tree.

A *reduced plan* of a player names an action at each of the player's
information sets that the player's own earlier actions do not exclude (Osborne
and Rubinstein 1994, *A Course in Game Theory*, Definition 94.1; Kuhn 1953);
the reduced normal form has these plans as strategies and the expected
payoffs (chance moves averaged) as payoffs. With perfect recall, which
:class:`~tradegame.extensive.GameTree` requires, every mixed strategy in it
corresponds to a behaviour strategy with the same outcome (Kuhn's theorem), so
every normal-form solver applies to the tree.

Labels: a plan is the actions it takes, in the order in which their information
sets first appear in the tree (preorder), joined by ``"|"``: ``"in"``,
``"fight|accommodate"``, ``"continue|stop"``. A player without a move has the
one plan ``"(no move)"``. Should two plans still print alike (an action label
containing ``"|"``), the later ones get ``" #2"``, ``" #3"``, ... appended.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..errors import GameError
from ..game import Game
from ..limits import check_profiles
from ..solvers._tableau import tableau_problem
from .tree import _DECISION, _TERMINAL, GameTree, _Flat, require_tree

__all__ = ["NO_MOVE", "reduced_normal_form"]

NO_MOVE = "(no move)"
"""The one strategy of a player who has no move in the tree."""

_EXACT_PROFILES = 200_000  # most profiles for which payoffs are also summed as Fractions
_EXACT_BITS = 256  # exact values with longer numerators or denominators are left to floats


def _exact(value: object) -> Fraction | int | None:
    """A number as an exact rational: ints and Fractions as they are, a float as the decimal it
    was typed as (``0.1`` is 1/10) when it has at most 15 significant digits, else its binary
    value; None when the numerator or denominator would be longer than 256 bits."""
    if isinstance(value, int):
        out: Fraction | int = value
    elif isinstance(value, Fraction):
        out = value
    else:
        x = float(value)  # type: ignore[arg-type]
        text = repr(x)  # the shortest decimal that reads back as x
        digits = text.lstrip("+-").split("e")[0].replace(".", "").strip("0")
        out = Fraction(text) if len(digits) <= 15 else Fraction(x)
    return out if _short(out) else None


def _short(value: Fraction | int) -> bool:
    if isinstance(value, int):
        return value.bit_length() <= _EXACT_BITS
    return max(value.numerator.bit_length(), value.denominator.bit_length()) <= _EXACT_BITS


@dataclass(frozen=True)
class _Leaf:
    node: int
    weight: float
    exact_weight: Fraction | None
    moves: tuple[tuple[int, int, int], ...]  # (player, infoset, action) on the way


@dataclass(frozen=True)
class _Form:
    """Plans of each player and the leaves of one (minimal) subgame."""

    plans: tuple[tuple[tuple[tuple[int, int], ...], ...], ...]  # per player: plans of (h, a)
    labels: tuple[tuple[str, ...], ...]
    infosets: tuple[tuple[int, ...], ...]  # per player: infosets in the subgame, in order
    leaves: tuple[_Leaf, ...]
    masks: tuple[tuple[np.ndarray, ...], ...]  # per leaf, per player: plan indices reaching it

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(p) for p in self.plans)


def _walk(flat: _Flat, root: int, stops: Collection[int]) -> tuple[list[_Leaf], set[int]]:
    """Leaves of the subgame at ``root`` (terminals and ``stops``) and its information sets."""
    leaves: list[_Leaf] = []
    infosets: set[int] = set()
    stack: list[tuple[int, float, Fraction | None, tuple]] = [(root, 1.0, Fraction(1), ())]
    while stack:
        k, w, wx, moves = stack.pop()
        kind = flat.kind[k]
        if kind == _TERMINAL or (k != root and k in stops):
            leaves.append(_Leaf(k, w, wx, moves))
            continue
        kids = flat.children[k]
        if kind == _DECISION:
            h, p = flat.infoset[k], flat.player[k]
            infosets.add(h)
            for a in range(len(kids) - 1, -1, -1):
                stack.append((kids[a], w, wx, (*moves, (p, h, a))))
        else:
            probs = flat.probs[k]
            for a in range(len(kids) - 1, -1, -1):
                prob = probs[a]  # type: ignore[index]
                exact = None
                if wx is not None and (px := _exact(prob)) is not None and _short(wx * px):
                    exact = wx * px
                stack.append((kids[a], w * float(prob), exact, moves))
    return leaves, infosets


def _form(
    flat: _Flat,
    players: Sequence[str],
    root: int = 0,
    stops: Collection[int] = (),
    *,
    what: str = "the reduced normal form",
    solving: bool = False,
) -> _Form:
    """Plans and leaves of the subgame at ``root`` whose subgames ``stops`` are cut off.

    The size is checked before anything of it is built: at most
    :data:`~tradegame.limits.MAX_PROFILES` profiles and, with ``solving`` and two
    players, a tableau the two-player solvers can pivot on
    (:data:`~tradegame.limits.MAX_TABLEAU_CELLS`). Too large: a GameError
    naming ``what``.
    """
    leaves, hs = _walk(flat, root, stops)
    n = len(players)
    per_player: list[list[int]] = [[] for _ in range(n)]
    for h in sorted(hs):
        per_player[flat.infoset_player[h]].append(h)
    counts = []
    for p in range(n):
        count: dict[int, int] = {}
        kids: dict[tuple[int, int], list[int]] = {}
        roots = []
        for h in per_player[p]:
            last = flat.own_last[flat.infoset_nodes[h][0]]
            if last is None or last[0] not in hs:
                roots.append(h)
            else:
                kids.setdefault(last, []).append(h)
        for h in reversed(per_player[p]):
            count[h] = sum(
                math.prod(count[j] for j in kids.get((h, a), ()))
                for a in range(len(flat.infoset_actions[h]))
            )
        counts.append((math.prod(count[h] for h in roots), kids, roots))
    shape = tuple(c[0] for c in counts)
    problem = check_profiles(shape, None)
    if problem is None and solving and n == 2:
        problem = tableau_problem(*shape)
    if problem is not None:
        raise GameError(f"{what} is too large: {problem}")
    plans_all = []
    labels_all = []
    for p in range(n):
        _, kids, roots = counts[p]
        plans_of: dict[int, list[tuple[tuple[int, int], ...]]] = {}
        for h in reversed(per_player[p]):
            options: list[tuple[tuple[int, int], ...]] = []
            for a in range(len(flat.infoset_actions[h])):
                combos: list[tuple[tuple[int, int], ...]] = [((h, a),)]
                for j in kids.get((h, a), ()):
                    combos = [c + q for c in combos for q in plans_of[j]]
                options.extend(combos)
            plans_of[h] = options
        plans: list[tuple[tuple[int, int], ...]] = [()]
        for h in roots:
            plans = [c + q for c in plans for q in plans_of[h]]
        plans = [tuple(sorted(plan)) for plan in plans]
        labels = [
            "|".join(flat.infoset_actions[h][a] for h, a in plan) if plan else NO_MOVE
            for plan in plans
        ]
        seen: dict[str, int] = {}
        for j, label in enumerate(labels):
            if label in seen:
                seen[label] += 1
                labels[j] = f"{label} #{seen[label]}"
            else:
                seen[label] = 1
        plans_all.append(tuple(plans))
        labels_all.append(tuple(labels))
    masks = []
    tables = []
    for p in range(n):
        col = {h: c for c, h in enumerate(per_player[p])}
        table = np.full((len(plans_all[p]), max(1, len(col))), -1, dtype=np.int64)
        for j, plan in enumerate(plans_all[p]):
            for h, a in plan:
                table[j, col[h]] = a
        tables.append((col, table))
    for leaf in leaves:
        ok = [np.ones(len(plans_all[p]), dtype=bool) for p in range(n)]
        for p, h, a in leaf.moves:
            col, table = tables[p]
            ok[p] &= table[:, col[h]] == a
        masks.append(tuple(np.flatnonzero(m) for m in ok))
    return _Form(
        tuple(plans_all),
        tuple(labels_all),
        tuple(tuple(h) for h in per_player),
        tuple(leaves),
        tuple(masks),
    )


def _tensor(form: _Form, values: Sequence[Sequence[float]], n: int) -> np.ndarray:
    """Expected payoffs, shape ``(n, *form.shape)``, given each leaf's payoff vector."""
    tensor = np.zeros((n, *form.shape))
    for leaf, mask, value in zip(form.leaves, form.masks, values, strict=True):
        if not all(len(m) for m in mask):
            continue
        block = np.ix_(*mask)
        for i in range(n):
            tensor[i][block] += leaf.weight * float(value[i])
    return tensor


def _exact_tensor(form: _Form, values: Sequence[Sequence[object]], n: int) -> np.ndarray | None:
    """The same in Fractions, or None when some weight or payoff is not rational (or too long:
    see :func:`_exact`), or the form has more than 200,000 profiles."""
    if math.prod(form.shape) > _EXACT_PROFILES:
        return None
    if any(leaf.exact_weight is None for leaf in form.leaves):
        return None
    if not all(isinstance(v, (int, Fraction)) for row in values for v in row):
        return None
    tensor = np.empty((n, *form.shape), dtype=object)
    tensor.fill(Fraction(0))
    for leaf, mask, value in zip(form.leaves, form.masks, values, strict=True):
        if not all(len(m) for m in mask):
            continue
        block = np.ix_(*mask)
        for i in range(n):
            tensor[i][block] += leaf.exact_weight * value[i]  # type: ignore[operator]
    return tensor


def reduced_normal_form(tree: GameTree) -> Game:
    """The reduced normal form of ``tree`` as a :class:`~tradegame.Game`.

    Strategies are the players' reduced plans (see the module docstring for
    their labels), players are in the tree's order, and payoffs are expected
    over chance moves. Payoffs given as integers and Fractions (and rational
    chance probabilities) stay exact in ``exact_payoff_tensor``.

    Raises
    ------
    GameError
        When the form would exceed :data:`~tradegame.limits.MAX_PROFILES`.

    Examples
    --------
    The entry game (Osborne 2004, *An Introduction to Game Theory*, Figure 154.1)
    has two pure Nash equilibria; only (in, acquiesce) is subgame perfect
    (Osborne 2004, Example 155.2):

    >>> import tradegame as tg
    >>> from tradegame.extensive import GameTree, decision, terminal, reduced_normal_form
    >>> entry = GameTree(
    ...     decision("Challenger", {
    ...         "in": decision("Incumbent", {"acquiesce": terminal([2, 1]),
    ...                                      "fight": terminal([0, 0])}),
    ...         "out": terminal([1, 2])}),
    ...     ("Challenger", "Incumbent"))
    >>> game = reduced_normal_form(entry)
    >>> game.strategies
    (('in', 'out'), ('acquiesce', 'fight'))
    >>> pure = tg.pure_nash(game)
    >>> [pure.profile(k) for k in range(len(pure))]  # doctest: +NORMALIZE_WHITESPACE
    [{'Challenger': {'in': 1.0}, 'Incumbent': {'acquiesce': 1.0}},
     {'Challenger': {'out': 1.0}, 'Incumbent': {'fight': 1.0}}]
    """
    require_tree(tree, "reduced_normal_form")
    flat = tree._flat
    form = _form(flat, tree.players)
    values = [flat.values[flat.payoff_rows[leaf.node]] for leaf in form.leaves]
    n = tree.n_players
    exact = _exact_tensor(form, values, n)
    arrays = list(exact) if exact is not None else list(_tensor(form, values, n))
    return Game.from_arrays(
        arrays, players=tree.players, strategies=form.labels, name=tree.name, source=tree.source
    )


def _behaviour(form: _Form, flat: _Flat, player: int, mixed: Sequence) -> dict[int, tuple | None]:
    """A mixed strategy over reduced plans as behaviour at each information set (Kuhn 1953).

    ``mixed`` holds floats or Fractions (then the behaviour is exact too). None at
    an information set that the player's own plans (in the support) all exclude:
    any action there gives the same play.
    """
    weights: dict[int, dict[int, object]] = {h: {} for h in form.infosets[player]}
    for plan, m in zip(form.plans[player], mixed, strict=True):
        if m <= 0:
            continue
        for h, a in plan:
            here = weights[h]
            here[a] = here.get(a, 0) + m
    out: dict[int, tuple | None] = {}
    for h, here in weights.items():
        reach = sum(here.values())
        if reach <= 0:
            out[h] = None
            continue
        probs: list[object] = [0] * len(flat.infoset_actions[h])
        for a, w in here.items():
            probs[a] = w / reach
        out[h] = tuple(probs)
    return out
