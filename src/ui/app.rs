//! The application: layout, keyboard shortcuts, persistence.

use egui::{Key, Modifiers, Ui};
use serde::{Deserialize, Serialize};

use super::charts_panel::ChartsPanel;
use super::date_bar::{DateBar, Speed, next_key, previous_key};
use super::export_dialog::{ExportData, ExportDialog, target_name};
use super::map_view::{MapInput, MapView};
use super::user_data::UserData;
use super::{event_panel, legend, losses_panel, region_history};
use crate::atlas::Atlas;
use crate::charts::ChartKind;
use crate::chronicle::Chronicle;
use crate::date::Date;
use crate::export::ExportTarget;
use crate::geodata::regions::RegionId;
use crate::map::{MapGeometry, Projection};

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
        }
    }
}

/// The Baltic Atlas window.
pub struct AtlasApp {
    atlas: Atlas,
    chronicle: Chronicle,
    geometry: MapGeometry,
    key_dates: Vec<Date>,
    /// The date shown.
    pub date: Date,
    map: MapView,
    date_bar: DateBar,
    theme: ThemeChoice,
    selected: Option<RegionId>,
    hovered: Option<RegionId>,
    charts: ChartsPanel,
    chart_hover_country: Option<String>,
    show_sources: bool,
    export: ExportDialog,
    user: UserData,
    notice: Option<String>,
    last_title: String,
    applied_theme: Option<ThemeChoice>,
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
        let geometry = MapGeometry::new(&atlas, Projection::baltic());
        let key_dates = key_dates(&atlas, &chronicle);
        let date = start
            .or_else(|| Date::parse(&state.date).ok())
            .unwrap_or(Date::FIRST);
        let charts = ChartsPanel::new(&atlas, &chronicle);
        let export_folder = state.export_folder.as_ref().map(std::path::PathBuf::from);
        AtlasApp {
            atlas,
            chronicle,
            geometry,
            key_dates,
            date,
            map: MapView::with_view(state.map_center, state.map_zoom),
            date_bar: DateBar::with_speed(state.speed),
            theme: state.theme,
            selected: None,
            hovered: None,
            charts,
            chart_hover_country: None,
            show_sources: false,
            export: ExportDialog::new(export_folder),
            user: UserData::default(),
            notice,
            last_title: String::new(),
            applied_theme: None,
            startup_report: None,
            frames: 0,
        }
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
        self.geometry = MapGeometry::new(&atlas, Projection::baltic());
        self.charts.set_atlas(&atlas);
        self.key_dates = key_dates(&atlas, &self.chronicle);
        self.selected = None;
        self.hovered = None;
        self.map.invalidate();
        self.atlas = atlas;
    }

    /// The export window (for tests).
    pub fn export_dialog(&self) -> &ExportDialog {
        &self.export
    }

    /// Where a place was drawn on the map in the last frame.
    pub fn map_screen_pos(&self, lon: f64, lat: f64) -> Option<egui::Pos2> {
        self.map.screen_pos(&self.geometry, lon, lat)
    }

    fn keyboard(&mut self, ui: &Ui) {
        if ui.ctx().egui_wants_keyboard_input() {
            return;
        }
        let cmd = Modifiers::COMMAND;
        let shift = Modifiers::SHIFT;
        let none = Modifiers::NONE;
        ui.input_mut(|i| {
            let d = self.date;
            let mut nd = d;
            if i.consume_key(cmd, Key::ArrowRight) {
                nd = d.add_years(1);
            } else if i.consume_key(cmd, Key::ArrowLeft) {
                nd = d.add_years(-1);
            } else if i.consume_key(shift, Key::ArrowRight) {
                nd = d.add_months(1);
            } else if i.consume_key(shift, Key::ArrowLeft) {
                nd = d.add_months(-1);
            } else if i.consume_key(none, Key::ArrowRight) {
                nd = d.add_days(1);
            } else if i.consume_key(none, Key::ArrowLeft) {
                nd = d.add_days(-1);
            } else if i.consume_key(none, Key::Home) {
                nd = Date::FIRST;
            } else if i.consume_key(none, Key::End) {
                nd = Date::LAST;
            } else if i.consume_key(none, Key::PageDown) {
                nd = next_key(&self.key_dates, d);
            } else if i.consume_key(none, Key::PageUp) {
                nd = previous_key(&self.key_dates, d);
            } else if i.consume_key(none, Key::Space) {
                self.date_bar.toggle_play(&mut nd);
            }
            self.date = nd;
        });
    }

    fn apply_theme(&mut self, ctx: &egui::Context) {
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
        let dt = ui.input(|i| i.stable_dt) as f64;
        self.date_bar.advance(&mut self.date, dt.min(0.1));
        if self.date_bar.playing {
            ctx.request_repaint();
        }
        self.keyboard(ui);
        self.take_user_data(&ctx);
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
        egui::Panel::bottom("charts")
            .resizable(true)
            .default_size(240.0)
            .size_range(140.0..=520.0)
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
        self.windows(&ctx);
    }

    /// File, View, Sources and Help.
    fn menu_bar(&mut self, ui: &mut Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui
                    .button("Open layer, figures or geodata folder…")
                    .clicked()
                {
                    self.user.open_window = true;
                }
                ui.menu_button("Export", |ui| {
                    let targets = std::iter::once(ExportTarget::Map)
                        .chain(ChartKind::ALL.iter().map(|&k| ExportTarget::Chart(k)));
                    for t in targets {
                        if ui.button(format!("{}…", target_name(t))).clicked() {
                            self.export.open_for(t, self.date);
                        }
                    }
                });
            });
            ui.menu_button("View", |ui| {
                ui.radio_value(&mut self.theme, ThemeChoice::System, "Follow system theme");
                ui.radio_value(&mut self.theme, ThemeChoice::Light, "Light");
                ui.radio_value(&mut self.theme, ThemeChoice::Dark, "Dark");
                ui.separator();
                if ui.button("Reset map view").clicked() {
                    self.map.reset();
                }
            });
            if ui.button("Sources").clicked() {
                self.show_sources = true;
            }
            ui.menu_button("Help", |ui| {
                ui.label("Keys: ←/→ day, Shift month, Ctrl year,");
                ui.label("Home/End, PageUp/PageDown key dates, Space play.");
            });
            ui.separator();
            ui.strong(format!("Baltic Atlas — {}", self.date.long()));
        });
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
        self.chart_hover_country = out.hovered_country;
    }

    /// Legend, the user's data, the selected region's history, events and
    /// losses.
    fn side_panel(&mut self, ui: &mut Ui) {
        legend::ui(ui, &self.atlas, self.date);
        ui.separator();
        self.user.panel_ui(ui);
        if self.atlas.origin != crate::geodata::GeodataOrigin::Builtin {
            ui.label(format!("Geodata from {}", self.atlas.origin));
            if ui.button("Back to the built-in geodata").clicked()
                && let Ok(builtin) = Atlas::builtin()
            {
                self.replace_atlas(builtin);
            }
        }
        ui.separator();
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
        let input = MapInput {
            atlas: &self.atlas,
            chronicle: &self.chronicle,
            geometry: &self.geometry,
            date: self.date,
            selected: self.selected,
            highlight_country: self.chart_hover_country.as_deref(),
            layers: &self.user.layers,
            layers_key: self.user.draw_key(self.date),
        };
        let out = self.map.ui(ui, &input);
        self.hovered = out.hovered;
        if let Some(c) = out.clicked {
            self.selected = c;
        }
        if out.export {
            self.export.open_for(ExportTarget::Map, self.date);
        }
    }

    /// The floating windows (Open, load report, Export, Sources) and the
    /// drop overlay.
    fn windows(&mut self, ctx: &egui::Context) {
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
            },
        );
        if self.show_sources {
            let mut open = true;
            egui::Window::new("Sources")
                .open(&mut open)
                .default_size([560.0, 480.0])
                .show(ctx, |ui| sources_window(ui, &self.atlas, &self.chronicle));
            self.show_sources = open;
        }
    }
}

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

fn sources_window(ui: &mut Ui, atlas: &Atlas, chronicle: &Chronicle) {
    ui.label(format!(
        "Geodata: land, coasts, lakes and today's borders © OpenStreetMap contributors (ODbL); borders through lakes from Natural Earth (public domain); historical lines digitised by the project; see geodata/SOURCES.md. Data loaded from: {}.",
        atlas.origin
    ));
    egui::ScrollArea::vertical().show(ui, |ui| {
        for s in atlas.sources.iter().chain(chronicle.sources.iter()) {
            ui.horizontal_wrapped(|ui| {
                ui.strong(&s.key);
                ui.label(&s.citation);
                ui.hyperlink_to("link", &s.url);
            });
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
        eframe::set_value(storage, STATE_KEY, &self.saved_state());
    }
}
