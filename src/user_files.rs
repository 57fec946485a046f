//! Opening the user's own files: a GeoJSON layer, a CSV of figures or a
//! geodata folder, decided from what the path is. The window (File ▸ Open,
//! drag and drop) and `baltic-atlas check` open paths through
//! [`open_path`], so both refuse the same files with the same messages,
//! and both refuse an oversized file from its size before reading it.

use std::path::Path;

use crate::atlas::Atlas;
use crate::figures::Figure;
use crate::user_layer::{LayerOptions, LoadProgress, UserLayer, load_layer_files};

/// What a path is opened as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// GeoJSON or TopoJSON to show as layers.
    Layer,
    /// A CSV of figures, with the columns of `assets/figures.csv`.
    Figures,
    /// A folder laid out like `geodata/`.
    GeodataFolder,
}

/// Decides how to open `path` from what it is and its extension.
pub fn kind_of(path: &Path) -> FileKind {
    if path.is_dir() {
        return FileKind::GeodataFolder;
    }
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("csv") => FileKind::Figures,
        _ => FileKind::Layer,
    }
}

/// What an opened path holds.
pub enum UserFile {
    /// Layers with their features and the issues of the load: one for a
    /// GeoJSON file, one per object of a TopoJSON topology.
    Layers(Vec<UserLayer>),
    /// Figures to chart.
    Figures(Vec<Figure>),
    /// A whole atlas to replace the built-in one.
    Geodata(Box<Atlas>),
}

/// A path that opened, with its report: a summary line, then how it was
/// read and its warnings or skipped features.
pub struct Opened {
    /// What it holds.
    pub file: UserFile,
    /// The report with repeated issues grouped, one line per item, ending
    /// in a newline.
    pub report: String,
    /// The report with every issue on its own line.
    pub details: String,
}

/// A path that could not be opened: why (`error:` lines), short and in
/// full.
#[derive(Clone, Debug)]
pub struct Refused {
    /// The report with repeated issues grouped.
    pub report: String,
    /// The report with every issue on its own line.
    pub details: String,
}

impl From<String> for Refused {
    fn from(report: String) -> Self {
        Refused {
            details: report.clone(),
            report,
        }
    }
}

/// Opens `path` (named `name` in every message) as what it looks like.
/// A file that cannot be used gives its report (one `error:` line or more)
/// as the error. Never panics.
pub fn open_path(
    path: &Path,
    name: &str,
    opts: &LayerOptions,
    progress: &LoadProgress,
) -> Result<Opened, Refused> {
    let simple = |file: UserFile, report: String| Opened {
        file,
        details: report.clone(),
        report,
    };
    match kind_of(path) {
        FileKind::GeodataFolder => match Atlas::from_dir(path) {
            Ok(atlas) => {
                let report = format!(
                    "{name}: geodata folder loads ({} controllers, {} sources)\n",
                    atlas.controllers.len(),
                    atlas.sources.len()
                );
                Ok(simple(UserFile::Geodata(Box::new(atlas)), report))
            }
            Err(e) => Err(format!("error: {e}\n").into()),
        },
        FileKind::Figures => {
            let figures = read_figures(path, name, opts.max_bytes)?;
            let report = format!(
                "{name}: loaded {} figure{}\n",
                figures.len(),
                if figures.len() == 1 { "" } else { "s" }
            );
            Ok(simple(UserFile::Figures(figures), report))
        }
        FileKind::Layer => match load_layer_files(path, name, opts, progress) {
            Ok(layers) => Ok(Opened {
                report: layers.iter().map(UserLayer::report).collect(),
                details: layers.iter().map(UserLayer::report_verbose).collect(),
                file: UserFile::Layers(layers),
            }),
            Err(e) => Err(Refused {
                report: e.report(),
                details: e.report_verbose(),
            }),
        },
    }
}

/// Reads a figures CSV, refusing it from its size before reading.
fn read_figures(path: &Path, name: &str, max_bytes: u64) -> Result<Vec<Figure>, Refused> {
    let unreadable = |e: std::io::Error| format!("error: {name}: cannot read the file: {e}\n");
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if meta.len() > max_bytes {
        return Err(format!(
            "error: {name}: the file is {} MB, more than the {} MB the atlas opens\n",
            meta.len() / 1_000_000,
            max_bytes / 1_000_000
        )
        .into());
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("error: {name}: not UTF-8 text (save the CSV as UTF-8)\n"))?;
    crate::figures::parse(text.trim_start_matches('\u{feff}'), name)
        .map_err(|e| format!("error: {e}\n").into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests")
            .join(name)
    }

    #[test]
    fn paths_open_as_what_they_are() {
        let progress = LoadProgress::new();
        let opts = LayerOptions::default();
        let layer = open_path(&fixture("user_files/mixed.geojson"), "m", &opts, &progress);
        assert!(matches!(layer.map(|o| o.file), Ok(UserFile::Layers(l)) if l.len() == 1));
        let figs = open_path(
            &fixture("user_files/figures_good.csv"),
            "f",
            &opts,
            &progress,
        );
        assert!(matches!(figs.map(|o| o.file), Ok(UserFile::Figures(_))));
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("geodata");
        let atlas = open_path(&dir, "g", &opts, &progress);
        assert!(matches!(atlas.map(|o| o.file), Ok(UserFile::Geodata(_))));
    }

    #[test]
    fn oversized_files_are_refused_from_their_size() {
        let opts = LayerOptions {
            max_bytes: 10,
            ..LayerOptions::default()
        };
        let progress = LoadProgress::new();
        for f in ["user_files/mixed.geojson", "user_files/figures_good.csv"] {
            let err = open_path(&fixture(f), "big", &opts, &progress)
                .err()
                .expect("refused");
            assert!(err.report.contains("MB the atlas opens"), "{f}: {err:?}");
            // Nothing was read: the progress counter never moved.
            assert_eq!(progress.fraction(), 0.0, "{f}");
        }
    }
}
