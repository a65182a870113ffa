"""The plan's small charts, drawn on the server as accessible SVG.

Altair describes each chart in Vega-Lite and vl-convert renders it in-process with the
JavaScript engine it embeds: the page gets a finished SVG, with no script, no CDN and no
request anywhere (external data URLs are refused outright). The output has no ``style``
attribute, so it can be inlined under the site's content-security policy.

Django-free: the caller passes every label already translated; this module knows no
language. ``locale`` (a d3 locale name such as ``"fr-FR"``) only sets how numbers are
written; dates are written as numbers (``08/2026``) whatever the locale.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape, quoteattr

import altair as alt
import vl_convert

# A few colours of the French State's design system (DSFR).
PALETTE = {
    "blue_france": "#000091",
    "blue_france_light": "#6a6af4",
    "red_marianne": "#e1000f",
    "green": "#18753c",
    "orange": "#b34000",
    "grey_dark": "#3a3a3a",
    "grey": "#666666",
    "grey_light": "#929292",
    "grey_lighter": "#dddddd",
}
# An agreement's status, in its life's order; colour AND shape tell them apart, so that the
# timeline still reads in black and white or for a colour-blind reader.
STATUS_MARKS = {
    "draft": (PALETTE["grey_light"], "circle"),
    "negotiation": (PALETTE["blue_france_light"], "diamond"),
    "signed": (PALETTE["blue_france"], "square"),
    "in_force": (PALETTE["green"], "triangle-up"),
    "suspended": (PALETTE["orange"], "triangle-down"),
    "expired": (PALETTE["grey"], "triangle-right"),
    "terminated": (PALETTE["red_marianne"], "cross"),
}
_UNKNOWN_MARK = (PALETTE["grey_dark"], "circle")

FONT = "Marianne, arial, sans-serif"
DATE_FORMAT = "%m/%Y"
# vl-convert bundles several Vega-Lite versions: use the one Altair writes specs for.
_VL_VERSION = "_".join(alt.SCHEMA_VERSION.split(".")[:2])
_CONFIG = {
    # The chart is one image named by its <title>: marks and axes announcing themselves as
    # images without names would fail accessibility checks (axe: svg-img-alt).
    "aria": False,
    "axis": {"aria": False, "labelColor": PALETTE["grey_dark"], "titleColor": PALETTE["grey_dark"]},
    "legend": {
        "aria": False,
        "labelColor": PALETTE["grey_dark"],
        "titleColor": PALETTE["grey_dark"],
    },
    "font": FONT,
    "background": "white",
    "view": {"stroke": None},
}
_SVG_ROOT = re.compile(r"<svg\b[^>]*>")
_INNER_ARIA = re.compile(r'\s(?:role="graphics-[a-z-]+"|aria-[a-z]+="[^"]*")')


def history_chart(
    points: Sequence[tuple[dt.date, float]],
    *,
    target: float,
    deadline: dt.date,
    forecast: float | None,
    title: str,
    value_label: str,
    date_label: str,
    target_label: str,
    width: int = 260,
    height: int = 90,
    locale: str | None = None,
) -> str:
    """Return an objective's history as an SVG line, with its target and forecast.

    The target is a red rule up to the deadline; the forecast, when given, a dashed segment
    from the last measure to (deadline, forecast). ``title`` names the SVG for assistive
    technologies and is not drawn: the chart sits under the objective's heading.
    ``width`` and ``height`` are those of the whole SVG.
    """
    history = [{"date": day.isoformat(), "value": float(value)} for day, value in sorted(points)]
    # With no measure yet, a year before the deadline gives the time axis a span.
    start = history[0]["date"] if history else (deadline - dt.timedelta(days=365)).isoformat()
    x = alt.X("date:T", title=date_label, scale=alt.Scale(type="utc"), axis=_date_axis(3))
    y = alt.Y("value:Q", title=value_label, axis=alt.Axis(tickCount=3, grid=True))

    goal = [{"date": start, "end": deadline.isoformat(), "value": float(target)}]
    layers = [
        alt.Chart(alt.Data(values=goal))
        .mark_rule(color=PALETTE["red_marianne"], strokeWidth=1.5)
        .encode(x=x, x2="end:T", y=y),
        alt.Chart(alt.Data(values=goal))
        .mark_text(color=PALETTE["red_marianne"], align="right", baseline="bottom", dy=-2)
        .encode(x="end:T", y="value:Q", text=alt.value(target_label)),
        alt.Chart(alt.Data(values=history))
        .mark_line(color=PALETTE["blue_france"], point=alt.OverlayMarkDef(size=18))
        .encode(x=x, y=y),
    ]
    if history and forecast is not None:
        ahead = [history[-1], {"date": deadline.isoformat(), "value": float(forecast)}]
        layers.append(
            alt.Chart(alt.Data(values=ahead))
            .mark_line(color=PALETTE["blue_france"], strokeDash=[4, 3], opacity=0.7)
            .encode(x=x, y=y)
        )
    chart = alt.layer(*layers).properties(
        width=width, height=height, autosize=alt.AutoSizeParams(type="fit", contains="padding")
    )
    return _render(chart, title, locale)


def timeline_chart(
    events: Sequence[tuple[str, dt.date, str]],
    *,
    title: str,
    date_label: str,
    status_label: str,
    status_labels: Mapping[str, str],
    width: int = 1100,
    locale: str | None = None,
) -> str:
    """Return the agreements as an SVG timeline: one row per label, a mark at its date.

    ``events`` are (agreement label, date, status code); the mark's colour and shape tell
    the status, and the legend lists the statuses present under ``status_labels``' names.
    ``width`` is that of the whole SVG; each row is 24 px high.
    """
    codes = sorted({code for _, _, code in events}, key=_status_order)
    marks = [STATUS_MARKS.get(code, _UNKNOWN_MARK) for code in codes]
    legend = alt.Legend(orient="bottom", direction="horizontal", title=status_label)
    status = {"field": "status", "type": "nominal", "legend": legend}
    rows = [
        {"agreement": label, "date": day.isoformat(), "status": status_labels.get(code, code)}
        for label, day, code in events
    ]
    domain = [status_labels.get(code, code) for code in codes]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_point(filled=True, opacity=1, size=90)
        .encode(
            x=alt.X(
                "date:T",
                title=date_label,
                scale=alt.Scale(type="utc", padding=12),  # keeps the first and last marks whole
                axis=_date_axis(6),
            ),
            # No label limit: a title cut to "…" names no agreement; the SVG scales instead.
            y=alt.Y("agreement:N", title=None, sort=None, axis=alt.Axis(labelLimit=0)),
            color=alt.Color(**status, scale=alt.Scale(domain=domain, range=[c for c, _ in marks])),
            shape=alt.Shape(**status, scale=alt.Scale(domain=domain, range=[s for _, s in marks])),
        )
        .properties(
            width=width,
            height=alt.Step(24),
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
            # vl-convert measures the labels with its own fallback font; browsers draw them
            # in Marianne, up to a fifth wider: room on the left keeps the longest whole.
            padding={"left": 5 + max((len(label) for label, _, _ in events), default=0)},
        )
    )
    return _render(chart, title, locale)


def _date_axis(ticks: int) -> alt.Axis:
    return alt.Axis(format=DATE_FORMAT, tickCount=ticks, labelOverlap=True, grid=False)


def _status_order(code: str) -> tuple[int, str]:
    order = list(STATUS_MARKS)
    return (order.index(code) if code in order else len(order), code)


def _render(chart: alt.TopLevelMixin, title: str, locale: str | None) -> str:
    spec = chart.to_dict()
    spec["config"] = {**spec.get("config", {}), **_CONFIG}
    svg = vl_convert.vegalite_to_svg(
        spec,
        vl_version=_VL_VERSION,
        allowed_base_urls=[],  # the data is inline: refuse any fetch
        format_locale=locale,
    )
    return accessible(svg, title)


def accessible(svg: str, title: str) -> str:
    """Return ``svg`` named for assistive technologies: role="img", aria-label and <title>."""
    root = _SVG_ROOT.search(svg)
    if root is None:
        raise ValueError("not an SVG document")
    opening = root.group(0)[:-1] + f' role="img" aria-label={quoteattr(title)}>'
    # Vega marks call themselves graphics objects with descriptions of their own; inside one
    # named image they are noise, and axe reports them as unnamed images.
    body = _INNER_ARIA.sub("", svg[root.end() :])
    return f"{svg[: root.start()]}{opening}<title>{escape(title)}</title>{body}"
