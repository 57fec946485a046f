//! Export benchmarks: the chart and map images a user saves, and a 48-frame
//! map sequence.
//!
//! Run with `cargo bench --bench export`. Targets on a 2-core machine:
//! chart 1600×900 PNG at 2× < 150 ms, chart SVG < 20 ms, map 1600×1200 PNG
//! < 250 ms, a 48-frame map sequence (PNG frames and the animated PNG)
//! < 10 s. Under `cargo test --all-targets` each case runs once and the
//! sequence shrinks to 4 frames.
// Tests and benchmarks may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::time::Instant;

use baltic_atlas::charts::ChartKind;
use baltic_atlas::chronicle::Chronicle;
use baltic_atlas::export::sequence::{SequenceOptions, Step, frame_dates, write_sequence};
use baltic_atlas::export::{self, ExportFormat, ExportRequest, ExportTarget, ImageSize};
use baltic_atlas::map::{MapGeometry, Projection};
use baltic_atlas::{Atlas, Date};
use criterion::Criterion;

fn main() {
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let mut c = Criterion::default().sample_size(20).configure_from_args();
    let atlas = Atlas::builtin().expect("geodata");
    let chronicle = Chronicle::builtin(&atlas.sources).expect("assets");
    let date = Date::parse("1949-03-25").expect("date");

    let mut png2 = ExportRequest::new(
        ExportTarget::Chart(ChartKind::Deportations),
        date,
        ExportFormat::Png,
    );
    png2.scale = 2;
    c.bench_function("chart_1600x900_png_2x", |b| {
        b.iter(|| {
            let doc = export::document(&png2, &atlas, &chronicle, None).expect("draws");
            black_box(export::encode(&doc, &png2).expect("encodes"))
        })
    });
    let svg = ExportRequest::new(
        ExportTarget::Chart(ChartKind::Deportations),
        date,
        ExportFormat::Svg,
    );
    c.bench_function("chart_1600x900_svg", |b| {
        b.iter(|| {
            let doc = export::document(&svg, &atlas, &chronicle, None).expect("draws");
            black_box(export::encode(&doc, &svg).expect("encodes"))
        })
    });
    let map_date = Date::parse("1944-10-13").expect("date");
    let map = ExportRequest::new(ExportTarget::Map, map_date, ExportFormat::Png);
    c.bench_function("map_1600x1200_png", |b| {
        b.iter(|| {
            let doc = export::document(&map, &atlas, &chronicle, None).expect("draws");
            black_box(export::encode(&doc, &map).expect("encodes"))
        })
    });
    let geometry = MapGeometry::new(&atlas, Projection::baltic());
    c.bench_function("map_1600x1200_png_reusing_projection", |b| {
        b.iter(|| {
            let doc = export::document(&map, &atlas, &chronicle, Some(&geometry)).expect("draws");
            black_box(export::encode(&doc, &map).expect("encodes"))
        })
    });

    // The sequence takes seconds: timed directly, once.
    let from = Date::parse("1944-07-01").expect("date");
    let to = if benchmarking {
        Date::parse("1945-05-31").expect("date")
    } else {
        Date::parse("1944-07-22").expect("date")
    };
    let dates = frame_dates(from, to, Step::Weeks(1)).expect("dates");
    let dir = tempfile::tempdir().expect("temporary folder");
    let t0 = Instant::now();
    let out = write_sequence(
        &atlas,
        &chronicle,
        &dates,
        SequenceOptions {
            format: ExportFormat::Png,
            size: ImageSize::MAP_DEFAULT,
            scale: 1,
            frame_seconds: 0.5,
            extent: None,
            view: baltic_atlas::legal_view::StatusView::DeFacto,
        },
        dir.path(),
        &mut |_, _| true,
    )
    .expect("sequence");
    let secs = t0.elapsed().as_secs_f64();
    let anim = out
        .animation
        .as_ref()
        .and_then(|p| std::fs::metadata(p).ok())
        .map_or(0, |m| m.len());
    println!(
        "map_sequence: {} frames of 1600x1200 PNG plus animated PNG ({:.1} MB) in {:.2} s ({:.0} ms per frame)",
        out.frames.len(),
        anim as f64 / 1e6,
        secs,
        secs * 1e3 / out.frames.len() as f64
    );
    gif_report(&atlas, &chronicle, &dates, dir.path());
    daily_front_report(&atlas, &chronicle, benchmarking);
    c.final_summary();
}

/// A daily map sequence of the 1944 offensive, 1 July – 31 October (the
/// fronts issue's bar: 123 frames in at most 15 s); three days under
/// `cargo test`.
fn daily_front_report(atlas: &Atlas, chronicle: &Chronicle, benchmarking: bool) {
    let from = Date::parse("1944-07-01").expect("date");
    let to = if benchmarking {
        Date::parse("1944-10-31").expect("date")
    } else {
        from.add_days(2)
    };
    let dates = frame_dates(from, to, Step::Days(1)).expect("dates");
    let dir = tempfile::tempdir().expect("temporary folder");
    let t0 = Instant::now();
    let out = write_sequence(
        atlas,
        chronicle,
        &dates,
        SequenceOptions {
            format: ExportFormat::Png,
            size: ImageSize::MAP_DEFAULT,
            scale: 1,
            frame_seconds: 0.2,
            extent: None,
            view: baltic_atlas::legal_view::StatusView::DeFacto,
        },
        dir.path(),
        &mut |_, _| true,
    )
    .expect("sequence");
    let secs = t0.elapsed().as_secs_f64();
    println!(
        "daily_front_sequence: {} daily frames of 1944 (1600x1200 PNG and animated PNG) in {:.2} s ({:.0} ms per frame)",
        out.frames.len(),
        secs,
        secs * 1e3 / out.frames.len() as f64
    );
}

/// The same weeks as one animated GIF (the bar: 48 frames at
/// 1600×1200 in at most 10 s and about 10 MB).
fn gif_report(atlas: &Atlas, chronicle: &Chronicle, dates: &[Date], dir: &std::path::Path) {
    use baltic_atlas::export::gif_sequence::{GifOptions, write_gif};
    let path = dir.join("sequence.gif");
    let t0 = Instant::now();
    let out = write_gif(
        atlas,
        chronicle,
        dates,
        GifOptions {
            size: ImageSize::MAP_DEFAULT,
            scale: 1,
            extent: None,
            frame_seconds: 0.5,
            hold_last_seconds: 2.0,
            skip_unchanged: false,
            view: baltic_atlas::legal_view::StatusView::DeFacto,
        },
        &path,
        &[],
        &mut |_, _| true,
    )
    .expect("gif");
    let secs = t0.elapsed().as_secs_f64();
    let size = std::fs::metadata(&out.path).map_or(0, |m| m.len());
    println!(
        "map_gif: {} weekly frames of 1600x1200 as one GIF ({:.2} MB) in {:.2} s",
        out.dates,
        size as f64 / 1e6,
        secs
    );
}
