//! `baltic-atlas check FILE…`: the same validation the window runs when a
//! user opens a file, without a window, so a researcher can fix a file (or
//! a script can test one) before opening it.
//!
//! A path is checked as what it looks like, through the same
//! [`crate::user_files::open_path`] the window uses: a folder is a
//! replacement geodata folder, a `.csv` file a figures file, anything else
//! a GeoJSON user layer.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::user_files::open_path;
pub use crate::user_files::{FileKind as CheckKind, kind_of};
use crate::user_layer::{LayerOptions, LoadProgress};

/// The outcome of checking one path: whether it loads, and the report
/// lines (a summary, then one line per problem).
#[derive(Clone, Debug)]
pub struct CheckReport {
    /// The path as given.
    pub path: PathBuf,
    /// What it was checked as.
    pub kind: CheckKind,
    /// True when the file loads (possibly with warnings or skipped
    /// features); false when it cannot be used at all.
    pub loads: bool,
    /// The report, one line per item, as printed by the CLI.
    pub lines: Vec<String>,
}

impl CheckReport {
    /// The report as text, one line per item.
    pub fn text(&self) -> String {
        let mut s = self.lines.join("\n");
        s.push('\n');
        s
    }
}

/// Checks one path as the window would open it; `verbose` lists every
/// issue on its own line instead of grouping repeats. Never panics; an
/// unreadable path is a report too.
pub fn check_path(path: &Path, opts: &LayerOptions, verbose: bool) -> CheckReport {
    let shown = path.display().to_string();
    let pick = |short: String, long: String| if verbose { long } else { short };
    let (loads, report) = match open_path(path, &shown, opts, &LoadProgress::new()) {
        Ok(opened) => (true, pick(opened.report, opened.details)),
        Err(refused) => (false, pick(refused.report, refused.details)),
    };
    CheckReport {
        path: path.to_path_buf(),
        kind: kind_of(path),
        loads,
        lines: report.lines().map(str::to_string).collect(),
    }
}
/// Checks every path and writes the reports to `out`. Returns whether all
/// of them load (the CLI's exit status: 0 when true, 1 when false).
pub fn run(
    paths: &[PathBuf],
    opts: &LayerOptions,
    verbose: bool,
    out: &mut dyn Write,
) -> std::io::Result<bool> {
    let mut all = true;
    for p in paths {
        let report = check_path(p, opts, verbose);
        all &= report.loads;
        out.write_all(report.text().as_bytes())?;
    }
    Ok(all)
}
