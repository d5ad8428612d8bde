"""The explorer's views: settings are checked as the command line checks --set, and every
number the page shows equals what the library computes at the same setting."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tradegame as tg
from tradegame.explorer import Catalog, InputError, Setting
from tradegame.report.content import fmt

BUSAN = "quid_pro_quo_busan_2025"
STOCKPILE = "us.baseline_stockpile_days"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog()


def busan(catalog: Catalog, **values: str) -> Setting:
    return catalog.setting([("scenario", BUSAN), *values.items()])


# -- settings --------------------------------------------------------------------------------
def test_the_catalog_offers_every_builtin(catalog: Catalog) -> None:
    assert catalog.names == list(tg.list_scenarios()["name"])


def test_a_setting_keeps_only_values_away_from_the_calibration(catalog: Catalog) -> None:
    s = catalog.setting(
        [("scenario", BUSAN), ("sigma", "0.14"), (STOCKPILE, "20"), ("moved", STOCKPILE)]
    )
    assert s == Setting(BUSAN, ((STOCKPILE, 20.0),), STOCKPILE)
    assert s.query() == f"scenario={BUSAN}&{STOCKPILE}=20&moved={STOCKPILE}"
    # the canonical query reads back as the same setting
    from urllib.parse import parse_qsl

    assert catalog.setting(parse_qsl(s.query())) == s


def test_a_setting_without_a_scenario_is_about_the_default(catalog: Catalog) -> None:
    assert catalog.default == BUSAN
    assert catalog.setting({}).scenario == BUSAN


@pytest.mark.parametrize(
    ("pairs", "key", "message"),
    [
        ([("sigma", "abc")], "sigma", "sigma: expected a number, got 'abc'"),
        ([("sigma", "1_0")], "sigma", "sigma: expected a number, got '1_0'"),
        ([("sigma", "nan")], "sigma", "sigma: expected a number, got 'nan'"),
        ([("sigma", "")], "sigma", "sigma: expected a number, got ''"),
        ([("sigma", "__import__('os')")], "sigma", "expected a number"),
        ([("sigma", "０.２")], "sigma", "expected a number"),  # full-width digits
        ([("mcpf", "1.50001")], "mcpf", "mcpf: 1.50001 is outside the calibrated range 1 to 1.5"),
        (
            [("sigma", "5")],
            "sigma",
            "sigma: 5 is outside the calibrated range 0.1 to 0.25 elasticity",
        ),
        ([("sigma", "-inf")], "sigma", "is outside the calibrated range 0.1 to 0.25"),
        (
            [("us_imports_china.eps_s", "3")],
            "us_imports_china.eps_s",
            "3 is outside the calibrated range 9 to ∞ elasticity",
        ),
        ([("sigmaa", "0.2")], "sigmaa", "unknown parameter 'sigmaa' in"),
        ([("sigmaa", "0.2")], "sigmaa", "did you mean sigma?"),
        ([("floor_price", "100")], "floor_price", "floor_price is fixed at 110"),
        ([("sigma", "0.2"), ("sigma", "0.3")], "sigma", "sigma is given twice"),
        ([("moved", "nope")], "moved", "unknown parameter 'nope'"),
    ],
)
def test_a_bad_setting_is_refused_with_the_field_and_the_reason(
    catalog: Catalog, pairs: list[tuple[str, str]], key: str, message: str
) -> None:
    with pytest.raises(InputError) as info:
        catalog.setting([("scenario", BUSAN), *pairs])
    assert info.value.key == key
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_an_unknown_scenario_is_refused_with_a_suggestion(catalog: Catalog) -> None:
    with pytest.raises(InputError, match="did you mean quid_pro_quo_busan_2025") as info:
        catalog.setting({"scenario": "busan"})
    assert info.value.key == "scenario"


def test_the_model_domain_is_checked_as_on_the_command_line(catalog: Catalog) -> None:
    # inside the calibrated range the model still has the last word (here: it accepts)
    assert catalog.setting({"scenario": BUSAN, "us_imports_china.eps_s": "inf"}).values == (
        ("us_imports_china.eps_s", math.inf),
    )


def test_controls_follow_the_calibrated_ranges(catalog: Catalog) -> None:
    rows = {r["name"]: r for r in catalog.parameters(BUSAN)}
    table = tg.load_scenario(BUSAN).parameters().set_index("parameter")
    assert list(rows) == list(table.index)
    stock = rows[STOCKPILE]
    assert stock["control"] == "slider"
    assert (stock["low"], stock["high"], stock["value"]) == (0.0, 30.0, 0.0)
    assert stock["source"] == table.loc[STOCKPILE, "source"]
    assert stock["confidence"] == table.loc[STOCKPILE, "confidence"]
    assert rows["us_imports_china.eps_s"]["control"] == "number"  # 9 to infinity
    assert rows["floor_price"]["control"] == "fixed"  # one sourced value
    for r in rows.values():
        if r["control"] == "slider":
            assert 0 < r["step"] <= (r["high"] - r["low"]) / 80  # 80 positions or more


def test_explicit_scenarios_have_nothing_to_move(catalog: Catalog) -> None:
    assert {r["control"] for r in catalog.parameters("tariff_chicken")} == {"fixed"}
    name = catalog.parameters("tariff_chicken")[0]["name"]
    with pytest.raises(InputError, match="typed in the scenario file"):
        catalog.setting({"scenario": "tariff_chicken", name: "7"})


# -- the views equal the library --------------------------------------------------------------
@pytest.mark.parametrize("name", ["tariff_chicken", BUSAN, "metallic_alliance_2026"])
def test_the_view_shows_the_solver_s_equilibria(catalog: Catalog, name: str) -> None:
    view = catalog.view(catalog.setting({"scenario": name}))
    game = tg.load_scenario(name).game()
    result = tg.solve(game)
    assert len(view["equilibria"]) == len(result.equilibria)
    for shown, eq in zip(view["equilibria"], result.equilibria, strict=True):
        assert shown["payoffs"] == [fmt(float(v)) for v in eq.payoffs]
        assert shown["regret"] == fmt(float(eq.max_regret))
    flat = np.asarray(game.payoff_tensor).reshape(game.n_players, -1)
    assert [p["values"] for p in view["profiles"]] == flat.T.tolist()
    # each equilibrium is marked on exactly the profiles it plays, pure ones as pure
    for k, eq in enumerate(result.equilibria, 1):
        support = {
            tuple(p["index"]) for p in view["profiles"] for e in p["equilibria"] if e["number"] == k
        }
        expected = {
            index
            for index in np.ndindex(*game.shape)
            if all(eq.strategies[i][j] > 0 for i, j in enumerate(index))
        }
        assert support == expected
        flags = {e["pure"] for p in view["profiles"] for e in p["equilibria"] if e["number"] == k}
        assert flags == {bool(eq.pure)}


def test_the_view_at_a_setting_equals_the_command_line_s_solve(catalog: Catalog) -> None:
    view = catalog.view(busan(catalog, **{STOCKPILE: "30"}))
    result = tg.solve(tg.load_scenario(BUSAN, {STOCKPILE: 30}).game())
    calibrated = catalog.view(busan(catalog))
    assert [e["payoffs"] for e in view["equilibria"]] == [
        [fmt(float(v)) for v in eq.payoffs] for eq in result.equilibria
    ]
    # a stockpile changes what escalation costs the US: the table moves, not the deal's cell
    assert [p["values"] for p in view["profiles"]] != [p["values"] for p in calibrated["profiles"]]
    assert view["overrides"] == [[STOCKPILE, "30"]]


def test_views_are_cached_per_parameter_point(catalog: Catalog) -> None:
    first = catalog.view(busan(catalog, sigma="0.2"))
    again = catalog.view(busan(catalog, sigma="0.20", moved="sigma"))
    assert again["query"] == f"scenario={BUSAN}&sigma=0.2&moved=sigma"
    # the same point with another parameter last moved: the same cached result
    assert {k: v for k, v in again.items() if k != "query"} == {
        k: v for k, v in first.items() if k != "query"
    }
    assert again["profiles"] is first["profiles"]


def test_numbers_from_python_are_accepted(catalog: Catalog) -> None:
    s = catalog.setting({"scenario": "tariff_war_2025", "mcpf": 1.25})
    assert s.values == (("mcpf", 1.25),)
    with pytest.raises(InputError, match="expected a number, got True"):
        catalog.setting({"scenario": "tariff_war_2025", "mcpf": True})


def test_a_copy_of_a_builtin_is_listed_under_its_file_name(tmp_path: Path) -> None:
    source = tg.scenario.scenario_paths()["tariff_war_2025"]
    copy = tmp_path / "my_war.toml"
    copy.write_text(Path(source).read_text(encoding="utf-8"), encoding="utf-8")
    catalog = Catalog((copy,))
    assert "my_war" in catalog.names and "tariff_war_2025" in catalog.names
    assert catalog.scenario("my_war").path == copy


def test_an_edited_scenario_file_is_read_again(tmp_path: Path) -> None:
    import os

    source = Path(tg.scenario.scenario_paths()["tariff_chicken"]).read_text(encoding="utf-8")
    path = tmp_path / "chicken.toml"
    path.write_text(source.replace('name = "tariff_chicken"', 'name = "my_chicken"'))
    catalog = Catalog((path,))
    s = catalog.setting({"scenario": "my_chicken"})
    assert catalog.view(s)["profiles"][0]["payoffs"] == ["3", "3"]
    path.write_text(
        path.read_text().replace(
            '"United States" = [[3, 2], [4, 1]]', '"United States" = [[5, 2], [4, 1]]'
        )
    )
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert catalog.view(s)["profiles"][0]["payoffs"] == ["5", "3"]


@pytest.mark.parametrize("kind", ["sequential", "truce", "bargain", "attrition"])
def test_analyses_at_a_setting_are_the_library_s(catalog: Catalog, kind: str) -> None:
    shown = catalog.analysis(busan(catalog, **{STOCKPILE: "15"}), kind)
    direct = tg.analyze(tg.load_scenario(BUSAN, {STOCKPILE: 15}), kind)
    assert shown["findings"] == [str(f) for f in direct.findings]
    assert shown["tables"], "each analysis shows at least one of its tables"


def test_an_analysis_the_scenario_lacks_is_refused(catalog: Catalog) -> None:
    with pytest.raises(InputError, match="has no 'alliance' analysis; it has sequential"):
        catalog.analysis(busan(catalog), "alliance")


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(days=st.floats(0, 30), sigma=st.floats(0.1, 0.25))
def test_the_sensitivity_line_is_a_direct_evaluation(catalog: Catalog, days, sigma) -> None:
    s = busan(catalog, **{STOCKPILE: repr(days), "sigma": repr(sigma), "moved": STOCKPILE})
    line = catalog.line(s, STOCKPILE)
    x = np.array(line["x"])
    assert x[0] == 0 and x[-1] == 30 and days in x and np.all(np.diff(x) > 0)
    # the payoffs of the profile predicted at the setting, as the stockpile alone moves
    scenario = tg.load_scenario(BUSAN, s.overrides)
    eq = tg.solve(scenario.game()).equilibria[0]
    k = 7
    g = tg.load_scenario(BUSAN, {**s.overrides, STOCKPILE: float(x[k])}).game()
    tensor = np.asarray(g.payoff_tensor)
    w = np.multiply.outer(*[np.asarray(p) for p in eq.strategies])
    expected = [float((tensor[i] * w).sum()) for i in range(2)]
    assert [ser["held"][k] for ser in line["series"]] == pytest.approx(expected, rel=1e-9)
    # where the point's game has one equilibrium, the line also gives its payoffs
    only = tg.solve(g)
    if len(only.equilibria) == 1:
        assert [ser["equilibrium"][k] for ser in line["series"]] == pytest.approx(
            [float(v) for v in only.equilibria[0].payoffs], rel=1e-9
        )
    assert line["current"] == days
    covered = [(r["from"], r["to"]) for r in line["regimes"]]
    assert covered[0][0] == 0 and covered[-1][1] == 30


def test_a_line_needs_a_finite_range(catalog: Catalog) -> None:
    line = catalog.line(busan(catalog), "us_imports_china.eps_s")
    assert "no finite calibrated range" in line["reason"]


def test_the_line_finds_where_the_prediction_changes(catalog: Catalog) -> None:
    # in the tariff war, a dearer public dollar (mcpf) first makes China, then the US, raise
    line = catalog.line(catalog.setting({"scenario": "tariff_war_2025"}), "mcpf")
    labels = [r["label"] for r in line["regimes"]]
    assert labels == [
        "keep 20.8% / keep 21.2%",
        "keep 20.8% / raise to 32.6%",
        "raise to 51.1% / raise to 32.6%",
    ]
    for a, b in zip(line["regimes"], line["regimes"][1:], strict=False):
        assert a["to"] < b["from"]  # switches lie between neighbouring points


# -- downloads --------------------------------------------------------------------------------
def test_the_csv_is_the_payoff_table_with_equilibrium_probabilities(catalog: Catalog) -> None:
    s = busan(catalog, **{STOCKPILE: "30"})
    frame = pd.read_csv(io.StringIO(catalog.csv(s)))
    game = tg.load_scenario(BUSAN, {STOCKPILE: 30}).game()
    direct = game.to_frame()
    assert list(frame.columns[:4]) == list(direct.columns)
    np.testing.assert_allclose(frame["China payoff"], direct["China payoff"], rtol=1e-12)
    assert (frame[STOCKPILE] == 30).all()  # the file records its setting


def test_the_csv_gives_each_profile_s_probability_under_each_equilibrium(
    catalog: Catalog,
) -> None:
    frame = pd.read_csv(io.StringIO(catalog.csv(catalog.setting({"scenario": "tariff_chicken"}))))
    game = tg.load_scenario("tariff_chicken").game()
    result = tg.solve(game)
    for k, eq in enumerate(result.equilibria, 1):
        for row in frame.itertuples(index=False):
            i = game.strategies[0].index(row[0])
            j = game.strategies[1].index(row[1])
            expected = float(eq.strategies[0][i]) * float(eq.strategies[1][j])
            assert getattr(row, f"_{3 + k}") == pytest.approx(expected)


def test_the_report_is_the_report_at_the_setting(catalog: Catalog) -> None:
    html = catalog.report(busan(catalog, **{STOCKPILE: "30"}))
    assert html.startswith("<!DOCTYPE html>")
    assert STOCKPILE in html and "Tariffs-for-supply quid pro quo" in html
    solved = tg.solve(tg.load_scenario(BUSAN, {STOCKPILE: 30}).game())
    assert fmt(float(solved.equilibria[0].payoffs[0])) in html


def test_each_analysis_leads_with_the_report_s_sentence(catalog: Catalog) -> None:
    from tradegame.report import summary
    from tradegame.report.content import gather

    facts = gather(tg.load_scenario(BUSAN))
    s = busan(catalog)
    assert catalog.analysis(s, "truce")["headline"] == summary.self_enforcing(facts)
    quoted = dict(summary.highlights(facts))
    assert catalog.analysis(s, "bargain")["headline"] == quoted["What deal would they strike?"]
    sequential = catalog.analysis(s, "sequential")["headline"]
    assert sequential.startswith("Subgame-perfect equilibrium 1: United States: deal")
    assert sequential.endswith(quoted["Is the threat credible?"])


def test_long_keys_and_values_are_cut_in_messages(catalog: Catalog) -> None:
    with pytest.raises(InputError) as info:
        catalog.setting({"scenario": BUSAN, "x" * 5000: "1"})
    assert len(str(info.value)) < 200 and info.value.key.endswith("...")
    with pytest.raises(InputError) as info:
        catalog.setting({"scenario": BUSAN, "sigma": "9" * 5000 + "x"})
    assert len(str(info.value)) < 200


def test_an_explicit_payoff_table_cannot_be_set(catalog: Catalog) -> None:
    with pytest.raises(InputError, match="payoffs is typed in the scenario file"):
        catalog.setting({"scenario": "tariff_chicken", "payoffs": "1"})


def test_payoffs_near_the_largest_float_still_give_a_view(tmp_path) -> None:
    text = (Path(tg.scenario.scenario_paths()["tariff_chicken"])).read_text(encoding="utf-8")
    head, _, _ = text.partition("[payoffs]")
    path = tmp_path / "huge.toml"
    path.write_text(
        head.replace('name = "tariff_chicken"', 'name = "huge_chicken"')
        + '[payoffs]\n"United States" = [[1e308, -1e308], [1.7e308, -1.7e308]]\n'
        + "China = [[1, 2], [3, 4]]\n",
        encoding="utf-8",
    )
    catalog = Catalog((path,))
    view = catalog.view(catalog.setting({"scenario": "huge_chicken"}))
    shades = [x for p in view["profiles"] for x in p["shade"]]
    assert all(0 <= x <= 1 for x in shades)
    json.dumps(view, allow_nan=False)  # what the server sends


def test_a_report_at_a_setting_that_fixes_a_swept_parameter(catalog: Catalog) -> None:
    # the tariff war's own sweep varies both supply elasticities: fixed, it is left out
    s = catalog.setting({"scenario": "tariff_war_2025", "us_imports_china.eps_s": "15"})
    html = catalog.report(s)
    assert "us_imports_china.eps_s" in html and "Sweep over" not in html
    assert "Sweep over" in catalog.report(catalog.setting({"scenario": "tariff_war_2025"}))
