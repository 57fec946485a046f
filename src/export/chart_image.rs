//! A chart as a publishable SVG: title, the date of the cursor and the span
//! of the data, axes with labels, the series drawn as the app draws them
//! (the same [`Chart`], colours and drawing decisions), the legend, and the
//! sources in the footer.

use std::collections::BTreeMap;

use super::layout::{GRID, INK, MUTED, Page, nice_ticks, widest};
use super::svg::{Anchor, Svg, TextStyle, fill, stroke};
use super::{Citations, ImageSize};
use crate::charts::{self, Chart, SeriesStyle, format_value, thousands};
use crate::date::Date;
use crate::style::{self, Rgba};

/// Where the plot sits in the image, returned so tests can find the cursor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlotFrame {
    /// Left edge (px).
    pub left: f64,
    /// Top edge (px).
    pub top: f64,
    /// Right edge (px).
    pub right: f64,
    /// Bottom edge (px).
    pub bottom: f64,
    /// x of the date cursor (px).
    pub cursor_x: f64,
}

/// The subtitle: the cursor date, the span of the data and the unit.
pub fn subtitle(chart: &Chart, date: Date) -> String {
    let span = match chart.data_span() {
        Some((a, b)) if a.year() == b.year() => format!("data for {}", a.year()),
        Some((a, b)) => format!("data {}–{}", a.year(), b.year()),
        None => "no data".to_string(),
    };
    format!("Cursor at {} · {span}", date.long())
}

/// The legend text of a series: its name, and for step series the value in
/// force at the cursor.
fn legend_text(chart: &Chart, s: &charts::ChartSeries, date: Date) -> String {
    if s.style == SeriesStyle::Step
        && let Some(v) = s.step_value_at(date)
    {
        return format!("{}: {}", s.name, format_value(v, chart.unit));
    }
    s.name.clone()
}

/// The years the image spans: the data and the cursor with a margin when
/// they fit in 30 years (deportations 1941–1951 fill the image instead of
/// an eighth of it), otherwise the app's whole time axis.
pub fn x_range(chart: &Chart, date: Date) -> (f64, f64) {
    let Some((a, b)) = chart.data_span() else {
        return charts::X_RANGE;
    };
    let lo = a.decimal_year().min(date.decimal_year());
    let hi = b.decimal_year().max(date.decimal_year());
    if hi - lo > 30.0 {
        return charts::X_RANGE;
    }
    let pad = ((hi - lo) * 0.08).max(1.0) + 0.5;
    ((lo - pad).floor(), (hi + pad).ceil())
}

/// A year step giving 5 to 12 labelled ticks.
fn year_step(span: f64) -> f64 {
    [1.0, 2.0, 5.0, 10.0, 20.0]
        .into_iter()
        .find(|s| span / s <= 12.0)
        .unwrap_or(20.0)
}

fn tick_label(v: f64, unit: &str) -> String {
    if unit == "%" {
        format!("{v:.0}%")
    } else {
        thousands(v.round() as i64)
    }
}

/// Draws `chart` with the cursor at `date` into an SVG of `size`.
pub fn chart_svg(chart: &Chart, date: Date, size: ImageSize, cite: &Citations<'_>) -> String {
    chart_svg_with_frame(chart, date, size, cite).0
}

/// [`chart_svg`] and where the plot ended up.
pub fn chart_svg_with_frame(
    chart: &Chart,
    date: Date,
    size: ImageSize,
    cite: &Citations<'_>,
) -> (String, PlotFrame) {
    let (w, h) = (size.width as f64, size.height as f64);
    let page = Page::new(w, h, (1600.0, 900.0));
    let u = page.unit;
    let mut svg = Svg::new(w, h, &format!("{} ({})", chart.title, date.long()));
    svg.rect(0.0, 0.0, w, h, "fill=\"#ffffff\"");
    let header_bottom = page.header(&mut svg, &chart.title, &subtitle(chart, date));

    let citations: Vec<String> = chart.source_keys().iter().map(|k| cite.text(k)).collect();
    let (footer, footer_top) = page.footer_lines(&citations, 5);

    // Legend column on the right.
    let legend_size = 16.0 * u;
    let entries: Vec<(String, Rgba, &charts::ChartSeries)> = chart
        .series
        .iter()
        .map(|s| {
            let color = style::series_color(s.controller.as_deref(), s.country.as_deref(), false);
            (legend_text(chart, s, date), color, s)
        })
        .collect();
    let legend_w =
        (widest(entries.iter().map(|e| e.0.clone()), legend_size, false) + 34.0 * u).min(w * 0.38);

    let tick_size = 15.0 * u;
    let has_bars = chart.series.iter().any(|s| s.style == SeriesStyle::Bars);
    let headroom = if has_bars { 1.3 } else { 1.05 };
    let (step, top_value) = nice_ticks(chart.max_value() * headroom, 6);
    let mut ticks = Vec::new();
    let mut v = 0.0;
    while v <= top_value + step * 1e-6 {
        ticks.push(v);
        v += step;
    }
    let ytick_w = widest(
        ticks.iter().map(|t| tick_label(*t, chart.unit)),
        tick_size,
        false,
    );
    let axis_label_size = 16.0 * u;
    let frame_left = page.pad + axis_label_size * 1.4 + ytick_w + 10.0 * u;
    let frame_right = w - page.pad - legend_w - 20.0 * u;
    let frame_top = header_bottom + 22.0 * u;
    let frame_bottom = footer_top - 18.0 * u - tick_size * 1.4 - axis_label_size * 1.3;
    let (x0, x1) = x_range(chart, date);
    let px = |year: f64| frame_left + (year - x0) / (x1 - x0) * (frame_right - frame_left);
    let py = |v: f64| frame_bottom - v / top_value * (frame_bottom - frame_top);

    // Grid and axes.
    svg.group("id=\"axes\"");
    for t in &ticks {
        let y = py(*t);
        svg.line([frame_left, y], [frame_right, y], &stroke(GRID, 1.0 * u));
        svg.text(
            frame_left - 8.0 * u,
            y + tick_size * 0.35,
            &tick_label(*t, chart.unit),
            &TextStyle::new(tick_size, MUTED).anchor(Anchor::End),
            "",
        );
    }
    let ystep = year_step(x1 - x0);
    let mut year = (x0 / ystep).ceil() * ystep;
    while year <= x1 {
        let x = px(year);
        svg.line([x, frame_top], [x, frame_bottom], &stroke(GRID, 1.0 * u));
        svg.line(
            [x, frame_bottom],
            [x, frame_bottom + 5.0 * u],
            &stroke(INK, 1.0 * u),
        );
        svg.text(
            x,
            frame_bottom + 6.0 * u + tick_size,
            &format!("{year:.0}"),
            &TextStyle::new(tick_size, MUTED).anchor(Anchor::Middle),
            "",
        );
        year += ystep;
    }
    svg.line(
        [frame_left, frame_bottom],
        [frame_right, frame_bottom],
        &stroke(INK, 1.2 * u),
    );
    svg.line(
        [frame_left, frame_top],
        [frame_left, frame_bottom],
        &stroke(INK, 1.2 * u),
    );
    svg.text(
        (frame_left + frame_right) / 2.0,
        frame_bottom + 8.0 * u + tick_size * 1.4 + axis_label_size,
        "Year",
        &TextStyle::new(axis_label_size, INK).anchor(Anchor::Middle),
        "",
    );
    let ly = (frame_top + frame_bottom) / 2.0;
    let lx = page.pad + axis_label_size;
    svg.text(
        lx,
        ly,
        &chart.y_label,
        &TextStyle::new(axis_label_size, INK).anchor(Anchor::Middle),
        &format!(
            "transform=\"rotate(-90 {} {})\"",
            super::svg::num(lx),
            super::svg::num(ly)
        ),
    );
    svg.end_group();

    // Series, clipped to the plot.
    svg.raw(&format!(
        "<defs><clipPath id=\"plot-clip\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath></defs>",
        super::svg::num(frame_left),
        super::svg::num(frame_top - 2.0 * u),
        super::svg::num(frame_right - frame_left),
        super::svg::num(frame_bottom - frame_top + 2.0 * u)
    ));
    svg.group("id=\"series\" clip-path=\"url(#plot-clip)\"");
    let xw = (frame_right - frame_left) / (x1 - x0);
    let (bar_width, bar_spacing) = charts::bar_layout(x1 - x0);
    for (_, color, s) in &entries {
        let to_px = |p: &[f64; 2]| [px(p[0]), py(p[1])];
        match s.style {
            SeriesStyle::Line => {
                let pts: Vec<[f64; 2]> = s.xy().iter().map(to_px).collect();
                let dash = if s.dashed(chart.kind) {
                    format!(" stroke-dasharray=\"{} {}\"", 8.0 * u, 5.0 * u)
                } else {
                    String::new()
                };
                svg.polyline(
                    &pts,
                    &format!(
                        "{}{dash} stroke-linejoin=\"round\"",
                        stroke(*color, 2.4 * u)
                    ),
                );
                for p in &pts {
                    svg.circle(p[0], p[1], 3.6 * u, &fill(*color));
                }
            }
            SeriesStyle::Step => {
                let pts: Vec<[f64; 2]> = s.step_outline().iter().map(to_px).collect();
                svg.polyline(
                    &pts,
                    &format!("{} stroke-linejoin=\"miter\"", stroke(*color, 2.2 * u)),
                );
            }
            SeriesStyle::Points => {
                for p in s.xy().iter().map(to_px) {
                    svg.circle(
                        p[0],
                        p[1],
                        5.0 * u,
                        &format!("{} {}", fill(*color), stroke(Rgba::rgb(255, 255, 255), u)),
                    );
                }
            }
            SeriesStyle::Bars => {
                let bw = bar_width * xw;
                for p in &s.points {
                    let x = px(p.date.decimal_year() + s.bar_slot() * bar_spacing);
                    let y = py(p.value);
                    svg.rect(
                        x - bw / 2.0,
                        y,
                        bw,
                        (frame_bottom - y).max(0.0),
                        &fill(*color),
                    );
                }
            }
        }
    }
    // Operation names above each group of bars.
    // (sum of bar x, bar count, tallest value) per operation.
    let mut groups: BTreeMap<(i32, String), (f64, f64, f64)> = BTreeMap::new();
    for s in chart.series.iter().filter(|s| s.style == SeriesStyle::Bars) {
        for p in &s.points {
            let e = groups
                .entry((p.date.year(), p.label.clone()))
                .or_insert((0.0, 0.0, 0.0));
            e.0 += p.date.decimal_year() + s.bar_slot() * bar_spacing;
            e.1 += 1.0;
            e.2 = e.2.max(p.value);
        }
    }
    for ((year, label), (sum_x, n, v)) in &groups {
        let x = sum_x / n;
        let text = if label.is_empty() {
            year.to_string()
        } else {
            format!("{label} {year}")
        };
        let (tx, ty) = (px(x) - 2.0 * u, py(*v) - 6.0 * u);
        svg.text(
            tx,
            ty,
            &text,
            &TextStyle::new(12.0 * u, INK),
            &format!(
                "transform=\"rotate(-50 {} {})\"",
                super::svg::num(tx),
                super::svg::num(ty)
            ),
        );
    }
    svg.end_group();

    // The date cursor, on top.
    let cx = px(date.decimal_year());
    svg.group("id=\"cursor\"");
    svg.line(
        [cx, frame_top],
        [cx, frame_bottom],
        &stroke(style::CURSOR, 2.0 * u),
    );
    svg.text(
        cx,
        frame_top - 6.0 * u,
        &date.long(),
        &TextStyle::new(13.0 * u, style::CURSOR)
            .bold()
            .anchor(Anchor::Middle)
            .halo(Rgba::rgb(255, 255, 255)),
        "",
    );
    svg.end_group();

    // Legend.
    svg.group("id=\"legend\"");
    let lx0 = w - page.pad - legend_w;
    let mut y = frame_top + legend_size;
    for (text, color, s) in &entries {
        let sw = 22.0 * u;
        let mid = y - legend_size * 0.35;
        match s.style {
            SeriesStyle::Bars => svg.rect(lx0, mid - 6.0 * u, sw, 12.0 * u, &fill(*color)),
            SeriesStyle::Points => svg.circle(lx0 + sw / 2.0, mid, 5.0 * u, &fill(*color)),
            _ => {
                let dash = if s.dashed(chart.kind) {
                    format!(" stroke-dasharray=\"{} {}\"", 6.0 * u, 3.0 * u)
                } else {
                    String::new()
                };
                svg.line(
                    [lx0, mid],
                    [lx0 + sw, mid],
                    &format!("{}{dash}", stroke(*color, 3.0 * u)),
                );
            }
        }
        svg.text(
            lx0 + sw + 8.0 * u,
            y,
            text,
            &TextStyle::new(legend_size, INK),
            "",
        );
        y += legend_size * 1.6;
    }
    if entries.is_empty() {
        svg.text(
            lx0,
            y,
            "No figures in this chart",
            &TextStyle::new(legend_size, MUTED),
            "",
        );
    }
    svg.end_group();

    page.footer(&mut svg, &footer, footer_top);
    let frame = PlotFrame {
        left: frame_left,
        top: frame_top,
        right: frame_right,
        bottom: frame_bottom,
        cursor_x: cx,
    };
    (svg.finish(), frame)
}
