//! The selected region's whole control history as a small timeline.

use egui::{Sense, Stroke, Ui, pos2, vec2};

use super::palette::color32;
use crate::atlas::Atlas;
use crate::date::Date;
use crate::geodata::regions::RegionId;

/// Shows the history of `region`; returns a date the user clicked.
pub fn ui(ui: &mut Ui, atlas: &Atlas, region: RegionId, date: Date) -> Option<Date> {
    let r = atlas.region(region);
    let mut jump = None;
    ui.heading(&r.name);
    let timeline = atlas.timeline(region);
    // A bar from 1939 to 1999 coloured by controller.
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(vec2(width, 16.0), Sense::click());
    let span = (Date::LAST.day_index() + 1) as f32;
    let x = |d: Date| rect.left() + rect.width() * d.day_index() as f32 / span;
    for iv in timeline.intervals() {
        let c = atlas.controllers.get(iv.controller);
        let band = egui::Rect::from_min_max(
            pos2(x(iv.start), rect.top()),
            pos2(x(iv.end.add_days(1)), rect.bottom()),
        );
        ui.painter().rect_filled(band, 0.0, color32(c.color));
    }
    let cx = x(date);
    ui.painter().line_segment(
        [pos2(cx, rect.top() - 2.0), pos2(cx, rect.bottom() + 2.0)],
        Stroke::new(2.0, ui.visuals().text_color()),
    );
    if let Some(p) = response.interact_pointer_pos()
        && response.clicked()
    {
        let f = ((p.x - rect.left()) / rect.width()).clamp(0.0, 1.0);
        jump = Some(Date::from_day_index((f * span) as i64));
    }
    response.on_hover_text("Control of this region, 1939–1999; click to go to a date");
    // One entry per controller, over the span the map's hover gives; a
    // change of status inside it is an entry of its own below. Each entry
    // is its dates, then who held the region and the status, wrapped to
    // the panel's width.
    for run in timeline.runs() {
        for i in 0..run.len() {
            if let Some(d) = interval_row(ui, atlas, run, i, date) {
                jump = Some(d);
            }
        }
    }
    jump
}

/// One entry of the history: for the first interval of a run, the run's
/// span and controller; for a later one, the day its status changed. The
/// status in words either way (never its key). Returns a date clicked.
fn interval_row(
    ui: &mut Ui,
    atlas: &Atlas,
    run: &[crate::geodata::timeline::ControlInterval],
    i: usize,
    date: Date,
) -> Option<Date> {
    let iv = &run[i];
    let c = atlas.controllers.get(iv.controller);
    let (first, last) = (run[0].start, run[run.len() - 1].end);
    let current = if i == 0 {
        first <= date && date <= last
    } else {
        iv.contains(date)
    };
    let when = if i == 0 {
        Date::span_text(first, last)
    } else {
        format!("    from {}", iv.start.long())
    };
    let text = if current {
        egui::RichText::new(when).strong()
    } else {
        egui::RichText::new(when)
    };
    let mut jump = None;
    ui.add_space(if i == 0 { 4.0 } else { 0.0 });
    if ui.link(text).on_hover_text("Go to this date").clicked() {
        jump = Some(iv.start);
    }
    let status = atlas.statuses.get(iv.status);
    // Its first clause, wrapped to the panel; the whole status on hover.
    let brief = status
        .text
        .split([';', '('])
        .next()
        .unwrap_or(&status.text)
        .trim();
    let text = if i == 0 {
        format!("{} — {brief}", c.short)
    } else {
        format!("status: {brief}")
    };
    let label = ui.add(egui::Label::new(egui::RichText::new(text).weak()).wrap());
    let sources: Vec<String> = iv
        .sources
        .iter()
        .filter_map(|k| atlas.sources.get(k).map(|s| s.citation.clone()))
        .collect();
    label.on_hover_ui(|ui| {
        ui.label(&status.text);
        if !iv.note.is_empty() {
            ui.small(&iv.note);
        }
        for s in &sources {
            ui.small(format!("Source: {s}"));
        }
    });
    jump
}
