//! What the map draws of a front on one day, in projected km: the land
//! taken (the part of each triangle where the interpolated day is on or
//! before the day), the band of days around the front, and the front line
//! itself. Each triangle's piece is convex, so clipping is exact and
//! linear; pieces of neighbouring triangles share their edges, so a
//! renderer filling them together draws no seams.

/// A convex polygon, km.
pub type Piece = Vec<[f64; 2]>;

/// The front of one field on one day.
#[derive(Clone, Debug, Default)]
pub struct DayZones {
    /// Land taken by the field's side on or before the day.
    pub taken: Vec<Piece>,
    /// Land whose interpolated day lies within the band's days of the day
    /// (the front's uncertainty).
    pub band: Vec<Piece>,
    /// The front line: where the interpolated day is the day.
    pub line: Vec<[[f64; 2]; 2]>,
}

/// Clips the convex polygon `poly` (with a linear function's values `f` at
/// its corners) to where the function is at most zero.
pub fn clip_below(poly: &[[f64; 2]], f: &[f64]) -> (Piece, Vec<f64>) {
    let mut out = Vec::with_capacity(poly.len() + 1);
    let mut values = Vec::with_capacity(poly.len() + 1);
    for i in 0..poly.len() {
        let j = (i + 1) % poly.len();
        let (a, b, fa, fb) = (poly[i], poly[j], f[i], f[j]);
        if fa <= 0.0 {
            out.push(a);
            values.push(fa);
        }
        if (fa <= 0.0) != (fb <= 0.0) {
            let t = fa / (fa - fb);
            out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
            values.push(0.0);
        }
    }
    (out, values)
}

/// The segment of a triangle where a linear function is zero, if it
/// crosses.
pub fn zero_segment(t: [[f64; 2]; 3], f: [f64; 3]) -> Option<[[f64; 2]; 2]> {
    let mut pts = Vec::with_capacity(2);
    for i in 0..3 {
        let j = (i + 1) % 3;
        let (fa, fb) = (f[i], f[j]);
        if (fa < 0.0) != (fb < 0.0) {
            let s = fa / (fa - fb);
            pts.push([
                t[i][0] + s * (t[j][0] - t[i][0]),
                t[i][1] + s * (t[j][1] - t[i][1]),
            ]);
        }
    }
    match pts.as_slice() {
        [a, b] => Some([*a, *b]),
        _ => None,
    }
}

/// The zones of one triangle: corners `t`, interpolated days `days`, the
/// day `day` and the band's half-width in days.
pub fn triangle_zones(t: [[f64; 2]; 3], days: [f64; 3], day: f64, band: f64, out: &mut DayZones) {
    let f = days.map(|d| d - day);
    if f.iter().all(|x| *x <= 0.0) {
        out.taken.push(t.to_vec());
    } else if f.iter().any(|x| *x <= 0.0) {
        let (piece, _) = clip_below(&t, &f);
        if piece.len() >= 3 {
            out.taken.push(piece);
        }
    }
    // The band: day - band <= T <= day + band.
    let upper = days.map(|d| d - day - band);
    let lower = days.map(|d| day - band - d);
    if upper.iter().any(|x| *x <= 0.0) && lower.iter().any(|x| *x <= 0.0) {
        let (below, values) = clip_below(&t, &upper);
        if below.len() >= 3 {
            let lower: Vec<f64> = values.iter().map(|v| -(v + 2.0 * band)).collect();
            let (piece, _) = clip_below(&below, &lower);
            if piece.len() >= 3 {
                out.band.push(piece);
            }
        }
    }
    if let Some(seg) = zero_segment(t, f) {
        out.line.push(seg);
    }
}

/// The area of a polygon, km².
pub fn area(poly: &[[f64; 2]]) -> f64 {
    let n = poly.len();
    (0..n)
        .map(|i| {
            let (a, b) = (poly[i], poly[(i + 1) % n]);
            a[0] * b[1] - b[0] * a[1]
        })
        .sum::<f64>()
        .abs()
        / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: [[f64; 2]; 3] = [[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]];

    #[test]
    fn the_taken_part_grows_with_the_day() {
        // Day 0 at the origin, day 10 at both other corners.
        let mut areas = Vec::new();
        for day in [0.0, 2.5, 5.0, 10.0] {
            let mut z = DayZones::default();
            triangle_zones(T, [0.0, 10.0, 10.0], day, 1.0, &mut z);
            areas.push(z.taken.iter().map(|p| area(p)).sum::<f64>());
        }
        assert!(areas.windows(2).all(|w| w[0] <= w[1]), "{areas:?}");
        assert!((areas[2] - 12.5).abs() < 1e-9, "{areas:?}");
        assert!((areas[3] - 50.0).abs() < 1e-9);
    }

    #[test]
    fn the_band_lies_around_the_line() {
        let mut z = DayZones::default();
        triangle_zones(T, [0.0, 10.0, 10.0], 5.0, 1.0, &mut z);
        // Between the lines T = 4 and T = 6: 18 - 8 = 10 km².
        let band: f64 = z.band.iter().map(|p| area(p)).sum();
        assert!((band - 10.0).abs() < 1e-9, "{band}");
        assert_eq!(z.line.len(), 1);
    }
}

/// The triangles of a front with their interpolated days on one day (see
/// [`super::cut`] for the land under them).
#[derive(Clone, Debug, Default)]
pub struct FaceDays {
    /// Corners (km) and days of each triangle.
    pub faces: Vec<([[f64; 2]; 3], [f64; 3])>,
}

/// Where a region stands against the front of a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Crossing {
    /// Every triangle over it was taken by the day.
    Taken,
    /// None of it was.
    Untaken,
    /// The front runs through it.
    Crossed,
}

impl FaceDays {
    /// Collects the triangles and their days.
    pub fn new(faces: Vec<([[f64; 2]; 3], [f64; 3])>) -> Self {
        FaceDays { faces }
    }

    /// Whether the front has passed, not reached or crosses the land under
    /// the triangles `faces` on `day`, widened by `margin` days (a band).
    pub fn crossing(&self, faces: &[usize], day: f64, margin: f64) -> Crossing {
        let days = faces.iter().flat_map(|&f| self.faces[f].1);
        let (lo, hi) = days.fold((f64::MAX, f64::MIN), |(lo, hi), d| (lo.min(d), hi.max(d)));
        if hi <= day - margin {
            Crossing::Taken
        } else if lo > day + margin {
            Crossing::Untaken
        } else {
            Crossing::Crossed
        }
    }
}

/// A piece without corners repeated within a nanometre. A clip through a
/// corner on the day repeats that corner but for the last bit, and geo's
/// union then drops the whole piece.
pub fn without_doubles(p: &[[f64; 2]]) -> Piece {
    let near = |a: [f64; 2], b: [f64; 2]| (a[0] - b[0]).abs() < 1e-9 && (a[1] - b[1]).abs() < 1e-9;
    let mut q: Piece = Vec::with_capacity(p.len());
    for &v in p {
        if q.last().is_none_or(|l| !near(*l, v)) {
            q.push(v);
        }
    }
    while q.len() > 1 && near(q[0], q[q.len() - 1]) {
        q.pop();
    }
    q
}

/// Convex pieces joined into one multipolygon, each piece's corners first
/// mapped by `ring` (identity in km, or back to longitude/latitude); None
/// when no piece has three corners. The pieces do not overlap and
/// neighbours share edges, so the union is exact.
pub fn union_with(
    pieces: &[Piece],
    ring: impl Fn(&Piece) -> Vec<(f64, f64)>,
) -> Option<geo::MultiPolygon<f64>> {
    let polys: Vec<geo::Polygon<f64>> = pieces
        .iter()
        .map(|p| without_doubles(p))
        .filter(|p| p.len() >= 3)
        .map(|p| {
            let mut pts = ring(&p);
            pts.push(pts[0]);
            geo::Polygon::new(geo::LineString::from(pts), vec![])
        })
        .collect();
    (!polys.is_empty()).then(|| geo::unary_union(&polys))
}

/// [`union_with`] in km, as the pieces are.
pub fn union(pieces: &[Piece]) -> Option<geo::MultiPolygon<f64>> {
    union_with(pieces, |p| p.iter().map(|v| (v[0], v[1])).collect())
}
