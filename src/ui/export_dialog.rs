//! The Export window: what to export (a chart or the map), format, scale
//! and size, and where; it writes atomically, asks before replacing a file,
//! draws off the UI thread with a progress bar, and reports success (with
//! "Open folder") or a failure with what to do about it.

use std::path::{Path, PathBuf};

use super::file_dialog::{self, DialogAnswer, NO_DIALOG};
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::mpsc::{Receiver, channel};

use egui::Ui;

use crate::atlas::Atlas;
use crate::atomic_write::write_atomically;
use crate::charts::{Chart, ChartKind};
use crate::chronicle::Chronicle;
use crate::date::Date;
use crate::export::map_image::Overlay;
use crate::export::{self, ExportFormat, ExportRequest, ExportTarget, ImageSize, MapExtent};
use crate::map::MapGeometry;
use crate::ui::charts_panel::{ChartChoice, ChartsPanel, hidden_series};
use crate::ui::open_focus::{OpenFocus, focus_if};
use crate::ui::text_field::text_field;
use crate::ui::user_data::UserData;

/// The data an export draws from: the atlas, the chronicle and what the
/// user opened (layers over the map, charts of their figures).
pub struct ExportData<'a> {
    /// The geodata in use.
    pub atlas: &'a Atlas,
    /// Events, cities, figures and their sources.
    pub chronicle: &'a Chronicle,
    /// The user's layers and charts.
    pub user: &'a UserData,
    /// The charts as shown, for the series switched off in their legends.
    pub charts: &'a ChartsPanel,
    /// The map as the window projected it (rebuilt with the atlas).
    pub geometry: &'a MapGeometry,
    /// The map's view (as held, or in law), as the window shows it.
    pub view: crate::legal_view::StatusView,
    /// The compared date, while the window compares.
    pub compare_with: Option<Date>,
    /// While comparing: the two maps side by side (exported so).
    pub side_by_side: bool,
}

/// Stages of a running export, for the progress bar.
const STAGE_DRAWING: u8 = 0;
const STAGE_WRITING: u8 = 1;
const STAGES: f32 = 2.0;

enum Job {
    Idle,
    /// The file exists: replace it?
    ConfirmReplace(PathBuf),
    Running {
        rx: Receiver<Result<PathBuf, String>>,
        stage: Arc<AtomicU8>,
        what: String,
    },
    Done(PathBuf),
    Failed(String),
}

/// The Export window and the export it runs.
pub struct ExportDialog {
    /// Whether the window is shown.
    pub open: bool,
    target: ExportTarget,
    format: ExportFormat,
    scale: u32,
    size: ImageSize,
    path: String,
    path_edited: bool,
    /// The folder of the last successful export (remembered between runs).
    pub folder: Option<PathBuf>,
    job: Job,
    browse: Option<Receiver<DialogAnswer>>,
    /// Said under the file row when Browse… showed no dialog.
    browse_note: Option<&'static str>,
    /// Which chart of the user's figures, when the target is one.
    user_chart: Option<usize>,
    /// Export only the part of the map shown in the window.
    only_view: bool,
    /// Tells the frame the window opens.
    focus: OpenFocus,
    /// This frame the window opened: its first control takes the focus.
    focus_first: bool,
}

/// A name for a target in menus and labels.
pub fn target_name(target: ExportTarget) -> &'static str {
    match target {
        ExportTarget::Map => "Map",
        ExportTarget::Chart(k) => k.spec().menu_name,
        ExportTarget::UserChart => "Your figures chart",
    }
}

/// Where exports go when the user has not chosen a folder yet: Pictures,
/// else the home folder, else the working folder.
pub fn default_folder() -> PathBuf {
    let home = std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .map(PathBuf::from);
    match home {
        Some(h) if h.join("Pictures").is_dir() => h.join("Pictures"),
        Some(h) if h.is_dir() => h,
        _ => PathBuf::from("."),
    }
}

impl ExportDialog {
    /// A closed dialog that remembers `folder`.
    pub fn new(folder: Option<PathBuf>) -> Self {
        ExportDialog {
            open: false,
            target: ExportTarget::Map,
            format: ExportFormat::Png,
            scale: 1,
            size: ImageSize::MAP_DEFAULT,
            path: String::new(),
            path_edited: false,
            folder,
            job: Job::Idle,
            browse: None,
            browse_note: None,
            user_chart: None,
            only_view: false,
            focus: OpenFocus::default(),
            focus_first: false,
        }
    }

    /// Opens the window for the `index`-th chart of the user's figures.
    pub fn open_for_user_chart(&mut self, index: usize, date: Date) {
        self.open_for(ExportTarget::UserChart, date);
        self.user_chart = Some(index);
    }

    /// Opens the window for a chart of the charts panel (whose Export…
    /// the user clicked).
    pub fn open_for_chart(&mut self, choice: ChartChoice, date: Date) {
        match choice {
            ChartChoice::Builtin(kind) => self.open_for(ExportTarget::Chart(kind), date),
            ChartChoice::User(index) => self.open_for_user_chart(index, date),
        }
    }

    /// Opens the window for `target` with its default size and file name.
    pub fn open_for(&mut self, target: ExportTarget, date: Date) {
        self.user_chart = None;
        if self.target != target || !self.open {
            self.size = target.default_size();
        }
        self.target = target;
        if target == ExportTarget::Map && self.format == ExportFormat::Csv {
            self.format = ExportFormat::Png;
        }
        self.path_edited = false;
        self.refresh_path(date);
        if !matches!(self.job, Job::Running { .. }) {
            self.job = Job::Idle;
        }
        self.open = true;
    }

    /// True while an export runs in the background.
    pub fn running(&self) -> bool {
        matches!(self.job, Job::Running { .. })
    }

    /// The message shown after the last export, if any (for tests).
    pub fn status(&self) -> Option<String> {
        match &self.job {
            Job::Done(p) => Some(format!("Saved to {}", p.display())),
            Job::Failed(e) => Some(e.clone()),
            _ => None,
        }
    }

    fn request(&self, date: Date) -> ExportRequest {
        ExportRequest {
            target: self.target,
            date,
            format: self.format,
            scale: self.scale,
            size: self.size,
            map_extent: None,
        }
    }

    fn refresh_path(&mut self, date: Date) {
        if self.path_edited {
            return;
        }
        let folder = self.folder.clone().unwrap_or_else(default_folder);
        self.path = folder
            .join(self.request(date).file_name())
            .display()
            .to_string();
    }

    /// The file path in the window (empty before it was first opened).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The path the user typed, with the format's extension.
    fn target_path(&self) -> Option<PathBuf> {
        let typed = self.path.trim();
        if typed.is_empty() {
            return None;
        }
        let mut p = PathBuf::from(typed);
        if ExportFormat::from_path(&p) != Some(self.format) {
            let mut name = p.file_name()?.to_os_string();
            name.push(".");
            name.push(self.format.extension());
            p.set_file_name(name);
        }
        Some(p)
    }

    /// Shows the window (when open) and advances a running export.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        date: Date,
        view: Option<MapExtent>,
        data: &ExportData<'_>,
    ) {
        self.poll(ctx);
        self.focus_first = self.focus.opening(self.open);
        if !self.open {
            return;
        }
        let mut open = true;
        egui::Window::new("Export")
            .open(&mut open)
            .resizable(false)
            .collapsible(false)
            .default_width(460.0)
            .show(ctx, |ui| self.contents(ui, date, view, data));
        // The Close button inside sets `self.open` too.
        self.open &= open;
    }

    fn poll(&mut self, ctx: &egui::Context) {
        if let Some(rx) = &self.browse
            && let Ok(answer) = rx.try_recv()
        {
            self.browse_note = answer.never_shown().then_some(NO_DIALOG);
            if let Some(p) = answer.path {
                self.path = p.display().to_string();
                self.path_edited = true;
            }
            self.browse = None;
        }
        if let Job::Running { rx, .. } = &self.job {
            match rx.try_recv() {
                Ok(Ok(path)) => {
                    self.folder = path.parent().map(Path::to_path_buf);
                    self.job = Job::Done(path);
                }
                Ok(Err(message)) => self.job = Job::Failed(message),
                Err(std::sync::mpsc::TryRecvError::Empty) => {
                    ctx.request_repaint_after(std::time::Duration::from_millis(30));
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    self.job = Job::Failed("The export stopped unexpectedly.".into());
                }
            }
        }
    }

    /// The window's body: the settings grid, then the buttons or the
    /// progress of a running export, then the outcome of the last one.
    fn contents(
        &mut self,
        ui: &mut Ui,
        date: Date,
        view: Option<MapExtent>,
        data: &ExportData<'_>,
    ) {
        let before = (self.target, self.format, self.scale);
        egui::Grid::new("export-grid")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                self.target_row(ui, data);
                ui.label("Date");
                ui.label(format!("{} (the slider's date)", date.long()));
                ui.end_row();
                if let Some(chart) = self.shown_chart(data) {
                    let hidden = hidden_series(ui.ctx(), chart);
                    if !hidden.is_empty() {
                        ui.label("Left out");
                        ui.label(format!(
                            "{} (switched off in the chart's legend)",
                            hidden.join(", ")
                        ));
                        ui.end_row();
                    }
                }
                self.format_rows(ui);
                if self.target == ExportTarget::Map {
                    ui.label("Area");
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut self.only_view, false, "All three states");
                        ui.add_enabled_ui(view.is_some(), |ui| {
                            ui.radio_value(&mut self.only_view, true, "The window's current view");
                        });
                    });
                    ui.end_row();
                }
                self.file_row(ui);
            });
        if (self.target, self.format, self.scale) != before {
            if self.target == ExportTarget::Map && self.format == ExportFormat::Csv {
                self.format = ExportFormat::Png;
            }
            if self.target != before.0 {
                self.size = self.target.default_size();
            }
            self.refresh_path(date);
        }
        ui.separator();
        self.actions_ui(ui, date, view, data);
        self.outcome_ui(ui);
    }

    /// The "What" row: the map, every chart of the chart list, and the
    /// charts of the user's figures.
    fn target_row(&mut self, ui: &mut Ui, data: &ExportData<'_>) {
        let shown = match (self.target, self.user_chart) {
            (ExportTarget::UserChart, Some(i)) => data
                .user
                .charts
                .get(i)
                .map_or("Your figures".to_string(), |c| {
                    format!("Your figures: {}", c.title)
                }),
            (t, _) => target_name(t).to_string(),
        };
        ui.label("What");
        let combo = egui::ComboBox::from_id_salt("export-target")
            .selected_text(shown.clone())
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut self.target, ExportTarget::Map, "Map");
                for &k in ChartKind::ALL {
                    let target = ExportTarget::Chart(k);
                    if ui
                        .selectable_label(self.target == target, k.spec().menu_name)
                        .clicked()
                    {
                        self.target = target;
                        self.user_chart = None;
                    }
                }
                for (i, c) in data.user.charts.iter().enumerate() {
                    let on = self.target == ExportTarget::UserChart && self.user_chart == Some(i);
                    if ui
                        .selectable_label(on, format!("Your figures: {}", c.title))
                        .clicked()
                    {
                        self.target = ExportTarget::UserChart;
                        self.user_chart = Some(i);
                    }
                }
            });
        focus_if(&combo.response, self.focus_first);
        combo.response.widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::Role::ComboBox,
                true,
                format!("What to export: {shown}"),
            )
        });
        ui.end_row();
    }

    /// The "Format" row, and for images the "Scale" (PNG) and "Size" rows.
    fn format_rows(&mut self, ui: &mut Ui) {
        ui.label("Format");
        ui.horizontal(|ui| {
            for f in ExportFormat::ALL {
                let allowed = !(f == ExportFormat::Csv && self.target == ExportTarget::Map);
                ui.add_enabled_ui(allowed, |ui| {
                    ui.radio_value(&mut self.format, f, f.extension().to_uppercase())
                        .on_hover_text(f.label());
                });
            }
        });
        ui.end_row();
        let png = match self.format {
            ExportFormat::Csv => return,
            ExportFormat::Png => true,
            ExportFormat::Svg => false,
        };
        if png {
            ui.label("Scale");
            ui.horizontal(|ui| {
                for s in [1, 2, 4] {
                    ui.radio_value(&mut self.scale, s, format!("{s}x"));
                }
            });
            ui.end_row();
        }
        ui.label("Size");
        ui.horizontal(|ui| {
            let range = ImageSize::MIN..=ImageSize::MAX;
            ui.add(
                egui::DragValue::new(&mut self.size.width)
                    .range(range.clone())
                    .suffix(" px"),
            );
            ui.label("by");
            ui.add(
                egui::DragValue::new(&mut self.size.height)
                    .range(range)
                    .suffix(" px"),
            );
            if png && self.scale > 1 {
                ui.weak(format!(
                    "= {}×{} pixels",
                    self.size.width * self.scale,
                    self.size.height * self.scale
                ));
            }
        });
        ui.end_row();
    }

    /// The "File" row: the path field and Browse….
    fn file_row(&mut self, ui: &mut Ui) {
        ui.label("File");
        ui.horizontal(|ui| {
            let edit = text_field(
                ui,
                &mut self.path,
                "Export file path",
                "Folder and file name",
                300.0,
            );
            if edit.changed() {
                self.path_edited = true;
            }
            let browsing = self.browse.is_some();
            if ui
                .add_enabled(!browsing, egui::Button::new("Browse…"))
                .on_hover_text(
                    "Choose with the system's file dialog (if no dialog appears, type the path)",
                )
                .clicked()
            {
                self.browse = self.spawn_browse();
            }
        });
        ui.end_row();
        if let Some(note) = self.browse_note {
            ui.label("");
            ui.colored_label(ui.visuals().warn_fg_color, note);
            ui.end_row();
        }
    }

    /// Export and Close, the question before replacing a file, or the
    /// progress bar of the running export.
    fn actions_ui(
        &mut self,
        ui: &mut Ui,
        date: Date,
        view: Option<MapExtent>,
        data: &ExportData<'_>,
    ) {
        match &self.job {
            Job::ConfirmReplace(p) => {
                let p = p.clone();
                ui.label(format!("{} already exists. Replace it?", p.display()));
                ui.horizontal(|ui| {
                    if ui.button("Replace").clicked() {
                        self.start(ui.ctx(), p.clone(), date, view, data);
                    }
                    if ui.button("Cancel").clicked() {
                        self.job = Job::Idle;
                    }
                });
            }
            Job::Running { stage, what, .. } => {
                let s = stage.load(Ordering::Relaxed);
                let text = if s == STAGE_DRAWING {
                    format!("Drawing {what}…")
                } else {
                    "Writing the file…".to_string()
                };
                ui.add(
                    egui::ProgressBar::new((s as f32 + 0.5) / STAGES)
                        .text(text)
                        .animate(true),
                );
            }
            Job::Idle | Job::Done(_) | Job::Failed(_) => {
                ui.horizontal(|ui| {
                    if ui.button("Export").clicked() {
                        self.submit(ui.ctx(), date, view, data);
                    }
                    if ui.button("Close").clicked() {
                        self.open = false;
                    }
                });
            }
        }
    }

    /// Where the last export went (with Open folder and Copy path), or why
    /// it failed.
    fn outcome_ui(&mut self, ui: &mut Ui) {
        match &self.job {
            Job::Done(p) => {
                let p = p.clone();
                ui.label(format!("Saved to {}", p.display()));
                ui.horizontal(|ui| {
                    if ui.button("Open folder").clicked()
                        && let Some(dir) = p.parent()
                        && let Err(e) = open_folder(dir)
                    {
                        self.job = Job::Failed(format!(
                            "Saved to {}, but {} Use Copy path and open it yourself.",
                            p.display(),
                            open_folder_problem(&e)
                        ));
                    }
                    if ui.button("Copy path").clicked() {
                        ui.ctx().copy_text(p.display().to_string());
                    }
                });
            }
            Job::Failed(message) => {
                ui.colored_label(ui.visuals().error_fg_color, message);
            }
            Job::Idle | Job::ConfirmReplace(_) | Job::Running { .. } => {}
        }
    }

    /// The system's save dialog on its own thread; `None` when no thread
    /// could be started (the path field still works).
    fn spawn_browse(&self) -> Option<Receiver<DialogAnswer>> {
        let current = self.target_path();
        let dir = current
            .as_ref()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .or_else(|| self.folder.clone())
            .unwrap_or_else(default_folder);
        let name = current
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let (label, ext) = (self.format.label(), self.format.extension());
        file_dialog::spawn("save dialog", move || {
            rfd::FileDialog::new()
                .set_directory(dir)
                .set_file_name(name)
                .add_filter(label, &[ext])
                .save_file()
        })
    }

    fn submit(
        &mut self,
        ctx: &egui::Context,
        date: Date,
        view: Option<MapExtent>,
        data: &ExportData<'_>,
    ) {
        let Some(path) = self.target_path() else {
            self.job = Job::Failed("Type a folder and file name first.".into());
            return;
        };
        if path.exists() {
            self.job = Job::ConfirmReplace(path);
        } else {
            self.start(ctx, path, date, view, data);
        }
    }

    /// The chart the window exports, as the charts panel shows it (`None`
    /// for the map, or for a chart of the user's figures since closed).
    fn shown_chart<'d>(&self, data: &ExportData<'d>) -> Option<&'d Chart> {
        match (self.target, self.user_chart) {
            (ExportTarget::UserChart, Some(i)) => data.user.charts.get(i),
            (ExportTarget::UserChart, None) | (ExportTarget::Map, _) => None,
            (ExportTarget::Chart(kind), _) => Some(data.charts.chart(kind)),
        }
    }

    /// Draws the document here (milliseconds) and hands rendering and
    /// writing to a thread.
    fn start(
        &mut self,
        ctx: &egui::Context,
        path: PathBuf,
        date: Date,
        view: Option<MapExtent>,
        data: &ExportData<'_>,
    ) {
        let mut req = self.request(date);
        if self.only_view && req.target == ExportTarget::Map {
            req.map_extent = view;
        }
        let chart = self.shown_chart(data);
        if req.target != ExportTarget::Map && chart.is_none() {
            self.job = Job::Failed("That chart of your figures is no longer open.".into());
            return;
        }
        let hidden = chart.map(|c| hidden_series(ctx, c)).unwrap_or_default();
        let extras = export::Extras {
            layers: data
                .user
                .layers
                .iter()
                .filter(|l| l.visible)
                .map(|l| Overlay {
                    layer: &l.layer,
                    geometry: &l.geometry,
                    color: crate::style::layer_color(l.color_index, false),
                })
                .collect(),
            chart,
            hidden_series: &hidden,
            view: data.view,
            compare_with: data.compare_with,
            side_by_side: data.side_by_side,
        };
        let doc = match export::document_with(
            &req,
            data.atlas,
            data.chronicle,
            Some(data.geometry),
            &extras,
        ) {
            Ok(d) => d,
            Err(e) => {
                self.job = Job::Failed(failure_text(&e));
                return;
            }
        };
        let (tx, rx) = channel();
        let stage = Arc::new(AtomicU8::new(STAGE_DRAWING));
        let thread_stage = stage.clone();
        let what = match req.format {
            ExportFormat::Png => format!(
                "a {}×{} PNG",
                req.size.width * req.scale,
                req.size.height * req.scale
            ),
            ExportFormat::Svg => "the SVG".to_string(),
            ExportFormat::Csv => "the table".to_string(),
        };
        let started = std::thread::Builder::new()
            .name("export".into())
            .spawn(move || {
                let result = export::encode(&doc, &req).and_then(|bytes| {
                    thread_stage.store(STAGE_WRITING, Ordering::Relaxed);
                    write_atomically(&path, &bytes)
                });
                let _ = tx.send(result.map(|()| path).map_err(|e| failure_text(&e)));
            });
        self.job = match started {
            Ok(_) => Job::Running { rx, stage, what },
            Err(e) => Job::Failed(format!("The export could not start ({e}). Try again.")),
        };
    }
}

/// The error and what to do about it, as one message.
fn failure_text(e: &crate::error::AtlasError) -> String {
    let hint = e.hint();
    let mut text = format!("Export failed: {e}.");
    if !hint.is_empty() {
        text.push(' ');
        text.push_str(hint);
    }
    text
}

/// Why the file manager could not be started, in words.
fn open_folder_problem(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::NotFound => {
            "this system has no program to open folders with (xdg-open on Linux)."
        }
        std::io::ErrorKind::PermissionDenied => {
            "the system did not allow the atlas to start its file manager."
        }
        _ => "the system's file manager could not be started.",
    }
}

/// Opens a folder in the system's file manager.
fn open_folder(dir: &Path) -> std::io::Result<()> {
    let program = if cfg!(target_os = "windows") {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let mut child = std::process::Command::new(program).arg(dir).spawn()?;
    // Reap the file manager launcher when it exits.
    std::thread::Builder::new()
        .name("file manager".into())
        .spawn(move || child.wait())?;
    Ok(())
}

#[cfg(test)]
mod folder_tests {
    use super::*;

    #[test]
    fn a_missing_file_manager_is_said_in_words() {
        let e = std::io::Error::from(std::io::ErrorKind::NotFound);
        let text = open_folder_problem(&e);
        assert!(text.contains("no program to open folders"), "{text}");
        assert!(!text.contains("os error"), "{text}");
    }
}
