//! The share of each region a front has taken on a day, for the areas of
//! the legend, the territory chart and the `territories` output: the
//! region (projected, simplified to about 300 m once) cut by the taken
//! land of the day.

use geo::orient::{Direction, Orient};
use geo::{Area, BooleanOps, BoundingRect, MapCoords, MultiPolygon, Simplify};

use super::Fronts;
use super::zones::{Crossing, FaceDays, union, union_with};
use crate::atlas::Atlas;
use crate::date::Date;
use crate::geodata::controllers::ControllerId;
use crate::geodata::regions::RegionId;
use crate::map::Projection;

/// Simplification of the regions for areas, degrees (about 300 m): the
/// share's error stays far below the rounding of a km² figure.
const SIMPLIFY_DEGREES: f64 = 0.003;

/// The longest edge of a taken piece brought back to longitude/latitude
/// unsplit, km.
const DENSIFY_KM: f64 = 10.0;

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
    pub fn shares(&self, date: Date, atlas: &Atlas) -> Vec<Share> {
        let geometry = |r: usize| &atlas.region(RegionId(r as u16)).geometry;
        let projection = Projection::baltic();
        let mut out = Vec::new();
        for field in self.active(date).collect::<Vec<_>>() {
            let faces = self.face_days(field, date);
            let day = date.day_index() as f64;
            for (r, play) in
                self.regions_in_play(field, date, atlas.timelines(), &atlas.controllers)
            {
                let land = self.projected(r, &projection, &geometry);
                let whole = land.unsigned_area();
                let share = match land.bounding_rect() {
                    Some(b) if whole > 0.0 => {
                        let bbox = [b.min().x, b.min().y, b.max().x, b.max().y];
                        taken_area(&land, &faces, bbox, day) / whole
                    }
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

/// The area of `land` (projected, bounding box `bbox`) taken by `day`:
/// the whole of it when every triangle over it was taken by then, none
/// when none was, else its intersection with the taken parts of the
/// triangles over it (the front crosses it).
fn taken_area(land: &MultiPolygon<f64>, faces: &FaceDays, bbox: [f64; 4], day: f64) -> f64 {
    let over = faces.over(bbox);
    match faces.crossing(&over, day, 0.0) {
        Crossing::Taken => land.unsigned_area(),
        Crossing::Untaken => 0.0,
        Crossing::Crossed => union(&faces.zones(&over, day, |_| 0.0).taken)
            .map_or(0.0, |taken| land.intersection(&taken).unsigned_area()),
    }
}

/// A piece's corners back in longitude/latitude, with a corner every
/// [`DENSIFY_KM`] along its edges.
fn densified(p: &[[f64; 2]], projection: &Projection) -> Vec<(f64, f64)> {
    let mut ring = Vec::new();
    for i in 0..p.len() {
        let (a, b) = (p[i], p[(i + 1) % p.len()]);
        let length = ((b[0] - a[0]).powi(2) + (b[1] - a[1]).powi(2)).sqrt();
        let steps = (length / DENSIFY_KM).ceil().max(1.0) as usize;
        for k in 0..steps {
            let t = k as f64 / steps as f64;
            ring.push(projection.inverse(a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])));
        }
    }
    ring
}

/// A region a front passes through, cut along the front of a day
/// (longitude/latitude, full detail).
#[derive(Clone, Debug)]
pub struct SplitRegion {
    /// The region (index into the atlas regions).
    pub region: usize,
    /// The holders on either side that day.
    pub play: super::Play,
    /// The part the front has not reached.
    pub before: MultiPolygon<f64>,
    /// The part it has taken.
    pub after: MultiPolygon<f64>,
}

impl Fronts {
    /// The regions the fronts pass through on `date`, each cut in two
    /// along the front (for the `territories` output and its areas).
    pub fn split_regions(&self, date: Date, atlas: &Atlas) -> Vec<SplitRegion> {
        let projection = Projection::baltic();
        let mut out = Vec::new();
        for field in self.active(date).collect::<Vec<_>>() {
            let zones = self.zones(field, date);
            // Densified so the edges stay straight in the map's projection,
            // as the drawn and measured pieces are.
            let taken = union_with(&zones.taken, |p| densified(p, &projection))
                .unwrap_or_else(|| MultiPolygon(Vec::new()));
            for (r, play) in
                self.regions_in_play(field, date, atlas.timelines(), &atlas.controllers)
            {
                let land = &atlas.region(RegionId(r as u16)).geometry;
                // Rings in RFC 7946 order, so geodesic areas are right.
                out.push(SplitRegion {
                    region: r,
                    play,
                    before: land.difference(&taken).orient(Direction::Default),
                    after: land.intersection(&taken).orient(Direction::Default),
                });
            }
        }
        out
    }
}
