//! Inland water: the lakes cut out of the regions as holes, each piece
//! assigned to the region whose borders contain it (a lake belongs to a
//! state), with the names of the lake.

use geo::{BoundingRect, MultiPolygon, Rect};
use serde_json::Value;

use super::regions::{
    PeriodName, feature_collection, multipolygon, parse_names, required_str, stated_or_geodesic_km2,
};
use crate::error::AtlasError;

/// A piece of inland water: one lake's part inside one region, a region's
/// other (unnamed) water, or a border lake's part outside every region.
#[derive(Clone, Debug)]
pub struct WaterBody {
    /// The lake's identifier (`peipus`, `vortsjarv`…; `water` for unnamed
    /// water). Pieces of one lake in different regions share it.
    pub id: String,
    /// The English name ("Lake Peipus"; "Inland water" when unnamed).
    pub name: String,
    /// Names in the local languages (and English), without periods.
    pub names: Vec<PeriodName>,
    /// Index of the region whose borders contain this piece, if any.
    pub region: Option<usize>,
    /// Outline in WGS 84 longitude/latitude.
    pub geometry: MultiPolygon<f64>,
    /// Bounding box, for fast point queries.
    pub bbox: Rect<f64>,
    /// Area on the WGS 84 ellipsoid, in km².
    pub area_km2: f64,
}

impl WaterBody {
    /// True for a named lake (not a region's other water).
    pub fn is_named(&self) -> bool {
        self.id != "water"
    }
}

/// Parses `water.geojson`; `region_ids` are the regions' identifiers in
/// file order (a piece naming another region is refused).
pub fn parse(text: &str, file: &str, region_ids: &[&str]) -> Result<Vec<WaterBody>, AtlasError> {
    let mut out = Vec::new();
    for (i, f) in feature_collection(text, file)?.iter().enumerate() {
        let index = i + 1;
        let region = match f.property("region") {
            None | Some(Value::Null) => None,
            Some(v) => {
                let id = v.as_str().unwrap_or_default();
                let k = region_ids.iter().position(|r| *r == id).ok_or_else(|| {
                    AtlasError::data(
                        file,
                        Some(index),
                        Some("region"),
                        format!("unknown region \"{id}\""),
                    )
                })?;
                Some(k)
            }
        };
        let geometry = multipolygon(f, file, index)?;
        let bbox = geometry.bounding_rect().ok_or_else(|| {
            AtlasError::data(file, Some(index), Some("geometry"), "empty geometry")
        })?;
        out.push(WaterBody {
            id: required_str(f, "id", file, index)?.to_string(),
            name: required_str(f, "name", file, index)?.to_string(),
            names: parse_names(f.property("names"), file, index)?,
            region,
            area_km2: stated_or_geodesic_km2(f, "area_km2", &geometry),
            geometry,
            bbox,
        });
    }
    Ok(out)
}
