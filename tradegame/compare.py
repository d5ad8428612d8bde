"""Compare the equilibria of scenarios, or of one scenario under several parameter sets.

:func:`compare` solves every scenario (and every variant: a named set of
parameter overrides) with :func:`tradegame.solve` and lays the equilibria side
by side in one tidy frame, one row per scenario, variant, equilibrium and
player, with each player's payoff, the same player's payoff in a *baseline*
and the change between them. :func:`headline` condenses that frame to one row
per equilibrium: who gains, who loses, by how much.

What is compared is a comparison of equilibria, the comparative statics of the
game (Milgrom and Roberts 1994, "Comparing Equilibria", American Economic
Review 84(3), 441-459, section I): when a game has several equilibria the
answer depends on which one is meant, so the baseline is one named
equilibrium (the first in the solver's fixed order unless
``baseline_equilibrium`` says otherwise) and every equilibrium of every other
scenario is listed, never a silently chosen one. The frames are tidy in the
sense of Wickham (2014), "Tidy Data", Journal of Statistical Software 59(10),
section 2: one variable per column, one observation per row.
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import EquilibriumWarning, ParameterError, ScenarioError, on_command_line
from .game import label_problem
from .limits import DEFAULT_TIME_LIMIT
from .scenario import Scenario, load_scenario
from .solvers import SolverResult, solve
from .solvers._budget import check_time_limit

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COLUMNS", "HEADLINE_COLUMNS", "PLAIN_VARIANT", "compare", "headline", "strategy_texts"]

_ROUNDING = 1e-12  # relative size of a change that is floating-point noise, not a gain

PLAIN_VARIANT = "as in the file"
"""The variant name of a scenario compared with no overrides: its file's own numbers."""

COLUMNS = (
    "scenario",
    "variant",
    "equilibrium",
    "player",
    "profile",
    "strategy",
    "pure",
    "payoff",
    "baseline_payoff",
    "change",
    "change_pct",
    "gains",
    "loses",
    "units",
    "complete",
)
"""Columns of the frame :func:`compare` returns, in order."""

HEADLINE_COLUMNS = (
    "scenario",
    "variant",
    "equilibrium",
    "profile",
    "pure",
    "winners",
    "losers",
    "largest_gain_player",
    "largest_gain",
    "largest_loss_player",
    "largest_loss",
    "total_change",
    "not_in_baseline",
    "units",
    "complete",
)
"""Columns of the frame :func:`headline` returns, in order."""


@dataclass(frozen=True)
class _Case:
    """One scenario under one variant, ready to solve."""

    scenario: Scenario
    variant: str

    @property
    def name(self) -> str:
        return self.scenario.name

    @property
    def key(self) -> tuple[str, str]:
        return (self.scenario.name, self.variant)


def _term(python: str, command_line: str) -> str:
    """How the caller spells an argument: in Python or as a command-line option."""
    return command_line if on_command_line() else python


def _time_limit() -> str:
    return _term("time_limit", "--time-limit")


def _number_text(value: float) -> str:
    """``90`` for 90.0, ``0.2`` for 0.2; every digit when six significant ones do not suffice."""
    short = f"{value:g}"
    return short if float(short) == value else repr(value)


def _overrides_text(values: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={_number_text(float(v))}" for k, v in values.items())


def _mapping(value: object, argument: str, example: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ParameterError(
            f"{argument} must be a mapping of parameter names to numbers, e.g. {example}; "
            f"got {type(value).__name__}"
        )
    return value


def _scenario_list(scenarios: object) -> list[Scenario | str | os.PathLike[str]]:
    single = (str, os.PathLike, Scenario)
    items = [scenarios] if isinstance(scenarios, single) else scenarios
    if not isinstance(items, Sequence) or isinstance(items, (bytes, bytearray)):
        raise ParameterError(
            "scenarios must be a built-in scenario name, a path, a Scenario or a list of them; "
            f"got {type(scenarios).__name__}"
        )
    if not items:
        raise ParameterError("scenarios is empty; give at least one scenario to compare")
    for item in items:
        if not isinstance(item, single):
            raise ParameterError(
                "scenarios must be built-in scenario names, paths or Scenario objects; "
                f"got {type(item).__name__} ({item!r})"
            )
    return list(items)


def _variant_list(variants: object) -> list[tuple[str, Mapping[str, Any]]] | None:
    if variants is None:
        return None
    example = '{"90-day inventories": {"india.inventory_days": 90}}'
    if not isinstance(variants, Mapping):
        raise ParameterError(
            "variants must be a mapping of variant names to overrides, e.g. "
            f"{example}; got {type(variants).__name__}"
        )
    if not variants:
        raise ParameterError(
            f"variants is empty; give at least one, e.g. {example}, or leave it out"
        )
    out = []
    for name, values in variants.items():
        problem = label_problem(name)
        if problem is not None:
            raise ParameterError(f"variant names {problem}")
        out.append((name, _mapping(values, f"variant {name!r}", '{"sigma": 0.2}')))
    return out


def _load(item: Scenario | str | os.PathLike[str], values: Mapping[str, Any]) -> Scenario:
    """The scenario with ``values`` laid over its own overrides (validated by load_scenario)."""
    if isinstance(item, Scenario):
        if not values:
            return item
        return load_scenario(item.path, {**item.overrides, **values})
    return load_scenario(item, dict(values) or None)


def _cases(scenarios: object, variants: object, overrides: object) -> list[_Case]:
    items = _scenario_list(scenarios)
    named = _variant_list(variants)
    common = _mapping(overrides, "overrides", '{"sigma": 0.2}')
    cases: list[_Case] = []
    for item in items:
        if named is None:
            scenario = _load(item, common)
            label = _overrides_text(scenario.overrides) or PLAIN_VARIANT
            cases.append(_Case(scenario, label))
        else:
            for label, values in named:
                try:
                    scenario = _load(item, {**common, **values})
                except ScenarioError as exc:
                    raise ScenarioError(
                        exc.path, exc.where, f"variant {label!r}: {exc.message}"
                    ) from None
                cases.append(_Case(scenario, label))
    seen: dict[tuple[str, str], _Case] = {}
    for case in cases:
        if case.key in seen:
            first = seen[case.key].scenario.path
            where = (
                f" (read from {first} and {case.scenario.path})"
                if first.resolve() != case.scenario.path.resolve()
                else ""
            )
            raise ParameterError(
                f"scenario {case.name!r} with variant {case.variant!r} is given twice{where}; "
                "each scenario and variant may appear once (rename a file's `name`, or compare "
                "one scenario under several variants)"
            )
        seen[case.key] = case
    return cases


def _check_units(cases: list[_Case]) -> str:
    units: dict[str, str] = {}
    for case in cases:
        units.setdefault(case.name, " ".join(case.scenario.payoff_units.split()))
    distinct = list(dict.fromkeys(units.values()))
    if len(distinct) > 1:
        shown = "; ".join(f"{name}: {u or 'unstated'!r}" for name, u in units.items())
        raise ParameterError(
            f"cannot compare payoffs measured in different units ({shown}); a change between "
            "them means nothing: compare scenarios whose payoff_units agree, or variants of "
            "one scenario"
        )
    return distinct[0]


def _pair(scenario: str, variant: str) -> str:
    return _term(f"({scenario!r}, {variant!r})", f"'{scenario}: {variant}'")


def _choices(cases: list[_Case]) -> str:
    return ", ".join(_pair(*c.key) for c in cases)


def _pick_baseline(cases: list[_Case], baseline: object) -> int:
    """Index of the baseline case: a scenario name, a variant name or a (scenario, variant)."""
    if baseline is None:
        return 0
    names = list(dict.fromkeys(c.name for c in cases))
    argument = _term("baseline", "--baseline")
    pair = _term("a (scenario, variant) pair", "'SCENARIO: VARIANT'")
    if isinstance(baseline, str):
        for k, case in enumerate(cases):
            if case.name == baseline:
                return k  # a scenario's first variant
        matches = [k for k, c in enumerate(cases) if c.variant == baseline]
        if matches and len(names) == 1:
            return matches[0]
        if matches:
            raise ParameterError(
                f"{argument} {baseline!r} is a variant of {len(names)} scenarios; give "
                f"{pair}, one of: {_choices(cases)}"
            )
        variants = ", ".join(repr(v) for v in dict.fromkeys(c.variant for c in cases))
        raise ParameterError(
            f"unknown {argument} {baseline!r}; expected a scenario name ("
            f"{', '.join(map(repr, names))})"
            + (f", a variant name ({variants})" if len(names) == 1 else "")
            + f" or {pair}: {_choices(cases)}"
        )
    if isinstance(baseline, tuple) and len(baseline) == 2:
        for k, case in enumerate(cases):
            if case.key == baseline:
                return k
        raise ParameterError(
            f"unknown {argument} {_pair(*map(str, baseline))}; expected one of: {_choices(cases)}"
        )
    raise ParameterError(
        "baseline must be a scenario name, a variant name or a (scenario, variant) pair; "
        f"got {type(baseline).__name__} ({baseline!r})"
    )


def _probability(p: Any) -> str:
    if isinstance(p, Fraction) and p.denominator < 10**4:
        return str(p)
    return f"{float(p):.4g}"


def strategy_texts(result: SolverResult, k: int) -> list[str]:
    """Each player's strategy in equilibrium ``k``: its label, or ``p label + q label``."""
    eq = result.equilibria[k]
    profile = result.profile(k, exact=eq.exact is not None)
    texts = []
    for player in result.game.players:
        parts = profile[player]
        if len(parts) == 1:
            texts.append(next(iter(parts)))
        else:
            texts.append(" + ".join(f"{_probability(p)} {s}" for s, p in parts.items()))
    return texts


def _check_equilibrium_index(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ParameterError(
            f"{_term('baseline_equilibrium', '--baseline-equilibrium')} must be a whole number "
            f"from 0 (the baseline's equilibria in the solver's order); got {value!r}"
        )
    return int(value)


def compare(
    scenarios: Scenario | str | os.PathLike[str] | Sequence[Scenario | str | os.PathLike[str]],
    *,
    baseline: str | tuple[str, str] | None = None,
    variants: Mapping[str, Mapping[str, float]] | None = None,
    overrides: Mapping[str, float] | None = None,
    baseline_equilibrium: int = 0,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> pd.DataFrame:
    """Equilibria of several scenarios or variants, and each player's change from a baseline.

    Parameters
    ----------
    scenarios : name, path, Scenario, or a sequence of them
        Built-in scenario names, scenario files or loaded scenarios.
    baseline : str or (str, str), optional
        What every row is compared with: a scenario name (its first variant),
        a variant name (when there is one scenario) or a ``(scenario,
        variant)`` pair. Default: the first scenario's first variant.
    variants : mapping, optional
        ``{variant name: {parameter: value}}``: each scenario is solved once
        under each set of overrides (``{}`` for the file's own numbers).
        Without it each scenario is one variant, named :data:`PLAIN_VARIANT`
        (``"as in the file"``), or by its overrides (``"sigma=0.2"``) when it
        has some.
    overrides : mapping, optional
        Parameter values applied to every scenario and variant; a variant's
        own values win over these, and these over a Scenario's own overrides.
    baseline_equilibrium : int, optional
        Which of the baseline's equilibria, in the solver's fixed order
        (:class:`~tradegame.solvers.result.SolverResult`), the others are
        compared with; default 0, the first.
    time_limit : float or None, optional
        Seconds each solve may take (:func:`tradegame.solve`).

    Returns
    -------
    pandas.DataFrame
        One row per scenario, variant, equilibrium and player, columns
        :data:`COLUMNS`: ``scenario``, ``variant``, ``equilibrium`` (0-based,
        in the solver's order), ``player``, ``profile`` (the whole
        equilibrium as text), ``strategy`` (this player's: a label, or
        ``"1/2 concede + 1/2 escalate"`` when mixed), ``pure``, ``payoff``,
        ``baseline_payoff`` (the same player's payoff in the baseline
        equilibrium; NaN for a player the baseline does not have),
        ``change`` (``payoff - baseline_payoff``, in the payoff units),
        ``change_pct`` (``100 * change / |baseline_payoff|``; NaN when the
        baseline payoff is zero, which the trade model's status quo makes
        common), ``gains`` and ``loses`` (the change is above, or below, the
        solvers' verification tolerance: 1e-9 of the player's payoff range
        in either game; both False for a player missing from the baseline),
        ``units`` and ``complete`` (the solver's list of equilibria is
        complete). ``frame.attrs`` holds ``baseline`` (scenario, variant,
        equilibrium, its number of equilibria and profile), ``units``,
        ``titles`` and ``overrides`` (the values each scenario and variant
        was solved with).

    Raises
    ------
    ParameterError
        Scenarios whose ``payoff_units`` differ, a duplicate scenario and
        variant, an unknown baseline, or malformed arguments.
    ScenarioError
        An unknown scenario or an override it does not have.

    Notes
    -----
    Players are matched by name: a player the baseline lacks gets NaN
    changes; a baseline player missing from a scenario gets no row there.
    A scenario with no equilibrium found within the time limit has no rows;
    if it is the baseline, every change is NaN. Both cases warn
    (:class:`~tradegame.errors.EquilibriumWarning`).

    Examples
    --------
    >>> import tradegame as tg
    >>> from tradegame.compare import compare
    >>> frame = compare(
    ...     "india_magnet_shortage_2025",
    ...     variants={"21-day inventories": {"india.inventory_days": 21},
    ...               "90-day inventories": {"india.inventory_days": 90}},
    ... )
    >>> row = frame[(frame.variant == "90-day inventories") & (frame.player == "India")]
    >>> bool(row.gains.item()), row.strategy.item()
    (True, 'private inventories only')
    """
    cases = _cases(scenarios, variants, overrides)
    time_limit = check_time_limit(time_limit)
    base_index = _pick_baseline(cases, baseline)
    which = _check_equilibrium_index(baseline_equilibrium)
    units = _check_units(cases)
    results = [solve(case.scenario.game(), time_limit=time_limit) for case in cases]
    base_case, base_result = cases[base_index], results[base_index]
    base_pay: dict[str, float] = {}
    base_tol: dict[str, float] = {}
    base_profile = ""
    if base_result.equilibria:
        if which >= len(base_result):
            raise ParameterError(
                f"{_term('baseline_equilibrium', '--baseline-equilibrium')} {which} is out of "
                f"range: the baseline {_pair(*base_case.key)} has {len(base_result)} equilibri"
                f"{'um' if len(base_result) == 1 else 'a'} (0 to {len(base_result) - 1})"
            )
        eq = base_result.equilibria[which]
        base_pay = {p: float(v) for p, v in zip(base_result.game.players, eq.payoffs, strict=True)}
        base_tol = dict(zip(base_result.game.players, base_result.tolerances.tolist(), strict=True))
        texts = strategy_texts(base_result, which)
        base_profile = "; ".join(
            f"{p}: {t}" for p, t in zip(base_result.game.players, texts, strict=True)
        )
    else:
        warnings.warn(
            f"the baseline {_pair(*base_case.key)} has no equilibrium found within the time "
            f"limit; every change is NaN (allow more time with {_time_limit()})",
            EquilibriumWarning,
            stacklevel=2,
        )
    rows = []
    for case, result in zip(cases, results, strict=True):
        if not result.equilibria and case is not base_case:
            warnings.warn(
                f"{_pair(*case.key)} has no equilibrium found within the time limit and no "
                f"rows; allow more time with {_time_limit()}",
                EquilibriumWarning,
                stacklevel=2,
            )
        players = result.game.players
        tolerances = result.tolerances.tolist()
        for k, eq in enumerate(result.equilibria):
            texts = strategy_texts(result, k)
            profile = "; ".join(f"{p}: {t}" for p, t in zip(players, texts, strict=True))
            for i, player in enumerate(players):
                payoff = float(eq.payoffs[i])
                before = base_pay.get(player, math.nan)
                change = payoff - before
                # the solvers' tolerance, and never below floating-point rounding of the
                # payoffs themselves (a player whose payoffs are all equal has a zero range)
                noise = max(
                    tolerances[i],
                    base_tol.get(player, 0.0),
                    _ROUNDING * max(abs(payoff), abs(before) if math.isfinite(before) else 0.0),
                )
                pct = (
                    100.0 * change / abs(before)
                    if abs(before) > base_tol.get(player, math.inf)
                    else math.nan
                )
                rows.append(
                    (
                        case.name,
                        case.variant,
                        k,
                        player,
                        profile,
                        texts[i],
                        eq.pure,
                        payoff,
                        before,
                        change,
                        pct,
                        bool(change > noise),
                        bool(change < -noise),
                        units,
                        result.complete,
                    )
                )
    import pandas as pd

    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame = frame.astype(
        {
            "equilibrium": "int64",
            "pure": bool,
            "payoff": float,
            "baseline_payoff": float,
            "change": float,
            "change_pct": float,
            "gains": bool,
            "loses": bool,
            "complete": bool,
        }
    )
    frame.attrs["baseline"] = {
        "scenario": base_case.name,
        "variant": base_case.variant,
        "equilibrium": which if base_result.equilibria else None,
        "equilibria": len(base_result),
        "profile": base_profile,
    }
    frame.attrs["units"] = units
    frame.attrs["titles"] = {c.name: c.scenario.title for c in cases}
    frame.attrs["overrides"] = {
        c.name: {d.variant: dict(d.scenario.overrides) for d in cases if d.name == c.name}
        for c in cases
    }
    return frame


def _joined(players: Any) -> str:
    return ", ".join(players)


def headline(frame: pd.DataFrame) -> pd.DataFrame:
    """Who gains, who loses and by how much: one row per scenario, variant and equilibrium.

    Parameters
    ----------
    frame : pandas.DataFrame
        A frame from :func:`compare` (or rows of one).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`HEADLINE_COLUMNS`: ``scenario``, ``variant``,
        ``equilibrium``, ``profile``, ``pure``; ``winners`` and ``losers``
        (players whose change is a gain, or a loss, largest first, joined by
        ``", "``; empty when none); ``largest_gain_player`` and
        ``largest_gain``, ``largest_loss_player`` and ``largest_loss`` (a
        negative number; NaN and ``""`` when nobody gains or loses);
        ``total_change`` (the sum of the changes of the players the baseline
        also has: a total welfare change when payoffs are in money, not
        meaningful for ordinal ranks; NaN when no player is matched);
        ``not_in_baseline`` (players without a baseline payoff), ``units``
        and ``complete``. ``attrs`` are those of ``frame``.

    Examples
    --------
    >>> from tradegame.compare import compare, headline
    >>> frame = compare("india_magnet_shortage_2025", baseline="21 days", variants={
    ...     "21 days": {"india.inventory_days": 21}, "90 days": {"india.inventory_days": 90}})
    >>> row = headline(frame).iloc[1]
    >>> row.variant, row.winners, row.losers
    ('90 days', 'United States, India, Japan', '')
    """
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise ParameterError(
            f"headline needs the DataFrame compare() returns; got {type(frame).__name__}"
        )
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ParameterError(
            f"headline needs a frame from compare(); it lacks the columns {', '.join(missing)}"
        )
    for column in ("gains", "loses", "pure", "complete"):
        if frame[column].dtype != bool:
            raise ParameterError(
                f"headline needs a frame from compare(); its {column!r} column must hold "
                f"True/False, not {frame[column].dtype}"
            )
    rows = []
    keys = ["scenario", "variant", "equilibrium"]
    for (scenario, variant, k), group in frame.groupby(keys, sort=False):
        winners = group[group["gains"]].sort_values("change", ascending=False, kind="stable")
        losers = group[group["loses"]].sort_values("change", ascending=True, kind="stable")
        matched = group["baseline_payoff"].notna()
        rows.append(
            (
                scenario,
                variant,
                int(k),
                group["profile"].iloc[0],
                bool(group["pure"].iloc[0]),
                _joined(winners["player"]),
                _joined(losers["player"]),
                winners["player"].iloc[0] if len(winners) else "",
                float(winners["change"].iloc[0]) if len(winners) else math.nan,
                losers["player"].iloc[0] if len(losers) else "",
                float(losers["change"].iloc[0]) if len(losers) else math.nan,
                float(group.loc[matched, "change"].sum()) if matched.any() else math.nan,
                _joined(group.loc[~matched, "player"]),
                group["units"].iloc[0],
                bool(group["complete"].iloc[0]),
            )
        )
    out = pd.DataFrame(rows, columns=list(HEADLINE_COLUMNS))
    out = out.astype(
        {
            "equilibrium": "int64",
            "pure": bool,
            "largest_gain": float,
            "largest_loss": float,
            "total_change": float,
            "complete": bool,
        }
    )
    out.attrs.update(frame.attrs)
    return out
