"""The validation table: the shipped calibration passes it, and a bad fit fails loudly."""

from __future__ import annotations

import json

import numpy as np
import pytest

import tradegame as tg
from tradegame.calibration import load_calibration
from tradegame.cli import main
from tradegame.validate import MOMENTS, validation_table


def test_the_shipped_calibration_passes_its_own_table() -> None:
    table = validation_table()
    assert len(table) == len(MOMENTS) >= 5
    assert table["passed"].all(), table[~table["passed"]]
    figures = load_calibration()
    for row in table.itertuples():
        moment = figures[row.moment]
        # every row's observed value, band and source is in the calibration file
        assert (row.observed, row.low, row.high, row.source) == (
            moment.value,
            moment.low,
            moment.high,
            moment.source,
        )
        assert len(row.source) > 30
    # the moments no parameter was fitted to are there too, and pass
    assert (table["fitted"] == "").sum() >= 2


def test_fitted_parameters_name_their_moment() -> None:
    table = validation_table().set_index("moment")
    assert table.loc["moment_hre_premium_2025", "fitted"] == "sigma_short_run"
    assert table.loc["moment_us_imports_china_2025", "fitted"] == ""


def test_a_parameter_off_the_record_fails_its_row() -> None:
    table = validation_table(overrides={"sigma_short_run": 0.3}).set_index("moment")
    assert not table.loc["moment_hre_premium_2025", "passed"]
    assert table.drop(index="moment_hre_premium_2025")["passed"].all()
    long_run = validation_table(overrides={"eps_d_short_run": 5.0}).set_index("moment")
    assert not long_run.loc["moment_us_imports_china_2025", "passed"]  # a long-run elasticity


def test_a_named_scenario_uses_its_own_parameters() -> None:
    table = validation_table("quid_pro_quo_busan_2025")
    assert set(table["scenario"]) == {"quid_pro_quo_busan_2025"}
    assert "moment_soybean_fall_2018" in set(table["moment"])
    assert "moment_hre_premium_2025" not in set(table["moment"])  # no EU in this scenario
    with pytest.raises(tg.ScenarioError, match="only trade-model scenarios"):
        validation_table("tariff_chicken")


def test_cli_exit_status_and_json(capsys) -> None:
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "7 of 7 moments inside their band" in out and "FAIL" not in out
    assert main(["validate", "--set", "sigma_short_run=0.3"]) == 3
    assert "FAIL" in capsys.readouterr().out
    assert main(["validate", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["failed"] == 0 and len(data["moments"]) == len(MOMENTS)
    assert np.isclose(data["moments"][0]["observed"], -0.2)
    assert main(["validate", "no_such_scenario"]) == 2
    assert "no such scenario" in capsys.readouterr().err
    assert main(["validate", "tariff_chicken"]) == 2


def test_scenarios_compare_by_value() -> None:
    a = tg.load_scenario("quid_pro_quo_busan_2025")
    b = tg.load_scenario("quid_pro_quo_busan_2025")
    c = tg.load_scenario("quid_pro_quo_busan_2025", {"sigma": 0.2})
    assert a == b and a != c and (a == 3) is False
    assert tg.load_scenario("tariff_chicken") == tg.load_scenario("tariff_chicken")
    with pytest.raises(TypeError):
        hash(a)


def test_overrides_go_to_the_reference_scenarios_that_have_them(capsys) -> None:
    table = validation_table(overrides={"eps_d_soybeans": 5.0}).set_index("moment")
    assert not table.loc["moment_soybean_fall_2018", "passed"]
    assert table.loc["moment_us_imports_china_2025", "passed"]
    with pytest.raises(tg.ScenarioError, match="unknown parameter 'eps_d_soybean'"):
        validation_table(overrides={"eps_d_soybean": 5.0})
    with pytest.raises(tg.ParameterError, match="scenario must be a scenario name"):
        validation_table(3)
    assert main(["validate", "--set", "eps_d_soybeans=5", "--format", "json"]) == 3
    assert json.loads(capsys.readouterr().out)["failed"] == 1
    # a built-in scenario evaluates only the moments that mean the same thing in it
    assert validation_table("quid_pro_quo_busan_2025")["passed"].all()
    assert tg.validate.validation_table is validation_table
