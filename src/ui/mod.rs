//! The desktop user interface (egui/eframe). Reads the domain; owns no data
//! of its own beyond view state.

pub mod app;
pub mod date_bar;
pub mod event_panel;
pub mod legend;
pub mod map_view;
pub mod palette;
pub mod region_history;

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
            let (state, notice) = load_state(cc.storage);
            let mut app = AtlasApp::new(atlas, chronicle, state, start, notice);
            app.startup_report = startup_report;
            Ok(Box::new(app))
        }),
    )
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
