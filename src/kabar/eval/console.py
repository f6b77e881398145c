"""The console eval reports print to: wide enough for metric tables when output is piped to a file."""

from __future__ import annotations

from rich.console import Console


def report_console() -> Console:
    probe = Console()
    return Console(width=None if probe.is_terminal else 160, soft_wrap=False)
