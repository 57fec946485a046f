//! Per-frame CPU cost of the whole UI (layout + painting + tessellation) in
//! a headless egui context at 1600×1000, while sweeping the slider across
//! all sixty years. Prints the median and worst frame of the sweep, the
//! resident memory afterwards, then runs criterion on single frames.
//!
//! `cargo bench --bench frame`
// Tests and benchmarks may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used)]

#[path = "../tests/support/synthetic.rs"]
mod synthetic;

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
    frame_with(ctx, app, Vec::new())
}

/// [`frame`] with input events (pointer, keys).
fn frame_with(ctx: &egui::Context, app: &mut AtlasApp, events: Vec<egui::Event>) -> usize {
    let input = egui::RawInput {
        events,
        ..raw_input()
    };
    let mut out = ctx.run_ui(input, |ui| app.show(ui));
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

/// Frames while scrubbing a campaign one day per frame (the fronts issue's
/// bar: median ≤ 2 ms, worst ≤ 16 ms): every day cuts the regions along a
/// new front.
///
/// `warm`: after the background thread's first pass (what a user finds a
/// moment after start); otherwise right after start, while it runs.
fn campaign_report(days: i64, warm: bool) {
    let ctx = egui::Context::default();
    let mut app = new_app();
    let first = Date::parse("1944-07-01").expect("date");
    app.date = first.add_days(-1);
    let t = Instant::now();
    frame(&ctx, &mut app);
    if warm {
        app.wait_for_background_charts();
        println!(
            "front_warmup: the fronts' cuts at the window's level and the daily territory chart, \
             on the background thread, ready {:.0} ms after the first frame",
            t.elapsed().as_secs_f64() * 1e3
        );
    }
    for _ in 0..5 {
        frame(&ctx, &mut app);
    }
    let mut times: Vec<(Duration, Date)> = (0..days)
        .map(|i| {
            app.date = first.add_days(i);
            let t = Instant::now();
            black_box(frame(&ctx, &mut app));
            (t.elapsed(), app.date)
        })
        .collect();
    if std::env::var("FRAME_BENCH_EACH").is_ok() {
        for (t, d) in &times {
            println!("{} {:.3}", d.iso(), t.as_secs_f64() * 1e3);
        }
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let (worst, worst_day) = times[times.len() - 1];
    println!(
        "campaign_sweep{}: {} frames from {}, one day per frame: median {:.3} ms, worst {:.3} ms ({})",
        if warm { "" } else { " right after start" },
        times.len(),
        first.iso(),
        ms(times[times.len() / 2].0),
        ms(worst),
        worst_day.iso()
    );
}

/// Frames while scrubbing with the 1939 map beside the slider's (Compare
/// with another date, Side by side): the bar is a median of 2 ms.
fn side_by_side_report(steps: i64) {
    let ctx = egui::Context::default();
    let mut app = new_app();
    app.compare_with = Some(Date::parse("1939-06-01").expect("date"));
    app.side_by_side = true;
    for _ in 0..5 {
        frame(&ctx, &mut app);
    }
    let span = Date::LAST.day_index() as i64;
    let mut times: Vec<Duration> = (0..=steps)
        .map(|i| {
            app.date = Date::from_day_index(i * span / steps);
            let t = Instant::now();
            black_box(frame(&ctx, &mut app));
            t.elapsed()
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "side_by_side_sweep: {} frames at 1600x1000, two maps: median {:.3} ms, worst {:.3} ms",
        times.len(),
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1])
    );
}

/// Frames while panning and scrubbing with the generated 100 MB layer
/// (92,614 polygons) open, on 13 October 1944.
fn large_layer_report() {
    let (bytes, _) = synthetic::rectangles(100_000_000);
    let dir = std::env::temp_dir().join(format!("atlas-bench-{}", std::process::id()));
    let path = dir.join("big.geojson");
    if std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&path, &bytes))
        .is_err()
    {
        println!("large_layer: could not write {}", path.display());
        return;
    }
    drop(bytes);
    let ctx = egui::Context::default();
    let mut app = new_app();
    app.date = Date::parse("1944-10-13").expect("date");
    app.open_user_data(&path);
    let start = Instant::now();
    while app.user_data().layers.is_empty() && start.elapsed() < Duration::from_secs(120) {
        frame(&ctx, &mut app);
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = std::fs::remove_dir_all(&dir);
    let t = Instant::now();
    frame(&ctx, &mut app);
    let first = t.elapsed();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let summary = |v: &mut Vec<Duration>| {
        v.sort();
        format!(
            "median {:.1} ms, worst {:.1} ms",
            ms(v[v.len() / 2]),
            ms(v[v.len() - 1])
        )
    };
    // Drag the map from its middle, 5 px a frame for 40 frames.
    let at = egui::pos2(640.0, 400.0);
    let button = |pos, pressed| egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    };
    frame_with(&ctx, &mut app, vec![egui::Event::PointerMoved(at)]);
    frame_with(&ctx, &mut app, vec![button(at, true)]);
    let mut pan = Vec::new();
    for i in 1..=40 {
        let p = at + egui::vec2(5.0 * i as f32, 2.0 * i as f32);
        let t = Instant::now();
        black_box(frame_with(
            &ctx,
            &mut app,
            vec![egui::Event::PointerMoved(p)],
        ));
        pan.push(t.elapsed());
    }
    frame_with(
        &ctx,
        &mut app,
        vec![button(at + egui::vec2(200.0, 80.0), false)],
    );
    // A month forward per frame: the visible features change.
    let mut scrub = Vec::new();
    for _ in 0..12 {
        app.date = app.date.add_months(1);
        let t = Instant::now();
        black_box(frame(&ctx, &mut app));
        scrub.push(t.elapsed());
    }
    println!(
        "large_layer: 100 MB layer on 1944-10-13: first frame {:.0} ms; panning: {}; a month per frame: {}",
        ms(first),
        summary(&mut pan),
        summary(&mut scrub)
    );
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --all-targets` runs this
    // binary without it, where a short sweep checks that it still works.
    let benchmarking = std::env::args().any(|a| a == "--bench");
    // FRAME_BENCH_ONLY=campaign (or sweep, side, layer) runs one report and
    // nothing else, for profiling one of them.
    let only = std::env::var("FRAME_BENCH_ONLY").ok();
    let runs = |name: &str| only.as_deref().is_none_or(|o| o == name);
    if runs("sweep") {
        sweep_report(if benchmarking { 2_000 } else { 40 });
    }
    if runs("side") {
        side_by_side_report(if benchmarking { 400 } else { 20 });
    }
    if runs("campaign") {
        campaign_report(if benchmarking { 123 } else { 5 }, true);
        campaign_report(if benchmarking { 123 } else { 5 }, false);
    }
    if benchmarking && runs("layer") {
        large_layer_report();
    }
    if only.is_some() {
        return;
    }
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
