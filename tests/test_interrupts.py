"""A build stopped at any moment leaves the previous pack, or the complete new one: never a
mix, never partial files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import toolkit.publish
import toolkit.writers.pptx_cards
from toolkit.errors import OutputError
from toolkit.manifest import edited_files
from toolkit.pipeline import BuildConfig, build
from toolkit.publish import STAGE_PREFIX
from toolkit.signals import held_signals

posix_only = pytest.mark.skipif(os.name != "posix", reason="sends POSIX signals")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def stages(folder: Path) -> list[Path]:
    return list(folder.glob(f"{STAGE_PREFIX}*"))


@posix_only
def test_held_signals_finish_the_block_then_act():
    finished = []
    with pytest.raises(KeyboardInterrupt), held_signals():
        signal.raise_signal(signal.SIGINT)
        finished.append(True)
    assert finished == [True]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_writer_failing_in_a_second_process_leaves_the_previous_pack(tmp_path, monkeypatch):
    out = tmp_path / "out"
    build(BuildConfig(out=out, audiences=("frontline",)))
    before = snapshot(out)

    def broken(*args, **kwargs):
        raise RuntimeError("the cards writer broke")

    monkeypatch.setattr(toolkit.writers.pptx_cards, "save", broken)
    with pytest.raises(RuntimeError, match="the cards writer broke"):
        build(BuildConfig(out=out, audiences=("frontline",), minutes=120, jobs=2))
    assert snapshot(out) == before
    assert stages(out) == []


@posix_only
def test_ctrl_c_while_moving_files_into_place_finishes_the_move(tmp_path, monkeypatch):
    out = tmp_path / "out"
    build(BuildConfig(out=out, audiences=("frontline",)))
    before = snapshot(out)
    real_replace = os.replace
    moved = []

    def replace_then_interrupt(source, target):
        real_replace(source, target)
        moved.append(target)
        if len(moved) == 1:
            signal.raise_signal(signal.SIGINT)  # Ctrl-C after the first move

    monkeypatch.setattr(toolkit.publish.os, "replace", replace_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        build(BuildConfig(out=out, audiences=("frontline",), minutes=120))
    monkeypatch.undo()
    after = snapshot(out)
    assert len(moved) > 1  # the move went on after Ctrl-C
    assert after.keys() == before.keys()
    deck = "partnership-innovation-frontline-deck.pptx"
    assert after[deck] != before[deck]
    assert edited_files([out / name for name in after]) == []  # the manifest matches
    assert stages(out) == []


def _start_build(out: Path, minutes: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "toolkit", "build", "--audience", "frontline"]
    return subprocess.Popen(
        [*command, "--minutes", str(minutes), "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _building(out: Path) -> list[str]:
    """Return the IDs of the processes building into ``out`` (a build's second process has
    the same command line as the first)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if str(out).encode() in cmdline.read_bytes():
                found.append(cmdline.parent.name)
        except OSError:  # it has just ended
            continue
    return found


def _when_building(out: Path, process: subprocess.Popen) -> None:
    """Wait until the build is writing into its staging folder, in two processes where it
    uses two (so that a kill catches the second process at work too)."""
    two = (os.cpu_count() or 1) > 1 and Path("/proc/self/cmdline").exists()
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        if stages(out) and (not two or len(_building(out)) > 1):
            return
        time.sleep(0.002)


def _survivors(out: Path) -> list[str]:
    """Return the processes still building into ``out`` a quarter of a second later: time
    for a killed process to go, not for an orphan to finish its share of the work."""
    if not Path("/proc/self/cmdline").exists():
        return []
    deadline = time.monotonic() + 0.25
    while _building(out) and time.monotonic() < deadline:
        time.sleep(0.05)
    return _building(out)


@posix_only
@pytest.mark.parametrize(
    "how", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=["ctrl-c", "sigterm", "sigkill"]
)
def test_killing_a_real_build_leaves_the_previous_pack(tmp_path, how):
    out = tmp_path / "out"
    _start_build(out, 90).wait()
    before = snapshot(out)
    process = _start_build(out, 120)
    _when_building(out, process)
    process.send_signal(how)
    process.wait(timeout=60)
    after = snapshot(out)
    stopped = {k: v for k, v in after.items() if not k.startswith(STAGE_PREFIX)}
    if stopped != before:  # the signal came after the new pack was complete
        assert stopped.keys() == before.keys()
        assert edited_files([out / name for name in stopped]) == []
    if how != signal.SIGKILL:
        assert stages(out) == []  # Python cleaned up after itself
    assert _survivors(out) == []  # no second process goes on writing
    _start_build(out, 90).wait()
    assert stages(out) == []  # the next build removes what a hard kill left behind
    assert snapshot(out) == before


@posix_only
def test_only_abandoned_staging_folders_are_removed(tmp_path):
    out = tmp_path / "out"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    abandoned = out / f"{STAGE_PREFIX}{dead.pid}-abc" / "partly-written.pptx"
    running = out / f"{STAGE_PREFIX}{os.getpid()}-def" / "being-written.pptx"
    for path in (abandoned, running):
        path.parent.mkdir(parents=True)
        path.write_bytes(b"half")
    build(BuildConfig(out=out, audiences=("frontline",)))
    assert not abandoned.parent.exists()
    assert running.exists()


def test_a_file_that_cannot_be_replaced_leaves_the_previous_pack(tmp_path, monkeypatch):
    """As when the guide is open in Word on Windows: the moves already made are undone."""
    out = tmp_path / "out"
    build(BuildConfig(out=out, audiences=("frontline",)))
    before = snapshot(out)
    real_replace = os.replace
    guide = out / "partnership-innovation-frontline-facilitator-guide.docx"

    def locked(source, target):
        if Path(source) == guide:
            raise PermissionError(13, "Permission denied", str(guide))
        real_replace(source, target)

    monkeypatch.setattr(toolkit.publish.os, "replace", locked)
    with pytest.raises(OutputError, match=r"facilitator-guide\.docx: cannot write") as caught:
        build(BuildConfig(out=out, audiences=("frontline",), minutes=120))
    assert "nothing in the output folder was changed" in caught.value.format_message()
    assert snapshot(out) == before
    assert stages(out) == []
