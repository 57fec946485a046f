//! Levels of detail: the regions simplified for views in which a kilometre
//! is a pixel or less, so frames and exports do not draw vertices closer
//! together than a pixel.
//!
//! Neighbouring regions must stay seamless, so the boundaries are
//! simplified once, not each polygon on its own: Douglas–Peucker runs on
//! every shared edge (and every coast) of [`super::edges`], which decides
//! for each vertex whether it is kept; every ring then keeps exactly the
//! kept vertices. A boundary seen from its two sides is the same run of
//! vertices, so both sides keep the same ones. The ends of every edge
//! (where three regions meet, or a border meets a coast) are always kept.
//! Rings left with fewer than three vertices (islets, small lakes) are
//! dropped at that level: small lakes appear when zoomed in.

use geo::{LineString, MultiPolygon, Polygon};

use super::edges::{Edge, VertexKey, key};
use super::projection::Projection;
use crate::vertex_key::FxSet;

/// The vertices (by micro-degree key) that a level keeps.
pub struct KeptVertices(FxSet<VertexKey>);

/// Douglas–Peucker on projected points: the indices to keep (first and
/// last always) so that no dropped point lies further than `tolerance`
/// from the kept line. A closed run (first point = last) is split at its
/// point furthest from the start.
pub fn douglas_peucker(points: &[[f64; 2]], tolerance: f64) -> Vec<usize> {
    let n = points.len();
    if n < 3 {
        return (0..n).collect();
    }
    let mut keep = vec![false; n];
    keep[0] = true;
    keep[n - 1] = true;
    let mut stack = vec![(0, n - 1)];
    if points[0] == points[n - 1] {
        let far = (1..n - 1)
            .max_by(|a, b| dist2(points[0], points[*a]).total_cmp(&dist2(points[0], points[*b])))
            .unwrap_or(0);
        keep[far] = true;
        stack = vec![(0, far), (far, n - 1)];
    }
    let tol2 = tolerance * tolerance;
    while let Some((a, b)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let (mut worst, mut at) = (0.0, a);
        for i in a + 1..b {
            let d = segment_dist2(points[i], points[a], points[b]);
            if d > worst {
                (worst, at) = (d, i);
            }
        }
        if worst > tol2 {
            keep[at] = true;
            stack.push((a, at));
            stack.push((at, b));
        }
    }
    (0..n).filter(|i| keep[*i]).collect()
}

fn dist2(a: [f64; 2], b: [f64; 2]) -> f64 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)
}

/// Squared distance from `p` to the segment `a`–`b`.
fn segment_dist2(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    if len2 == 0.0 {
        return dist2(p, a);
    }
    let t = (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0);
    dist2(p, [a[0] + t * dx, a[1] + t * dy])
}

impl KeptVertices {
    /// Runs Douglas–Peucker with `tolerance_km` on each edge, projected.
    /// A vertex that lies on more than one edge, or twice on one (where a
    /// region's outline touches itself or another region at a point), is
    /// always kept: every ring through it must agree.
    pub fn of_edges(edges: &[Edge], projection: &Projection, tolerance_km: f64) -> Self {
        let mut seen = FxSet::default();
        let mut kept = FxSet::default();
        for e in edges {
            let n = e.line.len();
            // A closed run repeats its first vertex at its end.
            let closed =
                n > 1 && key(e.line[0].0, e.line[0].1) == key(e.line[n - 1].0, e.line[n - 1].1);
            for (i, (lon, lat)) in e.line.iter().enumerate() {
                if closed && i == n - 1 {
                    continue;
                }
                let k = key(*lon, *lat);
                if !seen.insert(k) {
                    kept.insert(k);
                }
            }
            let pts: Vec<[f64; 2]> = e
                .line
                .iter()
                .map(|(lon, lat)| {
                    let (x, y) = projection.forward(*lon, *lat);
                    [x, y]
                })
                .collect();
            for i in douglas_peucker(&pts, tolerance_km) {
                let (lon, lat) = e.line[i];
                kept.insert(key(lon, lat));
            }
        }
        KeptVertices(kept)
    }

    /// True when the level keeps this vertex.
    pub fn keeps(&self, lon: f64, lat: f64) -> bool {
        self.0.contains(&key(lon, lat))
    }

    /// A line with only the kept vertices (its ends always stay).
    pub fn line(&self, line: &[(f64, f64)]) -> Vec<(f64, f64)> {
        let last = line.len().saturating_sub(1);
        line.iter()
            .enumerate()
            .filter(|(i, (x, y))| *i == 0 || *i == last || self.keeps(*x, *y))
            .map(|(_, p)| *p)
            .collect()
    }

    /// A ring with only the kept vertices, or `None` when fewer than three
    /// are left.
    fn ring(&self, ring: &LineString<f64>) -> Option<LineString<f64>> {
        let mut pts: Vec<geo::Coord<f64>> = ring
            .0
            .iter()
            .filter(|c| self.keeps(c.x, c.y))
            .copied()
            .collect();
        if pts.first() != pts.last()
            && let Some(first) = pts.first().copied()
        {
            pts.push(first);
        }
        (pts.len() >= 4).then_some(LineString(pts))
    }

    /// A region's outline with only the kept vertices: polygons whose
    /// exterior collapses are dropped, and so are collapsed holes.
    pub fn multipolygon(&self, mp: &MultiPolygon<f64>) -> MultiPolygon<f64> {
        MultiPolygon(
            mp.0.iter()
                .filter_map(|p| {
                    let exterior = self.ring(p.exterior())?;
                    let holes = p.interiors().iter().filter_map(|h| self.ring(h)).collect();
                    Some(Polygon::new(exterior, holes))
                })
                .collect(),
        )
    }
}

/// A polygon simplified on its own (for lakes, which are drawn under the
/// regions, so a lake's outline need not match the holes exactly):
/// Douglas–Peucker on each ring, collapsed rings dropped.
pub fn simplify_alone(
    mp: &MultiPolygon<f64>,
    projection: &Projection,
    tolerance_km: f64,
) -> MultiPolygon<f64> {
    let ring = |r: &LineString<f64>| -> Option<LineString<f64>> {
        let pts: Vec<[f64; 2]> =
            r.0.iter()
                .map(|c| {
                    let (x, y) = projection.forward(c.x, c.y);
                    [x, y]
                })
                .collect();
        let kept = douglas_peucker(&pts, tolerance_km);
        (kept.len() >= 4).then(|| LineString(kept.iter().map(|i| r.0[*i]).collect()))
    };
    MultiPolygon(
        mp.0.iter()
            .filter_map(|p| {
                let exterior = ring(p.exterior())?;
                Some(Polygon::new(
                    exterior,
                    p.interiors().iter().filter_map(ring).collect(),
                ))
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn douglas_peucker_keeps_corners_and_drops_near_points() {
        let line = [[0.0, 0.0], [1.0, 0.05], [2.0, 0.0], [3.0, 2.0], [4.0, 0.0]];
        assert_eq!(douglas_peucker(&line, 0.1), vec![0, 2, 3, 4]);
        assert_eq!(douglas_peucker(&line, 5.0), vec![0, 4]);
        // A closed ring keeps its far side.
        let ring = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]];
        assert!(douglas_peucker(&ring, 0.1).contains(&2));
    }
}
