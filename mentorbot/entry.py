"""The ``mentor`` console script's entry point, kept free of imports.

Analysis workers are spawned processes, and a spawned process first imports its parent's main
module: for the console script, the module named in ``pyproject.toml``. When that was the CLI
itself, every worker spent ~0.6 s importing the CLI's world (typer, rich, LangChain, the
database stack) before it analysed its first file.
"""


def main() -> None:
    try:
        from mentorbot.cli import main as run_cli
    except KeyboardInterrupt:
        # Ctrl-C while the CLI is still importing: as later, one word and the usual exit code.
        import sys

        sys.stderr.write("interrupted\n")
        raise SystemExit(130) from None
    run_cli()
