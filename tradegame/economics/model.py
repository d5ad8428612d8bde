"""The trade model: assembles payoff tensors from the blocks, batched over parameter points.

A scenario using ``model = "trade-model"`` is compiled into a :class:`TradeModel`:
every number (model-wide parameters, player parameters, the lever values of
each strategy) becomes a named, sourced :class:`~tradegame.calibration.Figure`
under a dotted path such as ``eps_d``, ``india.stockpile_days``,
``us.imports.china`` or ``china.april_2025_licensing.export_control``.
:meth:`TradeModel.payoffs` evaluates all players' payoffs at all profiles for a
batch of parameter points in one vectorized pass: each quantity carries a
leading batch axis and one axis per player, singleton where it does not
depend on that player's strategy, and the blocks broadcast.

For player ``i`` at a profile, the payoff (USD bn per year, change from free
trade without controls) is the sum of

* tariff block: importer gain on each partner it taxes, minus the exporter
  loss from each partner's tariff on it;
* disruption block: minus the output lost to each supplier's export controls,
  given its dependence, stockpile (own plus any alliance pool) and lead time;
* supplier block: minus lost export revenue and expected rent loss, for a
  player that controls exports;
* deal terms: chip licensing, purchase commitments, stockpile carrying costs,
  its share of an alliance pool's cost, and a price-floor subsidy.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .. import limits
from ..calibration import Figure
from ..errors import ParameterError
from ._checks import NONNEGATIVE, SHARE, as_array, require
from .deals import (
    alliance_pooling,
    chip_licensing,
    price_floor_cost,
    purchase_commitment,
    stockpile_carrying_cost,
)
from .disruption import disruption_cost
from .supplier import supplier_loss
from .tariff import tariff_welfare

__all__ = [
    "GLOBAL_PARAMETERS",
    "LEVERS",
    "LEVER_ALIASES",
    "LEVER_CHECKS",
    "PLAYER_PARAMETERS",
    "PlayerSpec",
    "TradeModel",
]

# name: (aliases, check, expectation, description)
_POS = (lambda v: np.isfinite(v) & (v > 0), "finite and > 0")

GLOBAL_PARAMETERS: dict[str, tuple[tuple[str, ...], Any, str, str]] = {
    "eps_d": (
        ("import_demand_elasticity",),
        lambda v: np.isfinite(v) & (v > 1),
        "> 1 (elastic import demand)",
        "import demand elasticity",
    ),
    "eps_s": (
        ("export_supply_elasticity",),
        lambda v: v > 0,
        "> 0 (inf allowed)",
        "foreign export-supply elasticity",
    ),
    "cost_share": (("alpha",), *SHARE, "critical input's cost share in exposed output"),
    "sigma": (
        ("substitution_elasticity",),
        lambda v: v >= 0,
        ">= 0",
        "short-run substitution elasticity",
    ),
    "lead_time": (("T",), *NONNEGATIVE, "years until substitutes replace the lost supply"),
    "horizon": (("horizon_years",), *_POS, "years over which losses are counted"),
    "discount_rate": ((), *NONNEGATIVE, "annual discount rate"),
    "entry_hazard": ((), *NONNEGATIVE, "rivals' entry hazard per year at full control"),
    "rent_share_lost": ((), *SHARE, "share of dominance rents lost after entry"),
    "entry_lead_time": ((), *NONNEGATIVE, "years for rivals' capacity to arrive"),
    "control_duration": ((), *NONNEGATIVE, "expected years a restriction lasts"),
    "chip_sales": ((), *NONNEGATIVE, "annual chip sales at stake"),
    "revenue_share": ((), *SHARE, "revenue share paid to the licensing government"),
    "chip_margin": ((), *SHARE, "chip exporters' profit margin"),
    "chip_importer_surplus": ((), *NONNEGATIVE, "chip buyers' surplus per dollar"),
    "chip_security_cost": ((), *NONNEGATIVE, "exporter's security cost per dollar of chips sold"),
    "mcpf": (
        (),
        lambda v: np.isfinite(v) & (v >= 1),
        "finite and >= 1",
        "marginal cost of public funds",
    ),
    "producer_margin": ((), *SHARE, "sellers' surplus per dollar of committed purchases"),
    "buyer_premium": ((), *NONNEGATIVE, "buyer's premium per dollar of committed purchases"),
    "carrying_rate": ((), *NONNEGATIVE, "annual carrying cost per dollar of stockpile"),
    "vault_days": (
        ("pooled_days",),
        *NONNEGATIVE,
        "days of cover of a fully subscribed alliance pool",
    ),
    "vault_capital": ((), *NONNEGATIVE, "capital of a fully subscribed alliance pool"),
    "floor_price": ((), *NONNEGATIVE, "price floor (USD/kg)"),
    "market_price": ((), *NONNEGATIVE, "ex-China market price without controls (USD/kg)"),
    "price_response": ((), *NONNEGATIVE, "relative price rise at full control"),
}

PLAYER_PARAMETERS: dict[str, tuple[tuple[str, ...], Any, str, str]] = {
    "exposed_output": (("Y",), *NONNEGATIVE, "annual output that needs the critical input"),
    "dependence": (("q",), *SHARE, "share of the input from each supplier (table by supplier)"),
    "stockpile_days": (("S",), *NONNEGATIVE, "baseline stockpile cover in days"),
    "lead_time": (("T",), *NONNEGATIVE, "this player's substitution lead time"),
    "imports": ((), *NONNEGATIVE, "imports from each partner (table by partner)"),
    "tariff": (
        (),
        lambda v: np.isfinite(v) & (v > -1),
        "a finite rate > -1",
        "fixed tariff on each partner (table by partner)",
    ),
    "controlled_exports": ((), *NONNEGATIVE, "exports of the controlled goods"),
    "rents": ((), *NONNEGATIVE, "annual rents from market dominance"),
    "floor_volume": ((), *NONNEGATIVE, "tonnes a year covered by a price floor this player pays"),
}
TABLE_PARAMETERS = {"dependence", "imports", "tariff"}

LEVERS: dict[str, str] = {
    "export_control": "control level kappa in [0, 1]",
    "tariff": "table of tariff rates by partner",
    "chips": '"banned" or "licensed"',
    "revenue_share": "revenue share on licensed chips, in [0, 1]",
    "stockpile_days": "stockpile cover in days",
    "alliance": "true to join the buyers' club",
    "purchases": "table of committed purchases by partner",
}
LEVER_ALIASES = {"kappa": "export_control"}
"""Short symbols accepted for levers in scenario files (``kappa``, the control level)."""
TABLE_LEVERS = frozenset({"tariff", "purchases"})
LEVER_CHECKS = {
    "export_control": SHARE,
    "revenue_share": SHARE,
    "stockpile_days": NONNEGATIVE,
    "tariff": (lambda v: np.isfinite(v) & (v > -1), "a finite rate > -1"),
    "purchases": NONNEGATIVE,
}


@dataclass(frozen=True)
class PlayerSpec:
    """A player's structure in the trade model (which parameters and levers it has)."""

    name: str
    key: str
    strategy_keys: tuple[str, ...]
    parameters: frozenset[str]  # names of the player parameters it gives
    tables: Mapping[str, tuple[str, ...]]  # table parameter -> partner keys
    levers: tuple[str, ...]
    lever_tables: Mapping[str, tuple[str, ...]]  # table lever -> partner keys
    categorical: Mapping[str, tuple[Any, ...]]  # chips / alliance values per strategy
    chip_buyer: str | None = None


@dataclass(frozen=True)
class TradeModel:
    """A compiled trade-model scenario: structure plus sourced figures by dotted path."""

    players: tuple[PlayerSpec, ...]
    figures: Mapping[str, Figure]
    aliases: Mapping[str, str] = field(default_factory=dict)
    links: Mapping[str, str] = field(default_factory=dict)
    """Lever paths that take the value of another path (``stockpile_days = "baseline"``)."""
    checks: Mapping[str, tuple[Any, str]] = field(default_factory=dict)
    """Range check (predicate, expectation) of each path, applied to overrides too."""

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(p.strategy_keys) for p in self.players)

    def resolve(self, name: str) -> list[str]:
        """Paths an override name refers to: a path, an alias, or a calibration key."""
        if name in self.figures:
            return [name]
        if self.aliases.get(name) in self.figures:
            return [self.aliases[name]]
        return [path for path, fig in self.figures.items() if fig.ref == name]

    def environment(
        self, values: Mapping[str, Any] | None = None
    ) -> tuple[dict[str, np.ndarray], int]:
        """Every figure as a batch array of shape (B,), with ``values`` applied."""
        overrides: dict[str, np.ndarray] = {}
        set_by: dict[str, str] = {}
        size = 1
        for name, value in (values or {}).items():
            if not isinstance(name, str):
                raise ParameterError(f"parameter names are strings such as 'alpha'; got {name!r}")
            paths = self.resolve(name)
            if not paths:
                known = [
                    *self.figures,
                    *self.aliases,
                    *{f.ref for f in self.figures.values() if f.ref},
                ]
                close = difflib.get_close_matches(name, known, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                raise ParameterError(
                    f"unknown parameter {name!r}; {hint}`tradegame show` lists the parameters"
                )
            arr = as_array(name, value)
            if arr.ndim > 1 or arr.size == 0:
                raise ParameterError(
                    f"{name}: give a number or a non-empty 1-d array of values; "
                    f"got shape {arr.shape}"
                )
            for path in paths:
                if path in set_by:
                    raise ParameterError(
                        f"{set_by[path]} and {name} both set {path}; give one of them"
                    )
                set_by[path] = name
                if path in self.checks:
                    ok, expectation = self.checks[path]
                    require(path, arr, ok, expectation)
                overrides[path] = arr
            if arr.size != 1:
                if size not in (1, arr.size):
                    raise ParameterError(
                        f"{name} has {arr.size} values; other arrays have {size} (all must match)"
                    )
                size = arr.size
        env = {}
        for path, fig in self.figures.items():
            arr = overrides.get(path, np.asarray(fig.value, dtype=float))
            env[path] = np.broadcast_to(arr, (size,))
        for path, target in self.links.items():
            env[path] = env[target]
        return env, size

    def payoffs(self, values: Mapping[str, Any] | None = None) -> np.ndarray:
        """Payoff tensors for a batch of parameter points, shape ``(B, n_players, *shape)``.

        Raises a :class:`ParameterError` when the batch would need more than
        :data:`~tradegame.limits.MAX_MODEL_PAYOFFS` payoffs at once, or when
        the parameters drive a payoff outside the float range.
        """
        env, size = self.environment(values)
        cells = size * len(self.players) * math.prod(self.shape)
        if cells > limits.MAX_MODEL_PAYOFFS:
            raise ParameterError(
                f"{size:,} parameter points of this {len(self.players)}-player scenario need "
                f"{cells:,} payoffs at once, more than the limit of "
                f"{limits.MAX_MODEL_PAYOFFS:,} (tradegame.limits.MAX_MODEL_PAYOFFS): "
                "evaluate the points in smaller batches"
            )
        try:
            with np.errstate(all="ignore"):  # extreme parameters are reported below, not warned
                out = _Evaluation(self, env, size).run()
        except ParameterError as exc:  # a block met a value its inputs made invalid
            raise ParameterError(
                f"the model cannot be evaluated{_shown(values)}: {exc}; "
                "an extreme value overflows it, check the values you set"
            ) from None
        if not np.isfinite(out).all():
            raise ParameterError(
                f"the payoffs are not finite numbers{_shown(values)}: an extreme value "
                "overflows the model, check the values you set"
            )
        return out


def _shown(values: Mapping[str, Any] | None) -> str:
    """The values a caller set, for a message: ' at vault_days=1.8e+308'."""
    if not values:
        return ""
    parts = []
    for name, value in values.items():
        arr = np.ravel(np.asarray(value, dtype=float))
        parts.append(f"{name}={arr[0]:g}" + (f" (and {arr.size - 1} more)" if arr.size > 1 else ""))
    return " at " + ", ".join(parts)


class _Evaluation:
    """One vectorized evaluation of all blocks for a batch of parameter points."""

    def __init__(self, model: TradeModel, env: dict[str, np.ndarray], size: int) -> None:
        self.model = model
        self.env = env
        self.size = size
        self.n = len(model.players)
        self.index = {p.key: i for i, p in enumerate(model.players)}
        self.out = np.zeros((size, self.n, *model.shape))

    # -- shapes ---------------------------------------------------------------------------
    def scalar(self, path: str) -> np.ndarray:
        """A parameter as (B, 1, ..., 1)."""
        return self.env[path].reshape((self.size,) + (1,) * self.n)

    def per_strategy(self, i: int, values: np.ndarray) -> np.ndarray:
        """Values of shape (B, n_i) laid along player i's axis."""
        shape = [self.size] + [1] * self.n
        shape[1 + i] = values.shape[1]
        return values.reshape(shape)

    def lever(self, i: int, lever: str, partner: str | None = None) -> np.ndarray | None:
        spec = self.model.players[i]
        if lever not in spec.levers:
            return None
        suffix = f"{lever}.{partner}" if partner else lever
        paths = [f"{spec.key}.{s}.{suffix}" for s in spec.strategy_keys]
        if partner is not None and not all(p in self.env for p in paths):
            return None
        return self.per_strategy(i, np.stack([self.env[p] for p in paths], axis=1))

    def param(self, i: int, name: str, partner: str | None = None) -> np.ndarray | None:
        path = f"{self.model.players[i].key}.{name}" + (f".{partner}" if partner else "")
        return self.scalar(path) if path in self.env else None

    def glob(self, name: str) -> np.ndarray:
        return self.scalar(name)

    def add(self, i: int, value: np.ndarray) -> None:
        self.out[:, i] += value

    # -- blocks ---------------------------------------------------------------------------
    def control(self, j: int) -> np.ndarray:
        kappa = self.lever(j, "export_control")
        return kappa if kappa is not None else np.zeros((self.size,) + (1,) * self.n)

    def run(self) -> np.ndarray:
        players = self.model.players
        alliance = self.alliance_days()
        for i, spec in enumerate(players):
            self.tariffs(i, spec)
            self.disruption(i, spec, alliance)
            if f"{spec.key}.controlled_exports" in self.env:
                loss = supplier_loss(
                    self.control(i),
                    controlled_exports=self.param(i, "controlled_exports"),
                    rents=self.param(i, "rents") if f"{spec.key}.rents" in self.env else 0.0,
                    rent_share_lost=self.glob("rent_share_lost"),
                    entry_hazard=self.glob("entry_hazard"),
                    duration=self.glob("control_duration"),
                    entry_lead_time=self.glob("entry_lead_time"),
                    discount_rate=self.glob("discount_rate"),
                )
                self.add(i, -loss.total)
            if "chips" in spec.levers:
                self.chips(i, spec)
            if "purchases" in spec.levers:
                for partner in spec.lever_tables["purchases"]:
                    amount = self.lever(i, "purchases", partner)
                    gain, cost = purchase_commitment(
                        amount,
                        producer_margin=self.glob("producer_margin"),
                        buyer_premium=self.glob("buyer_premium"),
                    )
                    self.add(i, -cost)
                    self.add(self.index[partner], gain)
            if f"{spec.key}.floor_volume" in self.env:
                kappa = np.max(
                    np.broadcast_arrays(*[self.control(j) for j in range(self.n)]), axis=0
                )
                self.add(
                    i,
                    -price_floor_cost(
                        kappa,
                        floor_price=self.glob("floor_price"),
                        market_price=self.glob("market_price"),
                        price_response=self.glob("price_response"),
                        volume_tonnes=self.param(i, "floor_volume"),
                    ),
                )
        return self.out

    def tariffs(self, i: int, spec: PlayerSpec) -> None:
        partners = set(spec.tables.get("imports", ())) | set(spec.lever_tables.get("tariff", ()))
        for partner in sorted(partners):
            imports = self.param(i, "imports", partner)
            if imports is None:
                continue
            rate = self.lever(i, "tariff", partner)
            if rate is None:
                rate = self.param(i, "tariff", partner)
            if rate is None:
                continue
            welfare = tariff_welfare(
                rate, eps_d=self.glob("eps_d"), eps_s=self.glob("eps_s"), imports=imports
            )
            self.add(i, welfare.importer_gain)
            self.add(self.index[partner], -welfare.exporter_loss)

    def stockpile(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """(total days held, days above the baseline) for player i."""
        base = self.param(i, "stockpile_days")
        base = base if base is not None else np.zeros((self.size,) + (1,) * self.n)
        chosen = self.lever(i, "stockpile_days")
        if chosen is None:
            return base, np.zeros_like(base)
        return chosen, np.maximum(chosen - base, 0.0)

    def alliance_days(self) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        """Pool days and cost share for each player with an alliance lever."""
        members = [i for i, p in enumerate(self.model.players) if "alliance" in p.levers]
        if not members:
            return {}
        joined = {}
        for i in members:
            flags = np.array(self.model.players[i].categorical["alliance"], dtype=float)
            joined[i] = self.per_strategy(i, np.broadcast_to(flags, (self.size, flags.size)))
        count = sum(joined.values())
        days, cost = alliance_pooling(
            count,
            potential=len(members),
            pooled_days=self.glob("vault_days"),
            pool_cost=self.glob("vault_capital") * self.glob("carrying_rate"),
        )
        return {i: (joined[i] * days, joined[i] * cost) for i in members}

    def disruption(self, i: int, spec: PlayerSpec, alliance: dict) -> None:
        """Disruption losses, stockpile carrying costs and alliance dues of player i."""
        pool_days, pool_cost = alliance.get(i, (0.0, 0.0))
        self.add(i, -pool_cost)
        suppliers = spec.tables.get("dependence", ())
        if not suppliers and "stockpile_days" not in spec.levers:
            return
        held, extra = self.stockpile(i)
        y = self.param(i, "exposed_output")  # the parser requires it here
        alpha = self.glob("cost_share")
        lead = self.param(i, "lead_time")
        lead = lead if lead is not None else self.glob("lead_time")
        for supplier in suppliers:
            j = self.index[supplier]
            self.add(
                i,
                -disruption_cost(
                    self.control(j),
                    dependence=self.param(i, "dependence", supplier),
                    stockpile_days=held + pool_days,
                    lead_time=lead,
                    cost_share=alpha,
                    sigma=self.glob("sigma"),
                    exposed_output=y,
                    horizon=self.glob("horizon"),
                    discount_rate=self.glob("discount_rate"),
                ),
            )
        if "stockpile_days" in spec.levers:
            carrying = stockpile_carrying_cost(
                extra, annual_use_value=alpha * y, carrying_rate=self.glob("carrying_rate")
            )
            self.add(i, -carrying)

    def chips(self, i: int, spec: PlayerSpec) -> None:
        flags = np.array([v == "licensed" for v in spec.categorical["chips"]], dtype=float)
        licensed = self.per_strategy(i, np.broadcast_to(flags, (self.size, flags.size)))
        share = self.lever(i, "revenue_share")
        terms = chip_licensing(
            licensed,
            sales=self.glob("chip_sales"),
            revenue_share=share if share is not None else self.glob("revenue_share"),
            margin=self.glob("chip_margin"),
            importer_surplus=self.glob("chip_importer_surplus"),
            security_cost=self.glob("chip_security_cost"),
            mcpf=self.glob("mcpf"),
        )
        self.add(i, terms.exporter_gain)
        self.add(self.index[spec.chip_buyer], terms.importer_gain)
