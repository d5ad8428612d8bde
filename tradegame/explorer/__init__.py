"""The explorer: a scenario's parameters as sliders, with live equilibria and analyses.

``tradegame explore [NAME]`` serves a page on ``127.0.0.1``; :func:`explore`
shows the same page in a Jupyter notebook. The page is a thin view over the
library: every number on it comes from :mod:`tradegame.explorer.views`, which
validates a setting (read from the page's address, so a link restores it)
and calls the solvers and analyses; :mod:`tradegame.explorer.app` is the
Starlette application and :mod:`tradegame.explorer.server` serves it.
"""

from .app import create_app
from .server import Explorer, explore, serve
from .views import Catalog, InputError, Setting

__all__ = ["Catalog", "Explorer", "InputError", "Setting", "create_app", "explore", "serve"]
