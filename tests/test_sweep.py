"""Parameter sweeps: tables, batched kernels against single games, resuming, workers, Dask."""

from __future__ import annotations

import importlib
import json
import math
import signal
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pytest

import tradegame as tg
from tradegame.errors import OutputError, ParameterError, ScenarioError
from tradegame.regimes import locate_switches, regime_shares, wilson_interval
from tradegame.sampling import Distribution, uniforms
from tradegame.solvers.batched import canonical_order
from tradegame.sweep import SweepSpec, parse_grid, run_sweep
from tradegame.sweep_summary import summarize

TARIFF = "tariff_war_2025"
US_EPS = "us_imports_china.eps_s"
CN_EPS = "china_imports_us.eps_s"


def us_threshold() -> float:
    """The export-supply elasticity below which the US gains by raising its tariff.

    Tariff block (tradegame.economics.tariff) with eps_d = 1: moving the tariff
    from t0 to t with L = ln((1 + t) / (1 + t0)) and exporters' share
    sh = 1 / (1 + eps_s), the importer's gain per unit of imports is
    -(1 + t0)(1 - sh) L + t exp(-L) - t0 (consumer surplus, log form at
    eps_d = 1, plus revenue). It is zero at 1 - sh = (t exp(-L) - t0) / ((1 + t0) L).
    """
    t0, t = 0.208, 0.511
    big_l = math.log((1 + t) / (1 + t0))
    borne_at_home = (t * math.exp(-big_l) - t0) / ((1 + t0) * big_l)
    share = 1 - borne_at_home
    return 1 / share - 1


# -- specs and sampling ------------------------------------------------------------------------
def test_parse_grid_and_errors():
    name, values = parse_grid("india.inventory_days=21:70:8")
    assert name == "india.inventory_days"
    assert values[0] == 21 and values[-1] == 70 and len(values) == 8
    for bad, message in [
        ("sigma=0.1:0.3", "PARAM=START:STOP:NUM"),
        ("sigma", "PARAM=START:STOP:NUM"),
        ("sigma=a:b:3", "START and STOP are plain numbers"),
        ("sigma=1_0:2:3", "START and STOP are plain numbers"),
        ("sigma=\uff11:2:3", "START and STOP are plain numbers"),  # a fullwidth digit
        ("sigma=0.1:0.3:x", "NUM is a whole number"),
        ("sigma=0.1:0.3:1_0", "NUM is a whole number"),
        ("sigma=0.1:0.3:0", "NUM must be between 1 and"),
    ]:
        with pytest.raises(ParameterError, match=message):
            parse_grid(bad)


def test_uniform_draws_do_not_depend_on_the_chunking():
    whole = uniforms(3, 0, 9000, 3)
    assert ((whole > 0) & (whole < 1)).all()
    pieces = np.concatenate([uniforms(3, a, min(a + 777, 9000), 3) for a in range(0, 9000, 777)])
    assert np.array_equal(whole, pieces)
    assert not np.array_equal(uniforms(4, 0, 10, 3), whole[:10])


@pytest.mark.parametrize(
    ("text", "u", "expected"),
    [
        ("uniform(2, 4)", [0.25, 0.5], [2.5, 3.0]),
        ("loguniform(1, 100)", [0.5], [10.0]),
        ("normal(1, 2)", [0.5], [1.0]),
        ("lognormal(0, 1)", [0.5], [1.0]),
        ("triangular(0, 1, 2)", [0.5, 0.125], [1.0, 0.5]),
        ("truncnormal(0, 1, -1, 1)", [0.5], [0.0]),
    ],
)
def test_distribution_quantiles(text, u, expected):
    assert np.allclose(Distribution.parse(text).ppf(u), expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("uniform(3, 1)", "low must be below high"),
        ("gamma(1, 2)", "unknown distribution 'gamma'"),
        ("normal(1)", "takes 2 numbers; got 1"),
        ("normal(1, -2)", "sd must be above 0"),
        ("uniform(1, __import__)", "is not a number"),
        ("uniform 1 2", "cannot read distribution"),
        ("triangular(0, 3, 2)", "mode must lie between"),
        ("loguniform(0, 2)", "low must be above 0"),
        ("uniform(1, inf)", "finite numbers"),
    ],
)
def test_distribution_errors(text, message):
    with pytest.raises(ParameterError, match=message):
        Distribution.parse(text)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"grid": {"no_such_parameter": [1, 2]}}, "unknown parameter 'no_such_parameter'"),
        ({"grid": {US_EPS: [-1.0, 2.0]}}, "eps_s"),
        ({"grid": {"point": [1, 2]}}, "cannot be called 'point'"),
        ({"grid": {US_EPS: [1.0, float("nan")]}}, "finite numbers"),
        ({"grid": {US_EPS: ["a", 2.0]}}, "a list of numbers"),
        ({"grid": {US_EPS: [True, 2.0]}}, "a list of numbers"),
        ({"grid": {US_EPS: 3.0}}, "a list of numbers"),
        ({"grid": {US_EPS: [1.0]}, "overrides": {US_EPS: 2.0}}, "both fixed"),
        ({"sample": {"nosuch": "uniform(1, 6)"}, "samples": 3}, "unknown parameter 'nosuch'"),
        ({"sample": {US_EPS: "lognormal(800, 1)"}, "samples": 3}, "too large for a float"),
        ({"sample_ranges": 5, "samples": 3}, "takes confidence levels"),
        ({"grid": [1, 2]}, "grid must be a mapping"),
        ({"sample": {US_EPS: "uniform(1, 5)"}}, "number of draws"),
        ({"sample": {US_EPS: "normal(3, 5)"}, "samples": 10}, "reaches values the model refuses"),
        ({"grid": {US_EPS: [1.0]}, "samples": 5}, "draws random parameters"),
        ({"grid": {US_EPS: [1.0]}, "equilibria": "mixed"}, "unknown equilibria 'mixed'"),
        ({"grid": {US_EPS: [1.0]}, "chunk_size": 0}, "chunk_size must be between"),
        ({"sample_ranges": "certain", "samples": 3}, "unknown confidence level 'certain'"),
    ],
)
def test_bad_sweep_arguments(kwargs, message):
    with pytest.raises(ParameterError, match=message):
        SweepSpec.build(TARIFF, **kwargs)


def test_a_sweep_needs_a_grid_draws_or_a_sweep_table():
    with pytest.raises(ParameterError, match="nothing to sweep: give a grid"):
        SweepSpec.build("quid_pro_quo_busan_2025")  # a file without a [sweep] table


def test_explicit_scenarios_have_nothing_to_sweep():
    with pytest.raises(ParameterError, match="explicit-payoff scenario has no parameters"):
        tg.sweep("tariff_chicken", grid={"x": [1]})


# -- the table ---------------------------------------------------------------------------------
def test_table_columns_and_the_known_switch():
    table = tg.sweep(TARIFF, grid={US_EPS: [1.0, 19.0]})
    assert list(table.columns) == [
        US_EPS,
        "point",
        "equilibrium",
        "n_equilibria",
        "player",
        "strategy",
        "probabilities",
        "pure",
        "complete",
        "payoff",
        "outcome",
        "regime",
    ]
    us = table[table.player == "United States"].set_index(US_EPS)
    assert us.loc[1.0, "strategy"] == "raise to 51.1%"
    assert us.loc[19.0, "strategy"] == "keep 20.8%"
    game = tg.load_scenario(TARIFF, {US_EPS: 1.0}).game()
    assert us.loc[1.0, "payoff"] == pytest.approx(game.payoff_tensor[0][1, 0], rel=1e-12)
    assert list(us.loc[1.0, "probabilities"]) == [0.0, 1.0]


def _single_game_rows(name, values, equilibria="all"):
    """The rows a sweep should give, from the single-game API point by point."""
    rows = []
    n = len(next(iter(values.values())))
    for k in range(n):
        s = tg.load_scenario(name, {p: float(v[k]) for p, v in values.items()})
        g = s.game()
        result = tg.pure_nash(g) if equilibria == "pure" else tg.solve(g)
        listed = [
            np.array([e.strategies[i] for e in result]).reshape(len(result), size)
            for i, size in enumerate(g.shape)
        ]
        for j in canonical_order(listed):
            e = result[int(j)]
            for i, player in enumerate(g.players):
                rows.append((k, player, tuple(e.strategies[i]), e.payoffs[i]))
    return rows


def _sweep_rows(table):
    found = table[table.equilibrium >= 0]
    return [
        (int(r.point), r.player, tuple(r.probabilities), r.payoff)
        for r in found.itertuples(index=False)
    ]


def _assert_rows_match(got, expected):
    assert len(got) == len(expected)
    for (p, player, probs, pay), (q, player2, probs2, pay2) in zip(got, expected, strict=True):
        assert (p, player) == (q, player2)
        assert np.allclose(probs, probs2, atol=1e-9)
        assert pay == pytest.approx(pay2, rel=1e-9, abs=1e-9)


def test_monte_carlo_of_a_two_player_scenario_matches_the_single_game_api():
    spec = SweepSpec.build(
        "quid_pro_quo_busan_2025", sample_ranges=["low", "medium"], samples=24, seed=5
    )
    table = run_sweep(spec).read()
    values = spec.values(0, spec.points)
    _assert_rows_match(_sweep_rows(table), _single_game_rows(spec.scenario.name, values))


def test_pure_sweep_of_the_four_player_scenario_matches_pure_nash():
    spec = SweepSpec.build(
        "india_magnet_shortage_2025",
        grid={"india.inventory_days": [21, 70]},
        sample={"sigma": "uniform(0.1, 0.25)", "kappa_april_2025": "uniform(0.38, 0.74)"},
        samples=6,
        seed=2,
    )
    assert spec.equilibria == "pure"
    table = run_sweep(spec).read()
    values = spec.values(0, spec.points)
    _assert_rows_match(
        _sweep_rows(table), _single_game_rows(spec.scenario.name, values, equilibria="pure")
    )
    # the same draws at both grid values (common random numbers)
    assert np.array_equal(values["sigma"][:6], values["sigma"][6:])


def test_points_without_a_pure_equilibrium_keep_their_rows():
    table = tg.sweep("metallic_alliance_2026", grid={"sigma": [0.14]}, equilibria="pure")
    assert (table.equilibrium == -1).all() and table.payoff.isna().all()
    assert set(table.regime) == {"no pure equilibrium"}
    assert len(table) == 6  # one row per player


# -- resuming, workers, Dask -------------------------------------------------------------------
SPEC_ARGS = {
    "grid": {"india.inventory_days": "21.0:70.0:5"},
    "sample": {"sigma": "uniform(0.1, 0.25)"},
    "samples": 40,
    "seed": 11,
    "chunk_size": 16,
}


def test_resumed_sweep_equals_the_uninterrupted_one(tmp_path, monkeypatch):
    sweep_module = importlib.import_module("tradegame.sweep")  # tradegame.sweep is the function

    spec = SweepSpec.build("india_magnet_shortage_2025", **SPEC_ARGS)
    whole = run_sweep(spec, out=tmp_path / "whole").read()
    real = sweep_module._chunk_table
    calls = {"n": 0}

    def failing(spec, chunk):
        calls["n"] += 1
        if calls["n"] > 4:
            raise KeyboardInterrupt
        return real(spec, chunk)

    monkeypatch.setattr(sweep_module, "_chunk_table", failing)
    with pytest.raises(KeyboardInterrupt):
        run_sweep(spec, out=tmp_path / "resumed")
    assert len(list((tmp_path / "resumed").glob("part-*.parquet"))) == 4
    monkeypatch.setattr(sweep_module, "_chunk_table", real)
    run = run_sweep(spec, out=tmp_path / "resumed")
    assert (run.computed, run.skipped) == (spec.chunks - 4, 4)
    pd.testing.assert_frame_equal(run.read(), whole)
    pd.testing.assert_frame_equal(
        pd.read_parquet(tmp_path / "resumed"), pd.read_parquet(tmp_path / "whole")
    )


def test_killed_command_line_sweep_resumes_to_the_same_table(tmp_path):
    out = tmp_path / "killed"
    command = [
        sys.executable,
        "-m",
        "tradegame",
        "sweep",
        "india_magnet_shortage_2025",
        "--grid",
        "india.inventory_days=21:70:50",
        "--sample",
        "sigma=uniform(0.1, 0.25)",
        "--samples",
        "40",
        "--seed",
        "3",
        "--chunk-size",
        "20",
        "--out",
        str(out),
    ]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if len(list(out.glob("part-*.parquet"))) >= 3:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    written = len(list(out.glob("part-*.parquet")))
    assert 0 < written < 100, "the sweep was not interrupted mid-run"
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "skipped" in done.stdout
    clean = tmp_path / "clean"
    subprocess.run([*command[:-1], str(clean)], capture_output=True, check=True)
    assert not list(out.glob(".tradegame-*"))  # no partial chunk left behind
    pd.testing.assert_frame_equal(pd.read_parquet(out), pd.read_parquet(clean))


def test_a_different_sweep_refuses_to_mix_with_old_chunks(tmp_path):
    spec = SweepSpec.build("india_magnet_shortage_2025", **SPEC_ARGS)
    run_sweep(spec, out=tmp_path)
    other = SweepSpec.build("india_magnet_shortage_2025", **{**SPEC_ARGS, "seed": 12})
    with pytest.raises(OutputError, match=r"different sweep \(differs in: seed\)"):
        run_sweep(other, out=tmp_path)
    (tmp_path.parent / "full").mkdir()
    (tmp_path.parent / "full" / "notes.txt").write_text("mine")
    with pytest.raises(OutputError, match="not empty and holds no sweep"):
        run_sweep(spec, out=tmp_path.parent / "full")


def test_changed_model_version_refuses(tmp_path):
    from tradegame.scenario import scenario_paths

    source = scenario_paths()[TARIFF]
    copy = tmp_path / "war.toml"
    copy.write_text(source.read_text())
    run_sweep(SweepSpec.build(copy, grid={US_EPS: [1.0, 2.0]}), out=tmp_path / "out")
    copy.write_text(source.read_text().replace('confidence = "medium"', 'confidence = "low"', 1))
    with pytest.raises(OutputError, match="model_version"):
        run_sweep(SweepSpec.build(copy, grid={US_EPS: [1.0, 2.0]}), out=tmp_path / "out")


def test_process_pool_gives_the_same_table():
    spec = SweepSpec.build("india_magnet_shortage_2025", **SPEC_ARGS)
    local = run_sweep(spec).read()
    pooled = run_sweep(spec, workers=2).read()
    pd.testing.assert_frame_equal(pooled, local)


def test_dask_local_cluster_gives_the_same_table(tmp_path):
    distributed = pytest.importorskip("distributed")
    spec = SweepSpec.build("india_magnet_shortage_2025", **SPEC_ARGS)
    local = run_sweep(spec, out=tmp_path / "local").read()
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = run_sweep(spec, out=tmp_path / "dask", client=client).read()
        in_memory = tg.sweep("india_magnet_shortage_2025", client=client, **SPEC_ARGS)
    pd.testing.assert_frame_equal(remote, local)
    pd.testing.assert_frame_equal(in_memory, local)


# -- regimes, thresholds, sensitivity ----------------------------------------------------------
def test_threshold_finder_reproduces_the_closed_form_switch():
    spec = SweepSpec.build(TARIFF, grid={US_EPS: "1.0:6.0:11"})
    summary = summarize(run_sweep(spec), sensitivity=False)
    assert len(summary.thresholds) == 1
    row = summary.thresholds.iloc[0]
    assert row.value == pytest.approx(us_threshold(), rel=1e-9, abs=0)
    assert row.below.startswith("raise to 51.1%")
    assert row.above.startswith("keep 20.8%")
    shares = summary.shares.set_index("regime")["share"]
    assert shares.sum() == pytest.approx(1.0)
    assert "Thresholds" in str(summary)


def test_locate_switches_on_a_closed_form_classifier():
    def classify(values):
        x = values["x"]
        return np.where(x < math.pi, "low", np.where(x < 2 * math.e + values["y"], "mid", "high"))

    value, below, above = locate_switches(
        classify, "x", [0.0, 4.0, 4.0], [4.0, 9.0, 9.0], {"y": [0.0, 0.0, 1.0]}
    )
    assert value == pytest.approx([math.pi, 2 * math.e, 2 * math.e + 1], rel=1e-12)
    assert list(below) == ["low", "mid", "mid"] and list(above) == ["mid", "high", "high"]


def test_monte_carlo_shares_have_wilson_intervals():
    spec = SweepSpec.build(TARIFF, sample={US_EPS: "uniform(1, 20)"}, samples=4000, seed=1)
    summary = summarize(run_sweep(spec), sensitivity=False)
    raise_rows = summary.shares[summary.shares.regime.str.startswith("raise")]
    truth = (us_threshold() - 1) / 19
    row = raise_rows.iloc[0]
    assert row.ci_low < truth < row.ci_high
    assert row.ci_high - row.ci_low < 0.03
    # the one-at-a-time threshold is found by bisection too
    assert summary.thresholds.value.iloc[0] == pytest.approx(us_threshold(), rel=1e-9)


def test_wilson_interval_known_values():
    # Brown, Cai and DasGupta (2001), eq. (4): the Wilson interval for x = 0 is [0, z^2/(n+z^2)]
    low, high = wilson_interval(0, 20)
    assert float(low) == 0.0
    assert float(high) == pytest.approx(1.959964**2 / (20 + 1.959964**2), rel=1e-6)
    frame = regime_shares(["a", "b", "b"], random_draws=True)
    assert list(frame.regime) == ["b", "a"] and frame.points.tolist() == [2, 1]


def test_sobol_indices_single_out_what_the_outcome_hangs_on():
    from tradegame.sensitivity import sobol_indices

    table = sobol_indices(
        TARIFF,
        {US_EPS: (1.0, 6.0), "us_imports_china.imports": (300.0, 500.0)},
        n=512,
    )
    outcome = table[table.output.str.startswith("outcome: raise")].set_index("parameter")
    # the US choice turns on who bears the tariff, not on the size of the flow
    assert outcome.loc["us_imports_china.imports", "ST"] == pytest.approx(0.0, abs=1e-12)
    assert outcome.loc[US_EPS, "ST"] > 0.9
    payoff = table[table.output == "payoff: United States"].set_index("parameter")
    assert payoff.loc["us_imports_china.imports", "ST"] > 0.01
    with pytest.raises(ParameterError, match="power of 2"):
        sobol_indices(TARIFF, {US_EPS: (1.0, 6.0), CN_EPS: (1.0, 6.0)}, n=100)


# -- command line ------------------------------------------------------------------------------
def _cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "tradegame", *args], capture_output=True, text=True, cwd=cwd
    )


def test_command_line_sweep_writes_a_parquet_dataset(tmp_path):
    out = tmp_path / "war"
    done = _cli(
        "sweep",
        TARIFF,
        "--grid",
        f"{US_EPS}=1:6:11",
        "--grid",
        f"{CN_EPS}=1:6:3",
        "--out",
        str(out),
        "--summary",
    )
    assert done.returncode == 0, done.stderr
    table = pd.read_parquet(out)
    assert {US_EPS, CN_EPS, "player", "payoff", "strategy"} <= set(table.columns)
    assert table.point.nunique() == 33
    assert str(out) in done.stdout
    assert "Thresholds" in done.stdout and "Sensitivity" in done.stdout
    python = tg.sweep(TARIFF, grid={US_EPS: "1.0:6.0:11", CN_EPS: "1.0:6.0:3"})
    pd.testing.assert_frame_equal(table, python, check_dtype=False, check_categorical=False)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--grid", "sigma=1:2"], "PARAM=START:STOP:NUM"),
        (["--grid", "nope=1:2:3"], "unknown parameter 'nope'"),
        (["--sample", "sigma=uniform(1)"], "takes 2 numbers"),
        (["--sample", "sigma"], "PARAM=DISTRIBUTION"),
        (["--workers", "0"], "whole number"),
    ],
)
def test_command_line_sweep_errors(tmp_path, args, message):
    done = _cli("sweep", TARIFF, *args, "--out", str(tmp_path / "x"))
    assert done.returncode != 0
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) <= 2


def test_mixed_play_rows_give_the_probabilities(monkeypatch):
    """Chicken with a crash cost x: each side raises with probability 1/x in the mixed
    equilibrium (Rapoport and Guyer 1966, game 66; each side makes the other indifferent:
    -p = (1 - p) - x p)."""
    spec = SweepSpec.build(TARIFF, grid={US_EPS: [2.0, 4.0]})

    def chicken(self, values=None):
        x = np.asarray(values[US_EPS], dtype=float)
        tensors = np.zeros((len(x), 2, 2, 2))
        tensors[:, 0, 0, 1], tensors[:, 1, 0, 1] = -1.0, 1.0  # US keeps, China raises
        tensors[:, 0, 1, 0], tensors[:, 1, 1, 0] = 1.0, -1.0  # US raises, China keeps
        tensors[:, 0, 1, 1] = tensors[:, 1, 1, 1] = -x  # both raise: the crash
        return tensors

    monkeypatch.setattr(tg.Scenario, "payoff_tensors", chicken)
    table = run_sweep(spec).read()
    assert (table.n_equilibria == 3).all()
    mixed = table[~table.pure]
    assert len(mixed) == 4  # one mixed equilibrium per point, two players
    us = mixed[mixed.player == "United States"].set_index(US_EPS)
    assert us.loc[4.0, "strategy"] == "0.75 keep 20.8% + 0.25 raise to 51.1%"
    assert np.allclose(list(us.loc[4.0, "probabilities"]), [0.75, 0.25])
    assert us.loc[2.0, "payoff"] == pytest.approx(-0.5)  # -p with p = 1/x
    assert (
        us.loc[4.0, "outcome"] == "mixed: keep 20.8% + raise to 51.1% / keep 21.2% + raise to 32.6%"
    )
    regimes = set(table.regime)
    assert regimes == {
        "keep 20.8% / raise to 32.6% | raise to 51.1% / keep 21.2% | "
        "mixed: keep 20.8% + raise to 51.1% / keep 21.2% + raise to 32.6%"
    }


# -- the output folder: damaged chunks, stray files, unfinished sweeps, seeds, locks -----------
def _small(**kwargs):
    args = {"grid": {US_EPS: "1:20:40", CN_EPS: "1:20:10"}, "chunk_size": 50, **kwargs}
    return SweepSpec.build(TARIFF, **args)


def test_damaged_chunks_are_found_and_computed_again(tmp_path):
    spec = _small()
    whole = run_sweep(spec, out=tmp_path).read()
    part = tmp_path / "part-000003.parquet"
    data = bytearray(part.read_bytes())
    data[200:260] = bytes(60)  # zeroed bytes inside a data page
    part.write_bytes(bytes(data))
    (tmp_path / "part-000005.parquet").write_bytes((tmp_path / "part-000000.parquet").read_bytes())
    half = tmp_path / "part-000006.parquet"
    half.write_bytes(half.read_bytes()[: len(half.read_bytes()) // 2])
    with pytest.raises(OutputError, match=r"damaged|not this sweep's chunk"):
        _read(tmp_path)
    run = run_sweep(spec, out=tmp_path)
    assert (run.damaged, run.computed) == (3, 3)
    pd.testing.assert_frame_equal(run.read(), whole)


def _read(folder):
    from tradegame.sweep import read_table

    return read_table(folder)


def test_only_the_manifest_chunks_are_read_and_unfinished_sweeps_are_refused(tmp_path):
    spec = _small()
    whole = run_sweep(spec, out=tmp_path).read()
    stray = tmp_path / "part-000000 (1).parquet"
    stray.write_bytes((tmp_path / "part-000000.parquet").read_bytes())
    pd.testing.assert_frame_equal(
        tg.sweep(
            TARIFF,
            out=tmp_path,
            **{"grid": {US_EPS: "1:20:40", CN_EPS: "1:20:10"}, "chunk_size": 50},
        ),
        whole,
    )
    (tmp_path / "part-000002.parquet").unlink()
    (tmp_path / "_SUCCESS").unlink()
    with pytest.raises(OutputError, match=r"unfinished sweep \(7 of 8 chunks\)"):
        _read(tmp_path)


def test_a_sweep_that_fails_says_what_it_left_and_the_folder_can_be_reused(tmp_path):
    bad = SweepSpec.build(
        TARIFF, grid={"us_imports_china.imports": [1.0, 1e308, 1.7e308]}, chunk_size=1
    )
    with pytest.raises(ParameterError, match=r"the sweep stopped with \d of 3 chunks in"):
        run_sweep(bad, out=tmp_path)
    assert not (tmp_path / "_SUCCESS").exists()
    if not list(tmp_path.glob("part-*.parquet")):  # only the manifest: reusable
        run_sweep(_small(), out=tmp_path)


def test_resuming_without_a_seed_uses_the_recorded_one(tmp_path):
    args = {"sample": {US_EPS: "uniform(1, 20)"}, "samples": 300, "chunk_size": 100}
    first = SweepSpec.build(TARIFF, **args)
    assert not first.seed_given
    whole = run_sweep(first, out=tmp_path / "a").read()
    (tmp_path / "a" / "part-000001.parquet").unlink()
    (tmp_path / "a" / "_SUCCESS").unlink()
    again = run_sweep(SweepSpec.build(TARIFF, **args), out=tmp_path / "a")
    assert again.spec.seed == first.seed and again.computed == 1
    pd.testing.assert_frame_equal(again.read(), whole)


def test_one_sweep_at_a_time_writes_to_a_folder(tmp_path):
    spec = _small()
    run_sweep(spec, out=tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (tmp_path / "_sweep.lock").write_text(str(holder.pid))
        with pytest.raises(OutputError, match=rf"another sweep \(process {holder.pid}\)"):
            run_sweep(spec, out=tmp_path)
    finally:
        holder.kill()
        holder.wait()
    run_sweep(spec, out=tmp_path)  # a lock left by a dead process is taken over
    assert not (tmp_path / "_sweep.lock").exists()


def test_the_manifest_stays_small_for_long_axes(tmp_path):
    spec = SweepSpec.build(TARIFF, grid={US_EPS: "1:20:200000"})
    manifest = spec.identity()
    assert manifest["grid"][US_EPS]["num"] == 200000
    assert len(json.dumps(manifest)) < 2000


# -- the [sweep] table of a scenario file ------------------------------------------------------
def test_a_scenario_files_sweep_table_is_the_default_sweep():
    spec = SweepSpec.build(TARIFF)
    assert spec.parameters == [US_EPS, CN_EPS]
    assert spec.grid_shape == (196, 196)
    # arguments replace the table
    assert SweepSpec.build(TARIFF, grid={US_EPS: [1.0]}).parameters == [US_EPS]


@pytest.mark.parametrize(
    ("table", "where", "message"),
    [
        ("grid = 3", "sweep.grid", "expected a table of parameters"),
        ('grid = { sigma = [1, "a"] }', "sweep.grid.sigma", "'START:STOP:NUM' text or a list"),
        ("sample = { sigma = 0.2 }", "sweep.sample.sigma", "a distribution such as"),
        ("samples = -3", "sweep.samples", "expected a whole number"),
        ("sample_ranges = 3", "sweep.sample_ranges", "a confidence level"),
        ("gird = {}", "sweep.gird", "unknown key"),
        ('grid = { nosuch = "1:2:3" }', "sweep", "unknown parameter 'nosuch'"),
        ('grid = { "us_imports_china.eps_s" = "-1:2:3" }', "sweep", "eps_s"),
        ("seed = 4", None, "nothing to sweep"),
    ],
)
def test_sweep_table_errors_name_the_file_and_key(tmp_path, table, where, message):
    from tradegame.scenario import scenario_paths

    text = scenario_paths()[TARIFF].read_text()
    text = text[: text.index("[sweep]")] + "[sweep]\n" + table + "\n"
    path = tmp_path / "war.toml"
    path.write_text(text)
    error = ParameterError if where is None else ScenarioError
    with pytest.raises(error, match=message) as info:
        SweepSpec.build(path)
    if where is not None:
        assert f"war.toml: {where}" in str(info.value)


def test_unknown_names_suggest_the_dotted_names_that_end_in_them():
    with pytest.raises(
        ParameterError,
        match=r"did you mean 'us_imports_china.eps_s' or 'china_imports_us.eps_s'\?",
    ):
        SweepSpec.build(TARIFF, grid={"eps_s": [1.0, 2.0]})
    with pytest.raises(ParameterError, match="those that do have confidence high, medium"):
        SweepSpec.build(TARIFF, sample_ranges="low", samples=10)


def test_a_built_in_scenario_travels_to_workers_by_name(tmp_path):
    """Workers read their own installed copy of a built-in; a copy elsewhere goes by path."""
    import shutil

    from tradegame.scenario import builtin_name

    packaged = SweepSpec.build("tariff_war_2025", grid={"mcpf": [1.0, 1.2]})
    assert packaged.task()["path"] == "tariff_war_2025"
    copy = tmp_path / "tariff_war_2025.toml"
    shutil.copy(tg.load_scenario("tariff_war_2025").path, copy)
    assert builtin_name(tg.load_scenario(copy)) is None
    moved = SweepSpec.build(copy, grid={"mcpf": [1.0, 1.2]})
    assert moved.task()["path"] == str(copy.resolve())
    # the worker side rebuilds the same spec from the name
    sweep_module = importlib.import_module("tradegame.sweep")  # tradegame.sweep is the function
    assert sweep_module._from_task(packaged.task()).digest == packaged.digest
