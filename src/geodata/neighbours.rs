//! Neighbouring countries, drawn for context with the names of the date.

use geo::MultiPolygon;

use super::regions::{PeriodName, feature_collection, multipolygon, parse_names, required_str};
use crate::date::Date;
use crate::error::AtlasError;

/// A neighbouring country outline (coarse) with its names by period.
#[derive(Clone, Debug)]
pub struct Neighbour {
    /// Identifier, e.g. `Belarus`.
    pub id: String,
    /// Present-day name.
    pub name: String,
    /// Names by period ("Poland (east) / USSR", "Byelorussian SSR"...).
    pub names: Vec<PeriodName>,
    /// Outline, clipped to the map window.
    pub geometry: MultiPolygon<f64>,
    /// Where to put the label (lon, lat), when the default spot inside the
    /// largest part would collide with a city label.
    pub label_at: Option<(f64, f64)>,
}

impl Neighbour {
    /// The label to show on `date`.
    pub fn name_on(&self, date: Date) -> &str {
        self.names
            .iter()
            .find(|n| n.in_use_on(date))
            .map_or(self.name.as_str(), |n| n.name.as_str())
    }
}

/// Parses `neighbours.geojson`.
pub fn parse(text: &str, file: &str) -> Result<Vec<Neighbour>, AtlasError> {
    let mut out = Vec::new();
    for (i, f) in feature_collection(text, file)?.iter().enumerate() {
        let index = i + 1;
        out.push(Neighbour {
            id: required_str(f, "id", file, index)?.to_string(),
            name: required_str(f, "name", file, index)?.to_string(),
            names: parse_names(f.property("names"), file, index)?,
            geometry: multipolygon(f, file, index)?,
            label_at: f
                .property("label_at")
                .and_then(|v| v.as_array())
                .and_then(|a| Some((a.first()?.as_f64()?, a.get(1)?.as_f64()?))),
        });
    }
    Ok(out)
}
