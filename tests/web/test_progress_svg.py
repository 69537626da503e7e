"""The chart functions draw well-formed, labelled, escaped SVG without a database."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from kneewise.web.progress import svg

NS = {"s": "http://www.w3.org/2000/svg"}


def parsed(chart: str) -> ET.Element:
    return ET.fromstring(chart)


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]


def pain_line(**changes: object) -> str:
    arguments: dict[str, object] = {
        "chart_id": "pain",
        "title": "Daily pain",
        "desc": "Pain of five days",
        "categories": ["1 Mar", "2 Mar", "3 Mar", "4 Mar", "5 Mar"],
        "series": [
            svg.Series("During", [1, 2, None, 4, 3]),
            svg.Series("Next morning", [0, 1, 1, None, 2], marker="square", dashed=True),
        ],
        "y_range": (0, 10),
        "bands": [
            svg.Band(0, 2.5, "Green 0–2", "#dcefe1"),
            svg.Band(2.5, 4.5, "Amber 3–4", "#fbe9c6"),
            svg.Band(4.5, 10, "Red 5+", "#f8dcd9"),
        ],
        "marks": [svg.Mark(3, "+2")],
        "mark_legend": "Next morning worse",
    }
    arguments.update(changes)
    return svg.line_chart(**arguments)  # type: ignore[arg-type]


def test_a_line_chart_is_well_formed_xml_with_its_title_and_description() -> None:
    root = parsed(pain_line())
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "pain-title pain-desc"
    assert root.find("s:title", NS).text == "Daily pain"  # type: ignore[union-attr]
    assert root.find("s:desc", NS).text == "Pain of five days"  # type: ignore[union-attr]
    assert root.get("width") == "100%"
    assert root.get("viewBox", "").startswith("0 0 360 ")


def test_a_line_chart_draws_one_marker_per_known_value_and_breaks_the_line_at_gaps() -> None:
    root = parsed(pain_line())
    points = root.findall(".//*[@class='point']")
    assert len(points) == 4 + 4  # None values draw nothing
    # "During" is split by its gap into two pieces; "Next morning" has one piece of 3 points.
    paths = root.findall("s:path", NS)
    assert len(paths) == 3


def test_the_traffic_light_bands_are_labelled_rectangles() -> None:
    root = parsed(pain_line())
    assert len(root.findall(".//s:rect[@class='band']", NS)) == 3
    assert {"Green 0–2", "Amber 3–4", "Red 5+"} <= set(texts(root))


def test_marks_and_the_legend_name_what_colour_alone_would_not() -> None:
    root = parsed(pain_line())
    assert len(root.findall(".//*[@class='mark']")) == 1
    labels = texts(root)
    assert "+2" in labels
    assert {"During", "Next morning", "Next morning worse"} <= set(labels)


def test_labels_of_marks_on_neighbouring_days_go_to_separate_rows() -> None:
    categories = [str(day) for day in range(56)]
    chart = pain_line(
        categories=categories,
        series=[svg.Series("During", [1.0] * 56)],
        marks=[svg.Mark(10, "+1"), svg.Mark(11, "+2"), svg.Mark(30, "+1")],
    )
    labels = {
        t.text: float(t.get("y", "0"))
        for t in parsed(chart).iter("{http://www.w3.org/2000/svg}text")
        if t.text in ("+1", "+2")
    }
    assert labels["+2"] > labels["+1"]


def test_value_labels_show_each_value() -> None:
    chart = svg.line_chart(
        chart_id="akps",
        title="AKPS",
        desc="Three scores",
        categories=["a", "b", "c"],
        series=[svg.Series("Knee score", [62, 70, 81.5], value_labels=True)],
        y_range=(0, 100),
    )
    assert {"62", "70", "81.5"} <= set(texts(parsed(chart)))


def test_reference_lines_carry_their_labels() -> None:
    chart = svg.line_chart(
        chart_id="cadence",
        title="Cadence",
        desc="Runs",
        categories=["a", "b"],
        series=[svg.Series("Cadence", [160, 164])],
        y_range=(150, 180),
        rules=[svg.Rule(162, "Baseline 162"), svg.Rule(170, "Target 170", dashed=False)],
    )
    root = parsed(chart)
    assert len(root.findall(".//s:line[@class='rule']", NS)) == 2
    assert {"Baseline 162", "Target 170"} <= set(texts(root))


def test_reference_line_names_sit_in_the_legend_not_over_the_series() -> None:
    """Issue #12 defect 9: "Baseline 168" written on its line hid the cadence line."""
    chart = svg.line_chart(
        chart_id="cadence",
        title="Cadence",
        desc="Runs",
        categories=["a", "b"],
        series=[svg.Series("Cadence", [160, 164])],
        y_range=(150, 180),
        rules=[svg.Rule(162, "Baseline 162")],
    )
    root = parsed(chart)
    label = next(t for t in root.iter(f"{{{NS['s']}}}text") if t.text == "Baseline 162")
    rule_y = float(root.findall(".//s:line[@class='rule']", NS)[0].get("y1", "0"))
    assert float(label.get("y", "0")) < rule_y - 20  # up in the legend rows
    assert texts(root).count("Baseline 162") == 1


def test_a_bar_chart_draws_one_bar_per_category_with_its_labels() -> None:
    chart = svg.bar_chart(
        chart_id="load",
        title="Weekly distance",
        desc="Four weeks",
        categories=["2 Feb", "9 Feb", "16 Feb", "23 Feb"],
        values=[10.0, 12.5, 0.0, 20.0],
        name="Distance (km)",
        value_labels=["10", "12.5", "", "20"],
        footer_labels=["11", "13", "", "24"],
        footer_name="Under each week: knee load",
        marks=[svg.Mark(3, "R15"), svg.Mark(3, "R16")],
        mark_legend="Load flag",
    )
    root = parsed(chart)
    assert len(root.findall(".//s:rect[@class='bar']", NS)) == 4
    labels = texts(root)
    assert {"12.5", "24", "R15", "R16", "Load flag", "Under each week: knee load"} <= set(labels)
    assert root.find("s:title", NS).text == "Weekly distance"  # type: ignore[union-attr]


def test_every_text_is_escaped_so_a_script_label_stays_text() -> None:
    evil = '<script>alert("x")</script>'
    chart = pain_line(
        title=evil,
        desc=evil,
        categories=[evil] * 5,
        series=[svg.Series(evil, [1, 2, 3, 4, 5])],
        bands=[svg.Band(0, 2, evil, "#fff")],
        marks=[svg.Mark(0, evil)],
        mark_legend=evil,
    )
    assert "<script" not in chart
    root = parsed(chart)
    assert root.find("s:title", NS).text == evil  # type: ignore[union-attr]
    assert evil in texts(root)
    assert not [e for e in root.iter() if any(a.startswith("on") for a in e.attrib)]


def test_a_chart_id_that_is_not_a_plain_identifier_is_refused() -> None:
    with pytest.raises(ValueError, match="chart_id"):
        pain_line(chart_id='x" onload="alert(1)')


@pytest.mark.parametrize(
    ("value", "text"), [(12.0, "12"), (12.35, "12.3"), (0.04, "0"), (-0.01, "0"), (7.5, "7.5")]
)
def test_numbers_are_written_without_trailing_zeros(value: float, text: str) -> None:
    assert svg.num(value) == text


def test_ticks_are_round_numbers_covering_the_range() -> None:
    assert svg.nice_ticks(0, 100) == [0, 20, 40, 60, 80, 100]
    assert svg.nice_ticks(0, 23) == [0, 5, 10, 15, 20]


# Dense lines, hatched stretches and outlines (a run's charts, issue #9 part 8)


def dense_line(**changes: object) -> str:
    arguments: dict[str, object] = {
        "chart_id": "elevation",
        "title": "Elevation",
        "desc": "A hill",
        "categories": [""] * 300,
        "series": [
            svg.Series("Elevation (m)", [500.0 + i / 10 for i in range(300)], markers=False)
        ],
        "y_range": (480, 540),
        "spans": [svg.Span(100, 150), svg.Span(200, 200.2)],
        "span_legend": "Downhill, −5 % or steeper",
    }
    arguments.update(changes)
    return svg.line_chart(**arguments)  # type: ignore[arg-type]


def test_a_dense_line_draws_one_path_without_markers_and_says_so_in_its_legend() -> None:
    root = parsed(dense_line())
    assert root.findall(".//*[@class='point']") == []
    assert root.findall(".//*[@class='key']") == []  # a line sample, not a marker shape
    assert len(root.findall("s:path", NS)) == 1
    assert "Elevation (m)" in texts(root)


def test_spans_are_hatched_across_the_plot_and_named_in_the_legend() -> None:
    root = parsed(dense_line())
    spans = root.findall(".//s:rect[@class='span']", NS)
    assert len(spans) == 2
    assert {s.get("fill") for s in spans} == {"url(#elevation-hatch)"}
    assert root.find(".//s:pattern[@id='elevation-hatch']", NS) is not None
    step = (svg.WIDTH - svg.LEFT - svg.RIGHT) / 300
    assert float(spans[0].get("x", "0")) == pytest.approx(svg.LEFT + 100 * step, abs=0.05)
    assert float(spans[0].get("width", "0")) == pytest.approx(50 * step, abs=0.1)
    assert float(spans[1].get("width", "0")) >= svg.MIN_SPAN  # a short stretch stays visible
    assert "Downhill, −5 % or steeper" in texts(root)


def test_a_chart_without_spans_has_no_hatch_pattern() -> None:
    assert "<pattern" not in dense_line(spans=[])
    assert "<pattern" not in pain_line()


def test_the_value_axis_can_write_its_ticks_as_paces() -> None:
    chart = dense_line(
        y_range=(300, 420), y_ticks=[300, 360, 420], y_format=lambda s: f"{int(s) // 60}:00"
    )
    assert {"5:00", "6:00", "7:00"} <= set(texts(parsed(chart)))


def outline(points: list[tuple[float, float]], **changes: object) -> ET.Element:
    arguments: dict[str, object] = {
        "chart_id": "route",
        "title": "Route",
        "desc": "A loop",
        "points": points,
        "scale": (500.0, "500 m"),
    }
    arguments.update(changes)
    return parsed(svg.outline_chart(**arguments))  # type: ignore[arg-type]


def path_points(root: ET.Element) -> list[tuple[float, float]]:
    path = root.find(".//s:path[@class='outline']", NS)
    assert path is not None
    pairs = path.get("d", "").replace("M", "").split("L")
    return [(float(x), float(y)) for x, y in (pair.split() for pair in pairs)]


def test_an_outline_fits_the_width_with_north_up_and_marks_start_and_finish() -> None:
    root = outline([(0, 0), (2000, 0), (2000, 1000), (0, 1000), (0, 100)])
    drawn = path_points(root)
    assert all(0 <= x <= svg.WIDTH for x, _ in drawn)
    assert max(x for x, _ in drawn) - min(x for x, _ in drawn) == pytest.approx(
        svg.WIDTH - 2 * svg.OUTLINE_PAD, abs=0.2
    )
    assert drawn[2][1] < drawn[1][1]  # further north is higher up
    assert root.find(".//*[@class='start']") is not None
    assert root.find(".//*[@class='finish']") is not None
    assert {"Start", "Finish", "500 m", "N ↑"} <= set(texts(root))
    assert root.get("viewBox", "").startswith("0 0 360 ")


def test_an_outline_keeps_its_shape_and_stays_within_the_tallest_drawing() -> None:
    drawn = path_points(outline([(0, 0), (100, 0), (100, 5000)]))
    height = max(y for _, y in drawn) - min(y for _, y in drawn)
    width = max(x for x, _ in drawn) - min(x for x, _ in drawn)
    assert height == pytest.approx(svg.OUTLINE_HEIGHT - 2 * svg.OUTLINE_PAD, abs=0.2)
    assert width / height == pytest.approx(100 / 5000, abs=0.002)


def test_an_outline_of_one_point_is_drawn_and_of_none_is_refused() -> None:
    assert len(path_points(outline([(5.0, 5.0)]))) == 1
    with pytest.raises(ValueError, match="at least one point"):
        outline([])


def test_the_last_label_of_a_dense_axis_ends_at_the_edge_instead_of_sticking_out() -> None:
    labels = [""] * 300
    labels[0], labels[299] = "0 km", "8 km"
    root = parsed(dense_line(x_labels=labels, spans=[]))
    placed = {t.text: t for t in root.iter("{http://www.w3.org/2000/svg}text")}
    assert placed["8 km"].get("text-anchor") == "end"
    assert float(placed["8 km"].get("x", "0")) <= svg.WIDTH
    assert placed["0 km"].get("text-anchor") == "middle"
