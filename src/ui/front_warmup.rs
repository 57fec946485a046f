//! The fronts' work done ahead of the user, on a background thread: the
//! regions each front passes through cut by its triangles (for the map at
//! the level the view draws, and for the legend's areas), then the charts
//! that follow the daily fronts. Without it, the first day a front reaches
//! a region cut that region while the user waited (up to about 90 ms in
//! one frame); with it, scrubbing into a campaign only sorts and clips
//! pieces.
//!
//! The window and the thread share the caches (each cut is made once,
//! whoever needs it first), so the window never waits for the thread and
//! draws the same pieces with or without it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::atlas::Atlas;
use crate::charts::{Builder, Chart, ChartKind};
use crate::map::MapGeometry;
use crate::map::front_split;

/// The background thread's handle: asks it for a level of detail, takes
/// the charts it made, and stops it when dropped (the atlas was replaced
/// or the window closed).
pub struct FrontWarmup {
    stop: Arc<AtomicBool>,
    levels: Sender<usize>,
    asked: Vec<usize>,
    charts: Receiver<(ChartKind, Chart)>,
    /// Charts still to come.
    pending: usize,
}

impl FrontWarmup {
    /// Starts the thread on `atlas` and `geometry`, cutting for the level
    /// of detail `level` first ([`MapGeometry::level_index`]); `repaint`
    /// is called when a chart is ready.
    pub fn start(
        atlas: Arc<Atlas>,
        geometry: Arc<MapGeometry>,
        level: usize,
        repaint: impl Fn() + Send + 'static,
    ) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let (levels, asked_levels) = channel();
        let (send_chart, charts) = channel();
        let kinds: Vec<ChartKind> = ChartKind::ALL
            .iter()
            .copied()
            .filter(|k| matches!(k.spec().builder, Builder::Geodata { .. }))
            .collect();
        let pending = kinds.len();
        let worker = Worker {
            atlas,
            geometry,
            stop: stop.clone(),
        };
        let started = std::thread::Builder::new()
            .name("front-warmup".into())
            .spawn(move || worker.run(level, kinds, &send_chart, &asked_levels, repaint));
        FrontWarmup {
            stop,
            levels,
            asked: vec![level],
            charts,
            // No thread, no charts: the window keeps the quick ones and
            // cuts as it goes.
            pending: if started.is_ok() { pending } else { 0 },
        }
    }

    /// Asks for the regions of level `level` to be cut too (the view
    /// zoomed to another level); once per level.
    pub fn want_level(&mut self, level: usize) {
        if !self.asked.contains(&level) {
            self.asked.push(level);
            // A thread that has ended (stopped) no longer listens.
            let _ = self.levels.send(level);
        }
    }

    /// The charts made since the last call.
    pub fn take_charts(&mut self) -> Vec<(ChartKind, Chart)> {
        let charts: Vec<_> = self.charts.try_iter().collect();
        self.pending = self.pending.saturating_sub(charts.len());
        charts
    }

    /// Waits until every chart has come, and returns them (tests and
    /// benchmarks that need the state the user sees after a moment).
    pub fn wait_for_charts(&mut self) -> Vec<(ChartKind, Chart)> {
        let mut out = Vec::new();
        while self.pending > 0 {
            match self.charts.recv() {
                Ok(c) => {
                    out.push(c);
                    self.pending -= 1;
                }
                Err(_) => break,
            }
        }
        out
    }
}

impl Drop for FrontWarmup {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// What the thread works on.
struct Worker {
    atlas: Arc<Atlas>,
    geometry: Arc<MapGeometry>,
    stop: Arc<AtomicBool>,
}

impl Worker {
    fn run(
        self,
        level: usize,
        kinds: Vec<ChartKind>,
        charts: &Sender<(ChartKind, Chart)>,
        levels: &Receiver<usize>,
        repaint: impl Fn(),
    ) {
        // The map first (what a frame waits for), then the areas of the
        // legend, then the charts that use them.
        front_split::warm(&self.atlas, &self.geometry.detail_at(level), &self.stop);
        self.atlas.fronts.warm_areas(&self.atlas, &self.stop);
        for kind in kinds {
            if self.stop.load(Ordering::Relaxed) {
                return;
            }
            if let Builder::Geodata { full, .. } = kind.spec().builder {
                if charts.send((kind, full(&self.atlas))).is_err() {
                    return;
                }
                repaint();
            }
        }
        for level in levels {
            if self.stop.load(Ordering::Relaxed) {
                return;
            }
            front_split::warm(&self.atlas, &self.geometry.detail_at(level), &self.stop);
        }
    }
}
