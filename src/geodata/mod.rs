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
pub mod water;

use std::path::{Path, PathBuf};

use crate::error::AtlasError;

/// Where an atlas's geodata came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GeodataOrigin {
    /// The files embedded in the binary.
    Builtin,
    /// A folder laid out like `geodata/`, chosen by the user.
    Folder(PathBuf),
}

impl std::fmt::Display for GeodataOrigin {
    /// "built-in geodata", or the folder's path.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GeodataOrigin::Builtin => f.write_str("built-in geodata"),
            GeodataOrigin::Folder(dir) => write!(f, "{}", dir.display()),
        }
    }
}

/// The raw text of every geodata file, with the name used in error messages.
///
/// Kept separate from parsing so that the built-in data (embedded in the
/// binary) and a user's folder go through exactly the same checks.
#[derive(Clone, Debug)]
pub struct GeodataFiles {
    /// Where the files came from.
    pub origin: GeodataOrigin,
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
    /// `water.geojson` (an empty collection when a folder has none)
    pub water: String,
    /// `captures/captures.csv`: the sourced town captures the daily fronts
    /// are interpolated from (no rows when a folder has none).
    pub captures: String,
    /// `captures/held_lines.csv`: the lines fronts stood on for weeks (no
    /// rows when a folder has none).
    pub held_lines: String,
}

/// The files of a geodata folder, so loaders and error messages name a file
/// by what it holds rather than by its place in a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GeodataFile {
    /// `regions.geojson`: the regions and their names.
    Regions,
    /// `control.csv`: who controls each region when.
    Control,
    /// `controllers.csv`: the powers.
    Controllers,
    /// `statuses.csv`: the de jure statuses.
    Statuses,
    /// `sources.csv`: the citations.
    Sources,
    /// `military_sites.geojson`: bases and garrisons.
    MilitarySites,
    /// `neighbours.geojson`: the countries drawn for context.
    Neighbours,
    /// `water.geojson`: the lakes, by region (optional in a folder).
    Water,
    /// `captures/captures.csv`: town captures (optional in a folder).
    Captures,
    /// `captures/held_lines.csv`: held front lines (optional in a folder).
    HeldLines,
}

impl GeodataFile {
    /// Every file of a geodata folder.
    pub const ALL: [GeodataFile; 10] = [
        GeodataFile::Regions,
        GeodataFile::Control,
        GeodataFile::Controllers,
        GeodataFile::Statuses,
        GeodataFile::Sources,
        GeodataFile::MilitarySites,
        GeodataFile::Neighbours,
        GeodataFile::Water,
        GeodataFile::Captures,
        GeodataFile::HeldLines,
    ];

    /// The file's name inside the folder.
    pub fn name(self) -> &'static str {
        match self {
            GeodataFile::Regions => "regions.geojson",
            GeodataFile::Control => "control.csv",
            GeodataFile::Controllers => "controllers.csv",
            GeodataFile::Statuses => "statuses.csv",
            GeodataFile::Sources => "sources.csv",
            GeodataFile::MilitarySites => "military_sites.geojson",
            GeodataFile::Neighbours => "neighbours.geojson",
            GeodataFile::Water => "water.geojson",
            GeodataFile::Captures => "captures/captures.csv",
            GeodataFile::HeldLines => "captures/held_lines.csv",
        }
    }
}

/// The header of a gazetteer of captures without rows.
const CAPTURES_HEADER: &str =
    "id,name,other_names,country,lon,lat,campaign,date,from,to,confidence,sources,note\n";

/// The header of a file of held lines without rows.
const HELD_LINES_HEADER: &str =
    "id,campaign,from_date,to_date,description,waypoints,sources,note\n";

/// A GeoJSON FeatureCollection without features.
const EMPTY_COLLECTION: &str = r#"{"type":"FeatureCollection","features":[]}"#;

impl GeodataFiles {
    /// The geodata shipped with the app, embedded at compile time so the app
    /// runs with no set-up and no network.
    pub fn builtin() -> Self {
        GeodataFiles {
            origin: GeodataOrigin::Builtin,
            regions: include_str!("../../geodata/regions.geojson").into(),
            control: include_str!("../../geodata/control.csv").into(),
            controllers: include_str!("../../geodata/controllers.csv").into(),
            statuses: include_str!("../../geodata/statuses.csv").into(),
            sources: include_str!("../../geodata/sources.csv").into(),
            military_sites: include_str!("../../geodata/military_sites.geojson").into(),
            neighbours: include_str!("../../geodata/neighbours.geojson").into(),
            water: include_str!("../../geodata/water.geojson").into(),
            captures: include_str!("../../geodata/captures/captures.csv").into(),
            held_lines: include_str!("../../geodata/captures/held_lines.csv").into(),
        }
    }

    /// Reads a folder laid out like `geodata/`, for people who maintain a
    /// better dataset than the built-in one.
    pub fn from_dir(dir: &Path) -> Result<Self, AtlasError> {
        let read = |file: GeodataFile| -> Result<String, AtlasError> {
            let path = dir.join(file.name());
            std::fs::read_to_string(&path).map_err(|source| AtlasError::Io {
                action: "read",
                path,
                source,
            })
        };
        let optional = |file: GeodataFile, empty: &str| -> Result<String, AtlasError> {
            if dir.join(file.name()).exists() {
                read(file)
            } else {
                Ok(empty.to_string())
            }
        };
        Ok(GeodataFiles {
            origin: GeodataOrigin::Folder(dir.to_path_buf()),
            regions: read(GeodataFile::Regions)?,
            control: read(GeodataFile::Control)?,
            controllers: read(GeodataFile::Controllers)?,
            statuses: read(GeodataFile::Statuses)?,
            sources: read(GeodataFile::Sources)?,
            military_sites: read(GeodataFile::MilitarySites)?,
            neighbours: read(GeodataFile::Neighbours)?,
            // Water is optional: a folder made before the lakes were cut
            // out has none, and its regions are then land and water alike.
            water: if dir.join(GeodataFile::Water.name()).exists() {
                read(GeodataFile::Water)?
            } else {
                EMPTY_COLLECTION.into()
            },
            // Without a gazetteer the region timeline rules every day.
            captures: optional(GeodataFile::Captures, CAPTURES_HEADER)?,
            held_lines: optional(GeodataFile::HeldLines, HELD_LINES_HEADER)?,
        })
    }

    /// The name of `file` as shown in error messages.
    pub(crate) fn label(&self, file: GeodataFile) -> String {
        match &self.origin {
            GeodataOrigin::Builtin => format!("geodata/{} (built in)", file.name()),
            GeodataOrigin::Folder(dir) => format!(
                "{}/{}",
                dir.display().to_string().trim_end_matches('/'),
                file.name()
            ),
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
