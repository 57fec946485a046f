//! The linked charts: population and ethnic composition, deportations,
//! troops and territory. The slider date is a cursor on each; a click sets
//! the date; hovering a series highlights its country on the map and the
//! map's hovered country highlights its series here.

use std::sync::Arc;

use egui::{Color32, Ui};
use egui_plot::{Bar, BarChart, GridMark, HoverPosition, Line, Plot, PlotPoints, Points, VLine};

use super::chart_legend as legend;
use super::palette::color32;
use crate::atlas::Atlas;
use crate::charts::StackBand;
use crate::charts::{
    self, Builder, Chart, ChartKind, ChartPoint, ChartSeries, SeriesStyle, compact_tick_label,
    format_value,
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

/// The column of the charts of the user's figures, after the built-in
/// ones; shown only while the user has such charts, so that they never
/// squeeze a built-in chart.
fn user_column() -> usize {
    ChartKind::panel_columns()
}

/// What the charts report back each frame.
#[derive(Default, Debug)]
pub struct ChartsOutput {
    /// A date the user clicked or dragged to.
    pub date: Option<Date>,
    /// The country of the hovered series.
    pub hovered_country: Option<String>,
    /// A chart whose Export… the user clicked.
    pub export: Option<ChartChoice>,
    /// The chart of the user's figures (its index) the user removed.
    pub remove_user: Option<usize>,
}

/// The built charts (once, at start-up) and which chart each column shows.
/// The columns and their tabs come from the chart list
/// ([`ChartKind::ALL`] and each chart's [`PanelPlace`](crate::charts::PanelPlace)).
pub struct ChartsPanel {
    /// The built-in charts, in [`ChartKind::ALL`] order.
    charts: Vec<Chart>,
    /// What each column shows.
    shown: Vec<ChartChoice>,
    /// The first column shown when the window is too narrow for all of
    /// them (the chart picker above the charts moves it).
    first_column: usize,
    /// How many charts of the user's figures there were last frame: a new
    /// one is brought into view.
    user_charts: usize,
}

/// The narrowest a chart column may be (plot, axis labels and legend);
/// below it the panel shows fewer columns and a picker.
pub const MIN_COLUMN_WIDTH: f32 = 330.0;

impl ChartsPanel {
    /// Builds every chart from the figures and the geodata (the quick
    /// version of a geodata chart, until [`Self::set_chart`] brings the
    /// full one from the background thread).
    pub fn new(atlas: &Atlas, chronicle: &Chronicle) -> Self {
        let charts = ChartKind::ALL
            .iter()
            .map(|k| match k.spec().builder {
                Builder::Geodata { quick, .. } => quick(atlas),
                Builder::Figures(_) => Chart::build(*k, atlas, &chronicle.figures),
            })
            .collect();
        let shown = (0..=user_column()).map(first_in_column).collect();
        ChartsPanel {
            charts,
            shown,
            first_column: 0,
            user_charts: 0,
        }
    }

    /// The built-in chart of `kind`, as shown.
    pub fn chart(&self, kind: ChartKind) -> &Chart {
        &self.charts[kind.index()]
    }

    /// Rebuilds the charts computed from the geodata for replaced geodata
    /// (the charts of the figures stay).
    pub fn set_atlas(&mut self, atlas: &Atlas) {
        for (chart, kind) in self.charts.iter_mut().zip(ChartKind::ALL) {
            if let Builder::Geodata { quick, .. } = kind.spec().builder {
                *chart = quick(atlas);
            }
        }
    }

    /// Replaces the built-in chart of `kind` (the full version of a
    /// geodata chart, made on a background thread).
    pub fn set_chart(&mut self, kind: ChartKind, chart: Chart) {
        if let Some(c) = self.charts.get_mut(kind.index()) {
            *c = chart;
        }
    }

    /// Shows `choice` in its column (the tab a user would click), and
    /// brings that column into view.
    pub fn show(&mut self, choice: ChartChoice) {
        let column = match choice {
            ChartChoice::Builtin(kind) => kind.spec().place.column,
            ChartChoice::User(_) => user_column(),
        };
        if let Some(c) = self.shown.get_mut(column) {
            *c = choice;
        }
        self.first_column = column;
    }

    /// The user's chart at `index` was removed: a column showing a later
    /// one follows it to its new index.
    pub fn user_chart_removed(&mut self, index: usize) {
        for c in &mut self.shown {
            if let ChartChoice::User(i) = c {
                if *i == index {
                    *c = first_in_column(user_column());
                } else if *i > index {
                    *i -= 1;
                }
            }
        }
    }

    /// What each column shows, from the left (the last is the column of
    /// the user's figures, shown while there are some).
    pub fn shown(&self) -> &[ChartChoice] {
        &self.shown
    }

    /// Shows the columns side by side (as many as fit, with a picker for
    /// the others); `user` are the charts of figures the user opened,
    /// offered in the first column.
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
        if user.len() > self.user_charts {
            self.show(ChartChoice::User(user.len() - 1));
        }
        self.user_charts = user.len();
        let columns = user_column() + usize::from(!user.is_empty());
        let fit = ((ui.available_width() / MIN_COLUMN_WIDTH).floor() as usize).clamp(1, columns);
        self.first_column = self.first_column.min(columns - fit);
        if fit < columns {
            self.picker_ui(ui, columns, fit, user);
        }
        let first = self.first_column;
        let charts = &self.charts;
        let shown = &mut self.shown;
        ui.columns(fit, |cols| {
            for (k, ui) in cols.iter_mut().enumerate() {
                let column = first + k;
                if let Some(choice) = shown.get_mut(column) {
                    column_ui(ui, column, choice, charts, user, &view, &mut out);
                }
            }
        });
        out
    }

    /// The row that says which charts are shown when not all fit: one
    /// button per column (its chart's short name); choosing one not shown
    /// scrolls the columns to it.
    fn picker_ui(&mut self, ui: &mut Ui, columns: usize, fit: usize, user: &[Chart]) {
        ui.horizontal(|ui| {
            ui.label("Charts:");
            for column in 0..columns {
                let name = short_name(self.shown[column], &self.charts, user);
                let visible = (self.first_column..self.first_column + fit).contains(&column);
                let r = ui
                    .selectable_label(visible, name)
                    .on_hover_text("Show this chart (the window is too narrow for all of them)");
                if r.clicked() && !visible {
                    self.first_column = if column < self.first_column {
                        column
                    } else {
                        column + 1 - fit
                    };
                }
            }
        });
    }

    /// Shows one built-in chart with its header and legend, as its column
    /// would: for the snapshot tests, which draw every chart of the list
    /// this way.
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
        chart_body(ui, self.chart(kind), choice, &view, &mut out);
        out
    }
}

/// The chart a column shows at start: the first of the list in it.
fn first_in_column(column: usize) -> ChartChoice {
    if column == user_column() {
        return ChartChoice::User(0);
    }
    let first = ChartKind::in_column(column).next();
    // Every column of `0..panel_columns()` holds a chart (tested in the
    // registry); the fallback is never shown.
    ChartChoice::Builtin(first.unwrap_or(ChartKind::ALL[0]))
}

/// A chart's tab label: the list's, or a user chart's shortened title.
fn tab_label(choice: ChartChoice, chart: &Chart) -> String {
    match choice {
        ChartChoice::Builtin(kind) => kind.spec().place.tab.to_string(),
        ChartChoice::User(_) => short_title(&chart.title),
    }
}

/// A chart's name in the picker, where room is short: its tab label
/// without the unit.
fn short_name(choice: ChartChoice, charts: &[Chart], user: &[Chart]) -> String {
    let chart = match choice {
        ChartChoice::Builtin(kind) => charts.get(kind.index()),
        ChartChoice::User(i) => user.get(i),
    };
    chart.map_or_else(
        || "Your figures".to_string(),
        |c| tab_label(choice, c).replace(" (%)", ""),
    )
}

/// One column: its header (the chart's title, or tabs when the column
/// offers several charts), then the plot with its legend beside it.
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
    if column == user_column() {
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
    chart_body(ui, chart, *choice, view, out);
}

/// The header of a column with one chart: its title (cut short with an
/// ellipsis when the column is narrow; the whole title on hover) and
/// Export….
fn titled_header(ui: &mut Ui, chart: &Chart, choice: ChartChoice, out: &mut ChartsOutput) {
    ui.horizontal(|ui| {
        let width = egui::vec2(
            (ui.available_width() - header_buttons_width(choice)).max(40.0),
            0.0,
        );
        ui.allocate_ui_with_layout(
            width,
            egui::Layout::left_to_right(egui::Align::Center),
            |ui| {
                ui.add(egui::Label::new(egui::RichText::new(&chart.title).strong()).truncate())
                    .on_hover_text(&chart.title);
            },
        );
        header_buttons(ui, chart, choice, out);
    });
}

/// The header of a column with several charts: a tab for each (the user's
/// by their file names) on one line when they fit, else a drop-down list;
/// then Export… for the one shown.
fn tabbed_header(
    ui: &mut Ui,
    tabs: &[(ChartChoice, &Chart)],
    choice: &mut ChartChoice,
    shown: &Chart,
    out: &mut ChartsOutput,
) {
    let label = |c: &ChartChoice, chart: &Chart| tab_label(*c, chart);
    ui.horizontal(|ui| {
        let room = (ui.available_width() - header_buttons_width(*choice)).max(40.0);
        let font = egui::TextStyle::Button.resolve(ui.style());
        let pad = 2.0 * ui.spacing().button_padding.x + ui.spacing().item_spacing.x;
        let needed: f32 = tabs
            .iter()
            .map(|(c, chart)| {
                let g = ui
                    .painter()
                    .layout_no_wrap(label(c, chart), font.clone(), Color32::WHITE);
                g.size().x + pad
            })
            .sum();
        ui.allocate_ui_with_layout(
            egui::vec2(room, 0.0),
            egui::Layout::left_to_right(egui::Align::Center),
            |ui| {
                if needed <= room {
                    for (c, chart) in tabs {
                        let r = ui.selectable_value(choice, *c, label(c, chart));
                        if let ChartChoice::User(_) = c {
                            r.on_hover_text(format!("Your figures: {}", chart.title));
                        }
                    }
                } else {
                    let r = egui::ComboBox::from_id_salt("chart-tabs")
                        .selected_text(label(choice, shown))
                        .width(room - 8.0)
                        .show_ui(ui, |ui| {
                            for (c, chart) in tabs {
                                ui.selectable_value(choice, *c, label(c, chart));
                            }
                        })
                        .response;
                    r.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::ComboBox, true, "Chart shown")
                    });
                }
            },
        );
        header_buttons(ui, shown, *choice, out);
    });
}

/// Room kept at the right of a chart's header for its buttons.
fn header_buttons_width(choice: ChartChoice) -> f32 {
    match choice {
        ChartChoice::Builtin(_) => EXPORT_BUTTON_WIDTH,
        ChartChoice::User(_) => EXPORT_BUTTON_WIDTH + REMOVE_BUTTON_WIDTH,
    }
}

/// Room for the Export… button.
const EXPORT_BUTTON_WIDTH: f32 = 72.0;

/// Room for the Remove button of a chart of the user's figures.
const REMOVE_BUTTON_WIDTH: f32 = 70.0;

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

/// The chart's Export… button (and Remove for a chart of the user's
/// figures), labelled for screen readers with the chart.
fn header_buttons(ui: &mut Ui, chart: &Chart, choice: ChartChoice, out: &mut ChartsOutput) {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        let r = ui
            .small_button("Export…")
            .on_hover_text("Save this chart as PNG, SVG or CSV (or right-click the chart)");
        let label = format!("Export {}", chart.title);
        r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        if r.clicked() {
            out.export = Some(choice);
        }
        if let ChartChoice::User(i) = choice {
            let r = ui
                .small_button("Remove")
                .on_hover_text("Close this chart of your figures");
            let label = format!("Remove {}", chart.title);
            r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
            if r.clicked() {
                out.remove_user = Some(i);
            }
        }
    });
}

/// What every chart of a frame shares: the cursor, the linked country and
/// where tooltips find their citations.
pub(super) struct ChartView<'a> {
    /// The slider's date: the cursor.
    pub(super) date: Date,
    /// The country hovered on the map, whose series are drawn heavier.
    pub(super) highlight: Option<&'a str>,
    /// The atlas, for citations.
    pub(super) atlas: &'a Atlas,
    /// The chronicle, for citations.
    pub(super) chronicle: &'a Chronicle,
}

/// The plot of `chart`; its legend's switched-off series are kept under
/// the same id. The charts of the user's figures share one.
pub(super) fn plot_id(chart: &Chart) -> egui::Id {
    egui::Id::unique(("chart-plot", chart.origin))
}

/// The names of the series of `chart` switched off in its legend, so that
/// an export shows what the window shows.
pub fn hidden_series(ctx: &egui::Context, chart: &Chart) -> Vec<String> {
    let off: Vec<String> = ctx.data(|d| d.get_temp(plot_id(chart)).unwrap_or_default());
    chart
        .series
        .iter()
        .filter(|s| off.contains(&s.name))
        .map(|s| s.name.clone())
        .collect()
}

/// Switches the series named `names` on (when all are off) or off.
pub(super) fn toggle_series(ctx: &egui::Context, chart: &Chart, names: &[String]) {
    ctx.data_mut(|d| {
        let off: &mut Vec<String> = d.get_temp_mut_or_default(plot_id(chart));
        if names.iter().all(|n| off.contains(n)) {
            off.retain(|n| !names.contains(n));
        } else {
            for n in names {
                if !off.contains(n) {
                    off.push(n.clone());
                }
            }
        }
    });
}

/// The body of a column: the plot, and its legend in a column of its own
/// at the right, so that no entry covers the data.
fn chart_body(
    ui: &mut Ui,
    chart: &Chart,
    choice: ChartChoice,
    view: &ChartView<'_>,
    out: &mut ChartsOutput,
) {
    let size = ui.available_size();
    let legend_width = (size.x * 0.3).clamp(80.0, 160.0);
    let gap = ui.spacing().item_spacing.x;
    let hidden = hidden_series(ui.ctx(), chart);
    let prepared = prepare(ui.ctx(), chart, &hidden);
    ui.horizontal_top(|ui| {
        ui.allocate_ui(egui::vec2(size.x - legend_width - gap, size.y), |ui| {
            plot_chart(ui, chart, &prepared, choice, view, out);
        });
        let column = egui::Layout::top_down(egui::Align::Min);
        ui.allocate_ui_with_layout(egui::vec2(legend_width, size.y), column, |ui| {
            ui.set_width(legend_width);
            egui::ScrollArea::vertical()
                .id_salt(("chart-legend", chart.origin))
                .max_height(size.y)
                .show(ui, |ui| legend::chart_legend(ui, chart, &hidden, view, out));
        });
    });
}

/// A chart as the plot draws it: without the series switched off, with
/// its stacked bands and the top of its value axis. Kept between frames
/// (egui's temporary memory, under the plot's id) until the switched-off
/// series or the chart change, so a frame does not copy the chart or
/// stack its bands again.
#[derive(Clone)]
struct Prepared {
    /// What it was made from: the switched-off series and a fingerprint
    /// of the chart (replaced geodata rebuilds the territory chart).
    key: (Vec<String>, u64),
    /// The chart without the switched-off series.
    shown: Arc<Chart>,
    /// Its stacked bands (none unless it stacks).
    bands: Arc<Vec<StackBand>>,
    /// The top of the value axis: room above the highest value or stack.
    top: f64,
}

/// A fingerprint of the chart's series and values.
fn fingerprint(chart: &Chart) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for s in &chart.series {
        s.name.hash(&mut h);
        for p in &s.points {
            p.date.hash(&mut h);
            p.value.to_bits().hash(&mut h);
        }
    }
    h.finish()
}

/// The [`Prepared`] chart for `hidden`, from memory when it still fits.
fn prepare(ctx: &egui::Context, chart: &Chart, hidden: &[String]) -> Prepared {
    let id = plot_id(chart).with("prepared");
    let key = (hidden.to_vec(), fingerprint(chart));
    if let Some(p) = ctx.data(|d| d.get_temp::<Prepared>(id))
        && p.key == key
    {
        return p;
    }
    let shown = chart.without_series(hidden);
    let bands = if shown.is_stacked() {
        // A step per thousandth of the span: finer than a pixel of any
        // chart column, far coarser than the campaigns' daily values.
        let span = shown
            .data_span()
            .map_or(0.0, |(a, b)| b.decimal_year() - a.decimal_year());
        shown.stack_bands(span / 1000.0)
    } else {
        Vec::new()
    };
    let headroom = if chart.series.iter().any(|s| s.style == SeriesStyle::Bars) {
        1.12
    } else {
        1.06
    };
    let p = Prepared {
        key,
        top: (shown.max_value() * headroom).max(1.0),
        shown: Arc::new(shown),
        bands: Arc::new(bands),
    };
    ctx.data_mut(|d| d.insert_temp(id, p.clone()));
    p
}

/// Draws one chart: the plot with its series and the date cursor, then
/// what the user did with it (click or drag to a date, hover a series,
/// Export… in the context menu). `shown` is `chart` without the series
/// switched off in the legend.
fn plot_chart(
    ui: &mut Ui,
    chart: &Chart,
    prepared: &Prepared,
    choice: ChartChoice,
    view: &ChartView<'_>,
    out: &mut ChartsOutput,
) {
    let shown = &*prepared.shown;
    let dark_mode = ui.visuals().dark_mode;
    let plot = chart_plot(ui, chart, prepared.top, view);
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
    let stacked = shown.is_stacked();
    let cursor = VLine::new("", view.date.decimal_year())
        .color(color32(style::CURSOR))
        .width(1.5);
    let response = plot.show(ui, |plot_ui| {
        // The cursor behind bars and lines, but over the filled bands of
        // a stacked chart (which would hide it).
        if !stacked {
            plot_ui.vline(cursor.clone());
        }
        if stacked {
            stacked_items(plot_ui, shown, &prepared.bands, dark_mode);
        }
        let (_, spacing) = charts::bar_layout(span.1 - span.0);
        for (i, s) in shown.series.iter().enumerate() {
            let highlighted = view.highlight.is_some() && s.country.as_deref() == view.highlight;
            let color = color32(style::series_color(s.fill, s.country.as_deref(), dark_mode));
            // Where each bar stands: an operation's bars centred on its date.
            let bar_xs: Vec<f64> = match s.style {
                SeriesStyle::Bars => (0..s.points.len())
                    .map(|j| shown.bar_x(i, j, spacing))
                    .collect(),
                _ => Vec::new(),
            };
            let look = SeriesLook {
                color,
                highlighted,
                span_years: span.1 - span.0,
                bar_xs: &bar_xs,
            };
            series_items(plot_ui, s, &look, &hover);
        }
        if stacked {
            plot_ui.vline(cursor);
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
    if stacked && let Some(p) = r.hover_pos() {
        let date = Date::from_decimal_year(response.transform.value_from_position(p).x);
        r.clone()
            .on_hover_text_at_pointer(stack_hover(shown, date, view));
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

/// What hovering a stacked chart at `date` says: each power's area with
/// its members, how the values were made and their source.
fn stack_hover(chart: &Chart, date: Date, view: &ChartView<'_>) -> String {
    let mut text = chart.stack_hover_text(date);
    if let Some(p) = chart.stack_point_at(date) {
        if !p.note.is_empty() {
            text.push_str(&format!("\n{}", p.note));
        }
        let citations = view.chronicle.citations(&p.sources, &view.atlas.sources);
        text.push_str(&format!("\nSource: {citations}"));
    }
    text
}

/// The filled bands of a stacked chart, bottom first, each in its
/// series' colour.
fn stacked_items(
    plot_ui: &mut egui_plot::PlotUi<'_>,
    chart: &Chart,
    bands: &[StackBand],
    dark_mode: bool,
) {
    for band in bands {
        let s = &chart.series[band.series];
        let color = color32(style::series_color(s.fill, s.country.as_deref(), dark_mode));
        plot_ui.add(
            egui_plot::FilledArea::new(s.name.clone(), &band.xs, &band.lo, &band.hi)
                .fill_color(color)
                .allow_hover(false),
        );
    }
}

/// The steps of the year axis: the first of 1, 2, 5, 10, 20 or 50 years
/// whose labels stand at least 36 px apart, a finer step that divides it
/// for the faint grid lines, and a coarser one it divides (so that the
/// labels of two steps never stand side by side).
fn year_steps(input: egui_plot::GridInput) -> [f64; 3] {
    // (labelled step, finer, coarser)
    // The finer grid stays sparse: a line a year over eighty years would
    // cost every frame for little to read.
    const STEPS: [(f64, f64, f64); 7] = [
        (1.0, 1.0, 5.0),
        (2.0, 1.0, 10.0),
        (5.0, 5.0, 10.0),
        (10.0, 5.0, 50.0),
        (20.0, 10.0, 100.0),
        (50.0, 10.0, 100.0),
        (100.0, 50.0, 100.0),
    ];
    // `base_step_size` is the value of the grid's smallest spacing.
    let px_per_year = GRID_SPACING_MIN as f64 / input.base_step_size.max(1e-9);
    let (s, fine, coarse) = STEPS
        .iter()
        .copied()
        .find(|(s, _, _)| s * px_per_year >= 36.0)
        .unwrap_or(STEPS[STEPS.len() - 1]);
    [fine, s, coarse]
}

/// The smallest grid spacing, in pixels, given to the plots.
const GRID_SPACING_MIN: f32 = 8.0;

/// The plot widget of a chart: fixed to the atlas's time axis (no drag or
/// zoom: a click sets the date), axis labels in the chart's unit that stay
/// readable in a narrow column, room above the highest value, and hover
/// text with each value's source.
fn chart_plot<'a>(ui: &Ui, chart: &'a Chart, top: f64, view: &ChartView<'a>) -> Plot<'a> {
    let ChartView {
        atlas, chronicle, ..
    } = *view;
    let unit = chart.unit;
    let span = chart.window_x_range();
    let years = egui_plot::AxisHints::new_x()
        .label_spacing(30.0..=44.0)
        .formatter(|mark: GridMark, _| format!("{:.0}", mark.value));
    Plot::new(("chart", chart.origin))
        .id(plot_id(chart))
        .height((ui.available_height() - 4.0).max(80.0))
        .width(ui.available_width())
        .grid_spacing(GRID_SPACING_MIN..=300.0)
        .custom_x_axes(vec![years])
        .x_grid_spacer(egui_plot::uniform_grid_spacer(year_steps))
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .include_y(0.0)
        .include_y(top)
        .default_x_bounds(span.0, span.1)
        .y_axis_label(chart.y_label.clone())
        .y_axis_formatter(move |mark: GridMark, _| compact_tick_label(mark.value, unit))
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

/// How one series is drawn this frame: its colour, whether its country is
/// highlighted, the plot's span in years, and where its bars stand.
struct SeriesLook<'a> {
    color: Color32,
    highlighted: bool,
    span_years: f64,
    bar_xs: &'a [f64],
}

/// Adds one series to the plot in its style; a highlighted series (its
/// country hovered on the map) is drawn heavier.
fn series_items(
    plot_ui: &mut egui_plot::PlotUi<'_>,
    s: &ChartSeries,
    look: &SeriesLook<'_>,
    hover: &dyn Fn(&ChartSeries, &ChartPoint) -> String,
) {
    let SeriesLook {
        color,
        highlighted,
        span_years,
        bar_xs,
    } = *look;
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
            // The countries' bars of one operation side by side, the group
            // centred on the operation's date (`bar_xs`).
            let (bar_width, _) = charts::bar_layout(span_years);
            let bars: Vec<Bar> = s
                .points
                .iter()
                .zip(bar_xs)
                .map(|(p, x)| {
                    Bar::new(*x, p.value)
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
        // Filled by `stacked_items`, all bands together.
        SeriesStyle::Stacked => {}
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
