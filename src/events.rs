//! What happened: dated events with a short text and their sources, for the
//! event panel and the markers on the slider track.

use crate::date::Date;
use crate::error::AtlasError;
use crate::geodata::{csv_records, source_keys};

/// One event.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// The day it happened (first day, for events spanning days).
    pub date: Date,
    /// A short title for markers and lists.
    pub title: String,
    /// Two or three sentences in the project's own words.
    pub text: String,
    /// Source keys.
    pub sources: Vec<String>,
    /// Where it happened (lon, lat), if it has a single place.
    pub place: Option<(f64, f64)>,
}

/// Parses `events.csv` (`date,title,text,sources,lon,lat`), sorted by date.
pub fn parse(text: &str, file: &str) -> Result<Vec<Event>, AtlasError> {
    let columns = ["date", "title", "text", "sources", "lon", "lat"];
    let mut out = Vec::new();
    for (line, rec) in csv_records(text, file, &columns)? {
        let date = Date::parse(&rec[0])
            .map_err(|e| AtlasError::data(file, Some(line), Some("date"), e.to_string()))?;
        if rec[1].trim().is_empty() {
            return Err(AtlasError::data(
                file,
                Some(line),
                Some("title"),
                "empty title",
            ));
        }
        let coord = |col: usize| -> Result<Option<f64>, AtlasError> {
            let s = rec[col].trim();
            if s.is_empty() {
                return Ok(None);
            }
            s.parse::<f64>().map(Some).map_err(|_| {
                AtlasError::data(
                    file,
                    Some(line),
                    Some(columns[col]),
                    format!("\"{s}\" is not a number"),
                )
            })
        };
        let place = match (coord(4)?, coord(5)?) {
            (Some(lon), Some(lat)) => Some((lon, lat)),
            (None, None) => None,
            _ => {
                return Err(AtlasError::data(
                    file,
                    Some(line),
                    Some("lat"),
                    "give both lon and lat, or neither",
                ));
            }
        };
        out.push(Event {
            date,
            title: rec[1].trim().to_string(),
            text: rec[2].trim().to_string(),
            sources: source_keys(&rec[3]),
            place,
        });
    }
    out.sort_by_key(|e| e.date);
    Ok(out)
}

/// The events on or before `date`, newest first, at most `limit`.
pub fn recent(events: &[Event], date: Date, limit: usize) -> impl Iterator<Item = &Event> {
    let upto = events.partition_point(|e| e.date <= date);
    events[..upto].iter().rev().take(limit)
}
