//! UI tests that do what a user does, through AccessKit: move the slider,
//! press keys, play, type a date, hover and click the map.
// Tests and benchmarks may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used)]

use baltic_atlas::chronicle::Chronicle;
use baltic_atlas::ui::{AtlasApp, SavedState};
use baltic_atlas::{Atlas, Date};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn app(date: &str) -> AtlasApp {
    let atlas = Atlas::builtin().expect("geodata");
    let chronicle = Chronicle::builtin(&atlas.sources).expect("assets");
    let start = Date::parse(date).expect("date");
    AtlasApp::new(atlas, chronicle, SavedState::default(), Some(start), None)
}

fn harness(date: &str) -> Harness<'static, AtlasApp> {
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut AtlasApp| app.show(ui), app(date));
    h.run();
    h
}

fn date_of(h: &Harness<'_, AtlasApp>) -> String {
    h.state().date.iso()
}

fn shows(h: &Harness<'_, AtlasApp>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

#[test]
fn the_current_date_is_shown_in_full() {
    let h = harness("1944-10-13");
    assert!(shows(&h, "13 October 1944"));
    h.get_by_label("Baltic Atlas — 13 October 1944");
}

#[test]
fn moving_the_slider_changes_the_date_and_the_legend() {
    let mut h = harness("1939-01-01");
    // The side-panel legend names the powers holding land on the date;
    // the territory chart's legend lists the groups of powers, always.
    let count = |h: &Harness<'_, AtlasApp>, s: &str| h.query_all_by_label(s).count();
    assert_eq!(count(&h, "Republic of Estonia"), 1);
    assert_eq!(count(&h, "Germany (German Reich)"), 0);
    assert!(
        h.query_by_role_and_label(Role::CheckBox, "Germany")
            .is_some(),
        "the chart's group"
    );
    let target = Date::parse("1941-09-01").unwrap();
    h.get_by_role_and_label(Role::Slider, "Date")
        .set_value_accesskit(target.day_index() as f64);
    h.run();
    assert_eq!(date_of(&h), "1941-09-01");
    assert!(shows(&h, "1 September 1941"));
    // On 1 September 1941 Germany holds the mainland, the USSR the islands.
    assert_eq!(count(&h, "Germany (German Reich)"), 1);
    assert_eq!(count(&h, "USSR – Estonian SSR"), 1);
    assert_eq!(count(&h, "Republic of Estonia"), 0);
}

#[test]
fn keys_step_by_day_month_year_and_key_date() {
    let mut h = harness("1944-10-13");
    h.key_press(egui::Key::ArrowRight);
    h.run();
    assert_eq!(date_of(&h), "1944-10-14");
    h.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::ArrowRight);
    h.run();
    assert_eq!(date_of(&h), "1944-11-14");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::ArrowLeft);
    h.run();
    assert_eq!(date_of(&h), "1943-11-14");
    h.key_press(egui::Key::ArrowLeft);
    h.run();
    assert_eq!(date_of(&h), "1943-11-13");
    h.key_press(egui::Key::End);
    h.run();
    assert_eq!(date_of(&h), "1999-12-31");
    h.key_press(egui::Key::Home);
    h.run();
    assert_eq!(date_of(&h), "1939-01-01");
    // The first key date: Lithuania gives up Klaipėda, 22 March 1939.
    h.key_press(egui::Key::PageDown);
    h.run();
    assert_eq!(date_of(&h), "1939-03-22");
    h.key_press(egui::Key::PageDown);
    h.run();
    assert_eq!(date_of(&h), "1939-03-23");
    h.key_press(egui::Key::PageUp);
    h.run();
    assert_eq!(date_of(&h), "1939-03-22");
}

#[test]
fn play_advances_the_date_and_pause_stops_it() {
    let mut h = harness("1944-01-01");
    h.get_by_label("Play").click();
    h.run_steps(30);
    let played = date_of(&h);
    assert!(played.as_str() > "1944-01-01", "{played}");
    assert!(h.state().playing());
    h.get_by_label("Pause").click();
    h.run();
    let paused = date_of(&h);
    h.run_steps(10);
    assert_eq!(date_of(&h), paused);
}

#[test]
fn typing_an_invalid_date_is_refused_with_a_message() {
    let mut h = harness("1944-10-13");
    h.get_by_role_and_label(Role::TextInput, "Go to date")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Go to date")
        .type_text("1944-02-30");
    h.run();
    h.get_by_label("Go").click();
    h.run();
    assert_eq!(date_of(&h), "1944-10-13");
    assert!(shows(&h, "no such day"), "no error message shown");
    // A valid date is accepted.
    h.get_by_role_and_label(Role::TextInput, "Go to date")
        .focus();
    h.run();
    for _ in 0..12 {
        h.key_press(egui::Key::Backspace);
        h.run();
    }
    h.get_by_role_and_label(Role::TextInput, "Go to date")
        .type_text("1949-03-25");
    h.run();
    h.get_by_label("Go").click();
    h.run();
    assert_eq!(date_of(&h), "1949-03-25");
}

#[test]
fn hovering_a_region_shows_who_held_it_and_clicking_selects_it() {
    // A day between the campaigns: the region's own history answers.
    let mut h = harness("1943-10-12");
    let riga = h.state().map_screen_pos(24.25, 56.9).expect("map drawn");
    h.hover_at(riga);
    h.run();
    assert!(
        shows(&h, "Held by: Germany (German Reich)"),
        "tooltip missing"
    );
    assert!(shows(&h, "From 1 July 1941 to 12 October 1944"));
    h.get_by_role(Role::Canvas).click();
    h.run();
    let selected = h.state().selected().expect("a region is selected");
    assert_eq!(
        Atlas::builtin().unwrap().region(selected).id,
        "LV-RIGA",
        "clicked region"
    );
    // The side panel shows the whole history: the Soviet span from the
    // 1944 change, with the status change of 4 May 1990 inside it.
    assert!(shows(&h, "From 13 October 1944 to 5 September 1991"));
    assert!(shows(&h, "from 4 May 1990"));
}

/// During a campaign the hover names the front: interpolated between
/// sourced places, with their days, or a sourced place itself.
#[test]
fn hovering_during_a_campaign_names_the_front() {
    let mut h = harness("1944-09-20");
    let between = h.state().map_screen_pos(25.6, 58.9).expect("map drawn");
    h.hover_at(between);
    h.run();
    assert!(
        shows(&h, "Front: interpolated front (modelled, not recorded)"),
        "front not named"
    );
    assert!(
        shows(&h, "Tapa – 21 September 1944"),
        "anchoring place missing"
    );
}

#[test]
fn the_chart_cursor_follows_the_slider_and_a_chart_click_sets_the_date() {
    let mut h = harness("1939-01-01");
    let target = Date::parse("1949-03-25").unwrap();
    h.get_by_role_and_label(Role::Slider, "Date")
        .set_value_accesskit(target.day_index() as f64);
    h.run();
    for title in [
        "Deportations by operation",
        "Soviet and Russian troops stationed",
        "Territory held by each power",
    ] {
        h.get_by_label(&format!("{title}, cursor at 25 March 1949"));
    }
    // A click in the middle of the troops chart (x from 1920 to 2002)
    // moves the date to about 1961.
    h.get_by_label("Soviet and Russian troops stationed, cursor at 25 March 1949")
        .click();
    h.run();
    let year = h.state().date.year();
    assert!(
        (1955..=1967).contains(&year),
        "clicked to {}",
        h.state().date
    );
    h.get_by_label_contains("Deportations by operation, cursor at");
}

#[test]
fn selecting_a_country_on_the_map_highlights_its_series() {
    let mut h = harness("1950-01-01");
    assert_eq!(h.state().chart_highlight(), None);
    let riga = h.state().map_screen_pos(24.25, 56.9).expect("map drawn");
    h.hover_at(riga);
    h.run();
    assert_eq!(h.state().chart_highlight().as_deref(), Some("LV"));
    h.get_by_role(Role::Canvas).click();
    h.run();
    // Move the pointer away: the selection keeps the highlight.
    h.hover_at(egui::pos2(5.0, 5.0));
    h.run();
    assert_eq!(h.state().chart_highlight().as_deref(), Some("LV"));
}

#[test]
fn the_deportations_axis_is_fitted_to_the_operations() {
    let mut h = harness("1939-01-01");
    // Its axis spans the operations (1941–1951 with a year either side):
    // a click in its middle lands in the late 1940s.
    h.get_by_label("Deportations by operation, cursor at 1 January 1939")
        .click();
    h.run();
    let year = h.state().date.year();
    assert!(
        (1944..=1948).contains(&year),
        "clicked to {}",
        h.state().date.iso()
    );
}

#[test]
fn deportation_bars_are_wide_enough_to_hover_one_country_at_a_time() {
    let mut h = harness("1960-01-01");
    let plot = h
        .get_by_label_contains("Deportations by operation, cursor at")
        .rect();
    // Sweep along the bottom of the plot: each country's bar can be
    // hovered on its own (hovering a bar highlights its country).
    let mut countries = Vec::new();
    for lift in [28.0, 34.0, 44.0] {
        let y = plot.bottom() - lift;
        let mut x = plot.left() + 40.0;
        while x < plot.right() - 5.0 {
            h.hover_at(egui::pos2(x, y));
            h.run();
            if let Some(c) = h.state().chart_highlight()
                && countries.last() != Some(&c)
            {
                countries.push(c);
            }
            x += 2.0;
        }
    }
    for c in ["EE", "LV", "LT"] {
        assert!(
            countries.iter().any(|k| k == c),
            "{c} never hovered: {countries:?}"
        );
    }
}

/// The charts row keeps its place while the user scrubs and hovers (the
/// map and the chart buttons do not jump), follows the divider above it,
/// and the height dragged to is kept for the next start.
#[test]
fn the_charts_row_stays_put_and_follows_its_divider() {
    let mut h = harness("1944-10-13");
    let plot = |h: &Harness<'_, AtlasApp>| {
        h.get_by_label_contains("Population at each census, cursor at")
            .rect()
    };
    let before = plot(&h);
    for _ in 0..12 {
        h.key_press(egui::Key::ArrowRight);
        h.run();
    }
    h.hover_at(egui::pos2(300.0, 250.0));
    h.run();
    h.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::ArrowRight);
    h.run();
    assert_eq!(plot(&h), before, "the chart moved while scrubbing");
    // Selecting a region fills the side panel with its history: the
    // charts stay where they were.
    h.get_by_role(Role::Canvas).click();
    h.run();
    assert!(h.state().selected().is_some());
    assert_eq!(
        plot(&h),
        before,
        "the chart moved when a region was selected"
    );
    assert_eq!(h.state().saved_state().charts_height, None);
    // Drag the divider 100 px up: the charts grow by as much.
    let divider = h.get_by_label("Charts height (drag)").rect().center();
    h.hover_at(divider);
    h.run();
    h.drag_at(divider);
    h.run();
    h.hover_at(divider - egui::vec2(0.0, 100.0));
    h.run();
    h.drop_at(divider - egui::vec2(0.0, 100.0));
    h.run();
    let after = plot(&h);
    assert!(
        (after.height() - before.height() - 100.0).abs() < 4.0,
        "plot {} px tall before, {} after",
        before.height(),
        after.height()
    );
    let saved = h.state().saved_state().charts_height.unwrap();
    assert!(saved > 300.0, "saved height {saved}");
}

/// On a 1024×700 laptop screen three chart columns fit: a picker names all
/// four, and choosing the hidden one brings it in. Every legend entry
/// stands beside its plot, never over it.
#[test]
fn a_small_window_shows_fewer_charts_with_a_picker_and_legends_beside() {
    let mut h = Harness::builder()
        .with_size([1024.0, 700.0])
        .build_ui_state(|ui, app: &mut AtlasApp| app.show(ui), app("1944-10-13"));
    h.run();
    // Each chart's plot is announced as "<title>, cursor at <date>".
    let figures = |h: &Harness<'_, AtlasApp>| h.query_all_by_label_contains(", cursor at ").count();
    assert_eq!(figures(&h), 3);
    assert!(
        h.query_by_label_contains("Territory held by each power")
            .is_none()
    );
    h.get_by_label("Territory").click();
    h.run();
    assert_eq!(figures(&h), 3);
    let plot = h
        .get_by_label_contains("Territory held by each power, cursor at")
        .rect();
    // The territory legend lists the powers by group, beside the plot.
    for group in [
        "Estonia, Latvia, Lithuania",
        "Germany",
        "USSR and its republics",
    ] {
        let entry = h.get_by_role_and_label(Role::CheckBox, group).rect();
        assert!(entry.left() >= plot.right(), "{group} over the plot");
    }
}

/// The map's hover and the region history say the same span: the
/// Lithuanian SSR's run from 1944 to 1991 is one row of the history, with
/// the status change of 11 March 1990 inside it; the Vilnius region under
/// Poland began before the atlas's first day, and says so.
#[test]
fn the_hover_and_the_history_tell_one_span() {
    let mut h = harness("1990-06-01");
    // Farmland north-east of Kaunas, away from the city's marker.
    let kaunas = h.state().map_screen_pos(24.2, 55.15).expect("map drawn");
    h.hover_at(kaunas);
    h.run();
    assert!(shows(&h, "From 1 August 1944 to 5 September 1991"));
    assert!(
        shows(&h, "Status since 11 March 1990"),
        "no status change in the hover"
    );
    // A click there selects the region.
    h.drag_at(kaunas);
    h.run();
    h.drop_at(kaunas);
    h.run();
    assert!(h.state().selected().is_some(), "nothing selected");
    // The pointer has left (no tooltip): the span is the history's row.
    assert!(
        shows(&h, "From 1 August 1944 to 5 September 1991"),
        "the history has no row for the whole span"
    );
    assert!(
        shows(&h, "from 11 March 1990"),
        "the status change is not a row"
    );
    // Vilnius in 1939: Polish before the atlas begins.
    let mut h = harness("1939-06-01");
    let vilnius = h.state().map_screen_pos(25.6, 54.85).expect("map drawn");
    h.hover_at(vilnius);
    h.run();
    assert!(
        shows(&h, "Before 1939 until"),
        "the start of the atlas read as the start of Polish rule"
    );
}

/// A moment after start the territory chart follows the daily fronts: the
/// background thread's chart replaces the regions' steps, and a campaign
/// day's values are the legend's (split along the front), cited as a model.
#[test]
fn the_territory_chart_follows_the_fronts_a_moment_after_start() {
    use baltic_atlas::charts::ChartKind;
    let mut h = harness("1944-08-15");
    let date = Date::parse("1944-08-15").unwrap();
    let modelled = |h: &Harness<'_, AtlasApp>| {
        let chart = h.state().charts().chart(ChartKind::Territory);
        chart
            .stack_point_at(date)
            .is_some_and(|p| p.note.contains("modelled"))
    };
    // The window takes the chart on a frame after the thread made it
    // (seconds in a debug build), as a user would see it.
    let start = std::time::Instant::now();
    while !modelled(&h) && start.elapsed() < std::time::Duration::from_secs(120) {
        std::thread::sleep(std::time::Duration::from_millis(50));
        h.run();
    }
    assert!(modelled(&h), "the daily chart never came");
    let app = h.state();
    let chart = app.charts().chart(ChartKind::Territory);
    let point = chart.stack_point_at(date).unwrap();
    assert!(point.note.contains("modelled"), "{}", point.note);
    for (cid, area) in app.atlas().areas_at(date) {
        let id = &app.atlas().controllers.get(cid).id;
        let s = chart.controller_series(id).unwrap();
        let v = s.step_value_at(date).unwrap();
        assert!(
            (v - area).abs() < 0.5,
            "{id}: chart {v} km², legend {area} km²"
        );
    }
}
