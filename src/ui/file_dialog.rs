//! The system's file dialogs (through `rfd`) on their own threads, and
//! what to say when none appears: where there is no dialog the atlas can
//! use (no desktop portal), `rfd` answers "nothing chosen" at once, which
//! a user would otherwise see as a button that does nothing.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// What a dialog gave, and how long it was open.
pub struct DialogAnswer {
    /// The chosen path, if any.
    pub path: Option<PathBuf>,
    /// From the request to the answer.
    pub open_for: Duration,
}

/// An answer of nothing faster than this means no dialog was shown.
const TOO_FAST: Duration = Duration::from_millis(300);

/// What the window says when no dialog appeared.
pub const NO_DIALOG: &str =
    "No file dialog appeared: this system has none the atlas can use. Type the path in the field.";

impl DialogAnswer {
    /// True when nothing was chosen too fast for a dialog to have been shown.
    pub fn never_shown(&self) -> bool {
        self.path.is_none() && self.open_for < TOO_FAST
    }
}

/// Runs `dialog` on a named thread; `None` when no thread could start (the
/// path field still works).
pub fn spawn(
    name: &str,
    dialog: impl FnOnce() -> Option<PathBuf> + Send + 'static,
) -> Option<Receiver<DialogAnswer>> {
    let (tx, rx) = channel();
    let asked = Instant::now();
    std::thread::Builder::new()
        .name(name.to_string())
        .spawn(move || {
            let path = dialog();
            let _ = tx.send(DialogAnswer {
                path,
                open_for: asked.elapsed(),
            });
        })
        .ok()
        .map(|_| rx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instant_nothing_means_no_dialog() {
        let rx = spawn("test dialog", || None).unwrap();
        let answer = rx.recv().unwrap();
        assert!(answer.never_shown());
        let rx = spawn("test dialog", || {
            std::thread::sleep(Duration::from_millis(350));
            None
        })
        .unwrap();
        assert!(!rx.recv().unwrap().never_shown(), "a cancelled dialog");
        let chosen = DialogAnswer {
            path: Some(PathBuf::from("x.geojson")),
            open_for: Duration::ZERO,
        };
        assert!(!chosen.never_shown());
    }
}
