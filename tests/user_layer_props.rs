//! Property tests: whatever bytes or JSON a user opens, the loader returns
//! (a layer or an error) without panicking and in bounded time.
// Tests and benchmarks may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use baltic_atlas::map::Projection;
use baltic_atlas::map::layer_geometry::LayerGeometry;
use baltic_atlas::user_layer::{LayerOptions, LoadProgress, Severity, load_layer};
use proptest::prelude::*;
use serde_json::{Value, json};

const LIMIT: Duration = Duration::from_secs(2);

fn check(bytes: &[u8]) {
    let started = Instant::now();
    let result = load_layer(
        "prop.geojson",
        bytes,
        &LayerOptions::default(),
        &LoadProgress::new(),
    );
    assert!(started.elapsed() < LIMIT, "took {:?}", started.elapsed());
    match result {
        Ok(layer) => {
            assert!(!layer.features.is_empty());
            for i in &layer.issues {
                assert!(i.message.starts_with("prop.geojson: "), "{}", i.message);
            }
            // Every loaded feature is valid to draw: it projects to finite
            // map coordinates and its fill triangles index its own vertices.
            let drawn = LayerGeometry::new(&layer, &Projection::baltic());
            assert_eq!(drawn.shapes.len(), layer.features.len());
            for shape in &drawn.shapes {
                let points = shape.points.iter().chain(shape.lines.iter().flatten());
                for p in points.chain(&shape.mesh.vertices) {
                    assert!(p[0].is_finite() && p[1].is_finite(), "{p:?}");
                }
                let n = shape.mesh.vertices.len() as u32;
                assert!(shape.mesh.indices.iter().all(|i| *i < n));
                assert_eq!(shape.mesh.indices.len() % 3, 0);
            }
            let _ = layer.report();
        }
        Err(e) => {
            assert!(e.message.starts_with("prop.geojson: "), "{}", e.message);
            let _ = e.report();
        }
    }
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        "[a-zA-Z0-9_ -]{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("Feature"),
            Just("FeatureCollection"),
            Just("Polygon"),
            Just("Point"),
            Just("1944-09-22"),
            Just("1944"),
        ]
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("type".to_string()),
                        Just("features".to_string()),
                        Just("geometry".to_string()),
                        Just("coordinates".to_string()),
                        Just("properties".to_string()),
                        Just("start_date".to_string()),
                        Just("end_date".to_string()),
                        Just("crs".to_string()),
                        "[a-z]{1,6}",
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

fn coord() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => (-200.0f64..200.0, -100.0f64..100.0).prop_map(|(x, y)| json!([x, y])),
        1 => (20.0f64..28.0, 53.0f64..60.0, -10.0f64..100.0).prop_map(|(x, y, z)| json!([x, y, z])),
        1 => json_value(),
    ]
}

fn geometry() -> impl Strategy<Value = Value> {
    let ring = || prop::collection::vec(coord(), 0..12).prop_map(Value::Array);
    prop_oneof![
        coord().prop_map(|c| json!({"type": "Point", "coordinates": c})),
        prop::collection::vec(coord(), 0..10)
            .prop_map(|c| json!({"type": "LineString", "coordinates": c})),
        prop::collection::vec(ring(), 0..3)
            .prop_map(|r| json!({"type": "Polygon", "coordinates": r})),
        prop::collection::vec(prop::collection::vec(ring(), 0..3), 0..3)
            .prop_map(|p| json!({"type": "MultiPolygon", "coordinates": p})),
        json_value(),
    ]
}

fn date() -> impl Strategy<Value = Value> {
    prop_oneof![
        (1900i32..2010, 1u32..13, 1u32..32)
            .prop_map(|(y, m, d)| json!(format!("{y:04}-{m:02}-{d:02}"))),
        (1900i32..2010).prop_map(|y| json!(format!("{y}"))),
        json_value(),
    ]
}

fn feature() -> impl Strategy<Value = Value> {
    (
        geometry(),
        prop::option::of(date()),
        prop::option::of(date()),
        "[a-z ]{0,8}",
    )
        .prop_map(|(g, s, e, name)| {
            let mut props = json!({ "name": name });
            if let Some(s) = s {
                props["start_date"] = s;
            }
            if let Some(e) = e {
                props["end_date"] = e;
            }
            json!({"type": "Feature", "properties": props, "geometry": g})
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check(&bytes);
    }

    #[test]
    fn arbitrary_bytes_after_a_collection_start_never_panic(
        tail in prop::collection::vec(any::<u8>(), 0..256)
    ) {
        let mut bytes = br#"{"type":"FeatureCollection","features":["#.to_vec();
        bytes.extend(tail);
        check(&bytes);
    }

    #[test]
    fn arbitrary_json_never_panics(v in json_value()) {
        check(v.to_string().as_bytes());
    }

    #[test]
    fn arbitrary_feature_collections_never_panic_and_account_for_every_feature(
        features in prop::collection::vec(feature(), 0..8)
    ) {
        let n = features.len();
        let text = json!({"type": "FeatureCollection", "features": features}).to_string();
        check(text.as_bytes());
        if let Ok(layer) = load_layer("p", text.as_bytes(), &LayerOptions::default(), &LoadProgress::new()) {
            // Each feature either loaded or has an error naming it.
            for i in 0..n {
                let loaded = layer.features.iter().any(|f| f.index == i);
                let refused = layer.issues.iter().any(|x| x.feature == Some(i) && x.severity == Severity::Error);
                prop_assert!(loaded != refused, "feature {i}: {}", layer.report());
            }
        }
    }
}
