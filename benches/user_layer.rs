//! Load throughput of user GeoJSON layers (target: ≥ 100 MB/s of input,
//! peak memory under 3× the file size).
//!
//! Run with `cargo bench --bench user_layer`. The file is read on two
//! threads (`user_layer::split`), as the app reads every file of 4 MB or
//! more. Besides criterion's throughput, prints the peak resident memory
//! (VmHWM) added by one load of the ~100 MB file, relative to its size.
// Tests and benchmarks may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used)]

#[path = "../tests/support/synthetic.rs"]
mod synthetic;

use std::hint::black_box;

use baltic_atlas::user_layer::{LayerOptions, LoadProgress, load_layer};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn status_kb(field: &str) -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = text.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn load(c: &mut Criterion) {
    let (bytes, n) = synthetic::rectangles(100_000_000);
    let size = bytes.len() as u64;
    let opts = LayerOptions::default();

    // Peak memory of one load, measured before criterion's repetitions.
    let rss_before = status_kb("VmRSS:").unwrap_or(0);
    let hwm_before = status_kb("VmHWM:").unwrap_or(0);
    let started = std::time::Instant::now();
    let layer = load_layer("synthetic.geojson", &bytes, &opts, &LoadProgress::new());
    let secs = started.elapsed().as_secs_f64();
    let hwm_after = status_kb("VmHWM:").unwrap_or(0);
    match &layer {
        Ok(l) => assert_eq!(l.features.len(), n),
        Err(e) => panic!("{e}"),
    }
    let peak_extra = hwm_after.saturating_sub(rss_before.max(hwm_before.min(rss_before))) * 1024;
    println!(
        "user_layer: {:.1} MB, {n} features, first load {:.2} s = {:.0} MB/s; \
         peak memory during load {:.0} MB above the file already in memory \
         ({:.2}× the file size; with the file itself {:.2}×)",
        size as f64 / 1e6,
        secs,
        size as f64 / 1e6 / secs,
        peak_extra as f64 / 1e6,
        peak_extra as f64 / size as f64,
        (peak_extra + size) as f64 / size as f64,
    );
    drop(layer);

    let mut group = c.benchmark_group("user_layer");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(size));
    group.bench_function("load_100MB_geojson", |b| {
        b.iter(|| {
            let layer = load_layer(
                "synthetic.geojson",
                black_box(&bytes),
                &opts,
                &LoadProgress::new(),
            );
            black_box(layer.map(|l| l.features.len()).unwrap_or(0))
        })
    });
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
