"""Signals held off for the moment a finished pack is moved into place."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


@contextlib.contextmanager
def held_signals() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) and SIGTERM until the block has finished, then act on them.

    For a step that takes milliseconds and must not stop half-way. Outside the main thread
    (where Python cannot set signal handlers) the block simply runs.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.getsignal(number) for number in held}
    for number in held:
        signal.signal(number, lambda number, _frame: caught.append(number))
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)
        if caught:
            signal.raise_signal(caught[0])
