//! Figures: sourced numbers (census results, deportations, troops), one row
//! per value, as shipped in `assets/figures.csv`.

use std::collections::HashSet;

use crate::date::Date;
use crate::error::AtlasError;
use crate::geodata::{csv_records, source_keys};

/// The unit of a figure, and of the charts drawn from figures and geodata.
/// A figures file gives `persons` or `percent`; the charts also count
/// troops (figures in persons) and square kilometres (computed areas).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A number of people.
    Persons,
    /// A percentage (0–100).
    Percent,
    /// A number of soldiers stationed.
    Troops,
    /// An area in square kilometres.
    SquareKm,
}

impl Unit {
    /// The unit as written after a value.
    pub fn suffix(self) -> &'static str {
        match self {
            Unit::Persons => "people",
            Unit::Percent => "%",
            Unit::Troops => "troops",
            Unit::SquareKm => "km²",
        }
    }
}

/// One sourced value.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// What is measured: `population`, `share_titular`, `share_russians`,
    /// `deportations`, `deportations_total`, `troops`, and the loss
    /// estimates `losses_war`, `losses_red_army`, `losses_exile`.
    pub series: String,
    /// EE, LV, LT, or ALL for the three together.
    pub country: String,
    /// The day (census day, first day of an operation).
    pub date: Date,
    /// The last day, for values over a period (an operation, 1944–1955).
    pub period_end: Option<Date>,
    /// The value.
    pub value: f64,
    /// Its unit.
    pub unit: Unit,
    /// A label for the value (operation name), if any.
    pub label: String,
    /// Source keys.
    pub sources: Vec<String>,
    /// Where sources disagree, or how the value is to be read.
    pub note: String,
}

/// The columns of a figures file, in order.
pub const COLUMNS: [&str; 9] = [
    "series",
    "country",
    "date",
    "period_end",
    "value",
    "unit",
    "label",
    "sources",
    "note",
];

const SERIES: [&str; 9] = [
    "population",
    "share_titular",
    "share_russians",
    "deportations",
    "deportations_total",
    "troops",
    "losses_war",
    "losses_red_army",
    "losses_exile",
];

/// Parses and validates a figures CSV: types, dates, units, known series
/// and countries, no duplicate (series, country, date, label) rows. Errors
/// name the file, the line and the field.
pub fn parse(text: &str, file: &str) -> Result<Vec<Figure>, AtlasError> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (line, rec) in csv_records(text, file, &COLUMNS)? {
        let err = |field: &str, msg: String| AtlasError::data(file, Some(line), Some(field), msg);
        let series = rec[0].trim();
        if !SERIES.contains(&series) {
            return Err(err(
                "series",
                format!(
                    "unknown series \"{series}\" (expected one of {})",
                    SERIES.join(", ")
                ),
            ));
        }
        let country = rec[1].trim();
        if !["EE", "LV", "LT", "ALL"].contains(&country) {
            return Err(err(
                "country",
                format!("unknown country \"{country}\" (expected EE, LV, LT or ALL)"),
            ));
        }
        let date = Date::parse_for_figure(&rec[2]).map_err(|e| err("date", e.to_string()))?;
        let period_end = match rec[3].trim() {
            "" => None,
            s => Some(Date::parse_for_figure(s).map_err(|e| err("period_end", e.to_string()))?),
        };
        if period_end.is_some_and(|e| e < date) {
            return Err(err("period_end", "the period ends before it starts".into()));
        }
        let raw = rec[4].trim();
        let value: f64 = raw.parse().map_err(|_| {
            err(
                "value",
                format!("\"{raw}\" is not a number (write 94779, not 94,779)"),
            )
        })?;
        if !value.is_finite() || value < 0.0 {
            return Err(err("value", format!("{raw} is not a count or share")));
        }
        let unit = match rec[5].trim() {
            "persons" => Unit::Persons,
            "percent" => Unit::Percent,
            other => {
                return Err(err(
                    "unit",
                    format!("unknown unit \"{other}\" (expected persons or percent)"),
                ));
            }
        };
        if unit == Unit::Percent && value > 100.0 {
            return Err(err("value", format!("{value}% is more than 100%")));
        }
        let label = rec[6].trim().to_string();
        let sources = source_keys(&rec[7]);
        if sources.is_empty() {
            return Err(err("sources", "every figure needs a source".into()));
        }
        let key = (
            series.to_string(),
            country.to_string(),
            date,
            label.clone(),
            sources.clone(),
        );
        if !seen.insert(key) {
            return Err(err(
                "series",
                format!(
                    "duplicate row: {series} {country} {date} {label} is already given by the same source"
                ),
            ));
        }
        out.push(Figure {
            series: series.to_string(),
            country: country.to_string(),
            date,
            period_end,
            value,
            unit,
            label,
            sources,
            note: rec[8].trim().to_string(),
        });
    }
    Ok(out)
}
