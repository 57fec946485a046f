//! Writes territories as a GeoJSON FeatureCollection a GIS (QGIS) can open.

use geojson::{Feature, FeatureCollection, Geometry, GeometryValue, JsonObject};
use serde_json::json;

use crate::atlas::Atlas;
use crate::date::Date;
use crate::territory::Territory;

/// The territories on `date` as GeoJSON, one feature per controller, with
/// `controller`, `controller_name`, `land_km2` (the area of the polygons,
/// whose holes are the lakes), `water_km2` (inland water inside the
/// territory's borders), `area_km2` (land and water), `start_date`,
/// `end_date` (the span during which exactly this territory held) and
/// `regions`.
pub fn territories_feature_collection(atlas: &Atlas, date: Date) -> FeatureCollection {
    let features = atlas
        .territories_at(date)
        .iter()
        .map(|t| territory_feature(atlas, t))
        .collect::<Vec<_>>();
    let mut fc = FeatureCollection::new(features);
    let mut foreign = JsonObject::new();
    foreign.insert(
        "name".into(),
        json!(format!("Territories on {}", date.iso())),
    );
    foreign.insert("date".into(), json!(date.iso()));
    foreign.insert(
        "source".into(),
        json!(format!(
            "Baltic Atlas, {} (see geodata/SOURCES.md)",
            atlas.origin
        )),
    );
    fc.foreign_members = Some(foreign);
    fc
}

fn territory_feature(atlas: &Atlas, t: &Territory) -> Feature {
    let c = atlas.controllers.get(t.controller);
    let mut props = JsonObject::new();
    props.insert("controller".into(), json!(c.id));
    props.insert("controller_name".into(), json!(c.name));
    let km2 = |v: f64| json!((v * 10.0).round() / 10.0);
    props.insert("land_km2".into(), km2(t.land_km2));
    props.insert("water_km2".into(), km2(t.water_km2));
    props.insert("area_km2".into(), km2(t.area_km2));
    props.insert("start_date".into(), json!(t.start.iso()));
    props.insert("end_date".into(), json!(t.end.iso()));
    props.insert(
        "regions".into(),
        json!(
            t.regions
                .iter()
                .map(|r| atlas.region(*r).id.clone())
                .collect::<Vec<_>>()
        ),
    );
    Feature {
        bbox: None,
        geometry: Some(Geometry::new(GeometryValue::from(&t.geometry))),
        id: None,
        properties: Some(props),
        foreign_members: None,
    }
}
