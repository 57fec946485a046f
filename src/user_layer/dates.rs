//! OpenHistoricalMap-style dates: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
//!
//! # How partial and end dates are read
//!
//! OpenHistoricalMap tags every object with `start_date` and `end_date`,
//! written as full dates or with year or year-month precision, and either
//! may be missing (open-ended). Consecutive states of a place share a date:
//! one boundary has `end_date=1944-09-22`, its successor
//! `start_date=1944-09-22`. So the atlas reads a feature's life as the
//! half-open interval `[start, end)`, like OHM's own time slider:
//!
//! - a start is the *first day* of its precision: `1944` is 1 January 1944,
//!   `1944-09` is 1 September 1944;
//! - a full-day end is *exclusive*: with `end_date=1944-09-22` the feature
//!   is visible on 21 September, not on the 22nd (its successor is);
//! - a partial end covers the *whole* period it names (OHM rounds partial
//!   end dates up): `end_date=1950` means visible through 31 December 1950,
//!   i.e. the exclusive end is 1 January 1951; `1944-09` means through
//!   30 September.
//!
//! Years before 1 CE (negative or BCE years) are refused with a message:
//! they cannot matter on a map of 1939–1999 and OHM writes them in several
//! incompatible ways.

use chrono::{Datelike, Months, NaiveDate};

/// How precisely a date was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    /// `YYYY`
    Year,
    /// `YYYY-MM`
    Month,
    /// `YYYY-MM-DD`
    Day,
}

/// A date as written in a user's file, kept with its precision so that it
/// can be shown as written and read as a start or an end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OhmDate {
    /// The first day of the period the text names.
    pub first_day: NaiveDate,
    /// How precisely it was written.
    pub precision: Precision,
}

impl OhmDate {
    /// The first day after the period the text names (the exclusive end
    /// when this date is read as a partial `end_date`).
    pub fn day_after_period(self) -> NaiveDate {
        let next = match self.precision {
            Precision::Year => self.first_day.checked_add_months(Months::new(12)),
            Precision::Month => self.first_day.checked_add_months(Months::new(1)),
            Precision::Day => self.first_day.succ_opt(),
        };
        next.unwrap_or(NaiveDate::MAX)
    }
}

impl std::fmt::Display for OhmDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let d = self.first_day;
        match self.precision {
            Precision::Year => write!(f, "{:04}", d.year()),
            Precision::Month => write!(f, "{:04}-{:02}", d.year(), d.month()),
            Precision::Day => write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        }
    }
}

/// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (surrounding spaces allowed).
/// The error is a reason a user can act on, without the file name (the
/// caller adds it).
pub fn parse_ohm_date(input: &str) -> Result<OhmDate, String> {
    let text = input.trim();
    if text.is_empty() {
        return Err("the date is empty (leave the property out for an open end)".into());
    }
    if text.starts_with('-') || text.to_ascii_uppercase().contains("BC") {
        return Err(format!(
            "\"{text}\": years before 1 CE are not supported by the atlas"
        ));
    }
    let expected =
        || format!("\"{text}\" is not a date written as YYYY, YYYY-MM or YYYY-MM-DD (ISO 8601)");
    let parts: Vec<&str> = text.split('-').collect();
    if parts.len() > 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(expected());
    }
    if parts[0].len() != 4 || parts[1..].iter().any(|p| p.len() != 2) {
        return Err(expected());
    }
    let num = |s: &str| s.parse::<u32>().map_err(|_| expected());
    let year = num(parts[0])? as i32;
    if year == 0 {
        return Err(format!(
            "\"{text}\": year 0 does not exist in ISO 8601 as OHM uses it"
        ));
    }
    let month = match parts.get(1) {
        Some(m) => num(m)?,
        None => 1,
    };
    if !(1..=12).contains(&month) {
        return Err(format!("\"{text}\": the month must be between 01 and 12"));
    }
    let day = match parts.get(2) {
        Some(d) => num(d)?,
        None => 1,
    };
    let first_day = NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| format!("\"{text}\": no such day in the calendar"))?;
    let precision = match parts.len() {
        1 => Precision::Year,
        2 => Precision::Month,
        _ => Precision::Day,
    };
    Ok(OhmDate {
        first_day,
        precision,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn precisions_and_period_ends() {
        let y = parse_ohm_date("1950").unwrap();
        assert_eq!(
            (y.first_day, y.precision),
            (ymd(1950, 1, 1), Precision::Year)
        );
        assert_eq!(y.day_after_period(), ymd(1951, 1, 1));
        let m = parse_ohm_date(" 1944-09 ").unwrap();
        assert_eq!(m.first_day, ymd(1944, 9, 1));
        assert_eq!(m.day_after_period(), ymd(1944, 10, 1));
        let d = parse_ohm_date("1944-02-29").unwrap();
        assert_eq!(d.day_after_period(), ymd(1944, 3, 1));
        assert_eq!(d.to_string(), "1944-02-29");
        assert_eq!(m.to_string(), "1944-09");
        assert_eq!(parse_ohm_date("1200").unwrap().first_day, ymd(1200, 1, 1));
    }

    #[test]
    fn refusals_say_why() {
        for bad in [
            "",
            "-0500",
            "500 BC",
            "1944-13",
            "1943-02-29",
            "44",
            "1944/09/01",
            "1944-9-1",
            "1944-09-01T00:00",
            "0000",
            "x",
        ] {
            let e = parse_ohm_date(bad).unwrap_err();
            assert!(!e.is_empty(), "{bad}");
        }
        assert!(parse_ohm_date("-0500").unwrap_err().contains("before 1 CE"));
    }
}
