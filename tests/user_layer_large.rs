//! A generated 100 MB GeoJSON loads on a worker thread while another
//! thread watches progress: progress only grows and ends at 100%, and every
//! feature comes back with the right area. Ignored by default (slow in a
//! debug build); run with
//! `cargo test --release --test user_layer_large -- --ignored`.
// Tests and benchmarks may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

#[path = "support/synthetic.rs"]
mod synthetic;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use baltic_atlas::user_layer::{LayerOptions, LoadProgress, load_layer};
use geo::Area;

fn load_and_watch(target: usize) {
    let (bytes, n) = synthetic::rectangles(target);
    let total = bytes.len() as u64;
    let progress = Arc::new(LoadProgress::new());
    let finished = Arc::new(AtomicBool::new(false));
    let watcher = {
        let progress = Arc::clone(&progress);
        let finished = Arc::clone(&finished);
        std::thread::spawn(move || {
            let mut seen = Vec::new();
            while !finished.load(Ordering::Acquire) {
                seen.push(progress.bytes_done());
                std::thread::sleep(Duration::from_millis(5));
            }
            seen.push(progress.bytes_done());
            seen
        })
    };
    let layer = load_layer("big.geojson", &bytes, &LayerOptions::default(), &progress);
    finished.store(true, Ordering::Release);
    let seen = watcher.join().unwrap();
    let layer = layer.unwrap();

    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "progress went back");
    assert_eq!(progress.bytes_total(), total);
    assert_eq!(progress.bytes_done(), total);
    assert_eq!(progress.fraction(), 1.0);
    if target >= 50_000_000 {
        let partial = seen.iter().filter(|&&d| d > 0 && d < total).count();
        assert!(partial > 1, "no intermediate progress seen: {seen:?}");
    }

    assert_eq!(layer.features.len(), n);
    assert_eq!(layer.issues.len(), 0, "{}", layer.report());
    for (i, f) in layer.features.iter().enumerate() {
        assert_eq!(f.index, i);
        let area = f.geometry.unsigned_area();
        let expected = synthetic::rect_width(i) * 0.01;
        assert!(
            (area - expected).abs() < 1e-9,
            "feature {i}: area {area}, expected {expected}"
        );
    }
}

#[test]
fn a_small_generated_file_reports_progress_and_loads_exactly() {
    load_and_watch(2_000_000);
}

#[test]
#[ignore = "100 MB: slow in debug builds; run with --release -- --ignored"]
fn a_100_mb_file_reports_progress_and_loads_exactly() {
    load_and_watch(100_000_000);
}

#[test]
fn a_load_can_be_cancelled_from_another_thread_while_it_runs() {
    let (bytes, _) = synthetic::rectangles(10_000_000);
    let progress = Arc::new(LoadProgress::new());
    let canceller = {
        let progress = Arc::clone(&progress);
        std::thread::spawn(move || {
            while progress.bytes_done() == 0 {
                std::thread::sleep(Duration::from_micros(200));
            }
            progress.cancel();
            progress.bytes_done()
        })
    };
    let result = load_layer("big.geojson", &bytes, &LayerOptions::default(), &progress);
    let at = canceller.join().unwrap();
    let e = result.unwrap_err();
    assert_eq!(e.kind, baltic_atlas::user_layer::IssueKind::Cancelled);
    assert!(e.message.contains("cancelled"), "{}", e.message);
    assert!(at < bytes.len() as u64);
}
