//! A series of map images, one per step between two dates (`--every 1w`),
//! and an animated PNG of the whole sequence.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use super::map_image::{MapImage, Overlay};
use super::raster;
use super::{ExportFormat, ImageSize};
use crate::atlas::Atlas;
use crate::atomic_write::write_atomically;
use crate::chronicle::Chronicle;
use crate::date::Date;
use crate::error::AtlasError;
use crate::map::{MapGeometry, Projection};

/// The most frames one sequence may have (a frame a day for five years).
pub const MAX_FRAMES: usize = 2000;

/// The distance between frames.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Every n days.
    Days(u32),
    /// Every n weeks.
    Weeks(u32),
    /// Every n months (same day of the month where it exists).
    Months(u32),
    /// Every n years.
    Years(u32),
}

impl FromStr for Step {
    type Err = String;

    /// `1d`, `2w`, `1m`, `1y` (a number, then d, w, m or y).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let bad =
            || format!("invalid step \"{s}\": write a number and a unit, e.g. 1d, 1w, 1m or 1y");
        let unit = s.chars().last().ok_or_else(bad)?;
        let n: u32 = s[..s.len() - unit.len_utf8()].parse().map_err(|_| bad())?;
        if n == 0 {
            return Err(format!("invalid step \"{s}\": the step must be at least 1"));
        }
        match unit.to_ascii_lowercase() {
            'd' => Ok(Step::Days(n)),
            'w' => Ok(Step::Weeks(n)),
            'm' => Ok(Step::Months(n)),
            'y' => Ok(Step::Years(n)),
            _ => Err(bad()),
        }
    }
}

/// The frame dates from `from` to `to` (both included when the step lands
/// on `to`).
pub fn frame_dates(from: Date, to: Date, step: Step) -> Result<Vec<Date>, AtlasError> {
    if to < from {
        return Err(AtlasError::Export(format!(
            "the sequence ends ({}) before it starts ({})",
            to.iso(),
            from.iso()
        )));
    }
    let mut dates = Vec::new();
    for k in 0.. {
        let k = k as i64;
        let d = match step {
            Step::Days(n) => from.add_days(k * n as i64),
            Step::Weeks(n) => from.add_days(k * 7 * n as i64),
            Step::Months(n) => from.add_months((k * n as i64).min(i32::MAX as i64) as i32),
            Step::Years(n) => from.add_years((k * n as i64).min(i32::MAX as i64) as i32),
        };
        // Stepping clamps at the end of the atlas period; stop there.
        if d > to || dates.last() == Some(&d) {
            break;
        }
        dates.push(d);
        if dates.len() > MAX_FRAMES {
            return Err(AtlasError::Export(format!(
                "the sequence would have more than {MAX_FRAMES} frames; choose a longer step or a shorter span"
            )));
        }
    }
    Ok(dates)
}

/// A drawn frame: the file's bytes and, for the animation, its pixels.
type Frame = (Vec<u8>, Option<resvg::tiny_skia::Pixmap>);

/// What a sequence export wrote.
#[derive(Debug, Clone)]
pub struct SequenceOutput {
    /// One file per frame, in date order.
    pub frames: Vec<PathBuf>,
    /// The animated PNG, when frames are PNG and there are at least two.
    pub animation: Option<PathBuf>,
    /// Whether `progress` stopped the export: the frames written so far
    /// stay, the animated PNG is not written.
    pub cancelled: bool,
}

/// How a sequence is drawn.
#[derive(Clone, Copy, Debug)]
pub struct SequenceOptions {
    /// PNG or SVG frames.
    pub format: ExportFormat,
    /// Frame size before scaling.
    pub size: ImageSize,
    /// Pixel scale of PNG frames.
    pub scale: u32,
    /// Seconds each frame shows in the animation.
    pub frame_seconds: f32,
    /// The part of the map to show (`None`: all three states).
    pub extent: Option<super::MapExtent>,
    /// The map as held or in law (see [`crate::legal_view`]).
    pub view: crate::legal_view::StatusView,
}

/// The file name of the frame for `date`.
pub fn frame_name(date: Date, format: ExportFormat) -> String {
    format!("map-{}.{}", date.iso(), format.extension())
}

/// Writes one map per date into `dir` (created if missing) and, for PNG,
/// an animated PNG of all frames. `progress(done, total)` is called after
/// each frame and returns false to stop (see [`SequenceOutput::cancelled`]).
pub fn write_sequence(
    atlas: &Atlas,
    chronicle: &Chronicle,
    dates: &[Date],
    opts: SequenceOptions,
    dir: &Path,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<SequenceOutput, AtlasError> {
    write_sequence_with_layers(atlas, chronicle, dates, opts, dir, progress, &[])
}

/// [`write_sequence`] with the user's layers drawn over every frame (each
/// feature on the days it exists).
pub fn write_sequence_with_layers(
    atlas: &Atlas,
    chronicle: &Chronicle,
    dates: &[Date],
    opts: SequenceOptions,
    dir: &Path,
    progress: &mut dyn FnMut(usize, usize) -> bool,
    layers: &[Overlay<'_>],
) -> Result<SequenceOutput, AtlasError> {
    if opts.format == ExportFormat::Csv {
        return Err(AtlasError::Export(
            "map sequences are images: choose png or svg".into(),
        ));
    }
    opts.size.check()?;
    super::check_scale(opts.scale)?;
    std::fs::create_dir_all(dir).map_err(|source| AtlasError::Io {
        action: "create the folder",
        path: dir.to_path_buf(),
        source,
    })?;
    let geometry = MapGeometry::new(atlas, Projection::baltic());
    let mut image = MapImage {
        atlas,
        chronicle,
        geometry: &geometry,
        layers,
        date_stamp: false,
        legend_width: None,
        view: opts.view,
        changes_since: None,
        pixel_scale: opts.scale as f32,
    };
    // One legend width for every frame: the map stays still.
    image.legend_width = Some(image.widest_legend(dates));
    let scale = opts.scale as f32;
    let mut frames = Vec::with_capacity(dates.len());
    let animate = opts.format == ExportFormat::Png && dates.len() >= 2;
    let anim_path = dir.join(format!(
        "map-{}-to-{}-animated.png",
        dates.first().map_or(String::new(), |d| d.iso()),
        dates.last().map_or(String::new(), |d| d.iso())
    ));
    let mut animation = if animate {
        Some(Animation::start(
            anim_path,
            dates.len() as u32,
            opts.size,
            scale,
            opts.frame_seconds,
        )?)
    } else {
        None
    };
    let draw = |d: Date| -> Result<Frame, AtlasError> {
        let svg = image.svg(d, opts.size, opts.extent);
        match opts.format {
            ExportFormat::Png => {
                let pm = raster::render(&svg, scale)?;
                let bytes = raster::encode_png(&pm, scale)?;
                Ok((bytes, animate.then_some(pm)))
            }
            ExportFormat::Svg => Ok((svg.into_bytes(), None)),
            // Refused before any frame is drawn.
            ExportFormat::Csv => Err(AtlasError::Export(
                "map sequences are images: choose png or svg".into(),
            )),
        }
    };
    let mut cancelled = false;
    draw_in_order(dates, &draw, &mut |d, (bytes, pixmap)| {
        let path = dir.join(frame_name(d, opts.format));
        write_atomically(&path, &bytes)?;
        frames.push(path);
        if let (Some(anim), Some(pm)) = (animation.as_mut(), pixmap.as_ref()) {
            anim.push(pm)?;
        }
        cancelled = !progress(frames.len(), dates.len());
        Ok(!cancelled)
    })?;
    let animation = match animation {
        Some(a) if cancelled => {
            a.abandon();
            None
        }
        Some(a) => Some(a.finish()?),
        None => None,
    };
    Ok(SequenceOutput {
        frames,
        animation,
        cancelled,
    })
}

/// Draws the frame of each date on as many threads as the machine has (up
/// to eight) and hands the frames to `each` in date order. `each` returns
/// false to stop (a cancelled export); the frames not yet drawn are not.
pub(crate) fn draw_in_order<T: Send>(
    dates: &[Date],
    draw: &(dyn Fn(Date) -> Result<T, AtlasError> + Sync),
    each: &mut dyn FnMut(Date, T) -> Result<bool, AtlasError>,
) -> Result<(), AtlasError> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 8));
    for chunk in dates.chunks(threads) {
        let drawn: Vec<Result<T, AtlasError>> = std::thread::scope(|s| {
            let handles: Vec<_> = chunk.iter().map(|d| s.spawn(move || draw(*d))).collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| {
                        Err(AtlasError::Export("a frame could not be drawn".into()))
                    })
                })
                .collect()
        });
        for (d, frame) in chunk.iter().zip(drawn) {
            if !each(*d, frame?)? {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// An animated PNG written frame by frame to a temporary file beside its
/// destination, renamed into place when complete (so a failure leaves
/// nothing half-written).
struct Animation {
    writer: png::Writer<std::io::BufWriter<std::fs::File>>,
    tmp: PathBuf,
    path: PathBuf,
}

fn png_error(e: png::EncodingError) -> AtlasError {
    AtlasError::Export(format!("the animation could not be encoded ({e})"))
}

impl Animation {
    fn start(
        path: PathBuf,
        frames: u32,
        size: ImageSize,
        scale: f32,
        seconds: f32,
    ) -> Result<Self, AtlasError> {
        let w = (size.width as f32 * scale).round() as u32;
        let h = (size.height as f32 * scale).round() as u32;
        let tmp = path.with_extension(format!("png.{}.tmp", std::process::id()));
        let file = std::fs::File::create(&tmp).map_err(|source| AtlasError::Io {
            action: "create",
            path: tmp.clone(),
            source,
        })?;
        let start = || -> Result<png::Writer<_>, AtlasError> {
            let mut enc = png::Encoder::new(std::io::BufWriter::new(file), w, h);
            enc.set_color(png::ColorType::Rgba);
            enc.set_depth(png::BitDepth::Eight);
            enc.set_compression(png::Compression::Fast);
            enc.set_pixel_dims(Some(raster::pixels_per_metre(scale)));
            enc.set_animated(frames, 0).map_err(png_error)?;
            let ms = (seconds * 1000.0).round().clamp(10.0, 60_000.0) as u16;
            enc.set_frame_delay(ms, 1000).map_err(png_error)?;
            enc.write_header().map_err(png_error)
        };
        match start() {
            Ok(writer) => Ok(Animation { writer, tmp, path }),
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                Err(e)
            }
        }
    }

    fn push(&mut self, pixmap: &resvg::tiny_skia::Pixmap) -> Result<(), AtlasError> {
        let r = self
            .writer
            .write_image_data(&raster::straight_rgba(pixmap))
            .map_err(png_error);
        if r.is_err() {
            let _ = std::fs::remove_file(&self.tmp);
        }
        r
    }

    /// Stops without writing the animation (a cancelled export).
    fn abandon(self) {
        let tmp = self.tmp.clone();
        drop(self);
        let _ = std::fs::remove_file(tmp);
    }

    fn finish(self) -> Result<PathBuf, AtlasError> {
        let Animation { writer, tmp, path } = self;
        let done = writer.finish().map_err(png_error).and_then(|()| {
            std::fs::rename(&tmp, &path).map_err(|source| AtlasError::Io {
                action: "write",
                path: path.clone(),
                source,
            })
        });
        if done.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        done.map(|()| path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_parse() {
        assert_eq!("1w".parse::<Step>(), Ok(Step::Weeks(1)));
        assert_eq!("3d".parse::<Step>(), Ok(Step::Days(3)));
        assert_eq!("1M".parse::<Step>(), Ok(Step::Months(1)));
        assert_eq!("2y".parse::<Step>(), Ok(Step::Years(2)));
        assert!("0w".parse::<Step>().is_err());
        assert!("w".parse::<Step>().is_err());
        assert!("1x".parse::<Step>().is_err());
        assert!("".parse::<Step>().is_err());
    }

    #[test]
    fn weekly_frames_of_the_courland_year() {
        let from = Date::parse("1944-07-01").unwrap();
        let to = Date::parse("1945-05-31").unwrap();
        let d = frame_dates(from, to, Step::Weeks(1)).unwrap();
        assert_eq!(d.len(), 48);
        assert_eq!(d[1].iso(), "1944-07-08");
        assert_eq!(d.last().unwrap().iso(), "1945-05-26");
    }

    #[test]
    fn monthly_frames_keep_the_day() {
        let from = Date::parse("1944-01-31").unwrap();
        let to = Date::parse("1944-12-31").unwrap();
        let d = frame_dates(from, to, Step::Months(1)).unwrap();
        assert_eq!(d.len(), 12);
        assert_eq!(d[1].iso(), "1944-02-29");
        assert_eq!(d[2].iso(), "1944-03-31");
    }

    #[test]
    fn bad_spans_are_refused() {
        let a = Date::parse("1944-07-01").unwrap();
        let b = Date::parse("1944-06-01").unwrap();
        assert!(frame_dates(a, b, Step::Days(1)).is_err());
        let err = frame_dates(Date::FIRST, Date::LAST, Step::Days(1))
            .unwrap_err()
            .to_string();
        assert!(err.contains("more than"), "{err}");
    }
}
