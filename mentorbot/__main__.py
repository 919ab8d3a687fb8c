"""``python -m mentorbot`` runs the ``mentor`` command."""

from mentorbot.cli import main

main()
