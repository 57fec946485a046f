//! The fronts of the day cut into the map: each region a front is passing
//! through is split along the interpolated front into the part already
//! taken and the rest, at the level of detail the view draws, with the
//! band of uncertainty and the front line clipped to the land.
//!
//! Each region's fill triangles are cut by the front's triangles once per
//! level, when the front first comes near it ([`FrontCuts`],
//! [`crate::fronts::cut`]); a day then only sorts those pieces and clips
//! the ones the front crosses. The window and the exports draw the same
//! pieces (see [`super::scene`]).

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, OnceLock};

use super::geometry::{Detail, Mesh2, RegionShape, Ring};
use crate::atlas::Atlas;
use crate::date::Date;
use crate::fronts::cut::{LandCut, Pieces};
use crate::fronts::zones::Crossing;
use crate::fronts::{BAND_DAYS_MAX, Fronts, Play, band_days};
use crate::geodata::controllers::ControllerId;
use crate::geodata::regions::RegionId;
use crate::style::Rgba;
use crate::vertex_key::FxMap;

/// The regions of one level of detail cut by the triangles of each front
/// (keyed by front and region), made when a front first comes near a
/// region: a campaign cuts each region once, not every day.
#[derive(Debug, Default)]
pub struct FrontCuts(
    Mutex<FxMap<(usize, usize), Arc<LandCut>>>,
    /// What the fronts of a day do to the regions at this level (by day
    /// index), each made once, by the window or by the thread that makes
    /// the days around the date shown ([`prefetch`]).
    Mutex<FxMap<i32, DaySlot>>,
);

/// A day of [`FrontCuts`]: made once, whoever asks first.
type DaySlot = Arc<OnceLock<Arc<DayFront>>>;

/// The most days a level keeps; the farthest from the day asked for go.
const DAYS_KEPT: usize = 48;

impl Clone for FrontCuts {
    fn clone(&self) -> Self {
        FrontCuts(
            Mutex::new(self.0.lock().map(|c| c.clone()).unwrap_or_default()),
            Mutex::new(self.1.lock().map(|c| c.clone()).unwrap_or_default()),
        )
    }
}

impl FrontCuts {
    /// The triangles of front `field` over region `region` (drawn as
    /// `shape`), and the region cut by them when first needed; None when
    /// the region has no land at this level.
    fn get(
        &self,
        fronts: &Fronts,
        field: usize,
        region: usize,
        shape: &RegionShape,
    ) -> Option<Arc<LandCut>> {
        // Made under the lock (it only picks the triangles over the
        // region's box): the window and the warm-up thread share one
        // `LandCut`, whose cut is then made once.
        let mut cuts = self.0.lock().ok()?;
        if let Some(c) = cuts.get(&(field, region)) {
            return Some(c.clone());
        }
        let cut = Arc::new(LandCut::new(fronts.fields.get(field)?, land_box(shape)?));
        cuts.insert((field, region), cut.clone());
        Some(cut)
    }

    /// The fronts of `date` at this level, made now unless kept (or being
    /// made by another thread, which is then waited for).
    fn day(&self, atlas: &Atlas, date: Date, detail: &Detail<'_>) -> Arc<DayFront> {
        let slot = match self.1.lock() {
            Ok(mut days) => {
                let day = date.day_index();
                if days.len() >= DAYS_KEPT && !days.contains_key(&day) {
                    let far = days.keys().copied().max_by_key(|d| (d - day).abs());
                    if let Some(far) = far {
                        days.remove(&far);
                    }
                }
                days.entry(day).or_default().clone()
            }
            Err(_) => Arc::default(),
        };
        slot.get_or_init(|| Arc::new(day_front(atlas, date, detail)))
            .clone()
    }

    /// True when the fronts of `date` are kept at this level.
    fn has_day(&self, date: Date) -> bool {
        self.1
            .lock()
            .is_ok_and(|d| d.get(&date.day_index()).is_some_and(|s| s.get().is_some()))
    }
}

/// Cuts every region of `detail` that a front passes through by that
/// front's triangles, as [`front_drawing`] would on the first day the
/// front comes near it: run on a background thread, so that scrubbing
/// into a campaign only sorts and clips pieces (the cut of one region
/// takes up to tens of milliseconds), the front nearest `near` first.
/// Stops early when `stop` is set.
pub fn warm(atlas: &Atlas, detail: &Detail<'_>, near: Date, stop: &AtomicBool) {
    let fronts = &atlas.fronts;
    fronts.each_region_near(near, stop, |field, f, r| {
        let Some(shape) = detail.regions.get(r) else {
            return;
        };
        if let Some(cut) = detail.front_cuts.get(fronts, field, r, shape) {
            cut.cut(f, || fill_triangles(&shape.mesh));
        }
    });
}

/// The box of a region's polygons: min x, min y, max x, max y.
fn land_box(shape: &RegionShape) -> Option<[f64; 4]> {
    use geo::BoundingRect;
    let b = shape.mesh.polygons().bounding_rect()?;
    Some([b.min().x, b.min().y, b.max().x, b.max().y])
}

/// The triangles a region is filled with.
fn fill_triangles(mesh: &Mesh2) -> Vec<[[f64; 2]; 3]> {
    let at = |i: u32| {
        mesh.vertices
            .get(i as usize)
            .map_or([0.0; 2], |v| [v[0] as f64, v[1] as f64])
    };
    mesh.indices
        .chunks_exact(3)
        .map(|t| [at(t[0]), at(t[1]), at(t[2])])
        .collect()
}

/// Convex pieces drawn as one shape: fill triangles for the window and
/// outline rings for exports, each made on first use (a window never
/// needs the rings).
#[derive(Clone, Debug)]
pub struct PieceMesh {
    pieces: Pieces,
    mesh: OnceLock<Mesh2>,
    rings: OnceLock<Vec<Ring>>,
}

impl PieceMesh {
    fn new(pieces: Pieces) -> Self {
        PieceMesh {
            pieces,
            mesh: OnceLock::new(),
            rings: OnceLock::new(),
        }
    }

    /// The pieces as rings, km, every one counter-clockwise: exports fill
    /// them as one path with the nonzero rule, which covers them as one
    /// shape (no seams between pieces). Joining them first (a polygon
    /// union) failed on thousands of slivers and lost whole taken parts
    /// (Riga was drawn German in February 1945).
    pub fn rings(&self) -> &[Ring] {
        self.rings.get_or_init(|| {
            self.pieces
                .iter()
                .filter(|p| p.len() >= 3)
                .map(|p| {
                    let mut ring: Ring = p.iter().map(|v| [v[0] as f32, v[1] as f32]).collect();
                    if signed_area(&ring) < 0.0 {
                        ring.reverse();
                    }
                    ring
                })
                .collect()
        })
    }
}

/// Twice the signed area of a ring (positive counter-clockwise, y up).
fn signed_area(ring: &[[f32; 2]]) -> f64 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            a[0] as f64 * b[1] as f64 - b[0] as f64 * a[1] as f64
        })
        .sum()
}

impl std::ops::Deref for PieceMesh {
    type Target = Mesh2;

    fn deref(&self) -> &Mesh2 {
        self.mesh.get_or_init(|| {
            let mut m = Mesh2::default();
            for p in self.pieces.iter() {
                // Convex: a fan from the first corner.
                let base = m.vertices.len() as u32;
                m.vertices
                    .extend(p.iter().map(|v| [v[0] as f32, v[1] as f32]));
                for k in 1..p.len().saturating_sub(1) as u32 {
                    m.indices.extend([base, base + k, base + k + 1]);
                }
            }
            m
        })
    }
}

/// The part of a region taken by the day.
#[derive(Clone, Debug)]
pub struct FrontPart {
    /// The region split.
    pub region: RegionId,
    /// Who took it.
    pub controller: ControllerId,
    /// Its fill.
    pub color: Rgba,
    /// Fill triangles (window) and rings (exports), shared with the day's
    /// kept fronts.
    pub mesh: Arc<PieceMesh>,
}

impl FrontPart {
    /// Its outline rings (exports).
    pub fn rings(&self) -> &[Ring] {
        self.mesh.rings()
    }
}

/// A piece of land within the band of days around the front.
#[derive(Clone, Debug)]
pub struct BandPiece {
    /// Fill triangles (window) and rings (exports), shared with the day's
    /// kept fronts.
    pub mesh: Arc<PieceMesh>,
}

impl BandPiece {
    /// Its outline rings (exports).
    pub fn rings(&self) -> &[Ring] {
        self.mesh.rings()
    }
}

/// Everything the fronts of one day add to the map.
#[derive(Clone, Debug, Default)]
pub struct FrontDrawing {
    /// The fronts moving that day (indices into `Fronts::fields`).
    pub fields: Vec<usize>,
    /// The taken parts of the regions a front is passing through.
    pub parts: Vec<FrontPart>,
    /// The band of uncertainty, on land.
    pub band: Vec<BandPiece>,
    /// The front lines, on land, km.
    pub lines: Vec<Vec<[f32; 2]>>,
    /// The regions a front passes through (their edges with each other
    /// and with their neighbours are no borders of the day: the front is).
    pub in_play: Vec<RegionId>,
}

/// What the fronts of one day do to the regions of one level, whatever
/// the colours: which regions they pass through, which are wholly taken,
/// and the taken parts, band and lines of those they cross. Kept per day
/// (see [`FrontCuts`]).
#[derive(Debug, Default)]
pub struct DayFront {
    fields: Vec<usize>,
    regions: Vec<RegionFront>,
}

/// One region of a [`DayFront`].
#[derive(Debug)]
struct RegionFront {
    region: RegionId,
    play: Play,
    /// The front has passed all of it (its fill is the taker's).
    taken: bool,
    /// Its taken part, where the front crosses it.
    part: Option<Arc<PieceMesh>>,
    /// Its land within the band of days around the front.
    band: Option<Arc<PieceMesh>>,
    /// The front lines on it, km.
    lines: Vec<Vec<[f32; 2]>>,
}

/// The fronts of `date` at `detail`, made from the regions' cuts.
fn day_front(atlas: &Atlas, date: Date, detail: &Detail<'_>) -> DayFront {
    let fronts = &atlas.fronts;
    let mut out = DayFront::default();
    for field in fronts.active(date).collect::<Vec<_>>() {
        let in_play = fronts.regions_in_play(field, date, atlas.timelines(), &atlas.controllers);
        if in_play.is_empty() {
            continue;
        }
        out.fields.push(field);
        let faces = fronts.face_days(field, date);
        let day = date.day_index() as f64;
        for (r, play) in in_play {
            let mut front = RegionFront {
                region: RegionId(r as u16),
                play,
                taken: false,
                part: None,
                band: None,
                lines: Vec::new(),
            };
            let shape = detail.regions.get(r);
            let cut = shape.and_then(|shape| detail.front_cuts.get(fronts, field, r, shape));
            if let (Some(shape), Some(cut), Some(f)) = (shape, cut, fronts.fields.get(field)) {
                // Regions wholly behind or ahead of the front take one
                // colour; only those it crosses are cut.
                let crossing = cut.crossing(&faces, day, 0.0);
                front.taken = crossing == Crossing::Taken;
                if cut.crossing(&faces, day, BAND_DAYS_MAX) == Crossing::Crossed {
                    let zones = cut.cut(f, || fill_triangles(&shape.mesh)).zones(
                        &faces,
                        day,
                        band_days,
                        crossing == Crossing::Crossed,
                    );
                    front.part =
                        (!zones.taken.is_empty()).then(|| Arc::new(PieceMesh::new(zones.taken)));
                    front.band =
                        (!zones.band.is_empty()).then(|| Arc::new(PieceMesh::new(zones.band)));
                    front.lines = zones
                        .line
                        .iter()
                        .map(|s| s.iter().map(|p| [p[0] as f32, p[1] as f32]).collect())
                        .collect();
                }
            }
            out.regions.push(front);
        }
    }
    out
}

/// The regions' holders while a front passes through them: the fill of
/// each region in play becomes its holder before the front (what the
/// front has not reached yet), and the drawing gives the taken parts.
pub fn front_drawing(
    atlas: &Atlas,
    date: Date,
    detail: &Detail<'_>,
    mut recolour: impl FnMut(RegionId, ControllerId),
    colour_of: impl Fn(RegionId, ControllerId) -> Rgba,
) -> FrontDrawing {
    if atlas.fronts.active(date).next().is_none() {
        return FrontDrawing::default();
    }
    let day = detail.front_cuts.day(atlas, date, detail);
    let mut out = FrontDrawing {
        fields: day.fields.clone(),
        ..FrontDrawing::default()
    };
    for r in &day.regions {
        out.in_play.push(r.region);
        let holder = if r.taken { r.play.after } else { r.play.before };
        recolour(r.region, holder);
        if let Some(mesh) = &r.part {
            out.parts.push(FrontPart {
                region: r.region,
                controller: r.play.after,
                color: colour_of(r.region, r.play.after),
                mesh: mesh.clone(),
            });
        }
        if let Some(mesh) = &r.band {
            out.band.push(BandPiece { mesh: mesh.clone() });
        }
        out.lines.extend(r.lines.iter().cloned());
    }
    out
}

/// Makes the fronts of the days around `date` at `detail`, so that
/// stepping or playing through a campaign finds each day made: the next
/// week when the date is moving forward (`direction` > 0), the week before
/// when it is moving back, else the next week and the three days before.
/// Run on a background thread; returns early when `stop` says so (a new
/// date was asked for, or the window closed).
pub fn prefetch(
    atlas: &Atlas,
    date: Date,
    direction: i64,
    detail: &Detail<'_>,
    mut stop: impl FnMut() -> bool,
) {
    const AROUND: [i64; 10] = [1, 2, -1, 3, 4, -2, 5, 6, 7, -3];
    let ahead: Vec<i64> = match direction.signum() {
        0 => AROUND.to_vec(),
        sign => (1..=7).map(|k| k * sign).collect(),
    };
    for k in ahead {
        if stop() {
            return;
        }
        let d = date.add_days(k);
        if atlas.fronts.active(d).next().is_some() && !detail.front_cuts.has_day(d) {
            let front = detail.front_cuts.day(atlas, d, detail);
            // The window's fill triangles too, made on first use.
            for r in &front.regions {
                for mesh in r.part.iter().chain(&r.band) {
                    let _ = &***mesh;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use geo::{Area, BooleanOps, BoundingRect, Euclidean, Length, LineString, MultiLineString};

    use super::*;
    use crate::fronts::zones::{
        DayZones, FaceDays, Piece, area, triangle_zones, union, without_doubles,
    };
    use crate::map::{MapGeometry, Projection};

    /// Taken area (when the front crosses it), band area and front line
    /// length of one region as the map measured them before the cut: the
    /// region's polygons overlaid with the zones of the triangles over it
    /// (without the corners a clip repeats, see [`without_doubles`]).
    fn overlaid(faces: &FaceDays, day: f64, land: &geo::MultiPolygon<f64>) -> [f64; 3] {
        let Some(b) = land.bounding_rect() else {
            return [0.0; 3];
        };
        let over: Vec<usize> = (0..faces.faces.len())
            .filter(|&f| {
                let t = faces.faces[f].0;
                let lo = [0, 1].map(|k| t.iter().map(|p| p[k]).fold(f64::MAX, f64::min));
                let hi = [0, 1].map(|k| t.iter().map(|p| p[k]).fold(f64::MIN, f64::max));
                lo[0] <= b.max().x && b.min().x <= hi[0] && lo[1] <= b.max().y && b.min().y <= hi[1]
            })
            .collect();
        if faces.crossing(&over, day, BAND_DAYS_MAX) != Crossing::Crossed {
            return [0.0; 3];
        }
        let mut zones = DayZones::default();
        for &f in &over {
            let (t, d) = faces.faces[f];
            triangle_zones(t, d, day, band_days(t), &mut zones);
        }
        let on_land = |pieces: &[Piece]| {
            let pieces: Vec<Piece> = pieces.iter().map(|p| without_doubles(p)).collect();
            union(&pieces).map_or(0.0, |u| land.intersection(&u).unsigned_area())
        };
        let taken = if faces.crossing(&over, day, 0.0) == Crossing::Crossed {
            on_land(&zones.taken)
        } else {
            0.0
        };
        let lines: Vec<LineString<f64>> = zones
            .line
            .iter()
            .map(|s| LineString::from(vec![(s[0][0], s[0][1]), (s[1][0], s[1][1])]))
            .collect();
        let line = land
            .clip(&MultiLineString(lines), false)
            .0
            .iter()
            .map(|l| Euclidean.length(l))
            .sum();
        [taken, on_land(&zones.band), line]
    }

    /// The area of each taken part (by region), of the band and the
    /// number of front lines of a day.
    fn measures(d: &FrontDrawing) -> (Vec<(RegionId, f64)>, f64, usize) {
        let parts = d
            .parts
            .iter()
            .map(|p| (p.region, p.mesh.pieces.iter().map(area).sum()))
            .collect();
        let band = d
            .band
            .iter()
            .flat_map(|b| b.mesh.pieces.iter())
            .map(area)
            .sum();
        (parts, band, d.lines.len())
    }

    /// Days made ahead by the background thread ([`prefetch`]) draw as the
    /// same days made when the window asks; a stopped prefetch makes
    /// nothing; a level keeps at most [`DAYS_KEPT`] days.
    #[test]
    fn days_made_ahead_draw_as_days_made_on_demand() {
        let atlas = Atlas::builtin().expect("geodata");
        let ahead = MapGeometry::new(&atlas, Projection::baltic());
        let asked = MapGeometry::new(&atlas, Projection::baltic());
        let date = Date::parse("1944-08-15").expect("date");
        let draw = |g: &MapGeometry, d: Date| {
            front_drawing(
                &atlas,
                d,
                &g.detail(1.2),
                |_, _| {},
                |_, _| Rgba::rgb(0, 0, 0),
            )
        };
        prefetch(&atlas, date, 0, &ahead.detail(1.2), || false);
        for k in [1, 2, -1, 3, 7, -3] {
            let d = date.add_days(k);
            assert!(ahead.detail(1.2).front_cuts.has_day(d), "{}", d.iso());
            assert_eq!(
                measures(&draw(&ahead, d)),
                measures(&draw(&asked, d)),
                "{}",
                d.iso()
            );
        }
        let stopped = MapGeometry::new(&atlas, Projection::baltic());
        prefetch(&atlas, date, 0, &stopped.detail(1.2), || true);
        assert!(!stopped.detail(1.2).front_cuts.has_day(date.add_days(1)));
        for k in 0..(DAYS_KEPT as i64 + 20) {
            draw(&asked, date.add_days(k));
        }
        let kept = asked.detail(1.2).front_cuts.1.lock().map(|d| d.len());
        assert_eq!(kept.ok(), Some(DAYS_KEPT));
    }

    /// What an export fills for a taken part covers the part, at every
    /// level: joining the pieces by a polygon union once returned nothing
    /// for Riga in February 1945, and the export drew the city German.
    #[test]
    fn an_exported_taken_part_covers_its_pieces() {
        let atlas = Atlas::builtin().expect("geodata");
        let geometry = MapGeometry::new(&atlas, Projection::baltic());
        for date in ["1944-08-15", "1944-10-10", "1945-02-15"] {
            let date = Date::parse(date).expect("date");
            for level in 0..=crate::map::geometry::LEVEL_TOLERANCES_KM.len() {
                let detail = geometry.detail_at(level);
                let drawing =
                    front_drawing(&atlas, date, &detail, |_, _| {}, |_, _| Rgba::rgb(0, 0, 0));
                for part in &drawing.parts {
                    let pieces: f64 = part.mesh.pieces.iter().map(area).sum();
                    let rings: f64 = part.rings().iter().map(|r| signed_area(r) / 2.0).sum();
                    assert!(
                        (rings - pieces).abs() <= pieces * 1e-3 + 1e-3,
                        "{} level {level}, region {:?}: rings {rings} km², pieces {pieces} km²",
                        date.iso(),
                        part.region
                    );
                }
            }
        }
    }

    /// The pieces cut once give the same taken parts, band and front lines
    /// as overlaying each region with the zones of the day (the method
    /// before the cut), to the rounding of the drawn triangles (f32).
    #[test]
    fn the_pieces_match_the_overlay() {
        let atlas = Atlas::builtin().expect("geodata");
        let geometry = MapGeometry::new(&atlas, Projection::baltic());
        let detail = geometry.detail(1.2);
        let fronts = &atlas.fronts;
        let mut worst = [0.0f64; 3];
        for date in ["1941-07-15", "1944-08-15", "1944-09-20", "1944-10-10"] {
            let date = Date::parse(date).expect("date");
            let drawing =
                front_drawing(&atlas, date, &detail, |_, _| {}, |_, _| Rgba::rgb(0, 0, 0));
            let mut expected = [0.0; 3];
            for field in fronts.active(date) {
                let faces = fronts.face_days(field, date);
                for (r, _) in
                    fronts.regions_in_play(field, date, atlas.timelines(), &atlas.controllers)
                {
                    let land = detail.regions[r].mesh.polygons();
                    let [taken, band, line] = overlaid(&faces, date.day_index() as f64, land);
                    let part: f64 = drawing
                        .parts
                        .iter()
                        .filter(|p| p.region.0 as usize == r)
                        .flat_map(|p| p.mesh.pieces.iter())
                        .map(area)
                        .sum();
                    let diff = (part - taken).abs();
                    assert!(diff < 0.05, "{} {}: {part} vs {taken} km²", date.iso(), r);
                    worst[0] = worst[0].max(diff);
                    expected[1] += band;
                    expected[2] += line;
                }
            }
            let band: f64 = drawing
                .band
                .iter()
                .flat_map(|b| b.mesh.pieces.iter())
                .map(area)
                .sum();
            let line: f64 = drawing
                .lines
                .iter()
                .map(|l| ((l[1][0] - l[0][0]).powi(2) + (l[1][1] - l[0][1]).powi(2)).sqrt() as f64)
                .sum();
            assert!(
                (band - expected[1]).abs() < 0.5,
                "{}: band {band} vs {}",
                date.iso(),
                expected[1]
            );
            assert!(
                (line - expected[2]).abs() < 0.05,
                "{}: line {line} vs {}",
                date.iso(),
                expected[2]
            );
            worst[1] = worst[1].max((band - expected[1]).abs());
            worst[2] = worst[2].max((line - expected[2]).abs());
        }
        eprintln!(
            "largest differences: taken {:.2e} km², band {:.2e} km², line {:.2e} km",
            worst[0], worst[1], worst[2]
        );
    }
}
