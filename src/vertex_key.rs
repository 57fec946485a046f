//! Vertices as exact hash keys. Neighbouring regions, lakes and dissolved
//! territories share their vertices (see `geodata/SOURCES.md`), so a
//! boundary is found by matching vertices and segments on a micro-degree
//! grid, with a hash fast enough for the hundreds of thousands of them.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A vertex snapped to a micro-degree grid (about 0.1 m).
pub type VertexKey = (i64, i64);

/// The grid key of a longitude/latitude.
pub fn key(x: f64, y: f64) -> VertexKey {
    ((x * 1e6).round() as i64, (y * 1e6).round() as i64)
}

/// The key of a segment whichever way it runs.
pub fn segment_key(a: (f64, f64), b: (f64, f64)) -> (VertexKey, VertexKey) {
    let (p, q) = (key(a.0, a.1), key(b.0, b.1));
    if p <= q { (p, q) } else { (q, p) }
}

/// The Fx hash (as in rustc): vertex keys are pairs of integers, and the
/// standard SipHash took a third of a dissolve.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(*b as u64);
        }
    }

    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_i64(&mut self, i: i64) {
        self.write_u64(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash map keyed by vertices or segments.
pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A hash set of vertices or segments.
pub type FxSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_segment_has_one_key_whichever_way_it_runs() {
        assert_eq!(
            segment_key((24.1, 56.9), (24.2, 57.0)),
            segment_key((24.2, 57.0), (24.1, 56.9))
        );
        assert_ne!(key(24.1, 56.9), key(24.100002, 56.9));
    }
}
