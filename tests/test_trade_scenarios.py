"""Economic scenarios: the calibration table, loading, overrides, batching, and bad input."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

import tradegame as tg
from tradegame.calibration import calibration_table, load_calibration
from tradegame.cli import main

ECONOMIC = [
    "rare_earth_escalation_2025",
    "quid_pro_quo_busan_2025",
    "metallic_alliance_2026",
    "india_magnet_shortage_2025",
]

BASE = """
format = 1
name = "mini_trade"
model = "trade-model"
payoff_units = "USD bn per year"

[source]
citation = "Test fixture."
confidence = "low"

[parameters]
eps_d = { ref = "eps_d" }
eps_s = { value = 4.0, source = "Test fixture (2026), table 1.", confidence = "low" }
alpha = { ref = "re_cost_share" }
sigma = { ref = "sigma_short_run" }
T = { ref = "lead_time_magnets" }
horizon = { ref = "horizon_years" }
discount_rate = { ref = "discount_rate" }
entry_hazard = { ref = "entry_hazard" }
rent_share_lost = { ref = "rent_share_lost" }
entry_lead_time = { ref = "entry_lead_time" }
control_duration = { ref = "control_duration" }

[[players]]
name = "China"
levers = ["export_control"]
[players.parameters]
controlled_exports = { ref = "china_magnet_exports_value" }
[[players.strategies]]
name = "open"
export_control = 0
[[players.strategies]]
name = "licensing"
export_control = { ref = "kappa_april_2025" }

[[players]]
name = "United States"
key = "us"
levers = ["tariff"]
[players.parameters]
exposed_output = { ref = "exposed_output_us" }
dependence = { China = { ref = "us_dependence_china" } }
imports = { China = { ref = "us_imports_from_china_2024" } }
[[players.strategies]]
name = "low tariff"
tariff = { China = { ref = "us_tariff_china_jan2025" } }
[[players.strategies]]
name = "high tariff"
tariff = { China = { ref = "us_tariff_china_peak" } }
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "trade.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_calibration_rows_have_sources_confidence_and_ranges() -> None:
    table = calibration_table()
    assert table["source"].str.len().min() > 10
    assert set(table["confidence"]) <= {"high", "medium", "low"}
    ranged = table.dropna(subset=["low", "high"])
    assert ((ranged["low"] <= ranged["value"]) & (ranged["value"] <= ranged["high"])).all()
    figures = load_calibration()
    assert figures["us_tariff_china_geneva"].value == pytest.approx(0.511)
    assert figures["eps_s"].value == np.inf


@pytest.mark.parametrize("name", ECONOMIC)
def test_builtin_economic_scenarios_load_build_solve_and_show_every_source(name, capsys) -> None:
    scenario = tg.load_scenario(name)
    result = tg.solve(scenario.game())
    assert len(result) >= 1
    assert all(np.all(eq.regrets <= result.tolerances) for eq in result)
    params = scenario.parameters()
    assert params["source"].str.len().min() > 5
    assert main(["show", name]) == 0
    out = capsys.readouterr().out
    for row in params.itertuples():
        assert row.parameter in out and row.source[:40] in out
    assert "Payoff table:" in out


def test_game_shapes_and_players() -> None:
    shapes = {n: tg.load_scenario(n).game().shape for n in ECONOMIC}
    assert shapes["rare_earth_escalation_2025"] == (3, 6, 1, 1, 1)
    assert shapes["quid_pro_quo_busan_2025"] == (2, 3)
    assert shapes["metallic_alliance_2026"] == (3, 2, 2, 2, 2, 2)
    assert shapes["india_magnet_shortage_2025"] == (3, 2, 2, 2)


def test_payoffs_follow_the_blocks() -> None:
    game = tg.load_scenario("rare_earth_escalation_2025").game()
    us = game.payoff("United States")
    # higher tariffs cost the US more (complete pass-through), whatever China does
    assert np.all(np.diff(us[:, [0, 2, 4], 0, 0, 0], axis=1) < 0)
    # tighter controls cost every importer more
    for player in ("EU", "Japan", "India"):
        assert np.all(np.diff(game.payoff(player)[:, 0, 0, 0, 0]) < 0)
    # licensing chips helps China
    china = game.payoff("China")
    assert np.all(china[:, 1] > china[:, 0])


def test_overrides_by_path_alias_and_calibration_key() -> None:
    base = tg.load_scenario("india_magnet_shortage_2025").game()
    more = tg.load_scenario("india_magnet_shortage_2025", {"india.stockpile_days": 60}).game()
    india = base.players.index("India")
    # April licensing, weeks of inventory: 60 days of inventory lowers India's loss
    assert more.payoff_tensor[india][1, 0, 0, 0] > base.payoff_tensor[india][1, 0, 0, 0]
    by_alias = tg.load_scenario("india_magnet_shortage_2025", alpha=0.02).game()
    by_name = tg.load_scenario("india_magnet_shortage_2025", {"cost_share": 0.02}).game()
    assert np.array_equal(by_alias.payoff_tensor, by_name.payoff_tensor)
    by_q = tg.load_scenario("india_magnet_shortage_2025", {"india.q.china": 0.5}).game()
    by_path = tg.load_scenario("india_magnet_shortage_2025", {"india.dependence.china": 0.5}).game()
    assert np.array_equal(by_q.payoff_tensor, by_path.payoff_tensor)
    assert not np.array_equal(by_q.payoff_tensor, base.payoff_tensor)
    by_key = tg.load_scenario("india_magnet_shortage_2025", {"kappa_april_2025": 0.7}).game()
    assert by_key.payoff_tensor[india][1, 0, 0, 0] < base.payoff_tensor[india][1, 0, 0, 0]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"india.stockpile": 60},
            "override: unknown parameter 'india.stockpile'; did you mean 'india.stockpile_days'",
        ),
        ({"india.q": 0.5}, "override: unknown parameter 'india.q'"),  # q is a table: india.q.china
        ({"sigma": 0.05, "eps_s": 2.0}, "unknown parameter 'eps_s'"),
        ({"alpha": 1.5}, r"override: cost_share must be in \[0, 1\]; got 1.5"),
        ({"eps_d": 0.9}, "unknown parameter 'eps_d'"),  # this scenario has no tariff block
        ({"india.dependence.china": -0.1}, r"india.dependence.china must be in \[0, 1\]"),
    ],
)
def test_bad_overrides(overrides, message) -> None:
    with pytest.raises(tg.ScenarioError, match=message):
        tg.load_scenario("india_magnet_shortage_2025", overrides)


def test_batch_of_10000_points_is_one_call_and_matches_single_points() -> None:
    scenario = tg.load_scenario("india_magnet_shortage_2025")
    rng = np.random.default_rng(1)
    values = {
        "alpha": rng.uniform(0.005, 0.03, 10_000),
        "sigma": rng.uniform(0.05, 0.2, 10_000),
        "india.stockpile_days": rng.uniform(14, 42, 10_000),
        "kappa_april_2025": rng.uniform(0.5, 0.74, 10_000),
    }
    batch = scenario.payoff_tensors(values)
    assert batch.shape == (10_000, 4, 3, 2, 2, 2)
    for k in (0, 4321, 9999):
        single = scenario.payoff_tensors({name: v[k] for name, v in values.items()})[0]
        np.testing.assert_allclose(batch[k], single, rtol=1e-12, atol=1e-12)
    with pytest.raises(tg.ParameterError, match="has 3 values; other arrays have 10000"):
        scenario.payoff_tensors({**values, "sigma": [0.1, 0.2, 0.3]})


def test_minimal_file_and_explicit_values(tmp_path: Path) -> None:
    scenario = tg.load_scenario(write(tmp_path, BASE))
    game = scenario.game()
    assert game.shape == (2, 2)
    row = scenario.parameters().set_index("parameter").loc["eps_s"]
    assert row["source"] == "Test fixture (2026), table 1." and row["ref"] == ""


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
            'eps_d = { ref = "eps_d" }',
            'eps_d = { value = 0.9, source = "x", confidence = "low" }',
            "parameters.eps_d",
            r"must be > 1 \(elastic import demand\); got 0.9",
        ),
        (
            'eps_d = { ref = "eps_d" }',
            "eps_d = 5.0",
            "parameters.eps_d",
            "the number 5.0 has no source",
        ),
        (
            'eps_d = { ref = "eps_d" }',
            'eps_d = { value = 5.0, confidence = "low" }',
            "parameters.eps_d.source",
            "missing; every number needs its source",
        ),
        (
            'eps_d = { ref = "eps_d" }',
            'eps_d = { ref = "eps_dd" }',
            "parameters.eps_d.ref",
            "unknown calibration key 'eps_dd'; did you mean 'eps_d'",
        ),
        (
            'levers = ["tariff"]',
            'levers = ["tariff", "chips"]',
            r"players\[1\].levers",
            "lever 'chips' is declared but no strategy sets it",
        ),
        (
            'levers = ["tariff"]',
            'levers = ["tarif"]',
            r"players\[1\].levers",
            "unknown lever 'tarif'",
        ),
        (
            'name = "low tariff"\n',
            'name = "low tariff"\nalliance = true\n',
            r"players\[1\].strategies\[0\].alliance",
            "lever not declared",
        ),
        (
            'eps_d = { ref = "eps_d" }\n',
            "",
            "parameters.eps_d",
            "missing; import demand elasticity is needed",
        ),
        (
            'T = { ref = "lead_time_magnets" }',
            'T = { ref = "lead_time_magnets" }\nmcpf = { ref = "mcpf" }',
            "parameters.mcpf",
            "not used by any block of this scenario",
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
            'imports = { China = { ref = "us_imports_from_china_2024" } }',
            "",
            r"players\[1\].parameters.imports",
            "missing imports from 'china'",
        ),
        (
            'model = "trade-model"',
            'model = "trade-model"\n[payoffs]\nChina = [[1]]',
            "payoffs",
            "the trade model derives payoffs from parameters",
        ),
    ],
)
def test_each_mistake_names_file_key_and_expectation(tmp_path, old, new, key, message) -> None:
    assert old in BASE
    path = write(tmp_path, BASE.replace(old, new, 1))
    with pytest.raises(tg.ScenarioError, match=f"{key}: {message}") as info:
        tg.load_scenario(path)
    assert str(info.value).startswith(str(path)) and "\n" not in str(info.value)


def test_calibration_file_errors(tmp_path: Path) -> None:
    header = "key,value,low,high,unit,source,confidence,note\n"
    bad = tmp_path / "cal.csv"
    bad.write_text(header + "x,1.0,,,days,,low,\n")
    with pytest.raises(
        tg.ScenarioError, match=re.escape("cal.csv: row 2, key 'x': every figure needs a source")
    ):
        load_calibration(bad)
    bad.write_text(header + 'x,5.0,0,1,share,"A (2024)",low,\n')
    with pytest.raises(tg.ScenarioError, match=r"value 5 is outside its range \[0, 1\]"):
        load_calibration(bad)
    bad.write_text(header + 'x,five,,,share,"A (2024)",low,\n')
    with pytest.raises(
        tg.ScenarioError, match="row 2, column 'value': expected a number, got 'five'"
    ):
        load_calibration(bad)


def test_cli_set_and_show(capsys) -> None:
    assert (
        main(["solve", "india_magnet_shortage_2025", "--set", "alpha=0.02", "--format", "json"])
        == 0
    )
    capsys.readouterr()
    assert main(["solve", "india_magnet_shortage_2025", "--set", "alpha=lots"]) == 2
    assert "--set alpha: expected a number, got 'lots'" in capsys.readouterr().err
    assert main(["show", "india_magnet_shortage_2025", "--set", "india.stockpile_days=60"]) == 0
    out = capsys.readouterr().out
    assert "india.stockpile_days *" in out and "overridden on the command line" in out
    assert main(["scenarios"]) == 0
    listing = capsys.readouterr().out
    assert all(name in listing for name in ECONOMIC)


def test_tariff_only_scenario(tmp_path: Path) -> None:
    """A scenario without disruption needs none of its parameters."""
    text = BASE
    for line in (
        'alpha = { ref = "re_cost_share" }\n',
        'sigma = { ref = "sigma_short_run" }\n',
        'T = { ref = "lead_time_magnets" }\n',
        'horizon = { ref = "horizon_years" }\n',
        'exposed_output = { ref = "exposed_output_us" }\n',
        'dependence = { China = { ref = "us_dependence_china" } }\n',
    ):
        assert line in text
        text = text.replace(line, "")
    game = tg.load_scenario(write(tmp_path, text)).game()
    us = game.payoff("United States")
    # no dependence: China's controls do not touch the US; with eps_s = 4 (optimal tariff 25%)
    # the 20.8% tariff gains on the terms of trade and the 125% one loses
    assert np.array_equal(us[0], us[1]) and us[0, 1] < 0 < us[0, 0]
