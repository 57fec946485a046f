//! File ▸ Export animation…: a GIF of the map from one date to another,
//! written off the UI thread with a progress bar, and Cancel.
// Tests may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use baltic_atlas::ui::AtlasApp;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

mod common;
use common::harness;

fn open_window(h: &mut Harness<'_, AtlasApp>) {
    h.get_by_role_and_label(Role::Button, "File").click();
    h.run();
    h.get_by_label("Export animation…").click();
    h.run();
}

fn set(h: &mut Harness<'_, AtlasApp>, field: &str, text: &str) {
    h.get_by_label(field).set_text_value_accesskit(text);
    h.run();
}

fn shows(h: &Harness<'_, AtlasApp>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

/// Runs frames until a label containing one of `texts` shows (60 s at
/// most); returns that text.
fn wait_for<'t>(h: &mut Harness<'_, AtlasApp>, texts: &[&'t str]) -> &'t str {
    let start = Instant::now();
    loop {
        h.run();
        if let Some(found) = texts.iter().find(|t| shows(h, t)) {
            return found;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "no {texts:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn three_weeks_become_a_gif_of_three_frames() {
    let mut h = harness("1944-07-01");
    open_window(&mut h);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("july.gif");
    set(&mut h, "Animation from", "1944-07-01");
    set(&mut h, "Animation to", "15.7.1944");
    set(&mut h, "Animation step", "1w");
    set(&mut h, "Animation file", &path.display().to_string());
    h.get_by_role_and_label(Role::Button, "Export").click();
    let said = wait_for(&mut h, &["Saved", "Cancelled", "could not"]);
    assert_eq!(said, "Saved");
    assert!(shows(&h, "(3 dates, 3 frames)"));
    let mut opts = gif::DecodeOptions::new();
    opts.set_color_output(gif::ColorOutput::RGBA);
    let mut dec = opts.read_info(std::fs::File::open(&path).unwrap()).unwrap();
    assert_eq!((dec.width(), dec.height()), (1600, 1200));
    let mut frames = 0;
    while dec.read_next_frame().unwrap().is_some() {
        frames += 1;
    }
    assert_eq!(frames, 3);
}

#[test]
fn cancel_stops_the_export_and_writes_nothing() {
    let mut h = harness("1944-07-01");
    open_window(&mut h);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.gif");
    set(&mut h, "Animation from", "1941-06-22");
    set(&mut h, "Animation to", "1944-06-22");
    set(&mut h, "Animation step", "1d");
    set(&mut h, "Animation file", &path.display().to_string());
    h.get_by_role_and_label(Role::Button, "Export").click();
    h.run();
    wait_for(&mut h, &["dates drawn"]);
    h.get_by_role_and_label(Role::Button, "Cancel").click();
    let said = wait_for(&mut h, &["Cancelled", "Saved"]);
    assert_eq!(said, "Cancelled");
    assert!(!path.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no temporary file left"
    );
}

#[test]
fn a_bad_step_is_refused_with_its_reason() {
    let mut h = harness("1944-07-01");
    open_window(&mut h);
    set(&mut h, "Animation step", "weekly");
    h.get_by_role_and_label(Role::Button, "Export").click();
    h.run();
    assert!(shows(&h, "invalid step"));
}

#[test]
fn png_frames_go_into_a_folder_with_an_animated_png() {
    let mut h = harness("1944-07-01");
    open_window(&mut h);
    h.get_by_label("PNG frames and an animated PNG, in a folder")
        .click();
    h.run();
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    set(&mut h, "Animation from", "1944-07-01");
    set(&mut h, "Animation to", "1944-07-08");
    set(&mut h, "Animation step", "1w");
    set(&mut h, "Animation file", &frames.display().to_string());
    h.get_by_role_and_label(Role::Button, "Export").click();
    let said = wait_for(&mut h, &["Saved", "Cancelled", "could not"]);
    assert_eq!(said, "Saved");
    assert!(frames.join("map-1944-07-08.png").exists());
    assert!(
        frames
            .join("map-1944-07-01-to-1944-07-08-animated.png")
            .exists()
    );
}
