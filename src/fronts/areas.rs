//! The share of each region a front has taken on a day, for the areas of
//! the legend, the territory chart and the `territories` output: the
//! region (projected, simplified to about 300 m once) cut by the taken
//! land of the day.

use geo::{Area, BooleanOps, BoundingRect, LineString, MapCoords, MultiPolygon, Polygon, Simplify};

use super::Fronts;
use crate::date::Date;
use crate::geodata::controllers::ControllerId;
use crate::map::Projection;

/// Simplification of the regions for areas, degrees (about 300 m): the
/// share's error stays far below the rounding of a km² figure.
const SIMPLIFY_DEGREES: f64 = 0.003;

/// A region's split on a day.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Share {
    /// The region (index into the atlas regions).
    pub region: usize,
    /// Its holder where the front has not passed.
    pub before: ControllerId,
    /// Its holder where it has.
    pub after: ControllerId,
    /// The part taken, 0–1.
    pub taken: f64,
}

impl Fronts {
    /// The shares taken on `date` of the regions the fronts pass through;
    /// `geometry(r)` gives region `r`'s longitude/latitude polygons.
    pub fn shares<'g>(
        &self,
        date: Date,
        geometry: impl Fn(usize) -> &'g MultiPolygon<f64>,
    ) -> Vec<Share> {
        let projection = Projection::baltic();
        let mut out = Vec::new();
        for field in self.active(date).collect::<Vec<_>>() {
            let zones = self.zones(field, date);
            let taken: Vec<Polygon<f64>> = zones
                .taken
                .iter()
                .map(|p| {
                    let mut ring: Vec<(f64, f64)> = p.iter().map(|v| (v[0], v[1])).collect();
                    ring.push(ring[0]);
                    Polygon::new(LineString::from(ring), vec![])
                })
                .collect();
            let taken = geo::unary_union(&taken);
            for (r, play) in self.regions_in_play(field, date) {
                let land = self.projected(r, &projection, &geometry);
                let whole = land.unsigned_area();
                let share = match (land.bounding_rect(), whole > 0.0) {
                    (Some(_), true) => land.intersection(&taken).unsigned_area() / whole,
                    _ => 0.0,
                };
                out.push(Share {
                    region: r,
                    before: play.before,
                    after: play.after,
                    taken: share.clamp(0.0, 1.0),
                });
            }
        }
        out
    }

    fn projected<'g>(
        &self,
        r: usize,
        projection: &Projection,
        geometry: &impl Fn(usize) -> &'g MultiPolygon<f64>,
    ) -> MultiPolygon<f64> {
        let cache = self.simplified.get_or_init(Default::default);
        if let Some(mp) = cache.lock().ok().and_then(|c| c.get(&r).cloned()) {
            return mp;
        }
        let mp = geometry(r).simplify(SIMPLIFY_DEGREES).map_coords(|c| {
            let (x, y) = projection.forward(c.x, c.y);
            geo::coord! { x: x, y: y }
        });
        if let Ok(mut c) = cache.lock() {
            c.insert(r, mp.clone());
        }
        mp
    }
}
