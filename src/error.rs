//! Errors as values with messages a user can act on.

use std::path::PathBuf;

/// Everything that can go wrong in the atlas library, phrased for the person
/// who caused it (a mistyped date, a broken data file) rather than for the
/// programmer.
#[derive(Debug, thiserror::Error)]
pub enum AtlasError {
    /// A date that does not exist or is not written as `YYYY-MM-DD`.
    #[error("invalid date \"{input}\": {reason}")]
    InvalidDate {
        /// What the user typed.
        input: String,
        /// Why it was refused.
        reason: String,
    },
    /// A real date outside the period the atlas covers.
    #[error("date {input} is outside the atlas period 1939-01-01 to 1999-12-31")]
    DateOutOfRange {
        /// What the user typed.
        input: String,
    },
    /// A longitude/latitude pair that is not a coordinate at all.
    #[error("invalid coordinate: {0}")]
    InvalidCoordinate(String),
    /// A point that lies outside every region of the atlas.
    #[error(
        "the point (lon {lon}, lat {lat}) is outside the area the atlas covers (Estonia, Latvia and Lithuania in their largest 1939–1999 extent)"
    )]
    OutsideCoverage {
        /// Longitude in degrees.
        lon: f64,
        /// Latitude in degrees.
        lat: f64,
    },
    /// A data file with a problem, located as precisely as possible.
    #[error("{file}{}: {message}", location(.line, .field))]
    Data {
        /// The file (or built-in data set) that holds the problem.
        file: String,
        /// 1-based line (CSV) or feature number (GeoJSON), when known.
        line: Option<usize>,
        /// The column or property, when known.
        field: Option<String>,
        /// What is wrong, in words.
        message: String,
    },
    /// An image or table that could not be made (bad size, unknown chart,
    /// a format the target does not offer).
    #[error("cannot export: {0}")]
    Export(String),
    /// A file that could not be read or written.
    #[error("cannot {action} {}: {source}", .path.display())]
    Io {
        /// "read", "write", "create"...
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
}

fn location(line: &Option<usize>, field: &Option<String>) -> String {
    match (line, field) {
        (Some(l), Some(f)) => format!(", line {l}, field \"{f}\""),
        (Some(l), None) => format!(", line {l}"),
        (None, Some(f)) => format!(", field \"{f}\""),
        (None, None) => String::new(),
    }
}

impl AtlasError {
    /// What the user can do about a failed read or write, in words (shown
    /// under the error in the app).
    pub fn hint(&self) -> &'static str {
        use std::io::ErrorKind as K;
        match self {
            AtlasError::Io { source, .. } => match source.kind() {
                K::PermissionDenied => {
                    "You may not write there. Choose another folder, for example your Documents or Pictures folder."
                }
                K::NotFound => "That folder does not exist (any more). Choose an existing folder.",
                K::StorageFull | K::QuotaExceeded => {
                    "The disk is full. Free some space or choose another disk."
                }
                K::ReadOnlyFilesystem => "That disk is read-only. Choose another folder.",
                K::NotADirectory => "Part of the path is a file, not a folder. Check the path.",
                K::IsADirectory => "That path is a folder. Add a file name.",
                K::InvalidFilename => "The file name has characters this system does not allow.",
                _ => "Check the path and try again.",
            },
            AtlasError::Export(_) => "Change the settings above and try again.",
            _ => "",
        }
    }

    /// A data error located at a file, line and field.
    pub fn data(
        file: impl Into<String>,
        line: Option<usize>,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        AtlasError::Data {
            file: file.into(),
            line,
            field: field.map(str::to_string),
            message: message.into(),
        }
    }
}
