//! The window's files between runs: the saved state, written atomically so
//! that a crash while saving leaves the previous state, and the crash
//! report a panic leaves behind so that the next start can say what
//! happened instead of silently reusing the state that led to it.
//!
//! No egui here: the window decides what to show; this module only reads
//! and writes the files.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::atomic_write::write_atomically;
use crate::error::AtlasError;

/// The folder that holds the saved state and crash reports.
#[derive(Clone, Debug)]
pub struct SessionDir {
    dir: PathBuf,
}

/// What reading the saved state found.
#[derive(Debug)]
pub enum SavedStateFile<T> {
    /// No state was saved yet.
    Missing,
    /// The state as saved.
    Loaded(T),
    /// A file that could not be read or understood, and why.
    Unreadable(String),
}

/// A crash report left by the last run, not yet seen by the user.
#[derive(Clone, Debug)]
pub struct PendingCrash {
    /// Where the report is (shown to the user, who may attach it).
    pub path: PathBuf,
    /// The report's text (for *Copy*).
    pub text: String,
}

impl SessionDir {
    /// The app's data folder: `BALTIC_ATLAS_DATA_DIR` when set (tests,
    /// portable installs), else `$XDG_DATA_HOME/baltic-atlas`, else
    /// `~/.local/share/baltic-atlas`, else `%APPDATA%\baltic-atlas`.
    pub fn locate() -> Option<Self> {
        let env = |k: &str| {
            std::env::var_os(k)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let dir = env("BALTIC_ATLAS_DATA_DIR")
            .or_else(|| env("XDG_DATA_HOME").map(|d| d.join("baltic-atlas")))
            .or_else(|| env("HOME").map(|h| h.join(".local/share/baltic-atlas")))
            .or_else(|| env("APPDATA").map(|a| a.join("baltic-atlas")))?;
        Some(SessionDir { dir })
    }

    /// A session folder at `dir` (created when something is written).
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        SessionDir { dir: dir.into() }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The saved state's file.
    pub fn state_path(&self) -> PathBuf {
        self.dir.join("state.json")
    }

    /// Where a panic writes its report.
    pub fn crash_path(&self) -> PathBuf {
        self.dir.join("crash-report.txt")
    }

    /// Where a report goes once the user has seen it.
    fn seen_crash_path(&self) -> PathBuf {
        self.dir.join("crash-report-seen.txt")
    }

    /// Saves `state` as JSON, atomically: the previous file stays whole
    /// until the new one is complete.
    pub fn save_state<T: Serialize>(&self, state: &T) -> Result<(), AtlasError> {
        std::fs::create_dir_all(&self.dir).map_err(|source| AtlasError::Io {
            action: "create",
            path: self.dir.clone(),
            source,
        })?;
        let bytes = serde_json::to_vec_pretty(state).map_err(|e| AtlasError::Io {
            action: "write",
            path: self.state_path(),
            source: std::io::Error::other(e),
        })?;
        write_atomically(&self.state_path(), &bytes)
    }

    /// Reads the saved state.
    pub fn load_state<T: DeserializeOwned>(&self) -> SavedStateFile<T> {
        let path = self.state_path();
        match std::fs::read(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => SavedStateFile::Missing,
            Err(e) => SavedStateFile::Unreadable(format!("{}: {e}", path.display())),
            Ok(bytes) => match serde_json::from_slice(&bytes) {
                Ok(s) => SavedStateFile::Loaded(s),
                Err(e) => SavedStateFile::Unreadable(format!("{}: {e}", path.display())),
            },
        }
    }

    /// The crash report of the last run, if the user has not seen it.
    pub fn pending_crash(&self) -> Option<PendingCrash> {
        let path = self.crash_path();
        let text = std::fs::read_to_string(&path).ok()?;
        Some(PendingCrash { path, text })
    }

    /// Marks the pending crash report as seen (it is kept, renamed, for
    /// the user to find again). Returns where it now is.
    pub fn acknowledge_crash(&self) -> std::io::Result<PathBuf> {
        let seen = self.seen_crash_path();
        std::fs::rename(self.crash_path(), &seen)?;
        Ok(seen)
    }
}

/// What the window was doing, kept up to date by the window so that a
/// panic can write it into the report.
static CRASH_CONTEXT: Mutex<String> = Mutex::new(String::new());

/// Records what the window shows (date, view, open files) for a report.
pub fn set_crash_context(text: &str) {
    if let Ok(mut c) = CRASH_CONTEXT.lock()
        && *c != text
    {
        c.clear();
        c.push_str(text);
    }
}

/// The text of a crash report.
pub fn crash_report_text(message: &str, location: &str, backtrace: &str, context: &str) -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let when = i64::try_from(secs)
        .ok()
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map_or_else(
            || "unknown".to_string(),
            |t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
        );
    format!(
        "Baltic Atlas {} closed unexpectedly.\n\
         When: {when}\n\
         Where: {location}\n\
         Message: {message}\n\
         \n\
         What the window showed:\n{context}\n\
         \n\
         Backtrace:\n{backtrace}\n",
        env!("CARGO_PKG_VERSION"),
    )
}

/// Makes every panic (on any thread) write a crash report into `dir`
/// before the usual message. The previous hook still runs.
pub fn install_panic_hook(dir: SessionDir) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".into());
        let location = info.location().map_or_else(
            || "unknown".into(),
            |l| format!("{}:{}", l.file(), l.line()),
        );
        let thread = std::thread::current()
            .name()
            .unwrap_or("unnamed thread")
            .to_string();
        let context = CRASH_CONTEXT
            .try_lock()
            .map(|c| c.clone())
            .unwrap_or_else(|_| "(busy)".into());
        let backtrace = std::backtrace::Backtrace::force_capture().to_string();
        let text = crash_report_text(
            &message,
            &format!("{location} (thread {thread})"),
            &backtrace,
            &context,
        );
        if std::fs::create_dir_all(dir.dir()).is_ok() {
            let _ = write_atomically(&dir.crash_path(), text.as_bytes());
        }
        previous(info);
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> SessionDir {
        let d = std::env::temp_dir().join(format!("atlas-session-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        SessionDir::at(d)
    }

    #[test]
    fn state_round_trips_and_a_failed_save_keeps_the_previous_one() {
        let s = temp("state");
        assert!(matches!(
            s.load_state::<Vec<u32>>(),
            SavedStateFile::Missing
        ));
        s.save_state(&vec![1u32, 2, 3]).unwrap();
        match s.load_state::<Vec<u32>>() {
            SavedStateFile::Loaded(v) => assert_eq!(v, [1, 2, 3]),
            other => panic!("{other:?}"),
        }
        // A save that cannot complete (its temporary file cannot be made)
        // leaves the previous state whole, and no temporary file behind.
        let tmp = s
            .dir()
            .join(format!(".state.json.{}.tmp", std::process::id()));
        std::fs::create_dir_all(&tmp).unwrap();
        assert!(s.save_state(&vec![9u32]).is_err());
        match s.load_state::<Vec<u32>>() {
            SavedStateFile::Loaded(v) => assert_eq!(v, [1, 2, 3]),
            other => panic!("{other:?}"),
        }
        std::fs::remove_dir_all(&tmp).unwrap();
        std::fs::write(s.state_path(), b"{not json").unwrap();
        assert!(matches!(
            s.load_state::<Vec<u32>>(),
            SavedStateFile::Unreadable(_)
        ));
        let _ = std::fs::remove_dir_all(s.dir());
    }

    #[test]
    fn a_pending_crash_is_shown_once() {
        let s = temp("crash");
        assert!(s.pending_crash().is_none());
        std::fs::create_dir_all(s.dir()).unwrap();
        let text = crash_report_text("boom", "src/x.rs:1", "frames", "date 1944-10-13");
        assert!(text.contains("Message: boom"));
        assert!(text.contains(env!("CARGO_PKG_VERSION")));
        std::fs::write(s.crash_path(), &text).unwrap();
        let pending = s.pending_crash().unwrap();
        assert_eq!(pending.text, text);
        let seen = s.acknowledge_crash().unwrap();
        assert!(seen.exists());
        assert!(s.pending_crash().is_none());
        let _ = std::fs::remove_dir_all(s.dir());
    }
}
