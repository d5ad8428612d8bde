"""Benchmark: how long a report takes, and where the time goes.

For every built-in scenario: the facts (solving, the strategic analyses, the
one-at-a-time sensitivity and any [sweep] grid), the figures (drawing and SVG
output), and the whole ``build_report`` with its HTML size; then the demo report
(escalation against the quid-pro-quo deal) and ``tradegame report`` as a fresh
process, start-up included. One run each after a warm-up: these machines are
noisy, so read the split, not the last digit. Nothing is asserted; run with
``make bench``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import median_time

import tradegame as tg
from tradegame.report import build_report
from tradegame.report.content import gather
from tradegame.report.figures import scenario_figures

DEMO = ["rare_earth_escalation_2025", "quid_pro_quo_busan_2025"]


def main() -> None:
    print(f"{'scenario':<28} {'facts':>8} {'figures':>8} {'report':>8} {'HTML':>10}")
    for name in tg.list_scenarios()["name"]:
        scenario = tg.load_scenario(name)
        facts_time = median_time(lambda s=scenario: gather(s), repeat=1)
        facts = gather(scenario)
        figure_time = median_time(lambda f=facts: scenario_figures(f, "x"), repeat=1)
        start = time.perf_counter()
        report = build_report(scenario, timestamp=False)
        whole = time.perf_counter() - start
        print(
            f"{name:<28} {facts_time:7.2f}s {figure_time:7.2f}s {whole:7.2f}s"
            f" {len(report.html.encode()) / 1e6:8.2f}MB"
        )
    start = time.perf_counter()
    report = build_report(DEMO, baseline=DEMO[0], timestamp=False)
    print(
        f"{'demo (two scenarios)':<28} {'':>8} {'':>8} {time.perf_counter() - start:7.2f}s"
        f" {len(report.html.encode()) / 1e6:8.2f}MB"
    )
    tradegame = Path(sys.executable).with_name("tradegame")
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run(
            [str(tradegame), "report", *DEMO, "--baseline", DEMO[0], "--out", out],
            check=True,
            capture_output=True,
        )
        print(f"tradegame report (demo, a fresh process): {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
