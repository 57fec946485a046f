//! A chart as a publishable SVG: title, the date of the cursor and the span
//! of the data, axes with labels, the series drawn as the app draws them
//! (the same [`Chart`], colours and drawing decisions), the legend, and the
//! sources in the footer.

use std::collections::BTreeMap;

use super::layout::{GRID, INK, MUTED, Page, nice_ticks, widest};
use super::svg::{Anchor, Svg, TextStyle, fill, num, stroke};
use super::{Citations, ImageSize};
use crate::charts::{self, Chart, ChartSeries, SeriesStyle, format_value, tick_label};
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

/// Draws `chart` with the cursor at `date` into an SVG of `size`.
pub fn chart_svg(chart: &Chart, date: Date, size: ImageSize, cite: &Citations<'_>) -> String {
    chart_svg_with_frame(chart, date, size, cite).0
}

/// [`chart_svg`] and where the plot ended up (tests find the cursor and
/// the plot area with it). Lays the page out (header, footer, legend
/// column, plot frame), then draws its parts in the order they stack.
pub fn chart_svg_with_frame(
    chart: &Chart,
    date: Date,
    size: ImageSize,
    cite: &Citations<'_>,
) -> (String, PlotFrame) {
    let (w, h) = (size.width as f64, size.height as f64);
    let page = Page::new(w, h, (1600.0, 900.0));
    let mut svg = Svg::new(w, h, &format!("{} ({})", chart.title, date.long()));
    svg.rect(0.0, 0.0, w, h, "fill=\"#ffffff\"");
    let header_bottom = page.header(&mut svg, &chart.title, &subtitle(chart, date));
    let citations: Vec<String> = chart.source_keys().iter().map(|k| cite.text(k)).collect();
    let (footer, footer_top) = page.footer_lines(&citations, 5);
    let legend = Legend::new(chart, date, &page);
    let plot = PlotArea::new(
        chart,
        date,
        &page,
        legend.width,
        (header_bottom, footer_top),
    );

    draw_axes(&mut svg, chart, &plot, &page);
    draw_series(&mut svg, &plot, chart, &legend.entries);
    let cursor_x = draw_cursor(&mut svg, &plot, date);
    draw_legend(&mut svg, &legend, &plot, &page);
    page.footer(&mut svg, &footer, footer_top);
    let frame = PlotFrame {
        left: plot.left,
        top: plot.top,
        right: plot.right,
        bottom: plot.bottom,
        cursor_x,
    };
    (svg.finish(), frame)
}

/// One row of the legend: its text, the series' colour, and the series
/// (drawn in the plot in legend order, with that colour).
struct LegendEntry<'a> {
    text: String,
    color: Rgba,
    series: &'a ChartSeries,
}

/// The legend column at the right of the image.
struct Legend<'a> {
    entries: Vec<LegendEntry<'a>>,
    /// Text size of the entries.
    text_size: f64,
    /// Width of the column (at most 38 % of the image).
    width: f64,
}

impl<'a> Legend<'a> {
    fn new(chart: &'a Chart, date: Date, page: &Page) -> Self {
        let u = page.unit;
        let text_size = 16.0 * u;
        let entries: Vec<LegendEntry<'a>> = chart
            .series
            .iter()
            .map(|s| LegendEntry {
                text: legend_text(chart, s, date),
                color: style::series_color(s.fill, s.country.as_deref(), false),
                series: s,
            })
            .collect();
        let width = (widest(entries.iter().map(|e| e.text.clone()), text_size, false) + 34.0 * u)
            .min(page.width * 0.38);
        Legend {
            entries,
            text_size,
            width,
        }
    }
}

/// The legend text of a series: its name, and for step series the value in
/// force at the cursor.
fn legend_text(chart: &Chart, s: &ChartSeries, date: Date) -> String {
    if matches!(s.style, SeriesStyle::Step | SeriesStyle::Stacked)
        && let Some(v) = s.step_value_at(date)
    {
        return format!("{}: {}", s.name, format_value(v, chart.unit));
    }
    s.name.clone()
}

/// The plot frame in the image and the scales of its two axes.
struct PlotArea {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    /// The years at the left and right edges.
    years: (f64, f64),
    /// The value at the top edge (the bottom is 0).
    top_value: f64,
    /// Values of the labelled horizontal grid lines.
    ticks: Vec<f64>,
    tick_size: f64,
    axis_label_size: f64,
    /// Size unit of the page (1.0 at 1600×900).
    u: f64,
}

impl PlotArea {
    /// What the series may cover: the plot, with a little room above its
    /// top for line widths and markers at the highest value.
    fn clip_frame(&self) -> super::frame_clip::Frame {
        [self.left, self.top - 2.0 * self.u, self.right, self.bottom]
    }

    /// The frame left between the header, the footer, the legend column
    /// and the value-axis labels; `between` is (header bottom, footer top).
    fn new(chart: &Chart, date: Date, page: &Page, legend_w: f64, between: (f64, f64)) -> Self {
        let u = page.unit;
        let (header_bottom, footer_top) = between;
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
        PlotArea {
            left: page.pad + axis_label_size * 1.4 + ytick_w + 10.0 * u,
            right: page.width - page.pad - legend_w - 20.0 * u,
            top: header_bottom + 22.0 * u,
            bottom: footer_top - 18.0 * u - tick_size * 1.4 - axis_label_size * 1.3,
            years: x_range(chart, date),
            top_value,
            ticks,
            tick_size,
            axis_label_size,
            u,
        }
    }

    /// The x of a decimal year.
    fn px(&self, year: f64) -> f64 {
        let (x0, x1) = self.years;
        self.left + (year - x0) / (x1 - x0) * (self.right - self.left)
    }

    /// The y of a value.
    fn py(&self, v: f64) -> f64 {
        self.bottom - v / self.top_value * (self.bottom - self.top)
    }
}

/// The value grid with its labels, the year grid and ticks, the axis lines
/// and the two axis titles.
fn draw_axes(svg: &mut Svg, chart: &Chart, plot: &PlotArea, page: &Page) {
    let u = plot.u;
    let (x0, x1) = plot.years;
    let tick_size = plot.tick_size;
    svg.group("id=\"axes\"");
    for t in &plot.ticks {
        let y = plot.py(*t);
        svg.line([plot.left, y], [plot.right, y], &stroke(GRID, 1.0 * u));
        svg.text(
            plot.left - 8.0 * u,
            y + tick_size * 0.35,
            &tick_label(*t, chart.unit),
            &TextStyle::new(tick_size, MUTED).anchor(Anchor::End),
            "",
        );
    }
    let ystep = year_step(x1 - x0);
    let mut year = (x0 / ystep).ceil() * ystep;
    while year <= x1 {
        let x = plot.px(year);
        svg.line([x, plot.top], [x, plot.bottom], &stroke(GRID, 1.0 * u));
        svg.line(
            [x, plot.bottom],
            [x, plot.bottom + 5.0 * u],
            &stroke(INK, 1.0 * u),
        );
        svg.text(
            x,
            plot.bottom + 6.0 * u + tick_size,
            &format!("{year:.0}"),
            &TextStyle::new(tick_size, MUTED).anchor(Anchor::Middle),
            "",
        );
        year += ystep;
    }
    svg.line(
        [plot.left, plot.bottom],
        [plot.right, plot.bottom],
        &stroke(INK, 1.2 * u),
    );
    svg.line(
        [plot.left, plot.top],
        [plot.left, plot.bottom],
        &stroke(INK, 1.2 * u),
    );
    let axis_label_size = plot.axis_label_size;
    svg.text(
        (plot.left + plot.right) / 2.0,
        plot.bottom + 8.0 * u + tick_size * 1.4 + axis_label_size,
        "Year",
        &TextStyle::new(axis_label_size, INK).anchor(Anchor::Middle),
        "",
    );
    let ly = (plot.top + plot.bottom) / 2.0;
    let lx = page.pad + axis_label_size;
    svg.text(
        lx,
        ly,
        &chart.y_label,
        &TextStyle::new(axis_label_size, INK).anchor(Anchor::Middle),
        &format!("transform=\"rotate(-90 {} {})\"", num(lx), num(ly)),
    );
    svg.end_group();
}

/// The series, cut to the plot, in legend order, with the operation names
/// above the bars. The lines, bars and markers are cut as they are written
/// (a clip path over the whole plot made resvg draw it into a full-size
/// layer and mask it); only the rotated bar names keep a clip path, over a
/// group small enough to cost little.
fn draw_series(svg: &mut Svg, plot: &PlotArea, chart: &Chart, entries: &[LegendEntry<'_>]) {
    let clip = plot.clip_frame();
    svg.raw(&format!(
        "<defs><clipPath id=\"plot-clip\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath></defs>",
        num(clip[0]),
        num(clip[1]),
        num(clip[2] - clip[0]),
        num(clip[3] - clip[1])
    ));
    svg.group("id=\"series\"");
    draw_stack(svg, plot, chart, entries);
    for (i, e) in entries.iter().enumerate() {
        draw_one_series(svg, plot, chart, i, e.color);
    }
    svg.group("id=\"bar-names\" clip-path=\"url(#plot-clip)\"");
    draw_bar_labels(svg, plot, chart);
    svg.end_group();
    svg.end_group();
}

/// The bands of a stacked chart, each filled in its series' colour (the
/// legend's entries are the chart's series, in order).
fn draw_stack(svg: &mut Svg, plot: &PlotArea, chart: &Chart, entries: &[LegendEntry<'_>]) {
    let f = plot.clip_frame();
    for band in chart.stack_bands(0.0) {
        let Some(e) = entries.get(band.series) else {
            continue;
        };
        let pts: Vec<[f64; 2]> = band
            .outline()
            .iter()
            .map(|p| {
                [
                    plot.px(p[0]).clamp(f[0], f[2]),
                    plot.py(p[1]).clamp(f[1], f[3]),
                ]
            })
            .collect();
        svg.polygon(&pts, &fill(e.color));
    }
}

/// A polyline cut to the plot.
fn clipped_polyline(svg: &mut Svg, plot: &PlotArea, pts: &[[f64; 2]], attrs: &str) {
    for run in super::frame_clip::line(pts, plot.clip_frame()) {
        svg.polyline(&run, attrs);
    }
}

/// One series in its style, as the window draws it.
fn draw_one_series(svg: &mut Svg, plot: &PlotArea, chart: &Chart, index: usize, color: Rgba) {
    let s = &chart.series[index];
    let u = plot.u;
    let to_px = |p: &[f64; 2]| [plot.px(p[0]), plot.py(p[1])];
    let f = plot.clip_frame();
    let in_plot = |p: &&[f64; 2]| (f[0]..=f[2]).contains(&p[0]) && (f[1]..=f[3]).contains(&p[1]);
    match s.style {
        SeriesStyle::Line => {
            let pts: Vec<[f64; 2]> = s.xy().iter().map(to_px).collect();
            let dash = if s.dashed {
                format!(" stroke-dasharray=\"{} {}\"", 8.0 * u, 5.0 * u)
            } else {
                String::new()
            };
            let attrs = format!("{}{dash} stroke-linejoin=\"round\"", stroke(color, 2.4 * u));
            clipped_polyline(svg, plot, &pts, &attrs);
            for p in pts.iter().filter(in_plot) {
                svg.circle(p[0], p[1], 3.6 * u, &fill(color));
            }
        }
        SeriesStyle::Step => {
            let pts: Vec<[f64; 2]> = s.step_outline().iter().map(to_px).collect();
            let attrs = format!("{} stroke-linejoin=\"miter\"", stroke(color, 2.2 * u));
            clipped_polyline(svg, plot, &pts, &attrs);
        }
        SeriesStyle::Points => {
            let pts: Vec<[f64; 2]> = s.xy().iter().map(to_px).collect();
            for p in pts.iter().filter(in_plot) {
                svg.circle(
                    p[0],
                    p[1],
                    5.0 * u,
                    &format!("{} {}", fill(color), stroke(Rgba::rgb(255, 255, 255), u)),
                );
            }
        }
        // Drawn as bands by `draw_stack`.
        SeriesStyle::Stacked => {}
        SeriesStyle::Bars => {
            let (x0, x1) = plot.years;
            let (bar_width, bar_spacing) = charts::bar_layout(x1 - x0);
            let xw = (plot.right - plot.left) / (x1 - x0);
            let bw = bar_width * xw;
            for (j, p) in s.points.iter().enumerate() {
                let x = plot.px(chart.bar_x(index, j, bar_spacing));
                let y = plot.py(p.value);
                let (left, right) = ((x - bw / 2.0).max(f[0]), (x + bw / 2.0).min(f[2]));
                let top = y.max(f[1]);
                if right > left && plot.bottom > top {
                    svg.rect(left, top, right - left, plot.bottom - top, &fill(color));
                }
            }
        }
    }
}

/// The operation names above each group of bars (one group per operation:
/// the countries' bars side by side), centred on the group.
fn draw_bar_labels(svg: &mut Svg, plot: &PlotArea, chart: &Chart) {
    let u = plot.u;
    let (x0, x1) = plot.years;
    let (_, bar_spacing) = charts::bar_layout(x1 - x0);
    // (sum of bar x, bar count, tallest value) per operation.
    let mut groups: BTreeMap<(i32, String), (f64, f64, f64)> = BTreeMap::new();
    for (i, s) in chart.series.iter().enumerate() {
        if s.style != SeriesStyle::Bars {
            continue;
        }
        for (j, p) in s.points.iter().enumerate() {
            let e = groups
                .entry((p.date.year(), p.label.clone()))
                .or_insert((0.0, 0.0, 0.0));
            e.0 += chart.bar_x(i, j, bar_spacing);
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
        let (tx, ty) = (plot.px(x) - 2.0 * u, plot.py(*v) - 6.0 * u);
        svg.text(
            tx,
            ty,
            &text,
            &TextStyle::new(12.0 * u, INK),
            &format!("transform=\"rotate(-50 {} {})\"", num(tx), num(ty)),
        );
    }
}

/// The date cursor with its date, on top of the series; returns its x.
fn draw_cursor(svg: &mut Svg, plot: &PlotArea, date: Date) -> f64 {
    let u = plot.u;
    let cx = plot.px(date.decimal_year());
    svg.group("id=\"cursor\"");
    svg.line(
        [cx, plot.top],
        [cx, plot.bottom],
        &stroke(style::CURSOR, 2.0 * u),
    );
    svg.text(
        cx,
        plot.top - 6.0 * u,
        &date.long(),
        &TextStyle::new(13.0 * u, style::CURSOR)
            .bold()
            .anchor(Anchor::Middle)
            .halo(Rgba::rgb(255, 255, 255)),
        "",
    );
    svg.end_group();
    cx
}

/// The legend column: a swatch in each series' style and its text.
fn draw_legend(svg: &mut Svg, legend: &Legend<'_>, plot: &PlotArea, page: &Page) {
    let u = page.unit;
    let legend_size = legend.text_size;
    svg.group("id=\"legend\"");
    let lx0 = page.width - page.pad - legend.width;
    let mut y = plot.top + legend_size;
    for e in &legend.entries {
        let sw = 22.0 * u;
        let mid = y - legend_size * 0.35;
        match e.series.style {
            SeriesStyle::Bars | SeriesStyle::Stacked => {
                svg.rect(lx0, mid - 6.0 * u, sw, 12.0 * u, &fill(e.color))
            }
            SeriesStyle::Points => svg.circle(lx0 + sw / 2.0, mid, 5.0 * u, &fill(e.color)),
            SeriesStyle::Line | SeriesStyle::Step => {
                let dash = if e.series.dashed {
                    format!(" stroke-dasharray=\"{} {}\"", 6.0 * u, 3.0 * u)
                } else {
                    String::new()
                };
                svg.line(
                    [lx0, mid],
                    [lx0 + sw, mid],
                    &format!("{}{dash}", stroke(e.color, 3.0 * u)),
                );
            }
        }
        svg.text(
            lx0 + sw + 8.0 * u,
            y,
            &e.text,
            &TextStyle::new(legend_size, INK),
            "",
        );
        y += legend_size * 1.6;
    }
    if legend.entries.is_empty() {
        svg.text(
            lx0,
            y,
            "No figures in this chart",
            &TextStyle::new(legend_size, MUTED),
            "",
        );
    }
    svg.end_group();
}
