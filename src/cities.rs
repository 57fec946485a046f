//! Capitals and major cities, with the names used on each date.

use serde::Deserialize;

use crate::date::Date;
use crate::error::AtlasError;
use crate::geodata::regions::PeriodName;

/// A city drawn on the map.
#[derive(Clone, Debug)]
pub struct City {
    /// Identifier.
    pub id: String,
    /// Longitude.
    pub lon: f64,
    /// Latitude.
    pub lat: f64,
    /// 1 for capitals, larger for smaller towns (label priority).
    pub rank: u8,
    /// Country it is the capital of, if any, and when.
    pub capital: Option<(String, Option<Date>, Option<Date>)>,
    /// True for cities outside the atlas area (drawn for orientation).
    pub neighbour: bool,
    /// Names by period.
    pub names: Vec<PeriodName>,
    /// Source keys for the names and dates (may be empty for the
    /// neighbouring capitals drawn only for orientation).
    pub sources: Vec<String>,
}

impl City {
    /// The name used on `date`: the name of the narrowest period in force
    /// wins (Reval under German occupation, Tallinn otherwise).
    pub fn name_on(&self, date: Date) -> &str {
        self.names
            .iter()
            .filter(|n| n.in_use_on(date))
            .min_by_key(|n| n.span_days())
            .or(self.names.first())
            .map_or(self.id.as_str(), |n| n.name.as_str())
    }

    /// The other names the city has had, for hovering.
    pub fn other_names(&self, date: Date) -> Vec<&str> {
        let current = self.name_on(date);
        let mut v: Vec<&str> = Vec::new();
        for n in &self.names {
            if n.name != current && !v.contains(&n.name.as_str()) {
                v.push(&n.name);
            }
        }
        v
    }

    /// True when the city was a capital on `date`.
    pub fn is_capital_on(&self, date: Date) -> bool {
        self.capital.as_ref().is_some_and(|(_, from, to)| {
            from.is_none_or(|f| f <= date) && to.is_none_or(|t| date <= t)
        })
    }
}

#[derive(Deserialize)]
struct RawName {
    name: String,
    lang: String,
    from: Option<String>,
    to: Option<String>,
}

#[derive(Deserialize)]
struct RawCity {
    id: String,
    lon: f64,
    lat: f64,
    rank: u8,
    capital: Option<String>,
    capital_from: Option<String>,
    capital_to: Option<String>,
    #[serde(default)]
    neighbour: bool,
    names: Vec<RawName>,
    #[serde(default)]
    sources: String,
}

#[derive(Deserialize)]
struct RawFile {
    cities: Vec<RawCity>,
}

/// Parses `cities.json`.
pub fn parse(text: &str, file: &str) -> Result<Vec<City>, AtlasError> {
    let raw: RawFile = serde_json::from_str(text)
        .map_err(|e| AtlasError::data(file, Some(e.line()), None, e.to_string()))?;
    let date = |s: &Option<String>, id: &str| -> Result<Option<Date>, AtlasError> {
        s.as_deref()
            .map(|s| {
                Date::parse(s).map_err(|e| AtlasError::data(file, None, Some(id), e.to_string()))
            })
            .transpose()
    };
    raw.cities
        .into_iter()
        .map(|c| {
            let mut names = Vec::new();
            for n in &c.names {
                names.push(PeriodName {
                    name: n.name.clone(),
                    lang: n.lang.clone(),
                    from: date(&n.from, &c.id)?,
                    to: date(&n.to, &c.id)?,
                });
            }
            let capital = match &c.capital {
                Some(cc) => Some((
                    cc.clone(),
                    date(&c.capital_from, &c.id)?,
                    date(&c.capital_to, &c.id)?,
                )),
                None => None,
            };
            Ok(City {
                id: c.id,
                lon: c.lon,
                lat: c.lat,
                rank: c.rank,
                capital,
                neighbour: c.neighbour,
                names,
                sources: crate::geodata::source_keys(&c.sources),
            })
        })
        .collect()
}
