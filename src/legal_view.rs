//! The de jure map: who most Western states held to be sovereign, beside
//! who held the ground.
//!
//! The United States (Welles Declaration, 23 July 1940) and most other
//! Western countries never recognised the Soviet annexation of 1940
//! (Sweden did): in their view the three republics went on
//! existing under occupation, by the USSR and, in 1941–1944, by Germany,
//! until the USSR recognised their independence on 6 September 1991. The
//! rule drawn here: from 15 June 1940 to 5 September 1991, a region that
//! one of the three states held on 14 June 1940 belongs to that state,
//! occupied by whoever held it on the day. Other regions (the Klaipėda
//! Region, German from March 1939; the land transferred from the
//! Byelorussian SSR in November 1940) are drawn as held, and the legend
//! says so. No source we read states the Western position on the land
//! transferred to the Russian SFSR in 1944–1945; it follows the rule,
//! and the legend says that too.

use crate::atlas::Atlas;
use crate::date::Date;
use crate::geodata::controllers::ControllerId;
use crate::geodata::regions::RegionId;

/// Which view of the map is drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum StatusView {
    /// Who held each place on the day (the default).
    #[default]
    DeFacto,
    /// The legal status as most Western states saw it.
    DeJure,
}

impl StatusView {
    /// The name of the view on the command line (`--view`).
    pub fn slug(self) -> &'static str {
        match self {
            StatusView::DeFacto => "de-facto",
            StatusView::DeJure => "de-jure",
        }
    }
}

/// The day whose holders are the sovereigns of the de jure view: the eve
/// of the Soviet ultimatum to Lithuania and of the occupation.
pub fn reference_day() -> Date {
    Date::from_ymd(1940, 6, 14).unwrap_or(Date::FIRST)
}

/// The first and last days on which the two views can differ: from the
/// Soviet occupation to the eve of the USSR's recognition of independence.
pub fn non_recognition_span() -> (Date, Date) {
    let from = Date::from_ymd(1940, 6, 15).unwrap_or(Date::FIRST);
    let to = Date::from_ymd(1991, 9, 5).unwrap_or(Date::FIRST);
    (from, to)
}

/// What the legend of the de jure view says about whose view it is.
pub const VIEW_NOTE: &str = "Legal status as most Western states saw it: the United States \
     (Welles Declaration, 23 July 1940) and most other Western countries never recognised the \
     Soviet annexation, and held that the three states continued to exist de jure under \
     occupation. The USSR did not share this view, nor did Sweden, which recognised the \
     incorporation (de facto, by agreements with Moscow, in one account; as lawful, in \
     another).";

/// What the legend says about the land the rule leaves as held.
pub const OUTSIDE_NOTE: &str = "Land outside the three states on 14 June 1940 (the Klaipėda \
     Region; the land transferred from the Byelorussian SSR) is drawn as held. No source we \
     read states the Western position on the land transferred to the Russian SFSR in 1944–1945 \
     (Petseri, east of the Narva, Abrene); it is drawn with the state it was part of in 1940.";

/// The sources of the view (keys of `sources.csv`).
pub const SOURCES: &[&str] = &[
    "welles",
    "seed-002",
    "recognition-1991",
    "sweden-de-facto",
    "sweden-lawful",
];

/// A region as the de jure view draws it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LegalStatus {
    /// The state it belonged to in law (or its holder, outside the rule).
    pub sovereign: ControllerId,
    /// Who occupied it on the day, when not its sovereign.
    pub occupier: Option<ControllerId>,
}

/// Whether `c` is one of the three states.
fn is_baltic_state(atlas: &Atlas, c: ControllerId) -> bool {
    matches!(atlas.controllers.get(c).id.as_str(), "EE" | "LV" | "LT")
}

/// Region `id` on `date` in `view`.
pub fn status(atlas: &Atlas, id: RegionId, date: Date, view: StatusView) -> LegalStatus {
    let held_by = atlas.controller_of(id, date);
    let as_held = LegalStatus {
        sovereign: held_by,
        occupier: None,
    };
    let (from, to) = non_recognition_span();
    if view == StatusView::DeFacto || date < from || date > to {
        return as_held;
    }
    let sovereign = atlas.controller_of(id, reference_day());
    if !is_baltic_state(atlas, sovereign) {
        return as_held;
    }
    LegalStatus {
        sovereign,
        occupier: (held_by != sovereign).then_some(held_by),
    }
}

/// The area each sovereign of the view holds on `date`, km² (land and
/// inland water), in controller order.
pub fn areas(atlas: &Atlas, date: Date, view: StatusView) -> Vec<(ControllerId, f64)> {
    if view == StatusView::DeFacto {
        // Who held what, with the fronts of the day.
        return atlas.areas_at(date);
    }
    let mut out: Vec<(ControllerId, f64)> = Vec::new();
    for (id, r) in atlas.regions() {
        let c = status(atlas, id, date, view).sovereign;
        match out.iter_mut().find(|(k, _)| *k == c) {
            Some((_, a)) => *a += r.area_km2,
            None => out.push((c, r.area_km2)),
        }
    }
    out.sort_by_key(|(c, _)| *c);
    out
}

/// The occupiers of the view on `date`, in controller order.
pub fn occupiers(atlas: &Atlas, date: Date, view: StatusView) -> Vec<ControllerId> {
    let mut out: Vec<ControllerId> = atlas
        .regions()
        .filter_map(|(id, _)| status(atlas, id, date, view).occupier)
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(atlas: &Atlas, region: &str, date: &str) -> (String, Option<String>) {
        let id = atlas.find_region(region).unwrap();
        let s = status(atlas, id, Date::parse(date).unwrap(), StatusView::DeJure);
        let name = |c: ControllerId| atlas.controllers.get(c).id.clone();
        (name(s.sovereign), s.occupier.map(name))
    }

    fn pair(a: &str, b: Option<&str>) -> (String, Option<String>) {
        (a.to_string(), b.map(str::to_string))
    }

    #[test]
    fn the_states_continue_under_occupation() {
        let atlas = Atlas::builtin().unwrap();
        // Before the occupation and after recognition: as held.
        assert_eq!(at(&atlas, "EE-HARJU", "1939-06-01"), pair("EE", None));
        assert_eq!(at(&atlas, "EE-HARJU", "1995-06-01"), pair("EE", None));
        // Soviet and German occupations, and the contested months.
        assert_eq!(
            at(&atlas, "EE-HARJU", "1950-01-01"),
            pair("EE", Some("SU-EE"))
        );
        assert_eq!(at(&atlas, "LV-RIGA", "1943-01-01"), pair("LV", Some("DE")));
        assert_eq!(
            at(&atlas, "EE-HARJU", "1991-09-05"),
            pair("EE", Some("SU-EE"))
        );
        assert_eq!(at(&atlas, "EE-HARJU", "1991-09-06"), pair("EE", None));
        // Vilnius, Lithuanian since October 1939, stays Lithuanian.
        assert_eq!(
            at(&atlas, "LT-VILNIUS-1939", "1960-01-01"),
            pair("LT", Some("SU-LT"))
        );
        // Klaipėda was German on 14 June 1940: drawn as held.
        assert_eq!(
            at(&atlas, "LT-KLAIPEDA-CITY", "1960-01-01"),
            pair("SU-LT", None)
        );
    }

    #[test]
    fn the_views_sources_are_in_the_registry() {
        let atlas = Atlas::builtin().unwrap();
        for k in SOURCES {
            assert!(atlas.sources.get(k).is_some(), "{k}");
        }
    }

    #[test]
    fn the_de_facto_view_is_the_timeline() {
        let atlas = Atlas::builtin().unwrap();
        let date = Date::parse("1950-01-01").unwrap();
        for (id, _) in atlas.regions() {
            let s = status(&atlas, id, date, StatusView::DeFacto);
            assert_eq!(s.sovereign, atlas.controller_of(id, date));
            assert_eq!(s.occupier, None);
        }
        let total = |v| areas(&atlas, date, v).iter().map(|(_, a)| a).sum::<f64>();
        assert!((total(StatusView::DeFacto) - total(StatusView::DeJure)).abs() < 1e-6);
        let names: Vec<String> = occupiers(&atlas, date, StatusView::DeJure)
            .into_iter()
            .map(|c| atlas.controllers.get(c).id.clone())
            .collect();
        assert!(names.contains(&"SU-EE".to_string()), "{names:?}");
        assert!(occupiers(&atlas, date, StatusView::DeFacto).is_empty());
    }
}
