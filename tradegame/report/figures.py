"""The figures of a report, drawn by :mod:`tradegame.plotting` and kept as SVG bytes.

SVG output is made deterministic: matplotlib's element ids are salted with a
fixed string and the date is left out, so the same inputs give byte-identical
files. Text stays text (``svg.fonttype = "none"``), which keeps files small
and searchable.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from .content import ScenarioFacts

__all__ = ["ReportFigure", "comparison_figure", "file_stem", "scenario_figures", "svg_bytes"]

_RC = {"svg.hashsalt": "tradegame-report", "svg.fonttype": "none"}


@dataclass(frozen=True)
class ReportFigure:
    """A drawn figure: file stem, alt text (what it shows) and the SVG document."""

    name: str
    alt: str
    svg: bytes


_RC_LOCK = threading.Lock()


def svg_bytes(fig: Figure) -> bytes:
    """``fig`` as a deterministic SVG document.

    The SVG settings are matplotlib's global ``rcParams``: the lock keeps two
    threads (an explorer serving two downloads) from interleaving their
    contexts, which would leave the settings changed for the whole process.
    """
    buffer = io.BytesIO()
    with _RC_LOCK, matplotlib.rc_context(_RC):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def file_stem(name: str, taken: set[str]) -> str:
    """A file-name stem for a scenario's figures: letters, digits, ``_`` and ``-`` only.

    A scenario's name comes from its file, so it may hold ``/``, ``..`` or
    spaces; the stem never does, and never repeats one in ``taken``.
    """
    base = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-") or "scenario"
    stem, k = base, 2
    while stem in taken:
        stem, k = f"{base}-{k}", k + 1
    return stem


def _draw(name: str, alt: str, make: Callable[[], Figure]) -> ReportFigure:
    return ReportFigure(name=name, alt=alt, svg=svg_bytes(make()))


def _two_strategy_player(facts: ScenarioFacts) -> bool:
    game = facts.result.game
    return game.n_players == 2 and min(len(s) for s in game.strategies) == 2


def scenario_figures(facts: ScenarioFacts, stem: str) -> dict[str, list[ReportFigure]]:
    """The figures of one scenario, keyed by the report part they belong to.

    Keys: ``"payoffs"``, ``"sensitivity"``, ``"sweep"`` and one per analysis
    the scenario supports. ``stem`` starts every file name (a safe slug of
    the scenario's name: see :func:`file_stem`).
    """
    from ..plotting import (
        alliance,
        bargaining,
        best_response,
        payoffs,
        regimes,
        sensitivity,
        tree,
        truce,
    )

    s = facts.scenario
    out: dict[str, list[ReportFigure]] = {"payoffs": []}
    out["payoffs"].append(
        _draw(
            f"{stem}-payoffs",
            f"Payoff table of {s.title} with the equilibria marked",
            lambda: payoffs.plot_payoff_heatmap(
                payoffs.payoff_heatmap_data(s, result=facts.result)
            ),
        )
    )
    if _two_strategy_player(facts):
        out["payoffs"].append(
            _draw(
                f"{stem}-best-responses",
                f"Best responses to mixed strategies in {s.title}",
                lambda: best_response.plot_best_response(best_response.best_response_data(s)),
            )
        )
    kinds = facts.analyses
    if "sequential" in kinds:
        out["sequential"] = [
            _draw(
                f"{stem}-game-tree",
                f"Game tree of {s.title} with the subgame-perfect path highlighted",
                lambda: tree.plot_game_tree(tree.game_tree_data(s)),
            )
        ]
    if "truce" in kinds:
        out["truce"] = [
            _draw(
                f"{stem}-truce",
                f"Critical discount factor of the deal in {s.title} against the breakdown risk",
                lambda: truce.plot_truce(truce.truce_data(s, analysis=kinds["truce"])),
            )
        ]
    if "bargain" in kinds:
        out["bargain"] = [
            _draw(
                f"{stem}-bargaining",
                f"Bargaining frontier of {s.title} with the disagreement point and solutions",
                lambda: bargaining.plot_bargaining(
                    bargaining.bargaining_data(s, analysis=kinds["bargain"])
                ),
            )
        ]
    if "alliance" in kinds:
        out["alliance"] = [
            _draw(
                f"{stem}-alliance",
                f"Stability of alliances by size in {s.title}",
                lambda: alliance.plot_alliance(
                    alliance.alliance_data(s, analysis=kinds["alliance"])
                ),
            ),
            _draw(
                f"{stem}-shares",
                f"Shapley values and other fair shares in {s.title}",
                lambda: alliance.plot_shapley(alliance.shapley_data(s, analysis=kinds["alliance"])),
            ),
        ]
    if facts.tornado is not None:
        out["sensitivity"] = [
            _draw(
                f"{stem}-tornado",
                f"One-at-a-time sensitivity of the payoffs in {s.title}",
                lambda: sensitivity.plot_tornado(facts.tornado),
            )
        ]
    if facts.sweep is not None:
        sweep = facts.sweep
        out["sweep"] = [
            _draw(
                f"{stem}-regimes",
                f"Regimes of {s.title} over {sweep.x} and {sweep.y}, with the thresholds",
                lambda: regimes.plot_regime_map(sweep.regimes),
            )
        ]
    return out


def comparison_figure(frame: pd.DataFrame) -> ReportFigure:
    """Bars of each player's change against the baseline, from :func:`tradegame.compare`."""
    from ..plotting import comparison

    return _draw(
        "comparison",
        "Change in each player's payoff against the baseline scenario",
        lambda: comparison.plot_comparison(comparison.comparison_data(frame)),
    )
