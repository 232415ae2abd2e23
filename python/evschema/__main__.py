"""The ``evschema`` command, run in-process from the wheel (``python -m evschema``)."""

from __future__ import annotations

import signal
import sys

from ._evschema import run_cli


def main() -> None:
    """Runs ``evschema`` with this process's arguments and exits with its code."""
    # Like the native binary: Ctrl-C ends the run at once (Python's handler would only run
    # once control comes back from Rust).
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    sys.stdout.flush()
    sys.stderr.flush()
    sys.exit(run_cli(["evschema", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
