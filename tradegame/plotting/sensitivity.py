"""Which numbers does a conclusion hang on? Tornado charts and Sobol bars.

:func:`tornado_data` moves every parameter with a calibrated low-high range
to each end of its range, one at a time with the others at their calibrated
values (the one-at-a-time design of a tornado diagram: Howard 1988,
"Decision analysis: practice and promise", *Management Science* 34(6),
679-695; Saltelli et al. 2008, *Global Sensitivity Analysis: The Primer*,
Wiley, section 1.2.1, for its limits: it misses interactions). It records two
things at each end:

- each player's payoff with the strategy profile held at the calibration's
  equilibrium (how much the number moves), and
- the equilibrium outcome of the game re-solved there (whether the
  prediction moves): the columns ``outcome_low``, ``outcome_high`` and
  ``outcome_changes`` say which parameters the conclusion hangs on.

All ``2k + 1`` points are evaluated in one batched model call and one call of
the batched equilibrium kernels (:func:`tradegame.sweep.evaluate_points`).

:func:`sobol_data` turns the Sobol indices of
:func:`tradegame.sensitivity.sobol_indices` (or a sweep summary's
``sensitivity``) into the long frame :func:`plot_sobol` draws: first-order
and total indices with their bootstrap confidence intervals.
"""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ._style import LOSS, as_scenario, axes_for, check_frame, colour, style_axes
from ._style import caption as add_caption

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..scenario import Scenario

__all__ = ["plot_sobol", "plot_tornado", "sobol_data", "tornado_data"]

TORNADO_COLUMNS = (
    "parameter",
    "label",
    "units",
    "source",
    "confidence",
    "value",
    "low",
    "high",
    "player",
    "base_payoff",
    "payoff_low",
    "payoff_high",
    "swing",
    "outcome_base",
    "outcome_low",
    "outcome_high",
    "outcome_changes",
    "moves_with",
)
SOBOL_COLUMNS = ("output", "parameter", "index", "value", "conf", "low", "high")
MIXED = "mixed"
"""``outcome_*`` when the game has no pure equilibrium at that point (its equilibria are mixed)."""
NONE = "none"
"""``outcome_*`` when the solver found no equilibrium at all (it stopped at its time limit)."""

_LOW_COLOUR = "#56B4E9"  # sky blue: the low end of a range
_HIGH_COLOUR = "#E69F00"  # orange: the high end
_HATCH = "////"
_LABEL_WIDTH = 44


# ---------------------------------------------------------------------------------- shared
def wrap(text: object, width: int = _LABEL_WIDTH) -> str:
    """``text`` wrapped onto lines of at most ``width`` characters.

    Words longer than a line (dotted parameter paths) break after a ``.`` or ``_``.

    Examples
    --------
    >>> print(wrap("china.deal_suspend_controls.tariff: 0.3 to 0.33", 20))
    china.deal_suspend_
    controls.tariff: 0.3
    to 0.33
    """
    words = []
    for word in str(text).split():
        while len(word) > width:
            cut = max(word.rfind(".", 0, width), word.rfind("_", 0, width))
            cut = cut + 1 if cut > 0 else width
            words.append(word[:cut] + "\0")  # a piece that joins the next without a space
            word = word[cut:]
        words.append(word)
    lines: list[str] = []
    line = ""
    for word in words:
        piece = word.rstrip("\0")
        glue = "" if not line or line.endswith("\0") else " "
        if line and len((line + glue + piece).replace("\0", "")) > width:
            lines.append(line.replace("\0", ""))
            line = word
        else:
            line = line + glue + word
    if line:
        lines.append(line.replace("\0", ""))
    return "\n".join(lines) or str(text)


def short_source(text: object, limit: int = 150) -> str:
    """A source note cut after its first clause once ``limit`` characters are passed.

    Examples
    --------
    >>> short_source("Bown (2025), PIIE chart; see also the appendix", 30)
    'Bown (2025), PIIE chart…'
    """
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = max(text.rfind("; ", 0, limit), text.rfind(". ", 0, limit))
    return text[: cut if cut > limit // 4 else limit].rstrip(" ;.,") + "…"


def grouped_rows(groups: Sequence[tuple[str, pd.DataFrame]], *, headings: bool) -> list[Any]:
    """Rows of a grouped horizontal chart, top to bottom: ``("heading", name)`` then
    ``("row", series)`` for each row of the group."""
    rows: list[Any] = []
    for name, frame in groups:
        if headings:
            rows.append(("heading", name))
        rows.extend(("row", r) for _, r in frame.iterrows())
    return rows


def panels(
    heights: Sequence[float], *, width: float = 7.5, legend: float = 0.35
) -> tuple[Figure, list[Axes], Axes]:
    """A new figure of panels stacked top to bottom (``heights`` in inches) and a last,
    invisible row of ``legend`` inches that holds the legend, under every x label and above
    the caption."""
    from matplotlib.figure import Figure

    total = sum(heights) + legend + 1.2
    fig = Figure(figsize=(width, total), layout="constrained")
    grid = fig.subplots(len(heights) + 1, 1, height_ratios=[*heights, legend], squeeze=False)
    axes = list(grid[:, 0])
    axes[-1].set_axis_off()
    return fig, axes[:-1], axes[-1]


def put_legend(ax: Axes, handles: Sequence[Any], row: Axes | None, *, ncols: int = 3) -> Any:
    """The legend in the legend row of :func:`panels`, else inside ``ax`` where it hides least."""
    if row is not None:
        from matplotlib.transforms import blended_transform_factory

        return row.legend(
            handles=list(handles),
            loc="center",
            bbox_to_anchor=(0.5, 0.5),
            bbox_transform=blended_transform_factory(row.get_figure().transFigure, row.transAxes),
            ncols=ncols,
            frameon=False,
            fontsize=8,
        )
    return ax.legend(handles=list(handles), loc="best", fontsize=8, framealpha=0.9)


def _draw_labels(ax: Axes, rows: list[Any], labels: list[str]) -> None:
    """y ticks at every row, headings in bold; the first row at the top."""
    ax.set_yticks(range(len(rows)), labels)
    for tick, (kind, _) in zip(ax.get_yticklabels(), rows, strict=True):
        if kind == "heading":
            tick.set_fontweight("bold")
    ax.set_ylim(len(rows) - 0.5, -0.7)
    ax.tick_params(axis="y", length=0)


# ---------------------------------------------------------------------------------- tornado
def _levels(confidence: object) -> list[str] | None:
    from ..scenario import CONFIDENCE_LEVELS

    if confidence is None:
        return None
    levels = [confidence] if isinstance(confidence, str) else confidence
    ok = (
        isinstance(levels, Sequence)
        and not isinstance(levels, bytes)
        and len(levels) > 0
        and all(isinstance(x, str) for x in levels)
    )
    if ok and "all" in levels:
        return list(CONFIDENCE_LEVELS)
    if not ok or any(x not in CONFIDENCE_LEVELS for x in levels):
        raise ParameterError(
            f"tornado_data: confidence must be one of {', '.join(CONFIDENCE_LEVELS)} or all "
            f"(or a list of them); got {confidence!r}"
        )
    return list(dict.fromkeys(levels))


def _players(scenario: Scenario, player: object) -> list[str]:
    if player is None:
        return list(scenario.players)
    chosen = [player] if isinstance(player, str) else player
    if (
        not isinstance(chosen, Sequence)
        or not chosen
        or any(not isinstance(p, str) or p not in scenario.players for p in chosen)
    ):
        raise ParameterError(
            f"tornado_data: unknown player {player!r}; players: {', '.join(scenario.players)}"
        )
    return list(dict.fromkeys(chosen))


def _number(x: float) -> str:
    return "inf" if math.isinf(x) else f"{x:.4g}"


def _pure_profiles(eq: Any, points: int) -> tuple[list[list[tuple[int, ...]]], np.ndarray]:
    """Each point's pure equilibria (profile indices, in the kernels' canonical order) and
    the index of its first equilibrium of any kind (-1 for none)."""
    pure: list[list[tuple[int, ...]]] = [[] for _ in range(points)]
    first = np.full(points, -1, dtype=np.int64)
    for e in range(len(eq)):
        b = int(eq.point[e])
        if first[b] < 0:
            first[b] = e
        supports = [np.flatnonzero(s[e] > 0) for s in eq.strategies]
        if all(len(s) == 1 for s in supports):
            pure[b].append(tuple(int(s[0]) for s in supports))
    return pure, first


def _mixed_text(strategies: Sequence[np.ndarray], labels: Sequence[Sequence[str]]) -> str:
    parts = []
    for probs, names in zip(strategies, labels, strict=True):
        shown = [(p, n) for p, n in zip(probs, names, strict=True) if p > 0]
        parts.append(
            shown[0][1] if len(shown) == 1 else " + ".join(f"{p:.3g} {n}" for p, n in shown)
        )
    return "mixed: " + " / ".join(parts)


def _figure_groups(ranged: pd.DataFrame) -> list[list[Any]]:
    """Row labels of ``ranged`` grouped by the calibrated figure they use.

    Paths sharing a calibration key (``ref``) with the same value and range
    form one group; a path with no key, or overridden apart from the others,
    is a group of its own. Groups keep the order of their first path.
    """
    groups: dict[tuple, list[Any]] = {}
    for label, r in zip(ranged.index, ranged.itertuples(), strict=True):
        ref = str(r.ref or "")
        key = (ref, float(r.value), float(r.low), float(r.high)) if ref else ("", label)
        groups.setdefault(key, []).append(label)
    return list(groups.values())


def tornado_data(
    scenario: Scenario | str | os.PathLike[str],
    *,
    confidence: str | Sequence[str] | None = None,
    player: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """One-at-a-time swings of the payoffs, and whether the predicted outcome changes.

    Every parameter with a calibrated low-high range (``Scenario.parameters()``,
    ``low < high``) is moved to its low and to its high end with all others at
    their calibrated values (the scenario's overrides included). Paths that use
    the same calibrated figure (one calibration key, the same value and range,
    such as one tariff entered in two strategies) move together, as one row
    named by the first path; its ``label`` names the others. At each end

    - each player's payoff is read at the calibration's equilibrium profile,
      held fixed: the first pure equilibrium in the canonical order of
      :func:`tradegame.solvers.batched.canonical_order` (with no pure
      equilibrium, the first equilibrium found, mixed); ``attrs["profile"]``
      says which;
    - the game is solved again and its predicted outcome recorded: the pure
      equilibria's profiles (``"keep / keep"``, several joined by ``" | "``;
      players with a single strategy are left out),
      or :data:`MIXED` when it has none (every finite game has an
      equilibrium, Nash 1951, so its equilibria are then mixed), or
      :data:`NONE` when a two-player solver stopped without finding any.

    Two-player games are solved for all equilibria and games of more players
    for their pure equilibria, as :func:`tradegame.sweep` does by default.

    Parameters
    ----------
    scenario : Scenario, str or path
        A trade-model scenario (an explicit-payoff one has no parameters).
    confidence : str or sequence of str, optional
        Keep only parameters of these confidence levels (``"low"``,
        ``["low", "medium"]``, ``"all"``); default all.
    player : str or sequence of str, optional
        Whose payoffs; default every player.

    Returns
    -------
    DataFrame
        One row per parameter and player: ``parameter``, ``label`` (the
        parameter and its range), ``units``, ``source``, ``confidence``,
        ``value`` (calibrated), ``low``, ``high``, ``player``,
        ``base_payoff``, ``payoff_low``, ``payoff_high`` (in the scenario's
        payoff units), ``swing`` (the width of the bar: largest minus
        smallest of the three payoffs), ``outcome_base``, ``outcome_low``,
        ``outcome_high`` and ``outcome_changes`` (the outcome at either end
        differs from the calibration's), ``moves_with`` (the other paths that
        use the same figure, comma-separated; empty for most). Sorted by swing, largest first (ties
        in parameter and player order). ``attrs``: ``scenario``, ``title``,
        ``units``, ``citation``, ``players``, ``profile`` (``{player:
        strategy}``, or ``{player: probabilities}`` when mixed),
        ``profile_label``, ``profile_kind`` (``"pure"`` or ``"mixed"``),
        ``equilibria`` (``"all"`` or ``"pure"``) and ``notes``.

    Examples
    --------
    >>> from tradegame.plotting.sensitivity import tornado_data
    >>> t = tornado_data("tariff_war_2025", player="United States")
    >>> row = t.set_index("parameter").loc["us_imports_china.eps_s"]
    >>> row.outcome_base, row.outcome_low, bool(row.outcome_changes)
    ('keep 20.8% / keep 21.2%', 'keep 20.8% / keep 21.2%', False)
    >>> t.attrs["profile_label"]
    'keep 20.8% / keep 21.2%'
    """
    from ..solvers import solve
    from ..solvers.regret import expected_payoffs
    from ..sweep import evaluate_points

    scen = as_scenario(scenario, "tornado_data")
    levels = _levels(confidence)
    chosen = _players(scen, player)
    if scen.model == "explicit":
        raise ParameterError(
            f"tornado_data: {scen.name} gives its payoffs directly (explicit model): "
            "there are no parameters to vary"
        )
    params = scen.parameters()
    ranged = params[(params["low"] < params["high"]).fillna(False)]
    if levels is not None:
        ranged = ranged[ranged["confidence"].isin(levels)]
    if ranged.empty:
        what = f" of confidence {', '.join(levels)}" if levels else ""
        raise ParameterError(
            f"tornado_data: no parameter{what} of {scen.name} has a low-high range"
        )
    groups = _figure_groups(ranged)
    ranged = ranged.loc[[members[0] for members in groups]]
    k = len(ranged)
    points = 1 + 2 * k
    # every figure at its current value (overrides included), then each ranged one moved
    # at its own two points; the overrides are written out path by path, so none is set twice.
    # One calibrated figure used by several paths (the same tariff in two strategies) moves
    # in all of them at once: moved in one alone it would describe no policy.
    values = {
        str(r.parameter): np.full(points, float(r.value), dtype=float) for r in params.itertuples()
    }
    shared: dict[str, list[str]] = {}
    for j, members in enumerate(groups):
        paths = [str(params.at[m, "parameter"]) for m in members]
        shared[paths[0]] = paths[1:]
        for path in paths:
            values[path][1 + 2 * j] = float(params.at[members[0], "low"])
            values[path][2 + 2 * j] = float(params.at[members[0], "high"])
    bare = dataclasses.replace(scen, overrides=MappingProxyType({}))
    concept = "all" if len(scen.players) == 2 else "pure"
    tensors, eq = evaluate_points(bare, values, equilibria=concept)
    pure, first = _pure_profiles(eq, points)
    labels = scen.strategies
    # players with a single strategy have no choice to report: outcomes name the others
    movers = [i for i, menu in enumerate(labels) if len(menu) > 1] or list(range(len(labels)))
    notes: list[str] = []
    if pure[0]:
        profile = pure[0][0]
        at_profile = tensors[(slice(None), slice(None), *profile)]  # (points, n)
        profile_kind = "pure"
        held: dict[str, Any] = {p: labels[i][profile[i]] for i, p in enumerate(scen.players)}
        profile_label = " / ".join(labels[i][profile[i]] for i in movers)
    else:
        if first[0] >= 0:
            mixed = [s[first[0]] for s in eq.strategies]
        else:  # more than two players: the kernels sought pure equilibria only
            found = solve(scen.game())
            if not found.equilibria:
                raise ParameterError(
                    f"tornado_data: no equilibrium of {scen.name} found at the calibration "
                    "within the time limit; nothing to hold fixed"
                )
            mixed = [np.asarray(s, dtype=float) for s in found.equilibria[0].strategies]
        at_profile = np.vstack([expected_payoffs(t, [s[None] for s in mixed])[0] for t in tensors])
        profile_kind = "mixed"
        held = {p: tuple(float(x) for x in mixed[i]) for i, p in enumerate(scen.players)}
        profile_label = _mixed_text(mixed, labels)
        notes.append("the calibration has no pure equilibrium: payoffs are held at a mixed one")

    def outcome(b: int) -> str:
        if pure[b]:
            return " | ".join(" / ".join(labels[i][p[i]] for i in movers) for p in pure[b])
        if concept == "pure" or first[b] >= 0:
            return MIXED
        return NONE

    outcomes = [outcome(b) for b in range(points)]
    incomplete = int((~np.asarray(eq.complete, dtype=bool)).sum())
    if incomplete:
        notes.append(
            f"at {incomplete} of the {points} points a solver stopped at its time limit: "
            "their outcomes may miss equilibria"
        )
    rows = []
    index = {p: i for i, p in enumerate(scen.players)}
    for j, r in enumerate(ranged.itertuples()):
        lo, hi = 1 + 2 * j, 2 + 2 * j
        base_o, low_o, high_o = outcomes[0], outcomes[lo], outcomes[hi]
        unit = str(r.unit or "")
        label = f"{r.parameter}: {_number(float(r.low))} to {_number(float(r.high))}" + (
            f" {unit}" if unit else ""
        )
        if shared[str(r.parameter)]:
            label += f" (with {', '.join(shared[str(r.parameter)])}: the same figure)"
        for p in chosen:
            i = index[p]
            trio = (float(at_profile[0, i]), float(at_profile[lo, i]), float(at_profile[hi, i]))
            rows.append(
                (
                    str(r.parameter),
                    label,
                    unit,
                    str(r.source),
                    str(r.confidence),
                    float(r.value),
                    float(r.low),
                    float(r.high),
                    p,
                    *trio,
                    max(trio) - min(trio),
                    base_o,
                    low_o,
                    high_o,
                    low_o != base_o or high_o != base_o,
                    ", ".join(shared[str(r.parameter)]),
                )
            )
    frame = pd.DataFrame(rows, columns=list(TORNADO_COLUMNS))
    frame = frame.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
    frame.attrs.update(
        {
            "scenario": scen.name,
            "title": scen.title,
            "units": scen.payoff_units,
            "citation": scen.citation,
            "players": chosen,
            "profile": held,
            "profile_label": profile_label,
            "profile_kind": profile_kind,
            "equilibria": concept,
            "notes": notes,
        }
    )
    return frame


def _tornado_caption(data: pd.DataFrame, shown: int, left_out: list[str]) -> str:
    a = data.attrs
    parts = [
        "Each parameter moved alone to the low or high end of its calibrated range, the others "
        "at calibration; payoffs at the calibration's equilibrium profile"
        + (f" ({a['profile_label']})" if a.get("profile_label") else "")
        + ". Diamond: the predicted equilibrium outcome changes within the range; hatched: the"
        " end(s) of the range where it does."
    ]
    if shown < len(data):
        parts.append(
            f"Shown: the {shown} largest of {len(data)} swings (per player); parameters that "
            "move nothing are left out."
        )
    if left_out:
        parts.append(f"No parameter moves the payoff of {', '.join(left_out)}.")
    if a.get("citation"):
        parts.append(f"Sources: {a['citation']}")
    return " ".join(parts)


def _tornado_rows(mine: pd.DataFrame, top: int | None) -> pd.DataFrame:
    """A player's rows to draw: the largest swings (a parameter that moves nothing only when
    it changes the outcome), at most ``top``."""
    mine = mine.sort_values("swing", ascending=False, kind="stable")
    mine = mine[(mine["swing"] > 0) | mine["outcome_changes"].astype(bool)]
    return mine if top is None else mine.head(top)


def _changing_ends(row: pd.Series) -> tuple[bool, bool]:
    """Whether the predicted outcome differs from the calibration's at the low and at the high
    end of the row's range (from ``outcome_low``/``outcome_high``/``outcome_base``; a frame
    without them: both ends as ``outcome_changes`` says)."""
    if all(k in row.index for k in ("outcome_base", "outcome_low", "outcome_high")):
        base = row["outcome_base"]
        return bool(row["outcome_low"] != base), bool(row["outcome_high"] != base)
    changes = bool(row["outcome_changes"])
    return changes, changes


def _tornado_panel(ax: Axes, rows: pd.DataFrame) -> bool:
    """Draw one player's bars on ``ax``, the first row at the top; whether any is flagged."""
    from matplotlib.ticker import MaxNLocator

    flagged = False
    for y, (_, row) in enumerate(rows.iterrows()):
        base = float(row["base_payoff"])
        changes = bool(row["outcome_changes"])
        flagged |= changes
        at_low, at_high = _changing_ends(row)
        for value, colour_, offset, hatched in (
            (row["payoff_low"], _LOW_COLOUR, -0.2, at_low),
            (row["payoff_high"], _HIGH_COLOUR, 0.2, at_high),
        ):
            ax.barh(
                y + offset,
                float(value) - base,
                height=0.4,
                color=colour_,
                hatch=_HATCH if hatched else None,
                edgecolor="#333333" if hatched else colour_,
                linewidth=0.0,
            )
        if changes:
            ax.plot(
                [1.01],
                [y],
                marker="D",
                markersize=5,
                color=LOSS,
                linestyle="none",
                transform=ax.get_yaxis_transform(),
                clip_on=False,
            )
    ax.axvline(0.0, color="#333333", linewidth=0.8)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6))
    ax.set_yticks(range(len(rows)), [wrap(x) for x in rows["label"]])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.tick_params(axis="y", length=0)
    style_axes(ax, grid="x")
    return flagged


def plot_tornado(
    data: pd.DataFrame,
    ax: Axes | None = None,
    *,
    caption: str | None = None,
    top: int | None = 8,
) -> Figure:
    """Tornado chart of :func:`tornado_data`: the change of each payoff over each range.

    One panel per player (small multiples, each with its own scale), one row
    per parameter, largest swing at the top: a bar from the calibration (0)
    to the payoff with the parameter at the low end of its range (sky blue,
    upper half of the row) and one to the payoff at the high end (orange,
    lower half). Rows whose range changes the predicted outcome are marked
    with a diamond at the right, and the bar of each end at which it changes
    (``outcome_low`` or ``outcome_high`` differs from ``outcome_base``) is
    hatched. The x axis is the change from
    the calibrated payoff, in the scenario's payoff units.

    Parameters
    ----------
    data : DataFrame
        From :func:`tornado_data`.
    ax : matplotlib Axes, optional
        Draw here (data of one player only); default a new figure with a
        panel per player.
    caption : str, optional
        Text under the figure; default the method and the scenario's sources.
        An empty string leaves it out.
    top : int or None, optional
        Rows per player: the ``top`` largest swings (None: every parameter
        that moves the payoff or the outcome).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    data = check_frame(
        data,
        ["label", "player", "base_payoff", "payoff_low", "payoff_high", "swing", "outcome_changes"],
        "plot_tornado",
    )
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise ParameterError(f"plot_tornado: top must be a whole number >= 1 or None; got {top!r}")
    present = set(data["player"])
    order = [p for p in data.attrs.get("players", []) if p in present]
    order += [p for p in dict.fromkeys(data["player"]) if p not in order]
    if ax is not None and len(order) > 1:
        raise ParameterError(
            f"plot_tornado: the data hold {len(order)} players; draw one per axes "
            "(data[data.player == name]) or pass ax=None for a panel each"
        )
    panels_, left_out = [], []
    for p in order:
        mine = data[data["player"] == p]
        if (mine["swing"] > 0).any():
            panels_.append((p, float(mine["base_payoff"].iloc[0]), _tornado_rows(mine, top)))
        else:
            left_out.append(p)
    if not panels_:
        return _outcome_only(data, ax, caption, top)
    legend_row = None
    if ax is None:
        fig, axes, legend_row = panels([0.4 * len(rows) + 0.3 for _, _, rows in panels_])
    else:
        fig, ax = axes_for(ax)
        axes = [ax]
    flagged = False
    units = data.attrs.get("units", "payoff units")
    for k, (p, base, rows) in enumerate(panels_):
        flagged |= _tornado_panel(axes[k], rows)
        axes[k].set_title(f"{p}: payoff {base:.3g} at the calibration", loc="left", fontsize=10)
    last = axes[len(panels_) - 1]
    last.set_xlabel(wrap(f"change from the calibrated payoff ({units})", 60))
    handles = [
        Patch(facecolor=_LOW_COLOUR, label="at the low end of the range"),
        Patch(facecolor=_HIGH_COLOUR, label="at the high end"),
    ]
    if flagged:
        handles.append(
            Line2D(
                [],
                [],
                marker="D",
                color=LOSS,
                linestyle="none",
                markersize=5,
                label="predicted outcome changes",
            )
        )
        handles.append(
            Patch(
                facecolor="white",
                edgecolor="#333333",
                hatch=_HATCH,
                linewidth=0.0,
                label="hatched: it changes at this end",
            )
        )
    put_legend(last, handles, legend_row, ncols=2 if flagged else 3)
    if len(panels_) > 1 and ax is None:
        title = "One parameter at a time"
        if data.attrs.get("title"):
            title += f": {data.attrs['title']}"
        fig.suptitle(title, x=0.01, ha="left", fontsize=10.5)
    shown = sum(len(rows) for _, _, rows in panels_)
    text = caption if caption is not None else _tornado_caption(data, shown, left_out)
    add_caption(fig, text)
    return fig


def _outcome_only(data: pd.DataFrame, ax: Axes | None, caption: str | None, top: int | None):
    """No payoff moves at the held profile (the status quo, say): list the parameters whose
    range changes the predicted outcome, and what it becomes at each end."""
    first = data.drop_duplicates("parameter")
    flagged = first[first["outcome_changes"].astype(bool)]
    every = len(flagged)
    if top is not None:
        flagged = flagged.head(max(top, 8))
    n = max(len(flagged), 1)
    if ax is None:
        fig, (ax,), _ = panels([0.42 * n + 0.3], legend=0.05)
    else:
        fig, ax = axes_for(ax)

    def change(outcome: str, base: str) -> str:
        if outcome == base:
            return "unchanged"
        return "mixed (no pure equilibrium)" if outcome == MIXED else outcome

    for y, row in enumerate(flagged.itertuples()):
        ax.plot([0.0], [y], marker="D", color=LOSS, markersize=5, linestyle="none")
        low = change(row.outcome_low, row.outcome_base)
        high = change(row.outcome_high, row.outcome_base)
        ax.text(
            0.03,
            y,
            wrap(f"low end: {low}", 80) + "\n" + wrap(f"high end: {high}", 80),
            va="center",
            fontsize=7.5,
        )
    ax.set_xlim(-0.02, 1.0)
    ax.set_yticks(range(len(flagged)), [wrap(x) for x in flagged["label"]])
    ax.set_ylim(n - 0.5, -0.5)
    ax.tick_params(axis="y", length=0)
    style_axes(ax, grid=None)
    ax.set_xticks([])
    ax.spines["bottom"].set_visible(False)
    held = data.attrs.get("profile_label", "")
    ax.set_title(
        wrap(
            "No payoff moves at the held profile"
            + (f" ({held})" if held else "")
            + ("; these ranges change the predicted outcome" if len(flagged) else ""),
            60,
        ),
        loc="left",
        fontsize=10,
    )
    if not len(flagged):
        ax.text(
            0.5,
            0.5,
            "nor does the predicted outcome",
            ha="center",
            va="center",
            transform=ax.transAxes,
        )
    default = (
        "Each parameter moved alone to the low or high end of its calibrated range, the others "
        "at calibration; the payoffs at the calibration's equilibrium profile stay as they are "
        "(all changes are 0); listed: the parameters whose range changes the predicted "
        "equilibrium outcome."
        + (f" Shown: {len(flagged)} of {every}." if len(flagged) < every else "")
        + (f" Sources: {data.attrs['citation']}" if data.attrs.get("citation") else "")
    )
    add_caption(fig, caption if caption is not None else default)
    return fig


# ---------------------------------------------------------------------------------- Sobol
def sobol_data(
    sensitivity_frame: Any, *, output: str | Sequence[str] | None = None
) -> pd.DataFrame:
    """Sobol indices as the long frame :func:`plot_sobol` draws.

    Parameters
    ----------
    sensitivity_frame : DataFrame or SweepSummary
        From :func:`tradegame.sensitivity.sobol_indices`, or a summary of
        :func:`tradegame.sweep_summary.summarize` (its ``sensitivity``).
    output : str or sequence of str, optional
        Keep these outputs (``"payoff: China"``, ``"outcome: keep / raise"``);
        default all.

    Returns
    -------
    DataFrame
        ``output``, ``parameter``, ``index`` (``"S1"``: first order, the
        share of the output's variance the parameter explains alone; ``"ST"``:
        total, with its interactions; Sobol' 2001), ``value``, ``conf`` (the
        bootstrap half-width) and ``low``/``high`` (``value -/+ conf``). Outputs
        in their given order, parameters by total index, largest first.
        ``attrs`` keeps the input's ``points`` and ``notes``.

    Examples
    --------
    >>> import pandas as pd
    >>> from tradegame.plotting.sensitivity import sobol_data
    >>> frame = pd.DataFrame({"output": ["payoff: A"] * 2, "parameter": ["a", "b"],
    ...                       "S1": [0.7, 0.2], "S1_conf": [0.05, 0.02],
    ...                       "ST": [0.75, 0.3], "ST_conf": [0.04, 0.03]})
    >>> sobol_data(frame)[["parameter", "index", "value", "high"]]
      parameter index  value  high
    0         a    S1   0.70  0.75
    1         a    ST   0.75  0.79
    2         b    S1   0.20  0.22
    3         b    ST   0.30  0.33
    """
    from ..sweep_summary import SweepSummary

    if isinstance(sensitivity_frame, SweepSummary):
        if sensitivity_frame.sensitivity is None:
            raise ParameterError(
                "sobol_data: the summary holds no Sobol indices (summarize(..., sensitivity="
                "True) over two or more swept parameters computes them)"
            )
        sensitivity_frame = sensitivity_frame.sensitivity
    frame = check_frame(
        sensitivity_frame,
        ["output", "parameter", "S1", "S1_conf", "ST", "ST_conf"],
        "sobol_data",
    )
    outputs = list(dict.fromkeys(frame["output"]))
    if output is not None:
        wanted = [output] if isinstance(output, str) else list(output)
        unknown = [o for o in wanted if o not in outputs]
        if unknown or not wanted:
            raise ParameterError(
                f"sobol_data: unknown output {unknown[0] if unknown else output!r}; "
                f"outputs: {'; '.join(outputs)}"
            )
        outputs = list(dict.fromkeys(wanted))
    rows = []
    for name in outputs:
        mine = frame[frame["output"] == name].sort_values("ST", ascending=False, kind="stable")
        for r in mine.itertuples():
            for index, value, conf in (("S1", r.S1, r.S1_conf), ("ST", r.ST, r.ST_conf)):
                v, c = float(value), float(conf)
                rows.append((name, str(r.parameter), index, v, c, v - c, v + c))
    out = pd.DataFrame(rows, columns=list(SOBOL_COLUMNS))
    out.attrs["points"] = frame.attrs.get("points")
    out.attrs["notes"] = list(frame.attrs.get("notes", []))
    return out


def plot_sobol(data: pd.DataFrame, ax: Axes | None = None, *, caption: str | None = None) -> Figure:
    """Bars of the first-order (S1) and total (ST) Sobol indices with their intervals.

    One row per output and parameter (outputs as bold headings when there
    are several), S1 in the upper half of the row and ST in the lower, each
    with its bootstrap confidence interval.

    Parameters
    ----------
    data : DataFrame
        From :func:`sobol_data`.
    ax : matplotlib Axes, optional
    caption : str, optional
        Default: the method and its sources.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.patches import Patch

    data = check_frame(data, ["output", "parameter", "index", "value", "conf"], "plot_sobol")
    outputs = list(dict.fromkeys(data["output"]))
    groups = []
    for name in outputs:
        mine = data[data["output"] == name]
        wide = mine.pivot_table(
            index="parameter", columns="index", values=["value", "conf"], sort=False
        )
        wide.columns = [f"{a}_{b}" for a, b in wide.columns]
        groups.append((wrap(name, 60), wide.reset_index()))
    several = len(groups) > 1
    rows = grouped_rows(groups, headings=several)
    legend_row = None
    if ax is None:
        fig, (ax,), legend_row = panels([0.32 * len(rows) + 0.3], width=7.0)
    else:
        fig, ax = axes_for(ax)
    labels = []
    colours = {"S1": colour(0), "ST": colour(1)}
    for y, (kind, row) in enumerate(rows):
        if kind == "heading":
            labels.append(row)
            continue
        labels.append(wrap(row["parameter"]))
        for index, offset in (("S1", -0.2), ("ST", 0.2)):
            value = row.get(f"value_{index}", np.nan)
            if not np.isfinite(value):
                continue
            ax.barh(y + offset, value, height=0.4, color=colours[index], linewidth=0)
            ax.errorbar(
                value,
                y + offset,
                xerr=row.get(f"conf_{index}", 0.0),
                fmt="none",
                ecolor="#333333",
                elinewidth=0.8,
                capsize=2,
            )
    ax.axvline(0.0, color="#333333", linewidth=0.8)
    _draw_labels(ax, rows, labels)
    low = min(0.0, float(np.nanmin(data["value"] - data["conf"])))
    high = max(1.0, float(np.nanmax(data["value"] + data["conf"])))
    ax.set_xlim(low - 0.02, high + 0.02)
    ax.set_xlabel("Sobol index (share of the output's variance, 0 to 1)")
    title = "Global sensitivity: Sobol indices"
    if not several:
        title += f" of {outputs[0]}"
    ax.set_title(wrap(title, 80), loc="left")
    style_axes(ax, grid="x")
    put_legend(
        ax,
        [
            Patch(facecolor=colours["S1"], label="S1: the parameter alone"),
            Patch(facecolor=colours["ST"], label="ST: with its interactions"),
        ],
        legend_row,
        ncols=2,
    )
    points = data.attrs.get("points")
    default = (
        "Sobol' (2001) indices from Saltelli's design with Jansen's and Saltelli's estimators "
        "(Saltelli et al. 2010), computed by SALib (Herman and Usher 2017); whiskers: bootstrap "
        "confidence intervals"
        + (f"; {points:,} model evaluations." if isinstance(points, int) else ".")
        + " Values below 0 or above 1 are sampling noise."
    )
    add_caption(fig, caption if caption is not None else default)
    return fig
