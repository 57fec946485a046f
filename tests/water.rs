//! Inland water: the lakes are holes in the regions, each piece of water
//! belongs to the region whose borders contain it, a point in a lake still
//! answers who controlled it, and the areas in the files agree with the
//! geometry.
// Tests and benchmarks may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used)]

use baltic_atlas::{Atlas, Date};
use geo::{Area, BooleanOps, GeodesicArea, Intersects, MapCoords, MultiPolygon, Validation};

/// Area in km² in the sinusoidal projection (equal-area), robust for
/// the slivers boolean operations return.
fn approx_km2(mp: &MultiPolygon<f64>) -> f64 {
    mp.map_coords(|c| {
        geo::coord! {
            x: c.x * c.y.to_radians().cos() * 111.195,
            y: c.y * 111.195,
        }
    })
    .unsigned_area()
}

/// A point in each named lake's part inside a region, the lake, and the
/// state holding it on 1 January 1995.
const LAKES: &[(&str, f64, f64, &str)] = &[
    ("peipus", 27.3365, 58.6109, "EE"),
    ("lammijarv", 27.4601, 58.2748, "EE"),
    ("pskov", 27.6017, 58.0907, "EE"),
    ("vortsjarv", 26.0496, 58.2575, "EE"),
    ("narva-reservoir", 28.1865, 59.3033, "RU"),
    ("lubans", 26.8824, 56.7735, "LV"),
    ("razna", 27.4544, 56.3215, "LV"),
    ("burtnieks", 25.2463, 57.7394, "LV"),
    ("druksiai", 26.5808, 55.6343, "LT"),
    ("curonian-lagoon", 21.1943, 55.4048, "LT"),
    ("kaunas-reservoir", 24.1679, 54.8556, "LT"),
];

#[test]
fn a_point_in_each_named_lake_is_water_and_answers_a_controller() {
    let atlas = Atlas::builtin().unwrap();
    let date = Date::parse("1995-01-01").unwrap();
    for (lake, lon, lat, state) in LAKES {
        assert_eq!(
            atlas.region_at(*lon, *lat),
            None,
            "{lake}: the point is land"
        );
        let c = atlas.control_at(date, *lon, *lat).unwrap();
        let water = c.water.unwrap();
        assert_eq!(&water.id, lake);
        assert_eq!(&c.controller.id, state, "{lake}");
        assert!(
            water.names.iter().any(|n| n.lang == "en") && water.names.len() >= 2,
            "{lake}: names {:?}",
            water.names
        );
    }
}

#[test]
fn the_query_names_the_lake() {
    let atlas = Atlas::builtin().unwrap();
    let date = Date::parse("1944-10-13").unwrap();
    let text = baltic_atlas::cli::query_text(&atlas, date, 27.3365, 58.6109, false).unwrap();
    assert!(
        text.contains("Water:      Lake Peipus (Peipsi järv [et]"),
        "{text}"
    );
    assert!(text.contains("Controller:"), "{text}");
}

#[test]
fn land_and_water_areas_in_the_file_match_the_geometry() {
    let atlas = Atlas::builtin().unwrap();
    let text = std::fs::read_to_string("geodata/regions.geojson").unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    for f in v["features"].as_array().unwrap() {
        let p = &f["properties"];
        let id = p["id"].as_str().unwrap();
        let r = atlas.region(atlas.find_region(id).unwrap());
        // land_km2 is the geodesic area of the polygons (lakes are holes),
        // as the file states it (the atlas reads it rather than measure).
        let geodesic = r.geometry.geodesic_area_unsigned() / 1e6;
        let land = p["land_km2"].as_f64().unwrap();
        assert_eq!(r.land_km2, land);
        let water = p["water_km2"].as_f64().unwrap();
        assert!(
            (land - geodesic).abs() <= 0.01 + geodesic * 1e-4,
            "{id}: land_km2 {land} vs polygons {geodesic:.2}"
        );
        assert!(
            (water - r.water_km2).abs() <= 0.05 + water * 1e-3,
            "{id}: water_km2 {water} vs water.geojson {:.2}",
            r.water_km2
        );
        assert!((r.area_km2 - r.land_km2 - r.water_km2).abs() < 1e-9);
    }
}

#[test]
fn water_is_valid_and_does_not_overlap_land() {
    let atlas = Atlas::builtin().unwrap();
    for w in &atlas.water {
        if let Err(e) = w.geometry.check_validation() {
            panic!("water {} in {:?} is invalid: {e}", w.id, w.region);
        }
        for (_, r) in atlas.regions() {
            if !r.bbox.intersects(&w.bbox) {
                continue;
            }
            let overlap = approx_km2(&r.geometry.intersection(&w.geometry));
            assert!(
                overlap < 0.05,
                "{} ({:?}) overlaps {} by {overlap:.3} km²",
                w.id,
                w.region,
                r.id
            );
        }
    }
}

#[test]
fn regions_and_their_water_leave_no_gaps() {
    let atlas = Atlas::builtin().unwrap();
    let land = atlas.regions().map(|(_, r)| &r.geometry);
    let water = atlas
        .water
        .iter()
        .filter(|w| w.region.is_some())
        .map(|w| &w.geometry);
    let union: MultiPolygon<f64> = geo::unary_union(land.chain(water));
    for p in &union.0 {
        for hole in p.interiors() {
            let km2 = approx_km2(&MultiPolygon(vec![geo::Polygon::new(hole.clone(), vec![])]));
            assert!(km2 < 0.01, "gap of {km2:.3} km² near {:?}", hole.0.first());
        }
    }
}

#[test]
fn lake_areas_in_the_file_match_the_geometry() {
    let atlas = Atlas::builtin().unwrap();
    for w in &atlas.water {
        // The atlas reads area_km2 from water.geojson rather than measure.
        let geodesic = w.geometry.geodesic_area_unsigned() / 1e6;
        assert!(
            (w.area_km2 - geodesic).abs() <= 0.01 + geodesic * 1e-4,
            "{}: area_km2 {} vs polygons {geodesic:.3}",
            w.name,
            w.area_km2
        );
    }
}
