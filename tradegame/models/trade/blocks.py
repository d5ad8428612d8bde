"""The trade model's payoff blocks, each declared once, and the registry that lists them.

A block says which model-wide, per-player and per-flow parameters it reads,
which levers it defines, which players it applies to (from the structure of
a scenario: who declares what), and how it is evaluated. The parser checks
parameters against these declarations and the evaluator runs the blocks of
:data:`REGISTRY` in order; neither knows which blocks exist, so adding a block
is one entry here (and its formulas in :mod:`tradegame.economics`).

Every evaluation sees the parameters and lever settings as arrays that
broadcast to one batch shape; a block adds each affected player's welfare
change (USD bn per year, annualised over the horizon) with :meth:`Context.add`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ...economics import (
    annuity,
    chip_licensing,
    entry_probability,
    pool_cover,
    purchase_commitment,
    rent_stream_loss,
    restricted_sales_profit,
    shortfall,
    tariff_welfare,
    time_nodes,
)
from ...economics._checks import NONNEGATIVE, SHARE, Check
from ...economics.disruption import ces_loss, ces_price

__all__ = [
    "REGISTRY",
    "Block",
    "Context",
    "LeverSpec",
    "Param",
    "Structure",
    "lever_specs",
    "parameter_specs",
]

POSITIVE: Check = (lambda x: np.isfinite(x) & (x > 0), "finite and > 0")
RATE: Check = (lambda x: np.isfinite(x) & (x > -1), "a finite rate > -1")
ELASTIC: Check = (lambda x: x > 0, "> 0 (inf allowed)")
MCPF: Check = (lambda x: np.isfinite(x) & (x >= 1), "finite and >= 1")
CHIP_ELASTICITY: Check = (lambda x: np.isfinite(x) & (x > 1), "finite and > 1")


@dataclass(frozen=True)
class Param:
    """A parameter a block reads.

    ``kind`` is ``"number"`` (a sourced figure), ``"table"`` (sourced figures
    by partner player), ``"player"`` (the name of another player) or ``"flow"``
    (the key of one of the player's own import flows).
    """

    name: str
    description: str
    unit: str = ""
    check: Check | None = None
    kind: str = "number"
    required: bool = True
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class LeverSpec:
    """A lever a block defines: its unit, domain and status-quo rule."""

    name: str
    description: str
    unit: str
    check: Check | None = None
    options: tuple[Any, ...] | None = None
    status_quo: Any = 0.0
    """A value; ``"param:<name>"``, the player's parameter of that name (0 without one);
    or ``"figure:<path>"``, the figure at that dotted path."""
    domain: str = ""
    bounds: tuple[float, float] | None = None
    """The whole range of a bounded continuous lever (a share: 0 to 1)."""


@dataclass(frozen=True)
class Flow:
    """A bilateral trade flow: ``importer`` buys from ``exporter``."""

    key: str
    importer: str
    exporter: str
    lever: str | None


@dataclass(frozen=True)
class Structure:
    """What a scenario declares: players, their parameters and levers, and the flows."""

    players: tuple[str, ...]  # player keys in game order
    names: Mapping[str, str]
    parameters: Mapping[str, frozenset[str]]  # player -> parameter names given
    tables: Mapping[str, Mapping[str, tuple[str, ...]]]  # player -> table -> partners
    refs: Mapping[str, Mapping[str, str]]  # player -> player-valued parameter -> player key
    levers: Mapping[str, tuple[str, ...]]  # player -> lever names
    flows: tuple[Flow, ...] = ()

    def suppliers(self) -> list[str]:
        """Players some importer depends on."""
        found = {s for p in self.players for s in self.tables[p].get("dependence", ())}
        return [p for p in self.players if p in found]

    def importers(self) -> list[str]:
        return [p for p in self.players if "dependence" in self.tables[p]]

    def lever_spec(self, player: str, lever: str) -> LeverSpec:
        """The spec of one of ``player``'s levers: a block's, or its flow's tariff."""
        return lever_spec(self.flows, self.names, player, lever)


@dataclass
class Context:
    """One evaluation: parameters and levers as broadcasting arrays, and the payoffs."""

    structure: Structure
    env: Mapping[str, np.ndarray]
    levers: Mapping[str, np.ndarray]
    out: dict[str, Any] = field(default_factory=dict)
    shared: dict[str, Any] = field(default_factory=dict)

    def p(self, path: str) -> np.ndarray:
        return self.env[path]

    def has(self, path: str) -> bool:
        return path in self.env

    def lever(self, player: str, name: str) -> np.ndarray:
        return self.levers[f"{player}.{name}"]

    def add(self, player: str, value: Any) -> None:
        self.out[player] = self.out.get(player, 0.0) + value

    def record(self, name: str, value: Any) -> None:
        """Keep an observable quantity (an import value, a price) for ``outcomes``."""
        self.shared.setdefault("outcomes", {})[name] = value

    def annualise(self) -> np.ndarray:
        """Present value of one unit a year over the horizon (divide a PV by it)."""
        return annuity(self.p("discount_rate"), self.p("horizon"))


@dataclass(frozen=True)
class Block:
    """One payoff block: what it reads, whom it applies to, how it is evaluated."""

    name: str
    description: str
    parameters: tuple[Param, ...]
    player_parameters: tuple[Param, ...]
    applies: Callable[[Structure], list[str]]
    evaluate: Callable[[Context], None]
    levers: tuple[LeverSpec, ...] = ()
    flow_parameters: tuple[Param, ...] = ()
    needs: tuple[str, ...] = ()
    """Blocks that must run first because this one reads what they record."""
    zero_at_status_quo: bool = True
    """Whether the block adds exactly 0 to every payoff at the status-quo setting. A block
    that does not (a subsidy paid at the status quo too) makes the model evaluate the status
    quo and subtract it; the built-in scenarios' tests check the claim."""


# -- shared parameters ----------------------------------------------------------------------
_MCPF = Param("mcpf", "value of a dollar of government revenue or outlay", "ratio", MCPF)
_HORIZON = Param(
    "horizon",
    "years over which payoffs are annualised",
    "years",
    POSITIVE,
    aliases=("horizon_years",),
)
_DURATION = Param("control_duration", "years an export control lasts", "years", NONNEGATIVE)
_DISCOUNT = Param("discount_rate", "annual discount rate", "per year", NONNEGATIVE)
_INPUT_USE = Param(
    "input_use", "annual value of the critical input used", "USD bn per year", NONNEGATIVE
)
_CARRYING = Param(
    "carrying_rate", "annual cost of holding a dollar of stock", "per year", NONNEGATIVE
)


def _share_lever(name: str, description: str) -> LeverSpec:
    """A lever that is a share in [0, 1], 0 at the status quo."""
    return LeverSpec(
        name, description, "share", SHARE, status_quo=0.0, domain="in [0, 1]", bounds=(0.0, 1.0)
    )


def _with_lever(name: str) -> Callable[[Structure], list[str]]:
    return lambda s: [p for p in s.players if name in s.levers[p]]


def _with_param(name: str) -> Callable[[Structure], list[str]]:
    return lambda s: [p for p in s.players if name in s.parameters[p]]


# -- tariffs ----------------------------------------------------------------------------------
def _tariffs(ctx: Context) -> None:
    for flow in ctx.structure.flows:
        rate = ctx.lever(flow.importer, flow.lever) if flow.lever else ctx.p(f"{flow.key}.tariff")
        w = tariff_welfare(
            rate,
            tau0=ctx.p(f"{flow.key}.tariff"),
            eps_d=ctx.p(f"{flow.key}.eps_d"),
            eps_s=ctx.p(f"{flow.key}.eps_s"),
            imports=ctx.p(f"{flow.key}.imports"),
        )
        ctx.add(flow.importer, w.consumer_surplus_change + ctx.p("mcpf") * w.revenue_change)
        ctx.add(flow.exporter, w.exporter_gain)
        imports = ctx.p(f"{flow.key}.imports")
        with np.errstate(divide="ignore", invalid="ignore"):
            ctx.record(
                f"imports_change.{flow.key}",
                np.where(imports > 0, w.import_value / imports - 1.0, 0.0),
            )
        ctx.record(f"exporter_share.{flow.key}", w.exporter_share)


TARIFFS = Block(
    name="tariffs",
    description="incidence and welfare of each bilateral tariff (economics.tariff)",
    parameters=(_MCPF,),
    player_parameters=(),
    applies=lambda s: sorted(
        {p for f in s.flows for p in (f.importer, f.exporter)}, key=s.players.index
    ),
    evaluate=_tariffs,
    flow_parameters=(
        Param(
            "imports",
            "observed imports at the status quo, at exporters' prices",
            "USD bn per year",
            NONNEGATIVE,
        ),
        Param("tariff", "observed (status-quo) tariff", "ad valorem rate", RATE),
        Param(
            "eps_d",
            "importer's demand elasticity for these imports",
            "elasticity",
            (lambda x: np.isfinite(x) & (x > 0), "finite and > 0"),
        ),
        Param("eps_s", "exporters' supply elasticity", "elasticity", ELASTIC),
    ),
)


# -- alliance pool ----------------------------------------------------------------------------
def _pool(ctx: Context) -> None:
    members = _with_lever("alliance")(ctx.structure)
    joined = {p: ctx.lever(p, "alliance") for p in members}  # option index: 1 = join
    use = {p: ctx.p(f"{p}.input_use") for p in members}
    total = sum(joined[p] * use[p] for p in members)
    days = pool_cover(ctx.p("pool_value"), members_use=total)
    cost = ctx.p("carrying_rate") * ctx.p("pool_value") * ctx.p("mcpf")
    with np.errstate(divide="ignore", invalid="ignore"):
        for p in members:
            share = np.where(total > 0, joined[p] * use[p] / total, 0.0)
            ctx.add(p, -cost * share)
            ctx.shared.setdefault("pool_days", {})[p] = joined[p] * days


POOL = Block(
    name="pool",
    description="a rival, cost-shared stockpile: cover = pool / members' use (economics.deals)",
    parameters=(
        Param("pool_value", "value of the shared stock", "USD bn", NONNEGATIVE),
        _CARRYING,
        _MCPF,
    ),
    player_parameters=(_INPUT_USE,),
    applies=_with_lever("alliance"),
    evaluate=_pool,
    levers=(
        LeverSpec(
            "alliance",
            "join the buyers' pool",
            "",
            options=(False, True),
            status_quo=False,
            domain="false or true",
        ),
    ),
)


# -- disruption -------------------------------------------------------------------------------
def _targeted(ctx: Context, supplier: str, importer: str) -> np.ndarray:
    """The supplier's control level towards one importer: min(1, kappa * targeting)."""
    kappa = ctx.lever(supplier, "export_control")
    path = f"{supplier}.control_targeting.{importer}"
    return np.minimum(1.0, kappa * ctx.p(path)) if ctx.has(path) else kappa


def _stock_days(ctx: Context, player: str) -> np.ndarray | float:
    """Private inventories plus the strategic stockpile (the lever, or its status quo)."""
    days: Any = ctx.p(f"{player}.inventory_days") if ctx.has(f"{player}.inventory_days") else 0.0
    if "stockpile_days" in ctx.structure.levers[player]:
        return days + ctx.lever(player, "stockpile_days")
    if ctx.has(f"{player}.baseline_stockpile_days"):
        return days + ctx.p(f"{player}.baseline_stockpile_days")
    return days


def _disruption(ctx: Context) -> None:
    s = ctx.structure
    importers = s.importers()
    end = np.minimum(ctx.p("control_duration"), ctx.p("horizon"))
    t, w = time_nodes(end)
    discount = np.exp(-ctx.p("discount_rate")[..., None] * t)
    pool_days = ctx.shared.get("pool_days", {})
    own: dict[str, np.ndarray] = {}
    for i in importers:
        cut = sum(
            ctx.p(f"{i}.dependence.{j}") * _targeted(ctx, j, i)
            for j in s.tables[i]["dependence"]
            if "export_control" in s.levers[j]
        )
        days = _stock_days(ctx, i) + pool_days.get(i, 0.0)
        lead = ctx.p(f"{i}.lead_time") if ctx.has(f"{i}.lead_time") else ctx.p("lead_time")
        own[i] = shortfall(
            t,
            np.clip(np.asarray(cut, dtype=float), 0.0, 1.0)[..., None],
            stock_years=(np.asarray(days, dtype=float) / 365.0)[..., None],
            lead_time=np.asarray(lead)[..., None],
            duration=np.asarray(ctx.p("control_duration"))[..., None],
        )
    uses = {i: ctx.p(f"{i}.input_use") for i in importers}
    total_use = sum(uses.values())
    with np.errstate(divide="ignore", invalid="ignore"):
        market = sum(uses[i][..., None] * own[i] for i in importers) / total_use[..., None]
        market = np.nan_to_num(market, nan=0.0)
    omega = ctx.p("market_integration")[..., None]
    sigma = np.asarray(ctx.p("sigma"))[..., None]
    ann = ctx.annualise()
    prices, weights = {}, w * discount
    for i in importers:
        gap = np.clip((1.0 - omega) * own[i] + omega * market, 0.0, 1.0)
        y = ctx.p(f"{i}.value_added")
        with np.errstate(divide="ignore", invalid="ignore"):
            alpha = np.where(y > 0, uses[i] / y, 0.0)
        alpha = np.clip(alpha, 0.0, 1.0)[..., None]
        loss = ces_loss(gap, alpha, sigma)
        # output lost, less the payments for the input the importer no longer buys (at its
        # usual price): what is left is the triangle above the usual price, second order
        # for a small cut (Hulten), large when substitution is poor
        ctx.add(i, -np.sum(weights * (y * loss - uses[i][..., None] * gap), axis=-1) / ann)
        prices[i] = ces_price(gap, alpha, sigma)
        with np.errstate(divide="ignore", invalid="ignore"):
            length = np.sum(w, axis=-1)
            ctx.record(
                f"shortfall.{i}", np.where(length > 0, np.sum(w * gap, axis=-1) / length, 0.0)
            )
            ctx.record(
                f"price_multiple.{i}",
                np.where(length > 0, np.sum(w * prices[i], axis=-1) / length, 1.0),
            )
    ctx.shared["market"] = {
        "weights": weights,
        "prices": prices,
        "uses": uses,
        "total_use": total_use,
    }


DISRUPTION = Block(
    name="disruption",
    description="output lost to export controls through a CES technology, with the "
    "loss-minimising release of inventories and stockpiles (economics.disruption)",
    parameters=(
        Param(
            "sigma",
            "short-run elasticity of substitution of the critical input",
            "elasticity",
            (lambda x: x >= 0, ">= 0"),
            aliases=("substitution_elasticity",),
        ),
        Param(
            "lead_time",
            "years until substitutes replace lost supply",
            "years",
            NONNEGATIVE,
            aliases=("T",),
        ),
        Param(
            "market_integration",
            "weight of the common market in each importer's shortfall",
            "share",
            SHARE,
        ),
        _HORIZON,
        _DURATION,
        _DISCOUNT,
    ),
    player_parameters=(
        Param(
            "value_added",
            "annual value added of the sectors that use the input",
            "USD bn per year",
            NONNEGATIVE,
            aliases=("Y",),
        ),
        _INPUT_USE,
        Param(
            "dependence",
            "share of the input bought from each supplier",
            "share",
            SHARE,
            kind="table",
            aliases=("q",),
        ),
        Param(
            "inventory_days",
            "private inventories, days of use",
            "days",
            NONNEGATIVE,
            required=False,
        ),
        Param(
            "baseline_stockpile_days",
            "strategic stockpile at the status quo, days of use (the stockpile_days lever's "
            "status quo)",
            "days",
            NONNEGATIVE,
            required=False,
            aliases=("S",),
        ),
        Param(
            "lead_time",
            "this importer's substitution lead time",
            "years",
            NONNEGATIVE,
            required=False,
            aliases=("T",),
        ),
    ),
    applies=lambda s: s.importers(),
    evaluate=_disruption,
    levers=(
        LeverSpec(
            "stockpile_days",
            "strategic stockpile, days of use",
            "days",
            NONNEGATIVE,
            status_quo="param:baseline_stockpile_days",
            domain=">= 0",
        ),
    ),
)


# -- stockpile carrying cost ------------------------------------------------------------------
def _stockpiles(ctx: Context) -> None:
    for p in _with_lever("stockpile_days")(ctx.structure):
        path = f"{p}.baseline_stockpile_days"
        base = ctx.p(path) if ctx.has(path) else 0.0
        extra = ctx.lever(p, "stockpile_days") - base
        value = extra / 365.0 * ctx.p(f"{p}.input_use")
        ctx.add(p, -value * ctx.p("carrying_rate") * ctx.p("mcpf"))


STOCKPILES = Block(
    name="stockpiles",
    description="carrying cost of a strategic stockpile above the status quo",
    parameters=(_CARRYING, _MCPF),
    player_parameters=(_INPUT_USE,),
    applies=_with_lever("stockpile_days"),
    evaluate=_stockpiles,
)


# -- the restricting supplier -----------------------------------------------------------------
def _supplier(ctx: Context) -> None:
    s = ctx.structure
    market = ctx.shared["market"]
    ann = ctx.annualise()
    capture = ctx.p("price_capture")[..., None]
    for j in s.suppliers():
        if "export_control" not in s.levers[j]:
            continue
        cost = ctx.p(f"{j}.unit_cost")[..., None]
        baseline, withheld = 0.0, 0.0
        for i in s.importers():
            if j not in s.tables[i]["dependence"]:
                continue
            sales = ctx.p(f"{i}.dependence.{j}") * market["uses"][i]
            kappa = _targeted(ctx, j, i)[..., None]
            price = 1.0 + capture * (market["prices"][i] - 1.0)
            profit = restricted_sales_profit(kappa, price, unit_cost=cost)
            with np.errstate(invalid="ignore"):
                transfer = np.where(kappa < 1, (1.0 - kappa) * (price - 1.0), 0.0)
            ctx.add(j, sales * np.sum(market["weights"] * profit, axis=-1) / ann)
            ctx.add(i, -sales * np.sum(market["weights"] * transfer, axis=-1) / ann)
            baseline = baseline + sales
            withheld = withheld + sales * kappa[..., 0]
        with np.errstate(divide="ignore", invalid="ignore"):
            ctx.record(
                f"exports_change.{j}", np.where(np.asarray(baseline) > 0, -withheld / baseline, 0.0)
            )
        kappa = ctx.lever(j, "export_control")
        chance = entry_probability(
            kappa, entry_hazard=ctx.p("entry_hazard"), duration=ctx.p("control_duration")
        )
        lost = rent_stream_loss(
            chance,
            rents=ctx.p(f"{j}.rents"),
            rent_share_lost=ctx.p("rent_share_lost"),
            entry_lead_time=ctx.p("entry_lead_time"),
            rent_years=np.maximum(ctx.p("horizon") - ctx.p("entry_lead_time"), 0.0),
            discount_rate=ctx.p("discount_rate"),
        )
        ctx.add(j, -lost / ann)
        ctx.record(f"entry_probability.{j}", chance)


SUPPLIER = Block(
    name="supplier",
    description="the restricting supplier sells the rest at the residual-demand price and "
    "risks losing rents to induced entry (economics.supplier)",
    parameters=(
        Param(
            "price_capture",
            "share of the scarcity premium the restricting supplier earns",
            "share",
            SHARE,
        ),
        Param(
            "entry_hazard", "rivals' entry hazard per year of full control", "per year", NONNEGATIVE
        ),
        Param("rent_share_lost", "share of dominance rents entrants take", "share", SHARE),
        Param("entry_lead_time", "years until entrants' capacity arrives", "years", NONNEGATIVE),
        _HORIZON,
        _DURATION,
        _DISCOUNT,
    ),
    player_parameters=(
        Param("unit_cost", "unit cost per dollar of baseline sales", "share", SHARE),
        Param("rents", "annual rents from market dominance", "USD bn per year", NONNEGATIVE),
        Param(
            "control_targeting",
            "control intensity towards an importer relative to the lever (table by importer)",
            "ratio",
            NONNEGATIVE,
            kind="table",
            required=False,
        ),
    ),
    applies=lambda s: [p for p in s.suppliers() if "export_control" in s.levers[p]],
    evaluate=_supplier,
    levers=(_share_lever("export_control", "share of exports withheld (control level kappa)"),),
)


# -- a rival supplier (sells at the scarcity price) -------------------------------------------
def _rival(ctx: Context) -> None:
    market = ctx.shared.get("market")
    if market is None:
        return
    ann = ctx.annualise()
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = sum(market["uses"][i][..., None] * market["prices"][i] for i in market["prices"])
        mean = np.nan_to_num(mean / market["total_use"][..., None], nan=1.0)
        premium = (
            np.sum(market["weights"] * np.where(np.isfinite(mean), mean - 1.0, 0.0), axis=-1) / ann
        )
    for r in _with_param("input_exports")(ctx.structure):
        gain = ctx.p(f"{r}.input_exports") * premium
        ctx.add(r, gain)
        for i, use in market["uses"].items():
            with np.errstate(divide="ignore", invalid="ignore"):
                share = np.nan_to_num(use / market["total_use"], nan=0.0)
            ctx.add(i, -gain * share)


RIVAL = Block(
    name="rival_supply",
    description="a rival supplier's exports sell at the scarcity price the controls create",
    parameters=(),
    player_parameters=(
        Param(
            "input_exports", "annual exports of the critical input", "USD bn per year", NONNEGATIVE
        ),
    ),
    applies=lambda s: _with_param("input_exports")(s) if s.importers() else [],
    evaluate=_rival,
)


# -- chip licensing ---------------------------------------------------------------------------
def _chips(ctx: Context) -> None:
    for p in _with_lever("chips")(ctx.structure):
        share = ctx.lever(p, "revenue_share") if "revenue_share" in ctx.structure.levers[p] else 0.0
        terms = chip_licensing(
            ctx.lever(p, "chips"),  # option index: 1 = licensed
            sales=ctx.p("chip_sales"),
            revenue_share=share,
            margin=ctx.p("chip_margin"),
            demand_elasticity=ctx.p("chip_demand_elasticity"),
            security_cost=ctx.p("chip_security_cost"),
            mcpf=ctx.p("mcpf"),
        )
        ctx.add(p, terms.exporter_gain)
        ctx.add(ctx.structure.refs[p]["chip_buyer"], terms.importer_gain)


CHIPS = Block(
    name="chips",
    description="chip-export licensing with a revenue share (economics.deals)",
    parameters=(
        Param(
            "chip_sales", "unrestricted annual chip sales at stake", "USD bn per year", NONNEGATIVE
        ),
        Param("chip_margin", "exporters' profit per dollar of sales", "share", SHARE),
        Param(
            "chip_demand_elasticity",
            "buyers' price elasticity of demand",
            "elasticity",
            CHIP_ELASTICITY,
        ),
        Param(
            "chip_security_cost",
            "exporter's security cost per dollar sold",
            "per dollar",
            NONNEGATIVE,
        ),
        _MCPF,
    ),
    player_parameters=(Param("chip_buyer", "the player buying the chips", kind="player"),),
    applies=_with_lever("chips"),
    evaluate=_chips,
    levers=(
        LeverSpec(
            "chips",
            "chip exports banned or licensed",
            "",
            options=("banned", "licensed"),
            status_quo="licensed",
            domain='"banned" or "licensed"',
        ),
        _share_lever("revenue_share", "share of licensed chip revenue paid to the government"),
    ),
)


# -- purchase commitments ---------------------------------------------------------------------
def _purchase_commitments(ctx: Context) -> None:
    flows = {f.key: f for f in ctx.structure.flows}
    for p in _with_lever("purchases")(ctx.structure):
        flow = flows[ctx.structure.refs[p]["purchases_flow"]]
        # a pledge is a minimum on the flow: only what the tariffs would not bring is extra
        imports = ctx.p(f"{flow.key}.imports")
        trade = imports * (1.0 + ctx.shared["outcomes"][f"imports_change.{flow.key}"])
        extra = np.maximum(ctx.lever(p, "purchases") - trade, 0.0)
        gain, cost = purchase_commitment(
            extra,
            producer_margin=ctx.p("producer_margin"),
            buyer_premium=ctx.p("buyer_premium"),
        )
        ctx.add(p, -cost)
        ctx.add(flow.exporter, gain)


PURCHASES = Block(
    name="purchases",
    description="a purchase pledge as a minimum on a trade flow: the seller's margin and the "
    "buyer's premium on what the flow would not bring anyway (economics.deals)",
    parameters=(
        Param(
            "producer_margin", "sellers' surplus per dollar of committed purchases", "share", SHARE
        ),
        Param(
            "buyer_premium",
            "buyer's premium over its cheapest alternative, per dollar",
            "per dollar",
            NONNEGATIVE,
        ),
    ),
    player_parameters=(
        Param("purchases_flow", "the trade flow the pledge tops up (a flow key)", kind="flow"),
    ),
    applies=_with_lever("purchases"),
    evaluate=_purchase_commitments,
    needs=("tariffs",),
    levers=(
        LeverSpec(
            "purchases",
            "pledged purchases a year (a minimum on the flow's import value)",
            "USD bn per year",
            NONNEGATIVE,
            status_quo=0.0,
            domain=">= 0",
        ),
    ),
)


# -- price floor ------------------------------------------------------------------------------
def _floor(ctx: Context) -> None:
    s = ctx.structure
    controls = [
        ctx.lever(j, "export_control") for j in s.players if "export_control" in s.levers[j]
    ]
    kappa = np.maximum.reduce(np.broadcast_arrays(*controls)) if controls else 0.0
    r, h = ctx.p("discount_rate"), ctx.p("horizon")
    end = np.minimum(ctx.p("control_duration"), h)
    during = annuity(r, end)
    after = ctx.annualise() - during
    market = ctx.p("market_price")
    gap_on = np.maximum(
        0.0, ctx.p("floor_price") - market * (1.0 + ctx.p("price_response") * kappa)
    )
    gap_off = np.maximum(0.0, ctx.p("floor_price") - market)
    for p in _with_param("floor_volume")(s):
        tonnes = ctx.p(f"{p}.floor_volume")
        present = tonnes * 1e-6 * (gap_on * during + gap_off * after)  # t x USD/kg -> USD bn
        # the subsidy goes to a domestic producer: the country loses only its excess burden
        ctx.add(p, -(ctx.p("mcpf") - 1.0) * present / ctx.annualise())


FLOOR = Block(
    name="price_floor",
    description="excess burden of the subsidy holding a price floor for a domestic producer "
    "(e.g. NdPr at USD 110/kg)",
    parameters=(
        Param("floor_price", "guaranteed price", "USD/kg", NONNEGATIVE),
        Param("market_price", "market price without controls", "USD/kg", NONNEGATIVE),
        Param(
            "price_response",
            "relative rise of the market price at full control",
            "per unit control",
            NONNEGATIVE,
        ),
        _MCPF,
        _HORIZON,
        _DURATION,
        _DISCOUNT,
    ),
    player_parameters=(
        Param("floor_volume", "tonnes a year covered by the floor", "t per year", NONNEGATIVE),
    ),
    applies=_with_param("floor_volume"),
    evaluate=_floor,
    zero_at_status_quo=False,  # the floor costs something without controls too
)


REGISTRY: tuple[Block, ...] = (
    TARIFFS,
    POOL,
    DISRUPTION,
    STOCKPILES,
    SUPPLIER,
    RIVAL,
    CHIPS,
    PURCHASES,
    FLOOR,
)
"""Every block of the trade model, in evaluation order (the pool before the disruption it
cushions, the disruption before the supplier that prices it)."""


def lever_spec(
    flows: Sequence[Flow], names: Mapping[str, str], player: str, lever: str
) -> LeverSpec:
    """The spec of ``player``'s lever ``lever``: its flow's tariff, or the block's lever."""
    for flow in flows:
        if flow.importer == player and flow.lever == lever:
            return LeverSpec(
                lever,
                f"{names[player]}'s tariff on imports from {names[flow.exporter]} ({flow.key})",
                "ad valorem rate",
                RATE,
                status_quo=f"figure:{flow.key}.tariff",
                domain="a finite rate > -1",
            )
    return lever_specs()[lever]


def parameter_specs(kind: str) -> dict[str, Param]:
    """Every declared parameter of one kind (``"global"``, ``"player"``, ``"flow"``) by name."""
    attr = {"global": "parameters", "player": "player_parameters", "flow": "flow_parameters"}[kind]
    out: dict[str, Param] = {}
    for block in REGISTRY:
        for param in getattr(block, attr):
            out.setdefault(param.name, param)
    return out


def lever_specs() -> dict[str, LeverSpec]:
    """Every lever the blocks define, by name."""
    return {lever.name: lever for block in REGISTRY for lever in block.levers}
