//! The non-territorial data shipped in `assets/`: events, periods, cities and
//! their citations, loaded and checked together.

use crate::cities::{self, City};
use crate::error::AtlasError;
use crate::events::{self, Event};
use crate::figures::{self, Figure};
use crate::geodata::sources::SourceRegistry;
use crate::periods::{self, Period};

/// Events, periods and cities with the citations they use.
#[derive(Clone, Debug)]
pub struct Chronicle {
    /// Events sorted by date.
    pub events: Vec<Event>,
    /// Consecutive periods covering 1939–1999.
    pub periods: Vec<Period>,
    /// Cities for the map.
    pub cities: Vec<City>,
    /// Sourced figures for the charts.
    pub figures: Vec<Figure>,
    /// Citations used by `assets/` (the geodata has its own).
    pub sources: SourceRegistry,
}

/// The source key of values that rest on the fronts interpolated between
/// sourced captures (the territory chart's campaign days): cited as a
/// model, not a record.
pub const FRONTS_KEY: &str = "fronts";

impl Chronicle {
    /// The data embedded in the binary. Sources may be cited from either
    /// `assets/sources.csv` or the geodata's `sources.csv` (`geodata`).
    pub fn builtin(geodata: &SourceRegistry) -> Result<Self, AtlasError> {
        let sources = SourceRegistry::parse(
            include_str!("../assets/sources.csv"),
            "assets/sources.csv (built in)",
        )?;
        let events = events::parse(include_str!("../assets/events.csv"), "assets/events.csv")?;
        let periods = periods::parse(include_str!("../assets/periods.csv"), "assets/periods.csv")?;
        let cities = cities::parse(include_str!("../assets/cities.json"), "assets/cities.json")?;
        let figures = figures::parse(include_str!("../assets/figures.csv"), "assets/figures.csv")?;
        let known = |k: &String| sources.get(k).is_some() || geodata.get(k).is_some();
        let check = |file: &str, line: Option<usize>, what: String, keys: &[String]| match keys
            .iter()
            .find(|k| !known(k))
        {
            Some(k) => Err(AtlasError::data(
                file,
                line,
                Some("sources"),
                format!("{what}unknown source \"{k}\""),
            )),
            None => Ok(()),
        };
        for e in &events {
            let what = format!("event \"{}\" ({}): ", e.title, e.date);
            check("assets/events.csv", None, what, &e.sources)?;
        }
        for (i, f) in figures.iter().enumerate() {
            check("assets/figures.csv", Some(i + 2), String::new(), &f.sources)?;
        }
        for c in &cities {
            check(
                "assets/cities.json",
                None,
                format!("city {}: ", c.id),
                &c.sources,
            )?;
        }
        for p in &periods {
            check(
                "assets/periods.csv",
                None,
                format!("period {}: ", p.label),
                &p.sources,
            )?;
        }
        Ok(Chronicle {
            events,
            periods,
            cities,
            figures,
            sources,
        })
    }

    /// The citation behind a source key, whether it is cited from `assets/`
    /// or from the geodata; `geodata` stands for values computed from the
    /// atlas geodata itself, [`FRONTS_KEY`] for values that rest on the
    /// interpolated fronts.
    pub fn citation(&self, key: &str, geodata: &SourceRegistry) -> String {
        if key == "geodata" {
            return "computed from the atlas geodata (geodata/SOURCES.md)".to_string();
        }
        if key == FRONTS_KEY {
            return "during the campaigns, fronts interpolated by Baltic Atlas between sourced \
                    town captures (geodata/captures/captures.csv; method in geodata/SOURCES.md): \
                    modelled, not recorded"
                .to_string();
        }
        self.sources
            .get(key)
            .or_else(|| geodata.get(key))
            .map_or(key.to_string(), |s| s.citation.clone())
    }

    /// Citations for several keys, joined with "; ".
    pub fn citations(&self, keys: &[String], geodata: &SourceRegistry) -> String {
        keys.iter()
            .map(|k| self.citation(k, geodata))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::atlas::Atlas;
    use crate::date::Date;

    #[test]
    fn builtin_chronicle_loads_with_enough_events() {
        let atlas = Atlas::builtin().unwrap();
        let c = Chronicle::builtin(&atlas.sources).unwrap();
        assert!(c.events.len() >= 40, "{}", c.events.len());
        assert!(c.events.windows(2).all(|w| w[0].date <= w[1].date));
        assert_eq!(c.periods.first().unwrap().start, Date::FIRST);
        let d = Date::parse("1942-01-01").unwrap();
        let tallinn = c.cities.iter().find(|c| c.id == "tallinn").unwrap();
        assert_eq!(tallinn.name_on(d), "Reval");
        let recent: Vec<_> = crate::events::recent(&c.events, d, 3).collect();
        assert!(recent.iter().all(|e| e.date <= d));
        assert_eq!(recent[0].title, "Hiiumaa taken");
    }
}
