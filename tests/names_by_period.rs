//! Names by period agree with the control timeline: a region or city bears
//! its German name only while Germany holds it, the Russian names of the
//! land ceded to the Russian SFSR start on the day of the transfer, city
//! points lie in the region whose history they take, and the capitals of
//! the three Soviet republics are capitals alike.
// Tests and benchmarks may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used)]

use baltic_atlas::chronicle::Chronicle;
use baltic_atlas::geodata::regions::RegionId;
use baltic_atlas::{Atlas, Date};

/// The maximal runs of consecutive days a region is held by `controller`.
fn runs(atlas: &Atlas, id: RegionId, controller: &str) -> Vec<(Date, Date)> {
    let mut out: Vec<(Date, Date)> = Vec::new();
    for iv in atlas.timeline(id).intervals() {
        if atlas.controllers.get(iv.controller).id != controller {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.1.add_days(1) == iv.start => last.1 = iv.end,
            _ => out.push((iv.start, iv.end)),
        }
    }
    out
}

#[test]
fn german_region_names_follow_the_german_control_intervals() {
    let atlas = Atlas::builtin().unwrap();
    let mut failures = Vec::new();
    for (id, region) in atlas.regions() {
        let german: Vec<_> = region
            .names
            .iter()
            .filter(|n| n.lang == "de" && (n.from.is_some() || n.to.is_some()))
            .collect();
        if german.is_empty() {
            continue;
        }
        let held = runs(&atlas, id, "DE");
        let named: Vec<(Date, Date)> = german
            .iter()
            .map(|n| (n.from.unwrap_or(Date::FIRST), n.to.unwrap_or(Date::LAST)))
            .collect();
        if named != held {
            failures.push(format!(
                "{}: German names {:?} but German control {:?}",
                region.id,
                named
                    .iter()
                    .map(|(a, b)| format!("{a}..{b}"))
                    .collect::<Vec<_>>(),
                held.iter()
                    .map(|(a, b)| format!("{a}..{b}"))
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn russian_names_of_the_ceded_land_start_with_the_transfer() {
    let atlas = Atlas::builtin().unwrap();
    for rid in ["EE-PETSERI", "EE-NARVA-EAST", "LV-ABRENE"] {
        let id = atlas.find_region(rid).unwrap();
        let region = atlas.region(id);
        let transfer = runs(&atlas, id, "SU-RU")[0].0;
        let ru = region
            .names
            .iter()
            .find(|n| n.lang == "ru")
            .unwrap_or_else(|| panic!("{rid} has no Russian name"));
        assert_eq!(ru.from, Some(transfer), "{rid}: {}", ru.name);
        // The name of the interwar state is used up to the day before.
        let before = transfer.add_days(-1);
        assert!(
            region.names_on(before).iter().all(|n| n.lang != "ru"),
            "{rid} on {before}"
        );
    }
}

#[test]
fn city_names_follow_the_control_of_their_place() {
    let atlas = Atlas::builtin().unwrap();
    let chronicle = Chronicle::builtin(&atlas.sources).unwrap();
    let mut failures = Vec::new();
    for city in chronicle.cities.iter().filter(|c| !c.neighbour) {
        let Some(id) = atlas.region_at(city.lon, city.lat) else {
            failures.push(format!("{} lies outside every region", city.id));
            continue;
        };
        for n in &city.names {
            let (Some(from), Some(to)) = (n.from, n.to) else {
                continue;
            };
            if n.lang != "de" {
                continue;
            }
            // Named Reval, Dorpat, Rositten … only while German-held, and
            // until the day the place was lost: the name may start later than
            // the region's German control (a town falling after its region's
            // first town) but never earlier.
            let run = runs(&atlas, id, "DE")
                .into_iter()
                .find(|(a, b)| *a <= from && to <= *b);
            match run {
                Some((_, end)) if end == to => {}
                _ => failures.push(format!(
                    "{}: {} {from}..{to} is not within German control of {} ending that day",
                    city.id,
                    n.name,
                    atlas.region(id).id
                )),
            }
        }
        for n in city.names.iter().filter(|n| n.lang == "ru") {
            let Some(from) = n.from else { continue };
            let first = runs(&atlas, id, "SU-RU").first().map(|r| r.0);
            if first.is_some() && first != Some(from) {
                failures.push(format!(
                    "{}: {} from {from}, transferred {:?}",
                    city.id, n.name, first
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn corrected_city_names_and_points() {
    let atlas = Atlas::builtin().unwrap();
    let chronicle = Chronicle::builtin(&atlas.sources).unwrap();
    let city = |id: &str| chronicle.cities.iter().find(|c| c.id == id).unwrap();
    let d = |s: &str| Date::parse(s).unwrap();
    // Narva's point lies on the west bank, in the Narva region.
    let narva = city("narva");
    let rid = atlas.region_at(narva.lon, narva.lat).unwrap();
    assert_eq!(atlas.region(rid).id, "EE-NARVA");
    // Rēzekne is not Rositten before it fell (Daugavpils fell on 26 June 1941;
    // the occupation of Latvia was complete by 8–10 July: latvia-1941).
    let rezekne = city("rezekne");
    assert_eq!(rezekne.name_on(d("1941-06-27")), "Rēzekne");
    assert_eq!(rezekne.name_on(d("1942-01-01")), "Rositten");
    assert!(rezekne.sources.iter().any(|s| s == "latvia-1941"));
    // Abrene becomes Pytalovo on the day of the transfer (pytalovo-1945).
    let pytalovo = city("pytalovo");
    assert_eq!(pytalovo.name_on(d("1945-01-15")), "Abrene");
    assert_eq!(pytalovo.name_on(d("1945-01-16")), "Pytalovo");
    assert!(pytalovo.sources.iter().any(|s| s == "pytalovo-1945"));
}

#[test]
fn the_republics_capitals_are_alike() {
    let atlas = Atlas::builtin().unwrap();
    let chronicle = Chronicle::builtin(&atlas.sources).unwrap();
    let city = |id: &str| chronicle.cities.iter().find(|c| c.id == id).unwrap();
    // Riga and Tallinn are capitals throughout; Vilnius is the capital of the
    // Lithuanian SSR (lt-ssr) as of the annexation, Kaunas no longer.
    for date in ["1940-08-10", "1950-01-01", "1985-06-01", "1995-01-01"] {
        let date = Date::parse(date).unwrap();
        for id in ["tallinn", "riga", "vilnius"] {
            assert!(city(id).is_capital_on(date), "{id} on {date}");
        }
        assert!(!city("kaunas").is_capital_on(date), "kaunas on {date}");
    }
    let interwar = Date::parse("1939-06-01").unwrap();
    assert!(city("kaunas").is_capital_on(interwar));
    assert!(!city("vilnius").is_capital_on(interwar));
    assert!(city("vilnius").sources.iter().any(|s| s == "lt-ssr"));
}
