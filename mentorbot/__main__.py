"""``python -m mentorbot`` runs the ``mentor`` command."""

if __name__ == "__main__":
    from mentorbot.entry import main

    main()
