"""``python -m checker`` runs the ``servcheck`` command."""

from checker.cli import main

main()
