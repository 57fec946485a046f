//! The fronts of the day cut into the map: each region a front is passing
//! through is split along the interpolated front into the part already
//! taken and the rest, at the level of detail the view draws, with the
//! band of uncertainty and the front line clipped to the land.
//!
//! The window and the exports draw the same pieces (see [`super::scene`]).

use geo::{BooleanOps, BoundingRect, LineString, MultiLineString, MultiPolygon};

use super::geometry::{Detail, LazyMesh, Ring};
use crate::atlas::Atlas;
use crate::date::Date;
use crate::fronts::zones::{Crossing, union};
use crate::fronts::{BAND_DAYS_MAX, band_days};
use crate::geodata::controllers::ControllerId;
use crate::geodata::regions::RegionId;
use crate::style::Rgba;

/// The part of a region taken by the day.
#[derive(Clone, Debug)]
pub struct FrontPart {
    /// The region split.
    pub region: RegionId,
    /// Who took it.
    pub controller: ControllerId,
    /// Its fill.
    pub color: Rgba,
    /// Fill triangles (window).
    pub mesh: LazyMesh,
    /// Rings (exports).
    pub rings: Vec<Ring>,
}

/// A piece of land within the band of days around the front.
#[derive(Clone, Debug)]
pub struct BandPiece {
    /// Fill triangles (window).
    pub mesh: LazyMesh,
    /// Rings (exports).
    pub rings: Vec<Ring>,
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
    let fronts = &atlas.fronts;
    let mut out = FrontDrawing::default();
    for field in fronts.active(date).collect::<Vec<_>>() {
        let in_play = fronts.regions_in_play(field, date, atlas.timelines(), &atlas.controllers);
        if in_play.is_empty() {
            continue;
        }
        out.fields.push(field);
        let faces = fronts.face_days(field, date);
        let day = date.day_index() as f64;
        for (r, play) in in_play {
            let region = RegionId(r as u16);
            out.in_play.push(region);
            let Some(shape) = detail.regions.get(r) else {
                recolour(region, play.before);
                continue;
            };
            let land = shape.mesh.polygons();
            let Some(b) = land.bounding_rect() else {
                recolour(region, play.before);
                continue;
            };
            let over = faces.over([b.min().x, b.min().y, b.max().x, b.max().y]);
            // Regions wholly behind or ahead of the front take one colour;
            // only those it crosses are cut.
            match faces.crossing(&over, day, 0.0) {
                Crossing::Taken => recolour(region, play.after),
                Crossing::Untaken => recolour(region, play.before),
                Crossing::Crossed => recolour(region, play.before),
            }
            if faces.crossing(&over, day, BAND_DAYS_MAX) != Crossing::Crossed {
                continue;
            }
            let zones = faces.zones(&over, day, band_days);
            if faces.crossing(&over, day, 0.0) == Crossing::Crossed
                && let Some(mp) = union(&zones.taken).map(|t| land.intersection(&t))
                && !mp.0.is_empty()
            {
                out.parts.push(FrontPart {
                    region,
                    controller: play.after,
                    color: colour_of(region, play.after),
                    rings: rings(&mp),
                    mesh: LazyMesh::new(mp),
                });
            }
            if let Some(mp) = union(&zones.band).map(|t| land.intersection(&t))
                && !mp.0.is_empty()
            {
                out.band.push(BandPiece {
                    rings: rings(&mp),
                    mesh: LazyMesh::new(mp),
                });
            }
            let lines: Vec<LineString<f64>> = zones
                .line
                .iter()
                .map(|s| LineString::from(vec![(s[0][0], s[0][1]), (s[1][0], s[1][1])]))
                .collect();
            if !lines.is_empty() {
                let clipped = land.clip(&MultiLineString(lines), false);
                out.lines.extend(
                    clipped
                        .0
                        .iter()
                        .map(|l| l.0.iter().map(|c| [c.x as f32, c.y as f32]).collect()),
                );
            }
        }
    }
    out
}

fn rings(mp: &MultiPolygon<f64>) -> Vec<Ring> {
    mp.0.iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .map(|ring| ring.0.iter().map(|c| [c.x as f32, c.y as f32]).collect())
        .collect()
}
