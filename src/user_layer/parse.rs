//! Streaming parse of a GeoJSON FeatureCollection straight into `geo`
//! types.
//!
//! The file is read once with serde visitors: no `serde_json::Value` or
//! `geojson::Geometry` intermediates, which would cost several times the
//! file size in memory. Each element of `features` is parsed, checked and
//! kept or listed as soon as it has been read, so progress (bytes consumed)
//! reflects all the work. Only JSON syntax errors and a wrong top-level
//! structure abort the load; every problem inside a feature becomes a
//! [`LayerIssue`] and the other features still load.
//!
//! Files of 4 MB and more are read on two threads (see `split.rs`): the
//! result is the same, about a fifth faster on this two-core machine.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, sync_channel};

use geo::Coord;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::conventions::{DateConvention, read_dates};
use super::repair;
use super::split;
use super::{
    DEFAULT_LABEL_PROPERTIES, DateBound, IssueKind, LayerError, LayerIssue, LayerOptions,
    LoadProgress, Severity, UserFeature, UserLayer,
};

/// Bytes looked at when deciding whether a file is text at all.
const SNIFF: usize = 8 * 1024;

/// Names accepted in a `crs` member: all mean WGS 84 longitude/latitude.
const WGS84_NAMES: [&str; 6] = [
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
    "CRS84",
    "OGC:CRS84",
];

pub(crate) fn load(
    name: &str,
    bytes: &[u8],
    opts: &LayerOptions,
    progress: &LoadProgress,
) -> Result<UserLayer, LayerError> {
    load_with(name, bytes, opts, progress, split::PARALLEL_FROM)
}

/// [`load`], on two threads when the file has at least `parallel_from`
/// bytes.
pub(crate) fn load_with(
    name: &str,
    bytes: &[u8],
    opts: &LayerOptions,
    progress: &LoadProgress,
    parallel_from: usize,
) -> Result<UserLayer, LayerError> {
    progress.start(bytes.len() as u64);
    let mut issues = Vec::new();
    let body = preflight(name, bytes, opts, &mut issues)?;
    let two_threads = body.len() >= parallel_from
        && std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2);
    if let Some(plan) = two_threads.then(|| split::plan(body)).flatten() {
        let stop = AtomicBool::new(false);
        let read = std::thread::scope(|scope| {
            let (tx, rx) = sync_channel(1);
            let stop = &stop;
            scope.spawn(move || {
                // The receiver is gone only if the main reader stopped.
                let _ = tx.send(split::read_tail(body, plan.at, progress, stop));
            });
            let tail = Tail {
                from: plan.first_len,
                rx,
            };
            let read = read(
                name,
                bytes,
                body,
                opts,
                progress,
                issues.clone(),
                Some(tail),
            );
            stop.store(true, Ordering::Relaxed);
            read
        });
        if let Some(result) = read {
            return result;
        }
        progress.reread.store(true, Ordering::Relaxed);
    }
    read(name, bytes, body, opts, progress, issues, None).unwrap_or_else(|| {
        // Without a second thread there is nothing to disagree with.
        Err(LayerError::new(
            name,
            IssueKind::NoUsableFeatures,
            "the file could not be read",
        ))
    })
}

/// The features a second thread reads: those from index `from` on.
struct Tail {
    from: usize,
    rx: Receiver<Option<Vec<RawFeature>>>,
}

/// One read of the file; with a [`Tail`], `None` when the second thread's
/// part cannot be used and the file must be read again on one thread.
fn read(
    name: &str,
    bytes: &[u8],
    body: &[u8],
    opts: &LayerOptions,
    progress: &LoadProgress,
    issues: Vec<LayerIssue>,
    tail: Option<Tail>,
) -> Option<Result<UserLayer, LayerError>> {
    let offset = (bytes.len() - body.len()) as u64;
    let base = body.as_ptr() as usize;
    let (skip_from, tail) = match tail {
        Some(t) => (t.from, Some(t.rx)),
        None => (usize::MAX, None),
    };
    let mut ctx = Ctx {
        name,
        opts,
        progress,
        features: Vec::new(),
        issues,
        next_index: 0,
        current_label: None,
        fatal: None,
        saw_features: false,
        top_type: None,
        tree: CoordTree::default(),
        base,
        end: base + body.len(),
        offset,
        skip_from,
        skipped: 0,
        tail,
        fallback: false,
        conventions: Default::default(),
    };
    let mut de = serde_json::Deserializer::from_slice(body);
    let result = TopSeed { ctx: &mut ctx }
        .deserialize(&mut de)
        .and_then(|()| de.end());
    let split_read = skip_from != usize::MAX;
    // An error before the cut is what a sequential read finds too (up to
    // there both read alike). Any other problem of a two-thread read is left
    // to a sequential read, whose messages are the reference; a cancel is a
    // cancel either way.
    let past_cut = ctx.skipped > 0 || ctx.next_index >= skip_from;
    let unsure = match &result {
        Err(_) => past_cut || ctx.fallback,
        Ok(()) => ctx.fallback || ctx.tail.is_some(),
    };
    if split_read && !progress.is_cancelled() && unsure {
        return None;
    }
    Some(ctx.outcome(bytes, result))
}

impl Ctx<'_> {
    /// What one read found: the layer, or why there is none.
    fn outcome(
        self,
        bytes: &[u8],
        result: Result<(), serde_json::Error>,
    ) -> Result<UserLayer, LayerError> {
        let mut ctx = self;
        let (name, progress) = (ctx.name, ctx.progress);
        if progress.is_cancelled() {
            return Err(LayerError::new(
                name,
                IssueKind::Cancelled,
                "loading was cancelled",
            ));
        }
        if let Some((kind, what)) = ctx.fatal.take() {
            return Err(with_issues(LayerError::new(name, kind, what), ctx.issues));
        }
        if let Err(e) = result {
            return Err(with_issues(json_error(name, &e), ctx.issues));
        }
        match ctx.top_type.as_deref() {
            Some("FeatureCollection") => {}
            Some("Feature") => {
                return Err(LayerError::new(
                    name,
                    IssueKind::NotFeatureCollection,
                    "this is a single GeoJSON Feature; the atlas opens FeatureCollections \
                 (wrap it as {\"type\": \"FeatureCollection\", \"features\": [ ... ]})",
                ));
            }
            Some(other) => {
                return Err(LayerError::new(
                    name,
                    IssueKind::NotFeatureCollection,
                    format!(
                        "the GeoJSON type is \"{}\", expected \"FeatureCollection\"",
                        clip(other)
                    ),
                ));
            }
            None if ctx.saw_features => {
                // A `features` array without `"type"`: readable, so read it.
            }
            None => {
                return Err(LayerError::new(
                    name,
                    IssueKind::NotFeatureCollection,
                    "this JSON object is not a GeoJSON FeatureCollection (it has no \"type\" and no \"features\")",
                ));
            }
        }
        if !ctx.saw_features {
            return Err(LayerError::new(
                name,
                IssueKind::NotFeatureCollection,
                "the FeatureCollection has no \"features\" array",
            ));
        }
        progress.set_done(bytes.len() as u64);
        if ctx.next_index == 0 {
            return Err(with_issues(
                LayerError::new(
                    name,
                    IssueKind::NoFeatures,
                    "the FeatureCollection has no features",
                ),
                ctx.issues,
            ));
        }
        if ctx.features.is_empty() {
            let n = ctx.next_index;
            return Err(with_issues(
                LayerError::new(
                    name,
                    IssueKind::NoUsableFeatures,
                    if n == 1 {
                        "its only feature could not be loaded (see the list of problems)"
                            .to_string()
                    } else {
                        format!(
                            "none of the {n} features could be loaded (see the list of problems)"
                        )
                    },
                ),
                ctx.issues,
            ));
        }
        let notes = ctx.convention_notes();
        Ok(UserLayer {
            name: name.to_string(),
            features: ctx.features,
            issues: ctx.issues,
            notes,
        })
    }
}

impl Ctx<'_> {
    /// The report's lines on which date conventions were read.
    /// start_date/end_date is the documented default: only the others are
    /// worth a line.
    fn convention_notes(&self) -> Vec<String> {
        self.conventions
            .iter()
            .filter(|(c, _)| **c != DateConvention::Ohm || self.conventions.len() > 1)
            .map(|(c, n)| {
                format!(
                    "dates of {n} feature{} read from {}",
                    if *n == 1 { "" } else { "s" },
                    c.describe()
                )
            })
            .collect()
    }
}

fn with_issues(mut e: LayerError, issues: Vec<LayerIssue>) -> LayerError {
    e.issues = issues;
    e
}

/// Whole-file checks before parsing: size, emptiness, encoding, binary.
/// Returns the bytes to parse (without a UTF-8 byte order mark).
fn preflight<'a>(
    name: &str,
    bytes: &'a [u8],
    opts: &LayerOptions,
    issues: &mut Vec<LayerIssue>,
) -> Result<&'a [u8], LayerError> {
    if bytes.len() as u64 > opts.max_bytes {
        return Err(LayerError::new(
            name,
            IssueKind::TooLarge,
            format!(
                "the file is {} MB, more than the {} MB the atlas opens",
                bytes.len() / 1_000_000,
                opts.max_bytes / 1_000_000
            ),
        ));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(LayerError::new(
            name,
            IssueKind::Encoding,
            "the file is UTF-16 text; GeoJSON must be UTF-8 (save it again as UTF-8)",
        ));
    }
    let mut body = bytes;
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        body = rest;
        issues.push(LayerIssue {
            feature: None,
            kind: IssueKind::ByteOrderMark,
            severity: Severity::Warning,
            message: format!(
                "{name}: the file starts with a byte order mark, which GeoJSON does not allow; ignored"
            ),
        });
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(LayerError::new(name, IssueKind::Empty, "the file is empty"));
    }
    let head = &body[..body.len().min(SNIFF)];
    let zeros = head.iter().filter(|&&b| b == 0).count();
    if zeros > 0 {
        // UTF-16 without a byte order mark has a zero in every other byte.
        let (kind, what) = if zeros * 3 >= head.len() && (head[0] == 0 || head.get(1) == Some(&0)) {
            (
                IssueKind::Encoding,
                "the file looks like UTF-16 text; GeoJSON must be UTF-8 (save it again as UTF-8)",
            )
        } else {
            (IssueKind::Binary, "this is a binary file, not GeoJSON text")
        };
        return Err(LayerError::new(name, kind, what));
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !b.is_ascii_whitespace())
        .count();
    let invalid_utf8 = match std::str::from_utf8(head) {
        Ok(_) => false,
        // A multi-byte character cut at the end of the sniffed window is fine.
        Err(e) => e.error_len().is_some(),
    };
    if control > 0 || invalid_utf8 {
        return Err(LayerError::new(
            name,
            IssueKind::Binary,
            "this is a binary file (or text that is not UTF-8), not GeoJSON",
        ));
    }
    Ok(body)
}

fn json_error(name: &str, e: &serde_json::Error) -> LayerError {
    let (line, column) = (e.line(), e.column());
    let mut text = e.to_string();
    // serde_json appends " at line L column C"; we say it our way.
    if let Some(i) = text.rfind(" at line ") {
        text.truncate(i);
    }
    let what = match e.classify() {
        serde_json::error::Category::Eof => {
            format!(
                "the JSON ends too early at line {line}, column {column} (is the file truncated?)"
            )
        }
        _ => format!("malformed JSON at line {line}, column {column}: {text}"),
    };
    LayerError::new(name, IssueKind::MalformedJson { line, column }, what)
}

fn clip(s: &str) -> String {
    if s.chars().count() > 60 {
        let mut t: String = s.chars().take(60).collect();
        t.push('…');
        t
    } else {
        s.to_string()
    }
}

/// State shared by the visitors while one file is read.
/// How a report names a feature: its number counted from 1, as people
/// count, and its name where it has one (`feature 3 ("Riga")`).
pub(crate) fn feature_name(index: usize, label: Option<&str>) -> String {
    match label {
        Some(l) => format!("feature {} (\"{l}\")", index + 1),
        None => format!("feature {}", index + 1),
    }
}

struct Ctx<'a> {
    name: &'a str,
    opts: &'a LayerOptions,
    progress: &'a LoadProgress,
    features: Vec<UserFeature>,
    issues: Vec<LayerIssue>,
    next_index: usize,
    fatal: Option<(IssueKind, String)>,
    saw_features: bool,
    top_type: Option<String>,
    /// Coordinate buffer reused from feature to feature.
    tree: CoordTree,
    /// Address of the first byte parsed, to turn the addresses of borrowed
    /// keys into file offsets (progress).
    base: usize,
    end: usize,
    /// Bytes skipped before the parsed body (a byte order mark).
    offset: u64,
    /// Index of the first feature a second thread reads (`usize::MAX`
    /// when there is none): from there on this reader only skips.
    skip_from: usize,
    /// Features skipped for the second thread.
    skipped: usize,
    /// Where the second thread's features arrive; taken when used.
    tail: Option<Receiver<Option<Vec<RawFeature>>>>,
    /// The second thread's part cannot be used: read again on one thread.
    fallback: bool,
    /// How many features had their dates read in each convention.
    conventions: std::collections::BTreeMap<DateConvention, usize>,
    /// The name of the feature being checked, if it has one: its issues
    /// give it after its number.
    current_label: Option<String>,
}

impl Ctx<'_> {
    fn fail<E: de::Error>(&mut self, kind: IssueKind, what: impl Into<String>) -> E {
        let what = what.into();
        let e = E::custom(&what);
        self.fatal = Some((kind, what));
        e
    }

    fn issue(
        &mut self,
        index: usize,
        kind: IssueKind,
        severity: Severity,
        what: impl fmt::Display,
    ) {
        self.issues.push(LayerIssue {
            feature: Some(index),
            kind,
            severity,
            message: format!(
                "{}: {}: {what}",
                self.name,
                feature_name(index, self.current_label.as_deref())
            ),
        });
    }

    /// Checks one parsed feature; keeps it or lists why not.
    fn finish(&mut self, mut raw: RawFeature) {
        let index = self.next_index;
        self.next_index += 1;
        self.current_label = self.known_label(&raw);
        let mark = self.issues.len();
        if let Some(what) = raw.not_a_feature.take() {
            self.issue(index, IssueKind::NotAFeature, Severity::Error, what);
            return;
        }
        if raw.bad_properties {
            self.issue(
                index,
                IssueKind::BadProperties,
                Severity::Warning,
                "\"properties\" is not an object; ignored",
            );
        }
        let (start, end) = self.dates(index, &raw, mark);
        let Some(geometry) = self.geometry(index, std::mem::take(&mut raw.geometry)) else {
            return;
        };
        if self.has_errors_since(mark) {
            return;
        }
        let label = self.label(index, &raw);
        self.features.push(UserFeature {
            index,
            label,
            geometry,
            start,
            end,
            properties: raw.properties,
        });
    }

    /// Whether any issue listed since `mark` is an error.
    fn has_errors_since(&self, mark: usize) -> bool {
        self.issues[mark..]
            .iter()
            .any(|i| i.severity == Severity::Error)
    }

    /// The feature's start and end dates (open when missing or unreadable,
    /// with an issue for each problem), read in the first convention the
    /// feature's properties follow (see [`super::conventions`]).
    fn dates(&mut self, index: usize, raw: &RawFeature, mark: usize) -> (DateBound, DateBound) {
        let read = read_dates(|k| raw.property(k), self.opts);
        if let Some(c) = read.convention {
            *self.conventions.entry(c).or_default() += 1;
        }
        let mut bound = |r: Result<DateBound, (String, String)>| match r {
            Ok(b) => b,
            Err((key, why)) => {
                self.issue(
                    index,
                    IssueKind::BadDate,
                    Severity::Error,
                    format!("{key}: {why}"),
                );
                DateBound::Open
            }
        };
        let start = bound(read.start);
        let end = bound(read.end);
        if self.has_errors_since(mark) {
            return (start, end);
        }
        if read.convention.is_none() {
            self.issue(
                index,
                IssueKind::MissingDate,
                Severity::Warning,
                "no dates (start_date/end_date or another known convention): shown on every day",
            );
        } else if start.first_visible_day() >= end.first_invisible_day() {
            self.issue(
                index,
                IssueKind::EndBeforeStart,
                Severity::Error,
                format!(
                    "the end {end} is not after the start {start}, so the feature is never visible"
                ),
            );
        }
        (start, end)
    }

    /// The feature's geometry, with the notes of its repairs; `None` (and
    /// an error) when there is none to draw.
    fn geometry(&mut self, index: usize, field: GeometryField) -> Option<geo::Geometry<f64>> {
        match field {
            GeometryField::Missing => {
                self.issue(
                    index,
                    IssueKind::MissingGeometry,
                    Severity::Error,
                    "no geometry (\"geometry\" is missing or null)",
                );
                None
            }
            GeometryField::NotAnObject(what) => {
                self.issue(
                    index,
                    IssueKind::UnsupportedGeometry,
                    Severity::Error,
                    format!("\"geometry\" is {what}, not a GeoJSON geometry object"),
                );
                None
            }
            GeometryField::Built(built) => {
                let (geometry, notes) = match built {
                    Ok((geometry, notes)) => (Some(geometry), notes),
                    Err(notes) => (None, notes),
                };
                for n in notes {
                    self.issue(index, n.kind, n.severity, n.what);
                }
                geometry
            }
        }
    }

    /// The label the feature's properties give: the property the user
    /// named, else the first of the usual ones.
    fn known_label(&self, raw: &RawFeature) -> Option<String> {
        match &self.opts.label_property {
            Some(p) => raw.property(p).map(str::to_string),
            None => DEFAULT_LABEL_PROPERTIES
                .iter()
                .find_map(|p| raw.property(p).filter(|s| !s.trim().is_empty()))
                .map(str::to_string),
        }
    }

    /// The feature's label: [`Self::known_label`], else "feature N" (with a
    /// warning).
    fn label(&mut self, index: usize, raw: &RawFeature) -> String {
        if let Some(l) = self.known_label(raw) {
            return l;
        }
        let which = match &self.opts.label_property {
            Some(p) => format!("no \"{p}\" property"),
            None => format!(
                "none of the properties {}",
                DEFAULT_LABEL_PROPERTIES.join(", ")
            ),
        };
        self.issue(
            index,
            IssueKind::MissingLabel,
            Severity::Warning,
            format!("{which}; labelled \"feature N\" by its number"),
        );
        format!("feature {}", index + 1)
    }
}

/// One element of `features` as read, before checks.
#[derive(Default)]
pub(crate) struct RawFeature {
    /// Memory address of the feature's first key inside the input (0 when
    /// unknown): where the parser is, for progress.
    address: usize,
    not_a_feature: Option<String>,
    geometry: GeometryField,
    properties: Vec<(String, String)>,
    bad_properties: bool,
}

impl RawFeature {
    /// A property's value by name: the exact name first, else the first
    /// that matches without regard to case (`NAME` for `name`).
    fn property(&self, key: &str) -> Option<&str> {
        let exact = self.properties.iter().find(|(k, _)| k == key);
        exact
            .or_else(|| {
                self.properties
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(key))
            })
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
enum GeometryField {
    #[default]
    Missing,
    NotAnObject(&'static str),
    Built(Result<(geo::Geometry<f64>, Vec<repair::Note>), Vec<repair::Note>>),
}

// ---------------------------------------------------------------------------
// Top level

struct TopSeed<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

fn describe(u: de::Unexpected<'_>) -> String {
    match u {
        de::Unexpected::Seq => "an array".into(),
        de::Unexpected::Map => "an object".into(),
        de::Unexpected::Str(_) => "a string".into(),
        de::Unexpected::Unit => "null".into(),
        de::Unexpected::Bool(_) => "a boolean".into(),
        _ => "a number".into(),
    }
}

macro_rules! not_this {
    ($( $method:ident ( $($t:ty)? ) => $u:expr ;)*) => {
        $(
            fn $method<E: de::Error>(self $(, _v: $t)?) -> Result<Self::Value, E> {
                self.other(describe($u))
            }
        )*
    };
}

impl TopSeed<'_, '_> {
    fn other<E: de::Error>(self, what: String) -> Result<(), E> {
        Err(self.ctx.fail(
            IssueKind::NotFeatureCollection,
            format!("the file holds {what}, not a GeoJSON FeatureCollection object"),
        ))
    }
}

impl<'de> Visitor<'de> for TopSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON FeatureCollection")
    }
    not_this! {
        visit_bool(bool) => de::Unexpected::Bool(true);
        visit_i64(i64) => de::Unexpected::Signed(0);
        visit_u64(u64) => de::Unexpected::Unsigned(0);
        visit_f64(f64) => de::Unexpected::Float(0.0);
        visit_str(&str) => de::Unexpected::Str("");
        visit_unit() => de::Unexpected::Unit;
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _seq: A) -> Result<(), A::Error> {
        self.other(describe(de::Unexpected::Seq))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let ctx = self.ctx;
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Type => {
                    let t = map.next_value::<LenientString>()?.0;
                    if let Some(t) = &t
                        && t != "FeatureCollection"
                    {
                        // Stop before reading a huge wrong file to its end.
                        let what = if t == "Feature" {
                            "this is a single GeoJSON Feature; the atlas opens FeatureCollections \
                             (wrap it as {\"type\": \"FeatureCollection\", \"features\": [ ... ]})"
                                .to_string()
                        } else {
                            format!(
                                "the GeoJSON type is \"{}\", expected \"FeatureCollection\"",
                                clip(t)
                            )
                        };
                        return Err(ctx.fail(IssueKind::NotFeatureCollection, what));
                    }
                    ctx.top_type = Some(t.unwrap_or_else(|| "(not a string)".into()));
                }
                Key::Features => {
                    ctx.saw_features = true;
                    map.next_value_seed(FeaturesSeed { ctx: &mut *ctx })?;
                }
                Key::Crs => {
                    let crs: serde_json::Value = map.next_value()?;
                    check_crs(ctx, &crs)?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

fn check_crs<E: de::Error>(ctx: &mut Ctx<'_>, crs: &serde_json::Value) -> Result<(), E> {
    if crs.is_null() {
        return Ok(());
    }
    let name = crs
        .pointer("/properties/name")
        .and_then(|v| v.as_str())
        .or_else(|| crs.as_str());
    match name {
        Some(n) if WGS84_NAMES.iter().any(|w| w.eq_ignore_ascii_case(n.trim())) => Ok(()),
        Some(n) => Err(ctx.fail(
            IssueKind::UnknownCrs,
            format!(
                "the file declares the coordinate system \"{}\"; the atlas reads only WGS 84 \
                 longitude/latitude (EPSG:4326 / CRS84): reproject the file, e.g. in QGIS",
                clip(n)
            ),
        )),
        None => Err(ctx.fail(
            IssueKind::UnknownCrs,
            "the file has a \"crs\" member the atlas cannot read; GeoJSON (RFC 7946) is always \
             WGS 84 longitude/latitude: remove the member or reproject the file",
        )),
    }
}

/// Object keys the visitors care about, read without allocating.
enum Key {
    Type,
    Features,
    Crs,
    Geometry,
    Properties,
    Coordinates,
    Geometries,
    Other,
}

impl<'de> de::Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(Key::from_str(v))
            }
        }
        d.deserialize_str(V)
    }
}

impl Key {
    fn from_str(v: &str) -> Key {
        match v {
            "type" => Key::Type,
            "features" => Key::Features,
            "crs" => Key::Crs,
            "geometry" => Key::Geometry,
            "properties" => Key::Properties,
            "coordinates" => Key::Coordinates,
            "geometries" => Key::Geometries,
            _ => Key::Other,
        }
    }
}

/// A [`Key`] with the memory address of its text when serde_json lends it
/// straight from the input (keys without escapes), else 0.
struct AddrKey;

impl<'de> DeserializeSeed<'de> for AddrKey {
    type Value = (Key, usize);
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = (Key, usize);
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok((Key::from_str(v), v.as_ptr() as usize))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok((Key::from_str(v), 0))
            }
        }
        d.deserialize_str(V)
    }
}

/// A string, or `None` for any other JSON value (which is skipped).
struct LenientString(Option<String>);

impl<'de> de::Deserialize<'de> for LenientString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(LenientString(d.deserialize_any(ScalarVisitor)?))
    }
}

/// Reads a property value as text: strings as they are, numbers and
/// booleans written out, `null`, arrays and objects skipped (`None`).
struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

// ---------------------------------------------------------------------------
// Features

struct FeaturesSeed<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for FeaturesSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl FeaturesSeed<'_, '_> {
    fn other<E: de::Error>(self, what: String) -> Result<(), E> {
        Err(self.ctx.fail(
            IssueKind::NotFeatureCollection,
            format!("\"features\" is {what}, not an array of features"),
        ))
    }
}

impl<'de> Visitor<'de> for FeaturesSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of features")
    }
    not_this! {
        visit_bool(bool) => de::Unexpected::Bool(true);
        visit_i64(i64) => de::Unexpected::Signed(0);
        visit_u64(u64) => de::Unexpected::Unsigned(0);
        visit_f64(f64) => de::Unexpected::Float(0.0);
        visit_str(&str) => de::Unexpected::Str("");
        visit_unit() => de::Unexpected::Unit;
    }
    fn visit_map<A: MapAccess<'de>>(self, _map: A) -> Result<(), A::Error> {
        self.other(describe(de::Unexpected::Map))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let ctx = self.ctx;
        loop {
            if ctx.next_index >= ctx.skip_from {
                // The second thread reads these; skipping still checks
                // their syntax.
                if seq.next_element::<IgnoredAny>()?.is_none() {
                    break;
                }
                ctx.skipped += 1;
                continue;
            }
            let Some(raw) = seq.next_element_seed(FeatureSeed {
                tree: &mut ctx.tree,
                progress: ctx.progress,
            })?
            else {
                break;
            };
            if (ctx.base..ctx.end).contains(&raw.address) {
                ctx.progress
                    .set_done((raw.address - ctx.base) as u64 + ctx.offset);
            }
            ctx.finish(raw);
            if ctx.progress.is_cancelled() {
                return Err(de::Error::custom("cancelled"));
            }
        }
        if ctx.skipped > 0 || ctx.next_index >= ctx.skip_from {
            let tail = ctx.tail.take().and_then(|rx| rx.recv().ok()).flatten();
            match tail {
                Some(raws) if raws.len() == ctx.skipped => {
                    for raw in raws {
                        ctx.finish(raw);
                    }
                }
                _ => {
                    ctx.fallback = true;
                    return Err(de::Error::custom("read again on one thread"));
                }
            }
        }
        Ok(())
    }
}

/// Reads one element of `features`; `tree` is the coordinate buffer reused
/// from feature to feature.
pub(crate) struct FeatureSeed<'t> {
    pub(crate) tree: &'t mut CoordTree,
    pub(crate) progress: &'t LoadProgress,
}

impl<'de> DeserializeSeed<'de> for FeatureSeed<'_> {
    type Value = RawFeature;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<RawFeature, D::Error> {
        d.deserialize_any(self)
    }
}

fn other_than_feature<E>(what: String) -> Result<RawFeature, E> {
    Ok(RawFeature {
        not_a_feature: Some(format!(
            "this element of \"features\" is {what}, not a Feature object"
        )),
        ..RawFeature::default()
    })
}

macro_rules! feature_not_this {
    ($( $method:ident ( $($t:ty)? ) => $u:expr ;)*) => {
        $(
            fn $method<E: de::Error>(self $(, _v: $t)?) -> Result<Self::Value, E> {
                other_than_feature(describe($u))
            }
        )*
    };
}

impl<'de> Visitor<'de> for FeatureSeed<'_> {
    type Value = RawFeature;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON Feature")
    }
    feature_not_this! {
        visit_bool(bool) => de::Unexpected::Bool(true);
        visit_i64(i64) => de::Unexpected::Signed(0);
        visit_u64(u64) => de::Unexpected::Unsigned(0);
        visit_f64(f64) => de::Unexpected::Float(0.0);
        visit_str(&str) => de::Unexpected::Str("");
        visit_unit() => de::Unexpected::Unit;
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawFeature, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        other_than_feature("an array".into())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawFeature, A::Error> {
        let mut raw = RawFeature::default();
        let mut type_name: Option<Option<String>> = None;
        while let Some((key, address)) = map.next_key_seed(AddrKey)? {
            if raw.address == 0 {
                raw.address = address;
            }
            match key {
                Key::Type => type_name = Some(map.next_value::<LenientString>()?.0),
                Key::Geometry => {
                    raw.geometry = map.next_value_seed(GeometrySeed {
                        tree: &mut *self.tree,
                        progress: self.progress,
                    })?
                }
                Key::Properties => {
                    let (props, ok) = map.next_value_seed(PropertiesSeed)?;
                    raw.properties = props;
                    raw.bad_properties = !ok;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        match type_name {
            Some(Some(t)) if t == "Feature" => {}
            Some(Some(t)) => {
                raw.not_a_feature = Some(format!(
                    "its type is \"{}\", expected \"Feature\"",
                    clip(&t)
                ));
            }
            Some(None) => raw.not_a_feature = Some("its \"type\" is not a string".into()),
            None => raw.not_a_feature = Some("it has no \"type\": \"Feature\"".into()),
        }
        Ok(raw)
    }
}

struct PropertiesSeed;

impl<'de> DeserializeSeed<'de> for PropertiesSeed {
    type Value = (Vec<(String, String)>, bool);
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for PropertiesSeed {
    type Value = (Vec<(String, String)>, bool);
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok((Vec::new(), true))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(k) = map.next_key::<String>()? {
            if let Some(v) = map.next_value::<LenientString>()?.0 {
                out.push((k, v));
            }
        }
        Ok((out, true))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok((Vec::new(), false))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok((Vec::new(), false))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok((Vec::new(), false))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok((Vec::new(), false))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok((Vec::new(), false))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok((Vec::new(), false))
    }
}

// ---------------------------------------------------------------------------
// Geometry

/// Reads a geometry into the reused coordinate buffer `tree` and builds it.
struct GeometrySeed<'t> {
    tree: &'t mut CoordTree,
    progress: &'t LoadProgress,
}

impl<'de> DeserializeSeed<'de> for GeometrySeed<'_> {
    type Value = GeometryField;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<GeometryField, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for GeometrySeed<'_> {
    type Value = GeometryField;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON geometry")
    }
    fn visit_unit<E: de::Error>(self) -> Result<GeometryField, E> {
        Ok(GeometryField::Missing)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<GeometryField, E> {
        Ok(GeometryField::NotAnObject("a boolean"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<GeometryField, E> {
        Ok(GeometryField::NotAnObject("a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<GeometryField, E> {
        Ok(GeometryField::NotAnObject("a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<GeometryField, E> {
        Ok(GeometryField::NotAnObject("a number"))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<GeometryField, E> {
        Ok(GeometryField::NotAnObject("a string"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<GeometryField, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(GeometryField::NotAnObject("an array"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<GeometryField, A::Error> {
        let tree = self.tree;
        let progress = self.progress;
        tree.clear();
        let mut kind = None;
        let mut seen_coords = false;
        let mut has_geometries = false;
        let mut members: Option<Vec<GeometryField>> = None;
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Type => kind = map.next_value::<LenientString>()?.0,
                Key::Coordinates => {
                    tree.clear();
                    seen_coords = true;
                    map.next_value_seed(NodeSeed {
                        tree: &mut *tree,
                        depth: 0,
                        progress,
                    })?;
                }
                Key::Geometries => {
                    has_geometries = true;
                    members = Some(map.next_value_seed(MembersSeed {
                        tree: &mut *tree,
                        progress,
                    })?);
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if has_geometries && kind.is_none() {
            kind = Some("GeometryCollection".into());
        }
        if kind.as_deref() == Some("GeometryCollection") {
            return Ok(GeometryField::Built(collection(
                members.unwrap_or_default(),
            )));
        }
        let coords = match tree.problem.take() {
            Some(p) => Err(p),
            None if !seen_coords => Err((
                IssueKind::BadCoordinates,
                "the geometry has no \"coordinates\"".to_string(),
            )),
            None => Ok(&*tree),
        };
        Ok(GeometryField::Built(repair::build(kind.as_deref(), coords)))
    }
}

/// The `geometries` of a GeometryCollection, each read as a geometry.
struct MembersSeed<'t> {
    tree: &'t mut CoordTree,
    progress: &'t LoadProgress,
}

impl<'de> DeserializeSeed<'de> for MembersSeed<'_> {
    type Value = Vec<GeometryField>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for MembersSeed<'_> {
    type Value = Vec<GeometryField>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of geometries")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(g) = seq.next_element_seed(GeometrySeed {
            tree: &mut *self.tree,
            progress: self.progress,
        })? {
            out.push(g);
        }
        Ok(out)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(vec![GeometryField::NotAnObject("an object")])
    }
}

/// A GeometryCollection from its members: the members that build are
/// drawn (their repairs noted); members that do not are left out with a
/// warning, and the feature is refused only when none is left.
fn collection(
    members: Vec<GeometryField>,
) -> Result<(geo::Geometry<f64>, Vec<repair::Note>), Vec<repair::Note>> {
    let total = members.len();
    let mut kept = Vec::new();
    let mut notes = Vec::new();
    let mut refused = Vec::new();
    for (i, m) in members.into_iter().enumerate() {
        match m {
            GeometryField::Built(Ok((g, n))) => {
                kept.push(g);
                notes.extend(n);
            }
            GeometryField::Built(Err(n)) => refused.extend(n.into_iter().map(|mut n| {
                n.what = format!("member {i} of the GeometryCollection: {}", n.what);
                n
            })),
            GeometryField::Missing => {}
            GeometryField::NotAnObject(what) => refused.push(repair::error(
                IssueKind::UnsupportedGeometry,
                format!("member {i} of the GeometryCollection is {what}, not a geometry"),
            )),
        }
    }
    if kept.is_empty() {
        if refused.is_empty() {
            refused.push(repair::error(
                IssueKind::MissingGeometry,
                format!("the GeometryCollection has no geometries to draw ({total} members)"),
            ));
        }
        return Err(refused);
    }
    notes.extend(refused.into_iter().map(|mut n| {
        n.severity = Severity::Warning;
        n.what = format!("{}; left out, the other members are drawn", n.what);
        n
    }));
    Ok((
        geo::Geometry::GeometryCollection(geo::GeometryCollection(kept)),
        notes,
    ))
}

/// The `coordinates` of a geometry, read without knowing its type yet
/// (`"type"` may come after `"coordinates"`): positions in file order, and
/// for each nesting depth the number of children of each array there.
#[derive(Debug, Default)]
pub(crate) struct CoordTree {
    /// Every position, in file order.
    pub(crate) coords: Vec<Coord<f64>>,
    /// `counts[d]`: for each array at depth `d` that holds arrays, how many.
    pub(crate) counts: Vec<Vec<u32>>,
    /// The depth at which positions sit, once one has been seen.
    pub(crate) pos_depth: Option<usize>,
    problem: Option<(IssueKind, String)>,
}

impl CoordTree {
    fn clear(&mut self) {
        self.coords.clear();
        self.counts.clear();
        self.pos_depth = None;
        self.problem = None;
    }

    fn problem(&mut self, kind: IssueKind, what: impl Into<String>) {
        if self.problem.is_none() {
            self.problem = Some((kind, what.into()));
        }
    }
}

enum Node {
    Num(f64),
    Arr,
    Other,
}

struct NodeSeed<'t> {
    tree: &'t mut CoordTree,
    depth: usize,
    /// Looked at every [`CANCEL_EVERY`] positions, so that one huge feature
    /// can be cancelled too.
    progress: &'t LoadProgress,
}

const CANCEL_EVERY: usize = 1 << 16;

impl<'de> DeserializeSeed<'de> for NodeSeed<'_> {
    type Value = Node;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NodeSeed<'_> {
    type Value = Node;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("coordinates")
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Num(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Num(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Num(v as f64))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        let t = v.trim().trim_start_matches(['+', '-']).to_ascii_lowercase();
        if ["nan", "inf", "infinity"].contains(&t.as_str()) {
            self.tree.problem(
                IssueKind::NonFiniteCoordinate,
                format!(
                    "a coordinate is the string \"{}\", not a finite number",
                    clip(v)
                ),
            );
        } else {
            self.tree.problem(
                IssueKind::BadCoordinates,
                format!("a coordinate is the string \"{}\", not a number", clip(v)),
            );
        }
        Ok(Node::Other)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Node, E> {
        self.tree.problem(
            IssueKind::BadCoordinates,
            "a coordinate is a boolean, not a number",
        );
        Ok(Node::Other)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        self.tree.problem(
            IssueKind::BadCoordinates,
            "a coordinate is null, not a number",
        );
        Ok(Node::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        self.tree.problem(
            IssueKind::BadCoordinates,
            "the coordinates contain an object",
        );
        Ok(Node::Other)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let tree = self.tree;
        let depth = self.depth;
        let mut nums = 0usize;
        let mut xy = [0.0f64; 2];
        let mut arrays = 0u32;
        let progress = self.progress;
        while let Some(node) = seq.next_element_seed(NodeSeed {
            tree: &mut *tree,
            depth: depth + 1,
            progress,
        })? {
            match node {
                Node::Num(v) => {
                    if nums < 2 {
                        xy[nums] = v;
                    }
                    nums += 1;
                }
                Node::Arr => arrays = arrays.saturating_add(1),
                Node::Other => {}
            }
        }
        if nums > 0 && arrays > 0 {
            tree.problem(
                IssueKind::BadCoordinates,
                "the coordinates mix numbers and arrays at the same level",
            );
        } else if nums > 0 {
            if nums < 2 {
                tree.problem(
                    IssueKind::BadCoordinates,
                    "a position has one number; it needs longitude and latitude",
                );
            }
            match tree.pos_depth {
                Some(d) if d != depth => tree.problem(
                    IssueKind::BadCoordinates,
                    "positions are nested to different depths",
                ),
                _ => tree.pos_depth = Some(depth),
            }
            tree.coords.push(Coord { x: xy[0], y: xy[1] });
            if tree.coords.len().is_multiple_of(CANCEL_EVERY) && progress.is_cancelled() {
                return Err(de::Error::custom("cancelled"));
            }
        } else {
            if tree.counts.len() <= depth {
                tree.counts.resize_with(depth + 1, Vec::new);
            }
            tree.counts[depth].push(arrays);
        }
        Ok(Node::Arr)
    }
}
