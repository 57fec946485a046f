//! Real-shaped historical files that are not plain OpenHistoricalMap
//! FeatureCollections: a single Feature (HistoGIS), a bare Geometry, a
//! TopoJSON topology of two objects, upper-case names (a 1938 world map),
//! Cliopatria years, CShapes days, OHM EDTF dates, a date-less file given a
//! layer range, and a GeometryCollection. Each gives the exact report in
//! `tests/user_files/reports/`, and reads its dates as its convention means
//! them.
// Tests and benchmarks may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used)]

use assert_cmd::Command;
use baltic_atlas::user_layer::{LayerOptions, LoadProgress, UserLayer, load_layer_files};
use chrono::NaiveDate;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// (file, extra arguments, expected report).
const CASES: [(&str, &str, &str); 11] = [
    ("single_feature.geojson", "", "single_feature.geojson.txt"),
    ("bare_geometry.geojson", "", "bare_geometry.geojson.txt"),
    ("two_objects.topojson", "", "two_objects.topojson.txt"),
    (
        "two_objects.topojson",
        "--object towns",
        "two_objects.topojson_object_towns.txt",
    ),
    (
        "map_1938_upper_case.geojson",
        "",
        "map_1938_upper_case.geojson.txt",
    ),
    (
        "map_1938_upper_case.geojson",
        "--layer-dates 1938-01-01/1939-08-31",
        "map_1938_upper_case.geojson_layer-dates_1938-01-01_1939-08-31.txt",
    ),
    (
        "cliopatria_years.geojson",
        "",
        "cliopatria_years.geojson.txt",
    ),
    ("cshapes_days.geojson", "", "cshapes_days.geojson.txt"),
    ("ohm_edtf.geojson", "", "ohm_edtf.geojson.txt"),
    (
        "geometry_collection.geojson",
        "",
        "geometry_collection.geojson.txt",
    ),
    (
        "cliopatria_years.geojson",
        "--start-property FromYear --end-property ToYear",
        "cliopatria_years.geojson_start-property_FromYear_end-property_ToYear.txt",
    ),
];

#[test]
fn check_gives_each_sample_its_exact_report() {
    for (file, args, expected) in CASES {
        let out = Command::cargo_bin("baltic-atlas")
            .unwrap()
            .current_dir(ROOT)
            .arg("check")
            .arg(format!("tests/user_files/{file}"))
            .args(args.split_whitespace())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{file} {args}");
        let got = String::from_utf8(out.stdout).unwrap();
        let want =
            std::fs::read_to_string(format!("{ROOT}/tests/user_files/reports/{expected}")).unwrap();
        assert_eq!(got, want, "check {file} {args}");
    }
}

fn open(file: &str, opts: &LayerOptions) -> Vec<UserLayer> {
    let path = format!("{ROOT}/tests/user_files/{file}");
    load_layer_files(
        std::path::Path::new(&path),
        file,
        opts,
        &LoadProgress::new(),
    )
    .unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn inclusive_ends_are_read_as_their_sources_mean_them() {
    let o = LayerOptions::default();
    // Cliopatria: the Republic of Latvia's ToYear 1940 includes 1940.
    let clio = &open("cliopatria_years.geojson", &o)[0].features[0];
    assert!(clio.visible_on_day(day("1940-12-31")));
    assert!(!clio.visible_on_day(day("1941-01-01")));
    // CShapes: gwedate 2019-12-31 includes that day; both spellings read.
    for f in &open("cshapes_days.geojson", &o)[0].features {
        assert!(f.visible_on_day(day("1991-09-06")), "{}", f.label);
        assert!(!f.visible_on_day(day("1991-09-05")), "{}", f.label);
        assert!(f.visible_on_day(day("2019-12-31")), "{}", f.label);
        assert!(!f.visible_on_day(day("2020-01-01")), "{}", f.label);
    }
    // OHM: a full-day end_date is excluded (the HistoGIS sample).
    let memel = &open("single_feature.geojson", &o)[0].features[0];
    assert_eq!(memel.label, "Kreis Memel");
    assert!(memel.visible_on_day(day("1920-02-14")));
    assert!(!memel.visible_on_day(day("1920-02-15")));
    // EDTF: "1941/1942" starts with the interval; "1944-09-XX" ends with
    // September.
    let zone = &open("ohm_edtf.geojson", &o)[0].features[1];
    assert!(zone.visible_on_day(day("1941-01-01")));
    assert!(zone.visible_on_day(day("1944-09-30")));
    assert!(!zone.visible_on_day(day("1944-10-01")));
}

#[test]
fn names_in_any_case_and_layer_ranges() {
    let layers = open("map_1938_upper_case.geojson", &LayerOptions::default());
    let labels: Vec<&str> = layers[0]
        .features
        .iter()
        .map(|f| f.label.as_str())
        .collect();
    assert_eq!(labels, ["Estonia", "Latvia", "Lithuania"]);
    assert!(layers[0].features[0].visible_on_day(day("1999-01-01")));
    let ranged = LayerOptions {
        layer_dates: Some((day("1938-01-01"), day("1939-08-31"))),
        ..LayerOptions::default()
    };
    let f = &open("map_1938_upper_case.geojson", &ranged)[0].features[0];
    assert!(f.visible_on_day(day("1939-08-31")));
    assert!(!f.visible_on_day(day("1939-09-01")));
    assert!(!f.visible_on_day(day("1937-12-31")));
}

#[test]
fn topologies_give_a_layer_per_object_and_collections_draw_their_members() {
    let layers = open("two_objects.topojson", &LayerOptions::default());
    let names: Vec<&str> = layers.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "two_objects.topojson · districts",
            "two_objects.topojson · towns"
        ]
    );
    use geo::Area;
    // Two 1°×1° squares sharing an arc: the shared arc was reversed for
    // the east one, so both are whole squares.
    for f in &layers[0].features {
        let a = f.geometry.unsigned_area();
        assert!((a - 1.0).abs() < 1e-9, "{}: {a}", f.label);
    }
    let gc = &open("geometry_collection.geojson", &LayerOptions::default())[0].features[0];
    match &gc.geometry {
        geo::Geometry::GeometryCollection(c) => assert_eq!(c.0.len(), 3),
        other => panic!("expected a collection, got {other:?}"),
    }
}
