//! The user's own data in the window: GeoJSON layers that follow the
//! slider, CSV figures that become a linked chart, and a geodata folder
//! that replaces the built-in one. Files open from File ▸ Open, by drag and
//! drop, or from `--geodata`; loading runs off the UI thread with a
//! progress bar and Cancel, and every outcome has a report the user can
//! read and copy. A failed load changes nothing that was loaded before.

use crate::ui::open_focus::{OpenFocus, focus_if};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use egui::Ui;

use crate::atlas::Atlas;
use crate::charts::{self, Chart};
use crate::date::Date;
use crate::map::Projection;
use crate::map::layer_geometry::LayerGeometry;
use crate::ui::file_dialog::{self, DialogAnswer, NO_DIALOG};
use crate::ui::text_field::text_field;
use crate::user_files::{Refused, UserFile, open_path};
use crate::user_layer::{LayerOptions, LoadProgress, UserLayer};

/// A loaded layer with its drawing geometry.
pub struct LoadedLayer {
    /// The features and the load's issues.
    pub layer: UserLayer,
    /// Projected shapes.
    pub geometry: LayerGeometry,
    /// Shown on the map.
    pub visible: bool,
    /// Which layer colour it gets (see [`crate::style::layer_color`]).
    pub color_index: usize,
    /// A number unique to this load (for the map's cache).
    pub id: u64,
    /// The file it came from (to notice the same file opened twice).
    pub path: PathBuf,
}

/// What a background load produced.
enum Loaded {
    Layers(Vec<LoadedLayer>),
    Figures(Chart),
    Folder(Box<Atlas>),
}

/// A load in progress.
struct Loading {
    name: String,
    progress: Arc<LoadProgress>,
    rx: Receiver<Result<(Loaded, Refused), Refused>>,
}

impl Report {
    /// A report from the loader's short and detailed texts; its title is
    /// the first line.
    fn new(r: Refused, failed: bool) -> Self {
        Report {
            title: r.report.lines().next().unwrap_or_default().to_string(),
            text: r.report,
            details: r.details,
            failed,
        }
    }
}

/// A report of one load: its title and text (copyable).
pub struct Report {
    /// "my.geojson: loaded 12 features, 1 warning" or the failure.
    pub title: String,
    /// The report, repeated issues grouped.
    pub text: String,
    /// The report with every issue on its own line (Show details, Copy).
    pub details: String,
    /// Whether the load failed.
    pub failed: bool,
}

/// The user's data and the loads in progress.
#[derive(Default)]
pub struct UserData {
    /// Loaded layers, in the order opened.
    pub layers: Vec<LoadedLayer>,
    /// Charts of the user's figures.
    pub charts: Vec<Chart>,
    /// A geodata folder waiting to replace the atlas (taken by the app).
    pub new_atlas: Option<Box<Atlas>>,
    loading: Vec<Loading>,
    /// The report of the last load, shown in a window until closed.
    pub report: Option<Report>,
    /// The path typed in the Open window.
    open_path: String,
    /// Whether the Open window is shown.
    pub open_window: bool,
    /// Tells the frame the Open window opens (its path field takes the
    /// focus).
    open_focus: OpenFocus,
    /// The property to label layer features with, when the file's names
    /// differ from the usual ones (empty: those).
    label_property: String,
    /// The properties holding start and end dates, for files that use
    /// none of the known conventions (empty: the conventions).
    start_property: String,
    end_property: String,
    /// `FIRST/LAST` days of features without dates (empty: none).
    layer_dates: String,
    browse: Option<Receiver<DialogAnswer>>,
    /// Said under the path field when Browse… showed no dialog.
    browse_note: Option<&'static str>,
    next_id: u64,
}

/// Whether two paths name the same file (after resolving links and `..`
/// where the file system can).
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().to_string(),
    )
}

impl UserData {
    /// The loader's options from the Open window's fields.
    fn options(&self) -> Result<LayerOptions, String> {
        let field = |s: &String| {
            let t = s.trim();
            (!t.is_empty()).then(|| t.to_string())
        };
        let layer_dates = match field(&self.layer_dates) {
            Some(t) => Some(crate::user_layer::parse_layer_dates(&t)?),
            None => None,
        };
        Ok(LayerOptions {
            label_property: field(&self.label_property),
            start_property: field(&self.start_property),
            end_property: field(&self.end_property),
            layer_dates,
            ..LayerOptions::default()
        })
    }

    /// True while any file is loading.
    pub fn loading(&self) -> bool {
        !self.loading.is_empty()
    }

    /// Starts loading `path` in the background: a layer, figures or a
    /// geodata folder, by what the path is.
    pub fn open(&mut self, path: &Path) {
        let name = file_name(path);
        let progress = Arc::new(LoadProgress::new());
        let (tx, rx) = channel();
        let thread_progress = progress.clone();
        let path = path.to_path_buf();
        let id = self.next_id;
        self.next_id += 1;
        let color = self.layers.len() + self.loading.len();
        let shown = name.clone();
        let opts = match self.options() {
            Ok(o) => o,
            Err(why) => {
                let text = format!("error: {name}: {why}\n");
                self.report = Some(Report {
                    title: text.trim_end().to_string(),
                    details: text.clone(),
                    text,
                    failed: true,
                });
                return;
            }
        };
        let started = std::thread::Builder::new()
            .name(format!("open {name}"))
            .spawn(move || {
                let result = load(&path, &shown, &thread_progress, id, color, &opts);
                let _ = tx.send(result);
            });
        match started {
            Ok(_) => self.loading.push(Loading { name, progress, rx }),
            Err(e) => {
                let text = format!("error: {name}: could not start loading ({e})\n");
                self.report = Some(Report {
                    title: text.trim_end().to_string(),
                    details: text.clone(),
                    text,
                    failed: true,
                })
            }
        }
    }

    /// Moves finished loads into place; returns true if anything changed.
    pub fn poll(&mut self, ctx: &egui::Context) -> bool {
        let mut changed = false;
        let mut still = Vec::new();
        for l in self.loading.drain(..) {
            match l.rx.try_recv() {
                Ok(Ok((loaded, mut report))) => {
                    match loaded {
                        Loaded::Layers(layers) => {
                            let again = layers.first().is_some_and(|new| {
                                self.layers.iter().any(|l| same_file(&l.path, &new.path))
                            });
                            if again {
                                let warning = format!(
                                    "warning: {} is already open; it is now listed twice in \
                                     Your data (Remove one of them)\n",
                                    l.name
                                );
                                report.report.push_str(&warning);
                                report.details.push_str(&warning);
                            }
                            self.layers.extend(layers);
                        }
                        Loaded::Figures(chart) => self.charts.push(chart),
                        Loaded::Folder(atlas) => self.new_atlas = Some(atlas),
                    }
                    self.report = Some(Report::new(report, false));
                    changed = true;
                }
                Ok(Err(report)) => {
                    self.report = Some(Report::new(report, true));
                    changed = true;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => still.push(l),
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    let text = format!("error: {}: the load stopped unexpectedly\n", l.name);
                    self.report = Some(Report::new(text.into(), true));
                    changed = true;
                }
            }
        }
        self.loading = still;
        if !self.loading.is_empty() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        if let Some(rx) = &self.browse
            && let Ok(answer) = rx.try_recv()
        {
            self.browse_note = answer.never_shown().then_some(NO_DIALOG);
            if let Some(p) = answer.path {
                self.open_path = p.display().to_string();
            }
            self.browse = None;
        }
        changed
    }

    /// Opens every file dropped on the window.
    pub fn take_dropped(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        for p in dropped {
            self.open(&p);
        }
    }

    /// A number that changes when what the layers draw on `date` changes.
    pub fn draw_key(&self, date: Date) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for l in &self.layers {
            (l.id, l.visible, l.geometry.epoch(date)).hash(&mut h);
        }
        h.finish()
    }

    /// The side panel section: layers with visibility, report and remove;
    /// loads in progress with Cancel; charts of figures with Remove.
    /// Returns the chart the user removed (the charts panel must follow).
    pub fn panel_ui(&mut self, ui: &mut Ui) -> Option<usize> {
        ui.heading("Your data");
        if self.layers.is_empty() && self.charts.is_empty() && self.loading.is_empty() {
            ui.label(
                "Open your own GeoJSON layer (start_date/end_date per feature), \
                 a CSV of figures or a geodata folder: File > Open, or drop a file here.",
            );
            return None;
        }
        for l in &self.loading {
            ui.label(format!("Loading {}…", l.name));
            ui.horizontal(|ui| {
                ui.add(
                    egui::ProgressBar::new(l.progress.fraction())
                        .show_percentage()
                        .desired_width(180.0),
                );
                if ui.button("Cancel").clicked() {
                    l.progress.cancel();
                }
            });
        }
        let mut remove = None;
        for (i, l) in self.layers.iter_mut().enumerate() {
            ui.horizontal(|ui| {
                let [r, g, b, _] =
                    crate::style::layer_color(l.color_index, ui.visuals().dark_mode).0;
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
                ui.painter()
                    .rect_filled(rect, 2.0, egui::Color32::from_rgb(r, g, b));
                ui.checkbox(&mut l.visible, &l.layer.name);
            });
            ui.horizontal(|ui| {
                ui.weak(format!(
                    "{} features, {} skipped, {} warnings",
                    l.layer.features.len(),
                    l.layer.error_count(),
                    l.layer.warning_count()
                ));
            });
            ui.horizontal(|ui| {
                if ui.small_button("Report").clicked() {
                    let report = Refused {
                        report: l.layer.report(),
                        details: l.layer.report_verbose(),
                    };
                    self.report = Some(Report::new(report, false));
                }
                if ui.small_button("Remove").clicked() {
                    remove = Some(i);
                }
            });
        }
        if let Some(i) = remove {
            self.layers.remove(i);
        }
        let mut remove_chart = None;
        for (i, c) in self.charts.iter().enumerate() {
            ui.horizontal(|ui| {
                ui.label(format!("Chart: {}", c.title));
                let r = ui.small_button("Remove");
                let label = format!("Remove {}", c.title);
                r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
                if r.clicked() {
                    remove_chart = Some(i);
                }
            });
        }
        remove_chart
    }

    /// The Open window: a path field (with Browse… where the system has a
    /// file dialog) for a file or a geodata folder.
    pub fn open_window_ui(&mut self, ctx: &egui::Context) {
        let focus_first = self.open_focus.opening(self.open_window);
        if !self.open_window {
            return;
        }
        let mut open = true;
        let mut submit = None;
        egui::Window::new("Open your data")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label(
                    "A GeoJSON or TopoJSON layer (.geojson, .json, .topojson), a CSV of figures (the columns of \
                     assets/figures.csv) or a folder laid out like geodata/.",
                );
                ui.horizontal(|ui| {
                    let path = text_field(
                        ui,
                        &mut self.open_path,
                        "Path to open",
                        "Path to a file or folder",
                        320.0,
                    );
                    focus_if(&path, focus_first);
                    let browsing = self.browse.is_some();
                    if ui
                        .add_enabled(!browsing, egui::Button::new("Browse…"))
                        .clicked()
                    {
                        // Without a thread there is no dialog: the path field stays.
                        self.browse = file_dialog::spawn("file dialog", || {
                            rfd::FileDialog::new()
                                .add_filter(
                                    "GeoJSON, TopoJSON or CSV",
                                    &["geojson", "json", "topojson", "csv"],
                                )
                                .pick_file()
                        });
                    }
                });
                if let Some(note) = self.browse_note {
                    ui.colored_label(ui.visuals().warn_fg_color, note);
                }
                self.layer_fields_ui(ui);
                ui.horizontal(|ui| {
                    if ui.button("Open").clicked() && !self.open_path.trim().is_empty() {
                        submit = Some(PathBuf::from(self.open_path.trim()));
                    }
                });
            });
        if let Some(p) = submit {
            self.open(&p);
            open = false;
        }
        self.open_window = open;
    }

    /// How to read a layer's labels and dates, for files whose properties
    /// are not the usual ones.
    fn layer_fields_ui(&mut self, ui: &mut Ui) {
        egui::Grid::new("layer-fields")
            .num_columns(2)
            .show(ui, |ui| {
                ui.label("Label property");
                text_field(
                    ui,
                    &mut self.label_property,
                    "Label property",
                    "name, NAME_EN, label, title…",
                    200.0,
                );
                ui.end_row();
                ui.label("Start date property");
                text_field(
                    ui,
                    &mut self.start_property,
                    "Start date property",
                    "start_date, FromYear, gwsdate…",
                    200.0,
                );
                ui.end_row();
                ui.label("End date property");
                text_field(
                    ui,
                    &mut self.end_property,
                    "End date property",
                    "end_date, ToYear, gwedate…",
                    200.0,
                );
                ui.end_row();
                ui.label("Dates of undated features");
                text_field(
                    ui,
                    &mut self.layer_dates,
                    "Dates of undated features",
                    "e.g. 1938-01-01/1939-08-31",
                    200.0,
                );
                ui.end_row();
            });
        ui.weak(
            "Dates are found in start_date/end_date, start_date:edtf, FromYear/ToYear \
             (Cliopatria) and gwsdate/gwedate (CShapes); name other properties above.",
        );
    }

    /// The report window of the last load: summary, details, Copy.
    pub fn report_window_ui(&mut self, ctx: &egui::Context) {
        let Some(report) = &self.report else {
            return;
        };
        let mut open = true;
        let title = if report.failed {
            "Could not open the file"
        } else {
            "File opened"
        };
        egui::Window::new(title)
            .open(&mut open)
            .default_width(560.0)
            .show(ctx, |ui| {
                if report.failed {
                    ui.colored_label(ui.visuals().error_fg_color, &report.title);
                    ui.label("Nothing was changed: the atlas keeps what it had loaded.");
                } else {
                    ui.strong(&report.title);
                }
                // Repeats grouped: one line per kind of problem.
                let short: Vec<&str> = report.text.lines().skip(1).collect();
                egui::ScrollArea::vertical()
                    .id_salt("report-short")
                    .max_height(160.0)
                    .show(ui, |ui| {
                        for line in short.iter().take(200) {
                            ui.label(*line);
                        }
                    });
                let details = report.details.lines().count().saturating_sub(1);
                if details > 0 {
                    egui::CollapsingHeader::new(format!("Show details ({details} lines)"))
                        .default_open(false)
                        .show(ui, |ui| {
                            egui::ScrollArea::vertical()
                                .id_salt("report-details")
                                .max_height(260.0)
                                .show(ui, |ui| {
                                    for line in report.details.lines().skip(1).take(500) {
                                        ui.label(line);
                                    }
                                    if details > 500 {
                                        ui.weak(format!(
                                            "… {} more lines in the copied report",
                                            details - 500
                                        ));
                                    }
                                });
                        });
                }
                if ui.button("Copy report").clicked() {
                    ui.ctx().copy_text(report.details.clone());
                }
            });
        if !open {
            self.report = None;
        }
    }
}

/// Loads one path (on a background thread) through the library's
/// [`open_path`], and prepares what the window needs to show it.
fn load(
    path: &Path,
    name: &str,
    progress: &LoadProgress,
    id: u64,
    color_index: usize,
    opts: &LayerOptions,
) -> Result<(Loaded, Refused), Refused> {
    let opened = open_path(path, name, opts, progress)?;
    let mut report = Refused {
        report: opened.report,
        details: opened.details,
    };
    let loaded = match opened.file {
        UserFile::Geodata(atlas) => {
            let more =
                "It replaces the built-in geodata (Back to the built-in geodata undoes it).\n";
            report.report.push_str(more);
            report.details.push_str(more);
            Loaded::Folder(atlas)
        }
        UserFile::Figures(figs) => Loaded::Figures(charts::user_chart(name, &figs)),
        UserFile::Layers(layers) => Loaded::Layers(
            layers
                .into_iter()
                .enumerate()
                .map(|(k, layer)| {
                    let geometry = LayerGeometry::new(&layer, &Projection::baltic());
                    LoadedLayer {
                        layer,
                        geometry,
                        visible: true,
                        color_index: color_index + k,
                        id: id * 1000 + k as u64,
                        path: path.to_path_buf(),
                    }
                })
                .collect(),
        ),
    };
    Ok((loaded, report))
}
