"""The payoff table as a heat map, with the equilibria marked.

A two-player game is drawn as its bimatrix: the row player's strategies on
the rows, the column player's on the columns, each cell showing both payoffs
("row, column"), a player's payoff in bold where that strategy is a best reply
to the other's (the textbook way of finding pure equilibria by marking best
replies; Osborne 2004, *An Introduction to Game Theory*, section 2.8.3). With
more players the first player's strategies are the rows and the joint
profiles of the others the columns; each cell lists every player's payoff, one
line per player, the players named line by line at the left of every row (a
player with a single strategy in italics, with no best reply marked). Pure Nash
equilibria are outlined; a mixed equilibrium's support is outlined with dashes
and the equilibrium is written out in a note.

The cells are coloured by the sum of the payoffs (or by one player's payoff).
Trade-model payoffs are changes from the status quo, so they get the
diverging map centred at zero (gains blue, losses red); other payoffs a
sequential map.
"""

from __future__ import annotations

import itertools
import math
import os
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..game import Game
from ..solvers import DEFAULT_TOL, SolverResult, solve
from ._style import (
    CMAP_DIVERGING,
    CMAP_SEQUENTIAL,
    as_scenario,
    axes_for,
    check_caption,
    check_frame,
    style_axes,
)
from ._style import caption as put_caption

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..scenario import Scenario

__all__ = ["COLUMNS", "payoff_heatmap_data", "plot_payoff_heatmap"]

COLUMNS = (
    "row",
    "column",
    "row_index",
    "column_index",
    "profile",
    "player",
    "payoff",
    "colour_value",
    "best_response",
    "pure_equilibrium",
    "mixed_support",
)
"""Columns of the frame :func:`payoff_heatmap_data` returns, in order."""

TOTAL = "sum of payoffs"
"""What the cells are coloured by when no player is chosen."""

MINUS = "\u2212"  # typographic minus, as matplotlib's tick labels use


# ----------------------------------------------------------------- shared helpers
def number_text(value: float) -> str:
    """``value`` to at most three significant figures, without an exponent where it reads well.

    >>> number_text(114.622), number_text(-0.021884), number_text(90.0), number_text(2.5)
    ('115', '\u22120.0219', '90', '2.5')
    """
    value = float(value)
    if not math.isfinite(value):
        return "n/a"
    if value == 0:
        return "0"
    digits = 2 - math.floor(math.log10(abs(value)))
    rounded = round(value, digits)
    if rounded == 0:
        return "0"
    if 1e-4 <= abs(rounded) < 1e6:
        text = f"{rounded:.{max(digits, 0)}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    else:
        text = f"{value:.2e}"
    return text.replace("-", MINUS)


def wrap(text: str, width: int) -> str:
    """``text`` wrapped to ``width`` characters per line (words kept whole)."""
    return "\n".join(
        textwrap.wrap(str(text), max(4, width), break_long_words=False, break_on_hyphens=False)
    ) or str(text)


def possessive(name: str) -> str:
    """``name``'s, or ``name``' for a name ending in s (``United States'``)."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def require_analysis(scenario: Scenario, analysis: str, function: str) -> None:
    """A one-line ParameterError unless ``scenario`` supports ``analysis``."""
    from ..analyses import available

    offered = available(scenario)
    if analysis not in offered:
        raise ParameterError(
            f"{function}: scenario {scenario.name!r} does not support the {analysis} analysis "
            f"(it offers {', '.join(map(repr, offered)) or 'none'}); see "
            "docs/reference/scenario-format.md"
        )


def source_text(scenario: Scenario) -> str:
    """The caption's source sentence for a scenario."""
    return f"Source: {scenario.citation.rstrip('.')}. Confidence: {scenario.confidence}."


def caption_for(data: pd.DataFrame, caption: str | None) -> str | None:
    """The caption to draw: ``caption`` if given (``""`` for none), else the frame's own."""
    check_caption(caption)
    if caption is not None:
        return caption or None
    return data.attrs.get("caption") or None


def _drawable(game: Game, function: str) -> Game:
    """``game``, once its payoffs' sums and differences are finite floats (figures need both)."""
    tensor = np.asarray(game.payoff_tensor, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        spans = np.ptp(tensor.reshape(game.n_players, -1), axis=1)
        totals = tensor.sum(axis=0)
    if not (np.isfinite(spans).all() and np.isfinite(totals).all()):
        raise ParameterError(
            f"{function}: the payoffs are too large to draw (their differences or sums overflow"
            " a float); rescale them, e.g. to USD bn"
        )
    return game


def game_of(item: object, function: str) -> tuple[Game, dict[str, Any]]:
    """The game of a Game, Scenario or scenario name, with what the figures say about it:
    ``title``, ``units``, ``changes`` (payoffs are changes from a status quo), ``caption``."""
    if isinstance(item, Game):
        _drawable(item, function)
        return item, {
            "title": item.name,
            "units": "",
            "changes": False,
            "caption": f"Source: {item.source}" if item.source else "",
        }
    if not isinstance(item, (str, os.PathLike)):
        from ..scenario import Scenario

        if not isinstance(item, Scenario):
            raise ParameterError(
                f"{function}: expected a Game, a Scenario or a built-in scenario name; "
                f"got {type(item).__name__}"
            )
    scenario = as_scenario(item, function)
    return _drawable(scenario.game(), function), {
        "title": scenario.title,
        "units": scenario.payoff_units,
        "changes": scenario.model == "trade-model",
        "caption": source_text(scenario) + f" Payoffs in {scenario.payoff_units}.",
    }


def equilibrium_text(result: SolverResult, k: int) -> str:
    """Equilibrium ``k`` in words: each player's strategy or mixture, then the payoffs."""
    from ..compare import strategy_texts  # the notation of tables, reports and sweeps

    players = result.game.players
    parts = [f"{p} {t}" for p, t in zip(players, strategy_texts(result, k), strict=True)]
    pays = ", ".join(number_text(v) for v in result.equilibria[k].payoffs)
    return "; ".join(parts) + f" (payoffs {pays})"


# ----------------------------------------------------------------- data
def _colour_player(game: Game, player: object) -> int | None:
    if player is None:
        return None
    if isinstance(player, (int, np.integer)) and not isinstance(player, bool):
        if 0 <= player < game.n_players:
            return int(player)
    elif isinstance(player, str) and player in game.players:
        return game.players.index(player)
    raise ParameterError(
        f"payoff_heatmap_data: player must be None (colour by the sum of payoffs) or one of "
        f"{', '.join(map(repr, game.players))} (or its index); got {player!r}"
    )


def payoff_heatmap_data(
    scenario_or_game: Scenario | Game | str | os.PathLike[str],
    *,
    player: str | int | None = None,
    result: SolverResult | None = None,
) -> pd.DataFrame:
    """The payoff table, cell by cell, with best replies and equilibria marked.

    Parameters
    ----------
    scenario_or_game : Scenario, Game, str or path
        A game, a loaded scenario or a built-in scenario name (a scenario
        supplies the payoff units and its sources for the caption).
    player : str or int, optional
        Colour the cells by this player's payoff; default None, by the sum of
        all players' payoffs.
    result : SolverResult, optional
        The equilibria to mark; default ``tradegame.solve(game)``.

    Returns
    -------
    pandas.DataFrame
        One row per cell and player, columns :data:`COLUMNS`: ``row`` (the
        first player's strategy), ``column`` (the other players' strategies,
        joined by ``" / "`` in the order of ``attrs["column_players"]``;
        players with a single strategy are left out and listed in
        ``attrs["fixed"]``), ``row_index`` and ``column_index`` (the cell's
        position; columns run through the others' profiles with the last
        player's strategy changing fastest), ``profile`` (the whole profile
        in words), ``player``, ``payoff``, ``colour_value`` (the cell's colour:
        the sum of the payoffs or the chosen player's), ``best_response``
        (the player's strategy is a best reply to the others' in this cell,
        within the solvers' relative tolerance), ``pure_equilibrium`` and
        ``mixed_support`` (the cell is a pure equilibrium / lies in the
        support of a mixed one). ``attrs`` holds ``title``, ``units``,
        ``players``, ``row_player``, ``column_players``, ``fixed``,
        ``colour_by``, ``diverging`` (payoffs are changes, coloured about
        zero), ``notes`` (the mixed equilibria in words, caveats) and
        ``caption`` (the sources).

    Examples
    --------
    >>> frame = payoff_heatmap_data("tariff_prisoners_dilemma")
    >>> cell = frame[frame.pure_equilibrium].drop_duplicates("profile")
    >>> cell.profile.item()
    'United States: optimal tariff; Brazil: optimal tariff'
    >>> frame[frame.pure_equilibrium].payoff.tolist()
    [90.0, 90.0]
    """
    function = "payoff_heatmap_data"
    game, meta = game_of(scenario_or_game, function)
    colour = _colour_player(game, player)
    if result is None:
        result = solve(game)
    elif not isinstance(result, SolverResult):
        raise ParameterError(
            f"{function}: result must be a SolverResult (from tradegame.solve) or None; "
            f"got {type(result).__name__}"
        )
    elif result.game != game:
        raise ParameterError(
            f"{function}: result solves {result.game!r}, not {game!r}; pass the result of "
            "solving this game"
        )
    n = game.n_players
    tensor = game.payoff_tensor
    spans = np.ptp(tensor.reshape(n, -1), axis=1)
    best = np.stack(
        [
            tensor[i] >= tensor[i].max(axis=i, keepdims=True) - DEFAULT_TOL * spans[i]
            for i in range(n)
        ]
    )
    pure_cells: set[tuple[int, ...]] = set()
    mixed_cells: set[tuple[int, ...]] = set()
    notes: list[str] = []
    mixed_count = 0
    for k, eq in enumerate(result.equilibria):
        if eq.pure:
            pure_cells.add(tuple(int(np.argmax(s)) for s in eq.strategies))
        else:
            mixed_count += 1
            mixed_cells.update(itertools.product(*eq.supports))
            notes.append(f"mixed equilibrium {mixed_count}: {equilibrium_text(result, k)}")
    if not result.equilibria:
        notes.append("no equilibrium was found within the time limit")
    if not result.complete:
        notes.append(f"the list of equilibria may be incomplete (solver {result.method!r})")
    others = list(range(1, n))
    varying = [i for i in others if game.shape[i] > 1]
    rows = []
    column_profiles = list(itertools.product(*(range(game.shape[i]) for i in others)))
    for r, first in enumerate(game.strategies[0]):
        for c, rest in enumerate(column_profiles):
            cell = (r, *rest)
            label = " / ".join(game.strategies[i][cell[i]] for i in varying) or "(no choice)"
            words = "; ".join(
                f"{p}: {game.strategies[i][cell[i]]}" for i, p in enumerate(game.players)
            )
            payoffs = tensor[(slice(None), *cell)]
            value = float(payoffs.sum()) if colour is None else float(payoffs[colour])
            for i, p in enumerate(game.players):
                rows.append(
                    (
                        first,
                        label,
                        r,
                        c,
                        words,
                        p,
                        float(payoffs[i]),
                        value,
                        bool(best[(i, *cell)]),
                        cell in pure_cells,
                        cell in mixed_cells,
                    )
                )
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame.attrs.update(
        {
            "title": meta["title"],
            "units": meta["units"],
            "players": list(game.players),
            "row_player": game.players[0],
            "column_players": [game.players[i] for i in varying],
            "fixed": {game.players[i]: game.strategies[i][0] for i in others if i not in varying},
            "colour_by": TOTAL if colour is None else game.players[colour],
            "diverging": bool(meta["changes"]),
            "notes": notes,
            "caption": meta["caption"],
        }
    )
    return frame


# ----------------------------------------------------------------- drawing
def _text_colour(rgba: Sequence[float]) -> str:
    """Black or white, whichever reads better on ``rgba`` (relative luminance, ITU-R BT.709)."""
    r, g, b = rgba[:3]
    return "black" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.45 else "white"


def plot_payoff_heatmap(
    data: pd.DataFrame, ax: Axes | None = None, *, caption: str | None = None
) -> Figure:
    """Draw the payoff table from :func:`payoff_heatmap_data`.

    Parameters
    ----------
    data : pandas.DataFrame
        The frame :func:`payoff_heatmap_data` returns.
    ax : matplotlib Axes, optional
        Where to draw; default a new figure sized to the table.
    caption : str, optional
        Text under the figure; default the sources in ``data.attrs``; ``""`` for none.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib import colormaps
    from matplotlib.colors import Normalize
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    data = check_frame(data, COLUMNS, "plot_payoff_heatmap")
    attrs = data.attrs
    players = list(attrs.get("players") or dict.fromkeys(data["player"]))
    n = len(players)
    cells = data.drop_duplicates(["row_index", "column_index"])
    n_rows = int(cells["row_index"].max()) + 1
    n_cols = int(cells["column_index"].max()) + 1
    grid = np.full((n_rows, n_cols), np.nan)
    grid[cells["row_index"].to_numpy(), cells["column_index"].to_numpy()] = cells["colour_value"]
    row_labels = dict(zip(cells["row_index"], cells["row"], strict=False))
    col_labels = dict(zip(cells["column_index"], cells["column"], strict=False))
    texts = {
        (int(r), int(c), p): (number_text(v), bool(b))
        for r, c, p, v, b in zip(
            data["row_index"],
            data["column_index"],
            data["player"],
            data["payoff"],
            data["best_response"],
            strict=True,
        )
    }
    longest = max(len(t) for t, _ in texts.values())
    if n == 2:
        cell_w = max(1.05, 0.085 * (2 * longest + 2) + 0.3)
        cell_h = 0.5
    else:
        cell_w = max(0.7, 0.085 * longest + 0.3)
        cell_h = 0.17 * n + 0.2
    levels = _header_levels(col_labels, n_cols)
    header_lines = sum(lines for _, lines in _level_texts(levels, cell_w))
    row_text = {r: wrap(t, 22) for r, t in row_labels.items()}
    fixed = attrs.get("fixed") or {}
    # with more than two players each line of a cell is one player's payoff: the players are
    # named at the left of every row, line by line, in a column this wide (points)
    names_pt = 0.0 if n == 2 else 6.5 * 0.56 * max(len(str(p)) for p in players) + 6.0
    width = min(max(1.9 + n_cols * cell_w + 1.3 + names_pt / 72, 5.0), 20.0)
    chars = int((width - 1.2) * 14)
    reading = (
        f"cell: payoffs of {players[0]}, {players[1]}"
        if n == 2
        else "cell: payoffs of " + ", ".join(players) + " (top to bottom, named at the left of "
        "each row)"
    )
    extra = [wrap(reading, chars)]
    if fixed:
        shown = "; ".join(f"{p}: {s}" for p, s in fixed.items())
        extra.append(wrap(f"fixed: {shown} (only strategy)", chars))
        if n > 2:
            extra.append(
                wrap(
                    "italic: the payoff of a player with one strategy (no choice, so no best "
                    "reply to mark)",
                    chars,
                )
            )
    extra += [wrap(t, chars) for t in attrs.get("notes", [])]
    legend_lines = 3 + sum(t.count("\n") + 1 for t in extra)
    text = caption_for(data, caption) or ""
    caption_lines = math.ceil(len(text) / max(40, int(width * 17))) if text else 0
    height = (
        0.5
        + 0.16 * header_lines
        + 0.08 * len(levels)
        + n_rows * cell_h
        + 0.19 * legend_lines
        + 0.14 * caption_lines
        + 0.4
    )
    fig, ax = axes_for(ax, figsize=(width, min(max(height, 3.0), 14.0)))

    finite = grid[np.isfinite(grid)]
    if attrs.get("diverging", False):
        reach = float(np.max(np.abs(finite))) if finite.size else 1.0
        reach = reach or 1.0
        norm = Normalize(-reach, reach)
        cmap = colormaps[CMAP_DIVERGING]
    else:
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        if high <= low:
            low, high = low - 1.0, high + 1.0
        norm = Normalize(low, high)
        cmap = colormaps[CMAP_SEQUENTIAL]
    image = ax.imshow(grid, cmap=cmap, norm=norm, aspect="auto", interpolation="nearest")

    for r in range(n_rows):
        for c in range(n_cols):
            ink = _text_colour(cmap(norm(grid[r, c])))
            entries = [texts.get((r, c, p)) for p in players]
            if n == 2 and all(entries):
                (a, bold_a), (b, bold_b) = entries  # type: ignore[misc]
                ax.text(
                    c - 0.03,
                    r,
                    a + ",",
                    ha="right",
                    va="center",
                    color=ink,
                    fontsize=9,
                    fontweight="bold" if bold_a else "normal",
                )
                ax.text(
                    c + 0.03,
                    r,
                    b,
                    ha="left",
                    va="center",
                    color=ink,
                    fontsize=9,
                    fontweight="bold" if bold_b else "normal",
                )
                continue
            step = 0.8 / max(n, 1)
            for k, entry in enumerate(entries):
                if entry is None:
                    continue
                single = players[k] in fixed  # no choice: its best reply is trivial
                ax.text(
                    c,
                    r - 0.4 + step * (k + 0.5),
                    entry[0],
                    ha="center",
                    va="center",
                    color=ink,
                    fontsize=7.5,
                    fontweight="bold" if entry[1] and not single else "normal",
                    fontstyle="italic" if single else "normal",
                )
    for _, cell in cells.iterrows():
        r, c = int(cell["row_index"]), int(cell["column_index"])
        if cell["pure_equilibrium"]:
            ax.add_patch(
                Rectangle(
                    (c - 0.5, r - 0.5), 1, 1, fill=False, edgecolor="black", linewidth=3.0, zorder=3
                )
            )
            ax.add_patch(
                Rectangle(
                    (c - 0.5, r - 0.5), 1, 1, fill=False, edgecolor="white", linewidth=1.0, zorder=4
                )
            )
        if cell["mixed_support"]:
            ax.add_patch(
                Rectangle(
                    (c - 0.44, r - 0.44),
                    0.88,
                    0.88,
                    fill=False,
                    edgecolor="black",
                    linewidth=1.4,
                    linestyle=(0, (3, 2)),
                    zorder=3,
                )
            )

    style_axes(ax, grid=None)
    for side in ("left", "bottom", "top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_xticks([])
    ax.set_yticks(range(n_rows), [row_text[r] for r in range(n_rows)], fontsize=8)
    ax.tick_params(length=0)
    if n > 2:
        _name_lines(ax, players, n_rows, set(fixed))
        ax.tick_params(axis="y", pad=names_pt + 4)
    ax.set_ylabel(attrs.get("row_player", players[0]), fontsize=9, fontweight="bold")
    column_players = list(attrs.get("column_players") or players[1:])
    top = _draw_header(ax, levels, column_players, cell_w)
    title = attrs.get("title") or "Payoff table"
    ax.set_title(wrap(title, 80), fontsize=10, loc="left", pad=top + 8)

    units = attrs.get("units") or "payoff units not stated"
    colour_by = attrs.get("colour_by", TOTAL)
    bar = fig.colorbar(image, ax=ax, shrink=0.9, pad=0.02, fraction=0.05)
    bar.set_label(wrap(f"colour: {colour_by} ({units})", 38), fontsize=7.5)
    bar.ax.tick_params(labelsize=7)

    handles = []  # a key only for the marks this figure shows
    if data["pure_equilibrium"].any():
        handles.append(Line2D([], [], color="black", linewidth=3.0, label="pure Nash equilibrium"))
    if data["mixed_support"].any():
        handles.append(
            Line2D(
                [],
                [],
                color="black",
                linewidth=1.4,
                linestyle=(0, (3, 2)),
                label="support of a mixed equilibrium",
            )
        )
    handles.append(Line2D([], [], linestyle="none", label="bold: best reply to the others"))
    handles += [Line2D([], [], linestyle="none", label=t) for t in extra]
    legend = ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.0, -0.02),
        frameon=False,
        fontsize=7.5,
        handlelength=2.2,
        borderaxespad=0.2,
        ncols=1,
    )
    legend.set_in_layout(True)
    put_caption(fig, caption_for(data, caption), width=caption_width(fig))
    return fig


def _name_lines(ax: Axes, players: list[str], n_rows: int, fixed: set[str]) -> None:
    """Name the player of each line of the cells at the left of every row (grey, small; a
    player with one strategy in italics, as its payoffs are)."""
    step = 0.8 / len(players)
    for r in range(n_rows):
        for k, player in enumerate(players):
            ax.annotate(
                player,
                (-0.5, r - 0.4 + step * (k + 0.5)),
                xytext=(-3, 0),
                textcoords="offset points",
                ha="right",
                va="center",
                fontsize=6.5,
                color="#555555",
                fontstyle="italic" if player in fixed else "normal",
                annotation_clip=False,
            )


def caption_width(fig: Figure) -> int:
    """Characters of 7-point caption text that fit across ``fig``."""
    return max(40, int(fig.get_size_inches()[0] * 17))


def _header_levels(labels: dict[int, str], n_cols: int) -> list[list[tuple[int, int, str]]]:
    """The column header as levels (one per column player, outermost first), each a list of
    ``(first column, last column, label)`` spans merging equal neighbours."""
    parts = [str(labels[c]).split(" / ") for c in range(n_cols)]
    depth = max(len(p) for p in parts)
    levels = []
    for j in range(depth):
        spans: list[tuple[int, int, str]] = []
        for c in range(n_cols):
            key = tuple(parts[c][: j + 1])
            label = parts[c][j] if j < len(parts[c]) else ""
            if spans and tuple(parts[spans[-1][0]][: j + 1]) == key:
                spans[-1] = (spans[-1][0], c, label)
            else:
                spans.append((c, c, label))
        levels.append(spans)
    return levels


def _level_texts(
    levels: list[list[tuple[int, int, str]]], cell_w: float
) -> list[tuple[list[str], int]]:
    """Each level's wrapped span labels and its height in lines."""
    out = []
    for spans in levels:
        texts = [
            wrap(label, max(8, int((last - first + 1) * cell_w / 0.07)))
            for first, last, label in spans
        ]
        out.append((texts, max(t.count("\n") + 1 for t in texts)))
    return out


def _draw_header(
    ax: Axes, levels: list[list[tuple[int, int, str]]], players: list[str], cell_w: float
) -> float:
    """Draw the column header above ``ax``; returns its height in points."""
    from matplotlib.transforms import ScaledTranslation, blended_transform_factory

    fig = ax.get_figure(root=True)
    offset = 3.0
    line = 9.6
    texts = _level_texts(levels, cell_w)
    for j in range(len(levels) - 1, -1, -1):
        spans = levels[j]
        labels, lines = texts[j]
        shift = ScaledTranslation(0, offset / 72, fig.dpi_scale_trans)
        where = blended_transform_factory(ax.transData, ax.transAxes + shift)
        for (first, last, _), label in zip(spans, labels, strict=True):
            ax.text(
                (first + last) / 2,
                1,
                label,
                transform=where,
                ha="center",
                va="bottom",
                fontsize=8,
                linespacing=1.1,
            )
            if last > first:
                ax.plot(
                    [first - 0.45, last + 0.45],
                    [1, 1],
                    transform=where,
                    color="#888888",
                    linewidth=0.7,
                    clip_on=False,
                    solid_capstyle="butt",
                )
        name = players[j] if j < len(players) else ""
        ax.text(
            -0.5,
            1,
            name + "  ",
            transform=where,
            ha="right",
            va="bottom",
            fontsize=8.5,
            fontweight="bold",
        )
        offset += lines * line + 5.0
    return offset
