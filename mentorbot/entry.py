"""The ``mentor`` console script's entry point, kept free of imports.

Analysis workers are spawned processes, and a spawned process first imports its parent's main
module: for the console script, the module named in ``pyproject.toml``. When that was the CLI
itself, every worker spent ~0.6 s importing the CLI's world (typer, rich, LangChain, the
database stack) before it analysed its first file.
"""


def main() -> None:
    from mentorbot.cli import main as run_cli

    run_cli()
