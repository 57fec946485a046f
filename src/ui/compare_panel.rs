//! "Compare with another date" in the side panel: a date field, and while
//! comparing, the list of what changed hands since that date (the map
//! outlines it and fades the rest).

use egui::Ui;

use super::text_field::text_field;
use crate::atlas::Atlas;
use crate::compare;
use crate::date::Date;
use crate::legal_view::StatusView;

/// The compare controls' own state: what the user is typing.
#[derive(Default)]
pub struct ComparePanel {
    typed: String,
    error: Option<String>,
}

impl ComparePanel {
    /// Shows the controls; sets or clears `compare_with` (the earlier date
    /// of the changes map) when the user asks. While comparing, the choice
    /// between the changes map and two maps side by side comes right under
    /// the date, above the list of changes (which can be long).
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        atlas: &Atlas,
        date: Date,
        view: StatusView,
        compare_with: &mut Option<Date>,
        side_by_side: &mut bool,
    ) {
        ui.strong("Compare with another date");
        ui.horizontal(|ui| {
            let field = text_field(
                ui,
                &mut self.typed,
                "Compare with date",
                "e.g. 1.6.1939",
                110.0,
            )
            .on_hover_text("The map outlines the land that changed hands since (or until) then");
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button("Compare").clicked() || enter {
                match Date::parse_loose(&self.typed) {
                    Ok((d, _)) => {
                        *compare_with = Some(d);
                        self.error = None;
                    }
                    Err(e) => self.error = Some(e.to_string()),
                }
            }
            if compare_with.is_some() && ui.button("Stop comparing").clicked() {
                *compare_with = None;
            }
        });
        if let Some(e) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        if let Some(first) = *compare_with {
            ui.horizontal(|ui| {
                ui.radio_value(side_by_side, false, "Changes on one map");
                ui.radio_value(side_by_side, true, "Side by side");
            });
            changes_list(ui, atlas, first, date, view);
        }
    }
}

/// What changed hands between `first` and `date`, largest first.
fn changes_list(ui: &mut Ui, atlas: &Atlas, first: Date, date: Date, view: StatusView) {
    let changes = compare::changes(atlas, first, date, view);
    ui.label(format!(
        "Changed hands between {} and {}:",
        first.long(),
        date.long()
    ));
    if changes.is_empty() {
        ui.label("No change");
    }
    for c in &changes {
        ui.horizontal(|ui| {
            let color = super::palette::color32(atlas.controllers.get(c.to).color);
            let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, color);
            ui.add(egui::Label::new(compare::describe(atlas, c)).wrap());
        });
    }
}
