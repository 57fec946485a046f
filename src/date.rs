//! Calendar dates with day precision, limited to the atlas period.
//!
//! Everything in the atlas is keyed by a day between 1939-01-01 and
//! 1999-12-31. [`Date`] wraps a day index so comparisons and slider
//! arithmetic are integer operations, while parsing and display go through
//! the proleptic Gregorian calendar.

use std::fmt;

use chrono::{Datelike, Months, NaiveDate};

use crate::error::AtlasError;

/// A day in the atlas period (1939-01-01 ..= 1999-12-31).
///
/// Stored as the number of days since 1939-01-01 so that the slider, the
/// timeline's binary searches and the charts can treat dates as integers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1939, 1, 1).unwrap_or_default()
}

impl Date {
    /// The first day the atlas covers: 1 January 1939.
    pub const FIRST: Date = Date(0);
    /// The last day the atlas covers: 31 December 1999.
    pub const LAST: Date = Date(22_279);

    /// Builds a date from year, month and day; errors on impossible dates
    /// (30 February) and on days outside the atlas period.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Result<Date, AtlasError> {
        let text = format!("{year:04}-{month:02}-{day:02}");
        let naive =
            NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| AtlasError::InvalidDate {
                input: text.clone(),
                reason: "no such day in the calendar".into(),
            })?;
        Date::from_naive(naive).ok_or(AtlasError::DateOutOfRange { input: text })
    }

    /// Parses an ISO 8601 calendar date (`YYYY-MM-DD`) inside the atlas period.
    pub fn parse(input: &str) -> Result<Date, AtlasError> {
        let text = input.trim();
        let invalid = |reason: &str| AtlasError::InvalidDate {
            input: text.to_string(),
            reason: reason.to_string(),
        };
        let mut parts = text.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid("expected a date written as YYYY-MM-DD"));
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(invalid("expected a date written as YYYY-MM-DD"));
        }
        let number = |s: &str| -> Result<u32, AtlasError> {
            if s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse::<u32>()
                    .map_err(|_| invalid("expected a date written as YYYY-MM-DD"))
            } else {
                Err(invalid("expected a date written as YYYY-MM-DD"))
            }
        };
        let (y, m, d) = (number(y)?, number(m)?, number(d)?);
        if !(1..=12).contains(&m) {
            return Err(invalid("the month must be between 01 and 12"));
        }
        Date::from_ymd(y as i32, m, d).map_err(|e| match e {
            AtlasError::InvalidDate { reason, .. } => invalid(&reason),
            other => other,
        })
    }

    /// Parses a date as people type it: `1944-10-13`, `13.10.1944`,
    /// `13 October 1944`, `Oct 13, 1944`, `1944-10` (the 1st) or `1944`
    /// (1 January). Returns the date and, when the text was not a full
    /// ISO date, how it was read ("read as 1 October 1944"), so the window
    /// can say what it understood.
    pub fn parse_loose(input: &str) -> Result<(Date, Option<String>), AtlasError> {
        let text = input.trim();
        match Date::parse(text) {
            Ok(d) => return Ok((d, None)),
            // An ISO date that is wrong keeps its own reason ("no such day").
            Err(e) if text.split('-').count() == 3 => return Err(e),
            Err(_) => {}
        }
        let invalid = || AtlasError::InvalidDate {
            input: text.to_string(),
            reason: "expected a date such as 1944-10-13, 13.10.1944, 13 October 1944 or 1944-10"
                .to_string(),
        };
        let (y, m, d) = loose_parts(text).ok_or_else(invalid)?;
        let date = Date::from_ymd(y, m, d)?;
        Ok((date, Some(format!("read as {}", date.long()))))
    }

    fn from_naive(naive: NaiveDate) -> Option<Date> {
        let days = naive.signed_duration_since(epoch()).num_days();
        let days = i32::try_from(days).ok()?;
        (Date::FIRST.0..=Date::LAST.0)
            .contains(&days)
            .then_some(Date(days))
    }

    /// The date `index` days after 1939-01-01, clamped to the atlas period.
    pub fn from_day_index(index: i64) -> Date {
        Date(index.clamp(Date::FIRST.0 as i64, Date::LAST.0 as i64) as i32)
    }

    /// Days since 1939-01-01: the slider position and chart x coordinate.
    pub fn day_index(self) -> i32 {
        self.0
    }

    fn naive(self) -> NaiveDate {
        epoch()
            .checked_add_signed(chrono::TimeDelta::days(self.0 as i64))
            .unwrap_or_default()
    }

    /// Parses `YYYY-MM-DD` for a figure, which may lie outside the atlas
    /// period (interwar censuses of 1923–1935, the 2000–2001 censuses):
    /// years 1900–2010 are accepted. The slider never goes there; charts do.
    pub fn parse_for_figure(input: &str) -> Result<Date, AtlasError> {
        match Date::parse(input) {
            Err(AtlasError::DateOutOfRange { input }) => {
                let naive = NaiveDate::parse_from_str(input.trim(), "%Y-%m-%d").map_err(|_| {
                    AtlasError::InvalidDate {
                        input: input.clone(),
                        reason: "expected a date written as YYYY-MM-DD".into(),
                    }
                })?;
                if !(1900..=2010).contains(&naive.year()) {
                    return Err(AtlasError::InvalidDate {
                        input,
                        reason: "figures must be dated between 1900 and 2010".into(),
                    });
                }
                let days = naive.signed_duration_since(epoch()).num_days();
                Ok(Date(days as i32))
            }
            other => other,
        }
    }

    /// Calendar year.
    pub fn year(self) -> i32 {
        self.naive().year()
    }

    /// Calendar month, 1–12.
    pub fn month(self) -> u32 {
        self.naive().month()
    }

    /// Day of the month, 1–31.
    pub fn day(self) -> u32 {
        self.naive().day()
    }

    /// The date moved by `days`, clamped to the atlas period.
    pub fn add_days(self, days: i64) -> Date {
        Date::from_day_index(self.0 as i64 + days)
    }

    /// The date moved by whole months (negative for earlier), keeping the day
    /// of the month where it exists (31 March − 1 month = 28/29 February),
    /// clamped to the atlas period.
    pub fn add_months(self, months: i32) -> Date {
        let naive = self.naive();
        let moved = if months >= 0 {
            naive.checked_add_months(Months::new(months as u32))
        } else {
            naive.checked_sub_months(Months::new(months.unsigned_abs()))
        };
        match moved.and_then(Date::from_naive) {
            Some(d) => d,
            None if months >= 0 => Date::LAST,
            None => Date::FIRST,
        }
    }

    /// The date moved by whole years, as [`Date::add_months`] with 12 months.
    pub fn add_years(self, years: i32) -> Date {
        self.add_months(years.saturating_mul(12))
    }

    /// The date as a decimal year (1944.78 for 13 October 1944): the x
    /// coordinate of every time chart.
    pub fn decimal_year(self) -> f64 {
        let n = self.naive();
        let year = n.year();
        let days = if NaiveDate::from_ymd_opt(year, 2, 29).is_some() {
            366.0
        } else {
            365.0
        };
        year as f64 + n.ordinal0() as f64 / days
    }

    /// The date at a decimal year, clamped to the atlas period (a click on a
    /// chart).
    pub fn from_decimal_year(x: f64) -> Date {
        if !x.is_finite() {
            return Date::FIRST;
        }
        let year = x.floor().clamp(1939.0, 1999.0) as i32;
        let days = if NaiveDate::from_ymd_opt(year, 2, 29).is_some() {
            366.0
        } else {
            365.0
        };
        let ordinal = ((x - year as f64) * days).floor().clamp(0.0, days - 1.0) as u32;
        NaiveDate::from_yo_opt(year, ordinal + 1)
            .and_then(Date::from_naive)
            .unwrap_or(if x < 1939.0 { Date::FIRST } else { Date::LAST })
    }

    /// The ISO form `1944-10-13`, as used in files and on the command line.
    pub fn iso(self) -> String {
        self.to_string()
    }

    /// A span of days as a reader should take it: where it starts on the
    /// atlas's first day it began before it ("Before 1939 until 27 October
    /// 1939"); where it ends on the last day it went on ("From 6 September
    /// 1991 onwards"). Used by the map's hover and the region history, so
    /// both say the same.
    pub fn span_text(start: Date, end: Date) -> String {
        match (start == Date::FIRST, end == Date::LAST) {
            (true, true) => "Throughout 1939–1999 (the whole atlas)".into(),
            (true, false) => format!("Before 1939 until {}", end.long()),
            (false, true) => format!("From {} onwards", start.long()),
            (false, false) => format!("From {} to {}", start.long(), end.long()),
        }
    }

    /// The long form a reader expects: `13 October 1944`.
    pub fn long(self) -> String {
        let n = self.naive();
        format!(
            "{} {} {}",
            n.day(),
            MONTH_NAMES[n.month0() as usize],
            n.year()
        )
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.naive();
        write!(f, "{:04}-{:02}-{:02}", n.year(), n.month(), n.day())
    }
}

impl std::str::FromStr for Date {
    type Err = AtlasError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Date::parse(s)
    }
}

/// English month names and their three-letter abbreviations.
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&w))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// Year, month and day of the loose forms [`Date::parse_loose`] reads.
fn loose_parts(text: &str) -> Option<(i32, u32, u32)> {
    let num = |s: &str| s.trim().parse::<u32>().ok();
    let year = |s: &str| {
        let s = s.trim();
        (s.len() == 4).then(|| s.parse::<i32>().ok()).flatten()
    };
    // 13.10.1944
    if let [d, m, y] = text.split('.').collect::<Vec<_>>()[..] {
        return Some((year(y)?, num(m)?, num(d)?));
    }
    // 1944-10, 1944
    let dashed: Vec<&str> = text.split('-').collect();
    match dashed[..] {
        [y, m] => return Some((year(y)?, num(m)?, 1)),
        [y] if year(y).is_some() => return Some((year(y)?, 1, 1)),
        _ => {}
    }
    // 13 October 1944, October 13, 1944, Oct 1944
    let words: Vec<&str> = text.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    match words[..] {
        [d, m, y] if num(d).is_some() => Some((year(y)?, month_number(m)?, num(d)?)),
        [m, d, y] => Some((year(y)?, month_number(m)?, num(d)?)),
        [m, y] => Some((year(y)?, month_number(m)?, 1)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_as_people_type_them() {
        let read = |s: &str| Date::parse_loose(s).map(|(d, how)| (d.iso(), how));
        assert_eq!(read("1944-10-13").unwrap(), ("1944-10-13".into(), None));
        for s in [
            "13.10.1944",
            "13 October 1944",
            "October 13, 1944",
            "13 Oct 1944",
        ] {
            let (d, how) = read(s).unwrap();
            assert_eq!(d, "1944-10-13", "{s}");
            assert_eq!(how.as_deref(), Some("read as 13 October 1944"), "{s}");
        }
        assert_eq!(read("1944-10").unwrap().0, "1944-10-01");
        assert_eq!(read("1944").unwrap().0, "1944-01-01");
        assert_eq!(read("Sept 1939").unwrap().0, "1939-09-01");
        assert!(read("31.02.1944").is_err());
        assert!(read("13 Octember 1944").is_err());
        assert!(read("1938").is_err(), "before the atlas period");
        assert!(read("soon").is_err());
    }

    #[test]
    fn bounds_are_the_atlas_period() {
        assert_eq!(Date::FIRST.iso(), "1939-01-01");
        assert_eq!(Date::LAST.iso(), "1999-12-31");
    }

    #[test]
    fn parses_and_formats() {
        let d = Date::parse("1944-10-13").unwrap();
        assert_eq!(d.iso(), "1944-10-13");
        assert_eq!(d.long(), "13 October 1944");
        assert_eq!((d.year(), d.month(), d.day()), (1944, 10, 13));
    }

    #[test]
    fn rejects_impossible_and_out_of_range_dates() {
        assert!(matches!(
            Date::parse("1944-02-30"),
            Err(AtlasError::InvalidDate { .. })
        ));
        assert!(matches!(
            Date::parse("1944-13-01"),
            Err(AtlasError::InvalidDate { .. })
        ));
        assert!(matches!(
            Date::parse("1938-12-31"),
            Err(AtlasError::DateOutOfRange { .. })
        ));
        assert!(matches!(
            Date::parse("2000-01-01"),
            Err(AtlasError::DateOutOfRange { .. })
        ));
        assert!(Date::parse("13/10/1944").is_err());
        assert!(Date::parse("").is_err());
        assert!(Date::parse("1944-1-13").is_err());
        assert!(Date::parse("+944-10-13").is_err());
        assert!(Date::parse("1940-02-29").is_ok());
        assert!(Date::parse("1941-02-29").is_err());
    }

    #[test]
    fn decimal_years_round_trip() {
        for d in ["1939-01-01", "1944-10-13", "1960-12-31", "1999-12-31"] {
            let d = Date::parse(d).unwrap();
            assert_eq!(Date::from_decimal_year(d.decimal_year()), d);
        }
        assert_eq!(Date::from_decimal_year(1800.0), Date::FIRST);
        assert_eq!(Date::from_decimal_year(2100.0), Date::LAST);
        assert_eq!(Date::from_decimal_year(f64::NAN), Date::FIRST);
    }

    #[test]
    fn steps_clamp_to_the_period() {
        let d = Date::parse("1944-03-31").unwrap();
        assert_eq!(d.add_months(-1).iso(), "1944-02-29");
        assert_eq!(d.add_years(1).iso(), "1945-03-31");
        assert_eq!(Date::LAST.add_days(1), Date::LAST);
        assert_eq!(Date::FIRST.add_months(-1), Date::FIRST);
        assert_eq!(Date::LAST.add_years(1), Date::LAST);
    }
}
