//! Regions: the small polygons whose control never splits in 1939–1999.

use geo::orient::{Direction, Orient};
use geo::{BoundingRect, GeodesicArea, MultiPolygon, Rect};
use geojson::{Feature, GeoJson};
use serde_json::Value;

use crate::date::Date;
use crate::error::AtlasError;

/// Index of a region in the atlas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RegionId(pub u16);

/// A name a place bore, in a language, during a period (open-ended when
/// `from` or `to` is missing): Memel/Klaipėda, Dorpat/Tartu, Wilno/Vilnius.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodName {
    /// The name.
    pub name: String,
    /// ISO 639-1 language code.
    pub lang: String,
    /// First day the name was in official use, if bounded.
    pub from: Option<Date>,
    /// Last day the name was in official use, if bounded.
    pub to: Option<Date>,
}

impl PeriodName {
    /// Length of the naming period in days (open ends count as unbounded),
    /// so the most specific name can win.
    pub fn span_days(&self) -> i64 {
        let from = self.from.map_or(-100_000, |d| d.day_index() as i64);
        let to = self.to.map_or(100_000, |d| d.day_index() as i64);
        to - from
    }

    /// True when the name was in use on `date`.
    pub fn in_use_on(&self, date: Date) -> bool {
        self.from.is_none_or(|f| f <= date) && self.to.is_none_or(|t| date <= t)
    }
}

/// One region with its geometry and names.
#[derive(Clone, Debug)]
pub struct Region {
    /// Stable identifier, e.g. `LT-KLAIPEDA-CITY`.
    pub id: String,
    /// A neutral English label, e.g. "Klaipėda (Memel) and the Curonian Spit".
    pub name: String,
    /// ISO code of the interwar state it belonged to (EE, LV, LT), or of
    /// the state it went to in 1939–40 for the Vilnius region.
    pub country: String,
    /// Names by period and language.
    pub names: Vec<PeriodName>,
    /// Land outline in WGS 84 longitude/latitude (lakes are holes).
    pub geometry: MultiPolygon<f64>,
    /// Bounding box, for fast point queries.
    pub bbox: Rect<f64>,
    /// Area of the land (of `geometry`) on the WGS 84 ellipsoid, in km².
    pub land_km2: f64,
    /// Area of the inland water inside the region's borders (the pieces of
    /// `water.geojson` assigned to it), in km².
    pub water_km2: f64,
    /// Land and water, km²: what published areas of states count.
    pub area_km2: f64,
}

impl Region {
    /// The names in use on `date`, most specific (narrowest period) first.
    pub fn names_on(&self, date: Date) -> Vec<&PeriodName> {
        let mut names: Vec<&PeriodName> = self.names.iter().filter(|n| n.in_use_on(date)).collect();
        names.sort_by_key(|n| n.span_days());
        names
    }
}

/// Reads a `names` property: an array of `{name, lang, from?, to?}`.
pub(crate) fn parse_names(
    value: Option<&Value>,
    file: &str,
    feature: usize,
) -> Result<Vec<PeriodName>, AtlasError> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    let err = |msg: String| AtlasError::data(file, Some(feature), Some("names"), msg);
    let arr = value
        .as_array()
        .ok_or_else(|| err("expected an array of {name, lang, from, to}".into()))?;
    let mut out = Vec::new();
    for item in arr {
        let text = |key: &str| item.get(key).and_then(Value::as_str);
        let name = text("name").ok_or_else(|| err("a name without \"name\"".into()))?;
        let date = |key: &str| -> Result<Option<Date>, AtlasError> {
            text(key)
                .map(|s| Date::parse(s).map_err(|e| err(format!("\"{key}\" of {name}: {e}"))))
                .transpose()
        };
        out.push(PeriodName {
            name: name.to_string(),
            lang: text("lang").unwrap_or("").to_string(),
            from: date("from")?,
            to: date("to")?,
        });
    }
    Ok(out)
}

/// The area in km² a feature states under `key` (written by the geodata
/// build, which measures the polygons' geodesic area), or that area
/// measured now when the file does not state it. Measuring costs about
/// half of a start with the detailed coast; `tests/water.rs` checks that
/// the stated areas are the measured ones.
pub(crate) fn stated_or_geodesic_km2(feature: &Feature, key: &str, mp: &MultiPolygon<f64>) -> f64 {
    feature
        .property(key)
        .and_then(Value::as_f64)
        .filter(|a| a.is_finite() && *a > 0.0)
        .unwrap_or_else(|| mp.geodesic_area_unsigned() / 1e6)
}

/// Reads a string property that must be present.
pub(crate) fn required_str<'a>(
    feature: &'a Feature,
    key: &str,
    file: &str,
    index: usize,
) -> Result<&'a str, AtlasError> {
    feature
        .property(key)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| {
            AtlasError::data(
                file,
                Some(index),
                Some(key),
                format!("feature {index} has no \"{key}\" text property"),
            )
        })
}

/// Parses a GeoJSON FeatureCollection text.
pub(crate) fn feature_collection(text: &str, file: &str) -> Result<Vec<Feature>, AtlasError> {
    let geojson: GeoJson = text
        .parse()
        .map_err(|e| AtlasError::data(file, None, None, format!("not valid GeoJSON: {e}")))?;
    match geojson {
        GeoJson::FeatureCollection(fc) => Ok(fc.features),
        _ => Err(AtlasError::data(
            file,
            None,
            None,
            "expected a GeoJSON FeatureCollection",
        )),
    }
}

/// Converts a feature's geometry into a MultiPolygon (Polygon accepted).
pub(crate) fn multipolygon(
    feature: &Feature,
    file: &str,
    index: usize,
) -> Result<MultiPolygon<f64>, AtlasError> {
    let err = |msg: &str| AtlasError::data(file, Some(index), Some("geometry"), msg);
    let geometry = feature
        .geometry
        .as_ref()
        .ok_or_else(|| err("feature has no geometry"))?;
    let geom: geo::Geometry<f64> = geometry
        .try_into()
        .map_err(|_| err("geometry cannot be read"))?;
    let mp = match geom {
        geo::Geometry::Polygon(p) => MultiPolygon(vec![p]),
        geo::Geometry::MultiPolygon(mp) => mp,
        _ => return Err(err("expected a Polygon or MultiPolygon")),
    };
    // Geodesic areas depend on ring orientation; files in the wild do not
    // all follow RFC 7946's right-hand rule, so normalise here.
    Ok(mp.orient(Direction::Default))
}

/// Parses `regions.geojson`.
pub fn parse(text: &str, file: &str) -> Result<Vec<Region>, AtlasError> {
    let features = feature_collection(text, file)?;
    let mut regions: Vec<Region> = Vec::with_capacity(features.len());
    for (i, f) in features.iter().enumerate() {
        let index = i + 1;
        let id = required_str(f, "id", file, index)?.to_string();
        if regions.iter().any(|r| r.id == id) {
            return Err(AtlasError::data(
                file,
                Some(index),
                Some("id"),
                format!("duplicate region \"{id}\""),
            ));
        }
        let geometry = multipolygon(f, file, index)?;
        let bbox = geometry.bounding_rect().ok_or_else(|| {
            AtlasError::data(file, Some(index), Some("geometry"), "empty geometry")
        })?;
        let land_km2 = stated_or_geodesic_km2(f, "land_km2", &geometry);
        regions.push(Region {
            name: required_str(f, "name", file, index)?.to_string(),
            country: required_str(f, "country", file, index)?.to_string(),
            names: parse_names(f.property("names"), file, index)?,
            id,
            geometry,
            bbox,
            land_km2,
            // Set when the water is assigned (`Atlas::from_files`).
            water_km2: 0.0,
            area_km2: land_km2,
        });
    }
    if regions.len() > u16::MAX as usize {
        return Err(AtlasError::data(file, None, None, "too many regions"));
    }
    Ok(regions)
}
