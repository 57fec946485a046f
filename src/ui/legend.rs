//! The legend: the powers holding territory on the date, with their colour
//! and the area they held (computed from the geodata).

use egui::{Rect, Sense, Stroke, Ui, vec2};

use super::palette::color32;
use crate::atlas::Atlas;
use crate::charts::thousands;
use crate::date::Date;
use crate::geodata::controllers::ControllerId;
use crate::legal_view::{self, StatusView};

/// Shows the legend for `date` in `view`.
pub fn ui(ui: &mut Ui, atlas: &Atlas, date: Date, view: StatusView) {
    ui.heading("Legend");
    // During a campaign the areas cut the regions along the front (a few
    // ms): kept for the day, not redone every frame.
    let key = egui::Id::unique((
        "legend-areas",
        atlas.generation(),
        date.day_index(),
        view == StatusView::DeJure,
    ));
    let areas = match ui
        .ctx()
        .data(|d| d.get_temp::<Vec<(ControllerId, f64)>>(key))
    {
        Some(a) => a,
        None => {
            let a = legal_view::areas(atlas, date, view);
            ui.ctx().data_mut(|d| d.insert_temp(key, a.clone()));
            a
        }
    };
    let occupiers = legal_view::occupiers(atlas, date, view);
    let contested = atlas.regions().any(|(id, _)| {
        atlas
            .statuses
            .get(atlas.timeline(id).at(date).status)
            .contested
    });
    if !occupiers.is_empty() {
        ui.strong("Sovereign, as most Western states saw it");
    }
    egui::Grid::new("legend")
        .num_columns(3)
        .spacing(vec2(8.0, 4.0))
        .show(ui, |ui| {
            for (c, area) in areas {
                let controller = atlas.controllers.get(c);
                swatch(ui, color32(controller.color), None);
                ui.label(&controller.name);
                ui.label(format!("{} km²", thousands(area.round() as i64)));
                ui.end_row();
            }
            for c in &occupiers {
                let controller = atlas.controllers.get(*c);
                swatch(
                    ui,
                    ui.visuals().faint_bg_color,
                    Some(color32(controller.color)),
                );
                ui.label(format!("Occupied by {}", controller.name));
                ui.label("");
                ui.end_row();
            }
            if contested {
                swatch(ui, egui::Color32::GRAY, Some(egui::Color32::WHITE));
                ui.label("Contested").on_hover_text(
                    "Independence declared, Soviet forces and institutions still present",
                );
                ui.label("");
                ui.end_row();
            }
        });
    if !occupiers.is_empty() {
        ui.small(legal_view::VIEW_NOTE);
        ui.small(legal_view::OUTSIDE_NOTE);
    }
    if view == StatusView::DeFacto
        && let Some(note) = atlas.fronts.legend_note(date)
    {
        ui.small(note);
    }
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        ui.small("Strong lines: borders of the date. Square: capital; dot: city; triangle: Russian military site.");
    });
}

/// A colour swatch, striped in `stripes` when given (contested land, or
/// an occupier in the de jure view).
fn swatch(ui: &mut Ui, color: egui::Color32, stripes: Option<egui::Color32>) {
    let (rect, _) = ui.allocate_exact_size(vec2(18.0, 12.0), Sense::hover());
    let p = ui.painter();
    p.rect_filled(rect, 2.0, color);
    if let Some(stripe) = stripes {
        for i in 0..4 {
            let x = rect.left() + i as f32 * 6.0;
            p.line_segment(
                [
                    egui::pos2(x, rect.bottom()),
                    egui::pos2(x + 10.0, rect.top()),
                ],
                Stroke::new(1.5, stripe),
            );
        }
    }
    p.rect_stroke(
        Rect::from_min_size(rect.min, rect.size()),
        2.0,
        Stroke::new(1.0, ui.visuals().text_color()),
        egui::StrokeKind::Inside,
    );
}
