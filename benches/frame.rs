//! Per-frame CPU cost of the whole UI (layout + painting + tessellation) in
//! a headless egui context at 1600×1000, while sweeping the slider across
//! all sixty years. Prints the median and worst frame of the sweep, the
//! resident memory afterwards, then runs criterion on single frames.
//!
//! `cargo bench --bench frame`

use std::hint::black_box;
use std::time::{Duration, Instant};

use baltic_atlas::chronicle::Chronicle;
use baltic_atlas::ui::{AtlasApp, SavedState};
use baltic_atlas::{Atlas, Date};
use criterion::Criterion;

fn new_app() -> AtlasApp {
    let atlas = Atlas::builtin().expect("geodata");
    let chronicle = Chronicle::builtin(&atlas.sources).expect("assets");
    AtlasApp::new(
        atlas,
        chronicle,
        SavedState::default(),
        Some(Date::FIRST),
        None,
    )
}

fn raw_input() -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1600.0, 1000.0),
        )),
        ..Default::default()
    }
}

/// One full frame: run the UI and tessellate its shapes, as eframe does
/// before handing the meshes to the GPU.
fn frame(ctx: &egui::Context, app: &mut AtlasApp) -> usize {
    let mut out = ctx.run_ui(raw_input(), |ui| app.show(ui));
    // No GPU here: texture uploads are dropped on purpose.
    out.textures_delta.clear();
    let shapes = std::mem::take(&mut out.shapes);
    let prims = ctx.tessellate(shapes, out.pixels_per_point);
    prims.len()
}

fn rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn sweep_report(steps: i64) {
    let start = Instant::now();
    let ctx = egui::Context::default();
    let mut app = new_app();
    frame(&ctx, &mut app);
    let first_frame = start.elapsed();
    // Warm up fonts and caches.
    for _ in 0..5 {
        frame(&ctx, &mut app);
    }
    let mut times: Vec<Duration> = Vec::new();
    let mut by_date: Vec<(Duration, Date)> = Vec::new();
    let span = Date::LAST.day_index() as i64;
    for i in 0..=steps {
        app.date = Date::from_day_index(i * span / steps);
        let t = Instant::now();
        black_box(frame(&ctx, &mut app));
        times.push(t.elapsed());
        by_date.push((t.elapsed(), app.date));
    }
    times.sort();
    by_date.sort_by_key(|(d, _)| std::cmp::Reverse(*d));
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "ui_sweep: {} frames at 1600x1000, one every {} days: median {:.3} ms, p95 {:.3} ms, worst {:.3} ms (60 Hz budget 16.7 ms)",
        times.len(),
        span / steps,
        ms(times[times.len() / 2]),
        ms(times[times.len() * 95 / 100]),
        ms(times[times.len() - 1]),
    );
    let slowest: Vec<String> = by_date
        .iter()
        .take(5)
        .map(|(d, date)| format!("{} {:.1} ms", date.iso(), ms(*d)))
        .collect();
    println!("slowest frames: {}", slowest.join(", "));
    println!(
        "startup: data load + geometry + first headless frame {:.1} ms; resident memory after the sweep {:.0} MB",
        ms(first_frame),
        rss_mb().unwrap_or(f64::NAN)
    );
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --all-targets` runs this
    // binary without it, where a short sweep checks that it still works.
    let benchmarking = std::env::args().any(|a| a == "--bench");
    sweep_report(if benchmarking { 2_000 } else { 40 });
    let mut c = Criterion::default().configure_from_args();
    let ctx = egui::Context::default();
    let mut app = new_app();
    app.date = Date::parse("1944-10-13").expect("date");
    frame(&ctx, &mut app);
    c.bench_function("ui_frame_same_date", |b| {
        b.iter(|| black_box(frame(&ctx, &mut app)))
    });
    let mut day = 0i64;
    c.bench_function("ui_frame_scrubbing_one_day_per_frame", |b| {
        b.iter(|| {
            day = (day + 1) % (Date::LAST.day_index() as i64);
            app.date = Date::from_day_index(day);
            black_box(frame(&ctx, &mut app))
        })
    });
    c.final_summary();
}
