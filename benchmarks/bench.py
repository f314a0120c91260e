"""Measure the toolkit on this machine and print a table of medians.

    python benchmarks/bench.py [--runs N] [--quick]

Figures, not pass/fail: the README records the latest ones and the targets. Each timing is
a whole `toolkit` process ("cold"), as a facilitator runs it, and the median of --runs runs
(3 by default; at least 5 for the quick ones; the 1,000-prompt framework is built once);
the batches with --jobs 1 and --jobs 2 take turns; reports of 1,000 to 100,000 results rows
are timed once each, with their peak memory. With the defaults it takes about ten minutes
on two cores; --quick skips the batch.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TOOLKIT = [sys.executable, "-m", "toolkit"]
DOCUMENTS = 4  # deck, cards, worksheet, guide (the results sheet is not counted)
PROFILE = """\
name = "Partnership {n}"
[[sessions]]
audience = "partnership-board"
participants = 20
[[sessions]]
audience = "frontline"
participants = 12
[[sessions]]
audience = "residents"
participants = 15
"""


def timed(command: list[str], runs: int, cwd: Path) -> float:
    """Return the median wall-clock seconds of ``runs`` runs of ``command``."""
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


# Runs a command and prints the peak resident memory (MB) of any process it started; run
# in its own process so that only that command's processes count.
_PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, capture_output=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""


def measured(command: list[str], cwd: Path, out: str) -> tuple[float, float]:
    """Return the wall-clock seconds of one run of ``command`` writing into a new folder
    ``out``, and the peak memory in MB of the largest process it ran (Linux reports
    ru_maxrss in KB)."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, *command, "--out", out],
        cwd=cwd,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start, float(done.stdout)


def big_framework(path: Path, questions: int, prompts: int) -> Path:
    """Write a framework of ``questions`` x ``prompts`` for the scaling figure."""
    lines = ["# A large framework", "", "Generated for the benchmark.", ""]
    for q in range(1, questions + 1):
        lines += [f"## {q}. Is generated question number {q} answered well?", "", "Lead:", ""]
        lines += [
            f"- Generated prompt {p} of question {q}, of a realistic length for a "
            "prompt in a framework?"
            for p in range(1, prompts + 1)
        ]
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def results_file(path: Path, rows: int) -> Path:
    """Write a results file of ``rows`` worksheets from five audiences: ratings for all
    seven questions and a comment of 70 characters on one of them, as typed in."""
    import csv
    import random

    audiences = ("frontline", "politicians", "managers", "residents", "senior-leaders")
    labels = [f"Q{n}" for n in range(1, 8)]
    chance = random.Random(rows)
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(
            ["Respondent code", "Audience", *labels, *(f"{q} comments" for q in labels)]
        )
        for row in range(rows):
            comments = [""] * 7
            comments[row % 7] = f"Comment {row}: we should involve residents earlier in plans."
            ratings = [chance.randint(1, 5) for _ in labels]
            writer.writerow([f"R{row}", audiences[row % 5], *ratings, *comments])
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="skip the 60-pack batch")
    args = parser.parse_args()
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        rows.append(("toolkit --help (cold)", f"{timed([*TOOLKIT, '--help'], 5, work):.2f} s"))
        rows.append(
            ("toolkit --version (cold)", f"{timed([*TOOLKIT, '--version'], 5, work):.2f} s")
        )
        one = timed(
            [*TOOLKIT, "build", "--audience", "frontline", "--out", "one"],
            max(args.runs, 5),
            work,
        )
        rows.append(("one pack, one audience (cold, 5 files)", f"{one:.2f} s"))
        big = big_framework(work / "big.md", 50, 20)
        large, large_peak = measured(
            [*TOOLKIT, "build", "--framework", str(big), "--minutes", "420"], work, "big"
        )
        rows.append(
            (
                "50 x 20 framework, one pack (1,000 prompts vs 34)",
                f"{large:.1f} s ({large / one:.1f} x one pack), peak {large_peak:.0f} MB",
            )
        )
        for rows_count in (1_000, 10_000, 100_000):
            results = results_file(work / f"results-{rows_count}.csv", rows_count)
            seconds, peak = measured([*TOOLKIT, "report", str(results)], work, f"r{rows_count}")
            rows.append(
                (
                    f"report, {rows_count:,} rows, a comment each",
                    f"{seconds:.1f} s, peak {peak:.0f} MB",
                )
            )
        per_document = None
        if not args.quick:
            figures, per_document = batch(work, args.runs)
            rows += figures
        if shutil.which("pandoc"):
            figures, reference = pandoc(work, args.runs)
            rows += figures
            if per_document is not None:
                rows.append(
                    (
                        "batch per document vs pandoc per file",
                        f"{reference / per_document:.1f} x as fast",
                    )
                )
        else:
            rows.append(("pandoc reference", "pandoc not installed"))
    width = max(len(name) for name, _ in rows)
    print(f"{'measure'.ljust(width)}  result")
    for name, value in rows:
        print(f"{name.ljust(width)}  {value}")


def batch(work: Path, runs: int) -> tuple[list[tuple[str, str]], float]:
    """Return the 60-pack batch figures (--jobs 1, --jobs 2, speed-up, peak memory) and the
    seconds per document of the --jobs 2 batch."""
    profiles = work / "profiles"
    profiles.mkdir()
    for n in range(1, 21):
        (profiles / f"p{n:02d}.toml").write_text(PROFILE.format(n=n), encoding="utf-8")
    seconds: dict[str, list[float]] = {"1": [], "2": []}
    peak = 0.0
    for run in range(runs):  # alternate, so that a slow spell on the machine hits both
        for jobs in seconds:
            command = [*TOOLKIT, "build", str(profiles), "--jobs", jobs]
            taken, most = measured(command, work, f"batch-{jobs}-{run}")
            seconds[jobs].append(taken)
            peak = max(peak, most)
    one, two = statistics.median(seconds["1"]), statistics.median(seconds["2"])
    per_document = two / (60 * DOCUMENTS)
    return [
        ("batch of 60 packs, --jobs 1", f"{one:.1f} s ({one / 60:.2f} s a pack)"),
        ("batch of 60 packs, --jobs 2", f"{two:.1f} s ({two / 60:.2f} s a pack)"),
        ("speed-up with 2 jobs", f"{one / two:.2f} x"),
        (f"per document in the batch (--jobs 2, {DOCUMENTS} a pack)", f"{per_document:.3f} s"),
        ("peak memory of any one process of the batch", f"{peak:.0f} MB"),
    ], per_document


def pandoc(work: Path, runs: int) -> tuple[list[tuple[str, str]], float]:
    """Return pandoc's median time to convert each of a pack's documents (the Markdown the
    toolkit's templates render) to .docx and to .pptx, one process per file."""
    from toolkit.api import BuildConfig, render_documents

    documents = render_documents(BuildConfig(out=work / "unused", audiences=("frontline",)))
    seconds: dict[str, list[float]] = {"docx": [], "pptx": []}
    for name, text in documents.items():
        source = work / f"{name}.md"
        source.write_text(text, encoding="utf-8")
        for kind in seconds:
            command = ["pandoc", "-f", "markdown", str(source), "-o", str(work / f"{name}.{kind}")]
            seconds[kind].append(timed(command, runs, work))
    every = statistics.median(seconds["docx"] + seconds["pptx"])
    return [
        (
            "pandoc, one .docx (median of the 4 documents)",
            f"{statistics.median(seconds['docx']):.3f} s",
        ),
        (
            "pandoc, one .pptx (median of the 4 documents)",
            f"{statistics.median(seconds['pptx']):.3f} s",
        ),
    ], every


if __name__ == "__main__":
    main()
