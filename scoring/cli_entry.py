"""``python -m scoring.cli_entry``: the ``scoring`` command without the installed script."""

from scoring.cli import main

if __name__ == "__main__":
    main()
