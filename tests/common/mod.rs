//! Helpers shared by the window tests: an app at a date in a headless
//! harness, and waiting for a background export.

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
