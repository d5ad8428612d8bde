"""Will a truce hold? Critical discount factors of a scenario's deal, repeated every year.

The deal (``[analysis] deal``) is the cooperative profile of the stage game
played once a year. Besides the strategies the scenario lists, each player may
deviate one lever at a time (for example, keep the deal but stop the pledged
purchases): :func:`deviation_game` adds each player's most profitable such
deviation as a strategy, so a deal that is an equilibrium of the listed
strategies alone is still tested against the deviations the model allows.
The thresholds are those of :mod:`tradegame.repeated`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ParameterError, ScenarioError, option
from ..game import Game
from ..repeated import STICK_NOTE, truce_table
from ._record import Analysis, parameter_values, payoff_tensors, scenario_game

if TYPE_CHECKING:
    import pandas as pd

    from ..scenario import Scenario

__all__ = [
    "LEVER_GRID",
    "binding_text",
    "breach_threshold",
    "critical_discounts",
    "deviation_game",
    "interest_rate",
    "is_stick",
    "truce",
]

LEVER_GRID = 41
"""Points per continuous lever searched for a deviation (its range from ``Scenario.levers``)."""


def _threshold_text(row: Any) -> str:
    d = float(row.delta_star)
    if math.isinf(d):
        text = "no discount factor below 1"
        if row.punishment_payoff >= row.cooperative_payoff:
            text += (
                f" (reverting is no punishment: {row.punishment_payoff:.3g} against "
                f"{row.cooperative_payoff:.3g} under the deal)"
            )
        return text
    if d == 0:
        return "holds at any discount factor"
    text = f"delta* = {d:.3g}"
    if not row.valid:
        return text + " (not a credible punishment)"
    return text + f" (outside breakdown risk at most {row.max_breakdown_risk:.1%} a year)"


def _checked_profile(scenario: Scenario, profile: object) -> dict[str, str]:
    """``profile`` as ``{player: strategy}`` for every player, or a one-line ParameterError."""
    if not isinstance(profile, Mapping):
        raise ParameterError(
            f"profile must be a mapping {{player: strategy}}; got {type(profile).__name__}"
        )
    chosen: dict[str, str] = {}
    name = option("profile")
    for player, label in profile.items():
        if player not in scenario.players:
            raise ParameterError(
                f"{name}: unknown player {player!r}; players: {', '.join(scenario.players)}"
            )
        menu = scenario.strategies[scenario.players.index(player)]
        if label not in menu:
            shown = "; ".join(repr(m) for m in menu)
            raise ParameterError(
                f"{name}: {player!r} has no strategy {label!r}; its strategies: {shown}"
            )
        chosen[player] = label
    for player, menu in zip(scenario.players, scenario.strategies, strict=True):
        if player not in chosen:
            if len(menu) > 1:
                raise ParameterError(f"{name}: no strategy for {player!r}, who has {len(menu)}")
            chosen[player] = menu[0]
    return chosen


def interest_rate(scenario: Scenario) -> float:
    """``[analysis] interest_rate``, else the scenario's ``discount_rate`` parameter, else 0."""
    if scenario.analysis.interest_rate is not None:
        return scenario.analysis.interest_rate
    if scenario.model == "explicit":
        return 0.0
    table = parameter_values(scenario)
    if "discount_rate" not in table.index:
        return 0.0
    rate = float(table["discount_rate"])
    if not 0 <= rate < 1:
        raise ScenarioError(
            scenario.path,
            "discount_rate",
            f"the analyses read it as a yearly interest rate in [0, 1); got {rate:g}",
        )
    return rate


def deviation_game(
    scenario: Scenario,
    deal: Mapping[str, str],
    values: Mapping[str, float] | None = None,
    *,
    standoff: Mapping[str, str] | None = None,
) -> Game:
    """The scenario's game plus each player's best one-lever deviation from ``deal``.

    A deviation breaks the deal on one lever: with a ``standoff`` profile (the
    non-cooperative positions), the lever moves from its deal setting toward
    its standoff setting (:data:`LEVER_GRID` points on that segment; a finite
    lever takes its standoff option), so cutting a tariff further than the
    deal does is not counted as breaking it; without one, the lever ranges
    over :meth:`~tradegame.Scenario.levers`. Only settings that make some
    other player worse off than under the deal count (a move that hurts
    nobody is a renegotiation the others would accept, not a breach to
    deter). Everyone else stays at the deal. The most profitable such
    setting, if it beats every listed strategy against the deal, becomes a
    strategy named ``"<deal strategy>, but <lever> = <value>"``. Payoffs of
    every profile come from the payoff model at the combined lever settings.
    """
    if scenario.model == "explicit":
        return scenario.game()
    base = scenario.strategy_settings()
    levers = scenario.levers()
    players = scenario.players
    deal_idx = [scenario.strategies[i].index(deal[p]) for i, p in enumerate(players)]
    deal_settings: dict[str, Any] = {}
    for i in range(len(players)):
        deal_settings.update(base[i][deal_idx[i]])
    listed = scenario_game(scenario, values)
    at_deal = listed.payoff_tensor[(slice(None), *deal_idx)]
    away: dict[str, Any] = {}
    if standoff is not None:
        for i, p in enumerate(players):
            away.update(base[i][scenario.strategies[i].index(standoff[p])])
    menus: list[list[tuple[str, dict[str, Any]]]] = []
    for i, player in enumerate(players):
        menu = [(label, dict(base[i][s])) for s, label in enumerate(scenario.strategies[i])]
        against_deal: list[Any] = list(deal_idx)
        against_deal[i] = slice(None)
        best_listed = float(np.max(listed.payoff_tensor[(i, *against_deal)]))
        own = levers[levers["player"] == player]
        scale = max(1.0, float(np.max(np.abs(at_deal))))
        others = [j for j in range(len(players)) if j != i]
        for row in own.itertuples():
            start = deal_settings.get(row.lever, row.status_quo)
            end = away.get(row.lever, row.status_quo) if away else None
            if isinstance(row.values, tuple):
                options = list(row.values) if end is None else [start, end]
                full = np.array(
                    [scenario.payoffs({**deal_settings, row.lever: o}, values) for o in options]
                )
            else:
                low, high = (row.low, row.high) if end is None else (start, end)
                if not (np.isfinite(low) and np.isfinite(high)) or low == high:
                    continue
                options = [float(x) for x in np.linspace(low, high, LEVER_GRID)]
                full = scenario.payoffs({**deal_settings, row.lever: np.asarray(options)}, values)
            # a breach hurts a partner: a move that makes nobody else worse off is a
            # renegotiation the others would accept, not a deviation to deter
            hurts = np.any(full[:, others] < at_deal[others] - 1e-9 * scale, axis=1)
            pay = np.where(hurts, full[:, i], -np.inf)
            k = int(np.argmax(pay))
            if pay[k] > best_listed + 1e-9 * scale:
                value = options[k]
                shown = f"{value:.4g}" if isinstance(value, float) else str(value)
                unit = str(row.unit) if isinstance(row.unit, str) else ""
                if unit == "share":  # say which share
                    unit = str(row.description).split(" (")[0]
                unit = f" ({unit})" if unit else ""
                label = f"{deal[player]}, but {row.lever.split('.', 1)[1]} = {shown}{unit}"
                menu.append((label, {**base[i][deal_idx[i]], row.lever: value}))
        menus.append(menu)
    shape = tuple(len(m) for m in menus)
    tensor = np.empty((len(players), *shape))
    for profile in itertools.product(*(range(n) for n in shape)):
        settings: dict[str, Any] = {}
        for i, s in enumerate(profile):
            settings.update(menus[i][s][1])
        tensor[(slice(None), *profile)] = scenario.payoffs(settings, values)
    return Game(
        tensor,
        players,
        tuple(tuple(label for label, _ in m) for m in menus),
        name=f"{scenario.title} (with one-lever deviations)",
        source=scenario.citation,
    )


def truce(
    scenario: Scenario,
    profile: Mapping[str, str] | None = None,
    values: Mapping[str, float] | None = None,
) -> Analysis:
    """Critical discount factors of the deal and the yearly breakdown risk it survives.

    Parameters
    ----------
    scenario : Scenario
    profile : mapping, optional
        The deal as ``{player: strategy}``; default the scenario's
        ``[analysis] deal``.
    values : mapping, optional
        Parameter overrides.

    Returns
    -------
    Analysis
        Table ``truce`` from :func:`tradegame.repeated.truce_table` on the
        game with one-lever deviations, one row per player and punishment.
    """
    deal = _checked_profile(scenario, profile) if profile is not None else scenario.analysis.deal
    if deal is None:
        raise ScenarioError(
            scenario.path,
            "analysis.deal",
            "missing; give the deal profile (--truce 'PLAYER=STRATEGY;...') or an "
            "[analysis] deal table",
        )
    rate = interest_rate(scenario)
    game = deviation_game(scenario, deal, values, standoff=scenario.analysis.standoff)
    table = truce_table(game, deal, interest_rate=rate)
    findings = []
    names = {"nash-reversion": "Nash reversion", "optimal": "the best one-year stick"}
    for player, menu in zip(game.players, game.strategies, strict=True):
        rows = table[table["player"] == player]
        if not len(rows) or len(menu) == 1:
            continue
        first = rows.iloc[0]
        gain = float(first["gain_from_deviation"])
        parts = []
        for row in rows.itertuples():
            if row.punishment not in names:
                continue  # finite punishments and minmax: in the table
            parts.append(f"{names[row.punishment]}: {_threshold_text(row)}")
        head = (
            f"{player}'s best deviation, {first['best_deviation']!r}, gains {gain:.3g} a year"
            if gain > 0
            else f"no deviation gains {player} anything in the year it deviates"
        )
        findings.append(head + "; " + "; ".join(parts))
    movers = [p for p, m in zip(game.players, game.strategies, strict=True) if len(m) > 1]
    for punishment, name in names.items():
        rows = table[(table["punishment"] == punishment) & table["player"].isin(movers)]
        if not len(rows):
            continue
        binding = rows.loc[rows["delta_star"].idxmax()]
        worst = float(binding["delta_star"])
        if math.isinf(worst):
            findings.append(f"with {name} no discount factor below 1 sustains the deal")
            continue
        if worst == 0:
            findings.append(f"with {name} the deal holds at any discount factor")
            continue
        risk = float(rows["max_breakdown_risk"].min())
        why = binding_text(binding)
        stick = ""
        if punishment == "optimal":
            stick = (
                f"; after a breach everyone plays {_stick_profile(str(binding['note']))}"
                " for a year (the breacher accepts it, since refusing restarts it), then returns"
                " to the deal"
                if str(binding["note"]).startswith(_STICK)
                else "; no one-year stick does better than Nash reversion here"
            )
        findings.append(
            f"with {name}, the deal as a whole is subgame perfect for every discount factor from "
            f"{worst:.3g} ({why}): it stays self-enforcing while the yearly chance of an outside "
            f"breakdown is at most {risk:.1%} at {rate:.1%} interest (an upper bound: only "
            f"the deviations listed above were tried){stick}"
        )
    return Analysis(
        "truce",
        {"name": scenario.title, "players": list(game.players), "units": scenario.payoff_units},
        tuple(findings),
        {"truce": table},
        {"interest_rate": rate},
        {"deal": deal},
    )


def critical_discounts(
    scenario: Scenario,
    values: Mapping[str, Any],
    *,
    profile: Mapping[str, str] | None = None,
    punishment: str = "nash-reversion",
) -> pd.DataFrame:
    """Each side's delta* for the deal at a batch of parameter points, as a tidy frame.

    The batch form of :func:`truce` for sweeps: the listed strategies only (no
    one-lever deviations, whose best setting moves with the parameters), all
    points in one call of :func:`tradegame.repeated.critical_discount_batch`.

    Parameters
    ----------
    scenario : Scenario
    values : mapping
        Parameter arrays of equal length B (as for
        :meth:`~tradegame.Scenario.payoff_tensors`).
    profile : mapping, optional
        The deal (default ``[analysis] deal``).
    punishment : {"nash-reversion", "optimal"}, optional
        As in :func:`~tradegame.repeated.critical_discount_batch`.

    Returns
    -------
    DataFrame
        Columns ``point`` (0 to B - 1), ``player``, ``delta_star`` and
        ``max_breakdown_risk`` at the scenario's interest rate; one row per
        point and player with a choice.

    Examples
    --------
    >>> import numpy as np, tradegame as tg
    >>> from tradegame.analyses.truce import critical_discounts
    >>> s = tg.load_scenario("quid_pro_quo_busan_2025")
    >>> frame = critical_discounts(s, {"chip_security_cost": np.linspace(0, 1, 5)})
    >>> frame.shape
    (10, 4)
    """
    import pandas as pd

    from ..repeated import breakdown_risk, critical_discount_batch

    deal = _checked_profile(scenario, profile) if profile is not None else scenario.analysis.deal
    if deal is None:
        raise ScenarioError(scenario.path, "analysis.deal", "missing; give profile=")
    tensors = payoff_tensors(scenario, values)
    index = tuple(scenario.strategies[i].index(deal[p]) for i, p in enumerate(scenario.players))
    delta = critical_discount_batch(tensors, index, punishment)
    risk = breakdown_risk(delta, interest_rate(scenario))
    movers = [i for i, menu in enumerate(scenario.strategies) if len(menu) > 1]
    points = np.repeat(np.arange(len(tensors)), len(movers))
    return pd.DataFrame(
        {
            "point": points,
            "player": [scenario.players[i] for i in movers] * len(tensors),
            "delta_star": delta[:, movers].ravel(),
            "max_breakdown_risk": risk[:, movers].ravel(),
        }
    )


_STICK = STICK_NOTE + "("


def _stick_profile(note: str) -> str:
    """The profile in a note ``one period of the stick (A, B), then back to the deal``.

    Strategy labels may hold parentheses themselves, so the profile runs to the
    last ``), then`` rather than the first ``)``.
    """
    return note[len(_STICK) :].rsplit("), then", 1)[0]


def breach_threshold(row: Any) -> float:
    """The discount factor that deters the breach alone under a one-year stick.

    A breach gains ``d - c`` once and costs ``c - s`` in the stick year, so it
    does not pay when ``delta >= (d - c) / (c - s)`` (Abreu 1988, simple
    penal codes with a one-period punishment). 0 when no deviation gains; inf
    when the stick is no worse than the deal.
    """
    gain = float(row["gain_from_deviation"])
    if gain <= 0:
        return 0.0
    loss = float(row["cooperative_payoff"]) - float(row["punishment_payoff"])
    return gain / loss if loss > 0 else math.inf


def is_stick(row: Any) -> bool:
    """Whether a truce-table row's punishment is a one-year stick (not Nash reversion).

    The ``optimal`` punishment is the better of Nash reversion and the best
    one-year stick; its note says which.
    """
    return row["punishment"] == "optimal" and str(row["note"]).startswith(_STICK)


def binding_text(row: Any) -> str:
    """Which constraint sets a player's critical discount factor, in words.

    Under Nash reversion only the temptation to breach can bind. Under the
    one-year stick each player must also be willing to play its part in the
    stick year: the breacher to accept it, the others to carry it out. When
    the row's ``delta_star`` exceeds :func:`breach_threshold`, that willingness
    is what binds.
    """
    player = _possessive(str(row["player"]))
    delta = float(row["delta_star"])
    gain = float(row["gain_from_deviation"])
    if gain <= 0:
        return f"what binds is {player} willingness to carry out the punishment"
    alone = breach_threshold(row)
    if not is_stick(row) or delta <= alone * (1 + 1e-9) + 1e-12:
        return f"{player} temptation to breach binds"
    return (
        f"what binds is {player} willingness to go through the stick year after its own"
        f" breach (deterring the breach alone needs delta >= {alone:.3g})"
    )


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"
