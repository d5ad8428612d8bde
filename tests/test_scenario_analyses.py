"""The strategic analyses of scenarios: `[sequence]`/`[analysis]` tables and `tradegame analyze`."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from games import entry_game
from numpy.testing import assert_allclose

import tradegame as tg
from tradegame.analyses import analyze
from tradegame.analyses.alliance import membership_payoffs
from tradegame.analyses.sequential import sequential_tree
from tradegame.cli import main

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
PD = "tariff_prisoners_dilemma"


# --------------------------------------------------------------------------- textbook games
def test_prisoners_dilemma_truce_threshold_is_t_minus_r_over_t_minus_p() -> None:
    # Friedman (1971): grim trigger sustains cooperation iff delta >= (T - R) / (T - P);
    # Suranovic (2010) table: T = 120, R = 100, P = 90.
    result = analyze(PD, "truce")
    table = result.tables["truce"]
    rows = table[table["punishment"] == "nash-reversion"]
    assert_allclose(rows["delta_star"].to_numpy(), [(120 - 100) / (120 - 90)] * 2)
    assert_allclose(rows["max_breakdown_risk"].to_numpy(), [1 / 3] * 2)


def test_truce_profile_given_explicitly_matches_the_default() -> None:
    deal = {"United States": "free trade", "Brazil": "free trade"}
    a = analyze(PD, "truce", profile=deal).tables["truce"]
    b = analyze(PD, "truce").tables["truce"]
    assert_allclose(a["delta_star"].to_numpy(), b["delta_star"].to_numpy())


def test_chicken_as_a_war_of_attrition() -> None:
    # Ordinal chicken (Rapoport and Guyer 1966): holding out costs 2 - 1 = 1 a period and
    # winning is worth 4 - 2 = 2, so each concedes at hazard c/V = 1/2 (Fudenberg and
    # Tirole 1991, section 4.5.2) and the standoff lasts 1/(1/2 + 1/2) = 1 period.
    result = analyze("tariff_chicken", "attrition")
    assert_allclose(result.tables["sides"]["hazard_per_year"].to_numpy(), [0.5, 0.5])
    assert_allclose(result.extra["expected_duration_years"], 1.0)


def test_prisoners_dilemma_standoff_lasts_for_ever(capsys: pytest.CaptureFixture[str]) -> None:
    # Mutual tariffs are the one-shot equilibrium: neither side loses by holding out.
    result = analyze(PD, "attrition")
    assert result.extra["expected_duration_years"] == np.inf
    assert main(["analyze", PD, "--attrition", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out, parse_constant=pytest.fail)
    assert doc["expected_duration_years"] == "inf"


def test_chicken_first_mover_wins() -> None:
    # Schelling (1960): the side that commits first gets its preferred outcome.
    result = analyze("tariff_chicken", "sequential")
    (eq,) = result.extra["equilibria"]
    assert eq["path"] == ["escalate", "concede"]
    assert eq["payoffs"] == {"United States": 4.0, "China": 2.0}


def test_prisoners_dilemma_bargaining_splits_symmetrically() -> None:
    # Symmetric feasible set and disagreement (90, 90): the Nash solution is (100, 100).
    result = analyze(PD, "bargain")
    table = result.tables["solutions"]
    nash = table[table["solution"] == "nash"]
    assert_allclose(nash[["United States payoff", "Brazil payoff"]].to_numpy(), [[100, 100]] * 2)
    assert set(table["disagreement"]) == {"one-shot equilibrium", "standoff"}


def test_sequential_tree_payoffs_match_the_game() -> None:
    scenario = tg.load_scenario("rare_earth_escalation_2025")
    game = scenario.game()
    tree = sequential_tree(game, scenario.analysis.sequence)
    frame = tree.to_frame()
    assert len(frame) == 6 * 3
    china = game.payoff("China")[:, :, 0, 0, 0]
    assert_allclose(np.sort(frame["China payoff"].to_numpy()), np.sort(china.ravel()))


def test_sequential_tree_with_hidden_moves_is_simultaneous() -> None:
    game = tg.load_scenario(PD).game()
    seq = tg.analyses.Sequence(game.players, {"United States": (), "Brazil": ()})
    tree = sequential_tree(game, seq)
    assert not tree.is_perfect_information
    result = tg.subgame_perfect(tree)
    assert [e.payoffs for e in result] == [{"United States": 90.0, "Brazil": 90.0}]


# --------------------------------------------------------------------------- built-in scenarios
def test_rare_earth_threat_and_stockpile_threshold() -> None:
    result = analyze("rare_earth_escalation_2025", "sequential")
    days = result.extra["threat_stops_at_extra_stockpile_days"]
    assert days is not None and 0 < days < 365
    # below the threshold the threat pays China, above it it costs China
    stock = result.tables["stockpile"]
    below = stock[stock["extra_stockpile_days"] < days]["threat_gain"]
    above = stock[stock["extra_stockpile_days"] > days]["threat_gain"]
    assert (below > 0).all() and (above < 0).all()


def test_alliance_values_and_stability_agree_with_the_payoffs() -> None:
    scenario = tg.load_scenario("metallic_alliance_2026")
    spec = scenario.analysis.alliance
    result = analyze(scenario, "alliance")
    payoffs, _ = membership_payoffs(scenario.game(), spec.members, spec.join, spec.stay_out)
    grand = frozenset(spec.members)
    shares = result.tables["shares"]
    col = {m: scenario.game().player_index(m) for m in spec.members}
    total = sum(payoffs[grand][col[m]] - payoffs[frozenset()][col[m]] for m in spec.members)
    assert_allclose(shares["shapley"].sum(), total)  # efficiency
    for row in result.tables["stability"].itertuples():
        members = frozenset(m for m in spec.members if m in str(row.members))
        inside = all(
            payoffs[members][col[m]] >= payoffs[members - {m}][col[m]] - 1e-12 for m in members
        )
        assert row.internally_stable == inside
    # the Shapley payments cover the pool's cost and leave each member its Shapley value
    costs = result.tables["pool_cost"].set_index("member")
    assert_allclose(costs["shapley_payment"].sum(), costs["charged_by_use"].sum())
    net = (
        shares.set_index("member")["gain_in_grand_alliance"]
        + costs["charged_by_use"]
        - costs["shapley_payment"]
    )
    assert_allclose(net.to_numpy(), shares["shapley"].to_numpy())


def test_busan_truce_and_bargaining_report_numbers() -> None:
    truce = analyze("quid_pro_quo_busan_2025", "truce")
    assert set(truce.tables["truce"]["player"]) == {"China", "United States"}
    assert np.isfinite(truce.tables["truce"]["cooperative_payoff"]).all()
    bargain = analyze("quid_pro_quo_busan_2025", "bargain")
    table = bargain.tables["solutions"]
    for _, nash in table[table["solution"] == "nash"].iterrows():
        assert nash["China gain"] > 0 and nash["United States gain"] > 0
        assert 0.208 <= nash["us.tariff"] <= 0.57


# --------------------------------------------------------------------------- scenario files
BAD_TABLES = [
    ('[sequence]\norder = ["United States", "Mexico"]\n', "sequence.order[1]", "unknown player"),
    ('[sequence]\norder = ["United States"]\n', "sequence.order", "leaves out 'Brazil'"),
    (
        '[sequence]\norder = ["United States", "Brazil"]\n'
        'observes = { "United States" = ["Brazil"] }\n',
        "sequence.observes.United States",
        "can only observe earlier movers",
    ),
    (
        '[sequence]\norder = ["United States", "Brazil"]\nspeed = 1\n',
        "sequence.speed",
        "unknown key",
    ),
    (
        '[analysis]\ndeal = { "United States" = "free trad", Brazil = "free trade" }\n',
        "analysis.deal.United States",
        "has no strategy 'free trad'",
    ),
    (
        '[analysis]\ndeal = { Brazil = "free trade" }\n',
        "analysis.deal",
        "no strategy for 'United States'",
    ),
    (
        "[analysis]\n"
        'threat = { player = "Brazil", action = "free trade", instead = "free trade" }\n',
        "analysis.threat.instead",
        "must differ",
    ),
    ("[analysis]\ninterest_rate = -0.1\n", "analysis.interest_rate", "in [0, 1)"),
    (
        '[sequence]\norder = ["United States", "Brazil"]\n'
        'observes = { Brazil = ["United States", "United States"] }\n',
        "sequence.observes.Brazil",
        "lists a player twice",
    ),
    (
        '[analysis]\ndeal = { "United States" = "free trade", Brazil = "free trade" }\n'
        'standoff = { "United States" = "free trade", Brazil = "free trade" }\n',
        "analysis.standoff",
        "same profile as analysis.deal",
    ),
    ('[analysis]\nstockpile_days = ["mcpf"]\n', "analysis.stockpile_days[0]", "counted in days"),
    (
        '[analysis]\ndeal_levers = { "us.tariff" = [0.5, 0.1] }\n',
        "analysis.deal_levers.us.tariff",
        "low < high",
    ),
]


@pytest.mark.parametrize(("table", "key", "message"), BAD_TABLES)
def test_bad_analysis_tables_are_one_line_errors(
    tmp_path: Path, table: str, key: str, message: str
) -> None:
    path = tmp_path / "pd.toml"
    text = (SCENARIOS / f"{PD}.toml").read_text().split("\n# Strategic analyses")[0]
    path.write_text(text + "\n" + table)
    with pytest.raises(tg.ScenarioError) as info:
        tg.load_scenario(path)
    assert key in str(info.value) and message in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_tables_say_what_to_add(tmp_path: Path) -> None:
    path = tmp_path / "pd.toml"
    path.write_text((SCENARIOS / f"{PD}.toml").read_text().split("\n# Strategic analyses")[0])
    with pytest.raises(tg.ScenarioError, match=r"sequence.*missing.*\[sequence\] table"):
        analyze(tg.load_scenario(path), "sequential")
    with pytest.raises(tg.ScenarioError, match=r"analysis\.deal.*missing"):
        analyze(tg.load_scenario(path), "truce")
    with pytest.raises(tg.ScenarioError, match=r"analysis\.alliance.*missing"):
        analyze(tg.load_scenario(path), "alliance")
    with pytest.raises(tg.ScenarioError, match="this scenario offers 'sequential', 'truce'"):
        analyze("tariff_chicken", "alliance")


# --------------------------------------------------------------------------- command line
def test_cli_truce_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["analyze", PD, "--truce", "United States=free; Brazil=1", "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0 and doc["analysis"] == "truce"
    assert doc["deal"] == {"United States": "free trade", "Brazil": "free trade"}
    assert doc["game"]["players"] == ["United States", "Brazil"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["analyze", PD, "--truce", "Mexico=free trade"], "PLAYER=STRATEGY"),
        (["analyze", PD, "--truce", "Brazil=tariff"], "no strategy 'tariff'"),
        (
            ["analyze", PD, "--truce", "Brazil=free trade"],
            "--truce: no strategy for 'United States'",
        ),
        (["analyze", PD, "--alliance"], "analysis.alliance"),
    ],
)
def test_cli_analyze_errors(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_cli_sequential_on_an_efg_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Selten's entry game (Osborne 2004, Figure 154.1): out (1, 2); in then acquiesce (2, 1)
    # or fight (0, 0). One subgame-perfect equilibrium: in, acquiesce.
    tree = entry_game()
    path = tmp_path / "entry.efg"
    tg.write_efg(tree, path)
    assert main(["analyze", str(path), "--sequential", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["analysis"] == "sequential"
    assert [e["path"] for e in doc["equilibria"]] == [["in", "acquiesce"]]
    assert doc["equilibria"][0]["payoffs"] == {"Challenger": 2, "Incumbent": 1}
    assert main(["analyze", str(path), "--truce"]) == 2


# --------------------------------------------------------------------------- lever stages
BUSAN = (SCENARIOS / "quid_pro_quo_busan_2025.toml").read_text()
STAGED = """order = [
  { player = "United States", levers = ["tariff"] },
  { player = "China", levers = ["export_control", "tariff", "soybean_tariff", "purchases"] },
  { player = "United States", levers = ["chips", "revenue_share"] },
]"""


def _busan_with(tmp_path: Path, order: str) -> Path:
    path = tmp_path / "busan.toml"
    path.write_text(BUSAN.replace('order = ["United States", "China"]', order))
    return path


def test_lever_stages_match_whole_strategies_on_the_listed_path(tmp_path: Path) -> None:
    staged = tg.load_scenario(_busan_with(tmp_path, STAGED))
    tree = tg.analyses.sequential.scenario_tree(staged)
    # 2 US tariffs x 2 Chinese settings x 2 chip settings (licensed at 15% and 25%, banned)
    assert tree.n_outcomes == 2 * 2 * 3
    result = analyze(staged, "sequential")
    whole = analyze("quid_pro_quo_busan_2025", "sequential")
    (eq,) = result.extra["equilibria"]
    assert eq["path"][0] == "tariff = 0.475"
    assert_allclose(
        list(eq["payoffs"].values()), list(whole.extra["equilibria"][0]["payoffs"].values())
    )
    # every leaf is the payoff model at the combined lever settings
    frame = tree.to_frame()
    us_banned_low_tariff = frame[frame["path"].str.startswith("tariff = 0.475")]
    assert len(us_banned_low_tariff) == 6


@pytest.mark.parametrize(
    ("order", "key", "message"),
    [
        (
            'order = [{ player = "United States", levers = ["tariff"] }, '
            '{ player = "United States", levers = ["tariff"] }, "China"]',
            "sequence.order[1].levers",
            "set at two stages",
        ),
        (
            'order = ["United States", "United States", "China"]',
            "sequence.order[0]",
            "moves more than once",
        ),
        ('order = [{ player = "United States" }, "China"]', "sequence.order[0].levers", "missing"),
    ],
)
def test_bad_lever_stages_are_refused_when_read(
    tmp_path: Path, order: str, key: str, message: str
) -> None:
    with pytest.raises(tg.ScenarioError) as info:
        tg.load_scenario(_busan_with(tmp_path, order))
    assert key in str(info.value) and message in str(info.value)


@pytest.mark.parametrize(
    ("order", "message"),
    [
        (
            'order = [{ player = "United States", levers = ["tarif"] }, "China"]',
            "has no lever 'tarif'",
        ),
        (
            'order = [{ player = "United States", levers = ["tariff"] }, "China"]',
            "differs between its strategies but is set at no stage",
        ),
    ],
)
def test_bad_lever_names_are_refused_when_analysed(
    tmp_path: Path, order: str, message: str
) -> None:
    scenario = tg.load_scenario(_busan_with(tmp_path, order))
    with pytest.raises(tg.ScenarioError, match=message):
        analyze(scenario, "sequential")


# --------------------------------------------------------------------------- hostile inputs
def test_truce_profile_is_checked_in_python() -> None:
    with pytest.raises(tg.ParameterError, match="unknown player 'Mexico'"):
        analyze(PD, "truce", profile={"Mexico": "free trade"})
    with pytest.raises(tg.ParameterError, match="has no strategy 'free'"):
        analyze(PD, "truce", profile={"United States": "free", "Brazil": "free trade"})
    with pytest.raises(tg.ParameterError, match="takes none"):
        analyze(PD, "bargain", profile={})


def test_cli_truce_refuses_a_player_twice(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", PD, "--truce", "Brazil=1; Brazil=2; United States=1"]) == 2
    assert "twice" in capsys.readouterr().err


def test_interest_rate_from_the_model_is_checked() -> None:
    scenario = tg.load_scenario("quid_pro_quo_busan_2025", {"discount_rate": 5.0})
    with pytest.raises(tg.ScenarioError, match=r"discount_rate.*\[0, 1\); got 5"):
        analyze(scenario, "truce")
    # a rate too small to move a double below 1 is no impatience, not an error
    tiny = tg.load_scenario("quid_pro_quo_busan_2025", {"discount_rate": 1e-17})
    assert any("give the Nash solution" in f for f in analyze(tiny, "bargain").findings)


@pytest.mark.parametrize(
    ("levers", "message"),
    [
        ('"china.export_control" = [0.0, 5.0]', "bound 5: china.export_control must be in"),
        ('"us.chips" = [0.0, 1.0]', "continuous levers only"),
        ('"us.tarif" = [0.2, 0.5]', "unknown lever"),
    ],
)
def test_bad_deal_levers_name_the_key(tmp_path: Path, levers: str, message: str) -> None:
    line = next(x for x in BUSAN.splitlines() if x.startswith("deal_levers = "))
    path = tmp_path / "busan.toml"
    path.write_text(BUSAN.replace(line, "deal_levers = { " + levers + " }"))
    with pytest.raises(tg.ScenarioError, match=message) as info:
        analyze(tg.load_scenario(path), "bargain")
    assert "analysis.deal_levers." in str(info.value)


def test_a_threat_at_an_information_set_is_reported_not_raised(tmp_path: Path) -> None:
    path = _busan_with(tmp_path, 'order = ["United States", "China"]\nobserves = { China = [] }')
    result = analyze(tg.load_scenario(path), "sequential")
    assert any("information set" in f for f in result.findings)


# --------------------------------------------------------------------------- batches for sweeps
def test_truce_thresholds_for_a_batch_equal_the_single_analysis() -> None:
    from tradegame.analyses.truce import critical_discounts
    from tradegame.repeated import critical_discount

    scenario = tg.load_scenario("quid_pro_quo_busan_2025")
    costs = np.array([0.0, 0.3, 1.0])
    frame = critical_discounts(scenario, {"chip_security_cost": costs}, punishment="optimal")
    for k, cost in enumerate(costs):
        point = tg.load_scenario("quid_pro_quo_busan_2025", {"chip_security_cost": cost})
        single = critical_discount(point.game(), dict(point.analysis.deal), "optimal")
        got = frame[frame["point"] == k].set_index("player")["delta_star"].to_dict()
        assert_allclose([got[p] for p in single], list(single.values()))


def test_alliance_shapley_for_a_batch_equals_the_single_analysis() -> None:
    from tradegame.analyses.alliance import shapley_values

    pools = np.array([0.06, 0.12, 0.25])
    scenario = tg.load_scenario("metallic_alliance_2026")
    frame = shapley_values(scenario, {"pool_value": pools})
    for k, pool in enumerate(pools):
        point = tg.load_scenario("metallic_alliance_2026", {"pool_value": pool})
        single = analyze(point, "alliance").tables["shares"].set_index("member")["shapley"]
        got = frame[frame["point"] == k].set_index("member")["shapley"]
        assert_allclose(got[single.index].to_numpy(), single.to_numpy(), atol=1e-12)
