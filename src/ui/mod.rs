//! The desktop user interface (egui/eframe). Reads the domain; owns no data
//! of its own beyond view state.

pub mod animation_dialog;
pub mod app;
mod chart_legend;
pub mod charts_panel;
pub mod compare_panel;
pub mod date_bar;
pub mod event_panel;
pub mod export_dialog;
pub mod file_dialog;
pub mod front_warmup;
pub mod legend;
pub mod losses_panel;
pub mod map_paint;
pub mod map_view;
pub mod open_focus;
pub mod palette;
pub mod place_search;
pub mod recovery;
pub mod region_history;
pub mod text_field;
pub mod user_data;

pub use app::{AtlasApp, SavedState};

use crate::atlas::Atlas;
use crate::chronicle::Chronicle;
use crate::date::Date;

/// Opens the window. `start` overrides the saved date. With
/// `startup_report`, prints the time from that instant to the first frame
/// and closes.
pub fn run(
    atlas: Atlas,
    chronicle: Chronicle,
    start: Option<Date>,
    startup_report: Option<std::time::Instant>,
    open: Vec<std::path::PathBuf>,
) -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Baltic Atlas")
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([900.0, 600.0]),
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        "Baltic Atlas",
        options,
        Box::new(move |cc| {
            let mut app = start_app(atlas, chronicle, start, cc.storage);
            app.startup_report = startup_report;
            for p in &open {
                app.open_user_data(p);
            }
            Ok(Box::new(app))
        }),
    )
}

/// The app as it starts: the state saved in the session folder (or, before
/// the first save there, in eframe's storage), a crash report of the last
/// run shown with that state held back, and a panic hook that writes the
/// next report.
fn start_app(
    atlas: Atlas,
    chronicle: Chronicle,
    start: Option<Date>,
    storage: Option<&dyn eframe::Storage>,
) -> AtlasApp {
    use crate::session::{SavedStateFile, SessionDir, install_panic_hook};
    let Some(session) = SessionDir::locate() else {
        let (state, notice) = load_state(storage);
        return AtlasApp::new(atlas, chronicle, state, start, notice);
    };
    install_panic_hook(session.clone());
    let (state, notice) = match session.load_state::<app::SavedState>() {
        SavedStateFile::Loaded(s) => (s, None),
        SavedStateFile::Missing => load_state(storage),
        SavedStateFile::Unreadable(why) => (
            app::SavedState::default(),
            Some(format!(
                "Saved settings could not be read and were reset to the defaults ({why})."
            )),
        ),
    };
    let app = match session.pending_crash() {
        Some(crash) => AtlasApp::new(atlas, chronicle, app::SavedState::default(), start, notice)
            .after_crash(crash, state),
        None => AtlasApp::new(atlas, chronicle, state, start, notice),
    };
    app.with_session(session)
}

/// Reads the saved state; a corrupt one is ignored with a notice.
pub fn load_state(storage: Option<&dyn eframe::Storage>) -> (SavedState, Option<String>) {
    let Some(storage) = storage else {
        return (SavedState::default(), None);
    };
    match storage.get_string(app::STATE_KEY) {
        None => (SavedState::default(), None),
        Some(_) => match eframe::get_value::<SavedState>(storage, app::STATE_KEY) {
            Some(s) => (s, None),
            None => (
                SavedState::default(),
                Some("Saved settings could not be read and were reset to the defaults.".into()),
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[derive(Default)]
    struct MemoryStorage(HashMap<String, String>);
    impl eframe::Storage for MemoryStorage {
        fn get_string(&self, key: &str) -> Option<String> {
            self.0.get(key).cloned()
        }
        fn set_string(&mut self, key: &str, value: String) {
            self.0.insert(key.to_string(), value);
        }
        fn remove_string(&mut self, key: &str) {
            self.0.remove(key);
        }
        fn flush(&mut self) {}
    }

    #[test]
    fn saved_state_round_trips() {
        let mut storage = MemoryStorage::default();
        let state = SavedState {
            date: "1944-10-13".into(),
            map_zoom: 2.0,
            ..SavedState::default()
        };
        eframe::set_value(&mut storage, app::STATE_KEY, &state);
        let (loaded, notice) = load_state(Some(&storage));
        assert!(notice.is_none());
        assert_eq!(loaded.date, "1944-10-13");
        assert_eq!(loaded.map_zoom, 2.0);
    }

    #[test]
    fn corrupt_saved_state_is_ignored_with_a_notice() {
        let mut storage = MemoryStorage::default();
        eframe::Storage::set_string(
            &mut storage,
            app::STATE_KEY,
            "(date: 12, \u{0}garbage".into(),
        );
        let (loaded, notice) = load_state(Some(&storage));
        assert_eq!(loaded.date, SavedState::default().date);
        assert!(notice.unwrap().contains("could not be read"));
    }
}
