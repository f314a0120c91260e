"""Native PowerPoint charts (python-pptx's chart API) drawn from a table of figures."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
    XL_TICK_LABEL_POSITION,
)
from pptx.util import Pt

from toolkit.layout.colours import GROUP_COLOURS, INK
from toolkit.layout.textfit import font_family
from toolkit.render.document import Table
from toolkit.writers.ooxml import set_alt_text

CHART_TYPES = {
    "radar": XL_CHART_TYPE.RADAR_MARKERS,
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "stacked": XL_CHART_TYPE.BAR_STACKED_100,
    "dots": XL_CHART_TYPE.LINE_MARKERS,
    "diverging": XL_CHART_TYPE.BAR_STACKED,
}
# Ratings 1 to 5 in the stacked chart: from red-brown (much more to do) to green.
SPREAD_COLOURS = ("8A3B12", "B0651E", "6B7280", "2F7D5B", "1E5E3A")
CHART_TEXT = 18.0
# The diverging bar's series: the 3s split either side of the middle, then 2s and 1s to
# the left, 4s and 5s to the right (each series is a share of the question's ratings).
_DIVERGING = (
    ("3", 2, -0.5),
    ("2", 1, -1.0),
    ("1", 0, -1.0),
    ("3 ", 2, 0.5),
    ("4", 3, 1.0),
    ("5", 4, 1.0),
)


def add_chart(
    slide,
    table: Table,
    kind: str,
    alt: str,
    box: tuple[float, float, float, float],
    when: datetime,
):
    """Add a chart of ``table`` in ``box`` (points) with alt text ``alt``; return it.

    The table's header row names the series and each further row is a category and its
    values. ``kind``: ``bar``, ``stacked``, ``radar`` or ``dots`` (values on a 1 to 5
    axis), or ``diverging`` (the counts of 1s to 5s in each row, drawn as shares either
    side of the middle). ``when`` dates the workbook of figures embedded in the chart, so
    that the same figures always make the same file.
    """
    header, *rows = table.rows
    if kind == "diverging":
        data = _diverging_data(rows, when)
    else:
        data = _DatedChartData(number_format="0.0")
        data.created = when
        data.categories = [row[0] for row in rows]
        for column, name in enumerate(header[1:], start=1):
            values = [_number(row[column]) if column < len(row) else None for row in rows]
            data.add_series(name, values)
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
    _style(frame.chart, kind, len(frame.chart.plots[0].series))
    return frame.chart


def _diverging_data(rows: list, when: datetime) -> CategoryChartData:
    """Return the shares of each rating per row, the lower ones negative."""
    data = _DatedChartData(number_format="0%")
    data.created = when
    data.categories = [row[0] for row in rows]
    counts = [[_number(cell) or 0.0 for cell in row[1:6]] for row in rows]
    for name, index, share in _DIVERGING:
        data.add_series(
            name,
            [round(share * c[index] / (sum(c) or 1), 4) if len(c) > index else 0.0 for c in counts],
        )
    return data


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
    if kind == "diverging":
        _style_diverging(chart)
        return
    colours = SPREAD_COLOURS if kind == "stacked" else GROUP_COLOURS
    for index, series in enumerate(chart.plots[0].series):
        colour = RGBColor.from_string(colours[index % len(colours)])
        if kind in ("radar", "dots"):
            series.smooth = False
            series.marker.style = XL_MARKER_STYLE.CIRCLE
            series.marker.size = 11
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = colour
            series.marker.format.line.color.rgb = colour
        if kind == "radar":
            series.format.line.color.rgb = colour
            series.format.line.width = Pt(2.5)
        elif kind == "dots":
            series.format.line.fill.background()  # dots only: no line joins questions
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = colour
    if kind != "stacked":
        axis = chart.value_axis
        low = 1 if kind in ("radar", "dots") else 0  # ratings run from 1 to 5
        axis.minimum_scale, axis.maximum_scale = low, 5
        axis.major_unit = 1
    if kind == "radar":  # the points sit on the scale's numbers: the slide says the scale
        chart.value_axis.tick_label_position = XL_TICK_LABEL_POSITION.NONE
    if kind == "bar":
        plot = chart.plots[0]
        plot.has_data_labels = True
        plot.data_labels.number_format = "0.0"
        plot.data_labels.number_format_is_linked = False
        plot.data_labels.font.size = Pt(CHART_TEXT)


def _style_diverging(chart) -> None:
    """Colour the 1s to 5s, overlap the bars, and label the axis as shares either side;
    no legend, as the 3s are drawn in two halves (the slide says which colour is which)."""
    plot = chart.plots[0]
    plot.gap_width = 40
    plot.overlap = 100
    for (_name, index, _share), series in zip(_DIVERGING, plot.series, strict=True):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(SPREAD_COLOURS[index])
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale = -1, 1
    axis.major_unit = 0.5
    axis.tick_labels.number_format = "0%;0%;0%"
    axis.tick_labels.number_format_is_linked = False
    chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    chart.category_axis.reverse_order = True  # the first question at the top
    chart.has_legend = False  # the 3s are two series: the slide's words give the key
