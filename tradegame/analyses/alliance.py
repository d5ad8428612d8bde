"""Is an alliance self-enforcing, what is each member's fair share, and who pays for the pool?

The members (``[analysis] alliance``) each choose to join or stay out; the
players outside the alliance question (the supplier) answer each membership
with their best reply. From the payoffs at every membership:

* the coalition game ``v(S)``: the members' joint gain when exactly ``S``
  joins, against nobody joining; its Shapley value, a core point (or the
  statement that the core is empty) and the nucleolus;
* the club stability of every membership (d'Aspremont et al. 1983; Barrett
  1994): internal (no member gains by leaving) and external (no outsider gains
  by joining), the self-enforcing memberships, and the penalty on a member
  who leaves that would make each larger club stable (after Nordhaus 2015);
* who should pay for the pool, when the scenario has one: the payments that
  leave each member its Shapley value of the alliance's gain (they add up to
  the pool's carrying cost), against the model's charge in proportion to use.

The supplier moves after membership is fixed: the one-shot game with
simultaneous choices may have no pure equilibrium (the metallic-alliance game
cycles), and this timing is what makes "self-enforcing" well defined.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from ..coalitions import core_point, nucleolus, shapley, stability
from ..errors import GameError, ScenarioError
from ..game import Game
from ..solvers import pure_nash
from ._record import Analysis, parameter_values, payoff_tensors, scenario_game

if TYPE_CHECKING:
    import pandas as pd

    from ..scenario import Scenario

__all__ = ["alliance", "membership_payoffs", "shapley_values"]


def membership_payoffs(
    game: Game, members: tuple[str, ...], join: str, stay_out: str
) -> tuple[dict[frozenset[str], np.ndarray], dict[frozenset[str], str]]:
    """Every player's payoffs when exactly ``S`` joins, for every subset ``S`` of ``members``.

    The other players with a choice play a pure Nash equilibrium of the game
    left once memberships are fixed (for one such player: its best reply),
    the one best for the first of them when there are several (ties in a
    single reply go to the first strategy listed). Returns the
    payoffs by coalition and a description of the others' replies.
    """
    movers = [i for i, n in enumerate(game.shape) if n > 1 and game.players[i] not in members]
    payoffs: dict[frozenset[str], np.ndarray] = {}
    replies: dict[frozenset[str], str] = {}
    for size in range(len(members) + 1):
        for combo in itertools.combinations(members, size):
            coalition = frozenset(combo)
            index: list[Any] = []
            for i, player in enumerate(game.players):
                if player in members:
                    label = join if player in coalition else stay_out
                    index.append(game.strategies[i].index(label))
                elif i in movers:
                    index.append(slice(None))
                else:
                    index.append(0)
            sub = game.payoff_tensor[(slice(None), *index)]
            if len(movers) == 1:
                (i,) = movers
                choice: tuple[int, ...] = (int(np.argmax(sub[i])),)
            elif movers:
                residual = Game(
                    sub[movers],
                    tuple(game.players[i] for i in movers),
                    tuple(game.strategies[i] for i in movers),
                )
                found = list(pure_nash(residual))
                if not found:
                    raise GameError(
                        "the non-members' game has no pure equilibrium when the members are "
                        + (", ".join(sorted(coalition)) or "nobody")
                    )
                best = max(found, key=lambda e: float(e.payoffs[0]))
                choice = tuple(int(np.argmax(s)) for s in best.strategies)
            if movers:
                replies[coalition] = ", ".join(
                    f"{game.players[i]}: {game.strategies[i][c]}"
                    for i, c in zip(movers, choice, strict=True)
                )
                sub = sub[(slice(None), *choice)]
            payoffs[coalition] = np.asarray(sub, dtype=float)
    return payoffs, replies


def _pool_shares(scenario: Scenario, members: tuple[str, ...]) -> dict[str, float] | None:
    """Each member's share of the pool's yearly carrying cost in the grand alliance, as the
    trade model charges it (in proportion to use); None without a pool."""
    if scenario.model == "explicit":
        return None
    table = parameter_values(scenario)
    structure = scenario.payoff_model.structure  # type: ignore[attr-defined]
    keys = dict(zip(scenario.players, structure.players, strict=True))
    names = ["carrying_rate", "pool_value", "mcpf", *(f"{keys[m]}.input_use" for m in members)]
    if not all(n in table.index for n in names):
        return None
    use = {m: float(table[f"{keys[m]}.input_use"]) for m in members}
    cost = float(table["carrying_rate"]) * float(table["pool_value"]) * float(table["mcpf"])
    return {m: cost * use[m] / sum(use.values()) for m in members}


def alliance(scenario: Scenario, values: Mapping[str, float] | None = None) -> Analysis:
    """Coalition values, club stability and the pool's cost split (see the module docstring)."""
    import pandas as pd

    spec = scenario.analysis.alliance
    if spec is None:
        raise ScenarioError(
            scenario.path,
            "analysis.alliance",
            "missing; an alliance analysis needs [analysis] alliance = "
            '{members = [...], join = "...", stay_out = "..."}',
        )
    game = scenario_game(scenario, values)
    members = spec.members
    payoffs, replies = membership_payoffs(game, members, spec.join, spec.stay_out)
    col = {m: game.player_index(m) for m in members}
    nobody = payoffs[frozenset()]
    value = {s: float(sum(payoffs[s][col[m]] - nobody[col[m]] for m in s)) for s in payoffs if s}
    phi = shapley(value)
    grand = frozenset(members)
    alone = sum(value[frozenset([m])] for m in members)
    imputations = value[grand] >= alone - 1e-9 * max(1.0, abs(alone))
    # with v(N) below what members get alone there is no imputation: no core, no nucleolus
    core = core_point(value) if imputations else None
    nuc = nucleolus(value) if imputations else dict.fromkeys(members, np.nan)
    rows = [
        {
            "member": m,
            "gain_in_grand_alliance": float(payoffs[grand][col[m]] - nobody[col[m]]),
            "shapley": phi[m],
            "nucleolus": nuc[m],
            "core_point": np.nan if core is None else core[m],
        }
        for m in members
    ]
    findings = [
        f"the grand alliance ({', '.join(members)}) gains {value[grand]:.3g} together "
        f"against nobody joining; Shapley shares "
        + ", ".join(f"{m} {phi[m]:.3g}" for m in members),
        f"the grand alliance is worth {value[grand]:.3g}, less than its members get apart "
        f"({alone:.3g}): no split gives each member at least its own; no core, no nucleolus"
        if not imputations
        else "the core is empty: no split of the grand alliance's gain keeps every group in"
        if core is None
        else "the core is not empty: e.g. " + ", ".join(f"{m} {core[m]:.3g}" for m in members),
    ]
    if replies:
        findings.insert(
            0,
            f"the supplier answers each membership after it is fixed ({replies[grand]} "
            f"against the grand alliance, {replies[frozenset()]} against none)",
        )
    welfare = {s: float(sum(payoffs[s][col[m]] - nobody[col[m]] for m in members)) for s in payoffs}
    best_single = max((s for s in payoffs if len(s) == 1), key=lambda s: welfare[s])
    if welfare[best_single] >= welfare[grand] - 1e-9 * max(1.0, abs(welfare[grand])):
        same = abs(welfare[best_single] - welfare[grand]) <= 1e-3 * max(1.0, abs(welfare[grand]))
        findings.append(
            f"{next(iter(best_single))} joining alone gives the members "
            f"{welfare[best_single]:.3g} together, "
            + (
                f"as much as the grand alliance ({welfare[grand]:.3g}): the other members add "
                "cost sharing, not deterrence"
                if same
                else f"more than the grand alliance ({welfare[grand]:.3g})"
            )
        )

    def member_payoffs(coalition: frozenset[str]) -> dict[str, float]:
        return {m: float(payoffs[coalition][col[m]]) for m in members}

    clubs = stability(member_payoffs, members)
    clubs = clubs.assign(
        reply=[replies.get(frozenset(m), "") for m in clubs["members"]] if replies else ""
    )
    stable = clubs[clubs["stable"]]
    sizes = sorted({int(k) for k in stable["size"]})
    findings.append(
        "self-enforcing memberships: "
        + ("; ".join(", ".join(m) or "nobody joins" for m in stable["members"]) or "none")
        + (f" (sizes {', '.join(map(str, sizes))})" if sizes else "")
    )
    penalties = []
    for s in sorted(payoffs, key=len):
        if len(s) < 2:
            continue
        need = max(float(payoffs[s - {m}][col[m]] - payoffs[s][col[m]]) for m in s)
        penalties.append(
            {"size": len(s), "members": ", ".join(sorted(s)), "penalty_to_stay": max(need, 0.0)}
        )
    pen = pd.DataFrame(penalties)
    grand_pen = float(
        pen.loc[pen["members"] == ", ".join(sorted(grand)), "penalty_to_stay"].iloc[0]
    )
    findings.append(
        "the grand alliance is internally stable without a penalty"
        if grand_pen == 0
        else f"a loss of {grand_pen:.3g} a year imposed on a member who leaves makes the grand "
        "alliance internally stable (a penalty tariff would have to cost the leaver that "
        "much, not raise that much: most of a tariff falls on the club's own buyers)"
    )
    tables: dict[str, pd.DataFrame] = {
        "shares": pd.DataFrame(rows),
        "stability": clubs,
        "penalties": pen,
    }
    charged = _pool_shares(scenario, members)
    if charged is not None:
        # pay t_i so that each member nets its Shapley value: gain_i + charged_i - t_i = phi_i;
        # the payments add up to the pool's cost because the Shapley values add up to v(N)
        gains = {m: float(payoffs[grand][col[m]] - nobody[col[m]]) for m in members}
        pay = {m: charged[m] + gains[m] - phi[m] for m in members}
        tables["pool_cost"] = pd.DataFrame(
            {
                "member": list(members),
                "charged_by_use": [charged[m] for m in members],
                "shapley_payment": [pay[m] for m in members],
            }
        )
        findings.append(
            "who should pay: the transfers that leave each member its Shapley value of the "
            "alliance's gain are "
            + ", ".join(f"{m} {pay[m]:.3g}" for m in members)
            + f" a year (negative: receives); they add up to the pool's carrying cost of "
            f"{sum(charged.values()):.3g} (charged by use in the model), so beyond that cost "
            "they move gains from the members who benefit most to those whose membership "
            "deters"
        )
    return Analysis(
        "alliance",
        {"name": scenario.title, "players": list(members), "units": scenario.payoff_units},
        tuple(findings),
        tables,
        {},
        {"self_enforcing_sizes": sizes},
    )


def shapley_values(scenario: Scenario, values: Mapping[str, Any]) -> pd.DataFrame:
    """The members' Shapley values of the alliance's gain at a batch of parameter points.

    The batch form of :func:`alliance` for sweeps: for each point the supplier
    (the one other player with a choice) answers each membership with its best
    reply, ``v(S)`` is the members' joint gain against nobody joining, and
    :func:`tradegame.coalitions.shapley_batch` splits it, all points at once.

    Returns
    -------
    DataFrame
        Columns ``point``, ``member``, ``shapley``; one row per point and member.

    Examples
    --------
    >>> import numpy as np, tradegame as tg
    >>> from tradegame.analyses.alliance import shapley_values
    >>> s = tg.load_scenario("metallic_alliance_2026")
    >>> shapley_values(s, {"pool_value": np.linspace(0.06, 0.25, 3)}).shape
    (12, 3)
    """
    import pandas as pd

    from ..coalitions import shapley_batch

    spec = scenario.analysis.alliance
    if spec is None:
        raise ScenarioError(scenario.path, "analysis.alliance", "missing")
    members = spec.members
    tensors = payoff_tensors(scenario, values)
    players, strategies = scenario.players, scenario.strategies
    movers = [i for i, n in enumerate(tensors.shape[2:]) if n > 1 and players[i] not in members]
    if len(movers) > 1:
        raise GameError(
            "shapley_values takes one supplier answering the membership; "
            f"{len(movers)} other players have a choice"
        )
    col = [players.index(m) for m in members]
    gains = np.zeros((len(tensors), 2 ** len(members)))
    base = None
    for mask in range(2 ** len(members)):
        index: list[Any] = [slice(None), slice(None)]
        for i, player in enumerate(players):
            if player in members:
                joined = mask >> members.index(player) & 1
                index.append(strategies[i].index(spec.join if joined else spec.stay_out))
            elif i in movers:
                index.append(slice(None))
            else:
                index.append(0)
        sub = tensors[tuple(index)]  # (B, n) or (B, n, k) with the supplier's k replies
        if movers:
            i = movers[0]
            reply = np.argmax(sub[:, i, :], axis=1)
            sub = np.take_along_axis(sub, reply[:, None, None], axis=2)[:, :, 0]
        own = sub[:, col]
        if base is None:
            base = own  # nobody joins
        inside = np.array([mask >> k & 1 for k in range(len(members))], dtype=bool)
        gains[:, mask] = (own - base)[:, inside].sum(axis=1)
    phi = shapley_batch(members, gains)
    return pd.DataFrame(
        {
            "point": np.repeat(np.arange(len(tensors)), len(members)),
            "member": list(members) * len(tensors),
            "shapley": phi.ravel(),
        }
    )
