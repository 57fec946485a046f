//! The date bar: the current date in full, play/pause with a speed, jumps
//! to the previous/next key date, a field to type a date, and the slider
//! track with the periods shaded and events marked.

use egui::{Align2, Color32, FontId, Rect, Sense, Stroke, StrokeKind, Ui, pos2, vec2};
use serde::{Deserialize, Serialize};

use crate::chronicle::Chronicle;
use crate::date::Date;
use crate::events::Event;

/// Playback speeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Speed {
    /// A week per second.
    Week,
    /// A month per second.
    #[default]
    Month,
    /// A year per second.
    Year,
}

impl Speed {
    /// Simulated days per real second.
    pub fn days_per_second(self) -> f64 {
        match self {
            Speed::Week => 7.0,
            Speed::Month => 30.436875,
            Speed::Year => 365.2425,
        }
    }
    /// The unit playback advances by each second, for the step buttons.
    pub fn unit(self) -> &'static str {
        match self {
            Speed::Week => "week",
            Speed::Month => "month",
            Speed::Year => "year",
        }
    }

    /// `date` moved by `n` units.
    pub fn step(self, date: Date, n: i32) -> Date {
        match self {
            Speed::Week => date.add_days(7 * i64::from(n)),
            Speed::Month => date.add_months(n),
            Speed::Year => date.add_years(n),
        }
    }

    fn label(self) -> &'static str {
        match self {
            Speed::Week => "1 week / s",
            Speed::Month => "1 month / s",
            Speed::Year => "1 year / s",
        }
    }
}

/// Playback and typing state of the date bar.
#[derive(Default)]
pub struct DateBar {
    /// Chosen playback speed (persisted).
    pub speed: Speed,
    /// True while playing.
    pub playing: bool,
    /// Fraction of a day carried between frames during playback.
    carry: f64,
    /// Text of the "go to date" field.
    typed: String,
    /// Why the typed date was refused.
    pub error: Option<String>,
    /// How a typed date in another form was read ("read as …").
    understood: Option<String>,
    /// The input time (seconds) of the last frame, so playback follows
    /// the clock whatever the frame rate.
    last_time: Option<f64>,
}

/// Colours for the period bands on the track.
const PERIOD_TINTS: [Color32; 7] = [
    Color32::from_rgb(0x9E, 0xCA, 0xE1),
    Color32::from_rgb(0xE8, 0x9E, 0x80),
    Color32::from_rgb(0xB0, 0xB0, 0xB0),
    Color32::from_rgb(0xD9, 0x8F, 0x6A),
    Color32::from_rgb(0xE3, 0xB5, 0x9A),
    Color32::from_rgb(0xC6, 0xB7, 0xD9),
    Color32::from_rgb(0xA8, 0xD5, 0xBA),
];

impl DateBar {
    /// A stopped bar with a saved speed.
    pub fn with_speed(speed: Speed) -> Self {
        DateBar {
            speed,
            ..DateBar::default()
        }
    }

    /// Advances the date during playback; `dt` in seconds. Stops at the end.
    pub fn advance(&mut self, date: &mut Date, dt: f64) {
        if !self.playing {
            return;
        }
        self.advance_days(date, dt);
    }

    /// Advances playback to the clock time `now` (seconds, as egui's input
    /// gives it): the days since the last frame's time, at most a second's
    /// worth (after a stall, playback resumes rather than leaps).
    pub fn advance_to(&mut self, date: &mut Date, now: f64) {
        let dt = self.last_time.map_or(0.0, |t| (now - t).clamp(0.0, 1.0));
        self.last_time = Some(now);
        self.advance(date, dt);
    }

    fn advance_days(&mut self, date: &mut Date, dt: f64) {
        self.carry += dt * self.speed.days_per_second();
        let whole = self.carry.floor();
        if whole >= 1.0 {
            self.carry -= whole;
            *date = date.add_days(whole as i64);
        }
        if *date == Date::LAST {
            self.playing = false;
            self.carry = 0.0;
        }
    }

    /// Shows the bar; `key_dates` are the slider's jump targets.
    pub fn ui(&mut self, ui: &mut Ui, date: &mut Date, chronicle: &Chronicle, key_dates: &[Date]) {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let play_label = if self.playing { "Pause" } else { "Play" };
            if ui
                .button(play_label)
                .on_hover_text("Play the years forward (Space)")
                .clicked()
            {
                self.toggle_play(date);
            }
            egui::ComboBox::from_id_salt("speed")
                .selected_text(self.speed.label())
                .show_ui(ui, |ui| {
                    for s in [Speed::Week, Speed::Month, Speed::Year] {
                        ui.selectable_value(&mut self.speed, s, s.label());
                    }
                })
                .response
                .on_hover_text("Playback speed");
            if ui
                .button("Previous")
                .on_hover_text("Previous key date (Page Up)")
                .clicked()
            {
                *date = previous_key(key_dates, *date);
            }
            if ui
                .button("Next")
                .on_hover_text("Next key date (Page Down)")
                .clicked()
            {
                *date = next_key(key_dates, *date);
            }
            // Step by the play unit: a week at "1 week / s".
            let unit = self.speed.unit();
            if ui
                .button(format!("− 1 {unit}"))
                .on_hover_text(format!("One {unit} back"))
                .clicked()
            {
                *date = self.speed.step(*date, -1);
            }
            if ui
                .button(format!("+ 1 {unit}"))
                .on_hover_text(format!("One {unit} forward"))
                .clicked()
            {
                *date = self.speed.step(*date, 1);
            }
            ui.separator();
            ui.label(egui::RichText::new(date.long()).heading().strong());
            ui.separator();
            let field = ui.add(
                egui::TextEdit::singleline(&mut self.typed)
                    .hint_text("e.g. 13.10.1944")
                    .desired_width(110.0),
            );
            field.widget_info(|| egui::WidgetInfo {
                label: Some("Go to date".into()),
                ..egui::WidgetInfo::text_edit(true, "", self.typed.as_str(), "")
            });
            let field = field.on_hover_text(
                "Type a date between 1939 and 1999: 1944-10-13, 13.10.1944, \
                 13 October 1944 or 1944-10",
            );
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button("Go").clicked() || enter {
                match Date::parse_loose(&self.typed) {
                    Ok((d, how)) => {
                        *date = d;
                        self.error = None;
                        self.understood =
                            how.map(|h| format!("\u{201c}{}\u{201d} {h}", self.typed.trim()));
                        self.typed.clear();
                    }
                    Err(e) => {
                        self.error = Some(e.to_string());
                        self.understood = None;
                    }
                }
            }
            if let Some(err) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, err);
            } else if let Some(how) = &self.understood {
                ui.weak(how);
            }
        });
        track(ui, date, chronicle);
        ui.add_space(2.0);
    }

    /// Starts or stops playback (starting again from the beginning when at
    /// the end).
    pub fn toggle_play(&mut self, date: &mut Date) {
        self.playing = !self.playing;
        self.carry = 0.0;
        if self.playing && *date == Date::LAST {
            *date = Date::FIRST;
        }
    }
}

/// The latest key date strictly before `date` (or the first day).
pub fn previous_key(keys: &[Date], date: Date) -> Date {
    let i = keys.partition_point(|d| *d < date);
    if i == 0 { Date::FIRST } else { keys[i - 1] }
}

/// The first key date strictly after `date` (or the last day).
pub fn next_key(keys: &[Date], date: Date) -> Date {
    let i = keys.partition_point(|d| *d <= date);
    keys.get(i).copied().unwrap_or(Date::LAST)
}

fn x_of(rect: Rect, d: Date) -> f32 {
    let span = (Date::LAST.day_index() - Date::FIRST.day_index()) as f32;
    rect.left() + rect.width() * d.day_index() as f32 / span
}

fn date_at(rect: Rect, x: f32) -> Date {
    let span = (Date::LAST.day_index() - Date::FIRST.day_index()) as f32;
    let f = ((x - rect.left()) / rect.width()).clamp(0.0, 1.0);
    Date::from_day_index((f * span).round() as i64)
}

/// The slider track: periods, years, events, the thumb. A click or drag
/// sets the date (a click on an event marker jumps exactly to it);
/// assistive tools read and set it as a slider over day numbers.
fn track(ui: &mut Ui, date: &mut Date, chronicle: &Chronicle) {
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(vec2(width, 44.0), Sense::click_and_drag());
    let id = response.id;
    apply_accesskit_actions(ui, id, date);
    let band = Rect::from_min_max(
        pos2(rect.left(), rect.top() + 14.0),
        pos2(rect.right(), rect.bottom() - 6.0),
    );
    let hover = response.hover_pos();
    if let Some(p) = response.interact_pointer_pos() {
        if response.clicked()
            && let Some(e) = marker_hit(chronicle, band, p)
        {
            *date = e.date;
        } else if response.dragged() || response.clicked() {
            *date = date_at(band, p.x);
        }
    }
    let painter = ui.painter_at(rect.expand(2.0));
    let visuals = ui.visuals();
    let text_color = visuals.text_color();
    paint_periods(&painter, band, chronicle);
    painter.rect_stroke(
        band,
        0.0,
        Stroke::new(1.0, visuals.widgets.noninteractive.bg_stroke.color),
        StrokeKind::Inside,
    );
    paint_years_and_events(&painter, rect, band, chronicle, text_color);
    // Thumb.
    let x = x_of(band, *date);
    let thumb = Rect::from_center_size(pos2(x, band.center().y), vec2(5.0, band.height() + 8.0));
    painter.rect_filled(thumb, 2.0, visuals.selection.bg_fill);
    painter.rect_stroke(
        thumb,
        2.0,
        Stroke::new(1.0, text_color),
        StrokeKind::Outside,
    );
    let mut response = response;
    if let Some(text) = hover.and_then(|h| hover_text(chronicle, band, h)) {
        response = response.on_hover_text_at_pointer(text);
    }
    let value = date.day_index() as f64;
    response.widget_info(|| egui::WidgetInfo::slider(true, value, "Date"));
    describe_to_accesskit(ui, id, *date);
}

/// Applies what assistive tools (and tests) asked of the slider: set a
/// day number, or step a day up or down.
fn apply_accesskit_actions(ui: &Ui, id: egui::Id, date: &mut Date) {
    if let Some(v) = ui.input(|i| {
        i.accesskit_action_requests(id, egui::accesskit::Action::SetValue)
            .find_map(|r| match r.data {
                Some(egui::accesskit::ActionData::NumericValue(v)) => Some(v),
                _ => None,
            })
    }) {
        *date = Date::from_day_index(v.round() as i64);
    }
    if ui.input(|i| i.has_accesskit_action_request(id, egui::accesskit::Action::Increment)) {
        *date = date.add_days(1);
    }
    if ui.input(|i| i.has_accesskit_action_request(id, egui::accesskit::Action::Decrement)) {
        *date = date.add_days(-1);
    }
}

/// Describes the slider to assistive tools: its day-number range, step,
/// the date as text, and the actions it takes.
fn describe_to_accesskit(ui: &Ui, id: egui::Id, date: Date) {
    let text = date.long();
    ui.ctx().accesskit_node_builder(id, |builder| {
        use egui::accesskit::Action;
        builder.set_min_numeric_value(Date::FIRST.day_index() as f64);
        builder.set_max_numeric_value(Date::LAST.day_index() as f64);
        builder.set_numeric_value_step(1.0);
        builder.set_value(text);
        builder.add_action(Action::SetValue);
        builder.add_action(Action::Increment);
        builder.add_action(Action::Decrement);
    });
}

/// The event whose marker is under `p` (the nearest within 3.5 px, above
/// the band's top edge), if any.
fn marker_hit(chronicle: &Chronicle, band: Rect, p: egui::Pos2) -> Option<&Event> {
    chronicle
        .events
        .iter()
        .filter(|e| (x_of(band, e.date) - p.x).abs() < 3.5 && p.y < band.top() + 2.0)
        .min_by(|a, b| {
            (x_of(band, a.date) - p.x)
                .abs()
                .total_cmp(&(x_of(band, b.date) - p.x).abs())
        })
}

/// Every event whose marker is under `p` (within 3.5 px, above the band's
/// top edge), by date: in 1941 and 1944 markers stand a pixel or two apart.
fn markers_under(chronicle: &Chronicle, band: Rect, p: egui::Pos2) -> Vec<&Event> {
    let mut under: Vec<&Event> = chronicle
        .events
        .iter()
        .filter(|e| (x_of(band, e.date) - p.x).abs() < 3.5 && p.y < band.top() + 2.0)
        .collect();
    under.sort_by_key(|e| e.date);
    under
}

/// The most events a marker tooltip lists before "and N more".
const MARKERS_LISTED: usize = 8;

/// The tooltip at `h`: every event under the pointer (a click goes to the
/// nearest), else the day and its period when over the band.
fn hover_text(chronicle: &Chronicle, band: Rect, h: egui::Pos2) -> Option<String> {
    let under = markers_under(chronicle, band, h);
    if !under.is_empty() {
        let mut lines: Vec<String> = under
            .iter()
            .take(MARKERS_LISTED)
            .map(|e| format!("{} — {}", e.date.long(), e.title))
            .collect();
        if under.len() > MARKERS_LISTED {
            lines.push(format!("and {} more", under.len() - MARKERS_LISTED));
        }
        if under.len() > 1 {
            lines.push("Click: the nearest".into());
        }
        return Some(lines.join("\n"));
    }
    if !band.contains(h) {
        return None;
    }
    let d = date_at(band, h.x);
    let period = chronicle
        .periods
        .iter()
        .find(|p| p.start <= d && d <= p.end);
    Some(format!(
        "{}{}",
        d.long(),
        period.map_or(String::new(), |p| format!(" — {}", p.label))
    ))
}

/// The periods as tinted bands, each labelled where its label fits.
fn paint_periods(painter: &egui::Painter, band: Rect, chronicle: &Chronicle) {
    for (i, p) in chronicle.periods.iter().enumerate() {
        let r = Rect::from_min_max(
            pos2(x_of(band, p.start), band.top()),
            pos2(x_of(band, p.end.add_days(1)), band.bottom()),
        );
        let tint = PERIOD_TINTS[i % PERIOD_TINTS.len()];
        painter.rect_filled(r, 0.0, tint);
        let galley =
            painter.layout_no_wrap(p.label.clone(), FontId::proportional(10.0), Color32::BLACK);
        if galley.size().x + 6.0 < r.width() {
            painter.galley(
                pos2(
                    r.center().x - galley.size().x / 2.0,
                    band.center().y - galley.size().y / 2.0,
                ),
                galley,
                Color32::BLACK,
            );
        }
    }
}

/// Every fifth year as a tick below the band with its number above the
/// track, and a marker above the band for each event.
fn paint_years_and_events(
    painter: &egui::Painter,
    rect: Rect,
    band: Rect,
    chronicle: &Chronicle,
    text_color: Color32,
) {
    for year in (1940..=1999).step_by(5) {
        if let Ok(d) = Date::from_ymd(year, 1, 1) {
            let x = x_of(band, d);
            painter.line_segment(
                [pos2(x, band.bottom()), pos2(x, band.bottom() + 4.0)],
                Stroke::new(1.0, text_color),
            );
            painter.text(
                pos2(x, rect.top()),
                Align2::CENTER_TOP,
                year.to_string(),
                FontId::proportional(10.0),
                text_color,
            );
        }
    }
    for e in &chronicle.events {
        let x = x_of(band, e.date);
        painter.line_segment(
            [pos2(x, band.top() - 3.0), pos2(x, band.top() + 5.0)],
            Stroke::new(1.5, text_color),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn playback_advances_and_stops_at_the_end() {
        let mut bar = DateBar {
            speed: Speed::Week,
            playing: true,
            ..Default::default()
        };
        let mut d = Date::parse("1944-01-01").unwrap();
        bar.advance(&mut d, 1.0);
        assert_eq!(d.iso(), "1944-01-08");
        let mut end = Date::LAST.add_days(-3);
        bar.advance(&mut end, 10.0);
        assert_eq!(end, Date::LAST);
        assert!(!bar.playing);
    }

    #[test]
    fn every_event_under_the_pointer_is_listed() {
        let atlas = crate::atlas::Atlas::builtin().unwrap();
        let chronicle = Chronicle::builtin(&atlas.sources).unwrap();
        // The track of a 1024-px window: June 1941 and 1944 are crowded.
        let band = Rect::from_min_max(pos2(8.0, 100.0), pos2(1016.0, 124.0));
        let crowded = chronicle
            .events
            .iter()
            .map(|e| pos2(x_of(band, e.date), band.top() - 4.0))
            .find(|p| markers_under(&chronicle, band, *p).len() >= 2)
            .expect("two markers within a few pixels");
        let under = markers_under(&chronicle, band, crowded);
        let text = hover_text(&chronicle, band, crowded).unwrap();
        for e in under.iter().take(MARKERS_LISTED) {
            assert!(text.contains(&e.title), "{} missing from {text}", e.title);
        }
    }

    #[test]
    fn key_date_navigation() {
        let keys = [
            Date::parse("1940-06-15").unwrap(),
            Date::parse("1941-06-22").unwrap(),
        ];
        let d = Date::parse("1941-01-01").unwrap();
        assert_eq!(previous_key(&keys, d), keys[0]);
        assert_eq!(next_key(&keys, d), keys[1]);
        assert_eq!(next_key(&keys, keys[1]), Date::LAST);
        assert_eq!(previous_key(&keys, keys[0]), Date::FIRST);
    }
}
