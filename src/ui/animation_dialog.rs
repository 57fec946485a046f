//! File ▸ Export animation…: the map from one date to another as an
//! animated GIF for slides (the window's view of the map: as held or in
//! law), drawn off the UI thread with a progress bar and Cancel.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};

use egui::Ui;

use super::open_focus::{OpenFocus, focus_if};
use super::text_field::text_field;
use crate::atlas::Atlas;
use crate::chronicle::Chronicle;
use crate::date::Date;
use crate::export::gif_sequence::{GifOptions, write_gif};
use crate::export::sequence::{SequenceOptions, write_sequence};
use crate::export::sequence::{Step, frame_dates};
use crate::export::{ExportFormat, ImageSize};
use crate::legal_view::StatusView;

/// What the animation is written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    /// One animated GIF file.
    Gif,
    /// A folder of numbered PNG frames and an animated PNG.
    PngFrames,
}

impl Format {
    /// The default file (GIF) or folder (PNG frames) in `folder`.
    fn default_path(self, folder: &std::path::Path) -> String {
        let name = match self {
            Format::Gif => "baltic-atlas-animation.gif",
            Format::PngFrames => "baltic-atlas-frames",
        };
        folder.join(name).display().to_string()
    }
}

/// What a finished or failed export says.
type Outcome = Result<String, String>;

/// A running export: its progress, its cancel flag and where its outcome
/// arrives.
struct Running {
    done: Arc<AtomicUsize>,
    total: usize,
    cancel: Arc<AtomicBool>,
    rx: Receiver<Outcome>,
}

/// The Export animation window.
pub struct AnimationDialog {
    /// Whether the window is shown.
    pub open: bool,
    from: String,
    to: String,
    step: String,
    frame_seconds: f32,
    hold_seconds: f32,
    skip_unchanged: bool,
    width: u32,
    height: u32,
    format: Format,
    path: String,
    running: Option<Running>,
    outcome: Option<Outcome>,
    /// Tells the frame the window opens.
    focus: OpenFocus,
    /// This frame the window opened: From takes the focus.
    focus_first: bool,
}

impl AnimationDialog {
    /// A closed window with the weekly 1944 offensive as its example and
    /// the file in `folder`.
    pub fn new(folder: PathBuf) -> Self {
        AnimationDialog {
            open: false,
            from: "1944-07-01".into(),
            to: "1945-05-31".into(),
            step: "1w".into(),
            frame_seconds: 0.5,
            hold_seconds: 2.0,
            skip_unchanged: false,
            width: 1600,
            height: 1200,
            format: Format::Gif,
            path: Format::Gif.default_path(&folder),
            running: None,
            outcome: None,
            focus: OpenFocus::default(),
            focus_first: false,
        }
    }

    /// Whether an export is running (the app keeps repainting).
    pub fn running(&self) -> bool {
        self.running.is_some()
    }

    /// Shows the window when open, and collects a finished export.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        atlas: &Atlas,
        chronicle: &Chronicle,
        view: StatusView,
    ) {
        self.poll(ctx);
        self.focus_first = self.focus.opening(self.open);
        if !self.open {
            return;
        }
        let mut open = true;
        egui::Window::new("Export animation")
            .open(&mut open)
            .resizable(false)
            .collapsible(false)
            .default_width(440.0)
            .show(ctx, |ui| self.contents(ui, atlas, chronicle, view));
        self.open &= open;
    }

    fn poll(&mut self, ctx: &egui::Context) {
        let Some(r) = &self.running else { return };
        match r.rx.try_recv() {
            Ok(outcome) => {
                self.outcome = Some(outcome);
                self.running = None;
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                ctx.request_repaint_after(std::time::Duration::from_millis(50));
            }
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.outcome = Some(Err("The export stopped unexpectedly.".into()));
                self.running = None;
            }
        }
    }

    /// The settings, one row each.
    fn settings_grid(&mut self, ui: &mut Ui) {
        egui::Grid::new("animation-grid")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                ui.label("From");
                let from = text_field(ui, &mut self.from, "Animation from", "1944-07-01", 120.0);
                focus_if(&from, self.focus_first);
                ui.end_row();
                ui.label("To");
                text_field(ui, &mut self.to, "Animation to", "1945-05-31", 120.0);
                ui.end_row();
                ui.label("Step");
                text_field(
                    ui,
                    &mut self.step,
                    "Animation step",
                    "1d, 1w, 1m or 1y",
                    120.0,
                )
                .on_hover_text("A number and d, w, m or y: 1w is a frame a week");
                ui.end_row();
                ui.label("Speed");
                ui.add(
                    egui::Slider::new(&mut self.frame_seconds, 0.1..=3.0)
                        .suffix(" s a frame")
                        .text("Seconds each frame shows"),
                );
                ui.end_row();
                ui.label("Last frame");
                ui.add(
                    egui::Slider::new(&mut self.hold_seconds, 0.0..=10.0)
                        .suffix(" s longer")
                        .text("Seconds the last frame stays longer"),
                );
                ui.end_row();
                ui.label("");
                ui.checkbox(
                    &mut self.skip_unchanged,
                    "Leave out dates on which only the date changes",
                );
                ui.end_row();
                ui.label("Size");
                ui.horizontal(|ui| {
                    ui.add(
                        egui::DragValue::new(&mut self.width)
                            .range(400..=4000)
                            .suffix(" px"),
                    );
                    ui.label("by");
                    ui.add(
                        egui::DragValue::new(&mut self.height)
                            .range(300..=4000)
                            .suffix(" px"),
                    );
                });
                ui.end_row();
                ui.label("Format");
                let before = self.format;
                ui.vertical(|ui| {
                    ui.radio_value(
                        &mut self.format,
                        Format::Gif,
                        "Animated GIF (plays in slide programs and browsers)",
                    );
                    ui.radio_value(
                        &mut self.format,
                        Format::PngFrames,
                        "PNG frames and an animated PNG, in a folder",
                    );
                });
                if self.format != before {
                    let path = PathBuf::from(self.path.trim());
                    let folder = path.parent().map(PathBuf::from).unwrap_or_default();
                    self.path = self.format.default_path(&folder);
                }
                ui.end_row();
                match self.format {
                    Format::Gif => ui.label("File"),
                    Format::PngFrames => ui.label("Folder"),
                };
                text_field(ui, &mut self.path, "Animation file", "animation.gif", 300.0);
                ui.end_row();
            });
    }

    fn contents(&mut self, ui: &mut Ui, atlas: &Atlas, chronicle: &Chronicle, view: StatusView) {
        self.settings_grid(ui);
        ui.separator();
        match &self.running {
            Some(r) => {
                let done = r.done.load(Ordering::Relaxed);
                ui.add(
                    egui::ProgressBar::new(done as f32 / r.total.max(1) as f32)
                        .text(format!("{done} of {} dates drawn", r.total)),
                );
                if ui.button("Cancel").clicked() {
                    r.cancel.store(true, Ordering::Relaxed);
                }
            }
            None => {
                if ui.button("Export").clicked() {
                    self.outcome = None;
                    if let Err(e) = self.start(atlas, chronicle, view) {
                        self.outcome = Some(Err(e));
                    }
                }
            }
        }
        match &self.outcome {
            Some(Ok(text)) => {
                ui.label(text);
            }
            Some(Err(text)) => {
                ui.colored_label(ui.visuals().error_fg_color, text);
            }
            None => {}
        }
    }

    /// Checks the settings and starts the export on its own thread.
    fn start(
        &mut self,
        atlas: &Atlas,
        chronicle: &Chronicle,
        view: StatusView,
    ) -> Result<(), String> {
        let date = |s: &str, what: &str| {
            Date::parse_loose(s)
                .map(|(d, _)| d)
                .map_err(|e| format!("{what}: {e}"))
        };
        let (from, to) = (date(&self.from, "From")?, date(&self.to, "To")?);
        let step: Step = self.step.parse()?;
        let dates = frame_dates(from, to, step).map_err(|e| e.to_string())?;
        let path = PathBuf::from(self.path.trim());
        if self.path.trim().is_empty() {
            return Err("Type a folder and file name first.".into());
        }
        let total = dates.len();
        let size = ImageSize {
            width: self.width,
            height: self.height,
        };
        let (atlas, chronicle) = (atlas.clone(), chronicle.clone());
        let work: Work = match self.format {
            Format::Gif => {
                let opts = GifOptions {
                    size,
                    scale: 1,
                    extent: None,
                    frame_seconds: self.frame_seconds,
                    hold_last_seconds: self.hold_seconds,
                    skip_unchanged: self.skip_unchanged,
                    view,
                };
                Box::new(move |progress| {
                    let out = write_gif(&atlas, &chronicle, &dates, opts, &path, &[], progress)
                        .map_err(|e| e.to_string())?;
                    if out.cancelled {
                        return Err("Cancelled: no file was written.".to_string());
                    }
                    Ok(format!(
                        "Saved {} ({} dates, {} frames)",
                        out.path.display(),
                        out.dates,
                        out.frames
                    ))
                })
            }
            Format::PngFrames => {
                let opts = SequenceOptions {
                    format: ExportFormat::Png,
                    size,
                    scale: 1,
                    frame_seconds: self.frame_seconds,
                    extent: None,
                    view,
                };
                Box::new(move |progress| {
                    let out = write_sequence(&atlas, &chronicle, &dates, opts, &path, progress)
                        .map_err(|e| e.to_string())?;
                    let written = format!("{} frames", out.frames.len());
                    match (out.cancelled, out.animation.is_some()) {
                        (true, _) => Err(format!(
                            "Cancelled: {written} were written to {}; no animated PNG.",
                            path.display()
                        )),
                        (false, true) => Ok(format!(
                            "Saved {written} and an animated PNG to {}",
                            path.display()
                        )),
                        (false, false) => Ok(format!(
                            "Saved {written} and no animation to {}",
                            path.display()
                        )),
                    }
                })
            }
        };
        self.running = Some(Running::spawn(total, work)?);
        Ok(())
    }
}

/// An export's work on its own thread: given the progress callback (which
/// says whether to go on), it returns what the window then says.
type Work = Box<dyn FnOnce(&mut dyn FnMut(usize, usize) -> bool) -> Outcome + Send>;

impl Running {
    /// Runs `work` over `total` dates on a thread of its own.
    fn spawn(total: usize, work: Work) -> Result<Self, String> {
        let done = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (tx, rx) = channel();
        let (thread_done, thread_cancel) = (done.clone(), cancel.clone());
        std::thread::Builder::new()
            .name("animation".into())
            .spawn(move || {
                let mut progress = |n: usize, _: usize| {
                    thread_done.store(n, Ordering::Relaxed);
                    !thread_cancel.load(Ordering::Relaxed)
                };
                let _ = tx.send(work(&mut progress));
            })
            .map_err(|e| format!("The export could not start ({e}). Try again."))?;
        Ok(Running {
            done,
            total,
            cancel,
            rx,
        })
    }
}
