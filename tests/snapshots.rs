//! Image snapshots of the whole window at key dates, rendered on the CPU
//! with wgpu (lavapipe in CI). Without a renderer these tests fail: they are
//! never skipped. Update with `UPDATE_SNAPSHOTS=1 bash .ci/test`.

use baltic_atlas::chronicle::Chronicle;
use baltic_atlas::ui::app::ThemeChoice;
use baltic_atlas::ui::{AtlasApp, SavedState};
use baltic_atlas::{Atlas, Date};
use egui_kittest::{Harness, SnapshotOptions};

fn snapshot_at(date: &str) {
    let atlas = Atlas::builtin().expect("geodata");
    let chronicle = Chronicle::builtin(&atlas.sources).expect("assets");
    let app = AtlasApp::new(
        atlas,
        chronicle,
        SavedState {
            theme: ThemeChoice::Light,
            ..SavedState::default()
        },
        Some(Date::parse(date).expect("date")),
        None,
    );
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .with_theme(egui::Theme::Light)
        .wgpu()
        .build_ui_state(|ui, app: &mut AtlasApp| app.show(ui), app);
    h.run();
    h.snapshot_options(
        format!("window_{date}"),
        &SnapshotOptions::new().threshold(1.0).max_failed_pixels(400),
    );
}

#[test]
fn window_1939_06_01() {
    snapshot_at("1939-06-01");
}

#[test]
fn window_1941_09_01() {
    snapshot_at("1941-09-01");
}

#[test]
fn window_1944_11_01() {
    snapshot_at("1944-11-01");
}

#[test]
fn window_1950_01_01() {
    snapshot_at("1950-01-01");
}

#[test]
fn window_1991_09_10() {
    snapshot_at("1991-09-10");
}
