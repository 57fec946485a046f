//! A map sequence as one animated GIF, for slides: the frames of
//! `export map --from --to --every`, each with a large date stamp, in a
//! palette that holds the map's own colours exactly.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use resvg::tiny_skia::Pixmap;

use super::gif_animation::{GifAnimation, GifPalette, GifTiming};
use super::layout::{INK, MUTED};
use super::map_image::{MapImage, Overlay};
use super::sequence::draw_in_order;
use super::{ImageSize, MapExtent, raster};
use crate::atlas::Atlas;
use crate::chronicle::Chronicle;
use crate::date::Date;
use crate::error::AtlasError;
use crate::map::{MapGeometry, Projection, SceneStyle};

/// How a GIF sequence is drawn and timed.
#[derive(Clone, Copy, Debug)]
pub struct GifOptions {
    /// Frame size before scaling.
    pub size: ImageSize,
    /// Pixel scale (1–4).
    pub scale: u32,
    /// The part of the map shown (`None`: all three states).
    pub extent: Option<MapExtent>,
    /// The map as held or in law (see [`crate::legal_view`]).
    pub view: crate::legal_view::StatusView,
    /// Seconds each frame shows.
    pub frame_seconds: f32,
    /// Extra seconds on the last frame before the loop starts again.
    pub hold_last_seconds: f32,
    /// Drop a frame whose map, legend and sources are those of the frame
    /// before (only its date differs): the earlier frame stays longer.
    pub skip_unchanged: bool,
}

/// What a GIF export wrote.
#[derive(Clone, Debug)]
pub struct GifOutput {
    /// The animation.
    pub path: PathBuf,
    /// Dates drawn.
    pub dates: usize,
    /// Dates dropped because nothing but the date changed.
    pub skipped: usize,
    /// Frames stored in the file (identical frames are merged).
    pub frames: usize,
    /// Whether the export stopped early because `progress` said so.
    pub cancelled: bool,
}

/// A frame drawn: its pixels and a fingerprint of what it shows apart
/// from its date.
type DrawnFrame = (u64, Pixmap);

/// The colours the map draws with: every power's, the sea's, the lakes',
/// the neighbours', the lines' and the text's. They go into the palette
/// first, so fills and text keep their exact colours.
fn known_colours(atlas: &Atlas) -> Vec<[u8; 3]> {
    let c = SceneStyle::print(1.0).colors;
    let style = [
        c.water,
        c.lake,
        c.neighbour,
        c.neighbour_line,
        c.border,
        c.region_edge,
        c.text,
        c.halo,
        INK,
        MUTED,
    ];
    let powers = atlas.controllers.iter().map(|(_, k)| k.color);
    std::iter::once(crate::style::Rgba::rgb(255, 255, 255))
        .chain(style)
        .chain(powers)
        .map(|r| [r.0[0], r.0[1], r.0[2]])
        .collect()
}

/// A fingerprint of an SVG frame without its date: equal for two days on
/// which the map, legend and sources are the same.
fn without_date(svg: &str, date: Date) -> u64 {
    let text = svg.replace(&date.long(), "").replace(&date.iso(), "");
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// Writes the maps of `dates` as one animated GIF at `path`.
/// `progress(done, total)` is called after each date and returns false to
/// cancel (the file is then not written).
pub fn write_gif(
    atlas: &Atlas,
    chronicle: &Chronicle,
    dates: &[Date],
    opts: GifOptions,
    path: &Path,
    layers: &[Overlay<'_>],
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<GifOutput, AtlasError> {
    opts.size.check()?;
    super::check_scale(opts.scale)?;
    let Some((&first, rest)) = dates.split_first() else {
        return Err(AtlasError::Export(
            "an animation needs at least one date".into(),
        ));
    };
    let geometry = MapGeometry::new(atlas, Projection::baltic());
    let mut image = MapImage {
        atlas,
        chronicle,
        geometry: &geometry,
        layers,
        date_stamp: true,
        legend_width: None,
        view: opts.view,
        changes_since: None,
        pixel_scale: opts.scale as f32,
    };
    // One legend width for every frame: the map stays still.
    image.legend_width = Some(image.widest_legend(dates));
    let scale = opts.scale as f32;
    let draw = |d: Date| -> Result<DrawnFrame, AtlasError> {
        let svg = image.svg(d, opts.size, opts.extent);
        Ok((without_date(&svg, d), raster::render(&svg, scale)?))
    };
    let (mut shown, first_frame) = draw(first)?;
    let palette = GifPalette::new(&known_colours(atlas), &[&first_frame]);
    let timing = GifTiming {
        frame_seconds: opts.frame_seconds,
        hold_last_seconds: opts.hold_last_seconds,
    };
    let (w, h) = (first_frame.width(), first_frame.height());
    let mut anim = GifAnimation::start(path.to_path_buf(), w, h, palette, timing)?;
    anim.push(&first_frame)?;
    let mut out = GifOutput {
        path: path.to_path_buf(),
        dates: 1,
        skipped: 0,
        frames: 0,
        cancelled: !progress(1, dates.len()),
    };
    if !out.cancelled {
        draw_in_order(rest, &draw, &mut |_, (key, pixmap)| {
            if opts.skip_unchanged && key == shown {
                anim.hold();
                out.skipped += 1;
            } else {
                anim.push(&pixmap)?;
                shown = key;
            }
            out.dates += 1;
            out.cancelled = !progress(out.dates, dates.len());
            Ok(!out.cancelled)
        })?;
    }
    if out.cancelled {
        anim.abandon();
        return Ok(out);
    }
    let (path, frames) = anim.finish()?;
    out.path = path;
    out.frames = frames;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_ignores_only_the_date() {
        let d = Date::parse("1944-10-13").unwrap();
        let a = format!("<text>{}</text><t>{}</t>", d.long(), d.iso());
        let e = Date::parse("1944-10-20").unwrap();
        let b = format!("<text>{}</text><t>{}</t>", e.long(), e.iso());
        assert_eq!(without_date(&a, d), without_date(&b, e));
        assert_ne!(without_date(&a, d), without_date(&(b + "x"), e));
    }

    #[test]
    fn the_palette_starts_with_the_maps_colours() {
        let atlas = Atlas::builtin().unwrap();
        let known = known_colours(&atlas);
        let pm = Pixmap::new(4, 4).unwrap();
        let pal = GifPalette::new(&known, &[&pm]);
        let mut lookup = pal.clone();
        for (i, c) in known.iter().enumerate() {
            assert_eq!(pal.colour(lookup.index(*c)), *c, "colour {i}");
        }
    }
}
