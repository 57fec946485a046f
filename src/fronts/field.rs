//! One front's interpolated capture days: the sourced places of a group of
//! campaigns (and the two sides of each line a front held) triangulated
//! (Delaunay, with `spade`), and the capture day of any point interpolated
//! linearly inside its triangle. The front on a day is where the
//! interpolated day equals that day.
//!
//! A place's value can change over the campaign: a place retaken by a
//! counter-attack counts as not yet captured until it is taken again, so
//! the land around it goes back with it.

use spade::{DelaunayTriangulation, HasPosition, Point2, Triangulation};

use super::captures::{Capture, HeldLine, Side};
use crate::date::Date;
use crate::map::Projection;

/// Where a vertex of the triangulation comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Anchor {
    /// A sourced place: its rows in the gazetteer, in date order.
    Place(Vec<usize>),
    /// One side of a held line: the line (index into the held lines) and
    /// whether this is the side captured first (when the front reached the
    /// line) or last (when the line gave way).
    HeldLine {
        /// Index into the held lines.
        line: usize,
        /// True on the side taken when the front reached the line.
        early: bool,
    },
    /// A corner of the frame far outside the atlas, repeating its nearest
    /// place, so every point of the map lies in a triangle.
    Corner(usize),
}

/// A vertex: its position in projected km and what its value comes from.
#[derive(Clone, Debug)]
pub struct Vertex {
    /// Projected km (the atlas's projection).
    pub at: [f64; 2],
    /// The source of its value.
    pub anchor: Anchor,
}

struct Site {
    position: Point2<f64>,
    index: u32,
}

impl HasPosition for Site {
    type Scalar = f64;
    fn position(&self) -> Point2<f64> {
        self.position
    }
}

/// Side length of the cells of the point-location grid, km.
const CELL_KM: f64 = 25.0;
/// Held lines are densified every this many km.
const HELD_LINE_STEP_KM: f64 = 4.0;
/// Each side of a held line is marked this far from it, km.
const HELD_LINE_OFFSET_KM: f64 = 1.0;

/// The interpolated capture days of one front (a group of campaigns in one
/// direction).
#[derive(Debug)]
pub struct FrontField {
    /// Who held the land before.
    pub from: Side,
    /// Who took it.
    pub to: Side,
    /// The campaigns it covers, as named in the gazetteer.
    pub campaigns: Vec<String>,
    /// The first and last day of the front (its places and held lines).
    pub window: (Date, Date),
    /// The vertices.
    pub vertices: Vec<Vertex>,
    /// The triangles, as vertex indices.
    pub faces: Vec<[u32; 3]>,
    /// Places retaken by a counter-attack that no later row says were taken
    /// again: the row of the retake and the day the region timeline gives
    /// the land back to the front's side.
    pub retaken_until: Vec<(usize, Date)>,
    grid: Grid,
}

/// Point location: the faces overlapping each cell of a regular grid.
#[derive(Debug)]
struct Grid {
    origin: [f64; 2],
    columns: usize,
    rows: usize,
    cells: Vec<Vec<u32>>,
}

impl Grid {
    fn new(vertices: &[Vertex], faces: &[[u32; 3]], min: [f64; 2], max: [f64; 2]) -> Self {
        let columns = (((max[0] - min[0]) / CELL_KM).ceil() as usize).max(1);
        let rows = (((max[1] - min[1]) / CELL_KM).ceil() as usize).max(1);
        let mut cells = vec![Vec::new(); columns * rows];
        for (f, face) in faces.iter().enumerate() {
            let pts = face.map(|v| vertices[v as usize].at);
            let lo = [0, 1].map(|k| pts.iter().map(|p| p[k]).fold(f64::MAX, f64::min));
            let hi = [0, 1].map(|k| pts.iter().map(|p| p[k]).fold(f64::MIN, f64::max));
            let cell = |x: f64, k: usize, n: usize| {
                (((x - min[k]) / CELL_KM).floor().max(0.0) as usize).min(n - 1)
            };
            for r in cell(lo[1], 1, rows)..=cell(hi[1], 1, rows) {
                for c in cell(lo[0], 0, columns)..=cell(hi[0], 0, columns) {
                    cells[r * columns + c].push(f as u32);
                }
            }
        }
        Grid {
            origin: min,
            columns,
            rows,
            cells,
        }
    }

    fn faces_at(&self, p: [f64; 2]) -> &[u32] {
        let c = (p[0] - self.origin[0]) / CELL_KM;
        let r = (p[1] - self.origin[1]) / CELL_KM;
        if c < 0.0 || r < 0.0 || c >= self.columns as f64 || r >= self.rows as f64 {
            return &[];
        }
        &self.cells[r as usize * self.columns + c as usize]
    }
}

/// Barycentric coordinates of `p` in the triangle `t` (None when the
/// triangle is degenerate).
pub fn barycentric(t: [[f64; 2]; 3], p: [f64; 2]) -> Option<[f64; 3]> {
    let [a, b, c] = t;
    let det = (b[1] - c[1]) * (a[0] - c[0]) + (c[0] - b[0]) * (a[1] - c[1]);
    if det.abs() < 1e-12 {
        return None;
    }
    let l1 = ((b[1] - c[1]) * (p[0] - c[0]) + (c[0] - b[0]) * (p[1] - c[1])) / det;
    let l2 = ((c[1] - a[1]) * (p[0] - c[0]) + (a[0] - c[0]) * (p[1] - c[1])) / det;
    Some([l1, l2, 1.0 - l1 - l2])
}

/// A point located in the field: its triangle and weights.
#[derive(Clone, Copy, Debug)]
pub struct Located {
    /// The face.
    pub face: u32,
    /// Barycentric weights of the face's vertices.
    pub weights: [f64; 3],
}

impl FrontField {
    /// Builds the field of `captures` (all in the group's campaigns) and
    /// `lines`, indices into the whole gazetteer.
    pub fn build(
        all_captures: &[Capture],
        capture_rows: &[usize],
        all_lines: &[HeldLine],
        line_rows: &[usize],
        projection: &Projection,
    ) -> Option<Self> {
        let (from, to) = main_direction(all_captures, capture_rows)?;
        let project = |lon: f64, lat: f64| {
            let (x, y) = projection.forward(lon, lat);
            [x, y]
        };
        let mut vertices = places(all_captures, capture_rows, &project);
        let mut campaigns: Vec<String> = capture_rows
            .iter()
            .map(|&i| all_captures[i].campaign.clone())
            .collect();
        campaigns.sort();
        campaigns.dedup();
        let dates = capture_rows.iter().map(|&i| all_captures[i].date);
        let line_dates = line_rows
            .iter()
            .flat_map(|&l| [all_lines[l].from, all_lines[l].to]);
        let first = dates.clone().chain(line_dates.clone()).min()?;
        let last = dates.chain(line_dates).max()?;
        let mut field = FrontField {
            from,
            to,
            campaigns,
            window: (first, last),
            vertices: Vec::new(),
            faces: Vec::new(),
            retaken_until: Vec::new(),
            grid: Grid::new(&[], &[], [0.0; 2], [1.0; 2]),
        };
        let place_count = vertices.len();
        for &l in line_rows {
            let sides = field.held_line_sides(
                &vertices[..place_count],
                all_captures,
                all_lines,
                l,
                &project,
            );
            vertices.extend(sides);
        }
        let rings = plateaus(&vertices[..place_count], &vertices[place_count..]);
        vertices.extend(rings);
        field.vertices = vertices;
        field.add_corners(place_count);
        field.triangulate();
        Some(field)
    }

    /// The two sides of a held line as vertices, the early side being the
    /// one whose nearby places fell first. A line of one point, or one with
    /// no places near either side, adds nothing.
    fn held_line_sides(
        &self,
        places: &[Vertex],
        captures: &[Capture],
        lines: &[HeldLine],
        l: usize,
        project: &impl Fn(f64, f64) -> [f64; 2],
    ) -> Vec<Vertex> {
        let pts: Vec<[f64; 2]> = lines[l]
            .waypoints
            .iter()
            .map(|(lon, lat)| project(*lon, *lat))
            .collect();
        if pts.len() < 2 {
            return Vec::new();
        }
        // Which side fell first: the mean day of the places within 80 km.
        let mut sums = [(0.0, 0usize); 2];
        for v in places {
            let Anchor::Place(rows) = &v.anchor else {
                continue;
            };
            let Some((side, distance)) = side_of(&pts, v.at) else {
                continue;
            };
            if distance < 80.0 {
                let day = rows
                    .iter()
                    .filter(|&&r| captures[r].to == self.to)
                    .map(|&r| captures[r].date.day_index() as f64)
                    .fold(f64::MAX, f64::min);
                if day < f64::MAX {
                    let s = &mut sums[side as usize];
                    s.0 += day;
                    s.1 += 1;
                }
            }
        }
        let [left, right] = sums.map(|(sum, n)| (n > 0).then(|| sum / n as f64));
        let left_early = match (left, right) {
            (Some(a), Some(b)) => a <= b,
            _ => return Vec::new(),
        };
        let mut out = Vec::new();
        for w in pts.windows(2) {
            let (d, len) = ([w[1][0] - w[0][0], w[1][1] - w[0][1]], dist(w[0], w[1]));
            if len < 1e-6 {
                continue;
            }
            let normal = [-d[1] / len, d[0] / len];
            let steps = (len / HELD_LINE_STEP_KM).ceil().max(1.0) as usize;
            for s in 0..=steps {
                let t = s as f64 / steps as f64;
                let p = [w[0][0] + t * d[0], w[0][1] + t * d[1]];
                for (sign, left_side) in [(1.0, true), (-1.0, false)] {
                    out.push(Vertex {
                        at: [
                            p[0] + sign * HELD_LINE_OFFSET_KM * normal[0],
                            p[1] + sign * HELD_LINE_OFFSET_KM * normal[1],
                        ],
                        anchor: Anchor::HeldLine {
                            line: l,
                            early: left_side == left_early,
                        },
                    });
                }
            }
        }
        out
    }

    /// Four corners far outside the atlas, each repeating its nearest
    /// place.
    fn add_corners(&mut self, place_count: usize) {
        let (lo, hi) = bounds(&self.vertices[..place_count]);
        let margin = 1500.0;
        for corner in [
            [lo[0] - margin, lo[1] - margin],
            [hi[0] + margin, lo[1] - margin],
            [hi[0] + margin, hi[1] + margin],
            [lo[0] - margin, hi[1] + margin],
        ] {
            let nearest = (0..place_count).min_by(|a, b| {
                dist(self.vertices[*a].at, corner).total_cmp(&dist(self.vertices[*b].at, corner))
            });
            if let Some(n) = nearest {
                self.vertices.push(Vertex {
                    at: corner,
                    anchor: Anchor::Corner(n),
                });
            }
        }
    }

    fn triangulate(&mut self) {
        let sites: Vec<Site> = self
            .vertices
            .iter()
            .enumerate()
            .map(|(i, v)| Site {
                position: Point2::new(v.at[0], v.at[1]),
                index: i as u32,
            })
            .collect();
        let Ok(tri) = DelaunayTriangulation::<Site>::bulk_load(sites) else {
            return;
        };
        self.faces = tri
            .inner_faces()
            .map(|f| f.vertices().map(|v| v.data().index))
            .collect();
        let (lo, hi) = bounds(&self.vertices);
        self.grid = Grid::new(&self.vertices, &self.faces, lo, hi);
    }

    /// The triangle holding `p` (km) and its weights.
    pub fn locate(&self, p: [f64; 2]) -> Option<Located> {
        self.grid.faces_at(p).iter().find_map(|&f| {
            let t = self.faces[f as usize].map(|v| self.vertices[v as usize].at);
            let w = barycentric(t, p)?;
            w.iter().all(|x| *x >= -1e-9).then_some(Located {
                face: f,
                weights: w,
            })
        })
    }

    /// The value of vertex `v` on `date`, as a day index: the day its land
    /// was (or will be) taken by the field's side, as things stand on
    /// `date`.
    pub fn value(&self, captures: &[Capture], lines: &[HeldLine], v: usize, date: Date) -> f64 {
        match &self.vertices[v].anchor {
            Anchor::Place(rows) => self.place_value(captures, rows, date),
            Anchor::HeldLine { line, early } => {
                // The line held through its last day: the far side falls
                // the day after.
                let l = &lines[*line];
                (if *early { l.from } else { l.to.add_days(1) }).day_index() as f64
            }
            Anchor::Corner(n) => self.value(captures, lines, *n, date),
        }
    }

    /// A place's value on `date`: while held by the field's side, the day
    /// it was taken; otherwise the day it will be (taken again), or just
    /// after the field's window when no row says it was.
    fn place_value(&self, captures: &[Capture], rows: &[usize], date: Date) -> f64 {
        let new_at_start = rows.first().is_some_and(|&r| captures[r].from == self.to);
        let mut taken_since = new_at_start.then_some(self.window.0);
        for &r in rows {
            let c = &captures[r];
            if c.date > date {
                break;
            }
            taken_since = (c.to == self.to).then_some(c.date);
        }
        if let Some(since) = taken_since {
            return since.day_index() as f64;
        }
        if let Some(c) = rows
            .iter()
            .map(|&r| &captures[r])
            .find(|c| c.date > date && c.to == self.to)
        {
            return c.date.day_index() as f64;
        }
        // Retaken, and no row says when it fell again: the region's day.
        rows.iter()
            .rev()
            .find_map(|r| self.retaken_until.iter().find(|(row, _)| row == r))
            .map_or(self.window.1.day_index() as f64 + 1.0, |(_, d)| {
                d.day_index() as f64
            })
    }

    /// The values of a face's corners on `date`.
    pub fn face_values(
        &self,
        captures: &[Capture],
        lines: &[HeldLine],
        face: u32,
        date: Date,
    ) -> [f64; 3] {
        self.faces[face as usize].map(|v| self.value(captures, lines, v as usize, date))
    }

    /// True when `date` lies within the field's window.
    pub fn covers(&self, date: Date) -> bool {
        self.window.0 <= date && date <= self.window.1
    }
}

/// The direction most of the rows take.
fn main_direction(captures: &[Capture], rows: &[usize]) -> Option<(Side, Side)> {
    let german = rows
        .iter()
        .filter(|&&r| captures[r].to == Side::German)
        .count();
    let soviet = rows.len() - german;
    match (german, soviet) {
        (0, 0) => None,
        (g, s) if g >= s => Some((Side::Soviet, Side::German)),
        _ => Some((Side::German, Side::Soviet)),
    }
}

/// The radius of a place's plateau, km: a town falls with its outskirts,
/// and a query on a town (whose coordinates vary by a few km between
/// sources) answers its own day.
const PLATEAU_KM: f64 = 6.0;

/// Twelve vertices around each place, at [`PLATEAU_KM`] (or less than
/// half the way to the nearest other place or held line), carrying the
/// place's own days.
fn plateaus(places: &[Vertex], lines: &[Vertex]) -> Vec<Vertex> {
    let mut out = Vec::new();
    for (i, v) in places.iter().enumerate() {
        // Nor across a held line: the plateau stops short of its sides.
        let nearest = places
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, o)| o)
            .chain(lines)
            .map(|o| dist(o.at, v.at))
            .fold(f64::MAX, f64::min);
        let radius = PLATEAU_KM.min(0.45 * nearest);
        if radius < 0.5 {
            continue;
        }
        for k in 0..12 {
            let a = std::f64::consts::PI / 6.0 * k as f64;
            out.push(Vertex {
                at: [v.at[0] + radius * a.cos(), v.at[1] + radius * a.sin()],
                anchor: v.anchor.clone(),
            });
        }
    }
    out
}

/// One vertex per place: rows at the same position (within about 100 m)
/// are one place changing hands several times.
fn places(
    captures: &[Capture],
    rows: &[usize],
    project: &impl Fn(f64, f64) -> [f64; 2],
) -> Vec<Vertex> {
    let mut out: Vec<Vertex> = Vec::new();
    let mut sorted = rows.to_vec();
    sorted.sort_by_key(|&r| captures[r].date);
    for r in sorted {
        let at = project(captures[r].lon, captures[r].lat);
        match out.iter_mut().find(|v| dist(v.at, at) < 0.1) {
            Some(Vertex {
                anchor: Anchor::Place(rows),
                ..
            }) => rows.push(r),
            _ => out.push(Vertex {
                at,
                anchor: Anchor::Place(vec![r]),
            }),
        }
    }
    out
}

/// Which side of the polyline `line` the point lies on (0 left, 1 right)
/// and how far from it, km; None when it lies beyond the line's ends.
fn side_of(line: &[[f64; 2]], p: [f64; 2]) -> Option<(u8, f64)> {
    let mut best: Option<(u8, f64)> = None;
    for w in line.windows(2) {
        let d = [w[1][0] - w[0][0], w[1][1] - w[0][1]];
        let len2 = d[0] * d[0] + d[1] * d[1];
        if len2 == 0.0 {
            continue;
        }
        let t = ((p[0] - w[0][0]) * d[0] + (p[1] - w[0][1]) * d[1]) / len2;
        if !(0.0..=1.0).contains(&t) {
            continue;
        }
        let foot = [w[0][0] + t * d[0], w[0][1] + t * d[1]];
        let cross = d[0] * (p[1] - w[0][1]) - d[1] * (p[0] - w[0][0]);
        let distance = dist(foot, p);
        if best.is_none_or(|(_, b)| distance < b) {
            best = Some((u8::from(cross < 0.0), distance));
        }
    }
    best
}

fn dist(a: [f64; 2], b: [f64; 2]) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
}

fn bounds(vertices: &[Vertex]) -> ([f64; 2], [f64; 2]) {
    let mut lo = [f64::MAX; 2];
    let mut hi = [f64::MIN; 2];
    for v in vertices {
        for k in 0..2 {
            lo[k] = lo[k].min(v.at[k]);
            hi[k] = hi[k].max(v.at[k]);
        }
    }
    (lo, hi)
}
