"""The ``toolkit`` command line: exact messages, exit codes, no tracebacks."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from toolkit import __version__
from toolkit.cli import cli

NO_PROMPTS = "# T\n\n## 1. One?\n\n- a\n\n## 2. Two?\n\nJust a lead-in.\n"
DUPLICATE = "# T\n\n## 1. One?\n\n- a\n\n## 1. Again?\n\n- b\n"
CONTROL = "# T\n\n## 1. One?\n\n- a\x01\n"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.output == f"toolkit, version {__version__}\n"


@pytest.mark.parametrize("command", [[], ["check"], ["build"]])
def test_every_command_has_help_with_an_example(command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output
    assert len(result.output.splitlines()) > 5


def test_every_command_is_documented():
    for name, command in cli.commands.items():
        assert command.help and command.help.strip(), name


def test_check_builtin():
    result = run("check")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "partnership-innovation: 3 groups, 7 questions, 34 prompts",
        "6 audiences: partnership-board, politicians, senior-leaders, managers, frontline, "
        "residents",
        "3 formats: members-discussion, focus-group, workshop",
        "translations: cy (Welsh)",
    ]


def test_check_raw_seed():
    from conftest import seed_path

    result = run("check", "--framework", str(seed_path()))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].endswith(": 3 groups, 7 questions, 34 prompts")
    assert lines[1].startswith("6 audiences: partnership-board, politicians")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (NO_PROMPTS, 7, "question 2 has no prompts"),
        (DUPLICATE, 7, "question number 1 is used twice (first at line 3)"),
        (CONTROL, 5, "column 4: control character U+0001 cannot go into Office files"),
    ],
)
def test_check_reports_file_and_line(write_file, text, line, message):
    path = write_file("bad.md", text)
    result = run("check", "--framework", str(path))
    assert result.exit_code == 1
    assert f"error: {path}:{line}: {message}\n" in result.output
    assert "Traceback" not in result.output
    assert result.output.endswith("1 problem found.\n")


def test_build_reports_bad_content_without_building(write_file, tmp_path):
    path = write_file("bad.md", DUPLICATE)
    out = tmp_path / "out"
    result = run("build", "--framework", str(path), "--out", str(out))
    assert result.exit_code == 1
    assert f"{path}:7: question number 1 is used twice" in result.output
    assert not out.exists()


def test_missing_framework_file(tmp_path):
    result = run("check", "--framework", str(tmp_path / "nope.md"))
    assert result.exit_code == 1
    assert result.output == (
        f"error: {tmp_path / 'nope.md'}: framework file not found\n"
        "       check the path\n1 problem found.\n"
    )


def test_build_writes_the_pack_and_prints_each_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("build")
    assert result.exit_code == 0, result.output
    assert result.output == "".join(
        f"wrote output/partnership-innovation-partnership-board-{name}\n"
        for name in ("deck.pptx", "cards.pptx", "worksheet.docx", "facilitator-guide.docx",
                     "results.csv"))
    assert (tmp_path / "output" / "partnership-innovation-partnership-board-deck.pptx").is_file()


def test_failed_build_leaves_the_previous_pack(tmp_path, write_file):
    out = tmp_path / "out"
    assert run("build", "--out", str(out)).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    templates = write_file("templates/deck.md.j2", "## Slide\n\n{{ nonsense.value }}\n")
    result = run("build", "--out", str(out), "--templates", str(templates.parent))
    assert result.exit_code == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_user_template_wins(tmp_path, write_file):
    templates = write_file(
        "mine/deck.md.j2",
        (
            "---\ntitle: Mine\n---\n\n## Our own first slide\n\n{{ framework.title }}\n\n"
            "::: notes\nSay hello.\n:::\n"
        ),
    )
    out = tmp_path / "out"
    result = run("build", "--templates", str(templates.parent), "--out", str(out))
    assert result.exit_code == 0, result.output
    from deckinspect import load, slide_text, title_of

    deck = load(next(out.glob("*-deck.pptx")))
    assert [title_of(s) for s in deck.slides] == ["Our own first slide"]
    assert "Public Service Partnerships' Innovation Framework" in slide_text(deck.slides[0])


def test_template_error_names_template_file_and_line(write_file, tmp_path):
    templates = write_file("t/deck.md.j2", "## One\n\nok\n\n## Two\n\n{{ framework.nope }}\n")
    result = run("build", "--templates", str(templates.parent), "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert f"error: {templates}:7: " in result.output
    assert "nope" in result.output
    assert "Traceback" not in result.output


def test_template_syntax_error(write_file, tmp_path):
    templates = write_file("t/deck.md.j2", "## One\n\n{% if %}\n")
    result = run("build", "--templates", str(templates.parent), "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert f"error: {templates}:3: " in result.output


@pytest.mark.parametrize("name", ["deck.md.j2", "worksheet.md.j2"])
def test_a_control_character_in_a_template_names_its_line(write_file, tmp_path, name):
    templates = write_file(f"t/{name}", "## One\n\nA bell \x07 rings.\n")
    result = run("build", "--templates", str(templates.parent), "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert f"error: {templates}:3: column 8: control character U+0007" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_templates_folder_must_exist(tmp_path):
    result = run("build", "--templates", str(tmp_path / "none"), "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert "templates folder not found" in result.output


def test_out_that_is_a_file(write_file):
    path = write_file("taken", "x")
    result = run("build", "--out", str(path))
    assert result.exit_code != 0
    assert "Traceback" not in result.output


def test_debug_shows_a_traceback(write_file):
    path = write_file("bad.md", DUPLICATE)
    result = run("--debug", "check", "--framework", str(path))
    assert result.exit_code == 1
    assert "Traceback" in result.output


def test_python_dash_m(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "check"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].endswith("34 prompts")


def test_template_with_no_slides(write_file, tmp_path):
    templates = write_file("t/deck.md.j2", "{# nothing #}\n")
    result = run("build", "--templates", str(templates.parent), "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert result.output == (
        "error: deck.md.j2: the template produced no slides; start each "
        "slide with a '## Title' line\n"
    )


def test_template_calling_a_method_that_fails(write_file, tmp_path):
    templates = write_file("t/deck.md.j2", "## One\n\n{{ plan.block('nope') }}\n")
    result = run("build", "--templates", str(templates.parent), "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert result.output == f"error: {templates}:3: KeyError: 'nope'\n"


def test_templates_run_in_a_sandbox(write_file, tmp_path):
    templates = write_file("t/deck.md.j2",
                           "## One\n\n{{ framework.__class__.__init__.__globals__ }}\n")
    result = run("build", "--templates", str(templates.parent), "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert f"error: {templates}:3: " in result.output
    assert "unsafe" in result.output or "SecurityError" in result.output
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").rglob("*.pptx"))


def test_an_error_inside_a_writer_leaves_the_previous_pack(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert run("build", "--out", str(out)).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(*args, **kwargs):
        raise KeyboardInterrupt  # as if the person pressed Ctrl-C mid-build

    monkeypatch.setattr(sys.modules["toolkit.api"], "write_results_sheet", broken)
    with pytest.raises(KeyboardInterrupt):
        from toolkit.api import BuildConfig, build

        build(BuildConfig(out=out))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_an_edited_file_is_not_overwritten_without_force(tmp_path):
    out = tmp_path / "out"
    assert run("build", "--out", str(out)).exit_code == 0
    guide = out / "partnership-innovation-partnership-board-facilitator-guide.docx"
    edited = guide.read_bytes() + b"my notes"
    guide.write_bytes(edited)
    deck = out / "partnership-innovation-partnership-board-deck.pptx"
    deck_before = deck.read_bytes()
    result = run("build", "--out", str(out))
    assert result.exit_code == 1
    assert result.output.startswith(f"error: {guide}: changed since it was built; it was "
                                    "left as it is")
    assert "--force" in result.output
    assert guide.read_bytes() == edited
    assert deck.read_bytes() == deck_before
    forced = run("build", "--out", str(out), "--force")
    assert forced.exit_code == 0, forced.output
    assert guide.read_bytes() != edited


def test_the_manifest_records_files_and_inputs(tmp_path):
    import json

    out = tmp_path / "out"
    assert run("build", "--out", str(out)).exit_code == 0
    manifest = json.loads((out / ".toolkit-manifest.json").read_text())
    entry = manifest["partnership-innovation-partnership-board-deck.pptx"]
    assert len(entry["sha256"]) == 64
    assert any(path.endswith("partnership-innovation.md") for path in entry["built_from"])
    assert any(path.endswith("deck.md.j2") for path in entry["built_from"])
