//! The legend beside each chart, in a column of its own so that no entry
//! covers the data. Clicking an entry switches its series off or on (an
//! export then leaves it out too); hovering one links its country to the
//! map. A stacked chart lists its groups (a power and its republics) with
//! the members' areas on hover.

use egui::{Color32, Sense, Ui};

use super::charts_panel::{ChartView, ChartsOutput, plot_id, toggle_series};
use super::palette::color32;
use crate::charts::{Chart, ChartSeries, SeriesStyle, format_value};
use crate::style;

/// How one swatch of an entry is drawn.
#[derive(Clone, Copy)]
struct Swatch {
    color: Color32,
    style: SeriesStyle,
    dashed: bool,
}

/// The legend of `chart`; `hidden` are the series switched off.
pub(super) fn chart_legend(
    ui: &mut Ui,
    chart: &Chart,
    hidden: &[String],
    view: &ChartView<'_>,
    out: &mut ChartsOutput,
) {
    ui.spacing_mut().item_spacing.y = 2.0;
    let dark_mode = ui.visuals().dark_mode;
    let swatch = |s: &ChartSeries| Swatch {
        color: color32(style::series_color(s.fill, s.country.as_deref(), dark_mode)),
        style: s.style,
        dashed: s.dashed,
    };
    if chart.is_stacked() {
        for g in chart.stack_groups() {
            let members: Vec<&ChartSeries> = g.series.iter().map(|&i| &chart.series[i]).collect();
            let names: Vec<String> = members.iter().map(|s| s.name.clone()).collect();
            let off = names.iter().all(|n| hidden.contains(n));
            let swatches: Vec<Swatch> = members.iter().map(|s| swatch(s)).collect();
            // The members' areas on the date, worked out only on hover.
            let tip = |ui: &mut Ui| {
                let values = chart.stack_values_at(view.date);
                match values.iter().find(|v| v.name == g.name) {
                    Some(v) => {
                        ui.label(format!(
                            "{}: {}",
                            view.date.long(),
                            format_value(v.total, chart.unit)
                        ));
                        for (name, value) in &v.members {
                            ui.small(format!("{name}: {}", format_value(*value, chart.unit)));
                        }
                    }
                    None => {
                        ui.label(format!("{}: no land", view.date.long()));
                    }
                }
                if members.len() > 1 {
                    ui.small(format!("Includes: {}", names.join(", ")));
                }
            };
            let r = entry(ui, plot_id(chart), &swatches, &g.name, off, tip);
            if r.clicked() {
                toggle_series(ui.ctx(), chart, &names);
            }
        }
    } else {
        for s in &chart.series {
            let off = hidden.contains(&s.name);
            let r = entry(
                ui,
                plot_id(chart),
                &[swatch(s)],
                &s.name,
                off,
                |_: &mut Ui| {},
            );
            if r.clicked() {
                toggle_series(ui.ctx(), chart, std::slice::from_ref(&s.name));
            }
            if r.hovered() && s.country.is_some() {
                out.hovered_country = s.country.clone();
            }
        }
    }
}

/// One entry: its swatches and its name (greyed when switched off, wrapped
/// to the legend's width), as one clickable row that screen readers
/// announce as a checkbox. Painted directly (one allocation, the name's
/// layout cached by egui): a legend is drawn every frame. `chart` keeps the
/// ids of two charts' entries of one name ("Estonia") apart; `tip` adds to
/// the hover, built only while hovered.
fn entry(
    ui: &mut Ui,
    chart: egui::Id,
    swatches: &[Swatch],
    name: &str,
    off: bool,
    tip: impl FnOnce(&mut Ui),
) -> egui::Response {
    let text_color = if off {
        ui.visuals().weak_text_color()
    } else {
        ui.visuals().text_color()
    };
    let shown = swatches.len().min(6);
    let swatch_width = 14.0 + 6.0 * shown.saturating_sub(1) as f32;
    let width = ui.available_width();
    let font = egui::TextStyle::Small.resolve(ui.style());
    let galley = ui.painter().layout(
        name.to_owned(),
        font,
        text_color,
        (width - swatch_width - 4.0).max(20.0),
    );
    let height = galley.size().y.max(12.0);
    let id = chart.with(("legend-entry", name));
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, height), Sense::hover());
    let r = ui.interact(rect, id, Sense::click());
    let top = rect.top() + (galley.rows.first().map_or(height, |row| row.height()) - 12.0) / 2.0;
    for (i, s) in swatches.iter().take(shown).enumerate() {
        let at = egui::pos2(rect.left() + 6.0 * i as f32, top);
        paint_swatch(
            ui,
            egui::Rect::from_min_size(at, egui::vec2(14.0, 12.0)),
            *s,
            off,
        );
    }
    ui.painter().galley(
        egui::pos2(rect.left() + swatch_width + 4.0, rect.top()),
        galley,
        text_color,
    );
    r.widget_info(|| egui::WidgetInfo::selected(egui::Role::CheckBox, true, !off, name));
    if r.hovered() {
        ui.painter().rect_stroke(
            rect.expand(1.0),
            2.0,
            ui.visuals().widgets.hovered.bg_stroke,
            egui::StrokeKind::Outside,
        );
    }
    let action = if off { "show" } else { "hide" };
    r.on_hover_ui(|ui| {
        ui.strong(name);
        tip(ui);
        ui.small(format!("Click to {action} it"));
    })
}

/// A series' mark: a line (dashed or not), a dot, or a filled box.
fn paint_swatch(ui: &Ui, rect: egui::Rect, s: Swatch, off: bool) {
    let color = if off {
        s.color.gamma_multiply(0.3)
    } else {
        s.color
    };
    let p = ui.painter();
    match s.style {
        SeriesStyle::Line | SeriesStyle::Step => {
            let y = rect.center().y;
            let stroke = egui::Stroke::new(2.0, color);
            if s.dashed {
                p.extend(egui::Shape::dashed_line(
                    &[egui::pos2(rect.left(), y), egui::pos2(rect.right(), y)],
                    stroke,
                    4.0,
                    2.0,
                ));
            } else {
                p.line_segment(
                    [egui::pos2(rect.left(), y), egui::pos2(rect.right(), y)],
                    stroke,
                );
            }
        }
        SeriesStyle::Points => {
            p.circle_filled(rect.center(), 4.0, color);
        }
        SeriesStyle::Bars | SeriesStyle::Stacked => {
            p.rect_filled(rect.shrink(1.0), 1.0, color);
        }
    }
}
