//! The date properties of the historical datasets people actually have.
//!
//! OpenHistoricalMap writes `start_date`/`end_date` (the end excluded) and,
//! for uncertain dates, `start_date:edtf`/`end_date:edtf` in the Extended
//! Date/Time Format (`1941-06~`, `1944?`, `1941/1944`). Cliopatria writes
//! whole years in `FromYear`/`ToYear`, CShapes days in `gwsdate`/`gwedate`;
//! both *include* their last year or day, so their ends are read as the
//! day after. A file that uses other names can name its properties
//! ([`super::LayerOptions::start_property`]), and a file without any dates
//! can be given one range for the whole layer
//! ([`super::LayerOptions::layer_dates`]).
//!
//! A feature's dates are read with the first convention whose properties
//! it has (in the order of [`DateConvention::TRIED`]); property names match
//! without regard to case.

use chrono::NaiveDate;

use super::dates::{OhmDate, Precision, parse_ohm_date};
use super::{DateBound, LayerOptions};

/// Where a feature's dates came from; the report says which were read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DateConvention {
    /// Properties the user named (`--start-property`, `--end-property`).
    Named,
    /// OpenHistoricalMap's `start_date`/`end_date`.
    Ohm,
    /// OpenHistoricalMap's `start_date:edtf`/`end_date:edtf`.
    Edtf,
    /// Cliopatria's `FromYear`/`ToYear`.
    Cliopatria,
    /// CShapes' `gwsdate`/`gwedate`.
    CShapes,
    /// The range the user gave the whole layer (`--layer-dates`).
    LayerRange,
}

impl DateConvention {
    /// The conventions recognised from a feature's properties, in the
    /// order they are tried.
    pub const TRIED: [DateConvention; 4] = [
        DateConvention::Ohm,
        DateConvention::Edtf,
        DateConvention::Cliopatria,
        DateConvention::CShapes,
    ];

    /// The start and end property names of a recognised convention.
    pub fn keys(self) -> Option<(&'static str, &'static str)> {
        match self {
            DateConvention::Ohm => Some(("start_date", "end_date")),
            DateConvention::Edtf => Some(("start_date:edtf", "end_date:edtf")),
            DateConvention::Cliopatria => Some(("FromYear", "ToYear")),
            DateConvention::CShapes => Some(("gwsdate", "gwedate")),
            DateConvention::Named | DateConvention::LayerRange => None,
        }
    }

    /// How the report names the convention and how its ends are read.
    pub fn describe(self) -> &'static str {
        match self {
            DateConvention::Named => {
                "the start and end properties you named (a full-day end is excluded; \
                 a year or month end is included)"
            }
            DateConvention::Ohm => {
                "start_date/end_date (OpenHistoricalMap: a full-day end is excluded)"
            }
            DateConvention::Edtf => {
                "start_date:edtf/end_date:edtf (OpenHistoricalMap EDTF: uncertain dates as \
                 written, intervals from their earliest start to their latest end)"
            }
            DateConvention::Cliopatria => "FromYear/ToYear (Cliopatria: the last year is included)",
            DateConvention::CShapes => "gwsdate/gwedate (CShapes: the last day is included)",
            DateConvention::LayerRange => "the date range you gave the layer",
        }
    }

    /// Reads one end's text in this convention.
    fn parse(self, text: &str, is_end: bool) -> Result<DateBound, String> {
        match self {
            DateConvention::Ohm | DateConvention::LayerRange => {
                parse_ohm_date(text).map(DateBound::Known)
            }
            DateConvention::Named => parse_any(text, is_end),
            DateConvention::Edtf => parse_edtf(text, is_end),
            DateConvention::Cliopatria => parse_year(text).map(DateBound::Known),
            DateConvention::CShapes => parse_day(text).map(|d| {
                if is_end {
                    // The last day is included: the feature ends the day after.
                    DateBound::Known(OhmDate {
                        first_day: d.succ_opt().unwrap_or(NaiveDate::MAX),
                        precision: Precision::Day,
                    })
                } else {
                    DateBound::Known(OhmDate {
                        first_day: d,
                        precision: Precision::Day,
                    })
                }
            }),
        }
    }
}

/// One feature's dates as read: each end, or why it could not be read
/// (with the property's name).
#[derive(Debug)]
pub struct FeatureDates {
    /// The convention used; `None` when the feature has no dates at all.
    pub convention: Option<DateConvention>,
    /// The start, or the property name and the reason it cannot be read.
    pub start: Result<DateBound, (String, String)>,
    /// The end, likewise.
    pub end: Result<DateBound, (String, String)>,
}

/// Reads a feature's dates. `property` looks a property up by name
/// (without regard to case).
pub fn read_dates<'p>(
    property: impl Fn(&str) -> Option<&'p str>,
    opts: &LayerOptions,
) -> FeatureDates {
    let read = |c: DateConvention, start_key: &str, end_key: &str| {
        let one = |key: &str, is_end: bool| match property(key) {
            None => Ok(DateBound::Open),
            Some(text) => c.parse(text, is_end).map_err(|why| (key.to_string(), why)),
        };
        FeatureDates {
            convention: Some(c),
            start: one(start_key, false),
            end: one(end_key, true),
        }
    };
    if opts.start_property.is_some() || opts.end_property.is_some() {
        let s = opts.start_property.as_deref().unwrap_or("");
        let e = opts.end_property.as_deref().unwrap_or("");
        if (!s.is_empty() && property(s).is_some()) || (!e.is_empty() && property(e).is_some()) {
            return read(DateConvention::Named, s, e);
        }
    } else {
        for c in DateConvention::TRIED {
            if let Some((s, e)) = c.keys()
                && (property(s).is_some() || property(e).is_some())
            {
                return read(c, s, e);
            }
        }
    }
    match opts.layer_dates {
        Some((first, last)) => FeatureDates {
            convention: Some(DateConvention::LayerRange),
            start: Ok(DateBound::Known(OhmDate {
                first_day: first,
                precision: Precision::Day,
            })),
            end: Ok(DateBound::Known(OhmDate {
                first_day: last.succ_opt().unwrap_or(NaiveDate::MAX),
                precision: Precision::Day,
            })),
        },
        None => FeatureDates {
            convention: None,
            start: Ok(DateBound::Open),
            end: Ok(DateBound::Open),
        },
    }
}

/// Parses the `--layer-dates` argument: `FIRST/LAST`, both days included
/// (`1938-01-01/1939-08-31`).
pub fn parse_layer_dates(text: &str) -> Result<(NaiveDate, NaiveDate), String> {
    let Some((a, b)) = text.split_once('/') else {
        return Err(format!(
            "\"{text}\" is not a range: write FIRST/LAST, e.g. 1938-01-01/1939-08-31"
        ));
    };
    let day = |s: &str| -> Result<NaiveDate, String> {
        let d = parse_ohm_date(s)?;
        if d.precision != Precision::Day {
            return Err(format!("\"{}\": give a full day (YYYY-MM-DD)", s.trim()));
        }
        Ok(d.first_day)
    };
    let (first, last) = (day(a)?, day(b)?);
    if last < first {
        return Err(format!("the range {text} ends before it starts"));
    }
    Ok((first, last))
}

/// An EDTF date: qualifiers (`~ ? %`) are dropped, unspecified digits
/// (`194X`, `1944-XX`) widen the precision, and an interval (`A/B`, with
/// `..` or nothing for an open end) gives its first part as a start and
/// its last as an end.
fn parse_edtf(text: &str, is_end: bool) -> Result<DateBound, String> {
    let text = text.trim();
    let part = match text.split_once('/') {
        Some((a, b)) => {
            if is_end {
                b
            } else {
                a
            }
        }
        None => text,
    };
    let part: String = part.chars().filter(|c| !"~?%".contains(*c)).collect();
    let part = part.trim();
    if part.is_empty() || part == ".." {
        return Ok(DateBound::Open);
    }
    let mut pieces: Vec<String> = part.split('-').map(str::to_string).collect();
    // Unspecified month or day: keep the precision above it.
    while pieces.len() > 1
        && pieces
            .last()
            .is_some_and(|p| p.chars().any(|c| c.eq_ignore_ascii_case(&'x')))
    {
        pieces.pop();
    }
    let year = &pieces[0];
    if pieces.len() == 1 && year.chars().any(|c| c.eq_ignore_ascii_case(&'x')) {
        // 194X: the decade, from its first year or to its last.
        let fill = if is_end { '9' } else { '0' };
        let y: String = year
            .chars()
            .map(|c| {
                if c.eq_ignore_ascii_case(&'x') {
                    fill
                } else {
                    c
                }
            })
            .collect();
        return parse_ohm_date(&y).map(DateBound::Known);
    }
    parse_ohm_date(&pieces.join("-"))
        .map(DateBound::Known)
        .map_err(|why| format!("{why} (read as EDTF from \"{text}\")"))
}

/// A whole year, written as a number (`1944`, `1944.0`).
fn parse_year(text: &str) -> Result<OhmDate, String> {
    let t = text.trim();
    let t = t.strip_suffix(".0").unwrap_or(t);
    match t.parse::<i32>() {
        Ok(y) if y >= 1 => parse_ohm_date(&format!("{y:04}")),
        Ok(_) => Err(format!(
            "\"{text}\": years before 1 CE are not supported by the atlas"
        )),
        Err(_) => Err(format!("\"{text}\" is not a year")),
    }
}

/// A day as CShapes and spreadsheets write it: `1991-09-06`, with or
/// without a time after it, `1991/09/06` or `6.9.1991`.
fn parse_day(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    let head: String = t.chars().take(10).collect();
    let iso = head.replace('/', "-");
    if let Ok(d) = parse_ohm_date(&iso)
        && d.precision == Precision::Day
    {
        return Ok(d.first_day);
    }
    let date_part = t.split([' ', 'T']).next().unwrap_or(t);
    let dotted: Vec<&str> = date_part.split('.').collect();
    if let [d, m, y] = dotted[..]
        && let (Ok(d), Ok(m), Ok(y)) = (d.parse::<u32>(), m.parse::<u32>(), y.parse::<i32>())
        && let Some(day) = NaiveDate::from_ymd_opt(y, m, d)
    {
        return Ok(day);
    }
    Err(format!(
        "\"{text}\" is not a day written as YYYY-MM-DD or D.M.YYYY"
    ))
}

/// A date in whatever form a user-named property holds: OHM or EDTF text,
/// a day with a time, or a year number.
fn parse_any(text: &str, is_end: bool) -> Result<DateBound, String> {
    if let Ok(d) = parse_ohm_date(text) {
        return Ok(DateBound::Known(d));
    }
    if let Ok(d) = parse_day(text) {
        return Ok(DateBound::Known(OhmDate {
            first_day: d,
            precision: Precision::Day,
        }));
    }
    if let Ok(y) = parse_year(text) {
        return Ok(DateBound::Known(y));
    }
    parse_edtf(text, is_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn read(props: &[(&str, &str)], opts: &LayerOptions) -> FeatureDates {
        read_dates(
            |k| {
                props
                    .iter()
                    .find(|(p, _)| p.eq_ignore_ascii_case(k))
                    .map(|(_, v)| *v)
            },
            opts,
        )
    }

    fn span(d: &FeatureDates) -> (NaiveDate, NaiveDate) {
        let s = d.start.as_ref().unwrap().first_visible_day();
        let e = d.end.as_ref().unwrap().first_invisible_day();
        (s, e)
    }

    #[test]
    fn each_convention_reads_its_ends_as_documented() {
        let o = LayerOptions::default();
        let ohm = read(
            &[("start_date", "1940-06-17"), ("end_date", "1941-06-22")],
            &o,
        );
        assert_eq!(ohm.convention, Some(DateConvention::Ohm));
        assert_eq!(span(&ohm), (ymd(1940, 6, 17), ymd(1941, 6, 22)));
        // Cliopatria's last year is included.
        let clio = read(&[("FromYear", "1940"), ("ToYear", "1941")], &o);
        assert_eq!(clio.convention, Some(DateConvention::Cliopatria));
        assert_eq!(span(&clio), (ymd(1940, 1, 1), ymd(1942, 1, 1)));
        // CShapes' last day is included, with or without a time.
        let cs = read(
            &[("gwsdate", "1991-09-06 00:00:00"), ("gwedate", "30.6.2019")],
            &o,
        );
        assert_eq!(cs.convention, Some(DateConvention::CShapes));
        assert_eq!(span(&cs), (ymd(1991, 9, 6), ymd(2019, 7, 1)));
        // EDTF: qualifiers dropped, intervals widened, decades filled.
        let e = read(
            &[
                ("start_date:edtf", "1941-06~"),
                ("end_date:edtf", "1944?/1945"),
            ],
            &o,
        );
        assert_eq!(e.convention, Some(DateConvention::Edtf));
        assert_eq!(span(&e), (ymd(1941, 6, 1), ymd(1946, 1, 1)));
        let dec = read(
            &[("start_date:edtf", "194X"), ("end_date:edtf", "195X")],
            &o,
        );
        assert_eq!(span(&dec), (ymd(1940, 1, 1), ymd(1960, 1, 1)));
        let open = read(&[("start_date:edtf", "../1944-09-XX")], &o);
        assert_eq!(open.start.unwrap(), DateBound::Open);
        // Property names match without regard to case.
        let upper = read(&[("START_DATE", "1944")], &o);
        assert_eq!(upper.convention, Some(DateConvention::Ohm));
    }

    #[test]
    fn named_properties_and_layer_ranges() {
        let named = LayerOptions {
            start_property: Some("von".into()),
            end_property: Some("bis".into()),
            ..LayerOptions::default()
        };
        let d = read(&[("von", "1939-09-01"), ("bis", "1945")], &named);
        assert_eq!(d.convention, Some(DateConvention::Named));
        assert_eq!(span(&d), (ymd(1939, 9, 1), ymd(1946, 1, 1)));
        // With names given, the usual properties are not used.
        let none = read(&[("start_date", "1939")], &named);
        assert_eq!(none.convention, None);
        let ranged = LayerOptions {
            layer_dates: Some(parse_layer_dates("1938-01-01/1939-08-31").unwrap()),
            ..LayerOptions::default()
        };
        let r = read(&[("name", "x")], &ranged);
        assert_eq!(r.convention, Some(DateConvention::LayerRange));
        assert_eq!(span(&r), (ymd(1938, 1, 1), ymd(1939, 9, 1)));
        // The feature's own dates win over the layer's range.
        let own = read(&[("start_date", "1950")], &ranged);
        assert_eq!(own.convention, Some(DateConvention::Ohm));
        assert!(parse_layer_dates("1939-08-31/1938-01-01").is_err());
        assert!(parse_layer_dates("1938").is_err());
        assert!(parse_layer_dates("1938-01/1939-08-31").is_err());
    }

    #[test]
    fn unreadable_values_name_their_property() {
        let o = LayerOptions::default();
        let d = read(&[("FromYear", "about 1940")], &o);
        let (key, why) = d.start.unwrap_err();
        assert_eq!(key, "FromYear");
        assert!(why.contains("not a year"), "{why}");
        let cs = read(&[("gwedate", "sometime")], &o);
        assert!(cs.end.is_err());
    }
}
