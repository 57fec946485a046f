//! Image snapshots of the whole window at key dates, rendered on the CPU
//! with wgpu (lavapipe in CI). Without a renderer these tests fail: they are
//! never skipped. Update with `UPDATE_SNAPSHOTS=1 bash .ci/test`.
// Tests and benchmarks may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used)]

use baltic_atlas::charts::{Chart, ChartKind};
use baltic_atlas::chronicle::Chronicle;
use baltic_atlas::ui::app::ThemeChoice;
use baltic_atlas::ui::charts_panel::{ChartChoice, ChartsPanel};
use baltic_atlas::ui::{AtlasApp, SavedState};
use baltic_atlas::{Atlas, Date};
use egui_kittest::{Harness, SnapshotOptions};

fn snapshot_at(date: &str) {
    let mut h = window_at(date);
    h.snapshot_options(
        format!("window_{date}"),
        &SnapshotOptions::new().threshold(1.0).max_failed_pixels(400),
    );
}

fn window_at(date: &str) -> Harness<'static, AtlasApp> {
    window_sized(date, [1400.0, 900.0], egui::Theme::Light)
}

fn window_sized(date: &str, size: [f32; 2], theme: egui::Theme) -> Harness<'static, AtlasApp> {
    let atlas = Atlas::builtin().expect("geodata");
    let chronicle = Chronicle::builtin(&atlas.sources).expect("assets");
    let app = AtlasApp::new(
        atlas,
        chronicle,
        SavedState {
            theme: match theme {
                egui::Theme::Light => ThemeChoice::Light,
                egui::Theme::Dark => ThemeChoice::Dark,
            },
            ..SavedState::default()
        },
        Some(Date::parse(date).expect("date")),
        None,
    );
    let mut h = Harness::builder()
        .with_size(size)
        .with_theme(theme)
        .wgpu()
        .build_ui_state(|ui, app: &mut AtlasApp| app.show(ui), app);
    h.run();
    // What the user sees a moment after start: the territory chart that
    // follows the daily fronts, from the background thread.
    h.state_mut().wait_for_background_charts();
    h.run();
    h
}

/// The Export window over the app, opened from the deportations chart.
#[test]
fn export_window_1949_03_25() {
    use egui_kittest::kittest::Queryable;
    let mut h = window_at("1949-03-25");
    h.get_by_label("Export Deportations by operation").click();
    h.run();
    h.snapshot_options(
        "export_window_1949-03-25",
        &SnapshotOptions::new().threshold(1.0).max_failed_pixels(400),
    );
}

/// The de jure view (View menu): the three states under occupation.
#[test]
fn window_1950_01_01_de_jure() {
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable;
    let mut h = window_at("1950-01-01");
    h.get_by_role_and_label(Role::Button, "View").click();
    h.run();
    h.get_by_label("Legal status, as most Western states saw it")
        .click();
    h.run();
    h.snapshot_options(
        "window_1950-01-01_de_jure",
        &SnapshotOptions::new().threshold(1.0).max_failed_pixels(400),
    );
}

/// A small laptop window and a large one, in both themes, on a day of the
/// 1944 offensive: the charts keep their axis labels and legends beside
/// the plots; at 1024 px three chart columns show, with the chart picker.
fn sized_snapshot(size: [f32; 2], theme: egui::Theme, name: &str) {
    let mut h = window_sized("1944-09-20", size, theme);
    h.run();
    h.snapshot_options(
        format!("window_{name}_1944-09-20"),
        &SnapshotOptions::new().threshold(1.0).max_failed_pixels(400),
    );
}

#[test]
fn window_1024x700_light() {
    sized_snapshot([1024.0, 700.0], egui::Theme::Light, "1024x700_light");
}

#[test]
fn window_1024x700_dark() {
    sized_snapshot([1024.0, 700.0], egui::Theme::Dark, "1024x700_dark");
}

#[test]
fn window_1600x1000_light() {
    sized_snapshot([1600.0, 1000.0], egui::Theme::Light, "1600x1000_light");
}

#[test]
fn window_1600x1000_dark() {
    sized_snapshot([1600.0, 1000.0], egui::Theme::Dark, "1600x1000_dark");
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

fn charts_snapshot(name: &str, choice: ChartChoice) {
    let atlas = Atlas::builtin().expect("geodata");
    let chronicle = Chronicle::builtin(&atlas.sources).expect("assets");
    let mut panel = ChartsPanel::new(&atlas, &chronicle);
    panel.show(choice);
    let date = Date::parse("1949-03-25").expect("date");
    let mut h = Harness::builder()
        .with_size([1600.0, 300.0])
        .with_theme(egui::Theme::Light)
        .wgpu()
        .build_ui_state(
            move |ui, panel: &mut ChartsPanel| {
                ui.ctx().set_theme(egui::Theme::Light);
                panel.ui(ui, date, None, &[], &atlas, &chronicle);
            },
            panel,
        );
    h.run();
    h.snapshot_options(
        name,
        &SnapshotOptions::new().threshold(1.0).max_failed_pixels(300),
    );
}

#[test]
fn charts_1949_03_25_population() {
    charts_snapshot(
        "charts_1949-03-25_population",
        ChartChoice::Builtin(ChartKind::Population),
    );
}

#[test]
fn charts_1949_03_25_ethnic_shares() {
    charts_snapshot(
        "charts_1949-03-25_shares",
        ChartChoice::Builtin(ChartKind::Composition),
    );
}

/// Every chart of the chart list, alone as its column draws it: a chart
/// added to the list gets its snapshot here (`chart_<slug>_1949-03-25.png`).
#[test]
fn every_chart_of_the_list() {
    let atlas = Atlas::builtin().expect("geodata");
    let chronicle = Chronicle::builtin(&atlas.sources).expect("assets");
    let date = Date::parse("1949-03-25").expect("date");
    let mut failed = Vec::new();
    for &kind in ChartKind::ALL {
        let (atlas, chronicle) = (atlas.clone(), chronicle.clone());
        let mut chart_panel = ChartsPanel::new(&atlas, &chronicle);
        // As the window shows it once the background thread is done (the
        // territory chart following the daily fronts).
        chart_panel.set_chart(kind, Chart::build(kind, &atlas, &chronicle.figures));
        let mut h = Harness::builder()
            .with_size([480.0, 300.0])
            .with_theme(egui::Theme::Light)
            .wgpu()
            .build_ui_state(
                move |ui, panel: &mut ChartsPanel| {
                    ui.ctx().set_theme(egui::Theme::Light);
                    panel.chart_ui(ui, kind, date, &atlas, &chronicle);
                },
                chart_panel,
            );
        h.run();
        let name = format!("chart_{}_1949-03-25", kind.slug());
        if let Err(e) = h.try_snapshot_options(
            &name,
            &SnapshotOptions::new().threshold(1.0).max_failed_pixels(300),
        ) {
            failed.push(format!("{name}: {e}"));
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
}

/// No chart snapshot is left over from a chart that left the list: every
/// `chart_*.png` in `tests/snapshots/` belongs to a chart of the list.
#[test]
fn chart_snapshots_match_the_list() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut expected: Vec<String> = ChartKind::ALL
        .iter()
        .map(|k| format!("chart_{}_1949-03-25.png", k.slug()))
        .collect();
    let mut found: Vec<String> = std::fs::read_dir(&dir)
        .expect("snapshot folder")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("chart_") && n.ends_with(".png"))
        .filter(|n| {
            ![".new.png", ".diff.png", ".old.png"]
                .iter()
                .any(|s| n.ends_with(s))
        })
        .collect();
    found.sort();
    expected.sort();
    assert_eq!(found, expected);
}
