"""A build stopped at any moment leaves the previous pack, or the complete new one: never a
mix, never partial files."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import toolkit.publish.staging
import toolkit.writers.pptx_cards
from toolkit.api import BuildConfig, build
from toolkit.errors import OutputError
from toolkit.publish.manifest import edited_files
from toolkit.publish.signals import held_signals
from toolkit.publish.staging import STAGE_PREFIX

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

    monkeypatch.setattr(toolkit.publish.staging.os, "replace", replace_then_interrupt)
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

    monkeypatch.setattr(toolkit.publish.staging.os, "replace", locked)
    with pytest.raises(OutputError, match=r"facilitator-guide\.docx: cannot write") as caught:
        build(BuildConfig(out=out, audiences=("frontline",), minutes=120))
    assert "nothing in the output folder was changed" in caught.value.format_message()
    assert snapshot(out) == before
    assert stages(out) == []


def _stopped_after(command: list[str], delay: float) -> tuple[int, str]:
    """Start ``command`` as a terminal would, press Ctrl-C after ``delay`` seconds (SIGINT
    to every process of the group, as a terminal sends it) and return its exit code and
    what it wrote to stderr."""
    process = subprocess.Popen(
        [sys.executable, "-m", "toolkit", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    time.sleep(delay)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGINT)
    _out, err = process.communicate(timeout=120)
    return process.returncode, err.decode()


@posix_only
@pytest.mark.parametrize("batch", [False, True], ids=["one-pack", "batch"])
def test_ctrl_c_at_any_moment_prints_one_line_and_exits_130(tmp_path, batch):
    """From the first moments (imports) to the end: never a traceback (issue 12, case 6)."""
    command = ["build", "--out", str(tmp_path / "out")]
    if batch:
        for name in ("North", "South"):
            (tmp_path / f"{name}.toml").write_text(f'name = "{name}"\n', encoding="utf-8")
        command += [str(tmp_path / "North.toml"), str(tmp_path / "South.toml")]
    outcomes = set()
    for delay in (0.1, 0.2, 0.3, 0.4, 0.55, 0.7, 0.9, 1.1, 1.4, 1.8):
        code, err = _stopped_after(command, delay)
        assert "Traceback" not in err, err
        if code == 0:  # it had finished
            assert err == ""
        else:
            assert (code, err) == (130, "stopped (Ctrl-C); nothing half-written was left\n")
        outcomes.add(code)
    assert 130 in outcomes
    if (tmp_path / "out").exists():
        assert stages(tmp_path / "out") == []


def _slow_build(config: BuildConfig) -> None:
    time.sleep(0.3)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_ctrl_c_as_a_batch_starts_its_workers_leaves_none_behind(tmp_path, monkeypatch):
    """Ctrl-C landing just after a worker is forked, before the pool has listed it, used to
    leave that worker waiting for work for ever (and a terminal waiting for it)."""
    import multiprocessing.process

    from toolkit.publish.batch import Job, run_jobs

    started: list[int] = []
    real_start = multiprocessing.process.BaseProcess.start

    def start_then_ctrl_c(self):
        real_start(self)
        started.append(self.pid)
        if len(started) == 1:
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", start_then_ctrl_c)
    jobs = [Job(name, BuildConfig(out=tmp_path / name)) for name in ("a", "b", "c")]
    try:
        with pytest.raises(KeyboardInterrupt):
            run_jobs(jobs, _slow_build, workers=2, on_done=lambda outcome: None)
        deadline = time.monotonic() + 10
        while any(map(_alive, started)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert started and not any(map(_alive, started))
    finally:
        for pid in started:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_ctrl_c_while_libreoffice_renders_stops_it_and_leaves_no_files(
    tmp_path, default_pack, soffice
):
    """LibreOffice runs in a process group of its own, so a terminal's Ctrl-C does not reach
    it: the toolkit stops it, and its temporary files (its own among them) go too."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    command = [sys.executable, "-m", "toolkit", "check", "--render"]
    process = subprocess.Popen(
        [*command, "--outputs", str(default_pack["deck"].parent)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "TMPDIR": str(scratch)},
    )
    deadline = time.monotonic() + 60
    while not list(scratch.glob("*/out")) and time.monotonic() < deadline:
        time.sleep(0.01)  # until LibreOffice is at work
    assert process.poll() is None, "the check ended before LibreOffice started"
    os.killpg(process.pid, signal.SIGINT)
    _out, err = process.communicate(timeout=60)
    assert (process.returncode, err.decode()) == (
        130,
        "stopped (Ctrl-C); nothing half-written was left\n",
    )
    assert list(scratch.iterdir()) == []
    assert _building(scratch) == []  # no LibreOffice still converting
