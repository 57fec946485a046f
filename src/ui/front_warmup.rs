//! The fronts' work done ahead of the user, on a background thread: the
//! regions each front passes through cut by its triangles (for the map at
//! the level the view draws, and for the legend's areas), then the charts
//! that follow the daily fronts. Without it, the first day a front reaches
//! a region cut that region while the user waited (up to about 90 ms in
//! one frame); with it, scrubbing into a campaign only sorts and clips
//! pieces.
//!
//! While the user is in a campaign, the thread also makes the fronts of
//! the days around the date shown (the next week first), so that stepping
//! or playing day by day finds each day made.
//!
//! The window and the thread share the caches (each cut and each day is
//! made once, whoever needs it first), so the window draws the same pieces
//! with or without the thread.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

use crate::atlas::Atlas;
use crate::charts::{Builder, Chart, ChartKind};
use crate::date::Date;
use crate::map::MapGeometry;
use crate::map::front_split;

/// The background thread's handle: asks it for a level of detail, takes
/// the charts it made, and stops it when dropped (the atlas was replaced
/// or the window closed).
pub struct FrontWarmup {
    stop: Arc<AtomicBool>,
    asks: Sender<Ask>,
    asked: Vec<usize>,
    /// The last date and level sent for the days around it.
    around: Option<(Date, usize)>,
    charts: Receiver<(ChartKind, Chart)>,
    /// Charts still to come.
    pending: usize,
}

impl FrontWarmup {
    /// Starts the thread on `atlas` and `geometry`, cutting for the level
    /// of detail `level` first ([`MapGeometry::level_index`]) and the front
    /// nearest `date` (the date shown) first; `repaint` is called when a
    /// chart is ready.
    pub fn start(
        atlas: Arc<Atlas>,
        geometry: Arc<MapGeometry>,
        level: usize,
        date: Date,
        repaint: impl Fn() + Send + 'static,
    ) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let (asks, asked) = channel();
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
            .spawn(move || worker.run(level, date, kinds, &send_chart, &asked, repaint));
        FrontWarmup {
            stop,
            asks,
            asked: vec![level],
            around: None,
            charts,
            // No thread, no charts: the window keeps the quick ones and
            // cuts as it goes.
            pending: if started.is_ok() { pending } else { 0 },
        }
    }

    /// Asks for the regions of level `level` to be cut too (the view
    /// zoomed to another level), the front nearest `date` first; once per
    /// level.
    pub fn want_level(&mut self, level: usize, date: Date) {
        if !self.asked.contains(&level) {
            self.asked.push(level);
            // A thread that has ended (stopped) no longer listens.
            let _ = self.asks.send(Ask::Level(level, date));
        }
    }

    /// Asks for the fronts of the days around `date` at `level` (the map
    /// shows `date`, which moved by `direction` days: the days ahead in
    /// that direction come first); once per date and level.
    pub fn look_around(&mut self, date: Date, direction: i64, level: usize) {
        if self.around != Some((date, level)) {
            self.around = Some((date, level));
            let _ = self.asks.send(Ask::Around(date, direction, level));
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

/// What the window asks the thread for, after the first pass.
enum Ask {
    /// The regions' cuts at another level of detail, the front nearest
    /// the date first.
    Level(usize, Date),
    /// The fronts of the days around a date (which moved by so many
    /// days), at a level.
    Around(Date, i64, usize),
}

impl Worker {
    fn run(
        self,
        level: usize,
        date: Date,
        kinds: Vec<ChartKind>,
        charts: &Sender<(ChartKind, Chart)>,
        asks: &Receiver<Ask>,
        repaint: impl Fn(),
    ) {
        // The map first (what a frame waits for), then the areas of the
        // legend, then the charts that use them.
        let detail = self.geometry.detail_at(level);
        front_split::warm(&self.atlas, &detail, date, &self.stop);
        self.atlas.fronts.warm_areas(&self.atlas, date, &self.stop);
        for kind in kinds {
            if self.stopped() {
                return;
            }
            if let Builder::Geodata { full, .. } = kind.spec().builder {
                if charts.send((kind, full(&self.atlas))).is_err() {
                    return;
                }
                repaint();
            }
        }
        self.answer(asks);
    }

    /// Answers the window's asks until it goes: a newer date replaces one
    /// not yet done.
    fn answer(&self, asks: &Receiver<Ask>) {
        let mut next: Option<Ask> = None;
        loop {
            let ask = match next.take() {
                Some(a) => a,
                None => match asks.recv() {
                    Ok(a) => a,
                    Err(_) => return,
                },
            };
            if self.stopped() {
                return;
            }
            match ask {
                Ask::Level(level, date) => {
                    let detail = self.geometry.detail_at(level);
                    front_split::warm(&self.atlas, &detail, date, &self.stop);
                }
                Ask::Around(date, direction, level) => {
                    // Stops as soon as the window asks for something else.
                    let stop = || {
                        if self.stopped() {
                            return true;
                        }
                        match asks.try_recv() {
                            Ok(a) => {
                                next = Some(a);
                                true
                            }
                            Err(TryRecvError::Empty) => false,
                            Err(TryRecvError::Disconnected) => true,
                        }
                    };
                    let detail = self.geometry.detail_at(level);
                    front_split::prefetch(&self.atlas, date, direction, &detail, stop);
                }
            }
        }
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}
