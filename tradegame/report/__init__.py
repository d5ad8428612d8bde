"""Generated reports: a scenario's (or several scenarios') results as Markdown and HTML.

:func:`build_report` solves each scenario, runs the strategic analyses it
supports, compares the scenarios, measures sensitivity, draws the figures
(:mod:`tradegame.plotting`) and renders Jinja2 templates over the tidy
frames; :func:`write_report` writes the files atomically. The command line
is ``tradegame report NAME [NAME ...] [--baseline NAME] --out DIR``.
"""

from .build import Report, build_report, write_report

__all__ = ["Report", "build_report", "write_report"]
