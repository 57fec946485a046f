//! Test data, not part of the library: a generated FeatureCollection of known content, so that the large-file
//! test and the load benchmark read the same realistic input (OHM-style
//! properties, 6-decimal coordinates) and can check the result exactly.

// Each test or bench that includes this file uses part of it.
#![allow(dead_code)]

use std::fmt::Write;

/// Vertices on each side of every generated rectangle.
pub const POINTS_PER_SIDE: usize = 10;

/// Generates at least `target_bytes` of GeoJSON: a FeatureCollection of
/// axis-aligned rectangles (each drawn with [`POINTS_PER_SIDE`] points per
/// side) dated 1939–1999. Rectangle `i` spans `0.01 * (1 + i % 50)` degrees
/// of longitude by `0.01` of latitude, so its area is known exactly.
/// Returns the bytes and the number of features.
pub fn rectangles(target_bytes: usize) -> (Vec<u8>, usize) {
    let mut s = String::with_capacity(target_bytes + 4096);
    s.push_str("{\"type\":\"FeatureCollection\",\"name\":\"synthetic\",\"features\":[\n");
    let mut n = 0usize;
    while s.len() < target_bytes {
        if n > 0 {
            s.push_str(",\n");
        }
        let (x0, y0) = (
            20.0 + (n % 800) as f64 * 0.01,
            53.0 + (n / 800 % 600) as f64 * 0.01,
        );
        let (w, h) = (rect_width(n), 0.01);
        let _ = write!(
            s,
            "{{\"type\":\"Feature\",\"id\":{n},\"properties\":{{\"name\":\"Sector {n}\",\
             \"start_date\":\"{}\",\"end_date\":\"{}-09\",\"source\":\"generated\"}},\
             \"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[",
            1939 + n % 40,
            1940 + n % 40 + n % 20
        );
        let k = POINTS_PER_SIDE as f64;
        let corners = [(x0, y0), (x0 + w, y0), (x0 + w, y0 + h), (x0, y0 + h)];
        for side in 0..4 {
            let (a, b) = (corners[side], corners[(side + 1) % 4]);
            for j in 0..POINTS_PER_SIDE {
                let t = j as f64 / k;
                let _ = write!(
                    s,
                    "[{:.6},{:.6}],",
                    a.0 + (b.0 - a.0) * t,
                    a.1 + (b.1 - a.1) * t
                );
            }
        }
        let _ = write!(s, "[{x0:.6},{y0:.6}]]]}}}}");
        n += 1;
    }
    s.push_str("\n]}\n");
    (s.into_bytes(), n)
}

/// The width in degrees of rectangle `i` from [`rectangles`].
pub fn rect_width(i: usize) -> f64 {
    0.01 * (1 + i % 50) as f64
}
