//! Exporting from the window, as a user does it: click a chart's Export…,
//! pick the format and scale, type a path, export, and find a valid file;
//! an unwritable path shows the error in the app and leaves no file behind.
// Tests and benchmarks may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used)]

use baltic_atlas::ui::AtlasApp;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

mod common;
use common::{harness, wait_for_export};

fn set_path(h: &mut Harness<'_, AtlasApp>, path: &std::path::Path) {
    h.get_by_label("Export file path")
        .set_text_value_accesskit(&path.display().to_string());
    h.run();
}

#[test]
fn exporting_a_chart_writes_a_png_of_the_chosen_scale() {
    let mut h = harness("1949-03-25");
    h.get_by_label("Export Deportations by operation").click();
    h.run();
    // The window opened for this chart, with a default file name.
    let field = h.get_by_label("Export file path");
    let default = field.value().unwrap_or_default();
    assert!(
        default.ends_with("deportations-1949-03-25.png"),
        "{default}"
    );
    h.get_by_role_and_label(Role::RadioButton, "2x").click();
    h.run();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deportations.png");
    set_path(&mut h, &path);
    h.get_by_role_and_label(Role::Button, "Export").click();
    let status = wait_for_export(&mut h);
    assert!(status.starts_with("Saved to"), "{status}");
    assert!(
        h.query_all_by_label_contains("Saved to").next().is_some(),
        "success not shown"
    );
    h.get_by_label("Open folder");
    let img = image::open(&path).expect("a valid PNG");
    assert_eq!((img.width(), img.height()), (3200, 1800));
    // Exporting again asks before replacing the file.
    h.get_by_role_and_label(Role::Button, "Export").click();
    h.run();
    assert!(
        h.query_all_by_label_contains("already exists")
            .next()
            .is_some(),
        "no confirmation before replacing"
    );
    h.get_by_label("Replace").click();
    let status = wait_for_export(&mut h);
    assert!(status.starts_with("Saved to"), "{status}");
    // The folder is remembered for the next run.
    assert_eq!(
        h.state().saved_state().export_folder.as_deref(),
        Some(dir.path().display().to_string().as_str())
    );
}

#[test]
fn an_unwritable_path_shows_the_error_and_leaves_no_file() {
    let mut h = harness("1944-10-13");
    h.get_by_label("Export map…").click();
    h.run();
    let dir = tempfile::tempdir().unwrap();
    // A folder that does not exist, and one whose "folder" is a file.
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, b"x").unwrap();
    for bad in [
        dir.path().join("missing").join("map.png"),
        blocker.join("map.png"),
    ] {
        set_path(&mut h, &bad);
        h.get_by_role_and_label(Role::Button, "Export").click();
        let status = wait_for_export(&mut h);
        assert!(status.starts_with("Export failed"), "{status}");
        assert!(
            h.query_all_by_label_contains("Export failed")
                .next()
                .is_some(),
            "error not shown in the app"
        );
        assert!(!bad.exists());
    }
    // Nothing but the blocker file is left: no partial or temporary files.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("a-file")]);
    // The app keeps working: the map still answers.
    h.get_by_label("Map of the Baltic states on 13 October 1944");
}

#[test]
fn the_file_menu_offers_every_export() {
    let mut h = harness("1941-06-14");
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export").hover();
    h.run();
    for item in [
        "Map…",
        "Population chart…",
        "Deportations chart…",
        "Territory chart…",
    ] {
        assert!(
            h.query_all_by_label(item).next().is_some(),
            "menu lacks {item}"
        );
    }
    h.get_by_label("Territory chart…").click();
    h.run();
    let path = h
        .get_by_label("Export file path")
        .value()
        .unwrap_or_default();
    assert!(path.ends_with("territory-1941-06-14.png"), "{path}");
}

#[test]
fn a_series_switched_off_in_the_legend_is_left_out_of_the_export() {
    let mut h = harness("1989-01-12");
    h.get_by_label("Ethnic shares (%)").click();
    h.run();
    h.get_by_role_and_label(Role::CheckBox, "Latvia: Russians")
        .click();
    h.run();
    h.get_by_label("Export Ethnic composition at each census")
        .click();
    h.run();
    // The window says what it leaves out, and why.
    assert!(
        h.query_all_by_label_contains("Latvia: Russians (switched off in the chart's legend)")
            .next()
            .is_some(),
        "the Export window does not say the series is left out"
    );
    h.get_by_role_and_label(Role::RadioButton, "SVG").click();
    h.run();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("composition.svg");
    set_path(&mut h, &path);
    h.get_by_role_and_label(Role::Button, "Export").click();
    let status = wait_for_export(&mut h);
    assert!(status.starts_with("Saved to"), "{status}");
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(
        svg.contains("Estonia: Russians"),
        "a shown series is missing"
    );
    assert!(
        !svg.contains("Latvia: Russians"),
        "the series switched off in the legend was exported"
    );
    // Switched back on, it is exported again.
    h.get_by_role_and_label(Role::CheckBox, "Latvia: Russians")
        .click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Export").click();
    h.run();
    h.get_by_label("Replace").click();
    let status = wait_for_export(&mut h);
    assert!(status.starts_with("Saved to"), "{status}");
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(svg.contains("Latvia: Russians"));
}
