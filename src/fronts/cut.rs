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
use super::zones::{Crossing, FaceDays, area, zero_segment};

/// Parts of a front line shorter than this (km) where two pieces meet are
/// bridged: the pieces of one triangle share their edges, up to rounding.
const JOIN_KM: f64 = 1e-9;

/// Convex polygons (km) stored one after another, so that a day's pieces
/// are copied and clipped without an allocation each.
#[derive(Clone, Debug, Default)]
pub struct Pieces {
    /// The corners of every piece, one piece after another.
    points: Vec<[f64; 2]>,
    /// Where each piece ends in `points`.
    ends: Vec<usize>,
}

impl Pieces {
    /// The pieces, each as its corners.
    pub fn iter(&self) -> impl Iterator<Item = &[[f64; 2]]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(s, &e)| &self.points[s..e])
    }

    /// True when there is no piece.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Adds the corners pushed onto `points` since `start` as a piece when
    /// they make one.
    fn close(&mut self, start: usize) {
        if self.points.len() - start >= 3 {
            self.ends.push(self.points.len());
        } else {
            self.points.truncate(start);
        }
    }

    /// Adds every piece of `other`.
    fn extend(&mut self, other: &Pieces) {
        let base = self.points.len();
        self.points.extend_from_slice(&other.points);
        self.ends.extend(other.ends.iter().map(|e| e + base));
    }

    /// Adds the part of `piece` where the plane `f` minus `offset` is at
    /// most zero.
    fn push_clipped(&mut self, piece: &[[f64; 2]], f: [f64; 3], offset: f64) {
        let start = self.points.len();
        clip_into(piece, f, offset, &mut self.points);
        self.close(start);
    }
}

/// Appends to `out` the part of the convex polygon `poly` where the plane
/// `f` minus `offset` is at most zero (as [`clip_below`]).
fn clip_into(poly: &[[f64; 2]], f: [f64; 3], offset: f64, out: &mut Vec<[f64; 2]>) {
    let value = |p: [f64; 2]| f[0] * p[0] + f[1] * p[1] + f[2] - offset;
    let n = poly.len();
    for i in 0..n {
        let (a, b) = (poly[i], poly[(i + 1) % n]);
        let (fa, fb) = (value(a), value(b));
        if fa <= 0.0 {
            out.push(a);
        }
        if (fa <= 0.0) != (fb <= 0.0) {
            let t = fa / (fa - fb);
            out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
        }
    }
}

/// The pieces of the land inside one triangle of the field.
#[derive(Clone, Debug)]
struct FaceGroup {
    /// The triangle (index into the field's faces).
    face: usize,
    /// The pieces.
    pieces: Pieces,
    /// Their total area, km².
    area: f64,
}

impl FaceGroup {
    fn pieces(&self) -> impl Iterator<Item = &[[f64; 2]]> {
        self.pieces.iter()
    }

    /// Adds the part of the fill triangle `tri` inside this group's
    /// triangle `t`.
    fn add(&mut self, tri: &[[f64; 2]; 3], t: [[f64; 2]; 3]) {
        let start = self.pieces.points.len();
        if tri.iter().all(|p| inside(t, *p)) {
            self.pieces.points.extend_from_slice(tri);
        } else {
            clip_to_triangle(tri, t, &mut self.pieces.points);
        }
        let a = area(&self.pieces.points[start..]);
        if a > 0.0 {
            self.pieces.close(start);
            self.area += a;
        } else {
            self.pieces.points.truncate(start);
        }
    }
}

/// The front of a day on a land area: convex pieces and line segments, km.
#[derive(Clone, Debug, Default)]
pub struct LandZones {
    /// Land taken by the front's side on or before the day.
    pub taken: Pieces,
    /// Land whose interpolated day lies within the band's days of the day.
    pub band: Pieces,
    /// The front line on the land, one segment per triangle (or more
    /// where the land leaves and comes back).
    pub line: Vec<[[f64; 2]; 2]>,
}

/// A land area (projected km) and the triangles of one front over it; the
/// land is cut by them when the front first comes near it ([`Self::cut`]):
/// most regions of a front are wholly ahead of it or behind it on most
/// days and never need it.
#[derive(Debug, Default)]
pub struct LandCut {
    /// The field's triangles whose boxes meet the land's box: which side of
    /// the front the whole land lies on is read from their days.
    over: Vec<usize>,
    /// The land inside each triangle it meets.
    cut: std::sync::OnceLock<Cut>,
}

/// A land area cut by the triangles of a front: pieces on each of which
/// the interpolated day is linear.
#[derive(Debug, Default)]
pub struct Cut {
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

/// The part of the triangle `tri` inside the triangle `t`, appended to
/// `out` (convex: at most nine corners).
fn clip_to_triangle(tri: &[[f64; 2]; 3], t: [[f64; 2]; 3], out: &mut Vec<[f64; 2]>) {
    let turn = |a: [f64; 2], b: [f64; 2], p: [f64; 2]| {
        (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])
    };
    // Inside is left of every edge of a counter-clockwise triangle.
    let ccw = turn(t[0], t[1], t[2]) > 0.0;
    let mut piece = [[0.0; 2]; 9];
    piece[..3].copy_from_slice(tri);
    let mut n = 3;
    for i in 0..3 {
        let (a, b) = if ccw {
            (t[i], t[(i + 1) % 3])
        } else {
            (t[(i + 1) % 3], t[i])
        };
        let mut next = [[0.0; 2]; 9];
        let mut m = 0;
        for k in 0..n {
            let (p, q) = (piece[k], piece[(k + 1) % n]);
            let (fp, fq) = (-turn(a, b, p), -turn(a, b, q));
            if fp <= 0.0 && m < 9 {
                next[m] = p;
                m += 1;
            }
            if (fp <= 0.0) != (fq <= 0.0) && m < 9 {
                let s = fp / (fp - fq);
                next[m] = [p[0] + s * (q[0] - p[0]), p[1] + s * (q[1] - p[1])];
                m += 1;
            }
        }
        if m < 3 {
            return;
        }
        piece = next;
        n = m;
    }
    out.extend_from_slice(&piece[..n]);
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
    /// The triangles of `field` over the land whose box is `land` (min x,
    /// min y, max x, max y).
    pub fn new(field: &FrontField, land: [f64; 4]) -> Self {
        let over = (0..field.faces.len())
            .filter(|&i| meet(bounds(&face_corners(field, i)), land))
            .collect();
        LandCut {
            over,
            cut: std::sync::OnceLock::new(),
        }
    }

    /// Whether the front of `day` (widened by `margin` days) has passed,
    /// not reached or crosses the land, from the days of the triangles
    /// over it (as [`FaceDays::crossing`]).
    pub fn crossing(&self, faces: &FaceDays, day: f64, margin: f64) -> Crossing {
        faces.crossing(&self.over, day, margin)
    }

    /// The land, whose fill triangles `triangles` gives (projected km), cut
    /// by the triangles of `field` (the same field as [`Self::new`]'s):
    /// made on the first call, then kept.
    pub fn cut(&self, field: &FrontField, triangles: impl FnOnce() -> Vec<[[f64; 2]; 3]>) -> &Cut {
        self.cut
            .get_or_init(|| Cut::new(field, &self.over, &triangles()))
    }
}

/// The corners of face `i` of `field`, km.
fn face_corners(field: &FrontField, i: usize) -> [[f64; 2]; 3] {
    field.faces[i].map(|v| field.vertices[v as usize].at)
}

/// True when `p` lies in the triangle `t` (on its edges included).
fn inside(t: [[f64; 2]; 3], p: [f64; 2]) -> bool {
    let turn =
        |a: [f64; 2], b: [f64; 2]| (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
    let s = [turn(t[0], t[1]), turn(t[1], t[2]), turn(t[2], t[0])];
    s.iter().all(|x| *x >= 0.0) || s.iter().all(|x| *x <= 0.0)
}

/// Cells a side of the grid that finds the field's triangles under each
/// fill triangle.
const GRID: usize = 24;

impl Cut {
    /// Cuts `triangles` by the faces `over` of `field`.
    fn new(field: &FrontField, over: &[usize], triangles: &[[[f64; 2]; 3]]) -> Self {
        if triangles.is_empty() {
            return Cut::default();
        }
        let faces: Vec<([[f64; 2]; 3], [f64; 4])> = over
            .iter()
            .map(|&i| {
                let t = face_corners(field, i);
                (t, bounds(&t))
            })
            .collect();
        let land = bounds(triangles.iter().flatten());
        let size = [(land[2] - land[0]).max(1e-9), (land[3] - land[1]).max(1e-9)];
        let cell = |x: f64, k: usize| {
            (((x - land[k]) / size[k] * GRID as f64).floor().max(0.0) as usize).min(GRID - 1)
        };
        let cells_of = |b: [f64; 4]| (cell(b[0], 0)..=cell(b[2], 0), cell(b[1], 1)..=cell(b[3], 1));
        let mut grid: Vec<Vec<usize>> = vec![Vec::new(); GRID * GRID];
        for (g, (_, b)) in faces.iter().enumerate() {
            if meet(*b, land) {
                let (xs, ys) = cells_of(*b);
                for y in ys {
                    for x in xs.clone() {
                        grid[y * GRID + x].push(g);
                    }
                }
            }
        }
        let mut groups: Vec<FaceGroup> = over
            .iter()
            .map(|&face| FaceGroup {
                face,
                pieces: Pieces::default(),
                area: 0.0,
            })
            .collect();
        let mut seen = vec![usize::MAX; faces.len()];
        for (n, tri) in triangles.iter().enumerate() {
            let b = bounds(tri);
            let (xs, ys) = cells_of(b);
            for y in ys {
                for x in xs.clone() {
                    for &g in &grid[y * GRID + x] {
                        if seen[g] == n || !meet(b, faces[g].1) {
                            continue;
                        }
                        seen[g] = n;
                        groups[g].add(tri, faces[g].0);
                    }
                }
            }
        }
        groups.retain(|g| !g.pieces.is_empty());
        Cut { groups }
    }

    /// The area of the land taken by `day`, km²: whole pieces where the
    /// front has passed the triangle, the taken side of the others.
    pub fn taken_area(&self, faces: &FaceDays, day: f64) -> f64 {
        let mut sum = 0.0;
        let mut scratch = Vec::new();
        for g in &self.groups {
            let Some(&(t, days)) = faces.faces.get(g.face) else {
                continue;
            };
            match sign(days.map(|d| d - day)) {
                Sign::Below => sum += g.area,
                Sign::Above => {}
                Sign::Across => {
                    if let Some(f) = plane(t, days) {
                        for p in g.pieces() {
                            scratch.clear();
                            clip_into(p, f, day, &mut scratch);
                            sum += area(&scratch);
                        }
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
    ) -> LandZones {
        let mut out = LandZones::default();
        let mut scratch = Vec::new();
        for g in &self.groups {
            let Some(&(t, days)) = faces.faces.get(g.face) else {
                continue;
            };
            let f = plane(t, days);
            if taken {
                match (sign(days.map(|d| d - day)), f) {
                    (Sign::Below, _) => out.taken.extend(&g.pieces),
                    (Sign::Across, Some(f)) => {
                        for p in g.pieces() {
                            out.taken.push_clipped(p, f, day);
                        }
                    }
                    _ => {}
                }
            }
            let b = band(t);
            let upper = sign(days.map(|d| d - day - b));
            let lower = sign(days.map(|d| day - b - d));
            match (upper, lower, f) {
                (Sign::Below, Sign::Below, _) => out.band.extend(&g.pieces),
                (Sign::Above, _, _) | (_, Sign::Above, _) | (_, _, None) => {}
                (_, _, Some(f)) => {
                    let minus = [-f[0], -f[1], -f[2]];
                    for p in g.pieces() {
                        scratch.clear();
                        clip_into(p, f, day + b, &mut scratch);
                        if scratch.len() >= 3 {
                            out.band.push_clipped(&scratch, minus, b - day);
                        }
                    }
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
