"""``python -m sim.cli`` runs the command line."""

from sim.cli import main

main()
