"""Immutable game trees: terminal, decision and chance nodes, validated as a whole.

A tree is built from three node constructors, :func:`terminal`, :func:`decision`
and :func:`chance`, and checked when it is wrapped in a :class:`GameTree`: every
mover is a known player, every terminal gives one payoff per player, nodes that
share an information set have the same mover and the same actions, and the
tree has *perfect recall* (Kuhn 1953): all nodes of an information set are
reached by the same earlier moves of its player. Perfect recall is required,
not assumed: it is what lets reduced normal forms and behaviour strategies
describe the same play (Kuhn's theorem; Osborne and Rubinstein 1994,
*A Course in Game Theory*, Proposition 214.1).

Every walk over a tree is iterative, so trees deeper than Python's recursion
limit are handled like any other.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import limits
from ..errors import GameError
from ..game import label_problem
from ..limits import MAX_PLAYERS

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "PROBABILITY_TOLERANCE",
    "Chance",
    "Decision",
    "GameTree",
    "InformationSet",
    "Node",
    "Terminal",
    "chance",
    "decision",
    "path_text",
    "terminal",
]

PROBABILITY_TOLERANCE = 1e-6
"""How far from one the probabilities of a chance node may sum when some are floats
(Gambit files written with six decimals give 1/3 as 0.333333); rationals must sum to
exactly one."""

Number = int | float | Fraction


def path_text(path: Sequence[str]) -> str:
    """A node path as one string: action labels joined by ``" > "``, ``"(root)"`` for the root."""
    return " > ".join(path) if path else "(root)"


def _number(value: object, what: str) -> Number:
    """``value`` as an int, Fraction or finite float, else a one-line GameError."""
    kind = type(value)
    if kind is int or kind is Fraction:
        return value  # type: ignore[return-value]
    if kind is float and math.isfinite(value):  # type: ignore[arg-type]
        return value  # type: ignore[return-value]
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, Decimal)):
        raise GameError(f"{what} must be a number; got {value!r}")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise GameError(f"{what} must be a finite number; got {value}")
        return Fraction(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, Fraction):
        return value
    try:
        number = float(value)
    except OverflowError:  # a Rational beyond the float range
        number = math.inf
    if not math.isfinite(number):
        raise GameError(f"{what} must be a finite number; got {number}")
    return number


def _magnitude_text(value: Number) -> str:
    """A number for a message: in full when short, else its size (``a 400-digit integer``)."""
    if isinstance(value, float):
        return str(value)
    if isinstance(value, int) and abs(value) < 10**24:
        return str(value)
    if isinstance(value, int) and value.bit_length() < 13_000:
        return f"a {len(str(abs(value)))}-digit integer"
    if isinstance(value, Fraction) and max(abs(value.numerator), value.denominator) < 10**12:
        return str(value)
    try:
        return f"about {float(value):.3g}"
    except OverflowError:
        return "a number beyond 1e308"


def _limit_text(limit: float) -> str:
    """A limit for a message: ``1e300``, ``5000``."""
    return f"{limit:g}".replace("e+", "e")


def _payoff(value: object, what: str) -> Number:
    """A payoff: a finite number of magnitude at most ``MAX_PAYOFF_MAGNITUDE``."""
    number = _number(value, what)
    limit = limits.MAX_PAYOFF_MAGNITUDE
    if abs(number) > limit:
        raise GameError(
            f"{what} is {_magnitude_text(number)}; payoffs must be at most {_limit_text(limit)} "
            "in magnitude (tradegame.limits.MAX_PAYOFF_MAGNITUDE): differences of larger numbers "
            "overflow"
        )
    return number


@lru_cache(maxsize=4096)
def _string_label_problem(label: str) -> str | None:
    return label_problem(label)  # trees repeat their labels: check each once


def _check_label(label: object, what: str) -> str:
    problem = _string_label_problem(label) if type(label) is str else label_problem(label)
    if problem is not None:
        raise GameError(f"{what} {problem}")
    return label  # type: ignore[return-value]


def _check_text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise GameError(f"{what} must be a string; got {value!r}")
    return value


class _Node:
    """Shared behaviour of nodes: equality and hashing by content, without recursion."""

    __slots__ = ()

    def _key(self) -> tuple:
        return _subtree_key(self)  # type: ignore[arg-type]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _Node):
            return NotImplemented
        return self is other or self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())


@dataclass(frozen=True, eq=False, repr=False)
class Terminal(_Node):
    """An end of the game with its payoffs; build with :func:`terminal`.

    ``payoffs`` holds numbers in player order, or, when ``players`` is not
    None, the payoffs of the players named there (resolved by :class:`GameTree`).
    """

    payoffs: tuple[Number, ...]
    players: tuple[str, ...] | None = None
    label: str = ""

    def __repr__(self) -> str:
        if self.players is None:
            shown = ", ".join(str(v) for v in self.payoffs)
        else:
            shown = ", ".join(f"{p}: {v}" for p, v in zip(self.players, self.payoffs, strict=True))
        return f"<Terminal ({shown})>"


@dataclass(frozen=True, eq=False, repr=False)
class Decision(_Node):
    """A move of one player; build with :func:`decision`.

    ``children`` is a tuple of ``(action label, child)`` pairs in order.
    """

    player: str
    children: tuple[tuple[str, Node], ...]
    infoset: Hashable | None = None
    label: str = ""

    @property
    def actions(self) -> tuple[str, ...]:
        """The action labels, in order."""
        return tuple(a for a, _ in self.children)

    def child(self, action: str) -> Node:
        """The node an action leads to."""
        for a, node in self.children:
            if a == action:
                return node
        raise GameError(f"unknown action {action!r}; actions are: {', '.join(self.actions)}")

    def __repr__(self) -> str:
        where = "" if self.infoset is None else f" in {self.infoset!r}"
        return f"<Decision {self.player!r}{where}: {', '.join(self.actions)}>"


@dataclass(frozen=True, eq=False, repr=False)
class Chance(_Node):
    """A move of nature; build with :func:`chance`.

    ``children`` is a tuple of ``(outcome label, probability, child)`` triples.
    """

    children: tuple[tuple[str, Number, Node], ...]
    label: str = ""

    @property
    def actions(self) -> tuple[str, ...]:
        """The outcome labels, in order."""
        return tuple(a for a, _, _ in self.children)

    @property
    def probabilities(self) -> tuple[Number, ...]:
        """The outcome probabilities, in order (Fractions kept exact)."""
        return tuple(p for _, p, _ in self.children)

    def child(self, action: str) -> Node:
        """The node an outcome leads to."""
        for a, _, node in self.children:
            if a == action:
                return node
        raise GameError(f"unknown outcome {action!r}; outcomes are: {', '.join(self.actions)}")

    def __repr__(self) -> str:
        shown = ", ".join(f"{a} {p}" for a, p, _ in self.children)
        return f"<Chance: {shown}>"


Node = Terminal | Decision | Chance


def terminal(payoffs: Mapping[str, Any] | Sequence[Any], label: str = "") -> Terminal:
    """A terminal node.

    Parameters
    ----------
    payoffs : mapping or sequence
        ``{player: payoff}``, or the payoffs in the tree's player order.
        Integers and :class:`fractions.Fraction` stay exact; every payoff must be
        finite and at most :data:`~tradegame.limits.MAX_PAYOFF_MAGNITUDE` (1e300)
        in magnitude, so that differences of payoffs do not overflow.
    label : str, optional

    Examples
    --------
    >>> from tradegame.extensive import terminal
    >>> terminal({"Entrant": 1, "Incumbent": 2})
    <Terminal (Entrant: 1, Incumbent: 2)>
    """
    label = _check_text(label, "a terminal label")
    if isinstance(payoffs, Mapping):
        players = tuple(_check_label(p, "payoff keys (player names)") for p in payoffs)
        values = tuple(_payoff(payoffs[p], f"payoff for {p!r}") for p in players)
        return Terminal(values, players, label)
    if isinstance(payoffs, (str, bytes)) or not isinstance(payoffs, Sequence | np.ndarray):
        raise GameError(
            f"payoffs must be a mapping {{player: number}} or a list of numbers; got {payoffs!r}"
        )
    values = tuple(_payoff(v, f"payoff {k + 1}") for k, v in enumerate(payoffs))
    if not values:
        raise GameError("payoffs must not be empty")
    return Terminal(values, None, label)


def _pairs(children: object, what: str, noun: str) -> list[tuple[Any, Any]]:
    if isinstance(children, Mapping):
        pairs = list(children.items())
    elif isinstance(children, Sequence) and not isinstance(children, (str, bytes)):
        pairs = []
        for item in children:
            if not (isinstance(item, tuple) and len(item) == 2):
                raise GameError(f"{what} must be a mapping {{label: child}}; got {children!r}")
            pairs.append(item)
    else:
        raise GameError(f"{what} must be a mapping {{label: child}}; got {children!r}")
    if not pairs:
        raise GameError(f"{what} must not be empty")
    seen: set[str] = set()
    where = f"{what}: labels"
    for label, _ in pairs:
        _check_label(label, where)
        if label in seen:
            raise GameError(f"{what}: duplicate {noun} label {label!r}")
        seen.add(label)
    return pairs


def decision(
    player: str,
    children: Mapping[str, Node] | Sequence[tuple[str, Node]],
    *,
    infoset: Hashable | None = None,
    label: str = "",
) -> Decision:
    """A decision node of ``player``.

    Parameters
    ----------
    player : str
    children : mapping or sequence
        ``{action label: child node}``, in order, or a sequence of
        ``(action label, child node)`` pairs; the labels must be distinct.
    infoset : hashable, optional
        Name of the information set; nodes sharing one must have the same
        player and action labels (checked by :class:`GameTree`). None (the
        default) puts the node in an information set of its own.
    label : str, optional

    Examples
    --------
    >>> from tradegame.extensive import decision, terminal
    >>> decision("Incumbent", {"acquiesce": terminal([2, 1]), "fight": terminal([0, 0])})
    <Decision 'Incumbent': acquiesce, fight>
    """
    player = _check_label(player, "a player name")
    pairs = _pairs(children, f"actions of {player!r}", "action")
    for action, child in pairs:
        if not isinstance(child, _Node):
            raise GameError(
                f"action {action!r} of {player!r} leads to {child!r}; expected a node "
                "(terminal, decision or chance)"
            )
    try:
        hash(infoset)
    except TypeError:
        raise GameError(f"infoset must be a hashable name; got {infoset!r}") from None
    label = _check_text(label, "a node label")
    return Decision(player, tuple(pairs), infoset, label)


def chance(
    children: Mapping[str, tuple[Any, Node]] | Sequence[tuple[str, tuple[Any, Node]]],
    *,
    label: str = "",
) -> Chance:
    """A chance node: nature picks an outcome with the given probabilities.

    Parameters
    ----------
    children : mapping or sequence
        ``{outcome label: (probability, child node)}``, or a sequence of
        ``(label, (probability, child node))`` pairs with distinct labels. Probabilities are
        in [0, 1] and sum to one: exactly when all are rationals (ints,
        Fractions), within :data:`PROBABILITY_TOLERANCE` otherwise.
    label : str, optional

    Examples
    --------
    >>> from fractions import Fraction
    >>> from tradegame.extensive import chance, terminal
    >>> chance({"boom": (Fraction(1, 3), terminal([3, 0])),
    ...         "bust": (Fraction(2, 3), terminal([0, 3]))})
    <Chance: boom 1/3, bust 2/3>
    """
    pairs = _pairs(children, "chance outcomes", "outcome")
    triples = []
    for outcome, item in pairs:
        if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], _Node)):
            raise GameError(
                f"chance outcome {outcome!r} must map to (probability, node); got {item!r}"
            )
        prob = _number(item[0], f"probability of {outcome!r}")
        if not 0 <= prob <= 1:
            raise GameError(
                f"probability of {outcome!r} must be in [0, 1]; got {_magnitude_text(prob)}"
            )
        triples.append((outcome, prob, item[1]))
    probs = [p for _, p, _ in triples]
    if all(isinstance(p, (int, Fraction)) for p in probs):
        total = sum(probs, Fraction(0))
        if total != 1:
            raise GameError(f"chance probabilities sum to {total}; they must sum to 1")
    else:
        total_f = math.fsum(float(p) for p in probs)
        if abs(total_f - 1) > PROBABILITY_TOLERANCE:
            raise GameError(f"chance probabilities sum to {total_f:g}; they must sum to 1")
    return Chance(tuple(triples), _check_text(label, "a node label"))


def _subtree_key(root: Node) -> tuple:
    """A flat, hashable description of a subtree in preorder (no recursion)."""
    out: list[tuple] = []
    stack: list[Node] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, Terminal):
            out.append(("t", node.label, node.payoffs, node.players))
        elif isinstance(node, Decision):
            out.append(("p", node.label, node.player, node.infoset, node.actions))
            stack.extend(child for _, child in reversed(node.children))
        else:
            out.append(("c", node.label, node.actions, node.probabilities))
            stack.extend(child for _, _, child in reversed(node.children))
    return tuple(out)


@dataclass(frozen=True)
class InformationSet:
    """One information set: its name (None for an unnamed single node), mover, actions, nodes."""

    name: Hashable | None
    player: str
    actions: tuple[str, ...]
    paths: tuple[tuple[str, ...], ...]

    @property
    def key(self) -> Hashable:
        """How strategies name this set: its name, or the path of its only node."""
        return self.paths[0] if self.name is None else self.name


class _Flat:
    """The tree in preorder arrays: what the algorithms walk (built once, read only).

    ``terminals`` holds the terminal nodes in preorder (row ``r`` of ``payoffs`` is
    node ``terminals[r]``), ``inner`` the other nodes, ``depth`` each node's
    number of moves from the root.
    """

    __slots__ = (
        "actions",
        "chance_reach",
        "children",
        "depth",
        "end",
        "infoset",
        "infoset_actions",
        "infoset_name",
        "infoset_nodes",
        "infoset_player",
        "inner",
        "kind",
        "node",
        "own_last",
        "parent",
        "parent_action",
        "payoff_rows",
        "payoffs",
        "player",
        "probs",
        "terminals",
        "values",
    )

    def path(self, k: int) -> tuple[str, ...]:
        """Action labels from the root to node ``k``."""
        out = []
        while (p := self.parent[k]) >= 0:
            out.append(self.actions[p][self.parent_action[k]])
            k = p
        return tuple(reversed(out))


_TERMINAL, _DECISION, _CHANCE = 0, 1, 2


def _flatten(root: Node, players: tuple[str, ...]) -> _Flat:
    index = {p: i for i, p in enumerate(players)}
    n_players = len(players)
    flat = _Flat()
    kind: list[int] = []
    nodes: list[Node] = []
    parent: list[int] = []
    parent_action: list[int] = []
    children: list[list[int]] = []
    actions: list[tuple[str, ...]] = []
    player: list[int] = []
    infoset: list[int] = []
    probs: list[tuple[Number, ...] | None] = []
    own_last: list[tuple[int, int] | None] = []
    payoff_rows: dict[int, int] = {}
    values: list[tuple[Number, ...]] = []
    chance_reach: list[float] = []
    names: dict[Hashable, int] = {}
    infoset_name: list[Hashable | None] = []
    infoset_player: list[int] = []
    infoset_actions: list[tuple[str, ...]] = []
    infoset_nodes: list[list[int]] = []
    no_moves: tuple = (None,) * n_players

    def _flat_path(k: int) -> tuple[str, ...]:
        flat.parent, flat.parent_action, flat.actions = parent, parent_action, actions
        return _Flat.path(flat, k)

    # stack items: node, parent index, action index, each player's last own move, chance reach
    stack: list[tuple[Node, int, int, tuple, float]] = [(root, -1, -1, no_moves, 1.0)]
    if not isinstance(root, _Node):
        raise GameError(f"the root must be a node (terminal, decision or chance); got {root!r}")
    while stack:
        node, par, act, lasts, reach = stack.pop()
        k = len(kind)
        nodes.append(node)
        parent.append(par)
        parent_action.append(act)
        children.append([])
        if par >= 0:
            children[par].append(k)
        chance_reach.append(reach)
        if isinstance(node, Terminal):
            kind.append(_TERMINAL)
            actions.append(())
            player.append(-1)
            infoset.append(-1)
            probs.append(None)
            own_last.append(None)
            payoff_rows[k] = len(values)
            values.append(_resolve(node, players, index, lambda k=k: _flat_path(k)))
            continue
        if isinstance(node, Decision):
            if node.player not in index:
                raise GameError(
                    f"decision node at {path_text(_flat_path(k))} is for unknown player "
                    f"{node.player!r}; players are: {', '.join(players)}"
                )
            p = index[node.player]
            kind.append(_DECISION)
            acts = node.actions
            if len(set(acts)) != len(acts):
                _duplicate(acts, "action", f"the decision node at {path_text(_flat_path(k))}")
            actions.append(acts)
            player.append(p)
            probs.append(None)
            own_last.append(lasts[p])
            if node.infoset is None:
                h = len(infoset_name)
                infoset_name.append(None)
                infoset_player.append(p)
                infoset_actions.append(acts)
                infoset_nodes.append([k])
            elif (h := names.get(node.infoset, -1)) < 0:
                h = names[node.infoset] = len(infoset_name)
                infoset_name.append(node.infoset)
                infoset_player.append(p)
                infoset_actions.append(acts)
                infoset_nodes.append([k])
            else:
                first = infoset_nodes[h][0]
                where = f"information set {node.infoset!r}"
                if infoset_player[h] != p:
                    raise GameError(
                        f"{where} has nodes of {players[infoset_player[h]]!r} (at "
                        f"{path_text(_flat_path(first))}) and of {node.player!r} (at "
                        f"{path_text(_flat_path(k))}); its nodes must have one player"
                    )
                if infoset_actions[h] != acts:
                    raise GameError(
                        f"{where} has actions ({', '.join(infoset_actions[h])}) at "
                        f"{path_text(_flat_path(first))} but ({', '.join(acts)}) at "
                        f"{path_text(_flat_path(k))}; its nodes must have the same actions"
                    )
                if own_last[first] != lasts[p]:
                    raise GameError(
                        f"{where} of {node.player!r} is reached by different earlier moves of "
                        f"{node.player!r} (at {path_text(_flat_path(first))} and "
                        f"{path_text(_flat_path(k))}); tradegame requires perfect recall"
                    )
                infoset_nodes[h].append(k)
            infoset.append(h)
            for a in range(len(acts) - 1, -1, -1):
                moved = (*lasts[:p], (h, a), *lasts[p + 1 :])
                stack.append((node.children[a][1], k, a, moved, reach))
            continue
        kind.append(_CHANCE)
        if len(set(node.actions)) != len(node.actions):
            _duplicate(node.actions, "outcome", f"the chance node at {path_text(_flat_path(k))}")
        actions.append(node.actions)
        player.append(-1)
        infoset.append(-1)
        probs.append(node.probabilities)
        own_last.append(None)
        for a in range(len(node.children) - 1, -1, -1):
            prob = node.children[a][1]
            stack.append((node.children[a][2], k, a, lasts, reach * float(prob)))

    n = len(kind)
    end = list(range(1, n + 1))
    for k in range(n - 1, 0, -1):
        p = parent[k]
        if end[k] > end[p]:
            end[p] = end[k]
    depth = [0] * n
    for k in range(1, n):
        depth[k] = depth[parent[k]] + 1
    flat.depth = depth
    flat.terminals = np.array(sorted(payoff_rows), dtype=np.int64)
    flat.inner = [k for k in range(n) if kind[k] != _TERMINAL]
    flat.kind, flat.node, flat.parent, flat.parent_action = kind, nodes, parent, parent_action
    flat.children = [tuple(c) for c in children]
    flat.actions, flat.player, flat.infoset, flat.probs = actions, player, infoset, probs
    flat.own_last, flat.payoff_rows, flat.values = own_last, payoff_rows, values
    flat.payoffs = _payoff_array(values, n_players, flat)
    flat.chance_reach, flat.end = chance_reach, end
    flat.infoset_name, flat.infoset_player = infoset_name, infoset_player
    flat.infoset_actions, flat.infoset_nodes = infoset_actions, infoset_nodes
    return flat


def _duplicate(labels: Sequence[str], noun: str, where: str) -> None:
    seen: set[str] = set()
    for label in labels:
        if label in seen:
            raise GameError(f"{where}: duplicate {noun} label {label!r}")
        seen.add(label)


def _payoff_array(values: list[tuple[Number, ...]], n_players: int, flat: _Flat) -> np.ndarray:
    """The payoffs as floats; a payoff beyond ``MAX_PAYOFF_MAGNITUDE`` (possible only in a
    :class:`Terminal` built directly, not through :func:`terminal`) is refused."""
    limit = limits.MAX_PAYOFF_MAGNITUDE
    try:
        out = np.array(values, dtype=float).reshape(len(values), n_players)
    except OverflowError:
        out = None
    if out is None or not (np.abs(out) <= limit).all():
        for row, k in enumerate(sorted(flat.payoff_rows)):
            for i, v in enumerate(values[row]):
                _payoff(v, f"payoff {i + 1} of the terminal at {path_text(flat.path(k))}")
    return out  # type: ignore[return-value]


def _resolve(node: Terminal, players: tuple[str, ...], index: dict, where: Any) -> tuple:
    if node.players is None:
        if len(node.payoffs) != len(players):
            raise GameError(
                f"terminal at {path_text(where())} has {len(node.payoffs)} payoffs; the tree "
                f"has {len(players)} players ({', '.join(players)})"
            )
        return node.payoffs
    given = dict(zip(node.players, node.payoffs, strict=True))
    for p in given:
        if p not in index:
            raise GameError(
                f"terminal at {path_text(where())} gives a payoff to unknown player {p!r}; "
                f"players are: {', '.join(players)}"
            )
    for p in players:
        if p not in given:
            raise GameError(f"terminal at {path_text(where())} gives no payoff for {p!r}")
    return tuple(given[p] for p in players)


@dataclass(frozen=True, eq=False, repr=False)
class GameTree:
    """A validated extensive-form game with labelled players.

    Parameters
    ----------
    root : Node
        Built with :func:`terminal`, :func:`decision` and :func:`chance`.
    players : sequence of str
        Player names in order (at least two, at most
        :data:`~tradegame.limits.MAX_PLAYERS`); terminals given as sequences
        list payoffs in this order.
    name, source : str, optional
        A title, and where the game comes from.

    Notes
    -----
    The tree must have perfect recall (Kuhn 1953). Two trees are equal when
    their players, name, source and nodes (labels, movers, information-set
    names, actions, probabilities and payoffs in player order) are; payoffs
    compare by value, so ``1/2`` equals ``0.5``.

    Examples
    --------
    The entry game (Osborne 2004, *An Introduction to Game Theory*, Figure 154.1):

    >>> from tradegame.extensive import GameTree, decision, terminal
    >>> entry = GameTree(
    ...     decision("Challenger", {
    ...         "in": decision("Incumbent", {"acquiesce": terminal([2, 1]),
    ...                                      "fight": terminal([0, 0])}),
    ...         "out": terminal([1, 2])}),
    ...     ("Challenger", "Incumbent"), name="entry")
    >>> entry
    <GameTree 'entry' (Challenger, Incumbent): 2 decision nodes, 3 outcomes>
    >>> entry.is_perfect_information
    True
    >>> entry.to_frame()
                   path  label  Challenger payoff  Incumbent payoff  probability
    0    in > acquiesce                       2.0               1.0          1.0
    1        in > fight                       0.0               0.0          1.0
    2               out                       1.0               2.0          1.0
    """

    root: Node
    players: tuple[str, ...]
    name: str = ""
    source: str = ""
    _flat: _Flat = field(init=False, compare=False, repr=False)

    def __init__(
        self, root: Node, players: Sequence[str], *, name: str = "", source: str = ""
    ) -> None:
        if isinstance(players, (str, bytes)) or not isinstance(players, Sequence):
            raise GameError(f"players must be a list of names; got {players!r}")
        players = tuple(players)
        for p in players:
            _check_label(p, "player names")
        if len(set(players)) != len(players):
            twice = next(p for p in players if players.count(p) > 1)
            raise GameError(f"player names must be unique; {twice!r} appears twice")
        if not 2 <= len(players) <= MAX_PLAYERS:
            raise GameError(f"a game tree needs 2 to {MAX_PLAYERS} players; got {len(players)}")
        object.__setattr__(self, "root", root)
        object.__setattr__(self, "players", players)
        object.__setattr__(self, "name", _check_text(name, "name"))
        object.__setattr__(self, "source", _check_text(source, "source"))
        object.__setattr__(self, "_flat", _flatten(root, players))

    # ------------------------------------------------------------------ properties
    @property
    def n_players(self) -> int:
        """Number of players (chance not counted)."""
        return len(self.players)

    @property
    def n_decision_nodes(self) -> int:
        """Number of decision nodes (chance nodes not counted)."""
        return sum(1 for k in self._flat.kind if k == _DECISION)

    @property
    def n_chance_nodes(self) -> int:
        """Number of chance nodes."""
        return sum(1 for k in self._flat.kind if k == _CHANCE)

    @property
    def n_outcomes(self) -> int:
        """Number of terminal nodes."""
        return len(self._flat.values)

    @property
    def is_perfect_information(self) -> bool:
        """Whether every information set is a single node (chance moves allowed)."""
        return all(len(nodes) == 1 for nodes in self._flat.infoset_nodes)

    # ------------------------------------------------------------------ walking
    def nodes(self) -> Iterator[tuple[tuple[str, ...], Node]]:
        """Every node as ``(path, node)`` in preorder; ``path``: action labels from the root."""
        flat = self._flat
        paths: list[tuple[str, ...]] = [()] * len(flat.kind)
        for k, node in enumerate(flat.node):
            if k:
                par = flat.parent[k]
                paths[k] = (*paths[par], flat.actions[par][flat.parent_action[k]])
            yield paths[k], node

    def node_at(self, path: Sequence[str]) -> Node:
        """The node reached from the root by the action labels ``path``."""
        return self._flat.node[self._index_of(path)]

    def _index_of(self, path: Sequence[str]) -> int:
        if isinstance(path, str) or not isinstance(path, Sequence):
            raise GameError(f"a node path is a tuple of action labels; got {path!r}")
        flat = self._flat
        k = 0
        for depth, action in enumerate(path):
            if flat.kind[k] == _TERMINAL or action not in flat.actions[k]:
                done = path_text(tuple(path[:depth]))
                known = ", ".join(flat.actions[k]) or "none: it is a terminal"
                raise GameError(
                    f"no action {action!r} at {done} in {self.name or 'the tree'}; "
                    f"actions there: {known}"
                )
            k = flat.children[k][flat.actions[k].index(action)]
        return k

    def information_sets(self) -> tuple[InformationSet, ...]:
        """Every information set of the players, in order of first appearance (preorder)."""
        flat = self._flat
        return tuple(
            InformationSet(
                flat.infoset_name[h],
                self.players[flat.infoset_player[h]],
                flat.infoset_actions[h],
                tuple(flat.path(k) for k in flat.infoset_nodes[h]),
            )
            for h in range(len(flat.infoset_name))
        )

    def payoff_table(self) -> np.ndarray:
        """Terminal payoffs as floats, shape ``(n_outcomes, n_players)``, in preorder."""
        out = self._flat.payoffs.copy()
        out.setflags(write=False)
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per terminal (preorder): ``path``, ``label``, ``<player> payoff`` for each
        player, and ``probability``, the product of the chance probabilities on the way."""
        import pandas as pd

        flat = self._flat
        terms = sorted(flat.payoff_rows)
        data: dict[str, Any] = {
            "path": [path_text(flat.path(k)) for k in terms],
            "label": [flat.node[k].label for k in terms],  # type: ignore[union-attr]
        }
        for i, p in enumerate(self.players):
            data[f"{p} payoff"] = flat.payoffs[:, i].astype(float)
        data["probability"] = [float(flat.chance_reach[k]) for k in terms]
        return pd.DataFrame(data)

    # ------------------------------------------------------------------ dunder
    def _key(self) -> tuple:
        flat = self._flat
        rows = []
        for k, kind in enumerate(flat.kind):
            node = flat.node[k]
            if kind == _TERMINAL:
                rows.append(("t", node.label, flat.values[flat.payoff_rows[k]]))
            elif kind == _DECISION:
                rows.append(("p", node.label, flat.player[k], node.infoset, flat.actions[k]))
            else:
                rows.append(("c", node.label, flat.actions[k], flat.probs[k]))
        return (self.players, self.name, self.source, tuple(rows))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GameTree):
            return NotImplemented
        return self is other or self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        title = f" {self.name!r}" if self.name else ""
        d, c, t = self.n_decision_nodes, self.n_chance_nodes, self.n_outcomes
        parts = [f"{d} decision node{'s' * (d != 1)}"]
        if c:
            parts.append(f"{c} chance node{'s' * (c != 1)}")
        parts.append(f"{t} outcome{'s' * (t != 1)}")
        return f"<GameTree{title} ({', '.join(self.players)}): {', '.join(parts)}>"


def require_tree(tree: object, function: str) -> GameTree:
    """``tree`` if it is a :class:`GameTree`, else a one-line :class:`GameError` (the tree twin
    of :func:`tradegame.game.require_game`)."""
    if not isinstance(tree, GameTree):
        raise GameError(
            f"{function} needs a GameTree, got {type(tree).__name__}; build one with "
            "GameTree(root, players) or read_efg(path)"
        )
    return tree
