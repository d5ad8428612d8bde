"""Trade-model scenarios: the payoff-model interface, the calibration, batching, bad input."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

import tradegame as tg
from tradegame.calibration import calibration_table, load_calibration
from tradegame.cli import main
from tradegame.models.trade import blocks

ECONOMIC = [
    "rare_earth_escalation_2025",
    "quid_pro_quo_busan_2025",
    "metallic_alliance_2026",
    "india_magnet_shortage_2025",
]

BASE = """
format = 2
name = "mini_trade"
model = "trade-model"
payoff_units = "USD bn per year"

[source]
citation = "Test fixture."
confidence = "low"

[parameters]
mcpf = { ref = "mcpf" }
sigma = { ref = "sigma_short_run" }
lead_time = { ref = "lead_time_magnets" }
market_integration = { ref = "market_integration" }
horizon = { ref = "horizon_years" }
control_duration = { ref = "control_duration" }
discount_rate = { ref = "discount_rate" }
price_capture = { ref = "price_capture" }
entry_hazard = { ref = "entry_hazard" }
rent_share_lost = { ref = "rent_share_lost" }
entry_lead_time = { ref = "entry_lead_time" }

[[flows]]
key = "us_imports_china"
importer = "United States"
exporter = "China"
lever = "tariff"
imports = { ref = "us_imports_from_china_2024" }
tariff = { ref = "us_tariff_china_2024" }
eps_d = { ref = "eps_d_short_run" }
eps_s = { value = 4.0, source = "Test fixture (2026), table 1.", confidence = "low" }

[[players]]
name = "China"
levers = ["export_control"]
[players.parameters]
unit_cost = { ref = "china_unit_cost" }
rents = { ref = "china_dominance_rents" }
[[players.strategies]]
name = "open"
export_control = 0
[[players.strategies]]
name = "licensing"
export_control = { ref = "kappa_april_2025" }

[[players]]
name = "United States"
key = "us"
[players.parameters]
value_added = { ref = "value_added_us" }
input_use = { ref = "input_use_us" }
dependence = { China = { ref = "us_dependence_china" } }
inventory_days = { ref = "inventory_days" }
[[players.strategies]]
name = "low tariff"
tariff = { ref = "us_tariff_china_2024" }
[[players.strategies]]
name = "high tariff"
tariff = { ref = "us_tariff_china_peak" }
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "trade.toml"
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ calibration
def test_calibration_rows_have_sources_confidence_and_ranges() -> None:
    table = calibration_table()
    assert table["source"].str.len().min() > 10
    assert set(table["confidence"]) <= {"high", "medium", "low"}
    ranged = table.dropna(subset=["low", "high"])
    assert ((ranged["low"] <= ranged["value"]) & (ranged["value"] <= ranged["high"])).all()
    # no source is a planning note; assumptions say so and give their reasoning
    assert not table["source"].str.contains("issue|planning", case=False).any()
    assumptions = table[table["source"].str.contains("assumption", case=False)]
    assert (assumptions["source"].str.len() > 60).all()
    figures = load_calibration()
    assert figures["us_tariff_china_geneva"].value == pytest.approx(0.511)
    # every fitted parameter names a moment that exists
    fitted = table[table["fitted_to"] != ""]
    assert len(fitted) >= 4 and fitted["fitted_to"].isin(table["key"]).all()


def test_calibration_file_errors(tmp_path: Path) -> None:
    header = "key,value,low,high,unit,source,confidence,note,fitted_to\n"
    bad = tmp_path / "cal.csv"
    bad.write_text(header + "x,1.0,,,days,,low,,\n")
    with pytest.raises(
        tg.ScenarioError, match=re.escape("cal.csv: row 2, key 'x': every figure needs a source")
    ):
        load_calibration(bad)
    bad.write_text(header + 'x,5.0,0,1,share,"A (2024)",low,,\n')
    with pytest.raises(tg.ScenarioError, match=r"value 5 is outside its range \[0, 1\]"):
        load_calibration(bad)
    bad.write_text(header + 'x,five,,,share,"A (2024)",low,,\n')
    with pytest.raises(
        tg.ScenarioError, match="row 2, column 'value': expected a number, got 'five'"
    ):
        load_calibration(bad)
    bad.write_text(header + 'x,0.5,,,share,"A (2024)",low,,moment_nothing\n')
    with pytest.raises(tg.ScenarioError, match="unknown moment 'moment_nothing'"):
        load_calibration(bad)


# ------------------------------------------------------------------ built-in scenarios
@pytest.mark.parametrize("name", ECONOMIC)
def test_builtin_scenarios_load_solve_and_show_every_source(name, capsys) -> None:
    scenario = tg.load_scenario(name)
    result = tg.solve(scenario.game())
    assert result.complete and all(np.all(eq.regrets <= result.tolerances) for eq in result)
    # each has exactly one equilibrium; the alliance game's is mixed (no pure profile is an
    # equilibrium: a cycle of restriction and joining, see test_the_alliance_game_cycles)
    assert len(result) == 1
    assert result[0].pure == (name != "metallic_alliance_2026")
    params = scenario.parameters()
    assert params["source"].str.len().min() > 5
    # sweep ranges come through from the calibration table
    ranged = params[params["ref"] != ""]
    assert ranged["low"].notna().all() and ranged["high"].notna().all()
    assert main(["show", name]) == 0
    out = capsys.readouterr().out
    for row in params.itertuples():
        assert row.parameter in out and row.source[:40] in out
    assert "Levers" in out and "Payoff table:" in out


@pytest.mark.parametrize("name", ECONOMIC)
def test_every_player_scores_exactly_zero_at_the_status_quo(name) -> None:
    scenario = tg.load_scenario(name)
    status_quo = scenario.status_quo()
    assert set(status_quo) == set(scenario.levers()["lever"])
    payoffs = scenario.payoffs(status_quo)
    assert payoffs.shape == (len(scenario.players),)
    assert np.array_equal(payoffs, np.zeros(len(scenario.players)))
    # and with other parameter values too: the baseline moves with them
    batch = scenario.payoffs(status_quo, {"sigma": [0.1, 0.2], "discount_rate": [0.0, 0.05]})
    assert np.array_equal(batch, np.zeros((2, len(scenario.players))))


def test_the_alliance_game_cycles() -> None:
    """China restricts when nobody pools; the EU then joins; China then lifts its controls;
    the EU then leaves: no pure equilibrium, which the pure solver reports as complete."""
    game = tg.load_scenario("metallic_alliance_2026").game()
    china, eu = game.payoff("China"), game.payoff("EU")
    nobody, eu_only = (slice(None), 0, 0, 0, 0, 0), (slice(None), 0, 1, 0, 0, 0)
    assert np.argmax(china[nobody]) == 2  # the October regime
    assert eu[2, 0, 1, 0, 0, 0] > eu[2, 0, 0, 0, 0, 0]  # the EU joins against it
    assert np.argmax(china[eu_only]) == 0  # general licences against the EU in the pool
    assert eu[0, 0, 0, 0, 0, 0] > eu[0, 0, 1, 0, 0, 0]  # and the EU leaves the costly pool


def test_game_shapes_and_players() -> None:
    shapes = {n: tg.load_scenario(n).game().shape for n in ECONOMIC}
    assert shapes["rare_earth_escalation_2025"] == (3, 6, 1, 1, 1)
    assert shapes["quid_pro_quo_busan_2025"] == (2, 3)
    assert shapes["metallic_alliance_2026"] == (3, 2, 2, 2, 2, 1)
    assert shapes["india_magnet_shortage_2025"] == (3, 2, 2, 2)


# ------------------------------------------------------------------ the interface
def test_levers_table() -> None:
    levers = tg.load_scenario("quid_pro_quo_busan_2025").levers()
    assert list(levers.columns) == [
        "player",
        "lever",
        "unit",
        "low",
        "high",
        "values",
        "domain",
        "status_quo",
        "description",
    ]
    row = levers.set_index("lever").loc["us.tariff"]
    assert row["player"] == "United States" and row["status_quo"] == pytest.approx(0.208)
    assert row["low"] == pytest.approx(0.208) and row["high"] == pytest.approx(0.57)
    chips = levers.set_index("lever").loc["us.chips"]
    assert chips["values"] == ("banned", "licensed") and chips["status_quo"] == "licensed"
    control = levers.set_index("lever").loc["china.export_control"]
    assert (control["low"], control["high"]) == (0.0, 1.0)


def test_any_lever_setting_evaluates_and_named_strategies_agree_with_the_game() -> None:
    scenario = tg.load_scenario("quid_pro_quo_busan_2025")
    game = scenario.game()
    settings = scenario.strategy_settings()
    for i, row in enumerate(settings[0]):
        for j, col in enumerate(settings[1]):
            np.testing.assert_allclose(
                scenario.payoffs({**row, **col}), game.payoff_tensor[:, i, j], rtol=1e-12
            )
    # a setting no strategy names: a 33% US tariff, a 20% control, a 40% revenue share
    mid = scenario.payoffs(
        {"us.tariff": 0.33, "china.export_control": 0.2, "us.revenue_share": 0.4}
    )
    assert mid.shape == (2,) and np.isfinite(mid).all()
    # payoffs depend on the setting continuously: a finer tariff grid is monotone for the
    # exporter (a higher US tariff always costs China)
    china = scenario.payoffs({"us.tariff": np.linspace(0.2, 1.2, 50)})[:, 0]
    assert np.all(np.diff(china) < 0)


def test_the_supplier_payoff_depends_on_what_buyers_do() -> None:
    """China's gain from restricting falls when importers hold more stock (no separability)."""
    scenario = tg.load_scenario("india_magnet_shortage_2025")
    restrict = {"china.export_control": 0.54}
    lean = scenario.payoffs(
        {**restrict, "us.stockpile_days": 0.0, "india.stockpile_days": 0.0}, {"entry_hazard": 0.0}
    )
    stocked = scenario.payoffs(
        {**restrict, "us.stockpile_days": 180.0, "india.stockpile_days": 180.0},
        {"entry_hazard": 0.0},
    )
    assert stocked[0] < lean[0]
    game = scenario.game()
    china = game.payoff("China")
    gain = china[1] - china[0]  # April licensing against general licences
    assert np.ptp(gain) > 1e-4  # the gain depends on the others' stockpiles


def test_a_batch_of_10000_settings_and_parameter_points_is_one_call() -> None:
    scenario = tg.load_scenario("rare_earth_escalation_2025")
    rng = np.random.default_rng(1)
    settings = {
        "us.tariff": rng.uniform(0.2, 1.3, 10_000),
        "china.export_control": rng.uniform(0.0, 1.0, 10_000),
        "us.chips": rng.choice(["banned", "licensed"], 10_000),
    }
    values = {"sigma": rng.uniform(0.1, 0.25, 10_000), "entry_hazard": rng.uniform(3, 12, 10_000)}
    batch = scenario.payoffs(settings, values)
    assert batch.shape == (10_000, 5)
    for k in (0, 4321, 9999):
        single = scenario.payoffs(
            {name: v[k] for name, v in settings.items()}, {name: v[k] for name, v in values.items()}
        )
        np.testing.assert_allclose(batch[k], single, rtol=1e-12, atol=1e-12)
    # outer products broadcast: 100 tariffs x 50 sigmas
    grid = scenario.payoffs(
        {"us.tariff": np.linspace(0.2, 1.2, 100)[:, None]}, {"sigma": np.linspace(0.1, 0.25, 50)}
    )
    assert grid.shape == (100, 50, 5)


def test_tensor_batch_matches_single_points() -> None:
    scenario = tg.load_scenario("india_magnet_shortage_2025")
    rng = np.random.default_rng(2)
    values = {
        "sigma": rng.uniform(0.1, 0.25, 1000),
        "india.input_use": rng.uniform(0.03, 0.2, 1000),
        "kappa_april_2025": rng.uniform(0.38, 0.74, 1000),
    }
    batch = scenario.payoff_tensors(values)
    assert batch.shape == (1000, 4, 3, 2, 2, 2)
    for k in (0, 999):
        single = scenario.payoff_tensors({name: v[k] for name, v in values.items()})[0]
        np.testing.assert_allclose(batch[k], single, rtol=1e-12, atol=1e-12)


def test_overrides_by_path_alias_and_calibration_key() -> None:
    base = tg.load_scenario("india_magnet_shortage_2025").game()
    more = tg.load_scenario("india_magnet_shortage_2025", {"india.inventory_days": 120}).game()
    india = base.players.index("India")
    # April licensing, private inventories only: more inventory lowers India's loss
    assert more.payoff_tensor[india][1, 0, 0, 0] > base.payoff_tensor[india][1, 0, 0, 0]
    by_alias = tg.load_scenario("india_magnet_shortage_2025", T=2.0).game()
    by_name = tg.load_scenario("india_magnet_shortage_2025", {"lead_time": 2.0}).game()
    assert np.array_equal(by_alias.payoff_tensor, by_name.payoff_tensor)
    by_q = tg.load_scenario("india_magnet_shortage_2025", {"india.q.china": 0.5}).game()
    by_path = tg.load_scenario("india_magnet_shortage_2025", {"india.dependence.china": 0.5}).game()
    assert np.array_equal(by_q.payoff_tensor, by_path.payoff_tensor)
    assert not np.array_equal(by_q.payoff_tensor, base.payoff_tensor)
    by_key = tg.load_scenario("india_magnet_shortage_2025", {"kappa_april_2025": 0.7}).game()
    assert by_key.payoff_tensor[india][1, 0, 0, 0] < base.payoff_tensor[india][1, 0, 0, 0]


def test_complete_pass_through_is_reachable_by_override() -> None:
    scenario = tg.load_scenario("rare_earth_escalation_2025")
    high = {"us.tariff": 0.511}
    finite = scenario.payoffs(high)
    flat = scenario.payoffs(high, {"us_imports_china.eps_s": np.inf})
    assert finite[0] < 0 and flat[0] == 0.0  # China bears none of the tariff
    assert flat[1] < finite[1]  # and the US loses its terms-of-trade gain


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"india.stockpile": 60},
            "override: unknown parameter 'india.stockpile'; "
            "did you mean 'india.baseline_stockpile_days'",
        ),
        ({"india.q": 0.5}, "override: unknown parameter 'india.q'"),  # q is a table: india.q.china
        ({"sigma": 0.05, "eps_s": 2.0}, "unknown parameter 'eps_s'"),
        ({"sigma": -1.0}, r"override: sigma must be >= 0; got -1"),
        ({"chip_sales": 10.0}, "unknown parameter 'chip_sales'"),  # no chips block here
        ({"india.dependence.china": -0.1}, r"india.dependence.china must be in \[0, 1\]"),
    ],
)
def test_bad_overrides(overrides, message) -> None:
    with pytest.raises(tg.ScenarioError, match=message):
        tg.load_scenario("india_magnet_shortage_2025", overrides)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"us.tarif": 0.3}, "unknown lever 'us.tarif'; did you mean 'us.tariff'"),
        ({"us.tariff": -1.5}, "us.tariff must be a finite rate > -1; got -1.5"),
        ({"china.export_control": 1.2}, r"china.export_control must be in \[0, 1\]; got 1.2"),
        ({"us.chips": "maybe"}, "us.chips must be one of 'banned', 'licensed'; got 'maybe'"),
        ({"us.tariff": [0.1, np.nan]}, "us.tariff must not be NaN"),
        ({"us.tariff": "high"}, "us.tariff must be a number or an array of numbers"),
        ([("us.tariff", 0.3)], "settings must be a mapping of levers to values"),
    ],
)
def test_bad_settings(settings, message) -> None:
    scenario = tg.load_scenario("rare_earth_escalation_2025")
    with pytest.raises(tg.ParameterError, match=message):
        scenario.payoffs(settings)


def test_arrays_that_do_not_broadcast_are_refused() -> None:
    scenario = tg.load_scenario("rare_earth_escalation_2025")
    with pytest.raises(tg.ParameterError, match="do not broadcast"):
        scenario.payoffs({}, {"sigma": [0.1, 0.2, 0.3], "entry_hazard": [1.0, 2.0]})
    with pytest.raises(tg.ParameterError, match="1-d array"):
        scenario.payoff_tensors({"sigma": np.ones((2, 2)) * 0.2})


# ------------------------------------------------------------------ registry
def test_the_block_registry_is_the_only_place_that_knows_the_blocks(tmp_path, monkeypatch):
    """A new block is one registry entry: the parser and evaluator pick it up unchanged."""

    def evaluate(ctx: blocks.Context) -> None:
        for p in ctx.structure.players:
            path = f"{p}.tourism"
            if ctx.has(path):
                ctx.add(p, ctx.p(path) * ctx.lever("china", "export_control"))

    tourism = blocks.Block(
        name="tourism",
        description="test block",
        parameters=(),
        player_parameters=(blocks.Param("tourism", "test figure", "USD bn"),),
        applies=lambda s: [p for p in s.players if "tourism" in s.parameters[p]],
        evaluate=evaluate,
    )
    text = BASE.replace(
        'inventory_days = { ref = "inventory_days" }',
        'inventory_days = { ref = "inventory_days" }\n'
        'tourism = { value = 3.0, source = "Test fixture (2026).", confidence = "low" }',
    )
    with pytest.raises(tg.ScenarioError, match="unknown player parameter"):
        tg.load_scenario(write(tmp_path, text))
    monkeypatch.setattr(blocks, "REGISTRY", (*blocks.REGISTRY, tourism))
    scenario = tg.load_scenario(write(tmp_path, text))
    assert scenario.payoff_model.blocks[-1] == "tourism"
    with_block = scenario.payoffs({"china.export_control": 0.5})
    monkeypatch.setattr(blocks, "REGISTRY", tuple(b for b in blocks.REGISTRY if b is not tourism))
    without = tg.load_scenario(write(tmp_path, BASE)).payoffs({"china.export_control": 0.5})
    assert with_block[1] - without[1] == pytest.approx(1.5)


# ------------------------------------------------------------------ files
def test_minimal_file_and_explicit_values(tmp_path: Path) -> None:
    scenario = tg.load_scenario(write(tmp_path, BASE))
    assert scenario.game().shape == (2, 2)
    row = scenario.parameters().set_index("parameter").loc["us_imports_china.eps_s"]
    assert row["source"] == "Test fixture (2026), table 1." and row["ref"] == ""


def test_format_1_trade_model_files_are_refused_with_a_pointer(tmp_path: Path) -> None:
    path = write(tmp_path, BASE.replace("format = 2", "format = 1"))
    with pytest.raises(tg.ScenarioError, match="format: format 1 trade-model files are not read"):
        tg.load_scenario(path)


@pytest.mark.parametrize(
    ("old", "new", "key", "message"),
    [
        (
            'dependence = { China = { ref = "us_dependence_china" } }',
            'dependence = { Atlantis = { ref = "us_dependence_china" } }',
            r"players\[1\].parameters.dependence.Atlantis",
            "unknown player 'Atlantis'; players are: China, United States",
        ),
        (
            'dependence = { China = { ref = "us_dependence_china" } }',
            'dependence = { China = { value = 1.2, source = "x", confidence = "low" } }',
            r"players\[1\].parameters.dependence.China",
            r"must be in \[0, 1\]; got 1.2",
        ),
        (
            'eps_d = { ref = "eps_d_short_run" }',
            'eps_d = { value = 0.0, source = "x", confidence = "low" }',
            r"flows\[0\].eps_d",
            r"must be finite and > 0; got 0",
        ),
        (
            'sigma = { ref = "sigma_short_run" }',
            "sigma = 0.2",
            "parameters.sigma",
            "the number 0.2 has no source",
        ),
        (
            'sigma = { ref = "sigma_short_run" }',
            'sigma = { value = 0.2, confidence = "low" }',
            "parameters.sigma.source",
            "missing; every number needs its source",
        ),
        (
            'sigma = { ref = "sigma_short_run" }',
            'sigma = { ref = "sigma_short_rn" }',
            "parameters.sigma.ref",
            "unknown calibration key 'sigma_short_rn'; did you mean 'sigma_short_run'",
        ),
        (
            'sigma = { ref = "sigma_short_run" }',
            'sigma = { value = 0.2, low = 0.3, high = 0.5, source = "x", confidence = "low" }',
            "parameters.sigma",
            r"value 0.2 is outside \[low, high\]",
        ),
        (
            'levers = ["export_control"]',
            'levers = ["export_controls"]',
            r"players\[0\].levers",
            "unknown lever 'export_controls'; did you mean 'export_control'",
        ),
        (
            'name = "low tariff"\n',
            'name = "low tariff"\nalliance = true\n',
            r"players\[1\].strategies\[0\].alliance",
            "not a lever of 'United States'",
        ),
        (
            'tariff = { ref = "us_tariff_china_peak" }\n',
            "",
            r"players\[1\].strategies\[1\].tariff",
            "missing; every strategy of 'United States' must set lever 'tariff'",
        ),
        (
            'sigma = { ref = "sigma_short_run" }\n',
            "",
            "parameters.sigma",
            "missing; short-run elasticity of substitution",
        ),
        (
            'entry_lead_time = { ref = "entry_lead_time" }',
            'entry_lead_time = { ref = "entry_lead_time" }\nchip_margin = { ref = "chip_margin" }',
            "parameters.chip_margin",
            "not used by any block of this scenario",
        ),
        (
            'inventory_days = { ref = "inventory_days" }',
            'inventory_days = { ref = "inventory_days" }'
            '\nrents = { ref = "china_dominance_rents" }',
            r"players\[1\].parameters.rents",
            "not used by any block for this player",
        ),
        (
            'input_use = { ref = "input_use_us" }\n',
            "",
            r"players\[1\].parameters.input_use",
            "missing; the disruption block needs annual value of the critical input used",
        ),
        (
            'export_control = { ref = "kappa_april_2025" }',
            "export_control = 0.5",
            r"players\[0\].strategies\[1\].export_control",
            "the number 0.5 has no source",
        ),
        (
            'export_control = { ref = "kappa_april_2025" }',
            'export_control = { value = 1.5, source = "x", confidence = "low" }',
            r"players\[0\].strategies\[1\].export_control",
            r"must be in \[0, 1\]; got 1.5",
        ),
        (
            'importer = "United States"',
            'importer = "China"',
            r"flows\[0\].exporter",
            "a player cannot import from itself",
        ),
        (
            'lever = "tariff"',
            'lever = "export_control"',
            r"flows\[0\].lever",
            "lever name 'export_control' is already used",
        ),
        ('key = "us_imports_china"', 'key = "us"', r"flows\[0\].key", "key 'us' is already used"),
        (
            'imports = { ref = "us_imports_from_china_2024" }\n',
            "",
            r"flows\[0\].imports",
            "missing; observed imports at the status quo",
        ),
        (
            'model = "trade-model"',
            'model = "trade-model"\n[payoffs]\nChina = [[1]]',
            "payoffs",
            "unknown key; allowed here",
        ),
    ],
)
def test_each_mistake_names_file_key_and_expectation(tmp_path, old, new, key, message) -> None:
    assert old in BASE
    path = write(tmp_path, BASE.replace(old, new, 1))
    with pytest.raises(tg.ScenarioError, match=f"{key}: {message}") as info:
        tg.load_scenario(path)
    assert str(info.value).startswith(str(path)) and "\n" not in str(info.value)


# ------------------------------------------------------------------ command line
def test_cli_set_and_show(capsys) -> None:
    assert (
        main(["solve", "india_magnet_shortage_2025", "--set", "sigma=0.2", "--format", "json"]) == 0
    )
    capsys.readouterr()
    assert main(["solve", "india_magnet_shortage_2025", "--set", "sigma=lots"]) == 2
    assert "--set sigma: expected a number, got 'lots'" in capsys.readouterr().err
    assert main(["show", "india_magnet_shortage_2025", "--set", "india.inventory_days=60"]) == 0
    out = capsys.readouterr().out
    assert "india.inventory_days *" in out and "overridden on the command line" in out
    assert "india.stockpile_days" in out and "status quo" in out
    assert main(["solve", "quid_pro_quo_busan_2025"]) == 0
    assert "payoffs: USD bn per year over a two-year horizon" in capsys.readouterr().out
    assert main(["scenarios"]) == 0
    listing = capsys.readouterr().out
    assert all(name in listing for name in ECONOMIC)


# ------------------------------------------------------------------ hostile input
def test_the_status_quo_scores_zero_under_overrides_too() -> None:
    for name, overrides in [
        ("rare_earth_escalation_2025", {"us_tariff_china_2024": 0.5}),
        ("india_magnet_shortage_2025", {"japan.baseline_stockpile_days": 100}),
    ]:
        scenario = tg.load_scenario(name, overrides)
        assert np.array_equal(
            scenario.payoffs(scenario.status_quo()), np.zeros(len(scenario.players))
        )
    scenario = tg.load_scenario("india_magnet_shortage_2025", {"kappa_april_2025": 0.3})
    game = scenario.game()
    profile = [row[1] if len(row) > 1 else row[0] for row in scenario.strategy_settings()]
    setting = {k: v for row in profile for k, v in row.items()}
    np.testing.assert_allclose(scenario.payoffs(setting), game.payoff_tensor[:, 1, 1, 1, 1])
    row = scenario.levers().set_index("lever").loc["china.export_control"]
    assert row["status_quo"] == 0.0


@pytest.mark.parametrize(
    ("settings", "values", "message"),
    [
        ({"us.tariff": [0.1, 0.2, 0.3]}, {"sigma": [0.1, 0.2]}, "do not broadcast together"),
        (
            {"us.tariff": True},
            None,
            "us.tariff must be a number or an array of numbers; got a boolean",
        ),
        ({"us.tariff": "0.3"}, None, "us.tariff must be a number or an array of numbers; got text"),
        ({"us.tariff": None}, None, "us.tariff must be a number or an array of numbers"),
        ({}, {"sigma": "0.2"}, "sigma must be a number or an array of numbers; got text"),
    ],
)
def test_shapes_and_types_are_checked(settings, values, message) -> None:
    scenario = tg.load_scenario("rare_earth_escalation_2025")
    with pytest.raises(tg.ParameterError, match=message):
        scenario.payoffs(settings, values)


def test_outcomes_and_explicit_payoffs_check_their_arguments() -> None:
    scenario = tg.load_scenario("rare_earth_escalation_2025")
    with pytest.raises(tg.ParameterError, match="MAX_MODEL_PAYOFFS"):
        scenario.payoff_model.outcomes(
            {"china.export_control": np.linspace(0, 1, 3000)[:, None]},
            {"sigma": np.linspace(0.1, 0.2, 3000)},
        )
    chicken = tg.load_scenario("tariff_chicken")
    with pytest.raises(tg.ParameterError, match="settings must be a mapping"):
        chicken.payoffs(None)
    with pytest.raises(tg.ParameterError, match="do not broadcast together"):
        chicken.payoffs({"united_states.strategy": [0, 1, 0], "china.strategy": [0, 1]})
    assert chicken.payoffs(
        {"united_states.strategy": "escalate", "china.strategy": 0}
    ).tolist() == [
        4.0,
        2.0,
    ]


@pytest.mark.parametrize(
    ("old", "new", "key", "message"),
    [
        (
            'levers = ["export_control"]',
            'levers = ["export_control", "alliance"]',
            r"players\[0\].parameters.input_use",
            "missing; the pool block needs annual value of the critical input used",
        ),
        (
            'dependence = { China = { ref = "us_dependence_china" } }',
            "dependence = {}",
            r"players\[1\].parameters.dependence",
            "is empty",
        ),
        (
            'input_use = { ref = "input_use_us" }',
            'input_use = { value = 900.0, source = "x", confidence = "low" }',
            r"players\[1\].parameters.input_use",
            "900 exceeds value_added 730",
        ),
    ],
)
def test_scenarios_that_would_do_nothing_or_contradict_themselves(tmp_path, old, new, key, message):
    text = BASE.replace(old, new, 1)
    if "alliance" in new:
        text = (
            text.replace(
                'rent_share_lost = { ref = "rent_share_lost" }',
                'rent_share_lost = { ref = "rent_share_lost" }\n'
                'pool_value = { ref = "pool_value" }\ncarrying_rate = { ref = "carrying_rate" }',
            )
            .replace("export_control = 0\n", "export_control = 0\nalliance = false\n")
            .replace(
                'export_control = { ref = "kappa_april_2025" }\n',
                'export_control = { ref = "kappa_april_2025" }\nalliance = true\n',
            )
        )
    with pytest.raises(tg.ScenarioError, match=f"{key}: {message}"):
        tg.load_scenario(write(tmp_path, text))


def test_a_lever_that_changes_nothing_is_refused(tmp_path) -> None:
    # nobody depends on China: its export control would change no payoff
    text = BASE.replace('dependence = { China = { ref = "us_dependence_china" } }\n', "")
    text = text.replace('value_added = { ref = "value_added_us" }\n', "")
    text = text.replace('input_use = { ref = "input_use_us" }\n', "")
    text = text.replace('inventory_days = { ref = "inventory_days" }\n', "")
    with pytest.raises(
        tg.ScenarioError, match=r"players\[0\].levers: lever 'export_control' changes"
    ):
        tg.load_scenario(write(tmp_path, text))


def test_supply_shares_above_one_and_infinite_elasticities_in_files(tmp_path) -> None:
    text = BASE.replace(
        'eps_s = { value = 4.0, source = "Test fixture (2026), table 1.", confidence = "low" }',
        'eps_s = { value = inf, source = "Complete pass-through (test).", confidence = "low" }',
    )
    scenario = tg.load_scenario(write(tmp_path, text))
    assert scenario.payoffs({"us.tariff": 0.5})[0] == 0.0  # China bears none of the tariff
    bad = BASE.replace(
        'eps_d = { ref = "eps_d_short_run" }',
        'eps_d = { value = inf, source = "x", confidence = "low" }',
    )
    with pytest.raises(
        tg.ScenarioError, match=r"flows\[0\].eps_d: must be finite and > 0; got inf"
    ):
        tg.load_scenario(write(tmp_path, bad))


def test_levers_and_parameters_do_not_share_names(capsys) -> None:
    lever = r"india\.stockpile_days is a lever, not a parameter"
    with pytest.raises(tg.ScenarioError, match=lever):
        tg.load_scenario("india_magnet_shortage_2025", {"india.stockpile_days": 60})
    assert main(["solve", "india_magnet_shortage_2025", "--set", "india.stockpile_days=60"]) == 2
    assert "is a lever, not a parameter" in capsys.readouterr().err
    scenario = tg.load_scenario("rare_earth_escalation_2025")
    with pytest.raises(tg.ParameterError, match="takes a number, not a strategy name"):
        scenario.payoffs({"china.export_control": "April-2025 licensing"})
    assert set(scenario.outcomes({"us.tariff": 0.3})) >= {"imports_change.us_imports_china"}


@pytest.mark.parametrize("name", ECONOMIC)
def test_payoffs_at_strategy_settings_match_the_game(name) -> None:
    scenario = tg.load_scenario(name)
    game = scenario.game()
    rng = np.random.default_rng(7)
    settings = scenario.strategy_settings()
    for _ in range(5):
        profile = tuple(int(rng.integers(len(row))) for row in settings)
        setting = {
            k: v for row, s in zip(settings, profile, strict=True) for k, v in row[s].items()
        }
        np.testing.assert_allclose(
            scenario.payoffs(setting), game.payoff_tensor[(slice(None), *profile)], atol=1e-12
        )


def test_override_messages_name_the_key_typed(capsys) -> None:
    with pytest.raises(tg.ScenarioError, match=r"inventory_days \(india.inventory_days\) must be"):
        tg.load_scenario("india_magnet_shortage_2025", {"inventory_days": -1})
    assert main(["solve", "india_magnet_shortage_2025", "--set", "sigma=1_0"]) == 2
    assert "expected a number, got '1_0'" in capsys.readouterr().err


def test_baseline_stands_for_a_levers_status_quo(tmp_path) -> None:
    low = 'name = "low tariff"\ntariff = { ref = "us_tariff_china_2024" }'
    assert low in BASE
    text = BASE.replace(low, 'name = "low tariff"\ntariff = "baseline"')
    scenario = tg.load_scenario(write(tmp_path, text), {"us_tariff_china_2024": 0.3})
    assert scenario.strategy_settings()[1][0]["us.tariff"] == 0.3
    assert np.array_equal(scenario.game().payoff_tensor[:, 0, 0], [0.0, 0.0])
    licensing = 'export_control = { ref = "kappa_april_2025" }'
    bad = BASE.replace(licensing, 'export_control = "baseline"')
    with pytest.raises(tg.ScenarioError, match=r"strategies\[1\].export_control: \"baseline\" is"):
        tg.load_scenario(write(tmp_path, bad))


def test_batched_payoffs_equal_single_points_when_value_added_varies() -> None:
    # a batch of 48 values of value_added once broadcast against the 48 quadrature nodes
    s = tg.load_scenario("india_magnet_shortage_2025")
    values = np.linspace(60.0, 200.0, 48)
    setting = {"china.export_control": 0.54}
    batch = s.payoffs(setting, {"india.value_added": values})
    single = np.array([s.payoffs(setting, {"india.value_added": v}) for v in values])
    np.testing.assert_allclose(batch, single, rtol=1e-12, atol=1e-12)
    tensors = s.payoff_tensors({"india.value_added": values})
    for k in (0, 23, 47):
        game = tg.load_scenario("india_magnet_shortage_2025", {"india.value_added": values[k]})
        np.testing.assert_allclose(tensors[k], game.game().payoff_tensor, rtol=1e-12, atol=1e-12)


def test_an_alias_of_a_parameter_the_scenario_lacks_is_not_suggested() -> None:
    # T is the alias of lead_time, which the tariff-only scenario does not have
    s = tg.load_scenario("tariff_war_2025")
    with pytest.raises(tg.ParameterError, match=r"unknown parameter 'T'; `tradegame show`"):
        s.payoff_tensors({"T": [3.0]})
