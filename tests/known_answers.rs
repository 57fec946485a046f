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
    // Corrections from the source check (issue 10).
    // Abrene and Petseri pass to the Russian SFSR on the same step: the
    // districts formed on 16 January 1945 (the decree of 23 August 1944 in
    // the notes).
    case("Pechory", 27.61, 57.81, "1945-01-15", "SU-EE", "pechorsky"),
    case("Pechory", 27.61, 57.81, "1945-01-16", "SU-RU", "pechorsky"),
    case("Pytalovo", 27.92, 57.06, "1944-09-01", "SU-LV", "pytalovo-1945"),
    case("Pytalovo", 27.92, 57.06, "1945-01-15", "SU-LV", "pytalovo-1945"),
    case("Pytalovo", 27.92, 57.06, "1945-01-16", "SU-RU", "pytalovo-1945"),
    // North of the Emajõgi the front held until the Tallinn offensive.
    case("Tartu", 26.72, 58.38, "1944-09-10", "SU-EE", "tartu-1944"),
    case("Jõgeva", 26.39, 58.746, "1944-09-10", "DE", "emajogi-1944"),
    case("Palamuse", 26.58, 58.68, "1944-09-17", "DE", "tallinn-offensive-1944"),
    // The daily front passes Palamuse between the Emajõgi (given way on
    // 17 September) and Jõgeva (20 September).
    case("Palamuse", 26.58, 58.68, "1944-09-21", "SU-EE", "rakvere-1944"),
    case("Kallaste", 27.16, 58.66, "1944-09-01", "DE", "emajogi-1944"),
    // Eastern Vidzeme in the Madona offensive, August 1944.
    // Madona town was liberated on 13 August (the daily front answers for
    // the town itself, not for its whole region).
    case("Madona", 26.22, 56.85, "1944-08-12", "DE", "madona-1944"),
    case("Madona", 26.22, 56.85, "1944-08-13", "SU-LV", "madona-1944"),
    case("Madona", 26.22, 56.85, "1944-08-29", "SU-LV", "madona-1944"),
    case("Gulbene", 26.75, 57.18, "1944-08-29", "SU-LV", "madona-1944"),
    case("Alūksne", 27.05, 57.42, "1944-09-10", "SU-LV", "madona-1944"),
    // Northern Vidzeme: Valmiera 23 September, Cēsis 26 September 1944.
    case("Valmiera", 25.43, 57.54, "1944-09-22", "DE", "valmiera-cesis-1944"),
    case("Valmiera", 25.43, 57.54, "1944-09-23", "SU-LV", "valmiera-cesis-1944"),
    case("Cēsis", 25.27, 57.31, "1944-09-20", "DE", "valmiera-cesis-1944"),
    case("Cēsis", 25.27, 57.31, "1944-09-26", "SU-LV", "valmiera-cesis-1944"),
    // The Klaipėda Region's northern and eastern boundary from HistoGIS:
    // Palanga, Kretinga and Gargždai stayed Lithuanian in March 1939.
    case("Palanga", 21.07, 55.92, "1939-04-01", "LT", "memel-ultimatum"),
    case("Kretinga", 21.24, 55.89, "1939-04-01", "LT", "memel-ultimatum"),
    case("Gargždai", 21.40, 55.71, "1939-04-01", "LT", "memel-ultimatum"),
    case("Šilutė", 21.48, 55.35, "1939-04-01", "DE", "memel-palmer"),
    case("Smalininkai", 22.58, 55.08, "1939-04-01", "DE", "memel-palmer"),
    case("Nida", 21.0, 55.30, "1939-04-01", "DE", "memel-palmer"),
    // The 1920–1939 demarcation line: Trakai Polish, Vievis Lithuanian.
    case("Trakai", 24.934, 54.638, "1939-06-01", "PL", "wilno-1939"),
    case("Vievis", 24.80, 54.77, "1939-06-01", "LT", "seed-002"),
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

/// The note of the interval holding a place on a day.
fn note_at(atlas: &Atlas, lon: f64, lat: f64, date: &str) -> String {
    let date = Date::parse(date).unwrap();
    atlas
        .control_at(date, lon, lat)
        .unwrap()
        .interval
        .note
        .clone()
}

#[test]
fn corrected_notes_keep_the_other_dates() {
    let atlas = Atlas::builtin().unwrap();
    // Bauska's defence ended on 14 September 1944 (bauska-1944): the note
    // of the region's Soviet interval says so.
    let bauska = note_at(&atlas, 24.19, 56.41, "1944-09-20");
    assert!(bauska.contains("14 September 1944"), "{bauska}");
    let c = atlas
        .control_at(Date::parse("1944-09-20").unwrap(), 24.19, 56.41)
        .unwrap();
    assert!(c.interval.sources.iter().any(|s| s == "bauska-1944"));
    // The other legal step of the transfers stays in the notes.
    for (lon, lat) in [(27.61, 57.81), (27.92, 57.06)] {
        let note = note_at(&atlas, lon, lat, "1950-01-01");
        assert!(note.contains("16 January 1945"), "{note}");
        assert!(note.contains("23 August 1944"), "{note}");
    }
    // Cēsis fell three days after the region's day (Valmiera).
    let cesis = note_at(&atlas, 25.27, 57.31, "1944-10-01");
    assert!(cesis.contains("26 September"), "{cesis}");
}

#[test]
fn corrected_events_figures_and_sources() {
    use baltic_atlas::chronicle::Chronicle;
    let atlas = Atlas::builtin().unwrap();
    let chronicle = Chronicle::builtin(&atlas.sources).unwrap();
    let d = |s: &str| Date::parse(s).unwrap();
    let event = |title: &str| {
        chronicle
            .events
            .iter()
            .find(|e| e.title.contains(title))
            .unwrap_or_else(|| panic!("no event {title}"))
    };
    // Skrunda stopped on 31 August 1998 (skrunda-1998); 4 September is the
    // OSCE verification.
    let skrunda = event("Skrunda radar");
    assert_eq!(skrunda.date, d("1998-08-31"));
    assert!(skrunda.sources.iter().any(|s| s == "skrunda-1998"));
    assert!(skrunda.text.contains("4 September"));
    // The Provisional Government was announced on 23 June 1941.
    let provisional = event("Provisional Government");
    assert_eq!(provisional.date, d("1941-06-23"));
    assert!(
        provisional
            .sources
            .iter()
            .any(|s| s == "lt-provisional-1941")
    );
    // The victims of 13 January 1991 died at the TV tower and the Radio
    // and Television Committee building (january-events, lrt-1991).
    let january = event("January Events");
    assert!(january.text.contains("TV tower"));
    assert!(january.text.contains("Radio and Television Committee"));
    // The last echelon: 23:45 (seed 000), 23:46 in other sources.
    let echelon = event("Last Russian combat unit");
    assert!(echelon.text.contains("23:45") && echelon.text.contains("23:46"));
    assert!(echelon.sources.iter().any(|s| s == "seed-000"));
    assert!(echelon.sources.iter().any(|s| s == "lt-withdrawal"));

    let values = |series: &str, country: &str, date: &str| -> Vec<f64> {
        chronicle
            .figures
            .iter()
            .filter(|f| {
                f.series == series
                    && f.country == country
                    && f.date == Date::parse_for_figure(date).unwrap()
            })
            .map(|f| f.value)
            .collect()
    };
    // Russians in Latvia: 10.5% (206,499) in 1935, 34.0% in 1989 (ru-latvia);
    // "as much as 30%" is not a census value.
    assert_eq!(values("share_russians", "LV", "1935-02-12"), vec![10.5]);
    assert_eq!(values("share_russians", "LV", "1989-01-12"), vec![34.0]);
    // Seed claims that contradict the census are notes, not plotted values.
    assert_eq!(values("share_titular", "EE", "1970-01-15"), vec![68.2]);
    assert_eq!(values("share_titular", "LV", "1935-02-12"), vec![77.0]);
    assert!(!values("share_titular", "LV", "1989-01-12").contains(&50.7));
    // Vesna: one plotted value, the others in its note.
    let vesna: Vec<_> = chronicle
        .figures
        .iter()
        .filter(|f| f.label == "Vesna")
        .collect();
    assert_eq!(vesna.len(), 1);
    assert_eq!(vesna[0].value, 39_766.0);
    assert!(vesna[0].note.contains("49,331") && vesna[0].note.contains("47,534"));

    // ee-1991 cites a page about 20 August 1991.
    let ee1991 = atlas.sources.get("ee-1991").unwrap();
    assert!(ee1991.url.contains("Estonian_Restoration_of_Independence"));
    assert!(ee1991.citation.contains("20 August 1991"));
    // No aggregator or proxy hosts where a primary page exists.
    for key in ["january-events", "fig-s-0fc5", "fig-video-99f4"] {
        let s = chronicle.sources.get(key).unwrap();
        for host in ["absoluteastronomy", "gtool.pro", "nohib.com", "piglix"] {
            assert!(!s.url.contains(host), "{key}: {}", s.url);
        }
    }
}
