//! Land cut once by the triangles of a front, so that a day only sorts
//! pieces and clips the few the front crosses.
//!
//! The interpolated day is linear inside each triangle of a front's field
//! (see [`super::field`]), so on every piece of land inside one triangle
//! it is one linear function. The land's fill triangles are cut by the
//! field's triangles once (convex pieces, exact); then a piece wholly taken
//! or wholly untaken on a day needs no geometry, and a piece the front
//! crosses is cut by one half-plane. No general polygon overlay runs per
//! day. The map cuts each region at the level of detail it draws
//! (`map::front_split`), the legend's areas the simplified region
//! ([`super::areas`]).

use super::field::FrontField;
use super::zones::{Crossing, DayZones, FaceDays, Piece, area, clip_below, zero_segment};

/// Parts of a front line shorter than this (km) where two pieces meet are
/// bridged: the pieces of one triangle share their edges, up to rounding.
const JOIN_KM: f64 = 1e-9;

/// The pieces of the land inside one triangle of the field.
#[derive(Clone, Debug)]
struct FaceGroup {
    /// The triangle (index into the field's faces).
    face: usize,
    /// The corners of every piece, one piece after another.
    points: Vec<[f64; 2]>,
    /// Where each piece ends in `points`.
    ends: Vec<usize>,
    /// Their total area, km².
    area: f64,
}

impl FaceGroup {
    fn pieces(&self) -> impl Iterator<Item = &[[f64; 2]]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(s, &e)| &self.points[s..e])
    }
}

/// A land area (projected km) cut by the triangles of one front.
#[derive(Clone, Debug, Default)]
pub struct LandCut {
    /// The field's triangles whose boxes meet the land's box: which side of
    /// the front the whole land lies on is read from their days.
    over: Vec<usize>,
    /// The land inside each triangle it meets.
    groups: Vec<FaceGroup>,
}

/// Min x, min y, max x, max y of some points.
fn bounds<'p>(points: impl IntoIterator<Item = &'p [f64; 2]>) -> [f64; 4] {
    points
        .into_iter()
        .fold([f64::MAX, f64::MAX, f64::MIN, f64::MIN], |b, p| {
            [
                b[0].min(p[0]),
                b[1].min(p[1]),
                b[2].max(p[0]),
                b[3].max(p[1]),
            ]
        })
}

fn meet(a: [f64; 4], b: [f64; 4]) -> bool {
    a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

/// The part of the convex polygon `poly` inside the triangle `t`.
fn clip_to_triangle(poly: &[[f64; 2]], t: [[f64; 2]; 3]) -> Piece {
    let turn = |a: [f64; 2], b: [f64; 2], p: [f64; 2]| {
        (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])
    };
    // Inside is left of every edge of a counter-clockwise triangle.
    let ccw = turn(t[0], t[1], t[2]) > 0.0;
    let mut piece = poly.to_vec();
    for i in 0..3 {
        let (a, b) = if ccw {
            (t[i], t[(i + 1) % 3])
        } else {
            (t[(i + 1) % 3], t[i])
        };
        let outside: Vec<f64> = piece.iter().map(|p| -turn(a, b, *p)).collect();
        if outside.iter().all(|f| *f <= 0.0) {
            continue;
        }
        piece = clip_below(&piece, &outside).0;
        if piece.len() < 3 {
            return Vec::new();
        }
    }
    piece
}

/// The linear function of a triangle with values `v` at its corners, as
/// `[a, b, c]` for `a x + b y + c`; None when the triangle is degenerate.
fn plane(t: [[f64; 2]; 3], v: [f64; 3]) -> Option<[f64; 3]> {
    let (e1, e2) = (
        [t[1][0] - t[0][0], t[1][1] - t[0][1]],
        [t[2][0] - t[0][0], t[2][1] - t[0][1]],
    );
    let det = e1[0] * e2[1] - e1[1] * e2[0];
    if det.abs() < 1e-12 {
        return None;
    }
    let (d1, d2) = (v[1] - v[0], v[2] - v[0]);
    let a = (d1 * e2[1] - d2 * e1[1]) / det;
    let b = (e1[0] * d2 - e2[0] * d1) / det;
    Some([a, b, v[0] - a * t[0][0] - b * t[0][1]])
}

/// Where a linear function of a piece stands against zero.
#[derive(Clone, Copy, PartialEq)]
enum Sign {
    /// At most zero at every corner of the triangle.
    Below,
    /// Above zero at every corner.
    Above,
    /// Both.
    Across,
}

fn sign(values: [f64; 3]) -> Sign {
    if values.iter().all(|v| *v <= 0.0) {
        Sign::Below
    } else if values.iter().all(|v| *v > 0.0) {
        Sign::Above
    } else {
        Sign::Across
    }
}

/// The part of a piece where `f` (a plane, see [`plane`]) minus `offset`
/// is at most zero.
fn clip_piece(piece: &[[f64; 2]], f: [f64; 3], offset: f64) -> Piece {
    let values: Vec<f64> = piece
        .iter()
        .map(|p| f[0] * p[0] + f[1] * p[1] + f[2] - offset)
        .collect();
    clip_below(piece, &values).0
}

/// The parameters (0–1) of the part of the segment `s` inside the convex
/// polygon `piece` (edges within [`JOIN_KM`] count as inside).
fn segment_in(s: [[f64; 2]; 2], piece: &[[f64; 2]]) -> Option<(f64, f64)> {
    let orientation = (0..piece.len())
        .map(|i| {
            let (a, b) = (piece[i], piece[(i + 1) % piece.len()]);
            a[0] * b[1] - b[0] * a[1]
        })
        .sum::<f64>()
        .signum();
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    for i in 0..piece.len() {
        let (a, b) = (piece[i], piece[(i + 1) % piece.len()]);
        let length = ((b[0] - a[0]).powi(2) + (b[1] - a[1]).powi(2)).sqrt();
        if length == 0.0 {
            continue;
        }
        // Distance to the left of the edge, positive inside.
        let inside = |p: [f64; 2]| {
            orientation * ((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])) / length
                + JOIN_KM
        };
        let (h0, h1) = (inside(s[0]), inside(s[1]));
        match (h0 >= 0.0, h1 >= 0.0) {
            (true, true) => {}
            (false, false) => return None,
            (true, false) => hi = hi.min(h0 / (h0 - h1)),
            (false, true) => lo = lo.max(h0 / (h0 - h1)),
        }
    }
    (lo < hi).then_some((lo, hi))
}

impl LandCut {
    /// Cuts the land whose fill triangles are `triangles` (projected km)
    /// and whose box is `land` (min x, min y, max x, max y) by the
    /// triangles of `field`.
    pub fn new(field: &FrontField, land: [f64; 4], triangles: &[[[f64; 2]; 3]]) -> Self {
        if triangles.is_empty() {
            return LandCut::default();
        }
        let mut over = Vec::new();
        let mut faces = Vec::new();
        for (i, face) in field.faces.iter().enumerate() {
            let t = face.map(|v| field.vertices[v as usize].at);
            let b = bounds(&t);
            if meet(b, land) {
                over.push(i);
                faces.push((t, b));
            }
        }
        let mut groups: Vec<FaceGroup> = over
            .iter()
            .map(|&face| FaceGroup {
                face,
                points: Vec::new(),
                ends: Vec::new(),
                area: 0.0,
            })
            .collect();
        for tri in triangles {
            let b = bounds(tri);
            for (g, (t, tb)) in groups.iter_mut().zip(&faces) {
                if !meet(b, *tb) {
                    continue;
                }
                let piece = clip_to_triangle(tri, *t);
                let a = area(&piece);
                if piece.len() >= 3 && a > 0.0 {
                    g.points.extend(piece);
                    g.ends.push(g.points.len());
                    g.area += a;
                }
            }
        }
        groups.retain(|g| !g.ends.is_empty());
        LandCut { over, groups }
    }

    /// True when there is no land to cut.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Whether the front of `day` (widened by `margin` days) has passed,
    /// not reached or crosses the land, from the days of the triangles
    /// over it (as [`FaceDays::crossing`]).
    pub fn crossing(&self, faces: &FaceDays, day: f64, margin: f64) -> Crossing {
        faces.crossing(&self.over, day, margin)
    }

    /// The area of the land taken by `day`, km²: whole pieces where the
    /// front has passed the triangle, the taken side of the others.
    pub fn taken_area(&self, faces: &FaceDays, day: f64) -> f64 {
        let mut sum = 0.0;
        for g in &self.groups {
            let Some(&(t, days)) = faces.faces.get(g.face) else {
                continue;
            };
            match sign(days.map(|d| d - day)) {
                Sign::Below => sum += g.area,
                Sign::Above => {}
                Sign::Across => {
                    if let Some(f) = plane(t, days) {
                        sum += g
                            .pieces()
                            .map(|p| area(&clip_piece(p, f, day)))
                            .sum::<f64>();
                    }
                }
            }
        }
        sum
    }

    /// The front of `day` on the land: its taken part (when `taken`), the
    /// band of `band(triangle)` days either side of the day, and the front
    /// line, one segment per triangle it crosses.
    pub fn zones(
        &self,
        faces: &FaceDays,
        day: f64,
        band: impl Fn([[f64; 2]; 3]) -> f64,
        taken: bool,
    ) -> DayZones {
        let mut out = DayZones::default();
        for g in &self.groups {
            let Some(&(t, days)) = faces.faces.get(g.face) else {
                continue;
            };
            let f = plane(t, days);
            let below = sign(days.map(|d| d - day));
            if taken {
                match (below, f) {
                    (Sign::Below, _) => out.taken.extend(g.pieces().map(<[_]>::to_vec)),
                    (Sign::Across, Some(f)) => out.taken.extend(
                        g.pieces()
                            .map(|p| clip_piece(p, f, day))
                            .filter(|p| p.len() >= 3),
                    ),
                    _ => {}
                }
            }
            let b = band(t);
            let upper = sign(days.map(|d| d - day - b));
            let lower = sign(days.map(|d| day - b - d));
            match (upper, lower, f) {
                (Sign::Below, Sign::Below, _) => out.band.extend(g.pieces().map(<[_]>::to_vec)),
                (Sign::Above, _, _) | (_, Sign::Above, _) | (_, _, None) => {}
                (_, _, Some(f)) => {
                    let minus = [-f[0], -f[1], -f[2]];
                    out.band.extend(g.pieces().filter_map(|p| {
                        let p = clip_piece(p, f, day + b);
                        let p = clip_piece(&p, minus, -(day - b));
                        (p.len() >= 3).then_some(p)
                    }));
                }
            }
            if let Some(s) = zero_segment(t, days.map(|d| d - day)) {
                g.line_on(s, &mut out.line);
            }
        }
        out
    }
}

impl FaceGroup {
    /// The parts of the segment `s` (in this group's triangle) on the
    /// land, joined where pieces meet.
    fn line_on(&self, s: [[f64; 2]; 2], out: &mut Vec<[[f64; 2]; 2]>) {
        let mut spans: Vec<(f64, f64)> = self.pieces().filter_map(|p| segment_in(s, p)).collect();
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        let length = ((s[1][0] - s[0][0]).powi(2) + (s[1][1] - s[0][1]).powi(2)).sqrt();
        let gap = if length > 0.0 { JOIN_KM / length } else { 0.0 };
        let mut merged: Vec<(f64, f64)> = Vec::new();
        for (lo, hi) in spans {
            match merged.last_mut() {
                Some(last) if lo <= last.1 + gap => last.1 = last.1.max(hi),
                _ => merged.push((lo, hi)),
            }
        }
        let at = |t: f64| {
            [
                s[0][0] + t * (s[1][0] - s[0][0]),
                s[0][1] + t * (s[1][1] - s[0][1]),
            ]
        };
        out.extend(merged.into_iter().map(|(lo, hi)| [at(lo), at(hi)]));
    }
}
