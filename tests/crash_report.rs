//! A panic leaves a crash report (version, time, what the window showed,
//! the message and a backtrace), and the next start shows "Baltic Atlas
//! closed unexpectedly last time" with the report's path and Copy, holding
//! the saved state back until the user chooses to restore it or start
//! fresh.
// Tests and benchmarks may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used)]

use baltic_atlas::chronicle::Chronicle;
use baltic_atlas::session::{SessionDir, install_panic_hook, set_crash_context};
use baltic_atlas::ui::{AtlasApp, SavedState};
use baltic_atlas::{Atlas, Date};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn temp(name: &str) -> SessionDir {
    let d = std::env::temp_dir().join(format!("atlas-crash-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    SessionDir::at(d)
}

fn app_after_crash(session: &SessionDir, held_date: &str) -> Harness<'static, AtlasApp> {
    let atlas = Atlas::builtin().unwrap();
    let chronicle = Chronicle::builtin(&atlas.sources).unwrap();
    let held = SavedState {
        date: held_date.to_string(),
        ..SavedState::default()
    };
    let crash = session.pending_crash().expect("a report to show");
    let app = AtlasApp::new(
        atlas,
        chronicle,
        SavedState::default(),
        Some(Date::parse("1939-09-01").unwrap()),
        None,
    )
    .with_session(session.clone())
    .after_crash(crash, held);
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut AtlasApp| app.show(ui), app);
    h.run();
    h
}

#[test]
fn a_forced_panic_writes_a_report_that_the_next_start_shows() {
    let session = temp("forced");
    install_panic_hook(session.clone());
    set_crash_context("date 1944-10-13; layers: front.geojson");
    let result = std::thread::Builder::new()
        .name("forced crash".into())
        .spawn(|| panic!("forced for the crash-report test"))
        .unwrap()
        .join();
    assert!(result.is_err());
    let report = std::fs::read_to_string(session.crash_path()).unwrap();
    assert!(
        report.contains("Message: forced for the crash-report test"),
        "{report}"
    );
    assert!(report.contains(env!("CARGO_PKG_VERSION")), "{report}");
    assert!(report.contains("thread forced crash"), "{report}");
    assert!(
        report.contains("date 1944-10-13; layers: front.geojson"),
        "{report}"
    );
    assert!(report.contains("Backtrace:"), "{report}");
    assert!(report.contains("crash_report.rs"), "{report}");

    // The next start: the window says so, shows the path, and holds the
    // saved state (20 August 1991) back.
    let mut h = app_after_crash(&session, "1991-08-20");
    h.get_by_label_contains("closed unexpectedly last time");
    let path = session.crash_path().display().to_string();
    h.get_by_label(&path);
    h.get_by_role_and_label(Role::Button, "Copy report");
    assert!(h.state().recovering());
    assert_eq!(h.state().date.iso(), "1939-09-01");
    h.get_by_role_and_label(Role::Button, "Restore the last session")
        .click();
    h.run();
    assert_eq!(h.state().date.iso(), "1991-08-20");
    assert!(!h.state().recovering());
    // Seen: the next start does not ask again, the report is kept.
    assert!(session.pending_crash().is_none());
    assert!(session.dir().join("crash-report-seen.txt").exists());
    let _ = std::fs::remove_dir_all(session.dir());
}

#[test]
fn starting_fresh_after_a_crash_keeps_the_defaults() {
    let session = temp("fresh");
    std::fs::create_dir_all(session.dir()).unwrap();
    std::fs::write(session.crash_path(), "Baltic Atlas closed unexpectedly.\n").unwrap();
    let mut h = app_after_crash(&session, "1991-08-20");
    h.get_by_role_and_label(Role::Button, "Start fresh").click();
    h.run();
    assert_eq!(h.state().date.iso(), "1939-09-01");
    assert!(!h.state().recovering());
    assert!(session.pending_crash().is_none());
    let _ = std::fs::remove_dir_all(session.dir());
}
