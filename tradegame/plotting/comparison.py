"""Scenario comparison: each player's change against the baseline, as grouped bars.

Reads the frame :func:`tradegame.compare` returns (one row per scenario,
variant, equilibrium and player, with each player's change from the
baseline equilibrium) and draws one group of bars per player, one bar per
compared scenario, variant and equilibrium: gains in the house gain colour,
losses in the loss colour, the series told apart by hatching and named in
the legend. What is compared is equilibria (Milgrom and Roberts 1994,
"Comparing Equilibria", American Economic Review 84(3), 441-459): a scenario
with several equilibria gets one bar per equilibrium.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ._style import GAIN, LOSS, NEUTRAL, axes_for, check_frame, style_axes
from ._style import caption as put_caption
from .payoffs import caption_for, caption_width, number_text, wrap

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["COLUMNS", "comparison_data", "plot_comparison"]

COLUMNS = (
    "series",
    "scenario",
    "variant",
    "equilibrium",
    "player",
    "strategy",
    "payoff",
    "baseline_payoff",
    "change",
    "change_pct",
    "direction",
    "units",
)
"""Columns of the frame :func:`comparison_data` returns, in order."""

_NEEDED = (
    "scenario",
    "variant",
    "equilibrium",
    "player",
    "strategy",
    "payoff",
    "baseline_payoff",
    "change",
    "change_pct",
    "gains",
    "loses",
    "units",
)
HATCHES = ("", "///", "...", "xxx", "\\\\\\", "ooo", "---", "+++")


def comparison_data(compare_frame: pd.DataFrame) -> pd.DataFrame:
    """Each player's change against the baseline, per compared scenario, variant and equilibrium.

    Parameters
    ----------
    compare_frame : pandas.DataFrame
        The frame :func:`tradegame.compare` returns (its ``attrs`` name the
        baseline).

    Returns
    -------
    pandas.DataFrame
        One row per scenario, variant, equilibrium and player of every case
        but the baseline equilibrium itself (whose changes are zero by
        definition), in the order of ``compare_frame``; columns
        :data:`COLUMNS`: ``series`` (the bar's name: the scenario's title,
        the variant when the frame has several, and the equilibrium's number
        when the case has several), ``scenario``, ``variant``,
        ``equilibrium``, ``player``, ``strategy``, ``payoff``,
        ``baseline_payoff``, ``change`` and ``change_pct`` (as in the compare
        frame), ``direction`` (``"gain"`` or ``"loss"`` as the compare frame
        marks them, ``"no change"`` within the solvers' tolerance, ``"not in
        baseline"`` for a player the baseline lacks) and ``units``.
        ``attrs`` holds ``baseline`` (its series name), ``units`` and
        ``caption``.

    Raises
    ------
    ParameterError
        Not a compare frame, or nothing but the baseline in it.

    Examples
    --------
    >>> import tradegame as tg
    >>> frame = tg.compare(["rare_earth_escalation_2025", "quid_pro_quo_busan_2025"],
    ...                    baseline="rare_earth_escalation_2025")
    >>> data = comparison_data(frame)
    >>> data[["player", "direction"]].values.tolist()
    [['China', 'loss'], ['United States', 'loss']]
    """
    function = "comparison_data"
    frame = check_frame(compare_frame, _NEEDED, function)
    base = frame.attrs.get("baseline") or {}
    titles = frame.attrs.get("titles") or {}
    base_key = (base.get("scenario"), base.get("variant"), base.get("equilibrium"))
    several_variants = frame["variant"].nunique() > 1
    counts = frame.groupby(["scenario", "variant"], sort=False)["equilibrium"].nunique()

    def series(scenario: str, variant: str, equilibrium: int) -> str:
        name = titles.get(scenario, scenario)
        if several_variants:
            name += f": {variant}"
        if counts.get((scenario, variant), 1) > 1:
            name += f" (equilibrium {int(equilibrium) + 1})"
        return name

    rows = []
    for _, row in frame.iterrows():
        key = (row["scenario"], row["variant"], int(row["equilibrium"]))
        if key == base_key:
            continue
        change = float(row["change"])
        if math.isnan(change):
            direction = "not in baseline"
        elif bool(row["gains"]):
            direction = "gain"
        elif bool(row["loses"]):
            direction = "loss"
        else:
            direction = "no change"
        rows.append(
            (
                series(*key),
                row["scenario"],
                row["variant"],
                key[2],
                row["player"],
                row["strategy"],
                float(row["payoff"]),
                float(row["baseline_payoff"]),
                change,
                float(row["change_pct"]),
                direction,
                row["units"],
            )
        )
    if not rows:
        raise ParameterError(
            f"{function}: the compare frame holds only the baseline; compare it with at least "
            "one other scenario or variant"
        )
    out = pd.DataFrame(rows, columns=list(COLUMNS))
    units = frame.attrs.get("units") or str(frame["units"].iloc[0])
    baseline = series(*base_key) if base_key[0] is not None else "the baseline"
    profile = base.get("profile", "")
    out.attrs.update(
        {
            "baseline": baseline,
            "baseline_profile": profile,
            "units": units,
            "title": "Change against " + baseline,
            "caption": (
                f"Baseline: {baseline}, equilibrium {int(base.get('equilibrium', 0)) + 1}"
                + (f" ({profile})" if profile else "")
                + f". Payoffs in {units}. Equilibria from tradegame.solve; sources in each "
                "scenario's parameter table."
            ),
        }
    )
    return out


def two_lines(text: str, width: int = 48) -> str:
    """``text`` wrapped at ``width`` characters or, where that takes more lines, on two
    balanced lines (an axis label stays at most two lines high).

    >>> print(two_lines("change in payoff (USD bn per year over a two-year horizon, change "
    ...                 "from the 2024 status quo)"))
    change in payoff (USD bn per year over a two-year
    horizon, change from the 2024 status quo)
    """
    text = " ".join(str(text).split())
    wrapped = wrap(text, width)
    if wrapped.count("\n") < 2:
        return wrapped
    width = math.ceil(len(text) / 2)
    while wrap(text, width).count("\n") > 1:
        width += 1
    return wrap(text, width)


def plot_comparison(
    data: pd.DataFrame, ax: Axes | None = None, *, caption: str | None = None
) -> Figure:
    """Draw grouped bars of each player's change against the baseline from :func:`comparison_data`.

    Parameters
    ----------
    data : pandas.DataFrame
        The frame :func:`comparison_data` returns.
    ax : matplotlib Axes, optional
        Where to draw; default a new figure, wider with more players and series.
    caption : str, optional
        Text under the figure; default the baseline and units in ``data.attrs``; ``""`` for none.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.patches import Patch

    data = check_frame(data, COLUMNS, "plot_comparison")
    players = list(dict.fromkeys(data["player"]))
    series = list(dict.fromkeys(data["series"]))
    n_p, n_s = len(players), len(series)
    # at least 7.5 in (~720 px at 96 dpi): with few players the y label and the legend beside
    # the bars would otherwise leave them a narrow strip
    width = min(max(2.2 + n_p * (0.55 * n_s + 0.5), 7.5), 16.0)
    fig, ax = axes_for(ax, figsize=(width, 4.6))
    bar = 0.8 / n_s
    changes = data.set_index(["series", "player"])["change"]
    directions = data.set_index(["series", "player"])["direction"]
    spread = float(np.nanmax(np.abs(data["change"].to_numpy(dtype=float)))) if n_p else 1.0
    spread = spread if math.isfinite(spread) and spread > 0 else 1.0
    missing = []
    for k, name in enumerate(series):
        for j, player in enumerate(players):
            if (name, player) not in changes.index:
                continue
            value = float(changes[(name, player)])
            x = j - 0.4 + bar * (k + 0.5)
            if math.isnan(value):
                missing.append(f"{player} ({name})")
                continue
            kind = directions[(name, player)]
            if kind == "no change":
                value = 0.0  # within the solvers' tolerance: rounding noise, not a change
            face = GAIN if kind == "gain" else LOSS if kind == "loss" else NEUTRAL
            ax.bar(
                x,
                value,
                width=bar * 0.92,
                color=face,
                hatch=HATCHES[k % len(HATCHES)],
                edgecolor="white",
                linewidth=0.6,
            )
            ax.annotate(
                number_text(value),
                (x, value),
                xytext=(0, 2 if value >= 0 else -2),
                textcoords="offset points",
                ha="center",
                va="bottom" if value >= 0 else "top",
                fontsize=7,
            )
    ax.axhline(0, color="#444444", linewidth=0.8)
    ax.set_xticks(range(n_p), [wrap(p, 14) for p in players])
    ax.set_xlim(-0.6, n_p - 0.4)
    low, high = ax.get_ylim()
    pad = 0.08 * spread
    ax.set_ylim(min(low, -pad) - pad, max(high, pad) + pad)
    units = data.attrs.get("units") or str(data["units"].iloc[0])
    ax.set_ylabel(two_lines(f"change in payoff ({units})"))
    title = data.attrs.get("title") or "Change against the baseline"
    if n_s == 1:  # one series has no key in the legend: the title names it
        title = f"{series[0]}: {title[0].lower()}{title[1:]}"
    ax.set_title(wrap(title, max(60, int(width * 9))), loc="left")
    style_axes(ax, grid="y")
    shown = set(data["direction"])  # a key only for the colours drawn
    handles = [
        Patch(facecolor=colour, label=label)
        for label, colour in (("gain", GAIN), ("loss", LOSS), ("no change", NEUTRAL))
        if label in shown
    ]
    handles += [
        Patch(
            facecolor="white",
            edgecolor="#555555",
            hatch=HATCHES[k % len(HATCHES)],
            label=wrap(name, 50),
        )
        for k, name in enumerate(series)
        if len(series) > 1  # one series needs no hatch key: the title names it
    ]
    if missing:
        handles.append(
            Patch(color="none", label=wrap("not in the baseline: " + ", ".join(missing), 60))
        )
    ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=7.5
    )
    put_caption(fig, caption_for(data, caption), width=caption_width(fig))
    return fig
