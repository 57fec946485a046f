//! A user's own historical GeoJSON, loaded as a layer that follows the date
//! slider.
//!
//! A researcher traces a front line in QGIS or exports features from
//! OpenHistoricalMap and opens the file in the atlas. This module turns the
//! bytes of such a file into a [`UserLayer`] without any user interface:
//! it streams the features ([`parse`]), reads OHM dates ([`dates`]),
//! repairs what can safely be repaired ([`repair`]) and writes a report a
//! user can read and copy ([`report`]). Bad features are listed and skipped;
//! the good ones load. Loading can run on a worker thread: [`LoadProgress`]
//! lets a window show progress and cancel.

pub mod conventions;
pub mod dates;
mod formats;
pub mod parse;
pub mod repair;
pub mod report;
mod split;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use chrono::NaiveDate;

use crate::date::Date;

pub use conventions::{DateConvention, parse_layer_dates};
pub use dates::{OhmDate, Precision, parse_ohm_date};

/// Choices the user makes when opening a file.
#[derive(Clone, Debug)]
pub struct LayerOptions {
    /// The property holding each feature's label. `None` tries
    /// [`DEFAULT_LABEL_PROPERTIES`] in order, since files from QGIS, OHM
    /// and other tools name it differently. Matched without regard to case.
    pub label_property: Option<String>,
    /// The property holding each feature's start date, for files that use
    /// none of the conventions in [`conventions`]. With this or
    /// `end_property` set, only the named properties are read.
    pub start_property: Option<String>,
    /// The property holding each feature's end date (excluded, as in OHM).
    pub end_property: Option<String>,
    /// First and last day (both included) of features without dates of
    /// their own: a map of 1938 is given its year instead of being shown
    /// on every day.
    pub layer_dates: Option<(NaiveDate, NaiveDate)>,
    /// The object of a TopoJSON topology to open; `None` opens every
    /// object as a layer of its own.
    pub topology_object: Option<String>,
    /// Files larger than this many bytes are refused with
    /// [`IssueKind::TooLarge`] before parsing, rather than exhausting memory.
    pub max_bytes: u64,
}

/// Properties tried, in order and without regard to case (`NAME` and
/// `Name` are `name`), for a feature's label when the user names none:
/// the keys of OpenHistoricalMap, Natural Earth, CShapes, QGIS exports and
/// other historical datasets.
pub const DEFAULT_LABEL_PROPERTIES: [&str; 10] = [
    "name",
    "name:en",
    "name_en",
    "cntry_name",
    "name_long",
    "admin",
    "label",
    "title",
    "controller",
    "polity",
];

/// The default size limit: 1 GiB of GeoJSON.
pub const DEFAULT_MAX_BYTES: u64 = 1 << 30;

impl Default for LayerOptions {
    fn default() -> Self {
        LayerOptions {
            label_property: None,
            start_property: None,
            end_property: None,
            layer_dates: None,
            topology_object: None,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// Progress of a load, shared between the loading thread and the window
/// (all fields are atomics, so a `&LoadProgress` can be read while the
/// load runs, e.g. inside an `Arc`).
#[derive(Debug, Default)]
pub struct LoadProgress {
    done: AtomicU64,
    /// Bytes done by a second reading thread, counted from its start.
    tail_done: AtomicU64,
    /// The two-thread read could not be used and the file was read again
    /// on one thread (kept so tests can tell the two paths apart).
    pub(crate) reread: AtomicBool,
    total: AtomicU64,
    cancel: AtomicBool,
}

impl LoadProgress {
    /// A fresh progress with nothing done and no cancel request.
    pub fn new() -> Self {
        Self::default()
    }

    /// Bytes of input processed so far (features parsed and checked).
    pub fn bytes_done(&self) -> u64 {
        let done = self.done.load(Ordering::Relaxed) + self.tail_done.load(Ordering::Relaxed);
        done.min(self.bytes_total())
    }

    /// Bytes of input in total (0 until the load has started).
    pub fn bytes_total(&self) -> u64 {
        self.total.load(Ordering::Relaxed)
    }

    /// The fraction done, 0.0–1.0, for a progress bar.
    pub fn fraction(&self) -> f32 {
        let total = self.bytes_total();
        if total == 0 {
            return 0.0;
        }
        (self.bytes_done() as f64 / total as f64).clamp(0.0, 1.0) as f32
    }

    /// Asks the load to stop; it returns [`IssueKind::Cancelled`] soon after.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Whether [`LoadProgress::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    pub(crate) fn start(&self, total: u64) {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(0, Ordering::Relaxed);
        self.tail_done.store(0, Ordering::Relaxed);
    }

    pub(crate) fn set_done(&self, done: u64) {
        self.done.fetch_max(done, Ordering::Relaxed);
    }

    pub(crate) fn set_tail_done(&self, done: u64) {
        self.tail_done.fetch_max(done, Ordering::Relaxed);
    }
}

/// One end of a feature's life. Missing dates are open-ended; see
/// [`dates`] for how partial dates are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateBound {
    /// No date given: the feature has existed since always (start) or
    /// still exists (end).
    Open,
    /// A date as written in the file.
    Known(OhmDate),
}

impl DateBound {
    /// The first day on which a feature starting here is visible.
    pub fn first_visible_day(self) -> NaiveDate {
        match self {
            DateBound::Open => NaiveDate::MIN,
            DateBound::Known(d) => d.first_day,
        }
    }

    /// The first day on which a feature ending here is no longer visible.
    pub fn first_invisible_day(self) -> NaiveDate {
        match self {
            DateBound::Open => NaiveDate::MAX,
            DateBound::Known(d) if d.precision == Precision::Day => d.first_day,
            DateBound::Known(d) => d.day_after_period(),
        }
    }
}

impl std::fmt::Display for DateBound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DateBound::Open => write!(f, "open"),
            DateBound::Known(d) => write!(f, "{d}"),
        }
    }
}

/// One feature of a user's layer, checked and ready to draw.
#[derive(Clone, Debug)]
pub struct UserFeature {
    /// Its position in the file's `features` array (0-based), so messages
    /// and tooltips can point back into the file.
    pub index: usize,
    /// Text to show on the map: the label property, or `feature N`.
    pub label: String,
    /// Lon/lat geometry (WGS 84): a point, line or polygon, or a multi-
    /// version of one of them.
    pub geometry: geo::Geometry<f64>,
    /// `start_date`.
    pub start: DateBound,
    /// `end_date`.
    pub end: DateBound,
    /// The feature's scalar properties (strings, numbers, booleans), as
    /// written, in file order, for a tooltip. Nested values are skipped.
    pub properties: Vec<(String, String)>,
}

impl UserFeature {
    /// Whether the feature exists on `date` (start inclusive, end exclusive
    /// for full dates; see [`dates`]).
    pub fn visible_on(&self, date: Date) -> bool {
        self.visible_on_day(to_naive(date))
    }

    /// [`UserFeature::visible_on`] for any calendar day, also outside the
    /// atlas period.
    pub fn visible_on_day(&self, day: NaiveDate) -> bool {
        self.start.first_visible_day() <= day && day < self.end.first_invisible_day()
    }
}

fn to_naive(date: Date) -> NaiveDate {
    NaiveDate::from_ymd_opt(date.year(), date.month(), date.day()).unwrap_or(NaiveDate::MIN)
}

/// A loaded layer: the features that passed, and everything noticed on the
/// way (skipped features, repairs).
#[derive(Clone, Debug)]
pub struct UserLayer {
    /// The file name shown to the user.
    pub name: String,
    /// The features that loaded, in file order.
    pub features: Vec<UserFeature>,
    /// Problems: errors (a feature was skipped) and warnings (a feature was
    /// loaded after a repair or with a default).
    pub issues: Vec<LayerIssue>,
    /// How the file was read, for the report: its format when it is not
    /// a FeatureCollection, and the date conventions found.
    pub notes: Vec<String>,
}

impl UserLayer {
    /// The features visible on `date`, for drawing one frame.
    pub fn visible_on(&self, date: Date) -> impl Iterator<Item = &UserFeature> {
        let day = to_naive(date);
        self.features.iter().filter(move |f| f.visible_on_day(day))
    }

    /// How many features were skipped with errors.
    pub fn error_count(&self) -> usize {
        self.issues
            .iter()
            .filter(|i| i.severity == Severity::Error && i.feature.is_some())
            .count()
    }

    /// How many issues are warnings.
    pub fn warning_count(&self) -> usize {
        self.issues
            .iter()
            .filter(|i| i.severity == Severity::Warning)
            .count()
    }
}

/// How bad an issue is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// The feature (or file) could not be loaded.
    Error,
    /// Loaded, but the user should know (a repair, a default).
    Warning,
}

/// What kind of problem, one variant per problem so that tests and the UI
/// can tell them apart without reading messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IssueKind {
    /// The file is not valid JSON; the position of the first error.
    MalformedJson {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// Valid JSON but neither GeoJSON (a FeatureCollection, a Feature, a
    /// geometry) nor a TopoJSON topology: an array, another object...
    NotFeatureCollection,
    /// A TopoJSON topology of several objects where one layer was wanted.
    SeveralLayers,
    /// The file has no bytes (or only white space).
    Empty,
    /// The file is not text (an image, an archive...).
    Binary,
    /// Text in an encoding other than UTF-8 (UTF-16 with a byte order mark).
    Encoding,
    /// A UTF-8 byte order mark, which RFC 7946 forbids; ignored.
    ByteOrderMark,
    /// Larger than [`LayerOptions::max_bytes`].
    TooLarge,
    /// A `crs` member naming something other than WGS 84 longitude/latitude.
    UnknownCrs,
    /// A FeatureCollection with an empty `features` array.
    NoFeatures,
    /// Every feature had an error: nothing to show.
    NoUsableFeatures,
    /// The user cancelled the load.
    Cancelled,
    /// The file could not be read (missing, unreadable).
    Io,
    /// An element of `features` that is not a GeoJSON Feature object.
    NotAFeature,
    /// A feature with no geometry or `"geometry": null`.
    MissingGeometry,
    /// A geometry type the atlas cannot draw (an unknown type name).
    UnsupportedGeometry,
    /// `coordinates` missing or not nested as the geometry type requires
    /// (strings, objects, positions with one number...).
    BadCoordinates,
    /// A longitude outside ±180 or a latitude outside ±90.
    CoordinateOutOfRange,
    /// `"NaN"`, `"Infinity"` or a similar non-number in place of a coordinate.
    NonFiniteCoordinate,
    /// A line with fewer than 2 points or a ring with fewer than 3 distinct
    /// points.
    TooFewPoints,
    /// A polygon ring whose last point is not its first; closed.
    UnclosedRing,
    /// A polygon ring that crosses itself; `repaired` when it was rebuilt
    /// (warning), otherwise the feature was skipped (error).
    SelfIntersection {
        /// Whether the polygon was rebuilt as a valid one.
        repaired: bool,
    },
    /// A polygon whose holes lie outside it or cross each other.
    InvalidPolygon,
    /// A `start_date` or `end_date` that cannot be read.
    BadDate,
    /// A feature with neither `start_date` nor `end_date`: visible on every
    /// day.
    MissingDate,
    /// `end_date` before (or on the same day as) `start_date`.
    EndBeforeStart,
    /// No label property found; the label is `feature N`.
    MissingLabel,
    /// `properties` is neither an object nor null.
    BadProperties,
}

/// One problem in a user's file, located by feature.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerIssue {
    /// The feature's 0-based index in `features`, or `None` for the file.
    pub feature: Option<usize>,
    /// What kind of problem.
    pub kind: IssueKind,
    /// Whether the feature was skipped (error) or loaded (warning).
    pub severity: Severity,
    /// A sentence naming the file and the feature.
    pub message: String,
}

/// A file that could not be loaded at all.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{message}")]
pub struct LayerError {
    /// The file name shown to the user.
    pub file: String,
    /// What kind of problem.
    pub kind: IssueKind,
    /// A sentence naming the file and the problem.
    pub message: String,
    /// Per-feature issues found before the load failed (all of them when
    /// the kind is [`IssueKind::NoUsableFeatures`]).
    pub issues: Vec<LayerIssue>,
}

impl LayerError {
    pub(crate) fn new(file: &str, kind: IssueKind, what: impl std::fmt::Display) -> Self {
        LayerError {
            file: file.to_string(),
            message: format!("{file}: {what}"),
            kind,
            issues: Vec::new(),
        }
    }
}

/// Loads a user's GeoJSON FeatureCollection from its bytes.
///
/// `name` is the file name used in every message. Progress is reported in
/// `progress` as features are read; a cancel request stops the load with
/// [`IssueKind::Cancelled`]. Features with errors are skipped and listed in
/// [`UserLayer::issues`]; the load fails only when the file as a whole is
/// unusable. A single Feature, a bare Geometry and a TopoJSON topology of
/// one object (or with [`LayerOptions::topology_object`]) load too; a
/// topology of several objects needs [`load_layers`].
pub fn load_layer(
    name: &str,
    bytes: &[u8],
    opts: &LayerOptions,
    progress: &LoadProgress,
) -> Result<UserLayer, LayerError> {
    one_layer(name, load_layers(name, bytes, opts, progress)?)
}

/// Loads every layer a file holds: one for GeoJSON (a FeatureCollection,
/// a single Feature or a bare Geometry), one per object for a TopoJSON
/// topology (or only the object [`LayerOptions::topology_object`] names).
pub fn load_layers(
    name: &str,
    bytes: &[u8],
    opts: &LayerOptions,
    progress: &LoadProgress,
) -> Result<Vec<UserLayer>, LayerError> {
    /// Other formats are parsed into memory whole; larger files than this
    /// that are not FeatureCollections are refused as they are.
    const OTHER_FORMATS_UP_TO: usize = 512 << 20;
    match parse::load(name, bytes, opts, progress) {
        Ok(layer) => Ok(vec![layer]),
        Err(e)
            if e.kind == IssueKind::NotFeatureCollection
                && bytes.len() <= OTHER_FORMATS_UP_TO
                && bytes.iter().find(|b| {
                    !b.is_ascii_whitespace() && **b != 0xEF && **b != 0xBB && **b != 0xBF
                }) == Some(&b'{') =>
        {
            formats::load_other(name, bytes, opts, progress, e)
        }
        Err(e) => Err(e),
    }
}

/// The one layer of `layers`, or an error naming the topology's objects.
fn one_layer(name: &str, mut layers: Vec<UserLayer>) -> Result<UserLayer, LayerError> {
    if layers.len() == 1 {
        return Ok(layers.remove(0));
    }
    let names: Vec<String> = layers
        .iter()
        .map(|l| l.name.rsplit(" · ").next().unwrap_or(&l.name).to_string())
        .collect();
    Err(LayerError::new(
        name,
        IssueKind::SeveralLayers,
        format!(
            "the TopoJSON topology has {} objects ({}); name the one to use",
            names.len(),
            names.join(", ")
        ),
    ))
}

/// Reads and loads a GeoJSON or TopoJSON file: [`load_layers`] with
/// `name` in messages, refusing files over [`LayerOptions::max_bytes`]
/// before reading them, and turning an unreadable path into
/// [`IssueKind::Io`]. For the window's File ▸ Open and drag and drop, and
/// for `baltic-atlas check` (through [`crate::user_files::open_path`]).
pub fn load_layer_files(
    path: &std::path::Path,
    name: &str,
    opts: &LayerOptions,
    progress: &LoadProgress,
) -> Result<Vec<UserLayer>, LayerError> {
    let shown = name;
    let io = |e: std::io::Error| {
        LayerError::new(shown, IssueKind::Io, format!("cannot read the file: {e}"))
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(LayerError::new(
            shown,
            IssueKind::Io,
            "this is a folder, not a GeoJSON file",
        ));
    }
    if meta.len() > opts.max_bytes {
        return Err(LayerError::new(
            shown,
            IssueKind::TooLarge,
            format!(
                "the file is {} MB, more than the {} MB the atlas opens",
                meta.len() / 1_000_000,
                opts.max_bytes / 1_000_000
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    load_layers(shown, &bytes, opts, progress)
}

/// [`load_layer_files`] for a file that must hold one layer (a topology of
/// several objects needs [`LayerOptions::topology_object`]).
pub fn load_layer_file(
    path: &std::path::Path,
    name: &str,
    opts: &LayerOptions,
    progress: &LoadProgress,
) -> Result<UserLayer, LayerError> {
    one_layer(name, load_layer_files(path, name, opts, progress)?)
}
