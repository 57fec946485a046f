//! Animated GIF of a map sequence: the format every slide program and
//! browser plays.
//!
//! GIF has 256 colours. The map is drawn in a few dozen flat colours that
//! are known in advance (the powers', the sea's, the text's), so the palette
//! takes those first and fills the rest with the most frequent colours of
//! the first frames (the edges' anti-aliasing). Each frame after the first
//! stores only the rectangle that changed, with unchanged pixels
//! transparent, so a week-by-week sequence costs little more than its first
//! frame and the date stamps.

use std::collections::HashMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;

use resvg::tiny_skia::Pixmap;

use crate::error::AtlasError;

/// The palette slot kept for "as in the previous frame".
const TRANSPARENT: u8 = 255;
/// Colours the palette may hold besides the transparent slot.
const COLOURS: usize = 255;

/// The 255 colours of an animation and the nearest of them for any colour.
#[derive(Clone, Debug)]
pub struct GifPalette {
    colours: Vec<[u8; 3]>,
    nearest: HashMap<[u8; 3], u8>,
}

/// A perceptually weighted distance between two colours (green counts
/// most, as the eye sees it).
fn distance(a: [u8; 3], b: [u8; 3]) -> u32 {
    let d = |i: usize| (a[i] as i32 - b[i] as i32).unsigned_abs();
    2 * d(0) * d(0) + 4 * d(1) * d(1) + 3 * d(2) * d(2)
}

/// The colour of a pixel, without premultiplied alpha.
fn rgb(p: resvg::tiny_skia::PremultipliedColorU8) -> [u8; 3] {
    let c = p.demultiply();
    [c.red(), c.green(), c.blue()]
}

impl GifPalette {
    /// `known` colours first (the map's own), then the most frequent
    /// colours of `samples`, spread out: a colour close to one already
    /// chosen waits for a second pass.
    pub fn new(known: &[[u8; 3]], samples: &[&Pixmap]) -> Self {
        let mut counts: HashMap<[u8; 3], u32> = HashMap::new();
        for pm in samples {
            for p in pm.pixels() {
                *counts.entry(rgb(*p)).or_default() += 1;
            }
        }
        let mut frequent: Vec<([u8; 3], u32)> = counts.into_iter().collect();
        frequent.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut colours: Vec<[u8; 3]> = Vec::with_capacity(COLOURS);
        for c in known {
            if colours.len() < COLOURS && !colours.contains(c) {
                colours.push(*c);
            }
        }
        for spread in [300, 40, 1] {
            for (c, _) in &frequent {
                if colours.len() >= COLOURS {
                    break;
                }
                if colours.iter().all(|k| distance(*k, *c) >= spread) {
                    colours.push(*c);
                }
            }
        }
        if colours.is_empty() {
            colours.push([255, 255, 255]);
        }
        GifPalette {
            colours,
            nearest: HashMap::new(),
        }
    }

    /// How many colours the palette holds (at most 255).
    pub fn len(&self) -> usize {
        self.colours.len()
    }

    /// Whether the palette is empty (never: it holds white at least).
    pub fn is_empty(&self) -> bool {
        self.colours.is_empty()
    }

    /// The slot of the palette colour nearest to `c`.
    pub fn index(&mut self, c: [u8; 3]) -> u8 {
        if let Some(i) = self.nearest.get(&c) {
            return *i;
        }
        let i = self
            .colours
            .iter()
            .enumerate()
            .min_by_key(|(_, k)| distance(**k, c))
            .map_or(0, |(i, _)| i as u8);
        self.nearest.insert(c, i);
        i
    }

    /// The colour in slot `i`.
    pub fn colour(&self, i: u8) -> [u8; 3] {
        self.colours.get(i as usize).copied().unwrap_or([0, 0, 0])
    }

    /// The 256 × RGB table of the file (the last slot is transparent).
    fn table(&self) -> Vec<u8> {
        let mut t: Vec<u8> = self.colours.iter().flatten().copied().collect();
        t.resize(256 * 3, 0);
        t
    }

    /// Every pixel of `pm` as a palette slot.
    fn indices(&mut self, pm: &Pixmap) -> Vec<u8> {
        let mut out = Vec::with_capacity(pm.pixels().len());
        let mut last: Option<([u8; 3], u8)> = None;
        for p in pm.pixels() {
            let c = rgb(*p);
            let i = match last {
                Some((lc, li)) if lc == c => li,
                _ => self.index(c),
            };
            last = Some((c, i));
            out.push(i);
        }
        out
    }
}

/// How long frames show.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GifTiming {
    /// Seconds each frame shows.
    pub frame_seconds: f32,
    /// Extra seconds the last frame stays before the animation loops.
    pub hold_last_seconds: f32,
}

/// GIF delays are in hundredths of a second.
fn centiseconds(seconds: f32) -> u16 {
    (seconds * 100.0).round().clamp(0.0, u16::MAX as f32) as u16
}

/// An animated GIF written frame by frame to a temporary file beside its
/// destination, renamed into place when complete.
pub struct GifAnimation {
    encoder: gif::Encoder<BufWriter<File>>,
    palette: GifPalette,
    size: (u16, u16),
    shown: Option<Vec<u8>>,
    pending: Option<gif::Frame<'static>>,
    timing: GifTiming,
    frames: usize,
    tmp: PathBuf,
    path: PathBuf,
}

fn gif_error(e: gif::EncodingError) -> AtlasError {
    AtlasError::Export(format!("the GIF could not be written ({e})"))
}

impl GifAnimation {
    /// Starts the file at `path` for frames of `width`×`height` pixels.
    pub fn start(
        path: PathBuf,
        width: u32,
        height: u32,
        palette: GifPalette,
        timing: GifTiming,
    ) -> Result<Self, AtlasError> {
        let (Ok(w), Ok(h)) = (u16::try_from(width), u16::try_from(height)) else {
            return Err(AtlasError::Export(format!(
                "a GIF is at most 65,535 pixels a side; {width}×{height} is larger"
            )));
        };
        let tmp = path.with_extension(format!("gif.{}.tmp", std::process::id()));
        let file = File::create(&tmp).map_err(|source| AtlasError::Io {
            action: "create",
            path: tmp.clone(),
            source,
        })?;
        let started = gif::Encoder::new(BufWriter::new(file), w, h, &palette.table())
            .and_then(|mut e| e.set_repeat(gif::Repeat::Infinite).map(|()| e));
        match started {
            Ok(encoder) => Ok(GifAnimation {
                encoder,
                palette,
                size: (w, h),
                shown: None,
                pending: None,
                timing,
                frames: 0,
                tmp,
                path,
            }),
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                Err(gif_error(e))
            }
        }
    }

    /// Adds a frame. A frame identical to the one shown only lengthens it.
    pub fn push(&mut self, pm: &Pixmap) -> Result<(), AtlasError> {
        let (w, h) = (self.size.0 as usize, self.size.1 as usize);
        if pm.width() as usize != w || pm.height() as usize != h {
            return Err(AtlasError::Export("the frames differ in size".into()));
        }
        let now = self.palette.indices(pm);
        let delay = centiseconds(self.timing.frame_seconds);
        let frame = match &self.shown {
            None => full_frame(&now, self.size, delay),
            Some(before) => match changed_box(before, &now, w) {
                None => {
                    if let Some(p) = self.pending.as_mut() {
                        p.delay = p.delay.saturating_add(delay);
                    }
                    return Ok(());
                }
                Some(b) => partial_frame(before, &now, w, b, delay),
            },
        };
        if let Some(p) = self.pending.replace(frame) {
            self.write(&p)?;
        }
        self.shown = Some(now);
        Ok(())
    }

    /// Shows the last frame one frame's time longer (a date dropped
    /// because nothing but its date changed).
    pub fn hold(&mut self) {
        let delay = centiseconds(self.timing.frame_seconds);
        if let Some(p) = self.pending.as_mut() {
            p.delay = p.delay.saturating_add(delay);
        }
    }

    /// Stops without writing the file (a cancelled export): the partial
    /// file is removed.
    pub fn abandon(self) {
        let tmp = self.tmp.clone();
        drop(self);
        let _ = std::fs::remove_file(tmp);
    }

    fn write(&mut self, frame: &gif::Frame<'_>) -> Result<(), AtlasError> {
        self.frames += 1;
        self.encoder.write_frame(frame).map_err(gif_error)
    }

    /// Writes the last frame (held longer) and moves the file into place;
    /// returns the path and the number of frames stored.
    pub fn finish(mut self) -> Result<(PathBuf, usize), AtlasError> {
        let done = (|| {
            if let Some(mut p) = self.pending.take() {
                p.delay = p
                    .delay
                    .saturating_add(centiseconds(self.timing.hold_last_seconds));
                self.write(&p)?;
            }
            Ok(())
        })();
        let GifAnimation {
            encoder,
            tmp,
            path,
            frames,
            ..
        } = self;
        let result = done
            .and_then(|()| encoder.into_inner().map_err(gif_error))
            .and_then(|w| {
                w.into_inner()
                    .map_err(|e| AtlasError::Export(format!("the GIF could not be written ({e})")))
            })
            .and_then(|f| {
                f.sync_all().map_err(|source| AtlasError::Io {
                    action: "write",
                    path: tmp.clone(),
                    source,
                })
            })
            .and_then(|()| {
                std::fs::rename(&tmp, &path).map_err(|source| AtlasError::Io {
                    action: "write",
                    path: path.clone(),
                    source,
                })
            });
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result.map(|()| (path, frames))
    }
}

/// The smallest box (x0, y0, x1, y1; exclusive ends) holding every pixel
/// that differs, or `None` when none does.
fn changed_box(before: &[u8], now: &[u8], w: usize) -> Option<(usize, usize, usize, usize)> {
    let mut b: Option<(usize, usize, usize, usize)> = None;
    for (y, (r0, r1)) in before.chunks(w).zip(now.chunks(w)).enumerate() {
        if r0 == r1 {
            continue;
        }
        let first = r0.iter().zip(r1).position(|(a, c)| a != c).unwrap_or(0);
        let last = w - r0
            .iter()
            .rev()
            .zip(r1.iter().rev())
            .position(|(a, c)| a != c)
            .unwrap_or(0);
        b = Some(match b {
            None => (first, y, last, y + 1),
            Some((x0, y0, x1, _)) => (x0.min(first), y0, x1.max(last), y + 1),
        });
    }
    b
}

fn full_frame(now: &[u8], size: (u16, u16), delay: u16) -> gif::Frame<'static> {
    gif::Frame {
        delay,
        width: size.0,
        height: size.1,
        buffer: now.to_vec().into(),
        ..gif::Frame::default()
    }
}

/// The changed box of `now`, with pixels as they were shown made
/// transparent (long transparent runs compress to almost nothing).
fn partial_frame(
    before: &[u8],
    now: &[u8],
    w: usize,
    (x0, y0, x1, y1): (usize, usize, usize, usize),
    delay: u16,
) -> gif::Frame<'static> {
    let mut buf = Vec::with_capacity((x1 - x0) * (y1 - y0));
    for y in y0..y1 {
        let row = y * w;
        for x in x0..x1 {
            let (a, c) = (before[row + x], now[row + x]);
            buf.push(if a == c { TRANSPARENT } else { c });
        }
    }
    gif::Frame {
        delay,
        transparent: Some(TRANSPARENT),
        left: x0 as u16,
        top: y0 as u16,
        width: (x1 - x0) as u16,
        height: (y1 - y0) as u16,
        buffer: buf.into(),
        ..gif::Frame::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use resvg::tiny_skia::Color;

    fn filled(w: u32, h: u32, c: Color) -> Pixmap {
        let mut p = Pixmap::new(w, h).unwrap();
        p.fill(c);
        p
    }

    #[test]
    fn known_colours_come_first_and_stay_exact() {
        let pm = filled(8, 8, Color::from_rgba8(10, 20, 30, 255));
        let mut pal = GifPalette::new(&[[200, 0, 0], [0, 0, 200]], &[&pm]);
        assert_eq!(pal.colour(0), [200, 0, 0]);
        let sampled = pal.index([10, 20, 30]);
        assert_eq!(pal.colour(sampled), [10, 20, 30]);
        assert_eq!(pal.index([198, 2, 1]), 0);
        assert!(pal.len() <= COLOURS);
    }

    #[test]
    fn the_changed_box_is_tight() {
        let w = 10;
        let a = vec![0u8; 100];
        let mut b = a.clone();
        b[3 * w + 4] = 1;
        b[6 * w + 2] = 1;
        assert_eq!(changed_box(&a, &b, w), Some((2, 3, 5, 7)));
        assert_eq!(changed_box(&a, &a, w), None);
    }

    #[test]
    fn frames_decode_with_their_pixels_and_delays() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.gif");
        let white = filled(40, 30, Color::WHITE);
        let mut red = white.clone();
        red.fill_rect(
            resvg::tiny_skia::Rect::from_xywh(10.0, 5.0, 4.0, 3.0).unwrap(),
            &resvg::tiny_skia::Paint {
                shader: resvg::tiny_skia::Shader::SolidColor(Color::from_rgba8(200, 0, 0, 255)),
                ..Default::default()
            },
            resvg::tiny_skia::Transform::identity(),
            None,
        );
        let pal = GifPalette::new(&[[200, 0, 0]], &[&white]);
        let timing = GifTiming {
            frame_seconds: 0.5,
            hold_last_seconds: 2.0,
        };
        let mut anim = GifAnimation::start(path.clone(), 40, 30, pal, timing).unwrap();
        for pm in [&white, &white, &red] {
            anim.push(pm).unwrap();
        }
        let (written, frames) = anim.finish().unwrap();
        assert_eq!(written, path);
        // The second white frame lengthens the first.
        assert_eq!(frames, 2);
        let mut opts = gif::DecodeOptions::new();
        opts.set_color_output(gif::ColorOutput::RGBA);
        let mut dec = opts.read_info(File::open(&path).unwrap()).unwrap();
        let first = dec.read_next_frame().unwrap().unwrap().clone();
        assert_eq!((first.width, first.height, first.delay), (40, 30, 100));
        let second = dec.read_next_frame().unwrap().unwrap().clone();
        assert_eq!((second.left, second.top), (10, 5));
        assert_eq!((second.width, second.height), (4, 3));
        assert_eq!(second.delay, 250);
        assert_eq!(&second.buffer[..4], &[200, 0, 0, 255]);
        assert!(dec.read_next_frame().unwrap().is_none());
    }
}
