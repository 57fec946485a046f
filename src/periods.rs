//! The broad periods of the sixty years, shaded along the slider track so a
//! user sees the shape of the whole period at a glance.

use crate::date::Date;
use crate::error::AtlasError;
use crate::geodata::{csv_records, source_keys};

/// A named span of time.
#[derive(Clone, Debug, PartialEq)]
pub struct Period {
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Date,
    /// Name, e.g. "German occupation".
    pub label: String,
    /// Source keys.
    pub sources: Vec<String>,
}

/// Parses `periods.csv` (`start_date,end_date,label,sources`); the periods
/// must be consecutive and cover 1939–1999.
pub fn parse(text: &str, file: &str) -> Result<Vec<Period>, AtlasError> {
    let mut out: Vec<Period> = Vec::new();
    for (line, rec) in csv_records(text, file, &["start_date", "end_date", "label", "sources"])? {
        let date = |col: usize, name: &str| {
            Date::parse(&rec[col])
                .map_err(|e| AtlasError::data(file, Some(line), Some(name), e.to_string()))
        };
        let (start, end) = (date(0, "start_date")?, date(1, "end_date")?);
        let expected = out.last().map_or(Date::FIRST, |p| p.end.add_days(1));
        if start != expected || end < start {
            return Err(AtlasError::data(
                file,
                Some(line),
                Some("start_date"),
                format!("periods must follow each other without gaps (expected {expected})"),
            ));
        }
        out.push(Period {
            start,
            end,
            label: rec[2].trim().to_string(),
            sources: source_keys(&rec[3]),
        });
    }
    if out.last().map(|p| p.end) != Some(Date::LAST) {
        return Err(AtlasError::data(
            file,
            None,
            None,
            "periods must end on 1999-12-31",
        ));
    }
    Ok(out)
}
