"""Native PowerPoint charts (python-pptx's chart API) drawn from a table of figures."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Pt

from toolkit.layout.colours import GROUP_COLOURS, INK
from toolkit.layout.textfit import font_family
from toolkit.render.document import Table
from toolkit.writers.ooxml import set_alt_text

CHART_TYPES = {
    "radar": XL_CHART_TYPE.RADAR_MARKERS,
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "stacked": XL_CHART_TYPE.BAR_STACKED_100,
}
# Ratings 1 to 5 in the stacked chart: from red-brown (much more to do) to green.
SPREAD_COLOURS = ("8A3B12", "B0651E", "6B7280", "2F7D5B", "1E5E3A")
CHART_TEXT = 18.0


def add_chart(
    slide,
    table: Table,
    kind: str,
    alt: str,
    box: tuple[float, float, float, float],
    when: datetime,
):
    """Add a chart of ``table`` in ``box`` (points) with alt text ``alt``; return it.

    ``when`` dates the workbook of figures embedded in the chart, so that the same figures
    always make the same file.
    """
    data = _DatedChartData(number_format="0.0")
    data.created = when
    header, *rows = table.rows
    data.categories = [row[0] for row in rows]
    for column, name in enumerate(header[1:], start=1):
        data.add_series(name, [_number(row[column]) if column < len(row) else None for row in rows])
    left, top, width, height = box
    frame = slide.shapes.add_chart(
        CHART_TYPES.get(kind, XL_CHART_TYPE.BAR_CLUSTERED),
        Pt(left),
        Pt(top),
        Pt(width),
        Pt(height),
        data,
    )
    frame.name = f"{kind.capitalize()} chart"
    set_alt_text(frame, alt or f"{kind} chart of {', '.join(header[1:])}")
    _style(frame.chart, kind, len(header) - 1)
    return frame.chart


class _DatedWorkbookWriter(CategoryWorkbookWriter):
    """python-pptx's writer of a chart's embedded workbook, dated by the build rather than
    the clock."""

    @contextmanager
    def _open_worksheet(self, xlsx_file):
        with super()._open_worksheet(xlsx_file) as (workbook, worksheet):
            workbook.set_properties({"created": self._chart_data.created})
            yield workbook, worksheet


class _DatedChartData(CategoryChartData):
    """Chart data whose embedded workbook carries the build's date (``created``)."""

    created: datetime

    @property
    def _workbook_writer(self):
        return _DatedWorkbookWriter(self)


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _style(chart, kind: str, series_count: int) -> None:
    chart.font.name = font_family()
    chart.font.size = Pt(CHART_TEXT)
    chart.font.color.rgb = RGBColor.from_string(INK)
    chart.has_legend = series_count > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    colours = SPREAD_COLOURS if kind == "stacked" else GROUP_COLOURS
    for index, series in enumerate(chart.plots[0].series):
        colour = RGBColor.from_string(colours[index % len(colours)])
        if kind == "radar":
            series.format.line.color.rgb = colour
            series.format.line.width = Pt(2.5)
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = colour
    if kind != "stacked":
        axis = chart.value_axis
        axis.minimum_scale, axis.maximum_scale = 0, 5
        axis.major_unit = 1
    if kind == "bar":
        plot = chart.plots[0]
        plot.has_data_labels = True
        plot.data_labels.number_format = "0.0"
        plot.data_labels.number_format_is_linked = False
        plot.data_labels.font.size = Pt(CHART_TEXT)
