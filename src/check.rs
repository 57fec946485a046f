//! `baltic-atlas check FILE…`: the same validation the window runs when a
//! user opens a file, without a window, so a researcher can fix a file (or
//! a script can test one) before opening it.
//!
//! A path is checked as what it looks like: a folder is a replacement
//! geodata folder ([`Atlas::from_dir`]), a `.csv` file a figures file
//! ([`crate::figures::parse`]), anything else a GeoJSON user layer
//! ([`crate::user_layer::load_layer_file`]).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::atlas::Atlas;
use crate::user_layer::{LayerOptions, LoadProgress, load_layer_file};

/// What a path was checked as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckKind {
    /// A GeoJSON FeatureCollection to show as a layer.
    Layer,
    /// A CSV of figures, with the columns of `assets/figures.csv`.
    Figures,
    /// A folder laid out like `geodata/`.
    GeodataFolder,
}

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

/// Decides how to check `path` from what it is and its extension.
pub fn kind_of(path: &Path) -> CheckKind {
    if path.is_dir() {
        return CheckKind::GeodataFolder;
    }
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("csv") => CheckKind::Figures,
        _ => CheckKind::Layer,
    }
}

/// Checks one path. Never panics; an unreadable path is a report too.
pub fn check_path(path: &Path, opts: &LayerOptions) -> CheckReport {
    let kind = kind_of(path);
    let shown = path.display().to_string();
    let (loads, lines) = match kind {
        CheckKind::GeodataFolder => match Atlas::from_dir(path) {
            Ok(atlas) => (
                true,
                vec![format!(
                    "{shown}: geodata folder loads ({} controllers, {} sources)",
                    atlas.controllers.len(),
                    atlas.sources.len()
                )],
            ),
            Err(e) => (false, vec![format!("error: {e}")]),
        },
        CheckKind::Figures => match std::fs::read(path) {
            Err(e) => (false, vec![unreadable(&shown, &e)]),
            Ok(bytes) => match String::from_utf8(bytes) {
                Err(_) => (
                    false,
                    vec![format!(
                        "error: {shown}: not UTF-8 text (save the CSV as UTF-8)"
                    )],
                ),
                Ok(text) => {
                    match crate::figures::parse(text.trim_start_matches('\u{feff}'), &shown) {
                        Ok(figs) => (
                            true,
                            vec![format!(
                                "{shown}: loaded {} figure{}",
                                figs.len(),
                                if figs.len() == 1 { "" } else { "s" }
                            )],
                        ),
                        Err(e) => (false, vec![format!("error: {e}")]),
                    }
                }
            },
        },
        CheckKind::Layer => match load_layer_file(path, opts, &LoadProgress::new()) {
            Ok(layer) => (true, layer.report().lines().map(str::to_string).collect()),
            Err(e) => (false, e.report().lines().map(str::to_string).collect()),
        },
    };
    CheckReport {
        path: path.to_path_buf(),
        kind,
        loads,
        lines,
    }
}

fn unreadable(shown: &str, e: &std::io::Error) -> String {
    format!("error: {shown}: cannot read the file: {e}")
}

/// Checks every path and writes the reports to `out`. Returns whether all
/// of them load (the CLI's exit status: 0 when true, 1 when false).
pub fn run(
    paths: &[PathBuf],
    label_property: Option<&str>,
    out: &mut dyn Write,
) -> std::io::Result<bool> {
    let opts = LayerOptions {
        label_property: label_property.map(str::to_string),
        ..LayerOptions::default()
    };
    let mut all = true;
    for p in paths {
        let report = check_path(p, &opts);
        all &= report.loads;
        out.write_all(report.text().as_bytes())?;
    }
    Ok(all)
}
