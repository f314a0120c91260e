"""Ctrl-C and SIGTERM: held off while a finished pack moves into place, and, while
something would need undoing, turned into ``KeyboardInterrupt`` so that it is undone.

Outside such work the command stops at once (``toolkit.entry``), which is always safe
there and never shows a traceback, even from the middle of an import.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator

STOPS = frozenset({signal.SIGINT, signal.SIGTERM})
_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


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


_UNDOING = 0  # how many blocks of work in progress would need undoing if stopped


@contextlib.contextmanager
def undo_on_interrupt() -> Iterator[None]:
    """Mark the block as work that Ctrl-C must unwind (with ``KeyboardInterrupt``) rather
    than stop at once: a staging folder to clear, processes to stop."""
    global _UNDOING
    _UNDOING += 1
    try:
        yield
    finally:
        _UNDOING -= 1


def unwinding_needed() -> bool:
    """Return whether work in progress would need undoing if Ctrl-C stopped it now."""
    return _UNDOING > 0


@contextlib.contextmanager
def blocked_signals() -> Iterator[set[int]]:
    """Block Ctrl-C and SIGTERM in the kernel for the block, then let them through.

    For starting processes: a signal landing during a fork is swallowed by the
    interpreter's after-fork hooks, or arrives before the new process is listed to be
    stopped. A blocked signal waits and is acted on as the block ends. Yields the mask
    from before, for a forked child to restore.
    """
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, STOPS)
    try:
        yield mask
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def die_with_parent(parent: int) -> None:
    """Have Linux kill this (forked) process if ``parent`` dies, even by SIGKILL, so that
    no orphan goes on writing into a staging folder about to be cleared away, or waits for
    work for ever."""
    import ctypes  # only child processes need it

    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before that took effect
        os._exit(1)
