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
        let values = chart.stack_values_at(view.date);
        for g in chart.stack_groups() {
            let members: Vec<&ChartSeries> = g.series.iter().map(|&i| &chart.series[i]).collect();
            let names: Vec<String> = members.iter().map(|s| s.name.clone()).collect();
            let off = names.iter().all(|n| hidden.contains(n));
            let swatches: Vec<Swatch> = members.iter().map(|s| swatch(s)).collect();
            let mut tip = match values.iter().find(|v| v.name == g.name) {
                Some(v) => {
                    let mut t = format!(
                        "{}: {}",
                        view.date.long(),
                        format_value(v.total, chart.unit)
                    );
                    for (name, value) in &v.members {
                        t.push_str(&format!(
                            "\n    {name}: {}",
                            format_value(*value, chart.unit)
                        ));
                    }
                    t
                }
                None => format!("{}: no land", view.date.long()),
            };
            if members.len() > 1 {
                tip.push_str(&format!("\nIncludes: {}", names.join(", ")));
            }
            let r = entry(ui, plot_id(chart), &swatches, &g.name, off, &tip);
            if r.clicked() {
                toggle_series(ui.ctx(), chart, &names);
            }
        }
    } else {
        for s in &chart.series {
            let off = hidden.contains(&s.name);
            let r = entry(ui, plot_id(chart), &[swatch(s)], &s.name, off, "");
            if r.clicked() {
                toggle_series(ui.ctx(), chart, std::slice::from_ref(&s.name));
            }
            if r.hovered() && s.country.is_some() {
                out.hovered_country = s.country.clone();
            }
        }
    }
}

/// One entry: its swatches and its name (greyed when switched off), as
/// one clickable row that screen readers announce as a checkbox. `chart`
/// keeps the ids of two charts' entries of one name ("Estonia") apart.
fn entry(
    ui: &mut Ui,
    chart: egui::Id,
    swatches: &[Swatch],
    name: &str,
    off: bool,
    tip: &str,
) -> egui::Response {
    let text_color = if off {
        ui.visuals().weak_text_color()
    } else {
        ui.visuals().text_color()
    };
    let row = ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        let shown = swatches.len().min(6);
        let width = 14.0 + 6.0 * shown.saturating_sub(1) as f32;
        let (rect, _) = ui.allocate_exact_size(egui::vec2(width, 12.0), Sense::hover());
        for (i, s) in swatches.iter().take(shown).enumerate() {
            let r = egui::Rect::from_min_size(
                rect.min + egui::vec2(6.0 * i as f32, 0.0),
                egui::vec2(14.0, 12.0),
            );
            paint_swatch(ui, r, *s, off);
        }
        ui.add(
            egui::Label::new(egui::RichText::new(name).small().color(text_color))
                .wrap()
                .selectable(false),
        );
    });
    let id = chart.with(("legend-entry", name));
    let r = ui.interact(row.response.rect, id, Sense::click());
    r.widget_info(|| egui::WidgetInfo::selected(egui::Role::CheckBox, true, !off, name));
    let action = if off { "show" } else { "hide" };
    let r = if tip.is_empty() {
        r.on_hover_text(format!("{name}\nClick to {action} it"))
    } else {
        r.on_hover_text(format!("{name}\n{tip}\nClick to {action} it"))
    };
    if r.hovered() {
        ui.painter().rect_stroke(
            row.response.rect.expand(1.0),
            2.0,
            ui.visuals().widgets.hovered.bg_stroke,
            egui::StrokeKind::Outside,
        );
    }
    r
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
