//! A small SVG writer: just the elements the chart and map images use,
//! with text kept as text (so Inkscape users can restyle it) and every
//! string escaped.

use std::fmt::Write as _;

use super::fonts::FAMILY_ATTR;
use crate::style::Rgba;

/// How a piece of text is anchored at its position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// Text starts at x.
    Start,
    /// Text is centred on x.
    Middle,
    /// Text ends at x.
    End,
}

/// Text appearance.
#[derive(Clone, Copy, Debug)]
pub struct TextStyle {
    /// Font size in px.
    pub size: f64,
    /// Bold weight.
    pub bold: bool,
    /// Italic (neighbour names).
    pub italic: bool,
    /// Colour.
    pub color: Rgba,
    /// Anchor.
    pub anchor: Anchor,
    /// A halo of this colour behind the letters, for labels over the map.
    pub halo: Option<Rgba>,
}

impl TextStyle {
    /// Plain text of `size` px in `color`, anchored at its start.
    pub fn new(size: f64, color: Rgba) -> Self {
        TextStyle {
            size,
            bold: false,
            italic: false,
            color,
            anchor: Anchor::Start,
            halo: None,
        }
    }

    /// The same, bold.
    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }

    /// The same, italic.
    pub fn italic(mut self) -> Self {
        self.italic = true;
        self
    }

    /// The same, with another anchor.
    pub fn anchor(mut self, anchor: Anchor) -> Self {
        self.anchor = anchor;
        self
    }

    /// The same, with a halo.
    pub fn halo(mut self, color: Rgba) -> Self {
        self.halo = Some(color);
        self
    }
}

/// Escapes text for XML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// A number with at most two decimals and no trailing zeros.
pub fn num(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        let s = format!("{r:.2}");
        s.trim_end_matches('0').to_string()
    }
}

/// `fill="#rrggbb"` plus `fill-opacity` when the colour is translucent.
pub fn fill(c: Rgba) -> String {
    if c.0[3] == 255 {
        format!("fill=\"{}\"", c.hex())
    } else {
        format!(
            "fill=\"{}\" fill-opacity=\"{}\"",
            c.hex(),
            num(c.opacity() as f64)
        )
    }
}

/// `stroke="#rrggbb" stroke-width="w"` plus `stroke-opacity` when needed.
pub fn stroke(c: Rgba, width: f64) -> String {
    let mut s = format!("stroke=\"{}\" stroke-width=\"{}\"", c.hex(), num(width));
    if c.0[3] != 255 {
        let _ = write!(s, " stroke-opacity=\"{}\"", num(c.opacity() as f64));
    }
    s
}

/// An SVG document being written.
pub struct Svg {
    buf: String,
}

impl Svg {
    /// Starts a document of `width`×`height` px with a title (shown by
    /// viewers and read by screen readers).
    pub fn new(width: f64, height: f64, title: &str) -> Self {
        let mut buf = String::with_capacity(64 * 1024);
        let _ = write!(
            buf,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" \
             width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{FAMILY_ATTR}\">\n\
             <title>{t}</title>\n",
            w = num(width),
            h = num(height),
            t = escape(title)
        );
        Svg { buf }
    }

    /// Appends raw markup (defs, patterns) written by the caller.
    pub fn raw(&mut self, markup: &str) {
        self.buf.push_str(markup);
        self.buf.push('\n');
    }

    /// Opens a group with the given attributes (an `id` helps Inkscape users).
    pub fn group(&mut self, attrs: &str) {
        let _ = writeln!(self.buf, "<g {attrs}>");
    }

    /// Closes the last group.
    pub fn end_group(&mut self) {
        self.buf.push_str("</g>\n");
    }

    /// A rectangle.
    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, attrs: &str) {
        let _ = writeln!(
            self.buf,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {attrs}/>",
            num(x),
            num(y),
            num(w),
            num(h)
        );
    }

    /// A circle.
    pub fn circle(&mut self, x: f64, y: f64, r: f64, attrs: &str) {
        let _ = writeln!(
            self.buf,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" {attrs}/>",
            num(x),
            num(y),
            num(r)
        );
    }

    /// A straight line.
    pub fn line(&mut self, a: [f64; 2], b: [f64; 2], attrs: &str) {
        let _ = writeln!(
            self.buf,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" {attrs}/>",
            num(a[0]),
            num(a[1]),
            num(b[0]),
            num(b[1])
        );
    }

    /// An open polyline.
    pub fn polyline(&mut self, pts: &[[f64; 2]], attrs: &str) {
        if pts.len() >= 2 {
            self.points_element("polyline", pts, &format!("fill=\"none\" {attrs}"));
        }
    }

    /// A closed polygon (filled as `attrs` say).
    pub fn polygon(&mut self, pts: &[[f64; 2]], attrs: &str) {
        if pts.len() >= 3 {
            self.points_element("polygon", pts, attrs);
        }
    }

    /// `<tag points="x,y x,y …" attrs/>`.
    fn points_element(&mut self, tag: &str, pts: &[[f64; 2]], attrs: &str) {
        let _ = write!(self.buf, "<{tag} points=\"");
        for (i, p) in pts.iter().enumerate() {
            if i > 0 {
                self.buf.push(' ');
            }
            let _ = write!(self.buf, "{},{}", num(p[0]), num(p[1]));
        }
        let _ = writeln!(self.buf, "\" {attrs}/>");
    }

    /// A path with path data `d` (see [`PathData`]).
    pub fn path(&mut self, d: &str, attrs: &str) {
        if d.is_empty() {
            return;
        }
        let _ = writeln!(self.buf, "<path d=\"{d}\" {attrs}/>");
    }

    /// Text at (x, y) on its baseline. `extra` adds attributes such as a
    /// rotation.
    pub fn text(&mut self, x: f64, y: f64, text: &str, style: &TextStyle, extra: &str) {
        let anchor = match style.anchor {
            Anchor::Start => "",
            Anchor::Middle => " text-anchor=\"middle\"",
            Anchor::End => " text-anchor=\"end\"",
        };
        let weight = if style.bold {
            " font-weight=\"bold\""
        } else {
            ""
        };
        let italic = if style.italic {
            " font-style=\"italic\""
        } else {
            ""
        };
        let halo = match style.halo {
            Some(h) => format!(
                " {} stroke-linejoin=\"round\" paint-order=\"stroke\"",
                stroke(h, (style.size / 4.0).max(2.0))
            ),
            None => String::new(),
        };
        let _ = writeln!(
            self.buf,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\"{anchor}{weight}{italic} {}{halo} {extra}>{}</text>",
            num(x),
            num(y),
            num(style.size),
            fill(style.color),
            escape(text)
        );
    }

    /// Closes the document and returns its text.
    pub fn finish(mut self) -> String {
        self.buf.push_str("</svg>\n");
        self.buf
    }
}

/// Builds SVG path data from rings and lines.
#[derive(Default)]
pub struct PathData {
    d: String,
}

impl PathData {
    /// True when nothing was added (no path worth writing).
    pub fn is_empty(&self) -> bool {
        self.d.is_empty()
    }

    /// Adds a closed ring.
    pub fn ring(&mut self, pts: impl IntoIterator<Item = [f64; 2]>) {
        self.open(pts);
        self.d.push('Z');
    }

    /// Adds an open line.
    pub fn open(&mut self, pts: impl IntoIterator<Item = [f64; 2]>) {
        let mut last: Option<(i64, i64)> = None;
        for (i, p) in pts.into_iter().enumerate() {
            // Tenths of a pixel: finer than any screen, and drops repeats.
            let q = ((p[0] * 10.0).round() as i64, (p[1] * 10.0).round() as i64);
            if last == Some(q) {
                continue;
            }
            let cmd = if i == 0 { 'M' } else { 'L' };
            let _ = write!(self.d, "{cmd}{} {}", tenth(q.0), tenth(q.1));
            last = Some(q);
        }
    }

    /// The path data.
    pub fn finish(self) -> String {
        self.d
    }
}

fn tenth(v: i64) -> String {
    if v % 10 == 0 {
        format!("{}", v / 10)
    } else {
        format!("{:.1}", v as f64 / 10.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(escape("x\u{1}y"), "xy");
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(3.0), "3");
        assert_eq!(num(1.23456), "1.23");
        assert_eq!(num(-0.5), "-0.5");
        assert_eq!(num(2.10), "2.1");
    }

    #[test]
    fn path_data_drops_repeated_points() {
        let mut p = PathData::default();
        p.ring([[0.0, 0.0], [0.01, 0.0], [10.0, 0.0], [10.0, 5.25]]);
        assert_eq!(p.finish(), "M0 0L10 0L10 5.3Z");
    }
}
