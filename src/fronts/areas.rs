//! The share of each region a front has taken on a day, for the areas of
//! the legend, the territory chart and the `territories` output: the
//! region (projected, simplified to about 300 m and cut by the front's
//! triangles once, see [`super::cut`]) measured on the taken side of the
//! day's front.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use geo::orient::{Direction, Orient};
use geo::{Area, BooleanOps, BoundingRect, MapCoords, MultiPolygon, Simplify, TriangulateEarcut};

use super::Fronts;
use super::cut::LandCut;
use super::zones::{Crossing, union_with};
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
    /// The shares taken on `date` of the regions the fronts pass through:
    /// each region (projected, simplified) is cut by the front's triangles
    /// once, then a day adds up the areas of its pieces (see
    /// [`super::cut`]).
    pub fn shares(&self, date: Date, atlas: &Atlas) -> Vec<Share> {
        if self.active(date).next().is_none() {
            return Vec::new();
        }
        let day = date.day_index();
        if let Some(s) = self
            .shares_by_day
            .lock()
            .ok()
            .and_then(|c| c.get(&day).cloned())
        {
            return s;
        }
        let out = self.shares_now(date, atlas);
        if let Ok(mut c) = self.shares_by_day.lock() {
            c.insert(day, out.clone());
        }
        out
    }

    /// [`Self::shares`], computed.
    fn shares_now(&self, date: Date, atlas: &Atlas) -> Vec<Share> {
        let mut out = Vec::new();
        for field in self.active(date).collect::<Vec<_>>() {
            let faces = self.face_days(field, date);
            let day = date.day_index() as f64;
            for (r, play) in
                self.regions_in_play(field, date, atlas.timelines(), &atlas.controllers)
            {
                let share = match (self.area_cut(field, r, atlas), self.fields.get(field)) {
                    (Some(land), Some(f)) if land.whole > 0.0 => {
                        match land.cut.crossing(&faces, day, 0.0) {
                            Crossing::Taken => 1.0,
                            Crossing::Untaken => 0.0,
                            Crossing::Crossed => {
                                let cut = land.cut.cut(f, || land.fill_triangles());
                                cut.taken_area(&faces, day) / land.whole
                            }
                        }
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

    /// Cuts every region every front passes through, as [`Self::shares`]
    /// would on the days the front crosses it, so that those days only
    /// add up areas: run on a background thread when the window opens
    /// (the cut of one region takes up to tens of milliseconds), the front
    /// nearest `near` first. Stops early when `stop` is set.
    pub fn warm_areas(&self, atlas: &Atlas, near: Date, stop: &AtomicBool) {
        self.each_region_near(near, stop, |field, f, r| {
            if let Some(land) = self.area_cut(field, r, atlas) {
                land.cut.cut(f, || land.fill_triangles());
            }
        });
    }

    /// Region `r` as the areas see it and the triangles of `field` over
    /// it (made on first use, then kept); None when it has no land.
    fn area_cut(&self, field: usize, r: usize, atlas: &Atlas) -> Option<Arc<AreaCut>> {
        // Made under the lock (a simplification and a projection, about a
        // millisecond), so that the window and the warm-up thread share
        // one cut of each region and never make it twice.
        let mut cache = self.area_cuts.lock().ok()?;
        if let Some(c) = cache.get(&(field, r)) {
            return Some(c.clone());
        }
        let land = area_land(atlas, r);
        let b = land.bounding_rect()?;
        let c = Arc::new(AreaCut {
            whole: land.unsigned_area(),
            cut: LandCut::new(
                self.fields.get(field)?,
                [b.min().x, b.min().y, b.max().x, b.max().y],
            ),
            land,
        });
        cache.insert((field, r), c.clone());
        Some(c)
    }
}

/// A region as the areas see it: its area, and its pieces in the triangles
/// of one front.
#[derive(Debug)]
pub(super) struct AreaCut {
    /// The area of the simplified, projected region, km².
    whole: f64,
    /// The simplified, projected region.
    land: MultiPolygon<f64>,
    /// The triangles over it, and its pieces in them once the front first
    /// crosses it.
    cut: LandCut,
}

impl AreaCut {
    /// The fill triangles of the region. The simplified rings may cross
    /// (holes over holes): the overlay with the region's box resolves
    /// them as the overlay with the taken land did before the cut.
    fn fill_triangles(&self) -> Vec<[[f64; 2]; 3]> {
        match self.land.bounding_rect() {
            Some(b) => fill_triangles(&self.land.intersection(&MultiPolygon(vec![b.to_polygon()]))),
            None => Vec::new(),
        }
    }
}

/// The earcut triangles of a multipolygon (holes respected).
/// Region `r` as the areas measure it: simplified, in the map's
/// projection (km).
fn area_land(atlas: &Atlas, r: usize) -> MultiPolygon<f64> {
    let projection = Projection::baltic();
    atlas
        .region(RegionId(r as u16))
        .geometry
        .simplify(SIMPLIFY_DEGREES)
        .map_coords(|c| {
            let (x, y) = projection.forward(c.x, c.y);
            geo::coord! { x: x, y: y }
        })
}

fn fill_triangles(mp: &MultiPolygon<f64>) -> Vec<[[f64; 2]; 3]> {
    let mut out = Vec::new();
    for p in &mp.0 {
        let raw = p.earcut_triangles_raw();
        out.extend(
            raw.triangle_indices
                .chunks_exact(3)
                .map(|t| [raw.vertices[t[0]], raw.vertices[t[1]], raw.vertices[t[2]]]),
        );
    }
    out
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

#[cfg(test)]
mod tests {
    use geo::{Area, BooleanOps, BoundingRect};

    use super::*;
    use crate::fronts::zones::{DayZones, FaceDays, triangle_zones, union, without_doubles};

    /// The warm-ups serve the front the user is looking at first, and a
    /// warm-up of the areas gives the same shares as cutting on demand.
    #[test]
    fn warm_areas_serve_the_nearest_front_first_and_change_no_share() {
        let atlas = Atlas::builtin().expect("geodata");
        let fronts = &atlas.fronts;
        for d in ["1941-07-01", "1944-08-01", "1960-01-01", "1939-01-01"] {
            let date = Date::parse(d).expect("date");
            let order = fronts.nearest_first(date);
            assert_eq!(order.len(), fronts.fields.len());
            let first = &fronts.fields[order[0]];
            let gap = |f: &super::super::field::FrontField| {
                (first.window.0.day_index() - date.day_index())
                    .max(date.day_index() - first.window.1.day_index())
                    .max(0)
                    <= (f.window.0.day_index() - date.day_index())
                        .max(date.day_index() - f.window.1.day_index())
                        .max(0)
            };
            assert!(fronts.fields.iter().all(gap), "{d}");
        }
        assert!(
            fronts.fields[fronts.nearest_first(Date::parse("1944-08-01").unwrap())[0]]
                .covers(Date::parse("1944-08-01").unwrap())
        );
        let warm = Atlas::builtin().expect("geodata");
        warm.fronts.warm_areas(
            &warm,
            Date::parse("1944-08-01").unwrap(),
            &AtomicBool::new(false),
        );
        for d in ["1941-07-20", "1944-08-15", "1945-02-15"] {
            let date = Date::parse(d).expect("date");
            assert_eq!(
                warm.fronts.shares(date, &warm),
                fronts.shares(date, &atlas),
                "{d}"
            );
        }
    }

    /// The taken area of `land` by the method before the cut: the land
    /// overlaid with the taken part of each triangle over its box, each
    /// on its own (they do not overlap).
    fn overlaid(land: &MultiPolygon<f64>, faces: &FaceDays, day: f64) -> (Crossing, f64) {
        let Some(b) = land.bounding_rect() else {
            return (Crossing::Untaken, 0.0);
        };
        let over: Vec<usize> = (0..faces.faces.len())
            .filter(|&i| {
                let t = faces.faces[i].0;
                let any = |k: usize, f: &dyn Fn(f64) -> bool| t.iter().any(|p| f(p[k]));
                any(0, &|x| x >= b.min().x)
                    && any(0, &|x| x <= b.max().x)
                    && any(1, &|y| y >= b.min().y)
                    && any(1, &|y| y <= b.max().y)
            })
            .collect();
        let crossing = faces.crossing(&over, day, 0.0);
        let whole = land.unsigned_area();
        match crossing {
            Crossing::Taken => (crossing, whole),
            Crossing::Untaken => (crossing, 0.0),
            Crossing::Crossed => {
                let mut z = DayZones::default();
                for &i in &over {
                    triangle_zones(faces.faces[i].0, faces.faces[i].1, day, 0.0, &mut z);
                }
                let on_land = |u: Option<MultiPolygon<f64>>| {
                    u.map_or(0.0, |t| land.intersection(&t).unsigned_area())
                };
                let each = z
                    .taken
                    .iter()
                    .map(|p| on_land(union(&[without_doubles(p)])))
                    .sum();
                (crossing, each)
            }
        }
    }

    /// The shares from the cut pieces are those of overlaying each region
    /// with the taken part of each triangle over it, to floating-point
    /// noise, on every ninth day of each front. (Their union, as measured
    /// before the cut, lost whole triangles with a corner falling on the
    /// day: see [`without_doubles`].)
    #[test]
    fn cut_shares_match_the_overlay() {
        let atlas = Atlas::builtin().expect("geodata");
        let fronts = &atlas.fronts;
        let step: i64 = std::env::var("CUT_TEST_STEP")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(9);
        let (mut worst, mut compared) = (0.0f64, 0usize);
        for (field, f) in fronts.fields.iter().enumerate() {
            let mut date = f.window.0;
            while date <= f.window.1 {
                let faces = fronts.face_days(field, date);
                let shares = fronts.shares(date, &atlas);
                let play =
                    fronts.regions_in_play(field, date, atlas.timelines(), &atlas.controllers);
                for (r, _) in play {
                    let land = area_land(&atlas, r);
                    let (crossing, each) = overlaid(&land, &faces, date.day_index() as f64);
                    let Some(s) = shares.iter().find(|s| s.region == r) else {
                        continue;
                    };
                    // Shares are clamped to 0–1, before the cut as now.
                    let whole = land.unsigned_area();
                    let got = s.taken * whole;
                    let each = each.clamp(0.0, whole);
                    let diff = (got - each).abs();
                    worst = worst.max(diff);
                    compared += usize::from(crossing == Crossing::Crossed);
                    assert!(
                        diff < 1e-3,
                        "{} region {r}: {got} vs {each} km²",
                        date.iso()
                    );
                }
                date = date.add_days(step);
            }
        }
        eprintln!("{compared} regions crossed; largest difference {worst:.2e} km²");
    }
}
