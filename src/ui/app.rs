//! The application: layout, keyboard shortcuts, persistence.

use std::sync::Arc;

use egui::{Key, Modifiers, Ui};
use serde::{Deserialize, Serialize};

use super::charts_panel::ChartsPanel;
use super::date_bar::{DateBar, Speed, next_key, previous_key};
use super::export_dialog::{ExportData, ExportDialog, target_name};
use super::front_warmup::FrontWarmup;
use super::map_view::{MapInput, MapView};
use super::open_focus::OpenFocus;
use super::place_search::PlaceSearch;
use super::recovery::{Recovery, RecoveryChoice};
use super::user_data::UserData;
use super::{event_panel, legend, losses_panel, region_history};
use crate::atlas::Atlas;
use crate::charts::ChartKind;
use crate::chronicle::Chronicle;
use crate::date::Date;
use crate::export::ExportTarget;
use crate::geodata::regions::RegionId;
use crate::legal_view::StatusView;
use crate::map::{MapGeometry, Projection};
use crate::session::{PendingCrash, SessionDir};
use crate::ui::animation_dialog::AnimationDialog;
use crate::ui::compare_panel::ComparePanel;

/// Key under which the state is stored between runs.
pub const STATE_KEY: &str = "baltic-atlas-state";

/// Light, dark, or follow the system.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ThemeChoice {
    /// Follow the operating system.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// What survives a restart.
#[derive(Serialize, Deserialize)]
#[serde(default)]
pub struct SavedState {
    /// Current date, as ISO text.
    pub date: String,
    /// Map centre in projected km (NaN: fit the states).
    pub map_center: [f32; 2],
    /// Map zoom (1 = fit the states).
    pub map_zoom: f32,
    /// Playback speed.
    pub speed: Speed,
    /// Theme.
    pub theme: ThemeChoice,
    /// Folder of the last export.
    pub export_folder: Option<String>,
    /// Height of the charts row the user dragged to, in points (`None`:
    /// a share of the window).
    pub charts_height: Option<f32>,
}

impl Default for SavedState {
    fn default() -> Self {
        SavedState {
            date: "1939-06-01".into(),
            map_center: [f32::NAN, f32::NAN],
            map_zoom: 1.0,
            speed: Speed::default(),
            theme: ThemeChoice::System,
            export_folder: None,
            charts_height: None,
        }
    }
}

/// Adds DejaVu Sans (the font of the exported images) behind egui's
/// default fonts, so that the arrows of the key help, Cyrillic and Hebrew
/// place names and other text the default font lacks are drawn, not shown
/// as boxes.
fn install_fallback_font(ctx: &egui::Context) {
    use egui::epaint::text::{FontInsert, FontPriority, InsertFontFamily};
    ctx.add_font(FontInsert {
        name: "DejaVu Sans".into(),
        data: egui::FontData::from_static(dejavu::sans::regular()),
        families: [egui::FontFamily::Proportional, egui::FontFamily::Monospace]
            .into_iter()
            .map(|family| InsertFontFamily {
                family,
                priority: FontPriority::Lowest,
            })
            .collect(),
    });
}

/// Date, map centre and zoom (bits), geodata generation and layer count:
/// when one changes, the crash context is formatted again.
type CrashKey = (i32, [u32; 2], u32, u64, usize);

/// The Baltic Atlas window.
pub struct AtlasApp {
    atlas: Arc<Atlas>,
    chronicle: Chronicle,
    geometry: Arc<MapGeometry>,
    /// The fronts' cuts and the charts that follow them, made on a
    /// background thread (started by the first frame, and again when the
    /// atlas is replaced).
    warmup: Option<FrontWarmup>,
    /// The date of the last frame (how far the date moved since).
    warmed_date: Date,
    key_dates: Vec<Date>,
    /// The date shown.
    pub date: Date,
    map: MapView,
    /// The map of the compared date, beside `map` (side by side).
    compared_map: MapView,
    date_bar: DateBar,
    theme: ThemeChoice,
    selected: Option<RegionId>,
    hovered: Option<RegionId>,
    /// The map as held, or in law as most Western states saw it.
    pub status_view: StatusView,
    /// The earlier date of the changes map, while comparing.
    pub compare_with: Option<Date>,
    /// While comparing: the two maps side by side instead of the changes
    /// map.
    pub side_by_side: bool,
    compare: ComparePanel,
    charts: ChartsPanel,
    /// The charts row's height as the user dragged it (`None`: the
    /// default share of the window).
    charts_height: Option<f32>,
    chart_hover_country: Option<String>,
    show_sources: bool,
    export: ExportDialog,
    animation: AnimationDialog,
    user: UserData,
    notice: Option<String>,
    last_title: String,
    applied_theme: Option<ThemeChoice>,
    /// Where the state is saved and crash reports go (`None` in tests and
    /// where the system has no data folder: eframe's storage is used).
    session: Option<SessionDir>,
    /// A crash report of the last run, with the state held back until the
    /// user chooses.
    recovery: Option<Recovery>,
    /// Find a place by name (Ctrl+F).
    search: PlaceSearch,
    /// The Sources window's filter.
    sources_filter: String,
    /// Tells the frame the Sources window opens (its filter takes the
    /// focus).
    sources_focus: OpenFocus,
    /// What the crash context was last formatted from.
    crash_key: Option<CrashKey>,
    /// When set, report the time from this instant to the first frame and
    /// close (start-up measurement).
    pub startup_report: Option<std::time::Instant>,
    frames: u64,
}

impl AtlasApp {
    /// Builds the app from loaded data, a starting date and a saved state
    /// (which may have failed to load: `notice` says so to the user).
    pub fn new(
        atlas: Atlas,
        chronicle: Chronicle,
        state: SavedState,
        start: Option<Date>,
        notice: Option<String>,
    ) -> Self {
        let geometry = Arc::new(MapGeometry::new(&atlas, Projection::baltic()));
        let key_dates = key_dates(&atlas, &chronicle);
        let date = start
            .or_else(|| Date::parse(&state.date).ok())
            .unwrap_or(Date::FIRST);
        let charts = ChartsPanel::new(&atlas, &chronicle);
        let export_folder = state.export_folder.as_ref().map(std::path::PathBuf::from);
        AtlasApp {
            atlas: Arc::new(atlas),
            chronicle,
            geometry,
            warmup: None,
            warmed_date: date,
            key_dates,
            date,
            map: MapView::with_view(state.map_center, state.map_zoom),
            compared_map: MapView::with_view(state.map_center, state.map_zoom),
            date_bar: DateBar::with_speed(state.speed),
            theme: state.theme,
            selected: None,
            hovered: None,
            status_view: StatusView::DeFacto,
            compare_with: None,
            side_by_side: false,
            compare: ComparePanel::default(),
            charts,
            charts_height: state.charts_height,
            chart_hover_country: None,
            show_sources: false,
            animation: AnimationDialog::new(
                export_folder
                    .clone()
                    .unwrap_or_else(crate::ui::export_dialog::default_folder),
            ),
            export: ExportDialog::new(export_folder),
            user: UserData::default(),
            notice,
            last_title: String::new(),
            applied_theme: None,
            session: None,
            recovery: None,
            search: PlaceSearch::default(),
            sources_filter: String::new(),
            sources_focus: OpenFocus::default(),
            crash_key: None,
            startup_report: None,
            frames: 0,
        }
    }

    /// Saves the state in `session` from now on (atomically; see
    /// [`crate::session`]).
    pub fn with_session(mut self, session: SessionDir) -> Self {
        self.session = Some(session);
        self
    }

    /// Starts after a crash: the report is shown, and `held` (the state
    /// saved before it) is applied only if the user chooses to restore it.
    pub fn after_crash(mut self, crash: PendingCrash, held: SavedState) -> Self {
        self.recovery = Some(Recovery { crash, held });
        self
    }

    /// Whether the crash window waits for the user's choice.
    pub fn recovering(&self) -> bool {
        self.recovery.is_some()
    }

    /// Applies a saved state to the running window.
    fn apply_state(&mut self, state: SavedState) {
        if let Ok(d) = Date::parse(&state.date) {
            self.date = d;
        }
        self.map = MapView::with_view(state.map_center, state.map_zoom);
        self.date_bar = DateBar::with_speed(state.speed);
        self.theme = state.theme;
        self.export.folder = state.export_folder.map(std::path::PathBuf::from);
    }

    /// The crash window, and the user's choice carried out.
    fn recovery_ui(&mut self, ctx: &egui::Context) {
        let Some(choice) = self.recovery.as_ref().and_then(|r| r.ui(ctx)) else {
            return;
        };
        let Some(recovery) = self.recovery.take() else {
            return;
        };
        if choice == RecoveryChoice::Restore {
            self.apply_state(recovery.held);
        }
        if let Some(session) = &self.session
            && let Err(e) = session.acknowledge_crash()
        {
            self.notice = Some(format!(
                "The crash report at {} could not be marked as seen: {e}",
                recovery.crash.path.display()
            ));
        }
    }

    /// A found place's name on the date: the map's own label when the map
    /// draws the place as a city (`assets/cities.json` has names by
    /// period, e.g. Dünaburg in 1942), else the gazetteer's.
    fn place_name_on<'p>(&'p self, p: &'p crate::places::Place) -> &'p str {
        let city = self
            .chronicle
            .cities
            .iter()
            .find(|c| (c.lon - p.lon).abs() < 0.05 && (c.lat - p.lat).abs() < 0.05);
        city.map_or_else(|| p.name_on(self.date), |c| c.name_on(self.date))
    }

    /// Hands what the window shows to the crash reporter, formatted only
    /// when it changed (not on every frame).
    fn update_crash_context(&mut self) {
        let key = (
            self.date.day_index(),
            self.map.center.map(f32::to_bits),
            self.map.zoom.to_bits(),
            self.atlas.generation(),
            self.user.layers.len(),
        );
        if self.crash_key != Some(key) {
            self.crash_key = Some(key);
            crate::session::set_crash_context(&self.crash_context());
        }
    }

    /// What the window shows, for a crash report.
    fn crash_context(&self) -> String {
        let files: Vec<&str> = self
            .user
            .layers
            .iter()
            .map(|l| l.layer.name.as_str())
            .collect();
        format!(
            "date {}; map centre {:?} km, zoom {}; geodata generation {}; layers: {}",
            self.date.iso(),
            self.map.center,
            self.map.zoom,
            self.atlas.generation(),
            if files.is_empty() {
                "none".to_string()
            } else {
                files.join(", ")
            }
        )
    }

    /// The map's centre (km) and zoom (for tests: both stay finite).
    pub fn map_view(&self) -> ([f32; 2], f32) {
        (self.map.center, self.map.zoom)
    }

    /// The region under the pointer on any map (side by side: outlined on
    /// both), for tests.
    pub fn hovered_region(&self) -> Option<RegionId> {
        self.hovered
    }

    /// The compared date's map's centre and zoom (side by side: the same
    /// as [`Self::map_view`]).
    pub fn compared_map_view(&self) -> ([f32; 2], f32) {
        self.compared_map.view()
    }

    /// The state to persist.
    pub fn saved_state(&self) -> SavedState {
        SavedState {
            date: self.date.iso(),
            map_center: self.map.center,
            map_zoom: self.map.zoom,
            speed: self.date_bar.speed,
            theme: self.theme,
            export_folder: self.export.folder.as_ref().map(|p| p.display().to_string()),
            charts_height: self.charts_height,
        }
    }

    /// The selected region, if any (for tests and the side panel).
    pub fn selected(&self) -> Option<RegionId> {
        self.selected
    }

    /// True while playing.
    pub fn playing(&self) -> bool {
        self.date_bar.playing
    }

    /// The country whose series the charts highlight (hovered or selected
    /// on the map, or hovered in a chart).
    pub fn chart_highlight(&self) -> Option<String> {
        self.chart_hover_country
            .clone()
            .or_else(|| self.hovered.map(|r| self.atlas.region(r).country.clone()))
            .or_else(|| self.selected.map(|r| self.atlas.region(r).country.clone()))
    }

    /// The charts (for tests and export).
    pub fn charts(&self) -> &ChartsPanel {
        &self.charts
    }

    /// Starts loading a user's file or geodata folder (as File > Open).
    pub fn open_user_data(&mut self, path: &std::path::Path) {
        self.user.open(path);
    }

    /// The user's layers, charts and load reports (for tests).
    pub fn user_data(&self) -> &UserData {
        &self.user
    }

    /// The geodata in use.
    pub fn atlas(&self) -> &Atlas {
        &self.atlas
    }

    /// Takes in finished loads: layers and charts, or a geodata folder
    /// that replaces the atlas (the old one stays if the new one failed).
    fn take_user_data(&mut self, ctx: &egui::Context) {
        self.user.take_dropped(ctx);
        if !self.user.poll(ctx) {
            return;
        }
        if let Some(atlas) = self.user.new_atlas.take() {
            self.replace_atlas(*atlas);
        }
    }

    fn replace_atlas(&mut self, atlas: Atlas) {
        self.warmup = None;
        self.geometry = Arc::new(MapGeometry::new(&atlas, Projection::baltic()));
        self.charts.set_atlas(&atlas);
        self.key_dates = key_dates(&atlas, &self.chronicle);
        self.selected = None;
        self.hovered = None;
        self.map.invalidate();
        self.atlas = Arc::new(atlas);
    }

    /// Starts the fronts' background work on the first frame of an atlas,
    /// asks it for the level the map draws and, in a campaign, the days
    /// around the date shown, and takes the charts it made.
    fn background_work(&mut self, ctx: &egui::Context) {
        let level = self
            .map
            .last_scale()
            .map_or(0, |s| self.geometry.level_index(s));
        match &mut self.warmup {
            Some(w) => {
                w.want_level(level, self.date);
                // Stepping or playing through a campaign (the date moved a
                // few days at most): the days around it come next. A jump
                // (dragging the slider) asks for nothing ahead.
                let step = i64::from(self.date.day_index() - self.warmed_date.day_index());
                if step.abs() <= 7 && self.atlas.fronts.active(self.date).next().is_some() {
                    w.look_around(self.date, step, level);
                }
            }
            None => {
                let ctx = ctx.clone();
                self.warmup = Some(FrontWarmup::start(
                    self.atlas.clone(),
                    self.geometry.clone(),
                    level,
                    self.date,
                    move || ctx.request_repaint(),
                ));
            }
        }
        self.warmed_date = self.date;
        if let Some(w) = &mut self.warmup {
            for (kind, chart) in w.take_charts() {
                self.charts.set_chart(kind, chart);
            }
        }
    }

    /// Waits for the background work's charts (tests and benchmarks that
    /// need what the user sees after a moment; a window never waits).
    pub fn wait_for_background_charts(&mut self) {
        if let Some(w) = &mut self.warmup {
            for (kind, chart) in w.wait_for_charts() {
                self.charts.set_chart(kind, chart);
            }
        }
    }

    /// The export window (for tests).
    pub fn export_dialog(&self) -> &ExportDialog {
        &self.export
    }

    /// Where a place was drawn on the map in the last frame.
    pub fn map_screen_pos(&self, lon: f64, lat: f64) -> Option<egui::Pos2> {
        self.map.screen_pos(&self.geometry, lon, lat)
    }

    /// Where a longitude/latitude was drawn on the compared date's map
    /// (side by side), for tests.
    pub fn compared_map_screen_pos(&self, lon: f64, lat: f64) -> Option<egui::Pos2> {
        self.compared_map.screen_pos(&self.geometry, lon, lat)
    }

    /// The keys of the window. Every press counts (ten presses in one slow
    /// frame move ten days); +/− zoom the map wherever the focus is not in
    /// a text field; Escape closes the topmost dialog.
    fn keyboard(&mut self, ui: &Ui) {
        if ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::F)) {
            self.search.focus();
        }
        if ui.input(|i| i.key_pressed(Key::Escape)) {
            self.close_top_dialog();
        }
        if ui.ctx().egui_wants_keyboard_input() {
            return;
        }
        let (cmd, shift, none) = (Modifiers::COMMAND, Modifiers::SHIFT, Modifiers::NONE);
        let mut date = self.date;
        let mut zoom = 1.0f32;
        ui.input_mut(|i| {
            let mut n = |m: Modifiers, k: Key| i.count_and_consume_key(m, k) as i64;
            let years = n(cmd, Key::ArrowRight) - n(cmd, Key::ArrowLeft);
            date = date.add_years(years.clamp(-100, 100) as i32);
            let months = n(shift, Key::ArrowRight) - n(shift, Key::ArrowLeft);
            date = date.add_months(months.clamp(-1200, 1200) as i32);
            date = date.add_days(n(none, Key::ArrowRight) - n(none, Key::ArrowLeft));
            if n(none, Key::Home) > 0 {
                date = Date::FIRST;
            }
            if n(none, Key::End) > 0 {
                date = Date::LAST;
            }
            for _ in 0..n(none, Key::PageDown) {
                date = next_key(&self.key_dates, date);
            }
            for _ in 0..n(none, Key::PageUp) {
                date = previous_key(&self.key_dates, date);
            }
            for _ in 0..n(none, Key::Space) {
                self.date_bar.toggle_play(&mut date);
            }
            let zoom_in = n(none, Key::Plus) + n(none, Key::Equals) + n(shift, Key::Equals);
            let zoom_out = n(none, Key::Minus);
            zoom = 1.25f32.powi((zoom_in - zoom_out).clamp(-20, 20) as i32);
        });
        self.date = date;
        if zoom != 1.0 {
            self.map.zoom_by(zoom);
        }
    }

    /// Closes the dialog in front: the crash window stays until answered;
    /// then the load report, the Open window, the Export window, Sources.
    fn close_top_dialog(&mut self) {
        if self.user.report.is_some() {
            self.user.report = None;
        } else if self.user.open_window {
            self.user.open_window = false;
        } else if self.export.open {
            self.export.open = false;
        } else {
            self.show_sources = false;
        }
    }

    fn apply_theme(&mut self, ctx: &egui::Context) {
        if self.applied_theme.is_none() {
            install_fallback_font(ctx);
        }
        if self.applied_theme == Some(self.theme) {
            return;
        }
        self.applied_theme = Some(self.theme);
        let pref = match self.theme {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
        };
        ctx.set_theme(pref);
    }

    /// Draws the whole window into `ui` (also used by tests and the frame
    /// benchmark, which have no eframe window).
    pub fn show(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.apply_theme(&ctx);
        let now = ui.input(|i| i.time);
        self.date_bar.advance_to(&mut self.date, now);
        if self.date_bar.playing {
            ctx.request_repaint();
        }
        self.keyboard(ui);
        self.take_user_data(&ctx);
        self.update_crash_context();
        let title = format!("Baltic Atlas — {}", self.date.long());
        if title != self.last_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.last_title = title;
        }
        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui));
        if let Some(n) = self.notice.clone() {
            egui::Panel::top("notice").show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.colored_label(ui.visuals().warn_fg_color, n);
                    if ui.button("Dismiss").clicked() {
                        self.notice = None;
                    }
                });
            });
        }
        egui::Panel::bottom("date_bar").show(ui, |ui| {
            self.date_bar
                .ui(ui, &mut self.date, &self.chronicle, &self.key_dates);
        });
        let window_height = ctx.content_rect().height();
        let charts_height = charts_row_height(self.charts_height, window_height);
        let charts = egui::Panel::bottom("charts")
            .resizable(false)
            .exact_size(charts_height)
            .show(ui, |ui| self.charts_panel(ui));
        egui::Panel::right("side")
            .resizable(true)
            .default_size(320.0)
            .size_range(240.0..=480.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| self.side_panel(ui));
            });
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| self.map_panel(ui));
        // After the map, so that the divider, not the map, takes a drag
        // that starts on it.
        self.charts_divider(ui, charts.response.rect, window_height);
        self.windows(&ctx);
        self.background_work(&ctx);
    }

    /// File, View, Sources and Help.
    fn menu_bar(&mut self, ui: &mut Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                // Each action closes the menu, also when chosen with the
                // keyboard (a pointer click closes it anyway), so that the
                // dialog it opens is not covered by the menu.
                if ui
                    .button("Open layer, figures or geodata folder…")
                    .clicked()
                {
                    self.user.open_window = true;
                    ui.close();
                }
                ui.menu_button("Export", |ui| {
                    let targets = std::iter::once(ExportTarget::Map)
                        .chain(ChartKind::ALL.iter().map(|&k| ExportTarget::Chart(k)));
                    for t in targets {
                        if ui.button(format!("{}…", target_name(t))).clicked() {
                            self.export.open_for(t, self.date);
                            ui.close();
                        }
                    }
                });
                if ui.button("Export animation…").clicked() {
                    self.animation.open = true;
                    ui.close();
                }
            });
            ui.menu_button("View", |ui| {
                ui.radio_value(&mut self.theme, ThemeChoice::System, "Follow system theme");
                ui.radio_value(&mut self.theme, ThemeChoice::Light, "Light");
                ui.radio_value(&mut self.theme, ThemeChoice::Dark, "Dark");
                ui.separator();
                ui.radio_value(
                    &mut self.status_view,
                    StatusView::DeFacto,
                    "Who held each place",
                )
                .on_hover_text("Control on the ground, day by day");
                ui.radio_value(
                    &mut self.status_view,
                    StatusView::DeJure,
                    "Legal status, as most Western states saw it",
                )
                .on_hover_text(
                    "1940–1991: the three states drawn as continuing under occupation \
                     (non-recognition of the Soviet annexation)",
                );
                ui.separator();
                if ui.button("Reset map view").clicked() {
                    self.map.reset();
                    ui.close();
                }
            });
            if ui.button("Sources").clicked() {
                self.show_sources = true;
            }
            ui.menu_button("Help", help_menu);
            ui.separator();
            if let Some(place) = self.search.field_ui(ui, self.date) {
                let (lon, lat) = (place.lon, place.lat);
                self.map.centre_on(self.geometry.project(lon, lat), 4.0);
                self.selected = self.atlas.region_at(lon, lat);
            }
            ui.separator();
            ui.strong(format!("Baltic Atlas — {}", self.date.long()));
        });
    }

    /// The line above the charts row, dragged to give the charts more or
    /// less room (kept across restarts; a double click gives back the
    /// default). The row keeps its height otherwise, so the map and the
    /// charts do not move while the user scrubs, selects or hovers.
    fn charts_divider(&mut self, ui: &mut Ui, charts: egui::Rect, window_height: f32) {
        let strip =
            egui::Rect::from_x_y_ranges(charts.x_range(), charts.top() - 4.0..=charts.top() + 3.0);
        let r = ui.interact(
            strip,
            egui::Id::unique("charts-divider"),
            egui::Sense::click_and_drag(),
        );
        r.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Splitter, true, "Charts height (drag)")
        });
        if r.hovered() || r.dragged() {
            ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeVertical);
            let stroke = ui.visuals().widgets.hovered.fg_stroke;
            ui.painter().hline(charts.x_range(), charts.top(), stroke);
        }
        if r.dragged()
            && let Some(p) = r.interact_pointer_pos()
        {
            let wanted = charts.bottom() - p.y;
            self.charts_height = Some(charts_row_height(Some(wanted), window_height));
        }
        if r.double_clicked() {
            self.charts_height = None;
        }
    }

    /// Closes the chart of the user's figures at `index`.
    fn remove_user_chart(&mut self, index: usize) {
        if index < self.user.charts.len() {
            self.user.charts.remove(index);
            self.charts.user_chart_removed(index);
        }
    }

    /// The charts row, linked to the slider and the map.
    fn charts_panel(&mut self, ui: &mut Ui) {
        let highlight = self.chart_highlight();
        let out = self.charts.ui(
            ui,
            self.date,
            highlight.as_deref(),
            &self.user.charts,
            &self.atlas,
            &self.chronicle,
        );
        if let Some(d) = out.date {
            self.date = d;
        }
        if let Some(choice) = out.export {
            self.export.open_for_chart(choice, self.date);
        }
        if let Some(i) = out.remove_user {
            self.remove_user_chart(i);
        }
        self.chart_hover_country = out.hovered_country;
    }

    /// Legend, the user's data, the selected region's history, events and
    /// losses.
    fn side_panel(&mut self, ui: &mut Ui) {
        legend::ui(ui, &self.atlas, self.date, self.status_view);
        ui.separator();
        self.compare.ui(
            ui,
            &self.atlas,
            self.date,
            self.status_view,
            &mut self.compare_with,
            &mut self.side_by_side,
        );
        ui.separator();
        if let Some(i) = self.user.panel_ui(ui) {
            self.remove_user_chart(i);
        }
        if self.atlas.origin != crate::geodata::GeodataOrigin::Builtin {
            ui.label(format!("Geodata from {}", self.atlas.origin));
            if ui.button("Back to the built-in geodata").clicked()
                && let Ok(builtin) = Atlas::builtin()
            {
                self.replace_atlas(builtin);
            }
        }
        ui.separator();
        let name = self
            .search
            .place()
            .map(|p| self.place_name_on(p).to_string());
        if self
            .search
            .panel_ui(ui, self.date, name.as_deref().unwrap_or_default())
        {
            self.search.found = None;
        }
        if let Some(r) = self.selected {
            if let Some(d) = region_history::ui(ui, &self.atlas, r, self.date) {
                self.date = d;
            }
            if ui.button("Clear selection").clicked() {
                self.selected = None;
            }
        } else {
            ui.label("Click a region on the map to see its whole history.");
        }
        ui.separator();
        if let Some(d) = event_panel::ui(ui, &self.atlas, &self.chronicle, self.date) {
            self.date = d;
        }
        ui.separator();
        losses_panel::ui(ui, &self.atlas, &self.chronicle);
    }

    /// The map in the remaining space.
    fn map_panel(&mut self, ui: &mut Ui) {
        match self.compare_with {
            Some(first) if self.side_by_side => self.side_by_side_panel(ui, first),
            _ => {
                let out = self.one_map(ui, self.date, self.compare_with, false);
                self.hovered = out.hovered;
            }
        }
    }

    /// One map of `date` (the main view, or the compared one when
    /// `compared`), with the app's selection, layers and pin.
    fn one_map(
        &mut self,
        ui: &mut Ui,
        date: Date,
        changes_since: Option<Date>,
        compared: bool,
    ) -> crate::ui::map_view::MapOutput {
        let marked = self
            .search
            .place()
            .map(|p| (p.lon, p.lat, self.place_name_on(p).to_string()));
        let input = MapInput {
            atlas: &self.atlas,
            chronicle: &self.chronicle,
            geometry: &self.geometry,
            date,
            selected: self.selected,
            highlight_country: self.chart_hover_country.as_deref(),
            layers: &self.user.layers,
            layers_key: self.user.draw_key(date),
            marked: marked
                .as_ref()
                .map(|(lon, lat, name)| (*lon, *lat, name.as_str())),
            view: self.status_view,
            compare_with: changes_since,
            echo_hover: self.hovered,
        };
        let map = if compared {
            &mut self.compared_map
        } else {
            &mut self.map
        };
        let out = map.ui(ui, &input);
        if let Some(c) = out.clicked {
            self.selected = c;
        }
        if out.export {
            self.export.open_for(ExportTarget::Map, self.date);
        }
        out
    }

    /// The compared date's map on the left and the slider's on the right,
    /// each titled with its date, with one pan and zoom and the region
    /// under the pointer outlined in both.
    fn side_by_side_panel(&mut self, ui: &mut Ui, first: Date) {
        let rect = ui.available_rect_before_wrap();
        let (left, right) = rect.split_left_right_at_fraction(0.5);
        let before = self.map.view();
        self.compared_map.set_view(before);
        let mut hovered = None;
        for (half, date, compared) in [(left, first, true), (right, self.date, false)] {
            let out = ui
                .scope_builder(egui::UiBuilder::new().max_rect(half.shrink(2.0)), |ui| {
                    ui.heading(date.long());
                    self.one_map(ui, date, None, compared)
                })
                .inner;
            hovered = hovered.or(out.hovered);
            if compared && self.compared_map.view() != before {
                // Panned or zoomed on the left: the right follows.
                self.map.set_view(self.compared_map.view());
            }
        }
        self.compared_map.set_view(self.map.view());
        self.hovered = hovered;
    }

    /// The floating windows (Open, load report, Export, Sources) and the
    /// drop overlay.
    fn windows(&mut self, ctx: &egui::Context) {
        self.recovery_ui(ctx);
        self.user.open_window_ui(ctx);
        self.user.report_window_ui(ctx);
        if ctx.input(|i| !i.raw.hovered_files.is_empty()) {
            let screen = ctx.content_rect();
            let painter = ctx.layer_painter(egui::LayerId::new(
                egui::Order::Foreground,
                egui::Id::unique("drop-overlay"),
            ));
            painter.rect_filled(screen, 0.0, egui::Color32::from_black_alpha(140));
            painter.text(
                screen.center(),
                egui::Align2::CENTER_CENTER,
                "Drop to open: a GeoJSON layer, a CSV of figures or a geodata folder",
                egui::FontId::proportional(22.0),
                egui::Color32::WHITE,
            );
        }
        let view = self.map.visible_extent();
        self.export.ui(
            ctx,
            self.date,
            view,
            &ExportData {
                atlas: &self.atlas,
                chronicle: &self.chronicle,
                user: &self.user,
                charts: &self.charts,
                geometry: &self.geometry,
                view: self.status_view,
                compare_with: self.compare_with,
                side_by_side: self.side_by_side,
            },
        );
        self.animation
            .ui(ctx, &self.atlas, &self.chronicle, self.status_view);
        let focus_first = self.sources_focus.opening(self.show_sources);
        if self.show_sources {
            let mut open = true;
            egui::Window::new("Sources")
                .open(&mut open)
                .default_size([560.0, 480.0])
                .show(ctx, |ui| {
                    let filter = &mut self.sources_filter;
                    sources_window(ui, &self.atlas, &self.chronicle, filter, focus_first)
                });
            self.show_sources = open;
        }
    }
}

/// The charts row's height in a window `window_height` tall: the height
/// the user chose, or about a third of the window, kept between a height
/// where the axes stay readable and two thirds of the window.
fn charts_row_height(chosen: Option<f32>, window_height: f32) -> f32 {
    let max = (window_height * 0.66).max(CHARTS_MIN_HEIGHT);
    chosen
        .unwrap_or_else(|| (window_height * 0.34).clamp(200.0, 420.0))
        .clamp(CHARTS_MIN_HEIGHT, max)
}

/// The lowest the charts row goes: a header and a plot with its axes.
const CHARTS_MIN_HEIGHT: f32 = 150.0;

/// The dates PageUp/PageDown jump between: control changes and events.
fn key_dates(atlas: &Atlas, chronicle: &Chronicle) -> Vec<Date> {
    let mut dates: Vec<Date> = atlas
        .change_dates()
        .iter()
        .copied()
        .chain(chronicle.events.iter().map(|e| e.date))
        .collect();
    dates.sort();
    dates.dedup();
    dates
}

/// The keys of the window and what the atlas is made of.
fn help_menu(ui: &mut Ui) {
    ui.strong("Keys");
    egui::Grid::new("shortcuts").num_columns(2).show(ui, |ui| {
        for (keys, what) in [
            ("←/→ day", "a day back or forward"),
            ("Shift+←/→", "a month"),
            ("Ctrl+←/→", "a year"),
            ("Home / End", "1 January 1939 / 31 December 1999"),
            ("Page Up / Page Down", "the previous / next key date"),
            ("Space", "play or pause"),
            ("+ / −", "zoom the map in / out"),
            ("Ctrl+F", "find a place by any of its names"),
            ("Escape", "close the dialog in front"),
        ] {
            ui.label(keys);
            ui.label(what);
            ui.end_row();
        }
    });
    ui.separator();
    ui.strong(format!("Baltic Atlas {}", env!("CARGO_PKG_VERSION")));
    ui.label("Who controlled each part of Estonia, Latvia and Lithuania, 1939–1999.");
    ui.label("Code: MIT or Apache-2.0, at your choice.");
    ui.label(
        "Data: Natural Earth (public domain); historical lines digitised by the project \
         (geodata/SOURCES.md); HistoGIS, ACDH-CH, Austrian Academy of Sciences (CC BY 4.0); \
         GeoNames (CC BY 4.0); figures and events as cited in Sources. Fonts: DejaVu.",
    );
}

/// Every citation, with a filter: the citation first, its link written out,
/// the key it is filed under last.
fn sources_window(
    ui: &mut Ui,
    atlas: &Atlas,
    chronicle: &Chronicle,
    filter: &mut String,
    focus_first: bool,
) {
    ui.label(format!(
        "Geodata: land, coasts, lakes and today's borders © OpenStreetMap contributors (ODbL); borders through lakes from Natural Earth (public domain); historical lines digitised by the project; see geodata/SOURCES.md. Data loaded from: {}.",
        atlas.origin
    ));
    ui.label(
        "Places and their names (Find a place): positions and main names from GeoNames \
         (geonames.org, CC BY 4.0); German, Polish, Russian, Yiddish and period names from \
         the pages cited for each place in assets/places.csv.",
    );
    let field = crate::ui::text_field::text_field(
        ui,
        filter,
        "Filter sources",
        "Filter: a word, a year, a site…",
        280.0,
    );
    crate::ui::open_focus::focus_if(&field, focus_first);
    let needle = filter.trim().to_lowercase();
    egui::ScrollArea::vertical().show(ui, |ui| {
        for s in atlas.sources.iter().chain(chronicle.sources.iter()) {
            let text = format!("{} {} {}", s.citation, s.url, s.key).to_lowercase();
            if !needle.is_empty() && !text.contains(&needle) {
                continue;
            }
            ui.label(&s.citation);
            ui.horizontal_wrapped(|ui| {
                ui.hyperlink_to(egui::RichText::new(&s.url).small(), &s.url);
                ui.weak(egui::RichText::new(format!("({})", s.key)).small());
            });
            ui.add_space(4.0);
        }
    });
}

impl eframe::App for AtlasApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
        self.frames += 1;
        if let Some(t0) = self.startup_report
            && self.frames == 2
        {
            // The first frame has been painted when the second one starts.
            println!(
                "first frame painted after {:.0} ms",
                t0.elapsed().as_secs_f64() * 1e3
            );
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        // While the crash window waits, the state before the crash stays
        // on disk as it was.
        if self.recovery.is_some() {
            return;
        }
        match &self.session {
            Some(session) => {
                if let Err(e) = session.save_state(&self.saved_state()) {
                    self.notice = Some(format!("Your settings could not be saved: {e}"));
                }
            }
            None => eframe::set_value(storage, STATE_KEY, &self.saved_state()),
        }
    }
}
