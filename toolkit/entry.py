"""The ``toolkit`` command's first moments: Ctrl-C is answered from the very start.

Where there is nothing to undo (reading, checking, rendering, importing), Ctrl-C prints one
line and exits at once; while files are being staged or processes run, it unwinds them
first. The command line itself (``toolkit.cli``, click and the rest) is only imported
after that is in place. Kept tiny: this module is imported before anything else.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys

STOPPED = "stopped (Ctrl-C); nothing half-written was left"
STOPPED_CODE = 130  # 128 + SIGINT, as shells report a program stopped by Ctrl-C


def on_ctrl_c(number: int, frame: object) -> None:
    """Answer Ctrl-C: raise ``KeyboardInterrupt`` where work in progress must be undone
    (``toolkit.publish.signals.undo_on_interrupt``), else stop at once."""
    signals = sys.modules.get("toolkit.publish.signals")
    # Ctrl-C can come while that module is still being imported: then nothing is staged.
    unwinding_needed = getattr(signals, "unwinding_needed", None)
    if unwinding_needed is not None and unwinding_needed():
        raise KeyboardInterrupt
    stop_at_once(number, frame)


def stop_at_once(_number: int, _frame: object) -> None:
    """Print one line and exit 130: for moments with nothing to undo."""
    with contextlib.suppress(OSError, RuntimeError, ValueError):  # stopped mid-write
        sys.stdout.flush()  # what was already reported as written
    os.write(2, f"{STOPPED}\n".encode())
    os._exit(STOPPED_CODE)


def main() -> None:
    """Run the ``toolkit`` command (the console script and ``python -m toolkit``).

    Exits without Python's shutdown, once the output is flushed: that shutdown puts
    Ctrl-C back to killing the process silently, and nothing is left for it to do.
    """
    signal.signal(signal.SIGINT, on_ctrl_c)
    from toolkit.cli import main as run

    try:
        run()
        code: object = 0
    except SystemExit as done:
        code = done.code
    if not isinstance(code, int):
        if code is not None:
            print(code, file=sys.stderr)
        code = 0 if code is None else 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, RuntimeError, ValueError):
            stream.flush()
    os._exit(code)
