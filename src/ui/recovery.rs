//! After a crash: "Baltic Atlas closed unexpectedly last time", the path
//! of the report with a Copy button, and the choice between restoring the
//! saved session (which may be what led to the crash) and starting fresh.
//! Until the user chooses, the saved state is held back, not applied.

use egui::Context;

use crate::session::PendingCrash;
use crate::ui::app::SavedState;

/// What the user chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecoveryChoice {
    /// Apply the state saved before the crash.
    Restore,
    /// Keep the defaults.
    StartFresh,
}

/// The crash report of the last run and the state held back.
pub struct Recovery {
    /// The report found at start-up.
    pub crash: PendingCrash,
    /// The saved state, applied only on [`RecoveryChoice::Restore`].
    pub held: SavedState,
}

impl Recovery {
    /// The window; returns the user's choice once made.
    pub fn ui(&self, ctx: &Context) -> Option<RecoveryChoice> {
        let mut choice = None;
        egui::Window::new("Baltic Atlas closed unexpectedly last time")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
            .min_width(520.0)
            .show(ctx, |ui| {
                ui.label("A report of what happened was saved here:");
                ui.monospace(self.crash.path.display().to_string());
                ui.label(
                    "Sending it with a note of what you were doing helps to fix the \
                     problem. Your last session can be restored, but it may be what \
                     led to the crash.",
                );
                ui.horizontal(|ui| {
                    if ui.button("Copy report").clicked() {
                        ui.ctx().copy_text(self.crash.text.clone());
                    }
                    if ui.button("Restore the last session").clicked() {
                        choice = Some(RecoveryChoice::Restore);
                    }
                    if ui.button("Start fresh").clicked() {
                        choice = Some(RecoveryChoice::StartFresh);
                    }
                });
            });
        choice
    }
}
