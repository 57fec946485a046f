//! Opening your own data in the window, as a user does it: File > Open,
//! type a path, Open; the report appears (details, copy), the layer follows
//! the slider, and a bad file changes nothing.
// Tests and benchmarks may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used)]

#[path = "support/synthetic.rs"]
mod synthetic;

use std::time::{Duration, Instant};

use baltic_atlas::Date;
use baltic_atlas::ui::AtlasApp;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

mod common;
use common::{harness, wait_for_export};

fn fixture(name: &str) -> String {
    format!("{}/tests/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// File > Open…, type the path, Open, and wait for the load to finish.
fn open_through_the_menu(h: &mut Harness<'_, AtlasApp>, path: &str) {
    open_with_label(h, path, "");
}

/// As [`open_through_the_menu`], naming the label property.
fn open_with_label(h: &mut Harness<'_, AtlasApp>, path: &str, label: &str) {
    open_with(h, path, &[("Label property", label)]);
}

/// As [`open_through_the_menu`], with the Open window's fields set
/// (by their accessible names) first.
fn open_with(h: &mut Harness<'_, AtlasApp>, path: &str, fields: &[(&str, &str)]) {
    h.get_by_role_and_label(Role::Button, "File").click();
    h.run();
    h.get_by_label("Open layer, figures or geodata folder…")
        .click();
    h.run();
    h.get_by_label("Path to open")
        .set_text_value_accesskit(path);
    for (field, value) in fields {
        h.get_by_role_and_label(Role::TextInput, field)
            .set_text_value_accesskit(value);
    }
    h.run();
    h.get_by_role_and_label(Role::Button, "Open").click();
    let t0 = Instant::now();
    loop {
        h.step();
        if !h.state().user_data().loading() && h.state().user_data().report.is_some() {
            break;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "load did not finish"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    h.run();
}

fn shows(h: &Harness<'_, AtlasApp>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

#[test]
fn a_file_with_bad_features_loads_the_good_ones_and_reports_the_rest() {
    let mut h = harness("1944-10-13");
    open_through_the_menu(&mut h, &fixture("user_files/mixed.geojson"));
    assert!(shows(&h, "File opened"));
    assert!(
        shows(
            &h,
            "mixed.geojson: loaded 3 features, skipped 3 with errors"
        ),
        "summary missing"
    );
    h.get_by_label_contains("Show details").click();
    h.run();
    // Each bad feature is named with its index and its problem.
    assert!(shows(&h, "feature 2 (\"bad date\")"), "no per-feature line");
    h.get_by_label("Copy report");
    // The layer is listed, and the built-in map is still there.
    assert_eq!(h.state().user_data().layers.len(), 1);
    assert!(shows(&h, "mixed.geojson"));
    h.get_by_label("Map of the Baltic states on 13 October 1944");
    assert!(
        h.query_all_by_label("USSR – Latvian SSR").next().is_some(),
        "built-in legend gone"
    );
}

#[test]
fn a_dateless_map_gets_the_range_typed_in_the_open_window() {
    let mut h = harness("1939-06-01");
    open_through_the_menu(&mut h, &fixture("user_files/map_1938_upper_case.geojson"));
    // Without a range: one grouped line for the three undated features,
    // the per-feature lines behind Show details.
    assert!(shows(&h, "3 features: no dates"), "grouped line missing");
    assert!(!shows(&h, "feature 1 (\"Estonia\"): no dates"));
    h.get_by_label_contains("Show details").click();
    h.run();
    assert!(
        shows(&h, "feature 1 (\"Estonia\"): no dates"),
        "details missing"
    );
    // Names in upper case (NAME) label the features.
    let labels: Vec<String> = h.state().user_data().layers[0]
        .layer
        .features
        .iter()
        .map(|f| f.label.clone())
        .collect();
    assert_eq!(labels, ["Estonia", "Latvia", "Lithuania"]);
    h.get_by_label("Close window").click();
    h.run();
    open_with(
        &mut h,
        &fixture("user_files/map_1938_upper_case.geojson"),
        &[("Dates of undated features", "1938-01-01/1939-08-31")],
    );
    assert!(shows(&h, "read from the date range you gave the layer"));
    let dated = &h.state().user_data().layers[1].layer;
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    assert!(dated.features[0].visible_on_day(day("1939-08-31")));
    assert!(!dated.features[0].visible_on_day(day("1939-09-01")));
    h.get_by_label("Close window").click();
    h.run();
    // A range the user mistyped is refused before anything loads.
    open_with(
        &mut h,
        &fixture("user_files/map_1938_upper_case.geojson"),
        &[("Dates of undated features", "1939-08-31/1938-01-01")],
    );
    assert!(shows(&h, "ends before it starts"));
    assert_eq!(h.state().user_data().layers.len(), 2);
}

#[test]
fn a_topology_opens_as_one_layer_per_object() {
    let mut h = harness("1939-06-01");
    open_through_the_menu(&mut h, &fixture("user_files/two_objects.topojson"));
    assert!(shows(&h, "a TopoJSON topology with 2 objects"));
    let names: Vec<String> = h
        .state()
        .user_data()
        .layers
        .iter()
        .map(|l| l.layer.name.clone())
        .collect();
    assert_eq!(
        names,
        [
            "two_objects.topojson · districts",
            "two_objects.topojson · towns"
        ]
    );
    h.get_by_label("Close window").click();
    h.run();
    // Each is listed in Your data with its own checkbox.
    h.get_by_role_and_label(Role::CheckBox, "two_objects.topojson · towns");
}

#[test]
fn features_can_be_labelled_from_a_property_the_user_names() {
    let mut h = harness("1944-12-01");
    open_with_label(
        &mut h,
        &fixture("user_files/ohm_front_1944.geojson"),
        "note",
    );
    let layer = &h.state().user_data().layers[0].layer;
    // The Courland feature has `note: "Courland Pocket"`.
    assert!(
        layer.features.iter().any(|f| f.label == "Courland Pocket"),
        "labels: {:?}",
        layer.features.iter().map(|f| &f.label).collect::<Vec<_>>()
    );
}

#[test]
fn a_broken_file_changes_nothing_and_says_why() {
    let mut h = harness("1944-10-13");
    open_through_the_menu(&mut h, &fixture("user_files/ohm_front_1944.geojson"));
    assert_eq!(h.state().user_data().layers.len(), 1);
    h.get_by_label("Close window").click();
    h.run();
    open_through_the_menu(&mut h, &fixture("broken_inputs/truncated.geojson"));
    assert!(shows(&h, "Could not open the file"));
    assert!(shows(&h, "truncated.geojson"));
    assert!(shows(&h, "Nothing was changed"));
    // The layer loaded before is still there.
    assert_eq!(h.state().user_data().layers.len(), 1);
    assert!(shows(&h, "ohm_front_1944.geojson"));
}

#[test]
fn a_layer_feature_follows_the_slider_and_shows_its_details_on_hover() {
    let mut h = harness("1944-09-22");
    open_through_the_menu(&mut h, &fixture("user_files/ohm_front_1944.geojson"));
    h.get_by_label("Close window").click();
    h.run();
    // "Tallinn taken" (a point at Tallinn) starts on 22 September 1944.
    let layer = &h.state().user_data().layers[0].layer;
    let point = layer
        .features
        .iter()
        .find(|f| f.label == "Tallinn taken")
        .expect("feature");
    let geo::Geometry::Point(p) = point.geometry else {
        panic!("not a point")
    };
    let pos = h.state().map_screen_pos(p.x(), p.y()).expect("on the map");
    h.hover_at(pos);
    h.run();
    assert!(shows(&h, "Tallinn taken"), "no tooltip for the point");
    assert!(shows(&h, "From 1944-09-22"), "no dates in the tooltip");
    // The day before, the feature is not drawn and has no tooltip.
    let before = Date::parse("1944-09-21").unwrap();
    h.get_by_role_and_label(Role::Slider, "Date")
        .set_value_accesskit(before.day_index() as f64);
    h.run();
    h.hover_at(pos + egui::vec2(1.0, 0.0));
    h.run();
    assert!(
        !shows(&h, "From 1944-09-22"),
        "feature shown before its start"
    );
    // What is under the pointer instead is the map's own tooltip (the city
    // or the region, with its source): hovering still works there.
    assert!(
        shows(&h, "Source:"),
        "no tooltip at all where the feature was"
    );
}

#[test]
fn figures_become_a_chart_and_a_geodata_folder_replaces_the_atlas() {
    let mut h = harness("1959-01-15");
    open_through_the_menu(&mut h, &fixture("user_files/figures_good.csv"));
    assert!(shows(&h, "loaded"), "no report");
    h.get_by_label("Close window").click();
    h.run();
    // The new chart comes into view in a column of its own.
    h.get_by_label_contains("figures_good.csv, cursor at 15 January 1959");
    // A whole geodata folder (the shipped one) replaces the built-in data.
    open_through_the_menu(&mut h, &format!("{}/geodata", env!("CARGO_MANIFEST_DIR")));
    assert!(
        h.state().atlas().origin.to_string().ends_with("geodata"),
        "atlas not replaced"
    );
    h.get_by_label("Close window").click();
    h.run();
    h.get_by_label("Back to the built-in geodata").click();
    h.run();
    assert_eq!(
        h.state().atlas().origin,
        baltic_atlas::geodata::GeodataOrigin::Builtin
    );
}

/// A 100 MB layer loads while the window keeps drawing: frames stay short,
/// the progress bar shows, and the layer arrives whole. Slow in debug
/// builds, so ignored by default; run with
/// `cargo test --release --test ui_user_data -- --ignored --nocapture`.
#[test]
#[ignore]
fn a_100_mb_layer_loads_without_freezing_the_window() {
    let (bytes, features) = synthetic::rectangles(100_000_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.geojson");
    std::fs::write(&path, &bytes).unwrap();
    drop(bytes);
    let mut h = harness("1944-10-13");
    let t0 = Instant::now();
    h.state_mut().open_user_data(&path);
    let mut times = Vec::new();
    let mut saw_progress = false;
    while h.state().user_data().layers.is_empty() {
        let f0 = Instant::now();
        h.step();
        times.push(f0.elapsed());
        saw_progress |= shows(&h, "Loading big.geojson");
        assert!(
            t0.elapsed() < Duration::from_secs(120),
            "load did not finish"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let loaded = t0.elapsed();
    // The last frame took the layer in and drew it for the first time.
    let arrival = times.pop().unwrap_or_default();
    let frames = times.len();
    times.sort();
    let worst = times.last().copied().unwrap_or_default();
    let median = times.get(frames / 2).copied().unwrap_or_default();
    assert!(saw_progress, "no progress shown");
    assert_eq!(
        h.state().user_data().layers[0].layer.features.len(),
        features
    );
    // First frame drawing the layer (tessellation), then a cached one.
    let f0 = Instant::now();
    h.run_steps(1);
    let first = f0.elapsed();
    let f1 = Instant::now();
    h.run_steps(1);
    let cached = f1.elapsed();
    println!(
        "100 MB layer ({features} features): loaded in {:.2} s over {frames} frames, \
         frames while loading: median {:.1} ms, worst {:.1} ms; the frame taking in the layer \
         {:.0} ms; then {:.0} ms and {:.1} ms",
        loaded.as_secs_f64(),
        median.as_secs_f64() * 1e3,
        worst.as_secs_f64() * 1e3,
        arrival.as_secs_f64() * 1e3,
        first.as_secs_f64() * 1e3,
        cached.as_secs_f64() * 1e3
    );
    // Panning: drag the map 200 px in ten frames.
    let map = h
        .get_by_label_contains("Map of the Baltic states")
        .rect()
        .center();
    // Hovering: each frame looks for the layer feature under the pointer.
    let mut hover = Vec::new();
    for i in 0..6 {
        h.hover_at(map + egui::vec2(3.0 * i as f32, 0.0));
        let f = Instant::now();
        h.step();
        hover.push(f.elapsed());
    }
    h.hover_at(map);
    h.step();
    h.drag_at(map);
    h.step();
    let mut pan = Vec::new();
    for i in 1..=10 {
        h.hover_at(map + egui::vec2(20.0 * i as f32, 10.0 * i as f32));
        let f = Instant::now();
        h.step();
        pan.push(f.elapsed());
    }
    h.drop_at(map + egui::vec2(200.0, 100.0));
    h.step();
    // Scrubbing: a month forward, six times (features start and end on
    // many different months).
    let mut scrub = Vec::new();
    for _ in 0..6 {
        h.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::ArrowRight);
        let f = Instant::now();
        h.step();
        scrub.push(f.elapsed());
    }
    let ms = |v: &mut Vec<Duration>| {
        v.sort();
        format!(
            "median {:.0} ms, worst {:.0} ms",
            v[v.len() / 2].as_secs_f64() * 1e3,
            v[v.len() - 1].as_secs_f64() * 1e3
        )
    };
    println!(
        "hovering frames: {}; panning frames: {}; a month forward: {}",
        ms(&mut hover),
        ms(&mut pan),
        ms(&mut scrub)
    );
}

fn export_as_svg(h: &mut Harness<'_, AtlasApp>, path: &std::path::Path) -> String {
    h.get_by_role_and_label(Role::RadioButton, "SVG").click();
    h.run();
    h.get_by_label("Export file path")
        .set_text_value_accesskit(&path.display().to_string());
    h.run();
    h.get_by_role_and_label(Role::Button, "Export").click();
    let status = wait_for_export(h);
    assert!(status.starts_with("Saved to"), "{status}");
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn exports_show_the_users_layers_and_charts() {
    let mut h = harness("1944-12-01");
    open_through_the_menu(&mut h, &fixture("user_files/ohm_front_1944.geojson"));
    h.get_by_label("Close window").click();
    h.run();
    let dir = tempfile::tempdir().unwrap();
    // The map export carries the layer as the window shows it.
    h.get_by_label("Export map…").click();
    h.run();
    let svg = export_as_svg(&mut h, &dir.path().join("map.svg"));
    assert!(
        svg.contains("ohm_front_1944.geojson (your layer)"),
        "no legend entry"
    );
    assert!(
        svg.contains("id=\"layer-ohm_front_1944.geojson\""),
        "layer not drawn"
    );
    assert!(
        svg.contains("&quot;ohm_front_1944.geojson&quot;: the user&apos;s own file"),
        "layer not in the sources"
    );
    h.get_by_label("Close").click();
    h.run();
    // A chart of the user's figures exports with their values.
    open_through_the_menu(&mut h, &fixture("user_files/figures_good.csv"));
    h.get_by_label("Close window").click();
    h.run();
    h.get_by_label("Export figures_good.csv").click();
    h.run();
    let svg = export_as_svg(&mut h, &dir.path().join("mine.svg"));
    assert!(svg.contains(">figures_good.csv</text>"), "title missing");
    assert!(svg.contains("population: Estonia"), "series missing");
}

#[test]
fn a_load_can_be_cancelled_and_nothing_is_added() {
    // Big enough that the load is still running when Cancel is clicked.
    let (bytes, _) = synthetic::rectangles(40_000_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.geojson");
    std::fs::write(&path, &bytes).unwrap();
    drop(bytes);
    let mut h = harness("1944-10-13");
    h.state_mut().open_user_data(&path);
    h.run_steps(2);
    assert!(shows(&h, "Loading long.geojson"), "no progress shown");
    h.get_by_role_and_label(Role::Button, "Cancel").click();
    let t0 = Instant::now();
    while h.state().user_data().loading() {
        h.step();
        assert!(
            t0.elapsed() < Duration::from_secs(60),
            "cancel not honoured"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    h.run();
    assert!(shows(&h, "Could not open the file"));
    assert!(
        shows(&h, "cancel"),
        "the report does not say it was cancelled"
    );
    assert!(h.state().user_data().layers.is_empty());
}

#[test]
fn exporting_the_map_after_replacing_the_geodata_draws_the_new_atlas() {
    // 1941-07-15: regions on both sides of the front, so borders between
    // powers are drawn from the region edges.
    let mut h = harness("1941-07-15");
    let dir = tempfile::tempdir().unwrap();
    // A first map export: the Export window keeps the projected map.
    h.get_by_label("Export map…").click();
    h.run();
    let first = dir.path().join("before.svg");
    let before = export_as_svg(&mut h, &first);
    assert!(before.contains("id=\"borders\""), "no borders drawn");
    h.get_by_label("Close window").click();
    h.run();
    // The user opens a geodata folder with one region fewer...
    let fewer = common::geodata_without_last_region(dir.path());
    let regions_before = h.state().atlas().region_count();
    open_through_the_menu(&mut h, &fewer.display().to_string());
    assert_eq!(h.state().atlas().region_count(), regions_before - 1);
    h.get_by_label("Close window").click();
    h.run();
    // ...and exports the map again: it is the new atlas's map, not a panic
    // or the old one's edges.
    h.get_by_label("Export map…").click();
    h.run();
    let after = export_as_svg(&mut h, &dir.path().join("after.svg"));
    assert!(after.contains("id=\"borders\""), "no borders drawn");
    assert_ne!(before, after, "the export still draws the old atlas");
}

#[test]
fn opening_the_same_file_twice_says_so() {
    let mut h = harness("1944-10-13");
    open_through_the_menu(&mut h, &fixture("user_files/ohm_front_1944.geojson"));
    assert!(!shows(&h, "already open"));
    h.get_by_label("Close window").click();
    h.run();
    open_through_the_menu(
        &mut h,
        &fixture("user_files/../user_files/ohm_front_1944.geojson"),
    );
    assert!(
        shows(&h, "ohm_front_1944.geojson is already open"),
        "no warning"
    );
    assert_eq!(h.state().user_data().layers.len(), 2);
}
