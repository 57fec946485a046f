//! The events at and just before the current date.

use egui::Ui;

use crate::atlas::Atlas;
use crate::chronicle::Chronicle;
use crate::date::Date;
use crate::events;

/// Shows the latest events up to `date`; returns a date the user clicked.
pub fn ui(ui: &mut Ui, atlas: &Atlas, chronicle: &Chronicle, date: Date) -> Option<Date> {
    ui.heading("Events");
    let mut jump = None;
    let mut any = false;
    for e in events::recent(&chronicle.events, date, 6) {
        any = true;
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            if ui
                .link(e.date.long())
                .on_hover_text("Go to this date")
                .clicked()
            {
                jump = Some(e.date);
            }
        });
        ui.strong(&e.title);
        ui.label(&e.text);
        for k in &e.sources {
            if let Some(s) = chronicle.sources.get(k).or_else(|| atlas.sources.get(k)) {
                ui.small(format!("Source: {}", s.citation))
                    .on_hover_text(&s.url);
            }
        }
    }
    if !any {
        ui.label("No events yet: the first is on 22 March 1939.");
    }
    jump
}
