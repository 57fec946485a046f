//! Soviet/Russian military sites after 1991, shown while they were active so
//! the map can tell the story of the withdrawal up to 1999.

use geo::Point;

use super::regions::{feature_collection, required_str};
use super::source_keys;
use crate::date::Date;
use crate::error::AtlasError;

/// A military site with the period it was held.
#[derive(Clone, Debug)]
pub struct MilitarySite {
    /// Identifier, e.g. `skrunda-1`.
    pub id: String,
    /// Name shown on the map.
    pub name: String,
    /// Location (lon, lat).
    pub point: Point<f64>,
    /// Controller identifier (e.g. `RU`).
    pub controller: String,
    /// First day held.
    pub start: Date,
    /// Last day held.
    pub end: Date,
    /// Source keys.
    pub sources: Vec<String>,
    /// Where sources disagree or details matter.
    pub note: String,
}

impl MilitarySite {
    /// True when the site was held on `date`.
    pub fn active_on(&self, date: Date) -> bool {
        self.start <= date && date <= self.end
    }
}

/// Parses `military_sites.geojson` (OpenHistoricalMap-style `start_date`,
/// `end_date` properties).
pub fn parse(text: &str, file: &str) -> Result<Vec<MilitarySite>, AtlasError> {
    let mut out = Vec::new();
    for (i, f) in feature_collection(text, file)?.iter().enumerate() {
        let index = i + 1;
        let date = |key: &str| -> Result<Date, AtlasError> {
            Date::parse(required_str(f, key, file, index)?)
                .map_err(|e| AtlasError::data(file, Some(index), Some(key), e.to_string()))
        };
        let geometry = f
            .geometry
            .as_ref()
            .ok_or_else(|| AtlasError::data(file, Some(index), Some("geometry"), "no geometry"))?;
        let point: Point<f64> = geometry.try_into().map_err(|_| {
            AtlasError::data(file, Some(index), Some("geometry"), "expected a Point")
        })?;
        let (start, end) = (date("start_date")?, date("end_date")?);
        if end < start {
            return Err(AtlasError::data(
                file,
                Some(index),
                Some("end_date"),
                format!("end {end} is before start {start}"),
            ));
        }
        out.push(MilitarySite {
            id: required_str(f, "id", file, index)
                .or_else(|_| required_str(f, "name", file, index))?
                .to_string(),
            name: required_str(f, "name", file, index)?.to_string(),
            point,
            controller: required_str(f, "controller", file, index)?.to_string(),
            start,
            end,
            sources: source_keys(required_str(f, "sources", file, index)?),
            note: f
                .property("note")
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string(),
        });
    }
    Ok(out)
}
