//! Find a place by any of its names: a search field in the menu bar
//! (Ctrl+F), suggestions as the user types (case, diacritics and one typo
//! forgiven), and for the chosen place a side-panel section with the name
//! in use on the current date, all its names and their sources. The app
//! pans the map to it, marks it and selects its region, whose control
//! history the side panel shows.

use egui::{Key, Ui};

use crate::date::Date;
use crate::places::{Gazetteer, Match, Place};

/// Suggestions shown at most.
const SUGGESTIONS: usize = 8;

/// The search field, its suggestions and the place found.
#[derive(Default)]
pub struct PlaceSearch {
    /// Read from `assets/places.csv` when the user first types (a few
    /// milliseconds start-up saved for everyone who never searches).
    gazetteer: Option<Gazetteer>,
    /// Why the gazetteer could not be read, if it could not.
    problem: Option<String>,
    query: String,
    /// The highlighted suggestion (arrow keys).
    cursor: usize,
    focus_next_frame: bool,
    /// The chosen place (index into the gazetteer).
    pub found: Option<usize>,
}

/// A suggestion as the list shows it: the matched name, and the place's
/// own name and country when they differ.
fn suggestion_text(m: &Match, p: &Place, date: Date) -> String {
    let now = p.name_on(date);
    if m.name == now {
        format!("{now}, {}", p.country)
    } else {
        format!("{} → {now}, {}", m.name, p.country)
    }
}

impl PlaceSearch {
    /// Puts the cursor in the search field (Ctrl+F).
    pub fn focus(&mut self) {
        self.focus_next_frame = true;
    }

    /// The chosen place.
    pub fn place(&self) -> Option<&Place> {
        let g = self.gazetteer.as_ref()?;
        self.found.and_then(|i| g.places.get(i))
    }

    /// The field and its suggestions; returns the place chosen this frame.
    pub fn field_ui(&mut self, ui: &mut Ui, date: Date) -> Option<&Place> {
        let edit = egui::TextEdit::singleline(&mut self.query)
            .hint_text("Find a place (Ctrl+F)")
            .desired_width(200.0);
        let response = ui.add(edit);
        response.widget_info(|| egui::WidgetInfo {
            label: Some("Find a place".into()),
            ..egui::WidgetInfo::text_edit(true, "", self.query.as_str(), "")
        });
        if self.focus_next_frame {
            response.request_focus();
            self.focus_next_frame = false;
        }
        if response.changed() {
            self.cursor = 0;
        }
        if self.gazetteer.is_none() && !self.query.trim().is_empty() {
            self.gazetteer = Some(Gazetteer::builtin().unwrap_or_else(|e| {
                self.problem = Some(e.to_string());
                Gazetteer::default()
            }));
        }
        let matches = self
            .gazetteer
            .as_ref()
            .map(|g| g.search(&self.query, SUGGESTIONS))
            .unwrap_or_default();
        let focused = response.has_focus();
        if focused {
            ui.input_mut(|i| {
                if i.consume_key(egui::Modifiers::NONE, Key::ArrowDown) {
                    self.cursor = (self.cursor + 1).min(matches.len().saturating_sub(1));
                }
                if i.consume_key(egui::Modifiers::NONE, Key::ArrowUp) {
                    self.cursor = self.cursor.saturating_sub(1);
                }
            });
        }
        let entered = response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        let mut chosen = entered
            .then(|| matches.get(self.cursor.min(matches.len().saturating_sub(1))))
            .flatten()
            .map(|m| m.place);
        if ui.input(|i| i.key_pressed(Key::Escape)) && (focused || response.lost_focus()) {
            self.query.clear();
        }
        let show_list = (focused || response.lost_focus()) && !self.query.trim().is_empty();
        if show_list {
            chosen = chosen.or(self.suggestions_ui(ui, &response, &matches, date));
        }
        if let Some(p) = &self.problem {
            response.on_hover_text(format!("The gazetteer could not be read: {p}"));
        }
        let i = chosen?;
        self.found = Some(i);
        self.query.clear();
        self.gazetteer.as_ref()?.places.get(i)
    }

    /// The list under the field; returns a clicked suggestion.
    fn suggestions_ui(
        &self,
        ui: &Ui,
        field: &egui::Response,
        matches: &[Match],
        date: Date,
    ) -> Option<usize> {
        let mut clicked = None;
        egui::Area::new(egui::Id::unique("place-suggestions"))
            .order(egui::Order::Foreground)
            .fixed_pos(field.rect.left_bottom() + egui::vec2(0.0, 2.0))
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_min_width(field.rect.width().max(260.0));
                    if matches.is_empty() {
                        ui.weak("No place has a name like that");
                    }
                    for (k, m) in matches.iter().enumerate() {
                        let Some(p) = self.gazetteer.as_ref().and_then(|g| g.places.get(m.place))
                        else {
                            continue;
                        };
                        let text = suggestion_text(m, p, date);
                        if ui.selectable_label(k == self.cursor, text).clicked() {
                            clicked = Some(m.place);
                        }
                    }
                });
            });
        clicked
    }

    /// The side-panel section of the chosen place, given its name on
    /// `date`; true when the user clears it.
    pub fn panel_ui(&self, ui: &mut Ui, date: Date, name_on_date: &str) -> bool {
        let Some(p) = self.place() else {
            return false;
        };
        ui.heading(name_on_date);
        ui.label(format!(
            "Its name on {}: {}. {:.4}°E {:.4}°N, {} today.",
            date.long(),
            name_on_date,
            p.lon,
            p.lat,
            p.country
        ));
        for (lang, name) in &p.names {
            ui.label(format!("{name} ({})", lang.label()));
        }
        for period in &p.periods {
            ui.label(format!(
                "{} (official {} to {})",
                period.name, period.from, period.to
            ));
        }
        ui.collapsing("Sources of the names", |ui| {
            for s in &p.sources {
                ui.weak(s);
            }
        });
        ui.button("Clear place").clicked()
    }
}
