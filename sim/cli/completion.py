"""The command that prints a shell's completion script: completion."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from sim.cli.app import app


class Shell(StrEnum):
    """The shells that typer can complete for."""

    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"


@app.command()
def completion(
    shell: Annotated[Shell, typer.Argument(help="The shell: bash, zsh, fish or powershell.")],
) -> None:
    """Print the completion script of a shell (or install it with --install-completion).

    For bash: stabsim completion bash > ~/.local/share/bash-completion/completions/stabsim
    """
    from typer.completion import get_completion_script

    script = get_completion_script(
        prog_name="stabsim", complete_var="_STABSIM_COMPLETE", shell=shell.value
    )
    typer.echo(script)
