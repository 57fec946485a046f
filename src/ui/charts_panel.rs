//! The linked charts: population and ethnic composition, deportations,
//! troops and territory. The slider date is a cursor on each; a click sets
//! the date; hovering a series highlights its country on the map and the
//! map's hovered country highlights its series here.

use egui::{Color32, Ui};
use egui_plot::{
    Bar, BarChart, GridMark, HoverPosition, Legend, Line, Plot, PlotPoints, Points, VLine,
};

use super::palette::color32;
use crate::atlas::Atlas;
use crate::charts::{
    self, Builder, Chart, ChartKind, ChartPoint, ChartSeries, SeriesStyle, format_value, tick_label,
};
use crate::chronicle::Chronicle;
use crate::date::Date;
use crate::style;

/// What a column of the charts panel shows: one of the built-in charts of
/// that column, or (in the first column) a chart of the user's figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartChoice {
    /// A built-in chart.
    Builtin(ChartKind),
    /// The chart of the user's figures at this index of the list passed to
    /// [`ChartsPanel::ui`].
    User(usize),
}

/// The column whose tabs also offer the charts of the user's figures,
/// beside the census charts.
const USER_COLUMN: usize = 0;

/// What the charts report back each frame.
#[derive(Default, Debug)]
pub struct ChartsOutput {
    /// A date the user clicked or dragged to.
    pub date: Option<Date>,
    /// The country of the hovered series.
    pub hovered_country: Option<String>,
    /// A chart whose Export… the user clicked.
    pub export: Option<ChartChoice>,
}

/// The built charts (once, at start-up) and which chart each column shows.
/// The columns and their tabs come from the chart list
/// ([`ChartKind::ALL`] and each chart's [`PanelPlace`](crate::charts::PanelPlace)).
pub struct ChartsPanel {
    /// The built-in charts, in [`ChartKind::ALL`] order.
    charts: Vec<Chart>,
    /// What each column shows.
    shown: Vec<ChartChoice>,
}

impl ChartsPanel {
    /// Builds every chart from the figures and the geodata.
    pub fn new(atlas: &Atlas, chronicle: &Chronicle) -> Self {
        let charts = ChartKind::ALL
            .iter()
            .map(|k| Chart::build(*k, atlas, &chronicle.figures))
            .collect();
        let shown = (0..ChartKind::panel_columns())
            .map(first_in_column)
            .collect();
        ChartsPanel { charts, shown }
    }

    /// The built-in chart of `kind`, as shown.
    pub fn chart(&self, kind: ChartKind) -> &Chart {
        &self.charts[kind.index()]
    }

    /// Rebuilds the charts computed from the geodata for replaced geodata
    /// (the charts of the figures stay).
    pub fn set_atlas(&mut self, atlas: &Atlas) {
        for (chart, kind) in self.charts.iter_mut().zip(ChartKind::ALL) {
            if let Builder::Geodata(build) = kind.spec().builder {
                *chart = build(atlas);
            }
        }
    }

    /// Shows `choice` in its column (the tab a user would click).
    pub fn show(&mut self, choice: ChartChoice) {
        let column = match choice {
            ChartChoice::Builtin(kind) => kind.spec().place.column,
            ChartChoice::User(_) => USER_COLUMN,
        };
        if let Some(c) = self.shown.get_mut(column) {
            *c = choice;
        }
    }

    /// What each column shows, from the left.
    pub fn shown(&self) -> &[ChartChoice] {
        &self.shown
    }

    /// Shows the columns side by side; `user` are the charts of figures the
    /// user opened, offered in the first column.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        date: Date,
        highlight: Option<&str>,
        user: &[Chart],
        atlas: &Atlas,
        chronicle: &Chronicle,
    ) -> ChartsOutput {
        let mut out = ChartsOutput::default();
        let view = ChartView {
            date,
            highlight,
            atlas,
            chronicle,
        };
        let charts = &self.charts;
        let shown = &mut self.shown;
        ui.columns(shown.len(), |cols| {
            for (column, (ui, choice)) in cols.iter_mut().zip(shown.iter_mut()).enumerate() {
                column_ui(ui, column, choice, charts, user, &view, &mut out);
            }
        });
        out
    }

    /// Shows one built-in chart with its header, as its column would: for
    /// the snapshot tests, which draw every chart of the list this way.
    pub fn chart_ui(
        &self,
        ui: &mut Ui,
        kind: ChartKind,
        date: Date,
        atlas: &Atlas,
        chronicle: &Chronicle,
    ) -> ChartsOutput {
        let mut out = ChartsOutput::default();
        let view = ChartView {
            date,
            highlight: None,
            atlas,
            chronicle,
        };
        let choice = ChartChoice::Builtin(kind);
        titled_header(ui, self.chart(kind), choice, &mut out);
        plot_chart(ui, self.chart(kind), choice, &view, &mut out);
        out
    }
}

/// The chart a column shows at start: the first of the list in it.
fn first_in_column(column: usize) -> ChartChoice {
    let first = ChartKind::in_column(column).next();
    // Every column of `0..panel_columns()` holds a chart (tested in the
    // registry); the fallback is never shown.
    ChartChoice::Builtin(first.unwrap_or(ChartKind::ALL[0]))
}

/// One column: its header (the chart's title, or tabs when the column
/// offers several charts) and the plot of the chart chosen.
fn column_ui(
    ui: &mut Ui,
    column: usize,
    choice: &mut ChartChoice,
    charts: &[Chart],
    user: &[Chart],
    view: &ChartView<'_>,
    out: &mut ChartsOutput,
) {
    let mut tabs: Vec<(ChartChoice, &Chart)> = ChartKind::in_column(column)
        .map(|k| (ChartChoice::Builtin(k), &charts[k.index()]))
        .collect();
    if column == USER_COLUMN {
        tabs.extend(
            user.iter()
                .enumerate()
                .map(|(i, c)| (ChartChoice::User(i), c)),
        );
    }
    // A chart of the user's figures since closed gives way to the first.
    if !tabs.iter().any(|(c, _)| *c == *choice) {
        *choice = first_in_column(column);
    }
    let Some(&(_, chart)) = tabs.iter().find(|(c, _)| *c == *choice) else {
        return;
    };
    if tabs.len() > 1 {
        tabbed_header(ui, &tabs, choice, chart, out);
    } else {
        titled_header(ui, chart, *choice, out);
    }
    plot_chart(ui, chart, *choice, view, out);
}

/// The header of a column with one chart: its title and Export….
fn titled_header(ui: &mut Ui, chart: &Chart, choice: ChartChoice, out: &mut ChartsOutput) {
    ui.horizontal(|ui| {
        ui.strong(&chart.title);
        export_button(ui, chart, choice, out);
    });
}

/// The header of a column with several charts: a tab for each (the user's
/// by their file names) and Export… for the one shown.
fn tabbed_header(
    ui: &mut Ui,
    tabs: &[(ChartChoice, &Chart)],
    choice: &mut ChartChoice,
    shown: &Chart,
    out: &mut ChartsOutput,
) {
    // The tabs wrap in the width the Export… button leaves, so the charts
    // of the user's figures (named after their files) never run under it.
    ui.horizontal(|ui| {
        let width = egui::vec2((ui.available_width() - EXPORT_BUTTON_WIDTH).max(80.0), 0.0);
        ui.allocate_ui_with_layout(
            width,
            egui::Layout::left_to_right(egui::Align::Center).with_main_wrap(true),
            |ui| {
                for (c, chart) in tabs {
                    match c {
                        ChartChoice::Builtin(kind) => {
                            ui.selectable_value(choice, *c, kind.spec().place.tab);
                        }
                        ChartChoice::User(_) => {
                            ui.selectable_value(choice, *c, short_title(&chart.title))
                                .on_hover_text(format!("Your figures: {}", chart.title));
                        }
                    }
                }
            },
        );
        export_button(ui, shown, *choice, out);
    });
}

/// Room kept at the right of a chart's header for its Export… button.
const EXPORT_BUTTON_WIDTH: f32 = 72.0;

/// A user's chart title short enough for the chart slot's tab row.
fn short_title(title: &str) -> String {
    const MAX: usize = 24;
    if title.chars().count() <= MAX {
        title.to_string()
    } else {
        let mut t: String = title.chars().take(MAX - 1).collect();
        t.push('…');
        t
    }
}

/// The chart's Export… button, labelled for screen readers with the chart.
fn export_button(ui: &mut Ui, chart: &Chart, choice: ChartChoice, out: &mut ChartsOutput) {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        let r = ui
            .small_button("Export…")
            .on_hover_text("Save this chart as PNG, SVG or CSV (or right-click the chart)");
        let label = format!("Export {}", chart.title);
        r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        if r.clicked() {
            out.export = Some(choice);
        }
    });
}

/// What every chart of a frame shares: the cursor, the linked country and
/// where tooltips find their citations.
struct ChartView<'a> {
    date: Date,
    highlight: Option<&'a str>,
    atlas: &'a Atlas,
    chronicle: &'a Chronicle,
}

/// The plot of `chart`, where egui_plot keeps which series the legend
/// hides. The charts of the user's figures share one.
fn plot_id(chart: &Chart) -> egui::Id {
    egui::Id::unique(("chart-plot", chart.origin))
}

/// The names of the series of `chart` switched off in its legend, so that
/// an export shows what the window shows.
pub fn hidden_series(ctx: &egui::Context, chart: &Chart) -> Vec<String> {
    let off = egui_plot::PlotMemory::load(ctx, plot_id(chart))
        .map(|m| m.hidden_items)
        .unwrap_or_default();
    chart
        .series
        .iter()
        .filter(|s| off.contains(&egui_plot::ItemId::new(s.name.as_str())))
        .map(|s| s.name.clone())
        .collect()
}

/// Draws one chart: the plot with its series and the date cursor, then
/// what the user did with it (click or drag to a date, hover a series,
/// Export… in the context menu).
fn plot_chart(
    ui: &mut Ui,
    chart: &Chart,
    choice: ChartChoice,
    view: &ChartView<'_>,
    out: &mut ChartsOutput,
) {
    let dark_mode = ui.visuals().dark_mode;
    let plot = chart_plot(ui, chart, view);
    let span = chart.window_x_range();
    let hover = |s: &ChartSeries, p: &ChartPoint| {
        let citations = view.chronicle.citations(&p.sources, &view.atlas.sources);
        hover_text(chart, s, p, &citations)
    };
    // Bars stand side by side a few pixels wide: hovering picks the bar
    // under the pointer, not (as egui_plot's default reach of several
    // pixels would) the last-drawn neighbour.
    let bars_only = chart
        .series
        .iter()
        .all(|s| s.style == charts::SeriesStyle::Bars);
    let reach = ui.style().interaction.interact_radius;
    if bars_only {
        ui.style_mut().interaction.interact_radius = 0.5;
    }
    let response = plot.show(ui, |plot_ui| {
        // The cursor first: behind the bars, not over them.
        plot_ui.vline(
            VLine::new("", view.date.decimal_year())
                .color(color32(style::CURSOR))
                .width(1.5),
        );
        for s in &chart.series {
            let highlighted = view.highlight.is_some() && s.country.as_deref() == view.highlight;
            let color = color32(style::series_color(s.fill, s.country.as_deref(), dark_mode));
            series_items(plot_ui, s, color, highlighted, span.1 - span.0, &hover);
        }
    });
    ui.style_mut().interaction.interact_radius = reach;
    let r = &response.response;
    r.context_menu(|ui| {
        if ui.button("Export chart…").clicked() {
            out.export = Some(choice);
            ui.close();
        }
    });
    if (r.clicked() || r.dragged())
        && let Some(p) = r.interact_pointer_pos()
    {
        let x = response.transform.value_from_position(p).x;
        out.date = Some(Date::from_decimal_year(x));
    }
    if let Some(id) = response.hovered_plot_item {
        for s in &chart.series {
            if egui_plot::ItemId::new(s.name.as_str()) == id && s.country.is_some() {
                out.hovered_country = s.country.clone();
            }
        }
    }
    let label = format!("{}, cursor at {}", chart.title, view.date.long());
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Figure, true, &label));
}

/// The plot widget of a chart: fixed to the atlas's time axis (no drag or
/// zoom: a click sets the date), its legend, axis labels in the chart's
/// unit, and hover text with each value's source.
fn chart_plot<'a>(ui: &Ui, chart: &'a Chart, view: &ChartView<'a>) -> Plot<'a> {
    let ChartView {
        atlas, chronicle, ..
    } = *view;
    let unit = chart.unit;
    let span = chart.window_x_range();
    Plot::new(("chart", chart.origin))
        .id(plot_id(chart))
        .height((ui.available_height() - 4.0).max(80.0))
        .legend(
            Legend::default()
                .position(egui_plot::Corner::LeftTop)
                .text_style(egui::TextStyle::Small)
                .background_alpha(0.6)
                .follow_insertion_order(true),
        )
        .x_grid_spacer(egui_plot::uniform_grid_spacer(|_| [5.0, 10.0, 20.0]))
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .include_y(0.0)
        .default_x_bounds(span.0, span.1)
        .y_axis_label(chart.y_label.clone())
        .x_axis_formatter(|mark: GridMark, _| format!("{:.0}", mark.value))
        .y_axis_formatter(move |mark: GridMark, _| tick_label(mark.value, unit))
        .label_formatter(move |pos: &HoverPosition<'_>| {
            let HoverPosition::NearDataPoint {
                plot_name, index, ..
            } = pos
            else {
                return None;
            };
            let series = chart.series.iter().find(|s| s.name == *plot_name)?;
            let p = series.points.get(*index)?;
            Some(hover_text(
                chart,
                series,
                p,
                &chronicle.citations(&p.sources, &atlas.sources),
            ))
        })
}

/// What hovering a value says: the series, the date and value, the label
/// and note if any, and the source.
fn hover_text(chart: &Chart, series: &ChartSeries, p: &ChartPoint, citations: &str) -> String {
    let mut text = format!(
        "{}\n{}: {}",
        series.name,
        p.date.long(),
        format_value(p.value, chart.unit)
    );
    if !p.label.is_empty() {
        text.push_str(&format!(" ({})", p.label));
    }
    if !p.note.is_empty() {
        text.push_str(&format!("\n{}", p.note));
    }
    text.push_str(&format!("\nSource: {citations}"));
    text
}

/// Adds one series to the plot in its style; a highlighted series (its
/// country hovered on the map) is drawn heavier.
fn series_items(
    plot_ui: &mut egui_plot::PlotUi<'_>,
    s: &ChartSeries,
    color: Color32,
    highlighted: bool,
    span_years: f64,
    hover: &dyn Fn(&ChartSeries, &ChartPoint) -> String,
) {
    match s.style {
        SeriesStyle::Line => {
            let pts = s.xy();
            let mut line = Line::new(s.name.clone(), PlotPoints::from(pts.clone()))
                .allow_band(false)
                .color(color)
                .width(if highlighted { 3.5 } else { 1.8 })
                .highlight(highlighted);
            if s.dashed {
                line = line.style(egui_plot::LineStyle::dashed_loose());
            }
            plot_ui.line(line);
            plot_ui.points(
                Points::new(s.name.clone(), PlotPoints::from(pts))
                    .color(color)
                    .radius(3.0),
            );
        }
        SeriesStyle::Step => {
            let pts = s.step_outline();
            plot_ui.line(
                Line::new(s.name.clone(), PlotPoints::from(pts))
                    .allow_band(false)
                    .color(color)
                    .width(if highlighted { 3.0 } else { 1.6 })
                    .highlight(highlighted),
            );
        }
        SeriesStyle::Bars => {
            // Side by side per country so bars of one operation do not
            // hide each other.
            // The three countries' bars of one operation side by side,
            // the group centred on the operation's date.
            let (bar_width, spacing) = charts::bar_layout(span_years);
            let offset = s.bar_slot() * spacing;
            let bars: Vec<Bar> = s
                .points
                .iter()
                .map(|p| {
                    Bar::new(p.date.decimal_year() + offset, p.value)
                        .width(bar_width)
                        .fill(color)
                        .name(hover(s, p))
                })
                .collect();
            plot_ui.bar_chart(
                BarChart::new(s.name.clone(), bars)
                    .color(color)
                    .highlight(highlighted)
                    .element_formatter(Box::new(|bar: &Bar, _: &BarChart| bar.name.clone())),
            );
        }
        SeriesStyle::Points => {
            let pts = s.xy();
            plot_ui.points(
                Points::new(s.name.clone(), PlotPoints::from(pts))
                    .color(color)
                    .radius(if highlighted { 6.0 } else { 4.0 })
                    .highlight(highlighted),
            );
        }
    }
}
