//! Page furniture shared by chart and map images: the title block at the
//! top and the source footer at the bottom, sized from the image size so a
//! small image and a large one look alike.

use super::fonts::{text_width, wrap};
use super::svg::{Svg, TextStyle};
use crate::style::Rgba;

/// Text colour of titles and labels.
pub const INK: Rgba = Rgba::rgb(0x1a, 0x1a, 0x1a);
/// Text colour of secondary text (subtitles, footer).
pub const MUTED: Rgba = Rgba::rgb(0x55, 0x55, 0x55);
/// Grid lines.
pub const GRID: Rgba = Rgba::rgb(0xe3, 0xe3, 0xe3);

/// The app's line in every footer.
pub fn credit() -> String {
    format!(
        "Made with Baltic Atlas {} (offline atlas of the Baltic states, 1939–1999)",
        env!("CARGO_PKG_VERSION")
    )
}

/// Sizes derived from the image size.
#[derive(Clone, Copy, Debug)]
pub struct Page {
    /// Image width in px.
    pub width: f64,
    /// Image height in px.
    pub height: f64,
    /// 1.0 for a 1600×900 image; text and lines scale with it.
    pub unit: f64,
    /// Outer margin.
    pub pad: f64,
}

impl Page {
    /// A page of `width`×`height` px; `reference` is the size the unit is
    /// 1.0 at.
    pub fn new(width: f64, height: f64, reference: (f64, f64)) -> Self {
        let unit = (width / reference.0)
            .min(height / reference.1)
            .clamp(0.4, 4.0);
        Page {
            width,
            height,
            unit,
            pad: 28.0 * unit,
        }
    }

    /// Writes the title and subtitle; returns the y below them.
    pub fn header(&self, svg: &mut Svg, title: &str, subtitle: &str) -> f64 {
        let u = self.unit;
        let title_size = 30.0 * u;
        let sub_size = 18.0 * u;
        let max_w = self.width - 2.0 * self.pad;
        let mut y = self.pad + title_size * 0.85;
        svg.group("id=\"title\"");
        for line in wrap(title, title_size, true, max_w).iter().take(2) {
            svg.text(
                self.pad,
                y,
                line,
                &TextStyle::new(title_size, INK).bold(),
                "",
            );
            y += title_size * 1.15;
        }
        y += sub_size * 0.1;
        for line in wrap(subtitle, sub_size, false, max_w).iter().take(2) {
            svg.text(self.pad, y, line, &TextStyle::new(sub_size, MUTED), "");
            y += sub_size * 1.3;
        }
        svg.end_group();
        y
    }

    /// Lays out the footer (sources, then the credit) and returns its lines
    /// and the y where it starts. At most `max_lines` source lines; beyond
    /// that the footer says how many more sources there are.
    pub fn footer_lines(&self, citations: &[String], max_lines: usize) -> (Vec<String>, f64) {
        let size = self.footer_size();
        let max_w = self.width - 2.0 * self.pad;
        let mut lines = Vec::new();
        if !citations.is_empty() {
            let label = if citations.len() == 1 {
                "Source: "
            } else {
                "Sources: "
            };
            let text = format!("{label}{}", citations.join("; "));
            let all = wrap(&text, size, false, max_w);
            if all.len() <= max_lines {
                lines = all;
            } else {
                // Fit as many whole citations as the lines allow.
                let mut n = citations.len();
                while n > 0 {
                    let more = citations.len() - n;
                    let t = format!(
                        "{label}{}; and {more} more (listed in the app's Sources panel)",
                        citations[..n].join("; ")
                    );
                    let w = wrap(&t, size, false, max_w);
                    if w.len() <= max_lines {
                        lines = w;
                        break;
                    }
                    n -= 1;
                }
            }
        }
        lines.push(credit());
        let top = self.footer_top(lines.len());
        (lines, top)
    }

    /// Where a footer of `lines` lines starts: a layout that must not move
    /// between pages (animation frames, maps side by side) reserves the
    /// most lines it may need.
    pub fn footer_top(&self, lines: usize) -> f64 {
        let size = self.footer_size();
        self.height - self.pad - (lines as f64 - 1.0) * size * 1.3 - size
    }

    /// Writes footer lines laid out by [`Page::footer_lines`].
    pub fn footer(&self, svg: &mut Svg, lines: &[String], top: f64) {
        let size = self.footer_size();
        svg.group("id=\"sources\"");
        let mut y = top + size;
        for line in lines {
            svg.text(self.pad, y, line, &TextStyle::new(size, MUTED), "");
            y += size * 1.3;
        }
        svg.end_group();
    }

    /// Footer text size.
    pub fn footer_size(&self) -> f64 {
        13.0 * self.unit
    }
}

/// Round numbers for an axis from 0 to at least `max`: (step, top).
pub fn nice_ticks(max: f64, target: usize) -> (f64, f64) {
    if max <= 0.0 || !max.is_finite() {
        return (1.0, 1.0);
    }
    let raw = max / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    (step, (max / step).ceil() * step)
}

/// The widest of several texts.
pub fn widest(texts: impl IntoIterator<Item = String>, size: f64, bold: bool) -> f64 {
    texts
        .into_iter()
        .map(|t| text_width(&t, size, bold))
        .fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round() {
        assert_eq!(nice_ticks(94_779.0, 5), (20_000.0, 100_000.0));
        assert_eq!(nice_ticks(1.0, 5), (0.2, 1.0));
        assert_eq!(nice_ticks(0.0, 5), (1.0, 1.0));
        let (step, top) = nice_ticks(2_600_000.0, 6);
        assert_eq!(step, 500_000.0);
        assert_eq!(top, 3_000_000.0);
    }

    #[test]
    fn long_footers_are_cut_with_a_count() {
        let page = Page::new(800.0, 450.0, (1600.0, 900.0));
        let cites: Vec<String> = (0..40)
            .map(|i| format!("A long citation number {i} with several words in it"))
            .collect();
        let (lines, top) = page.footer_lines(&cites, 3);
        assert_eq!(lines.len(), 4);
        assert!(lines[2].contains("more (listed"), "{lines:?}");
        assert!(top > 300.0);
    }
}
