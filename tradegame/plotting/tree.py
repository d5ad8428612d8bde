"""The game tree of a scenario's move order, with the subgame-perfect path highlighted.

The tree is the one the sequential analysis solves
(:func:`tradegame.analyses.sequential.scenario_tree`): each mover in the
scenario's ``[sequence]`` order picks a strategy (or a lever setting) having
seen the moves it observes, and the leaves pay the scenario's payoffs. Its
subgame-perfect equilibria come from backward induction
(:func:`tradegame.extensive.subgame_perfect`; Selten 1965, 1975; Osborne 2004,
*An Introduction to Game Theory*, section 5.5). The first equilibrium in the
analysis' order is drawn: its path of play thick, its choices off the path
(the threats and promises that hold the path in place) dashed.

The tree is laid out on its side, root on the left: every leaf gets its own
row, so a tree of 24 leaves stays legible with its payoffs beside the leaves,
and each inner node sits midway between its first and last child.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import ParameterError
from ..extensive import Chance, Decision, Terminal, path_text, subgame_perfect
from ._style import PALETTE, as_scenario, axes_for, check_frame, colour
from ._style import caption as put_caption
from .payoffs import (
    caption_for,
    caption_width,
    number_text,
    require_analysis,
    source_text,
    wrap,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..scenario import Scenario

__all__ = ["COLUMNS", "MAX_LEAVES", "game_tree_data", "plot_game_tree"]

COLUMNS = (
    "node",
    "parent",
    "depth",
    "kind",
    "player",
    "action",
    "x",
    "y",
    "chosen",
    "on_path",
    "infoset",
    "payoffs",
)
"""Columns of the frame :func:`game_tree_data` returns, in order."""

MAX_LEAVES = 120
"""Most leaves :func:`plot_game_tree` draws (one row each); larger trees are refused."""

PATH_COLOUR = PALETTE[1]
CHOICE_COLOUR = PALETTE[0]
OTHER_COLOUR = "#bbbbbb"


def _children(node: Any) -> list[tuple[str, Any]]:
    if isinstance(node, Decision):
        return list(node.children)
    if isinstance(node, Chance):
        return [(a, child) for a, _, child in node.children]
    return []


def _is_chosen(choice: Any, action: str) -> bool:
    if isinstance(choice, dict):
        return choice.get(action, 0) > 0
    return choice == action


def game_tree_data(scenario: Scenario | str | os.PathLike[str]) -> pd.DataFrame:
    """The nodes of a scenario's sequential game, laid out, with the subgame-perfect play.

    Parameters
    ----------
    scenario : Scenario, str or path
        A scenario with a ``[sequence]`` table (a built-in name is loaded).

    Returns
    -------
    pandas.DataFrame
        One row per node in preorder, columns :data:`COLUMNS`: ``node`` (its
        path: the actions from the root joined by ``" > "``, ``"(root)"`` for
        the root), ``parent`` (the parent's path, ``""`` for the root),
        ``depth``, ``kind`` (``"decision"``, ``"chance"`` or ``"terminal"``),
        ``player`` (the mover, ``""`` at a terminal), ``action`` (the action
        leading here, ``""`` at the root), ``x`` and ``y`` (layout: ``x`` the
        depth, ``y`` the leaf row, 0 at the top; inner nodes midway between
        their first and last child), ``chosen`` (the action leading here is
        the one the subgame-perfect equilibrium takes at the parent),
        ``on_path`` (play reaches the node in that equilibrium), ``infoset``
        (the information set's name where a mover cannot see every earlier
        move, else ``""``) and ``payoffs`` (at a terminal, the tuple of
        payoffs in ``attrs["players"]`` order; else an empty tuple).
        ``attrs`` holds ``title``, ``players``, ``units``, ``order`` (the
        move order), ``path`` (the subgame-perfect path of play),
        ``equilibria`` (how many subgame-perfect equilibria the analysis
        lists; the first is drawn), ``complete`` and ``caption``.

    Raises
    ------
    ParameterError
        The scenario has no ``[sequence]`` table.

    Examples
    --------
    >>> frame = game_tree_data("tariff_prisoners_dilemma")
    >>> frame[frame.on_path].node.tolist()
    ['(root)', 'optimal tariff', 'optimal tariff > optimal tariff']
    """
    from ..analyses.sequential import MAX_LISTED, scenario_tree

    function = "game_tree_data"
    scenario = as_scenario(scenario, function)
    require_analysis(scenario, "sequential", function)
    tree = scenario_tree(scenario)
    result = subgame_perfect(tree, max_equilibria=MAX_LISTED)
    eq = result[0] if len(result) else None
    strategy = eq.strategy if eq is not None else {}
    reached: set[tuple[str, ...]] = set()
    if eq is not None:
        for _, path, _ in eq.outcomes:
            reached.update(tuple(path[:k]) for k in range(len(path) + 1))
    leaves = tree.to_frame()
    payoff_of = {
        row["path"]: tuple(float(row[f"{p} payoff"]) for p in tree.players)
        for _, row in leaves.iterrows()
    }
    nodes = list(tree.nodes())
    leaf_row: dict[tuple[str, ...], float] = {}
    for path, node in nodes:
        if isinstance(node, Terminal):
            leaf_row[path] = float(len(leaf_row))
    y: dict[tuple[str, ...], float] = dict(leaf_row)
    for path, node in reversed(nodes):
        kids = _children(node)
        if kids:
            y[path] = (y[(*path, kids[0][0])] + y[(*path, kids[-1][0])]) / 2
    by_path = dict(nodes)
    rows = []
    for path, node in nodes:
        parent = path[:-1]
        chosen = False
        if path:
            up = by_path[parent]
            if isinstance(up, Decision):
                key = up.infoset if up.infoset is not None else parent
                chosen = _is_chosen(strategy.get(key), path[-1])
            else:  # nature's move: every outcome with positive probability is taken
                chosen = dict((a, p) for a, p, _ in up.children)[path[-1]] > 0
        kind = (
            "terminal"
            if isinstance(node, Terminal)
            else "chance"
            if isinstance(node, Chance)
            else "decision"
        )
        rows.append(
            (
                path_text(path),
                path_text(parent) if path else "",
                len(path),
                kind,
                node.player
                if isinstance(node, Decision)
                else ("chance" if kind == "chance" else ""),
                path[-1] if path else "",
                float(len(path)),
                y[path],
                chosen,
                path in reached,
                str(node.infoset)
                if isinstance(node, Decision) and node.infoset is not None
                else "",
                payoff_of.get(path_text(path), ()) if kind == "terminal" else (),
            )
        )
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    sequence = scenario.analysis.sequence
    note = f" Move order: {sequence.note}" if sequence is not None and sequence.note else ""
    frame.attrs.update(
        {
            "title": scenario.title,
            "players": list(tree.players),
            "units": scenario.payoff_units,
            "order": list(sequence.order) if sequence is not None else [],
            "path": list(eq.path) if eq is not None else [],
            "equilibria": len(result),
            "complete": bool(result.complete),
            "caption": source_text(scenario) + note,
        }
    )
    return frame


# ----------------------------------------------------------------- drawing
def plot_game_tree(
    data: pd.DataFrame, ax: Axes | None = None, *, caption: str | None = None
) -> Figure:
    """Draw the game tree from :func:`game_tree_data`, its subgame-perfect play highlighted.

    Parameters
    ----------
    data : pandas.DataFrame
        The frame :func:`game_tree_data` returns.
    ax : matplotlib Axes, optional
        Where to draw; default a new figure sized to the tree (taller with
        more leaves, wider with more moves and players). Trees of more than
        :data:`MAX_LEAVES` leaves are refused.
    caption : str, optional
        Text under the figure; default the sources in ``data.attrs``; ``""`` for none.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.lines import Line2D
    from matplotlib.transforms import ScaledTranslation, blended_transform_factory

    data = check_frame(data, COLUMNS, "plot_game_tree")
    attrs = data.attrs
    players = list(attrs.get("players") or [])
    leaves = data[data["kind"] == "terminal"]
    n_leaves = max(len(leaves), 1)
    if n_leaves > MAX_LEAVES:
        raise ParameterError(
            f"plot_game_tree: the tree has {n_leaves:,} leaves; at most {MAX_LEAVES} can be drawn "
            "legibly (tabulate game_tree_data's frame instead)"
        )
    depth = int(data["depth"].max())
    if not players and len(leaves):
        players = [f"player {k + 1}" for k in range(len(leaves["payoffs"].iloc[0]))]
    labels_by_depth = data.groupby("depth")["action"].agg(
        lambda s: max((len(a) for a in s), default=0)
    )
    longest = int(labels_by_depth.max()) if len(labels_by_depth) else 10
    chars = min(max(longest, 12), 34)
    col_w = 0.4 + chars * 0.058
    numbers = [number_text(v) for t in leaves["payoffs"] for v in t] or ["0"]
    pay_chars = max(max(len(t) for t in numbers), *(min(len(p), 11) for p in players), 5)
    step = pay_chars * 5.0 + 9.0  # points per payoff column
    pay_w = (10 + len(players) * step) / 72 + 0.25
    width = min(max(1.2 + depth * col_w + pay_w, 6.0), 18.0)
    height = max(0.36 * n_leaves + 3.0, 4.4)
    fig, ax = axes_for(ax, figsize=(width, height))

    y_of = dict(zip(data["node"], data["y"], strict=True))
    x_of = dict(zip(data["node"], data["x"], strict=True))
    elbow = 0.1
    lift = ax.transData + ScaledTranslation(0, 1.5 / 72, fig.dpi_scale_trans)
    for _, row in data[data["parent"] != ""].iterrows():
        xp, yp = x_of[row["parent"]], y_of[row["parent"]]
        xc, yc = row["x"], row["y"]
        if row["on_path"] and row["chosen"]:
            style = {"color": PATH_COLOUR, "linewidth": 3.2, "zorder": 3}
        elif row["chosen"]:
            style = {
                "color": CHOICE_COLOUR,
                "linewidth": 1.5,
                "linestyle": (0, (4, 2)),
                "zorder": 2,
            }
        else:
            style = {"color": OTHER_COLOUR, "linewidth": 0.9, "zorder": 1}
        ax.plot(
            [xp, xp + elbow, xp + elbow, xc],
            [yp, yp, yc, yc],
            solid_joinstyle="miter",
            solid_capstyle="butt",
            **style,
        )
        ax.text(
            xp + elbow + 0.04,
            yc,
            wrap(row["action"], chars),
            ha="left",
            va="bottom",
            fontsize=7,
            linespacing=1.0,
            color="black" if row["chosen"] else "#555555",
            fontweight="bold" if row["on_path"] and row["chosen"] else "normal",
            zorder=4,
            transform=lift,
        )
    movers = list(dict.fromkeys(p for p in data["player"] if p and p != "chance"))
    decisions = data[data["kind"] != "terminal"]
    for who, part in decisions.groupby("player", sort=False):
        k = movers.index(who) if who in movers else len(movers)
        ax.scatter(part["x"], part["y"], s=26, color=colour(k + 2), edgecolor="white", zorder=5)
    ax.scatter(leaves["x"], leaves["y"], s=14, marker="s", color="#666666", zorder=5)
    for _, part in decisions[decisions["infoset"] != ""].groupby("infoset"):
        if len(part) > 1:
            ax.plot(
                part["x"] - 0.03,
                part["y"],
                color="#444444",
                linewidth=0.9,
                linestyle=":",
                zorder=1,
            )

    top = blended_transform_factory(
        ax.transData, ax.transAxes + ScaledTranslation(0, 4 / 72, fig.dpi_scale_trans)
    )
    for d, part in decisions.groupby("depth"):
        who = " / ".join(dict.fromkeys(part["player"]))
        ax.text(
            float(d),
            1.0,
            wrap(f"{who} moves", 22),
            transform=top,
            ha="left",
            va="bottom",
            fontsize=8,
            fontweight="bold",
        )
    for k, player in enumerate(players):
        shift = ScaledTranslation((10 + k * step) / 72, 4 / 72, fig.dpi_scale_trans)
        ax.text(
            float(depth),
            1.0,
            wrap(player, 11),
            transform=blended_transform_factory(ax.transData, ax.transAxes) + shift,
            ha="left",
            va="bottom",
            fontsize=7.5,
            fontweight="bold",
        )
        for _, leaf in leaves.iterrows():
            bold = bool(leaf["on_path"])
            ax.annotate(
                (number_text(leaf["payoffs"][k]) + "  ") if k < len(leaf["payoffs"]) else "",
                (leaf["x"], leaf["y"]),
                xytext=(10 + k * step, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                fontsize=7.5,
                fontweight="bold" if bold else "normal",
                color="black" if bold else "#333333",
                annotation_clip=False,
            )
    ax.set_xlim(-0.05, depth + 0.02)
    ax.set_ylim(n_leaves - 0.4, -0.7)
    ax.set_axis_off()
    order = " \u2192 ".join(attrs.get("order") or movers)
    title = attrs.get("title") or "Game tree"
    count = int(attrs.get("equilibria", 1) or 0)
    which = (
        "subgame-perfect equilibrium 1 of "
        + (f"{count:,}" if attrs.get("complete", True) else f"at least {count:,}")
        if count > 1
        else "the subgame-perfect equilibrium"
    )
    ax.set_title(
        wrap(title, int(width * 11))
        + "\n"
        + wrap(f"moves in order {order}; {which} highlighted", int(width * 11)),
        loc="left",
        fontsize=10,
        pad=26,
    )
    units = attrs.get("units") or "payoff units not stated"
    handles = [
        Line2D([], [], color=PATH_COLOUR, linewidth=3.2, label="subgame-perfect path of play"),
        Line2D(
            [],
            [],
            color=CHOICE_COLOUR,
            linewidth=1.5,
            linestyle=(0, (4, 2)),
            label="subgame-perfect choice off the path (threat or promise)",
        ),
        Line2D([], [], color=OTHER_COLOUR, linewidth=0.9, label="other action"),
        Line2D(
            [],
            [],
            linestyle="none",
            label=wrap(f"payoffs at the leaves: {units}", int(width * 12)),
        ),
    ]
    if (decisions["infoset"] != "").any():
        handles.insert(
            3,
            Line2D([], [], color="#444444", linestyle=":", label="information set"),
        )
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.0, 0.0),
        frameon=False,
        fontsize=7.5,
        ncols=1,
    )
    put_caption(fig, caption_for(data, caption), width=caption_width(fig))
    return fig
