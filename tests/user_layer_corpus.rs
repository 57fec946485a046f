//! The corpus of broken GeoJSON under `tests/broken_inputs/`: every file is
//! refused (or loaded with a warning) with exactly the expected kind of
//! problem, and every message names the file (and the feature). Files whose
//! problem is in one feature hold a good feature 0 and the bad feature 1:
//! feature 0 must still load.
// Tests and benchmarks may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used)]

#[path = "support/synthetic.rs"]
mod synthetic;

use baltic_atlas::Date;
use baltic_atlas::user_layer::{
    IssueKind, LayerOptions, LoadProgress, Severity, UserLayer, load_layer,
};

/// What loading a corpus file must give.
enum Expect {
    /// The whole file is refused with this kind.
    Fatal(IssueKind),
    /// Feature 1 is skipped with this error; feature 0 loads.
    Skipped(IssueKind),
    /// Both features load; feature 1 (or the file) carries this warning.
    Warned(IssueKind),
}
use Expect::*;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/broken_inputs");

fn load(name: &str) -> Result<UserLayer, baltic_atlas::user_layer::LayerError> {
    let bytes = std::fs::read(format!("{DIR}/{name}")).unwrap_or_else(|e| panic!("{name}: {e}"));
    load_layer(name, &bytes, &LayerOptions::default(), &LoadProgress::new())
}

fn malformed() -> IssueKind {
    // Line and column are checked separately; here any position matches.
    IssueKind::MalformedJson { line: 0, column: 0 }
}

fn same_kind(a: &IssueKind, b: &IssueKind) -> bool {
    match (a, b) {
        (IssueKind::MalformedJson { .. }, IssueKind::MalformedJson { .. }) => true,
        _ => a == b,
    }
}

fn table() -> Vec<(&'static str, Expect)> {
    use IssueKind as K;
    vec![
        ("empty.geojson", Fatal(K::Empty)),
        ("whitespace_only.geojson", Fatal(K::Empty)),
        ("binary_png.geojson", Fatal(K::Binary)),
        ("utf16_bom.geojson", Fatal(K::Encoding)),
        ("utf16_no_bom.geojson", Fatal(K::Encoding)),
        ("malformed_missing_comma.geojson", Fatal(malformed())),
        ("truncated.geojson", Fatal(malformed())),
        ("trailing_garbage.geojson", Fatal(malformed())),
        ("not_json_text.geojson", Fatal(malformed())),
        ("huge_exponent.geojson", Fatal(malformed())),
        ("deep_nesting.geojson", Fatal(malformed())),
        ("top_level_array.geojson", Fatal(K::NotFeatureCollection)),
        ("empty_topology.geojson", Fatal(K::NoFeatures)),
        ("no_features_member.geojson", Fatal(K::NotFeatureCollection)),
        ("features_not_array.geojson", Fatal(K::NotFeatureCollection)),
        ("empty_collection.geojson", Fatal(K::NoFeatures)),
        ("crs_web_mercator.geojson", Fatal(K::UnknownCrs)),
        ("crs_unreadable.geojson", Fatal(K::UnknownCrs)),
        ("all_features_bad.geojson", Fatal(K::NoUsableFeatures)),
        ("no_geometry.geojson", Skipped(K::MissingGeometry)),
        ("null_geometry.geojson", Skipped(K::MissingGeometry)),
        ("geometry_string.geojson", Skipped(K::UnsupportedGeometry)),
        (
            "unknown_geometry_type.geojson",
            Skipped(K::UnsupportedGeometry),
        ),
        (
            "geometry_collection.geojson",
            Skipped(K::UnsupportedGeometry),
        ),
        (
            "geometry_without_type.geojson",
            Skipped(K::UnsupportedGeometry),
        ),
        ("feature_wrong_type.geojson", Skipped(K::NotAFeature)),
        ("feature_is_number.geojson", Skipped(K::NotAFeature)),
        ("bad_date_text.geojson", Skipped(K::BadDate)),
        ("bad_date_day.geojson", Skipped(K::BadDate)),
        ("bce_date.geojson", Skipped(K::BadDate)),
        ("end_before_start.geojson", Skipped(K::EndBeforeStart)),
        ("lat_95.geojson", Skipped(K::CoordinateOutOfRange)),
        ("lon_200.geojson", Skipped(K::CoordinateOutOfRange)),
        (
            "projected_coordinates.geojson",
            Skipped(K::CoordinateOutOfRange),
        ),
        ("nan_as_string.geojson", Skipped(K::NonFiniteCoordinate)),
        ("coordinate_as_string.geojson", Skipped(K::BadCoordinates)),
        ("one_number_position.geojson", Skipped(K::BadCoordinates)),
        ("wrong_nesting.geojson", Skipped(K::BadCoordinates)),
        ("mixed_nesting.geojson", Skipped(K::BadCoordinates)),
        ("missing_coordinates.geojson", Skipped(K::BadCoordinates)),
        ("line_one_point.geojson", Skipped(K::TooFewPoints)),
        ("ring_two_points.geojson", Skipped(K::TooFewPoints)),
        (
            "flat_ring.geojson",
            Skipped(K::SelfIntersection { repaired: false }),
        ),
        ("hole_outside.geojson", Skipped(K::InvalidPolygon)),
        ("unclosed_ring.geojson", Warned(K::UnclosedRing)),
        (
            "bowtie.geojson",
            Warned(K::SelfIntersection { repaired: true }),
        ),
        ("no_dates.geojson", Warned(K::MissingDate)),
        ("no_label.geojson", Warned(K::MissingLabel)),
        ("properties_array.geojson", Warned(K::BadProperties)),
        ("utf8_bom.geojson", Warned(K::ByteOrderMark)),
    ]
}

#[test]
fn every_corpus_file_is_in_the_table_and_there_are_at_least_30() {
    let table = table();
    let mut on_disk: Vec<String> = std::fs::read_dir(DIR)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = table.iter().map(|(n, _)| n.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
    assert!(table.len() >= 30);
}

#[test]
fn each_broken_input_gives_exactly_its_kind_of_problem() {
    let mut failures = Vec::new();
    for (name, expect) in table() {
        let result = load(name);
        let outcome = match (&expect, &result) {
            (Fatal(kind), Err(e)) => {
                if !same_kind(&e.kind, kind) {
                    Some(format!(
                        "expected {kind:?}, got {:?}: {}",
                        e.kind, e.message
                    ))
                } else if !e.message.starts_with(&format!("{name}: ")) {
                    Some(format!("message does not name the file: {}", e.message))
                } else {
                    None
                }
            }
            (Skipped(kind), Ok(layer)) => {
                let errors: Vec<_> = layer
                    .issues
                    .iter()
                    .filter(|i| i.severity == Severity::Error)
                    .collect();
                if layer.features.len() != 1 || layer.features[0].index != 0 {
                    Some(format!("feature 0 alone should load: {}", layer.report()))
                } else if errors.len() != 1
                    || errors[0].kind != *kind
                    || errors[0].feature != Some(1)
                {
                    Some(format!(
                        "expected one {kind:?} on feature 1: {}",
                        layer.report()
                    ))
                } else if !errors[0].message.starts_with(&format!("{name}: feature 2")) {
                    Some(format!("message not located: {}", errors[0].message))
                } else {
                    None
                }
            }
            (Warned(kind), Ok(layer)) => {
                let found = layer
                    .issues
                    .iter()
                    .find(|i| i.kind == *kind && i.severity == Severity::Warning);
                if layer.features.len() != 2 || layer.error_count() != 0 {
                    Some(format!("both features should load: {}", layer.report()))
                } else if found.is_none() {
                    Some(format!("expected a {kind:?} warning: {}", layer.report()))
                } else if !found.is_some_and(|i| i.message.starts_with(&format!("{name}: "))) {
                    Some("warning does not name the file".into())
                } else {
                    None
                }
            }
            (_, Ok(layer)) => Some(format!("loaded: {}", layer.report())),
            (_, Err(e)) => Some(format!("refused: {e} ({:?})", e.kind)),
        };
        if let Some(why) = outcome {
            failures.push(format!("{name}: {why}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn malformed_json_is_located_by_line_and_column() {
    let e = load("malformed_missing_comma.geojson").unwrap_err();
    assert_eq!(e.kind, IssueKind::MalformedJson { line: 2, column: 2 });
    assert!(e.message.contains("line 2, column 2"), "{}", e.message);
    let e = load("truncated.geojson").unwrap_err();
    assert!(e.message.contains("truncated"), "{}", e.message);
}

#[test]
fn wrong_types_say_what_was_found() {
    let e = load("empty_topology.geojson").unwrap_err();
    assert!(
        e.message.contains("TopoJSON topology has no objects"),
        "{}",
        e.message
    );
    let e = load("top_level_array.geojson").unwrap_err();
    assert!(e.message.contains("an array"), "{}", e.message);
    let e = load("crs_web_mercator.geojson").unwrap_err();
    assert!(e.message.contains("EPSG::3857"), "{}", e.message);
}

#[test]
fn a_bowtie_is_rebuilt_as_two_triangles() {
    let layer = load("bowtie.geojson").unwrap();
    match &layer.features[1].geometry {
        geo::Geometry::MultiPolygon(m) => assert_eq!(m.0.len(), 2),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_unclosed_ring_is_closed() {
    let layer = load("unclosed_ring.geojson").unwrap();
    match &layer.features[1].geometry {
        geo::Geometry::Polygon(p) => {
            assert_eq!(p.exterior().0.len(), 5);
            assert_eq!(p.exterior().0.first(), p.exterior().0.last());
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn all_bad_features_are_listed_when_nothing_loads() {
    let e = load("all_features_bad.geojson").unwrap_err();
    let kinds: Vec<_> = e
        .issues
        .iter()
        .map(|i| (i.feature, i.kind.clone()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (Some(0), IssueKind::MissingGeometry),
            (Some(1), IssueKind::CoordinateOutOfRange)
        ]
    );
    let report = e.report();
    assert_eq!(report.lines().count(), 3, "{report}");
}

fn user_file(name: &str) -> UserLayer {
    let path = format!("{}/tests/user_files/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap();
    load_layer(name, &bytes, &LayerOptions::default(), &LoadProgress::new()).unwrap()
}

fn day(s: &str) -> Date {
    Date::parse(s).unwrap()
}

#[test]
fn an_ohm_style_file_loads_every_geometry_type_with_its_dates() {
    let layer = user_file("ohm_front_1944.geojson");
    assert_eq!(layer.features.len(), 6, "{}", layer.report());
    assert_eq!(layer.error_count(), 0, "{}", layer.report());
    let labels: Vec<&str> = layer.features.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "German-held Courland",
            "Front line, 22 September 1944",
            "Tallinn taken",
            "Interwar Memel Territory",
            "Partisan areas",
            "Bunkers"
        ]
    );
    let f = &layer.features;
    // Year-month start: from 1 October 1944; full-day end is exclusive.
    assert!(!f[0].visible_on(day("1944-09-30")));
    assert!(f[0].visible_on(day("1944-10-01")));
    assert!(f[0].visible_on(day("1945-05-08")));
    assert!(!f[0].visible_on(day("1945-05-09")));
    // A one-day front line.
    assert!(f[1].visible_on(day("1944-09-22")));
    assert!(!f[1].visible_on(day("1944-09-23")));
    // Open end.
    assert!(f[2].visible_on(day("1999-12-31")));
    assert!(!f[2].visible_on(day("1944-09-21")));
    // 1920–1950, outside the atlas period at both ends; year-only end
    // covers the whole of 1950.
    assert!(f[3].visible_on(day("1940-01-01")));
    assert!(f[3].visible_on(day("1950-12-31")));
    assert!(!f[3].visible_on(day("1951-01-01")));
    // Year-month end covers the month.
    assert!(f[4].visible_on(day("1953-06-30")));
    assert!(!f[4].visible_on(day("1953-07-01")));
    // Open start.
    assert!(f[5].visible_on(day("1939-01-01")));
    assert_eq!(layer.visible_on(day("1944-09-22")).count(), 4);
    // Tooltip properties keep scalars as written.
    assert!(
        f[0].properties
            .contains(&("strength".to_string(), "250000".to_string()))
    );
    assert!(
        f[0].properties
            .contains(&("verified".into(), "true".into()))
    );
    assert!(matches!(f[0].geometry, geo::Geometry::MultiPolygon(_)));
    assert!(matches!(f[1].geometry, geo::Geometry::LineString(_)));
    assert!(matches!(f[2].geometry, geo::Geometry::Point(_)));
    match &f[3].geometry {
        geo::Geometry::Polygon(p) => assert_eq!(p.interiors().len(), 1),
        other => panic!("{other:?}"),
    }
    assert!(matches!(f[4].geometry, geo::Geometry::MultiLineString(_)));
    assert!(matches!(f[5].geometry, geo::Geometry::MultiPoint(_)));
}

#[test]
fn a_chosen_label_property_is_used() {
    let path = format!(
        "{}/tests/user_files/ohm_front_1944.geojson",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(path).unwrap();
    let opts = LayerOptions {
        label_property: Some("controller".into()),
        ..LayerOptions::default()
    };
    let layer = load_layer("f", &bytes, &opts, &LoadProgress::new()).unwrap();
    assert_eq!(layer.features[0].label, "DE");
    // Counted from 1 in the label, as in the report.
    assert_eq!(layer.features[1].label, "feature 2");
    assert_eq!(
        layer
            .issues
            .iter()
            .filter(|i| i.kind == IssueKind::MissingLabel)
            .count(),
        5
    );
}

#[test]
fn a_partly_bad_file_loads_the_good_features_and_lists_the_bad() {
    let layer = user_file("mixed.geojson");
    let loaded: Vec<usize> = layer.features.iter().map(|f| f.index).collect();
    assert_eq!(loaded, [0, 2, 4]);
    let errors: Vec<(Option<usize>, IssueKind)> = layer
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| (i.feature, i.kind.clone()))
        .collect();
    assert_eq!(
        errors,
        [
            (Some(1), IssueKind::BadDate),
            (Some(3), IssueKind::CoordinateOutOfRange),
            (Some(5), IssueKind::MissingGeometry)
        ]
    );
    let report = layer.report();
    assert!(
        report.starts_with("mixed.geojson: loaded 3 features, skipped 3 with errors, 1 warning\n"),
        "{report}"
    );
    assert!(
        report.contains("error: mixed.geojson: feature 2 (\"bad date\"): start_date: \"194I\""),
        "{report}"
    );
    assert!(
        report.contains(
            "warning: mixed.geojson: feature 3 (\"good 2\"): the outer ring was not closed"
        ),
        "{report}"
    );
}

#[test]
fn cancelling_stops_the_load() {
    let (bytes, _) = synthetic::rectangles(200_000);
    let progress = LoadProgress::new();
    progress.cancel();
    let e = load_layer("big", &bytes, &LayerOptions::default(), &progress).unwrap_err();
    assert_eq!(e.kind, IssueKind::Cancelled);
}

#[test]
fn a_file_over_the_limit_is_refused_before_parsing() {
    let opts = LayerOptions {
        max_bytes: 10,
        ..LayerOptions::default()
    };
    let e = load_layer(
        "big",
        b"{\"type\": \"FeatureCollection\"}",
        &opts,
        &LoadProgress::new(),
    )
    .unwrap_err();
    assert_eq!(e.kind, IssueKind::TooLarge);
}

fn circle(cx: f64, cy: f64, r: f64, n: usize) -> Vec<[f64; 2]> {
    let mut pts: Vec<[f64; 2]> = (0..n)
        .map(|i| {
            let a = i as f64 / n as f64 * std::f64::consts::TAU;
            [cx + r * a.cos(), cy + r * a.sin()]
        })
        .collect();
    pts.push(pts[0]);
    pts
}

fn one_polygon(rings: Vec<Vec<[f64; 2]>>) -> Vec<u8> {
    serde_json::json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "big", "start_date": "1944"},
         "geometry": {"type": "Polygon", "coordinates": rings}}
    ]})
    .to_string()
    .into_bytes()
}

#[test]
fn large_polygons_are_checked_quickly_and_holes_outside_are_refused() {
    let started = std::time::Instant::now();
    // 50 000 points around Riga with a hole inside: valid.
    let good = one_polygon(vec![
        circle(24.1, 56.9, 1.0, 50_000),
        circle(24.1, 56.9, 0.2, 2_000),
    ]);
    let layer = load_layer("big", &good, &LayerOptions::default(), &LoadProgress::new()).unwrap();
    assert_eq!(layer.issues, vec![]);
    eprintln!("good {:?}", started.elapsed());
    // The same with the hole outside the outer ring: refused.
    let bad = one_polygon(vec![
        circle(24.1, 56.9, 1.0, 50_000),
        circle(27.1, 56.9, 0.2, 2_000),
    ]);
    let e = load_layer("big", &bad, &LayerOptions::default(), &LoadProgress::new()).unwrap_err();
    assert_eq!(e.issues[0].kind, IssueKind::InvalidPolygon);
    eprintln!("hole {:?}", started.elapsed());
    // A crossing in a large ring (a traced front line) is found and
    // rebuilt, as in a small one.
    for n in [50_000, 2_000] {
        let mut crossing = circle(24.1, 56.9, 1.0, n);
        crossing.swap(10, n / 2);
        let bytes = one_polygon(vec![crossing]);
        let layer = load_layer(
            "big",
            &bytes,
            &LayerOptions::default(),
            &LoadProgress::new(),
        )
        .unwrap();
        assert_eq!(
            layer.issues[0].kind,
            IssueKind::SelfIntersection { repaired: true },
            "{n} points"
        );
        assert!(
            layer.issues[0]
                .message
                .contains("rebuilt as 3 valid polygons")
        );
    }
    eprintln!("repaired {:?}", started.elapsed());
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}
