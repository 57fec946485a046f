//! Helpers shared by the window tests: an app at a date in a headless
//! harness, waiting for a background export, a geodata folder with one
//! region fewer.
// Each test binary uses some of these helpers, none uses all.
#![allow(dead_code)]

use std::time::{Duration, Instant};

use baltic_atlas::chronicle::Chronicle;
use baltic_atlas::ui::{AtlasApp, SavedState};
use baltic_atlas::{Atlas, Date};
use egui_kittest::Harness;

/// The app with the built-in data at `date`, 1400×900, after its first
/// frames.
pub fn harness(date: &str) -> Harness<'static, AtlasApp> {
    let atlas = Atlas::builtin().expect("geodata");
    let chronicle = Chronicle::builtin(&atlas.sources).expect("assets");
    let start = Date::parse(date).expect("date");
    let app = AtlasApp::new(atlas, chronicle, SavedState::default(), Some(start), None);
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut AtlasApp| app.show(ui), app);
    h.run();
    h
}

/// Steps the UI until the background export has finished (or 20 s pass)
/// and returns the Export window's message.
pub fn wait_for_export(h: &mut Harness<'_, AtlasApp>) -> String {
    let t0 = Instant::now();
    loop {
        h.step();
        if let Some(s) = h.state().export_dialog().status() {
            h.run_steps(2);
            return s;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "export did not finish"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A copy of the built-in geodata folder in `dir` without its last region
/// (and that region's control rows and water): a valid atlas with fewer regions.
pub fn geodata_without_last_region(dir: &std::path::Path) -> std::path::PathBuf {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("geodata");
    let out = dir.join("geodata-fewer");
    std::fs::create_dir_all(&out).unwrap();
    for entry in std::fs::read_dir(&src).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), out.join(entry.file_name())).unwrap();
        }
    }
    let text = std::fs::read_to_string(src.join("regions.geojson")).unwrap();
    let mut fc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let features = fc["features"].as_array_mut().unwrap();
    let dropped = features.pop().unwrap();
    let id = dropped["properties"]["id"].as_str().unwrap().to_string();
    std::fs::write(out.join("regions.geojson"), fc.to_string()).unwrap();
    let control = std::fs::read_to_string(src.join("control.csv")).unwrap();
    let kept: Vec<&str> = control
        .lines()
        .filter(|l| !l.starts_with(&format!("{id},")))
        .collect();
    std::fs::write(out.join("control.csv"), kept.join("\n") + "\n").unwrap();
    // The region's inland water goes with it.
    let text = std::fs::read_to_string(src.join("water.geojson")).unwrap();
    let mut water: serde_json::Value = serde_json::from_str(&text).unwrap();
    water["features"]
        .as_array_mut()
        .unwrap()
        .retain(|f| f["properties"]["region"].as_str() != Some(id.as_str()));
    std::fs::write(out.join("water.geojson"), water.to_string()).unwrap();
    out
}
