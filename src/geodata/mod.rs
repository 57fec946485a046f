//! The shipped (or user-supplied) geodata: regions, the control timeline and
//! everything it refers to.
//!
//! The data lives in files under `geodata/` (GeoJSON and CSV, see
//! `geodata/SOURCES.md`); this module parses each file into plain domain
//! types. [`crate::atlas::Atlas`] ties them together and checks that they
//! agree.

pub mod controllers;
pub mod neighbours;
pub mod regions;
pub mod sites;
pub mod sources;
pub mod statuses;
pub mod timeline;

use std::path::Path;

use crate::error::AtlasError;

/// The raw text of every geodata file, with the name used in error messages.
///
/// Kept separate from parsing so that the built-in data (embedded in the
/// binary) and a user's folder go through exactly the same checks.
#[derive(Clone, Debug)]
pub struct GeodataFiles {
    /// Where the files came from, e.g. "built-in geodata" or a folder path.
    pub origin: String,
    /// `regions.geojson`
    pub regions: String,
    /// `control.csv`
    pub control: String,
    /// `controllers.csv`
    pub controllers: String,
    /// `statuses.csv`
    pub statuses: String,
    /// `sources.csv`
    pub sources: String,
    /// `military_sites.geojson`
    pub military_sites: String,
    /// `neighbours.geojson`
    pub neighbours: String,
}

/// File names inside a geodata folder, in one place for loaders and docs.
pub const FILE_NAMES: [&str; 7] = [
    "regions.geojson",
    "control.csv",
    "controllers.csv",
    "statuses.csv",
    "sources.csv",
    "military_sites.geojson",
    "neighbours.geojson",
];

impl GeodataFiles {
    /// The geodata shipped with the app, embedded at compile time so the app
    /// runs with no set-up and no network.
    pub fn builtin() -> Self {
        GeodataFiles {
            origin: "built-in geodata".into(),
            regions: include_str!("../../geodata/regions.geojson").into(),
            control: include_str!("../../geodata/control.csv").into(),
            controllers: include_str!("../../geodata/controllers.csv").into(),
            statuses: include_str!("../../geodata/statuses.csv").into(),
            sources: include_str!("../../geodata/sources.csv").into(),
            military_sites: include_str!("../../geodata/military_sites.geojson").into(),
            neighbours: include_str!("../../geodata/neighbours.geojson").into(),
        }
    }

    /// Reads a folder laid out like `geodata/`, for people who maintain a
    /// better dataset than the built-in one.
    pub fn from_dir(dir: &Path) -> Result<Self, AtlasError> {
        let read = |name: &str| -> Result<String, AtlasError> {
            let path = dir.join(name);
            std::fs::read_to_string(&path).map_err(|source| AtlasError::Io {
                action: "read",
                path,
                source,
            })
        };
        Ok(GeodataFiles {
            origin: dir.display().to_string(),
            regions: read(FILE_NAMES[0])?,
            control: read(FILE_NAMES[1])?,
            controllers: read(FILE_NAMES[2])?,
            statuses: read(FILE_NAMES[3])?,
            sources: read(FILE_NAMES[4])?,
            military_sites: read(FILE_NAMES[5])?,
            neighbours: read(FILE_NAMES[6])?,
        })
    }

    /// The name of `file` as shown in error messages.
    pub(crate) fn label(&self, file: &str) -> String {
        if self.origin == "built-in geodata" {
            format!("geodata/{file} (built in)")
        } else {
            format!("{}/{file}", self.origin.trim_end_matches('/'))
        }
    }
}

/// Reads a CSV text into records with 1-based line numbers, checking the
/// header against the columns the loader expects.
pub(crate) fn csv_records(
    text: &str,
    file: &str,
    expected: &[&str],
) -> Result<Vec<(usize, csv::StringRecord)>, AtlasError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| AtlasError::data(file, Some(1), None, format!("unreadable header: {e}")))?
        .clone();
    let found: Vec<&str> = header.iter().map(str::trim).collect();
    if found != expected {
        return Err(AtlasError::data(
            file,
            Some(1),
            None,
            format!(
                "wrong header: expected columns {}, found {}",
                expected.join(","),
                found.join(",")
            ),
        ));
    }
    let mut out = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let line = i + 2;
        let rec = rec.map_err(|e| AtlasError::data(file, Some(line), None, e.to_string()))?;
        if rec.len() != expected.len() {
            return Err(AtlasError::data(
                file,
                Some(line),
                None,
                format!("expected {} fields, found {}", expected.len(), rec.len()),
            ));
        }
        out.push((line, rec));
    }
    Ok(out)
}

/// Splits a `;`-separated list of source keys.
pub(crate) fn source_keys(field: &str) -> Vec<String> {
    field
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}
