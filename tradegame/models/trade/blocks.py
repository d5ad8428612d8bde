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

import math
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
    time_nodes,
)
from ...economics._checks import NONNEGATIVE, SHARE, Check, checked
from ...economics.disruption import cap_end, cap_level, ces_loss_price, missing_share
from ...economics.supplier import restricted_sales_sums
from ...economics.tariff import tariff_terms

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
    observe: bool = True
    """Whether to record the observables only :meth:`TradeModel.outcomes` reads (the mean
    shortfalls and prices); payoffs do not need them."""

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
        imports = ctx.p(f"{flow.key}.imports")
        consumer, revenue_change, producer, value, share = tariff_terms(
            rate,
            ctx.p(f"{flow.key}.tariff"),
            ctx.p(f"{flow.key}.eps_d"),
            ctx.p(f"{flow.key}.eps_s"),
            imports,
        )
        ctx.add(flow.importer, consumer + ctx.p("mcpf") * revenue_change)
        ctx.add(flow.exporter, producer)
        ctx.shared.setdefault("import_value", {})[flow.key] = value
        if ctx.observe:
            with np.errstate(divide="ignore", invalid="ignore"):
                ctx.record(
                    f"imports_change.{flow.key}",
                    np.where(imports > 0, value / imports - 1.0, 0.0),
                )
            ctx.record(f"exporter_share.{flow.key}", share)


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


_CHUNK = 32_768
"""Node values per array that the disruption block evaluates at once (256 KiB): the two
dozen passes over each block then stay in the processor's cache."""


@dataclass(frozen=True)
class _Shortfalls:
    """The disruption block's inputs, per row: arrays in shapes that broadcast together."""

    importers: list[str]
    end: np.ndarray  # the control's end within the horizon
    duration: np.ndarray
    rate: np.ndarray
    omega: np.ndarray
    sigma: np.ndarray
    total_use: np.ndarray
    cuts: dict[str, np.ndarray]
    caps: dict[str, np.ndarray]
    leads: dict[str, np.ndarray]
    uses: dict[str, np.ndarray]
    value_added: dict[str, np.ndarray]
    alpha: dict[str, np.ndarray]
    early: list[np.ndarray]
    """Lead times that fall before some control's end: kinks of the paths too."""


def _shortfall_inputs(ctx: Context) -> _Shortfalls:
    s = ctx.structure
    importers = s.importers()
    duration = np.asarray(ctx.p("control_duration"), dtype=float)
    end = np.minimum(duration, ctx.p("horizon"))
    pool_days = ctx.shared.get("pool_days", {})
    cuts, caps, leads = {}, {}, {}
    for i in importers:
        cut = sum(
            ctx.p(f"{i}.dependence.{j}") * _targeted(ctx, j, i)
            for j in s.tables[i]["dependence"]
            if "export_control" in s.levers[j]
        )
        days = _stock_days(ctx, i) + pool_days.get(i, 0.0)
        lead = ctx.p(f"{i}.lead_time") if ctx.has(f"{i}.lead_time") else ctx.p("lead_time")
        cuts[i] = np.clip(np.asarray(cut, dtype=float), 0.0, 1.0)
        leads[i] = np.asarray(lead, dtype=float)
        # the cut, lead time and duration are checked where they are set; a sum of stocks
        # can still overflow
        stock = checked("stock_years", np.asarray(days, dtype=float) / 365.0, NONNEGATIVE)
        caps[i] = cap_level(cuts[i], stock, leads[i], duration)
    uses = {i: np.asarray(ctx.p(f"{i}.input_use"), dtype=float) for i in importers}
    value_added = {i: np.asarray(ctx.p(f"{i}.value_added"), dtype=float) for i in importers}
    alpha = {}
    for i in importers:
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(value_added[i] > 0, uses[i] / value_added[i], 0.0)
        alpha[i] = np.clip(share, 0.0, 1.0)
    distinct = {id(a): a for a in leads.values()}.values()
    return _Shortfalls(
        importers=importers,
        end=end,
        duration=duration,
        rate=np.asarray(ctx.p("discount_rate"), dtype=float),
        omega=np.asarray(ctx.p("market_integration"), dtype=float),
        sigma=np.asarray(ctx.p("sigma"), dtype=float),
        total_use=np.asarray(sum(uses.values())),
        cuts=cuts,
        caps=caps,
        leads=leads,
        uses=uses,
        value_added=value_added,
        alpha=alpha,
        early=[a for a in distinct if np.any(a < end)],
    )


def _disruption(ctx: Context) -> None:
    x = _shortfall_inputs(ctx)
    importers = x.importers
    # the shapes the records keep: what the shortfall and the price depend on
    gap_shape = np.broadcast_shapes(
        x.end.shape,
        x.duration.shape,
        x.total_use.shape,
        x.omega.shape,
        *(a[i].shape for i in importers for a in (x.cuts, x.caps, x.leads, x.uses)),
    )
    price_shape = {
        i: np.broadcast_shapes(gap_shape, x.alpha[i].shape, x.sigma.shape) for i in importers
    }
    rows = np.broadcast_shapes(
        x.rate.shape, *price_shape.values(), *(x.value_added[i].shape for i in importers)
    )
    # rows where no importer's supply is cut have no shortfall (loss 0, price multiple 1)
    # and the time rule's weights of a path without kinks
    idle = np.broadcast_to(~sum(x.cuts[i] > 0 for i in importers).astype(bool), rows)
    base = np.broadcast_to(x.end, np.broadcast_shapes(x.end.shape, x.rate.shape))
    t, w = _rule(base, [np.zeros(())] * len(importers) + x.early)
    sums: dict[str, Any] = {"weight": np.empty(rows), "length": np.empty(rows)}
    sums["weight"][...] = _node_sum(w * np.exp(-x.rate * t))
    sums["length"][...] = _node_sum(w)
    for name in ("paid", "excess") + (("gap", "price") if ctx.observe else ()):
        sums[name] = {i: np.zeros(rows) for i in importers}
    for i in sums.get("price", {}):
        sums["price"][i][...] = sums["length"]
    sums["premium"] = np.zeros(rows) if _rival_applies(ctx.structure) else None
    held: Any = None
    for at in _blocks(idle, 4):  # most rows need one piece of 4 nodes (_shortfall_block)
        # the previous block's arrays are let go only after this block has made its own: the
        # freed memory is then reused rather than handed back to the system and faulted in
        # again for every block
        held = _shortfall_block(x, at, rows, sums)
    del held
    ann = ctx.annualise()
    for i in importers:
        ctx.add(i, -sums["paid"][i] / ann)
    length = sums["length"]
    for i in sums.get("gap", {}):
        with np.errstate(divide="ignore", invalid="ignore"):
            mean_gap = _fit(sums["gap"][i] / length, gap_shape)
            mean_price = _fit(sums["price"][i] / length, price_shape[i])
            ctx.record(f"shortfall.{i}", np.where(_fit(length > 0, gap_shape), mean_gap, 0.0))
            ctx.record(
                f"price_multiple.{i}",
                np.where(_fit(length > 0, price_shape[i]), mean_price, 1.0),
            )
    ctx.shared["market"] = {
        "weight": sums["weight"],
        "excess": sums["excess"],
        "premium": sums["premium"],
        "uses": x.uses,
        "total_use": x.total_use,
    }


@dataclass(frozen=True)
class _Rows:
    """The per-row inputs of some rows of a block, each a 1-d array (one value per row)."""

    end: np.ndarray
    stop: np.ndarray
    rate: np.ndarray
    mix: np.ndarray
    sig: np.ndarray
    total: np.ndarray
    early: list[np.ndarray]
    cut: dict[str, np.ndarray]
    cap: dict[str, np.ndarray]
    lead: dict[str, np.ndarray]
    use: dict[str, np.ndarray]
    alpha: dict[str, np.ndarray]
    value_added: dict[str, np.ndarray]

    def take(self, index: np.ndarray) -> _Rows:
        """The rows ``index``."""

        def pick(value: Any) -> Any:
            if isinstance(value, list):
                return [a[index] for a in value]
            if isinstance(value, dict):
                return {i: a[index] for i, a in value.items()}
            return value[index]

        return _Rows(**{name: pick(value) for name, value in vars(self).items()})


def _shortfall_block(
    x: _Shortfalls, at: tuple[slice, ...], rows: tuple[int, ...], sums: dict[str, Any]
) -> list[np.ndarray]:
    """Evaluate one block of rows and write its sums over time into ``sums``.

    Each shortfall path is linear between its kinks, when the released stock stops holding
    it at its cap and when substitutes have fully arrived, so the time integrals use a Gauss
    rule on each piece between them (:func:`~tradegame.economics.time_nodes`). Most rows
    have no kink inside the control's window (the cap holds throughout, or never binds):
    they are evaluated apart, with the one piece. Returns the block's largest arrays (see
    :func:`_disruption`).
    """
    shape = _block_shape(rows, at)
    nd = len(rows)

    def flat(a: np.ndarray) -> np.ndarray:
        return np.broadcast_to(_sub(a, at, nd), shape).reshape(-1)

    importers = x.importers
    block = _Rows(
        end=flat(x.end),
        stop=flat(x.duration),
        rate=flat(x.rate),
        mix=flat(x.omega),
        sig=flat(x.sigma),
        total=flat(x.total_use),
        early=[flat(a) for a in x.early],
        cut={i: flat(x.cuts[i]) for i in importers},
        cap={i: flat(x.caps[i]) for i in importers},
        lead={i: flat(x.leads[i]) for i in importers},
        use={i: flat(x.uses[i]) for i in importers},
        alpha={i: flat(x.alpha[i]) for i in importers},
        value_added={i: flat(x.value_added[i]) for i in importers},
    )
    kinks = [cap_end(block.cut[i], block.cap[i], block.lead[i]) for i in importers]
    kinks += block.early
    inside = sum((k > 0) & (k < block.end) for k in kinks).astype(bool)
    out: dict[str, Any] = {}
    held: list[np.ndarray] = []
    for part, breaks in ((~inside, []), (inside, kinks)):
        if not part.any():
            continue
        index = None if part.all() else np.flatnonzero(part)
        some = block if index is None else block.take(index)
        if index is not None:
            breaks = [k[index] for k in breaks]
        found, arrays = _shortfall_sums(some, breaks, importers, x.leads, sums)
        held += arrays
        for name, value in found.items():
            if index is None:
                out[name] = value
            else:
                out.setdefault(name, np.empty(part.size))[index] = value
    for name, value in out.items():
        target, _, i = name.partition(".")
        (sums[target][i] if i else sums[target])[at] = value.reshape(shape)
    return held


def _shortfall_sums(
    v: _Rows,
    kinks: list[np.ndarray],
    importers: list[str],
    leads: dict[str, np.ndarray],
    sums: dict[str, Any],
) -> tuple[dict[str, np.ndarray], list[np.ndarray]]:
    """The sums over time for the rows ``v`` (named as in ``sums``, ``"paid.<importer>"``)
    under the Gauss rule between ``kinks``, and the largest arrays made.

    The nodes run along a first axis and the rows along a second, so every array is
    contiguous and every per-row value broadcasts along it.
    """
    t, w = _rule(v.end, kinks)
    weights = w * np.exp(-v.rate * t)
    out = {"weight": _node_sum(weights)}
    observe = "gap" in sums
    if observe:
        out["length"] = _node_sum(w)

    def priced(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Sums over the nodes of a price-like ``a`` (infinite where nothing is left) times
        ``b``, without the nodes of empty panels (weight 0, at ``end / 2 > 0``): 0 * inf
        there would turn an infinite sum into NaN."""
        total = _node_sum(a, b)
        if not np.isfinite(total).all():
            total = _node_sum(np.where((w == 0) & (t > 0), 0.0, a), b)
        return total

    # the shortfall paths: the cut still missing, capped by the stock's release
    missing = {id(leads[i]): missing_share(t, v.lead[i], v.stop) for i in importers}
    own = {}
    for i in importers:
        own[i] = missing[id(leads[i])] * v.cut[i]
        np.minimum(own[i], v.cap[i], out=own[i])
    # the common market's shortfall, weighted by use, enters each importer's with weight mix
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = {i: np.where(v.total > 0, v.mix * v.use[i] / v.total, 0.0) for i in importers}
    market: Any = 0
    for i in importers:
        market = market + shares[i] * own[i]
    premium = sums["premium"] is not None
    spent: Any = 0
    for i in importers:
        gap = (1.0 - v.mix) * own[i]
        gap += market
        np.minimum(gap, 1.0, out=gap)  # rounding; no term is negative
        loss, price = ces_loss_price(gap, v.alpha[i], v.sig)
        # output lost, less the payments for the input the importer no longer buys (at its
        # usual price): what is left is the triangle above the usual price, second order
        # for a small cut (Hulten), large when substitution is poor
        lost = _node_sum(loss, weights) * v.value_added[i]
        out[f"paid.{i}"] = lost - _node_sum(gap, weights) * v.use[i]
        if observe:
            out[f"gap.{i}"] = _node_sum(gap, w)
            out[f"price.{i}"] = priced(price, w)
        if premium:
            spent = spent + v.use[i] * price
        price -= 1.0
        out[f"excess.{i}"] = priced(price, weights)
    if premium:
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = spent / v.total
        if not np.isfinite(mean).all():
            mean = np.nan_to_num(mean, nan=1.0)
        mean -= 1.0
        out["premium"] = priced(mean, weights)
    return out, [t, w, weights, *own.values(), gap, loss, price]


def _rule(end: np.ndarray, kinks: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """:func:`time_nodes` with the nodes along a first axis (the block's layout)."""
    return time_nodes(end, kinks, axis=0)


def _node_sum(a: np.ndarray, b: np.ndarray | None = None) -> np.ndarray:
    """Sums over the nodes (the first axis) of ``a``, or of ``a * b``."""
    if b is None:
        return np.sum(a, axis=0)
    return np.einsum("i...,i...->...", a, b)


def _block_shape(rows: tuple[int, ...], at: tuple[slice, ...]) -> tuple[int, ...]:
    """The shape of the block ``at`` of an array of shape ``rows``."""
    return tuple(len(range(*at[k].indices(n))) if k < len(at) else n for k, n in enumerate(rows))


def _blocks(idle: np.ndarray, nodes: int) -> list[tuple[slice, ...]]:
    """Blocks of rows to evaluate at once, as slices of the first axes of the row shape.

    The first axis is cut into runs of about :data:`_CHUNK` node values. Along the
    other axis with the most indices whose rows are all ``idle`` (a strategy with
    no control), only the runs of indices that are not are kept.
    """
    nd = idle.ndim
    if nd == 0:
        return [] if idle else [()]
    keep: list[slice] = [slice(None)]
    axis, best = 0, 0
    for k in range(1, nd):
        busy = ~idle.all(axis=tuple(j for j in range(nd) if j != k))
        if busy.size - busy.sum() > best:
            axis, best = k, int(busy.size - busy.sum())
            keep = [slice(int(a), int(b)) for a, b in zip(*_runs(busy), strict=True)]
    share = 1.0 if axis == 0 else (idle.shape[axis] - best) / idle.shape[axis]
    cells = max(1.0, math.prod(idle.shape[1:]) * nodes * share)
    step = max(1, int(_CHUNK // cells))
    lead = (slice(None),) * (axis - 1)
    return [
        (slice(lo, lo + step), *lead, part) if axis else (slice(lo, lo + step),)
        for lo in range(0, idle.shape[0], step)
        for part in keep
    ]


def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Starts and ends of the runs of True in a 1-d boolean array."""
    edges = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)


def _sub(a: np.ndarray, at: tuple[slice, ...], nd: int) -> np.ndarray:
    """The part of ``a`` (right-aligned to ``nd`` axes) in the block ``at``."""
    a = np.asarray(a)
    offset = nd - a.ndim
    index = [slice(None)] * a.ndim
    for k, part in enumerate(at):
        if k >= offset and a.shape[k - offset] != 1:
            index[k - offset] = part
    return a[tuple(index)]


def _fit(a: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """``a`` (computed at a broadcast shape) at ``shape``, the shape it depends on."""
    lead = a.ndim - len(shape)
    index = (0,) * lead + tuple(
        slice(None) if n == a.shape[lead + k] else slice(0, 1) for k, n in enumerate(shape)
    )
    return a[index]


def _rival_applies(s: Structure) -> bool:
    """Whether the rival-supply block runs: the disruption block then prices its sales."""
    return bool(RIVAL.applies(s))


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
    capture = ctx.p("price_capture")
    for j in s.suppliers():
        if "export_control" not in s.levers[j]:
            continue
        cost = ctx.p(f"{j}.unit_cost")
        baseline, withheld = 0.0, 0.0
        for i in s.importers():
            if j not in s.tables[i]["dependence"]:
                continue
            sales = ctx.p(f"{i}.dependence.{j}") * market["uses"][i]
            kappa = _targeted(ctx, j, i)
            # the price is 1 + capture (m - 1) at each node, so the sums over time need only
            # the sum of the price multiple's excess over 1 (the disruption block's)
            profit, transfer = restricted_sales_sums(
                kappa,
                market["excess"][i],
                market["weight"],
                price_capture=capture,
                unit_cost=cost,
            )
            ctx.add(j, sales * profit / ann)
            ctx.add(i, -sales * transfer / ann)
            baseline = baseline + sales
            withheld = withheld + sales * kappa
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
    # the disruption block sums the use-weighted mean price's excess over time
    premium = market["premium"] / ctx.annualise()
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
        trade = ctx.shared["import_value"][flow.key]
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
