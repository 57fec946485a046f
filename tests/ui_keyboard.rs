//! The keyboard and the clock, as a user meets them: every key press
//! counts even when frames are slow, +/− zoom wherever the focus is not in
//! a text field, Escape closes dialogs, dates can be typed as people write
//! them, and playback follows the clock, not the frame rate.
// Tests and benchmarks may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used)]

use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::kittest::Queryable;

mod common;
use common::harness;

fn key_event(key: Key, pressed: bool) -> Event {
    Event::Key {
        key,
        physical_key: None,
        pressed,
        repeat: false,
        modifiers: Modifiers::NONE,
    }
}

#[test]
fn ten_presses_in_one_frame_move_ten_days() {
    let mut h = harness("1944-10-13");
    for _ in 0..10 {
        h.input_mut().events.push(key_event(Key::ArrowRight, true));
        h.input_mut().events.push(key_event(Key::ArrowRight, false));
    }
    h.step();
    assert_eq!(h.state().date.iso(), "1944-10-23");
}

#[test]
fn plus_and_minus_zoom_with_the_pointer_away_from_the_map() {
    let mut h = harness("1944-10-13");
    // The pointer rests on the date bar, far from the map.
    let bar = h.get_by_role_and_label(Role::Button, "Play").rect();
    h.hover_at(bar.center());
    h.run();
    let before = h.state().map_view().1;
    h.key_press(Key::Plus);
    h.run();
    let zoomed = h.state().map_view().1;
    assert!((zoomed / before - 1.25).abs() < 1e-3, "{before} → {zoomed}");
    h.key_press(Key::Minus);
    h.run();
    assert!((h.state().map_view().1 - before).abs() < 1e-3);
}

#[test]
fn escape_closes_each_dialog() {
    let mut h = harness("1944-10-13");
    h.get_by_label("Export map…").click();
    h.run();
    assert!(h.state().export_dialog().open);
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().export_dialog().open, "Export still open");
    // Sources: its window adds a second "Sources" to the menu's.
    let sources = |h: &egui_kittest::Harness<'_, _>| h.query_all_by_label("Sources").count();
    let closed = sources(&h);
    h.get_by_role_and_label(Role::Button, "Sources").click();
    h.run();
    assert!(sources(&h) > closed, "Sources did not open");
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(sources(&h), closed, "Sources still open");
    // The Open window too.
    h.get_by_role_and_label(Role::Button, "File").click();
    h.run();
    h.get_by_label("Open layer, figures or geodata folder…")
        .click();
    h.run();
    assert!(h.query_by_label("Path to open").is_some());
    h.key_press(Key::Escape);
    h.run();
    assert!(
        h.query_by_label("Path to open").is_none(),
        "Open window still open"
    );
}

#[test]
fn dates_typed_as_people_write_them_are_understood() {
    let mut h = harness("1939-01-01");
    for (typed, iso) in [
        ("13.10.1944", "1944-10-13"),
        ("20 August 1991", "1991-08-20"),
        ("1944-07", "1944-07-01"),
    ] {
        let input = h.get_by_role_and_label(Role::TextInput, "Go to date");
        input.focus();
        input.type_text(typed);
        h.run();
        h.get_by_label("Go").click();
        h.run();
        assert_eq!(h.state().date.iso(), iso, "{typed}");
    }
    // It says how it read a date in another form.
    assert!(h.query_by_label_contains("read as 1 July 1944").is_some());
}

#[test]
fn playback_follows_the_clock_not_the_frame_rate() {
    let mut h = harness("1944-01-01");
    h.get_by_label("Play").click();
    h.step();
    h.input_mut().time = Some(100.0);
    h.step();
    let start = h.state().date.day_index();
    // Two seconds of frames at 10 per second (slow frames): "1 month / s"
    // plays about 2 × 30.4 days.
    for k in 1..=20 {
        h.input_mut().time = Some(100.0 + k as f64 * 0.1);
        h.step();
    }
    let days = h.state().date.day_index() - start;
    assert!((58..=63).contains(&days), "{days} days in 2 s");
}

#[test]
fn help_lists_every_shortcut_and_sources_can_be_filtered() {
    let mut h = harness("1944-10-13");
    h.get_by_role_and_label(Role::Button, "Help").click();
    h.run();
    for key in ["+ / −", "Ctrl+F", "Escape", "Page Up / Page Down"] {
        assert!(h.query_by_label(key).is_some(), "{key} missing from Help");
    }
    h.key_press(Key::Escape);
    h.run();
    h.get_by_role_and_label(Role::Button, "Sources").click();
    h.run();
    let all = h.query_all_by_label_contains("http").count();
    let filter = h.get_by_role_and_label(Role::TextInput, "Filter sources");
    filter.focus();
    filter.type_text("Priboi");
    h.run();
    let some = h.query_all_by_label_contains("http").count();
    assert!(some > 0 && some < all, "{some} of {all} shown");
}

#[test]
fn the_step_buttons_move_by_the_play_unit() {
    let mut h = harness("1944-10-13");
    // "1 month / s" is the default speed.
    h.get_by_label("+ 1 month").click();
    h.run();
    assert_eq!(h.state().date.iso(), "1944-11-13");
    h.get_by_label("− 1 month").click();
    h.get_by_label("− 1 month").click();
    h.run();
    assert_eq!(h.state().date.iso(), "1944-09-13");
}

/// A keyboard user opens Export from the File menu with Enter: the menu
/// closes, the Export window's first control has the focus, and Tab moves
/// on inside the window, not through the charts behind it.
#[test]
fn a_dialog_opened_from_the_menu_by_keyboard_takes_the_focus() {
    let mut h = harness("1944-10-13");
    h.get_by_role_and_label(Role::Button, "File").click();
    h.run();
    h.get_by_label("Export").click();
    h.run();
    h.get_by_label("Map…").focus();
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert!(h.state().export_dialog().open, "Export did not open");
    assert!(
        h.query_by_label("Export animation…").is_none(),
        "the File menu stayed open over the dialog"
    );
    assert!(
        h.get_by_label_contains("What to export").is_focused(),
        "the dialog's first control has no focus"
    );
    h.key_press(Key::Tab);
    h.run();
    // The next control is still in the Export window.
    let window = h.get_by_role_and_label(Role::Window, "Export").rect();
    let focused: Vec<egui::Rect> = h
        .query_all_by_label_contains("")
        .filter(|n| n.is_focused())
        .map(|n| n.rect())
        .collect();
    assert!(!focused.is_empty(), "Tab left nothing focused");
    assert!(
        focused.iter().all(|r| window.contains_rect(*r)),
        "Tab left the Export window: {focused:?} outside {window:?}"
    );
    // The Open window's path field and the Sources filter take it too.
    h.key_press(Key::Escape);
    h.run();
    h.get_by_role_and_label(Role::Button, "File").click();
    h.run();
    h.get_by_label("Open layer, figures or geodata folder…")
        .focus();
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert!(h.get_by_label("Path to open").is_focused());
    h.key_press(Key::Escape);
    h.run();
    h.get_by_role_and_label(Role::Button, "Sources").click();
    h.run();
    assert!(h.get_by_label("Filter sources").is_focused());
}
