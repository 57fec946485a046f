//! Cutting map geometry to the map's frame before it is written, so the
//! SVG needs no clip path: a vector editor gets only what is visible, and
//! the PNG renderer (resvg) does not draw the whole map into a full-size
//! layer and mask it, which cost about a third of rendering a map.

/// An axis-aligned rectangle in pixels: `[left, top, right, bottom]`.
pub type Frame = [f64; 4];

fn bounds(points: &[[f64; 2]]) -> Frame {
    points
        .iter()
        .fold([f64::MAX, f64::MAX, f64::MIN, f64::MIN], |b, p| {
            [
                b[0].min(p[0]),
                b[1].min(p[1]),
                b[2].max(p[0]),
                b[3].max(p[1]),
            ]
        })
}

fn inside_all(b: Frame, f: Frame) -> bool {
    b[0] >= f[0] && b[1] >= f[1] && b[2] <= f[2] && b[3] <= f[3]
}

fn outside_all(b: Frame, f: Frame) -> bool {
    b[2] < f[0] || b[0] > f[2] || b[3] < f[1] || b[1] > f[3]
}

/// A closed ring cut to the frame (Sutherland–Hodgman against each side).
/// Cutting each ring of an even-odd filled path this way keeps the fill:
/// a point in the frame is inside a cut ring exactly when it was inside
/// the ring. Empty when nothing of the ring is in the frame.
pub fn ring(points: &[[f64; 2]], f: Frame) -> Vec<[f64; 2]> {
    let b = bounds(points);
    if inside_all(b, f) {
        return points.to_vec();
    }
    if outside_all(b, f) {
        return Vec::new();
    }
    // (axis, limit, keep values above the limit)
    let sides = [
        (0, f[0], true),
        (0, f[2], false),
        (1, f[1], true),
        (1, f[3], false),
    ];
    let mut out = points.to_vec();
    for (axis, limit, above) in sides {
        let keep = |p: &[f64; 2]| {
            if above {
                p[axis] >= limit
            } else {
                p[axis] <= limit
            }
        };
        let input = std::mem::take(&mut out);
        let Some(mut prev) = input.last().copied() else {
            break;
        };
        for p in input {
            match (keep(&p), keep(&prev)) {
                (true, true) => out.push(p),
                (true, false) => {
                    out.push(crossing(prev, p, axis, limit));
                    out.push(p);
                }
                (false, true) => out.push(crossing(prev, p, axis, limit)),
                (false, false) => {}
            }
            prev = p;
        }
    }
    out
}

/// Where the segment a–b crosses the line `p[axis] == limit`.
fn crossing(a: [f64; 2], b: [f64; 2], axis: usize, limit: f64) -> [f64; 2] {
    let t = (limit - a[axis]) / (b[axis] - a[axis]);
    let mut p = [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
    p[axis] = limit;
    p
}

/// An open line cut to the frame: the runs of it inside (Liang–Barsky on
/// each segment).
pub fn line(points: &[[f64; 2]], f: Frame) -> Vec<Vec<[f64; 2]>> {
    let b = bounds(points);
    if inside_all(b, f) {
        return vec![points.to_vec()];
    }
    if outside_all(b, f) {
        return Vec::new();
    }
    let mut runs: Vec<Vec<[f64; 2]>> = Vec::new();
    let mut current: Vec<[f64; 2]> = Vec::new();
    for w in points.windows(2) {
        match segment(w[0], w[1], f) {
            Some((a, b)) => {
                if current.last() != Some(&a) {
                    if current.len() >= 2 {
                        runs.push(std::mem::take(&mut current));
                    }
                    current.clear();
                    current.push(a);
                }
                current.push(b);
            }
            None => {
                if current.len() >= 2 {
                    runs.push(std::mem::take(&mut current));
                }
                current.clear();
            }
        }
    }
    if current.len() >= 2 {
        runs.push(current);
    }
    runs
}

/// The part of a segment inside the frame (Liang–Barsky).
fn segment(a: [f64; 2], b: [f64; 2], f: Frame) -> Option<([f64; 2], [f64; 2])> {
    let d = [b[0] - a[0], b[1] - a[1]];
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    let checks = [
        (-d[0], a[0] - f[0]),
        (d[0], f[2] - a[0]),
        (-d[1], a[1] - f[1]),
        (d[1], f[3] - a[1]),
    ];
    for (p, q) in checks {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let at = |t: f64| [a[0] + d[0] * t, a[1] + d[1] * t];
    Some((at(t0), at(t1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: Frame = [0.0, 0.0, 10.0, 10.0];

    fn area(r: &[[f64; 2]]) -> f64 {
        let n = r.len();
        (0..n)
            .map(|i| {
                let (a, b) = (r[i], r[(i + 1) % n]);
                a[0] * b[1] - b[0] * a[1]
            })
            .sum::<f64>()
            .abs()
            / 2.0
    }

    #[test]
    fn rings_are_cut_to_the_frame() {
        // Inside: unchanged. Outside: gone. Across a corner: the overlap.
        let inner = [[1.0, 1.0], [4.0, 1.0], [4.0, 4.0]];
        assert_eq!(ring(&inner, F), inner.to_vec());
        assert!(ring(&[[20.0, 20.0], [30.0, 20.0], [30.0, 30.0]], F).is_empty());
        let square = [[5.0, 5.0], [15.0, 5.0], [15.0, 15.0], [5.0, 15.0]];
        let cut = ring(&square, F);
        assert!((area(&cut) - 25.0).abs() < 1e-9, "{cut:?}");
        assert!(
            cut.iter()
                .all(|p| (0.0..=10.0).contains(&p[0]) && (0.0..=10.0).contains(&p[1]))
        );
        // A concave ring around the frame keeps the frame's part of it.
        let u = [
            [-5.0, -5.0],
            [15.0, -5.0],
            [15.0, 15.0],
            [6.0, 15.0],
            [6.0, 2.0],
            [4.0, 2.0],
            [4.0, 15.0],
            [-5.0, 15.0],
        ];
        assert!((area(&ring(&u, F)) - (100.0 - 2.0 * 8.0)).abs() < 1e-9);
    }

    #[test]
    fn lines_are_cut_into_the_runs_inside() {
        let l = [
            [-5.0, 5.0],
            [5.0, 5.0],
            [15.0, 5.0],
            [15.0, 8.0],
            [5.0, 8.0],
        ];
        let runs = line(&l, F);
        assert_eq!(runs.len(), 2, "{runs:?}");
        assert_eq!(runs[0], vec![[0.0, 5.0], [5.0, 5.0], [10.0, 5.0]]);
        assert_eq!(runs[1], vec![[10.0, 8.0], [5.0, 8.0]]);
        assert!(line(&[[20.0, 0.0], [30.0, 5.0]], F).is_empty());
        let inside = [[1.0, 1.0], [2.0, 2.0]];
        assert_eq!(line(&inside, F), vec![inside.to_vec()]);
    }
}
