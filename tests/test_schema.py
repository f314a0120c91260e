"""Every output opens in Microsoft Office without repair: validated against ECMA-376 with a
maintained validator (openxml-audit, pure Python), which is stricter than LibreOffice.

Findings that a plain python-docx or python-pptx file gets too are listed in ``KNOWN``
with the reason; anything else fails.
"""

from __future__ import annotations

from pathlib import Path

import openxml_audit
import pytest

from toolkit.api import BuildConfig, ReportConfig, build, report

# (part, a piece of the message): why it is not ours to fix.
KNOWN = {
    ("/word/stylesWithEffects.xml", "styles.xml contains"): (
        "python-docx's own template: its stylesWithEffects part lacks the Header and Footer "
        "styles; a plain python-docx file with a footer gets the same finding"
    ),
    ("/word/stylesWithEffects.xml", "docDefaults differ"): (
        "python-docx's own template, as above: every python-docx file gets it"
    ),
    ("/ppt/charts/", "is less than minimum 0"): (
        "python-pptx gives chart axes random IDs that may be negative; PowerPoint opens them"
    ),
    ("/ppt/charts/", "Unexpected element 'smooth'"): (
        "python-pptx's radar chart XML puts c:smooth in each series, as PowerPoint 2007 did"
    ),
}


def _known(error) -> bool:
    return any(
        error.part_uri.startswith(part) and piece in error.description for part, piece in KNOWN
    )


def _ours(path: Path) -> list[str]:
    result = openxml_audit.OpenXmlValidator(max_errors=0).validate(str(path))
    return [
        f"{path.name}: {error.part_uri}: {error.description}"
        for error in result.errors
        if not _known(error)
    ]


def test_plain_python_pptx_charts_get_the_known_findings_too(tmp_path):
    from pptx import Presentation
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Pt

    prs = Presentation()
    data = CategoryChartData()
    data.categories = ["Q1", "Q2", "Q3"]
    data.add_series("Everyone", (3.0, 2.5, 4.0))
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    slide.shapes.add_chart(XL_CHART_TYPE.RADAR, 0, 0, Pt(400), Pt(300), data)
    prs.save(tmp_path / "plain.pptx")
    errors = openxml_audit.OpenXmlValidator(max_errors=0).validate(str(tmp_path / "plain.pptx"))
    assert errors.errors and all(_known(e) for e in errors.errors)
    assert {"Unexpected element 'smooth'" in e.description for e in errors.errors} == {True, False}


def test_a_plain_python_docx_file_gets_the_known_findings_too(tmp_path):
    import docx

    plain = docx.Document()
    plain.sections[0].footer.paragraphs[0].text = "1"
    plain.save(tmp_path / "plain.docx")
    assert _ours(tmp_path / "plain.docx") == []
    result = openxml_audit.OpenXmlValidator(max_errors=0).validate(str(tmp_path / "plain.docx"))
    assert len(result.errors) == 2  # the two stylesWithEffects findings


def test_every_output_is_valid_office_xml(tmp_path, results_csv):
    files = list(build(BuildConfig(out=tmp_path / "std", audiences=("frontline",))).files)
    files += build(BuildConfig(out=tmp_path / "lp", large_print=True, card_size="poker")).files
    files += report(ReportConfig(results=(results_csv,), out=tmp_path / "report")).files
    office = [f for f in files if f.suffix in (".pptx", ".docx")]
    assert len(office) == 11  # the report: deck, action plan and comments
    assert [finding for path in office for finding in _ours(path)] == []


@pytest.fixture
def results_csv(tmp_path) -> Path:
    path = tmp_path / "results.csv"
    rows = ["Respondent code,Audience,Q1,Q6,Q1 comments"]
    rows += [f"R{n},frontline,{1 + n % 5},{2 + n % 4},Listen earlier" for n in range(6)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path
