"""The ``evschema`` command, run in-process from the wheel (``python -m evschema``);
``replay --to sns:ARN|sqs:URL`` delivers with boto3 (:mod:`evschema._replay`)."""

from __future__ import annotations

import signal
import sys

from . import _replay
from ._evschema import run_cli


def main() -> None:
    """Runs ``evschema`` with this process's arguments and exits with its code."""
    # Like the native binary: Ctrl-C ends the run at once (Python's handler would only run
    # once control comes back from Rust).
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    sys.stdout.flush()
    sys.stderr.flush()
    argv = sys.argv[1:]
    target = _replay.target_of(argv)
    if target is not None:
        sys.exit(_replay.run(argv, target))
    sys.exit(run_cli(["evschema", *argv]))


if __name__ == "__main__":
    main()
