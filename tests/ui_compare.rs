//! Comparing two dates in the window: typing a date under "Compare with
//! another date" lists what changed hands and outlines it on the map;
//! "Stop comparing" returns to the map of the day.
// Tests may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used)]

use baltic_atlas::Date;
use baltic_atlas::ui::AtlasApp;
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

mod common;
use common::harness;

fn shows(h: &Harness<'_, AtlasApp>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

#[test]
fn typing_a_date_lists_and_outlines_what_changed_hands() {
    let mut h = harness("1945-06-01");
    assert!(!shows(&h, "Changed hands between"));
    h.get_by_label("Compare with date").click();
    h.run();
    h.get_by_label("Compare with date").type_text("1.6.1939");
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(
        h.state().compare_with,
        Some(Date::parse("1939-06-01").unwrap())
    );
    assert!(shows(
        &h,
        "Changed hands between 1 June 1939 and 1 June 1945"
    ));
    assert!(shows(&h, "Republic of Latvia → USSR – Latvian SSR: "));
    // The list follows the slider.
    h.state_mut().date = Date::parse("1939-06-02").unwrap();
    h.run();
    assert!(shows(&h, "No change"));

    h.get_by_label("Stop comparing").click();
    h.run();
    assert_eq!(h.state().compare_with, None);
    assert!(!shows(&h, "Changed hands between"));
}

#[test]
fn a_date_the_atlas_cannot_read_is_refused_with_its_reason() {
    let mut h = harness("1945-06-01");
    h.get_by_label("Compare with date").click();
    h.run();
    h.get_by_label("Compare with date").type_text("2050-01-01");
    h.get_by_label("Compare").click();
    h.run();
    assert_eq!(h.state().compare_with, None);
    assert!(shows(&h, "2050"), "the error names what was typed");
}

#[test]
fn side_by_side_shows_both_dates_with_one_pan_and_zoom() {
    let mut h = harness("1945-06-01");
    h.get_by_label("Compare with date").click();
    h.run();
    h.get_by_label("Compare with date").type_text("1.6.1939");
    h.key_press(Key::Enter);
    h.run();
    h.get_by_label("Side by side").click();
    h.run();
    assert!(h.state().side_by_side);
    // Each map is titled with its date.
    h.get_by_label("1 June 1939");
    // The slider's date: in the date bar and over the right map.
    assert_eq!(h.query_all_by_label("1 June 1945").count(), 2);
    assert_eq!(h.state().map_view(), h.state().compared_map_view());
    // The region under the pointer on either map is the one both outline:
    // Riga on the left, then Riga on the right.
    let left = h.state().compared_map_screen_pos(24.25, 56.9).unwrap();
    let right = h.state().map_screen_pos(24.25, 56.9).unwrap();
    assert!(left.x < right.x);
    // The echo on the other map settles within a few frames.
    h.hover_at(left);
    h.run_steps(10);
    let hovered = h.state().hovered_region();
    assert!(
        hovered.is_some(),
        "nothing under the pointer on the left map"
    );
    h.hover_at(right);
    h.run_steps(10);
    assert_eq!(h.state().hovered_region(), hovered);
    // Dragging the left (1939) map pans both.
    let before = h.state().map_view();
    h.drag_at(egui::pos2(300.0, 300.0));
    h.run();
    h.hover_at(egui::pos2(360.0, 330.0));
    h.run();
    h.drop_at(egui::pos2(360.0, 330.0));
    h.run();
    assert_ne!(h.state().map_view(), before, "the drag panned nothing");
    assert_eq!(h.state().map_view(), h.state().compared_map_view());
    // Exporting the map exports the two side by side, one image twice as
    // wide.
    h.query_all_by_label("Export map…").next().unwrap().click();
    h.run();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("side.png");
    h.get_by_label("Export file path")
        .set_text_value_accesskit(&path.display().to_string());
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Export")
        .click();
    let status = common::wait_for_export(&mut h);
    assert!(status.starts_with("Saved to"), "{status}");
    let png = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&path).unwrap()))
        .read_info()
        .unwrap();
    assert_eq!((png.info().width, png.info().height), (3200, 1200));
    h.get_by_label("Close").click();
    h.run();
    // Back to one map.
    h.get_by_label("Changes on one map").click();
    h.run();
    assert!(!h.state().side_by_side);
}
