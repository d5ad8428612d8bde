import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import pytest


@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Command-line output in tests does not depend on the caller's terminal settings."""
    for name in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def demo_report(tmp_path_factory: pytest.TempPathFactory):
    """The demo report (the quid-pro-quo deal against escalation), written once per session.

    Built the way ``tradegame report quid_pro_quo_busan_2025 --baseline
    rare_earth_escalation_2025`` builds it: the baseline, not listed, joins first.
    Returns the path of its index.html.
    """
    from tradegame.report import write_report

    out = tmp_path_factory.mktemp("demo-report")
    return write_report(
        ["quid_pro_quo_busan_2025"], out, baseline="rare_earth_escalation_2025", timestamp=False
    )
