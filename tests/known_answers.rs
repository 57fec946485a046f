//! Known answers: (date, place) → controller, each checked against the
//! source named beside it (keys refer to `geodata/sources.csv`).
// Tests and benchmarks may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used)]

use baltic_atlas::{Atlas, Date};

struct Case {
    place: &'static str,
    lon: f64,
    lat: f64,
    date: &'static str,
    controller: &'static str,
    source: &'static str,
}

const fn case(
    place: &'static str,
    lon: f64,
    lat: f64,
    date: &'static str,
    controller: &'static str,
    source: &'static str,
) -> Case {
    Case {
        place,
        lon,
        lat,
        date,
        controller,
        source,
    }
}

const KLAIPEDA: (f64, f64) = (21.14, 55.71);
const RIGA: (f64, f64) = (24.11, 56.95);
const TALLINN: (f64, f64) = (24.75, 59.44);
const LIEPAJA: (f64, f64) = (21.01, 56.51);
const VILNIUS: (f64, f64) = (25.28, 54.69);
const KAUNAS: (f64, f64) = (23.9, 54.9);

#[rustfmt::skip]
const CASES: &[Case] = &[
    // Lithuania accepted the ultimatum on 22 March; troops entered on 23 March 1939.
    case("Klaipėda", KLAIPEDA.0, KLAIPEDA.1, "1939-03-21", "LT", "memel-ultimatum"),
    case("Klaipėda", KLAIPEDA.0, KLAIPEDA.1, "1939-03-24", "DE", "memel-palmer"),
    case("Klaipėda", KLAIPEDA.0, KLAIPEDA.1, "1945-01-27", "DE", "memel-1944"),
    case("Klaipėda", KLAIPEDA.0, KLAIPEDA.1, "1945-01-29", "SU-LT", "memel-1944"),
    case("Riga", RIGA.0, RIGA.1, "1944-10-12", "DE", "riga-1944"),
    case("Riga", RIGA.0, RIGA.1, "1944-10-14", "SU-LV", "riga-1944"),
    case("Riga", RIGA.0, RIGA.1, "1940-06-16", "LV", "latvia-1940"),
    case("Riga", RIGA.0, RIGA.1, "1940-06-18", "SU", "latvia-1940"),
    case("Riga", RIGA.0, RIGA.1, "1940-08-06", "SU-LV", "latvia-1940"),
    case("Riga", RIGA.0, RIGA.1, "1941-07-02", "DE", "riga-1941"),
    case("Tallinn", TALLINN.0, TALLINN.1, "1941-08-26", "SU-EE", "histrodamus-1941"),
    case("Tallinn", TALLINN.0, TALLINN.1, "1941-08-30", "DE", "histrodamus-1941"),
    case("Tallinn", TALLINN.0, TALLINN.1, "1944-09-23", "SU-EE", "tallinn-1944"),
    case("Tallinn", TALLINN.0, TALLINN.1, "1991-08-25", "SU-EE", "recognition-1991"),
    case("Tallinn", TALLINN.0, TALLINN.1, "1991-09-07", "EE", "recognition-1991"),
    case("Liepāja", LIEPAJA.0, LIEPAJA.1, "1945-04-15", "DE", "courland-pocket"),
    case("Liepāja", LIEPAJA.0, LIEPAJA.1, "1945-05-11", "SU-LV", "army-group-courland"),
    case("Ventspils", 21.56, 57.39, "1945-03-01", "DE", "courland-pocket"),
    case("Pechory", 27.61, 57.81, "1939-06-01", "EE", "pechorsky"),
    case("Pechory", 27.61, 57.81, "1950-01-01", "SU-RU", "pechorsky"),
    case("Pechory", 27.61, 57.81, "1995-01-01", "RU", "ussr-end"),
    case("Ivangorod", 28.23, 59.37, "1939-06-01", "EE", "narvataguse"),
    case("Ivangorod", 28.23, 59.37, "1945-06-01", "SU-RU", "narvataguse"),
    case("Narva", 28.17, 59.38, "1944-07-27", "SU-EE", "narva-1944"),
    case("Narva", 28.17, 59.38, "1941-08-18", "DE", "narva-1941"),
    case("Pytalovo", 27.92, 57.06, "1939-06-01", "LV", "abrene"),
    case("Pytalovo", 27.92, 57.06, "1950-01-01", "SU-RU", "abrene"),
    case("Vilnius", VILNIUS.0, VILNIUS.1, "1939-06-01", "PL", "wilno-1939"),
    case("Vilnius", VILNIUS.0, VILNIUS.1, "1939-09-25", "SU", "wilno-1939"),
    case("Vilnius", VILNIUS.0, VILNIUS.1, "1939-11-01", "LT", "vilnius-transfer-1939"),
    case("Vilnius", VILNIUS.0, VILNIUS.1, "1941-07-01", "DE", "lt-1941"),
    case("Vilnius", VILNIUS.0, VILNIUS.1, "1944-07-14", "SU-LT", "vilnius-1944"),
    case("Vilnius", VILNIUS.0, VILNIUS.1, "1990-06-01", "SU-LT", "lt-1990"),
    case("Vilnius", VILNIUS.0, VILNIUS.1, "1991-09-06", "LT", "recognition-1991"),
    case("Kaunas", KAUNAS.0, KAUNAS.1, "1939-06-01", "LT", "seed-002"),
    case("Kaunas", KAUNAS.0, KAUNAS.1, "1940-06-16", "SU", "occupation-1940"),
    case("Kaunas", KAUNAS.0, KAUNAS.1, "1941-06-25", "DE", "lt-1941"),
    case("Kaunas", KAUNAS.0, KAUNAS.1, "1944-08-01", "SU-LT", "kaunas-1944"),
    case("Tartu", 26.72, 58.38, "1944-08-26", "SU-EE", "tartu-1944"),
    case("Sõrve", 22.0, 57.95, "1944-11-20", "DE", "sorve-1944"),
    case("Sõrve", 22.0, 57.95, "1944-11-25", "SU-EE", "sorve-1944"),
    case("Kuressaare", 22.49, 58.25, "1944-10-08", "SU-EE", "moonsund-1944"),
    case("Hiiumaa", 22.6, 58.9, "1941-10-20", "SU-EE", "beowulf"),
    case("Hiiumaa", 22.6, 58.9, "1941-10-22", "DE", "beowulf"),
    case("Švenčionys", 26.16, 55.13, "1940-06-01", "SU-BY", "bssr-transfer-1940"),
    case("Švenčionys", 26.16, 55.13, "1940-12-01", "SU-LT", "bssr-transfer-1940"),
    case("Druskininkai", 23.97, 54.02, "1939-06-01", "PL", "wilno-1939"),
    case("Daugavpils", 26.54, 55.87, "1941-06-27", "DE", "daugavpils-1941"),
    case("Daugavpils", 26.54, 55.87, "1944-07-28", "SU-LV", "daugavpils-1944"),
    case("Šiauliai", 23.32, 55.93, "1944-07-27", "SU-LT", "siauliai-1944"),
    case("Jelgava", 23.72, 56.65, "1941-06-30", "DE", "jelgava-1941"),
];

#[test]
fn known_places_have_the_sourced_controller() {
    let atlas = Atlas::builtin().expect("built-in geodata loads");
    assert!(CASES.len() >= 20);
    let mut failures = Vec::new();
    for c in CASES {
        assert!(
            atlas.sources.get(c.source).is_some(),
            "case {} {} cites unknown source {}",
            c.place,
            c.date,
            c.source
        );
        let date = Date::parse(c.date).expect("test date");
        let got = atlas
            .control_at(date, c.lon, c.lat)
            .map(|r| r.controller.id.clone())
            .unwrap_or_else(|e| format!("error: {e}"));
        if got != c.controller {
            failures.push(format!(
                "{} on {}: expected {}, got {} (source {})",
                c.place, c.date, c.controller, got, c.source
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_interval_cites_sources_and_names_the_period() {
    let atlas = Atlas::builtin().unwrap();
    let date = Date::parse("1939-03-24").unwrap();
    let c = atlas.control_at(date, KLAIPEDA.0, KLAIPEDA.1).unwrap();
    assert_eq!(c.held.0.iso(), "1939-03-23");
    assert_eq!(c.held.1.iso(), "1945-01-27");
    assert!(c.interval.sources.iter().any(|k| k == "memel-ultimatum"));
    let names: Vec<&str> = c
        .region
        .names_on(date)
        .iter()
        .map(|n| n.name.as_str())
        .collect();
    assert!(names.contains(&"Memel"), "{names:?}");
}
