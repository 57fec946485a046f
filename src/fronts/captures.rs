//! The gazetteer of captures (`geodata/captures/captures.csv`) and the held
//! lines (`geodata/captures/held_lines.csv`): the sourced facts the daily
//! fronts are interpolated from. Parsed into plain domain types; nothing
//! here interpolates.

use serde::Deserialize;

use crate::date::Date;
use crate::error::AtlasError;

/// Which side held a place: the two armies the fronts are drawn between.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    /// The Red Army (`SU` in the files).
    Soviet,
    /// The Wehrmacht and its allies (`DE`).
    German,
}

impl Side {
    fn parse(code: &str) -> Option<Side> {
        match code {
            "SU" => Some(Side::Soviet),
            "DE" => Some(Side::German),
            _ => None,
        }
    }

    /// The army's name as a reader sees it.
    pub fn label(self) -> &'static str {
        match self {
            Side::Soviet => "Soviet",
            Side::German => "German",
        }
    }

    /// True when a controller id (`SU-EE`, `DE`…) belongs to this side.
    pub fn holds(self, controller_id: &str) -> bool {
        match self {
            Side::Soviet => controller_id == "SU" || controller_id.starts_with("SU-"),
            Side::German => controller_id == "DE",
        }
    }
}

/// How sure the capture day is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confidence {
    /// A source states the day.
    Stated,
    /// Sources disagree; the note gives the others.
    Disputed,
    /// Inferred from a report or an order of the day (the note says how).
    Inferred,
}

impl Confidence {
    /// How a reader is told.
    pub fn label(self) -> &'static str {
        match self {
            Confidence::Stated => "day stated by the source",
            Confidence::Disputed => "sources disagree",
            Confidence::Inferred => "day inferred",
        }
    }
}

/// One place changing hands on one day, with its sources.
#[derive(Clone, Debug)]
pub struct Capture {
    /// Row identifier, e.g. `1944-tartu`.
    pub id: String,
    /// The place's name as the file gives it.
    pub name: String,
    /// Longitude, degrees.
    pub lon: f64,
    /// Latitude, degrees.
    pub lat: f64,
    /// The campaign named in the file (`1941-advance`, `1944-offensive`…).
    pub campaign: String,
    /// The day it changed hands.
    pub date: Date,
    /// Who held it before.
    pub from: Side,
    /// Who held it after.
    pub to: Side,
    /// How sure the day is.
    pub confidence: Confidence,
    /// The pages the day and the position rest on.
    pub sources: Vec<String>,
    /// Quotes, other dates, reasoning.
    pub note: String,
}

/// A line a front stood on for weeks (the Narva river, the Courland
/// Pocket): while it held, the front does not creep across it.
#[derive(Clone, Debug)]
pub struct HeldLine {
    /// Identifier, e.g. `1944-courland-line`.
    pub id: String,
    /// The campaign named in the file.
    pub campaign: String,
    /// The first day the front stood on it.
    pub from: Date,
    /// The last day it held.
    pub to: Date,
    /// What and where.
    pub description: String,
    /// The line, longitude/latitude (a single point names a place, not a
    /// line).
    pub waypoints: Vec<(f64, f64)>,
    /// The pages it rests on.
    pub sources: Vec<String>,
    /// Other dates, reasoning.
    pub note: String,
}

#[derive(Deserialize)]
struct CaptureRow {
    id: String,
    name: String,
    lon: f64,
    lat: f64,
    campaign: String,
    date: String,
    from: String,
    to: String,
    confidence: String,
    sources: String,
    note: String,
}

#[derive(Deserialize)]
struct HeldLineRow {
    id: String,
    campaign: String,
    from_date: String,
    to_date: String,
    description: String,
    waypoints: String,
    sources: String,
    note: String,
}

fn split_list(text: &str) -> Vec<String> {
    text.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Parses `captures.csv`.
pub fn parse_captures(text: &str, file: &str) -> Result<Vec<Capture>, AtlasError> {
    let mut out = Vec::new();
    for (i, row) in csv::Reader::from_reader(text.as_bytes())
        .deserialize::<CaptureRow>()
        .enumerate()
    {
        let line = i + 2;
        let row = row.map_err(|e| AtlasError::data(file, Some(line), None, e.to_string()))?;
        let err =
            |field: &str, message: String| AtlasError::data(file, Some(line), Some(field), message);
        let side = |field: &str, code: &str| {
            Side::parse(code)
                .ok_or_else(|| err(field, format!("expected SU or DE, got \"{code}\"")))
        };
        let confidence = match row.confidence.as_str() {
            "stated" => Confidence::Stated,
            "disputed" => Confidence::Disputed,
            "inferred" => Confidence::Inferred,
            other => {
                return Err(err(
                    "confidence",
                    format!("expected stated, disputed or inferred, got \"{other}\""),
                ));
            }
        };
        if !(-180.0..=180.0).contains(&row.lon) || !(-90.0..=90.0).contains(&row.lat) {
            return Err(err(
                "lon",
                "the position is not a longitude/latitude".into(),
            ));
        }
        let (from, to) = (side("from", &row.from)?, side("to", &row.to)?);
        if from == to {
            return Err(err(
                "to",
                "a capture changes hands: from and to are the same".into(),
            ));
        }
        out.push(Capture {
            date: Date::parse(&row.date).map_err(|e| err("date", e.to_string()))?,
            id: row.id,
            name: row.name,
            lon: row.lon,
            lat: row.lat,
            campaign: row.campaign,
            from,
            to,
            confidence,
            sources: split_list(&row.sources),
            note: row.note,
        });
    }
    Ok(out)
}

/// Parses `held_lines.csv` (waypoints as `lon lat;lon lat`).
pub fn parse_held_lines(text: &str, file: &str) -> Result<Vec<HeldLine>, AtlasError> {
    let mut out = Vec::new();
    for (i, row) in csv::Reader::from_reader(text.as_bytes())
        .deserialize::<HeldLineRow>()
        .enumerate()
    {
        let line = i + 2;
        let row = row.map_err(|e| AtlasError::data(file, Some(line), None, e.to_string()))?;
        let err =
            |field: &str, message: String| AtlasError::data(file, Some(line), Some(field), message);
        let waypoints = row
            .waypoints
            .split(';')
            .map(|p| {
                let mut it = p.split_whitespace().map(str::parse::<f64>);
                match (it.next(), it.next(), it.next()) {
                    (Some(Ok(lon)), Some(Ok(lat)), None) => Ok((lon, lat)),
                    _ => Err(err("waypoints", format!("\"{p}\" is not \"lon lat\""))),
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        let (from, to) = (
            Date::parse(&row.from_date).map_err(|e| err("from_date", e.to_string()))?,
            Date::parse(&row.to_date).map_err(|e| err("to_date", e.to_string()))?,
        );
        if to < from {
            return Err(err("to_date", "the line ends before it begins".into()));
        }
        out.push(HeldLine {
            id: row.id,
            campaign: row.campaign,
            from,
            to,
            description: row.description,
            waypoints,
            sources: split_list(&row.sources),
            note: row.note,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_gazetteer_parses() {
        let captures = parse_captures(
            include_str!("../../geodata/captures/captures.csv"),
            "captures.csv",
        )
        .unwrap();
        assert!(captures.len() >= 150, "{}", captures.len());
        let lines = parse_held_lines(
            include_str!("../../geodata/captures/held_lines.csv"),
            "held_lines.csv",
        )
        .unwrap();
        assert!(
            lines
                .iter()
                .any(|l| l.id == "1944-courland-line" && l.waypoints.len() >= 3)
        );
    }

    #[test]
    fn a_bad_side_names_its_line() {
        let text = "id,name,other_names,country,lon,lat,campaign,date,from,to,confidence,sources,note\n\
                    x,X,,LV,24,57,c,1944-07-01,SU,XX,stated,,\n";
        let e = parse_captures(text, "captures.csv")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2") && e.contains("SU or DE"), "{e}");
    }
}
