//! The linked charts: population and ethnic composition, deportations,
//! troops and territory. The slider date is a cursor on each; a click sets
//! the date; hovering a series highlights its country on the map and the
//! map's hovered country highlights its series here.

use egui::Ui;
use egui_plot::{
    Bar, BarChart, GridMark, HoverPosition, Legend, Line, Plot, PlotPoints, Points, VLine,
};

use super::palette::color32;
use crate::atlas::Atlas;
use crate::charts::{self, Chart, ChartKind, SeriesStyle, format_value, thousands};
use crate::chronicle::Chronicle;
use crate::date::Date;
use crate::style;

/// Absolute population or ethnic shares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PopulationMode {
    /// People.
    #[default]
    Absolute,
    /// Percentages of the population.
    Shares,
    /// The user's own figures (index into `ChartsPanel::user`).
    User(usize),
}

/// What the charts report back each frame.
#[derive(Default, Debug)]
pub struct ChartsOutput {
    /// A date the user clicked or dragged to.
    pub date: Option<Date>,
    /// The country of the hovered series.
    pub hovered_country: Option<String>,
    /// A chart whose Export… the user clicked.
    pub export: Option<ChartKind>,
}

/// The built charts (once, at start-up) and their view state.
pub struct ChartsPanel {
    population: Chart,
    composition: Chart,
    deportations: Chart,
    troops: Chart,
    territory: Chart,
    /// Population chart mode.
    pub mode: PopulationMode,
}

impl ChartsPanel {
    /// Builds every chart from the figures and the geodata.
    pub fn new(atlas: &Atlas, chronicle: &Chronicle) -> Self {
        let figs = &chronicle.figures;
        ChartsPanel {
            population: Chart::build(ChartKind::Population, atlas, figs),
            composition: Chart::build(ChartKind::Composition, atlas, figs),
            deportations: Chart::build(ChartKind::Deportations, atlas, figs),
            troops: Chart::build(ChartKind::Troops, atlas, figs),
            territory: Chart::build(ChartKind::Territory, atlas, figs),
            mode: PopulationMode::Absolute,
        }
    }

    /// The built-in chart of `kind`, as shown (`None` for the user's
    /// figures, which [`UserData`](super::user_data::UserData) holds).
    pub fn chart(&self, kind: ChartKind) -> Option<&Chart> {
        match kind {
            ChartKind::Population => Some(&self.population),
            ChartKind::Composition => Some(&self.composition),
            ChartKind::Deportations => Some(&self.deportations),
            ChartKind::Troops => Some(&self.troops),
            ChartKind::Territory => Some(&self.territory),
            ChartKind::User => None,
        }
    }

    /// Recomputes the territory chart for replaced geodata (the other
    /// charts come from the figures and stay).
    pub fn set_atlas(&mut self, atlas: &Atlas) {
        self.territory = charts::territory(atlas);
    }

    /// Shows the four chart slots side by side; `user` are the charts of
    /// figures the user opened, offered in the first slot.
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
        let mode = &mut self.mode;
        let (pop, comp) = (&self.population, &self.composition);
        let rest = [&self.deportations, &self.troops, &self.territory];
        ui.columns(4, |cols| {
            if let PopulationMode::User(i) = *mode
                && i >= user.len()
            {
                *mode = PopulationMode::Absolute;
            }
            let first = match *mode {
                PopulationMode::Absolute => pop,
                PopulationMode::Shares => comp,
                PopulationMode::User(i) => &user[i],
            };
            // The tabs wrap in the width the Export… button leaves, so the
            // charts of the user's figures (named after their files) never
            // run under it.
            cols[0].horizontal(|ui| {
                let tabs = egui::vec2((ui.available_width() - EXPORT_BUTTON_WIDTH).max(80.0), 0.0);
                ui.allocate_ui_with_layout(
                    tabs,
                    egui::Layout::left_to_right(egui::Align::Center).with_main_wrap(true),
                    |ui| {
                        ui.selectable_value(mode, PopulationMode::Absolute, "Population");
                        ui.selectable_value(mode, PopulationMode::Shares, "Ethnic shares (%)");
                        for (i, c) in user.iter().enumerate() {
                            ui.selectable_value(
                                mode,
                                PopulationMode::User(i),
                                short_title(&c.title),
                            )
                            .on_hover_text(format!("Your figures: {}", c.title));
                        }
                    },
                );
                export_button(ui, first, &mut out);
            });
            let view = ChartView {
                date,
                highlight,
                atlas,
                chronicle,
            };
            plot_chart(&mut cols[0], first, &view, &mut out);
            for (i, chart) in rest.iter().enumerate() {
                let ui = &mut cols[i + 1];
                ui.horizontal(|ui| {
                    ui.strong(&chart.title);
                    export_button(ui, chart, &mut out);
                });
                plot_chart(ui, chart, &view, &mut out);
            }
        });
        out
    }
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
fn export_button(ui: &mut Ui, chart: &Chart, out: &mut ChartsOutput) {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        let r = ui
            .small_button("Export…")
            .on_hover_text("Save this chart as PNG, SVG or CSV (or right-click the chart)");
        let label = format!("Export {}", chart.title);
        r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        if r.clicked() {
            out.export = Some(chart.kind);
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

/// The plot of the charts of `kind`, where egui_plot keeps which series
/// the legend hides. The charts of the user's figures share one.
fn plot_id(kind: ChartKind) -> egui::Id {
    egui::Id::unique(("chart-plot", kind as u8))
}

/// The names of the series of `chart` switched off in its legend, so that
/// an export shows what the window shows.
pub fn hidden_series(ctx: &egui::Context, chart: &Chart) -> Vec<String> {
    let off = egui_plot::PlotMemory::load(ctx, plot_id(chart.kind))
        .map(|m| m.hidden_items)
        .unwrap_or_default();
    chart
        .series
        .iter()
        .filter(|s| off.contains(&egui_plot::ItemId::new(s.name.as_str())))
        .map(|s| s.name.clone())
        .collect()
}

/// Draws one chart.
fn plot_chart(ui: &mut Ui, chart: &Chart, view: &ChartView<'_>, out: &mut ChartsOutput) {
    let ChartView {
        date,
        highlight,
        atlas,
        chronicle,
    } = *view;
    let unit = chart.unit;
    // Borrowed, not cloned: the plot lives only for this call.
    let label_chart = chart;
    let plot = Plot::new(("chart", chart.kind as u8))
        .id(plot_id(chart.kind))
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
        .default_x_bounds(charts::X_RANGE.0, charts::X_RANGE.1)
        .y_axis_label(chart.y_label.clone())
        .x_axis_formatter(|mark: GridMark, _| format!("{:.0}", mark.value))
        .y_axis_formatter(move |mark: GridMark, _| {
            if unit == "%" {
                format!("{:.0}%", mark.value)
            } else {
                thousands(mark.value.round() as i64)
            }
        })
        .label_formatter(move |pos: &HoverPosition<'_>| {
            let HoverPosition::NearDataPoint {
                plot_name, index, ..
            } = pos
            else {
                return None;
            };
            let series = label_chart.series.iter().find(|s| s.name == *plot_name)?;
            let p = series.points.get(*index)?;
            let mut text = format!(
                "{}\n{}: {}",
                series.name,
                p.date.long(),
                format_value(p.value, label_chart.unit)
            );
            if !p.label.is_empty() {
                text.push_str(&format!(" ({})", p.label));
            }
            if !p.note.is_empty() {
                text.push_str(&format!("\n{}", p.note));
            }
            text.push_str(&format!(
                "\nSource: {}",
                chronicle.citations(&p.sources, &atlas.sources)
            ));
            Some(text)
        });
    let dark_mode = ui.visuals().dark_mode;
    let response = plot.show(ui, |plot_ui| {
        for s in &chart.series {
            let highlighted = highlight.is_some() && s.country.as_deref() == highlight;
            let color = color32(style::series_color(
                s.controller.as_deref(),
                s.country.as_deref(),
                dark_mode,
            ));
            let dashed = s.dashed(chart.kind);
            match s.style {
                SeriesStyle::Line => {
                    let pts = s.xy();
                    let mut line = Line::new(s.name.clone(), PlotPoints::from(pts.clone()))
                        .allow_band(false)
                        .color(color)
                        .width(if highlighted { 3.5 } else { 1.8 })
                        .highlight(highlighted);
                    if dashed {
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
                    // Side by side per country so bars of one operation do
                    // not hide each other.
                    let (bar_width, spacing) =
                        charts::bar_layout(charts::X_RANGE.1 - charts::X_RANGE.0);
                    let offset = s.bar_slot() * spacing;
                    let bars: Vec<Bar> = s
                        .points
                        .iter()
                        .map(|p| {
                            Bar::new(p.date.decimal_year() + offset, p.value)
                                .width(bar_width)
                                .fill(color)
                                .name(format!("{} {}", p.label, p.date.year()))
                        })
                        .collect();
                    plot_ui.bar_chart(
                        BarChart::new(s.name.clone(), bars)
                            .color(color)
                            .highlight(highlighted),
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
        plot_ui.vline(
            VLine::new("", date.decimal_year())
                .color(color32(style::CURSOR))
                .width(1.5),
        );
    });
    let r = &response.response;
    r.context_menu(|ui| {
        if ui.button("Export chart…").clicked() {
            out.export = Some(chart.kind);
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
    let label = format!("{}, cursor at {}", chart.title, date.long());
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Figure, true, &label));
}
