"""``python -m mentorbot`` runs the ``mentor`` command."""

from mentorbot.cli import main

if __name__ == "__main__":
    main()
