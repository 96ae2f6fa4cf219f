"""The ``stabsim`` command line: a thin layer over the public API.

One module per group of commands; :mod:`sim.cli.app` holds the application and the
options the commands share, :mod:`sim.cli.errors` how every error becomes one line
``error: ...``. Heavy modules are imported inside the commands so that ``stabsim --help``
is fast.
"""

# isort: off
# the commands are listed by ``stabsim --help`` in the order their modules are imported
from sim.cli import stage, play, tournament, results, explore, export, infer, completion  # noqa: F401
from sim.cli.app import app
from sim.cli.main import main

# isort: on

__all__ = ["app", "main"]
