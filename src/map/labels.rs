//! Map labels and where they go: one placement rule for the window and the
//! exports (the most important names first, a name that would overlap one
//! already placed is left out, a name is kept inside the frame). Text is
//! measured by the backend, whose font decides how wide a name is.

use crate::style::Rgba;

/// Measures text in a backend's font, so that labels can be placed without
/// knowing the renderer.
pub trait TextMeasure {
    /// The width of `text` at font size `size` (pixels).
    fn width(&self, text: &str, size: f32, bold: bool) -> f32;
}

/// Which point of the text a label's position names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// The left end of the text, at mid-height (names beside a marker).
    Left,
    /// The middle of the text (names of areas).
    Centre,
}

/// A placed name.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// The text.
    pub text: String,
    /// Left end of the text, in pixels.
    pub left: f32,
    /// Vertical middle of the text, in pixels.
    pub middle: f32,
    /// Width of the text as the backend measured it.
    pub width: f32,
    /// Font size.
    pub size: f32,
    /// Bold (the most important cities).
    pub bold: bool,
    /// Italic (names of areas rather than places).
    pub italic: bool,
    /// Text colour.
    pub color: Rgba,
}

impl Label {
    /// The box the label covers, with a little room for its halo:
    /// `[left, top, right, bottom]`.
    pub fn bounds(&self) -> [f32; 4] {
        let pad = self.size * 0.1;
        [
            self.left - pad,
            self.middle - self.size * 0.6,
            self.left + self.width + pad,
            self.middle + self.size * 0.6,
        ]
    }

    /// Whether all of the label lies inside `frame`.
    pub fn is_inside(&self, frame: [f32; 4]) -> bool {
        let b = self.bounds();
        b[0] >= frame[0] && b[1] >= frame[1] && b[2] <= frame[2] && b[3] <= frame[3]
    }

    /// Moves the label so that all of it lies inside `frame`
    /// (`[left, top, right, bottom]`), when it fits at all.
    pub fn keep_inside(&mut self, frame: [f32; 4]) {
        let pad = self.size * 0.4;
        let max_left = frame[2] - pad - self.width;
        let min_left = frame[0] + pad;
        self.left = self.left.min(max_left).max(min_left);
        let half = self.size * 0.6;
        let max_middle = frame[3] - pad - half;
        let min_middle = frame[1] + pad + half;
        self.middle = self.middle.min(max_middle).max(min_middle);
    }
}

/// Places labels one after the other, remembering the boxes taken.
pub struct LabelPlacer<'m> {
    measure: &'m dyn TextMeasure,
    taken: Vec<[f32; 4]>,
}

impl<'m> LabelPlacer<'m> {
    /// An empty map measured by `measure`.
    pub fn new(measure: &'m dyn TextMeasure) -> Self {
        LabelPlacer {
            measure,
            taken: Vec::new(),
        }
    }

    /// A label of `text` at `at` (aligned by `align`), measured but not yet
    /// placed; its colour is black until the caller sets it.
    pub fn label(&self, text: &str, at: [f32; 2], align: Align, size: f32, bold: bool) -> Label {
        let width = self.measure.width(text, size, bold);
        let left = match align {
            Align::Left => at[0],
            Align::Centre => at[0] - width / 2.0,
        };
        Label {
            text: text.to_string(),
            left,
            middle: at[1],
            width,
            size,
            bold,
            italic: false,
            color: Rgba::rgb(0, 0, 0),
        }
    }

    /// A placer that starts with `taken` boxes already placed (the labels
    /// of a scene built before).
    pub fn with_taken(measure: &'m dyn TextMeasure, taken: Vec<[f32; 4]>) -> Self {
        LabelPlacer { measure, taken }
    }

    /// Takes a box no label may enter afterwards (the window's buttons
    /// over the map).
    pub fn reserve(&mut self, bounds: [f32; 4]) {
        self.taken.push(bounds);
    }

    /// Takes the label's box, whatever it overlaps (names that must show).
    pub fn claim(&mut self, label: &Label) {
        self.taken.push(label.bounds());
    }

    /// Takes the label's box if it overlaps none taken before; false (and
    /// nothing taken) otherwise.
    pub fn try_claim(&mut self, label: &Label) -> bool {
        let b = label.bounds();
        let free = !self
            .taken
            .iter()
            .any(|q| b[0] < q[2] && q[0] < b[2] && b[1] < q[3] && q[1] < b[3]);
        if free {
            self.taken.push(b);
        }
        free
    }
}

/// Every character as wide as half its size: enough to test placement
/// without a font.
#[cfg(test)]
pub(crate) struct Fixed;

#[cfg(test)]
impl TextMeasure for Fixed {
    fn width(&self, text: &str, size: f32, _bold: bool) -> f32 {
        text.chars().count() as f32 * size * 0.5
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_labels_are_refused_and_distant_ones_placed() {
        let mut p = LabelPlacer::new(&Fixed);
        let a = p.label("Riga", [100.0, 100.0], Align::Left, 12.0, false);
        assert!(p.try_claim(&a));
        let b = p.label("Jelgava", [110.0, 104.0], Align::Left, 12.0, false);
        assert!(!p.try_claim(&b), "overlaps Riga");
        let c = p.label("Jelgava", [110.0, 130.0], Align::Left, 12.0, false);
        assert!(p.try_claim(&c));
    }

    #[test]
    fn centred_labels_are_centred_and_kept_inside() {
        let p = LabelPlacer::new(&Fixed);
        let mut l = p.label("Finland", [10.0, 50.0], Align::Centre, 10.0, false);
        assert_eq!(l.left, 10.0 - 17.5);
        l.keep_inside([0.0, 0.0, 500.0, 500.0]);
        assert!(l.bounds()[0] >= 0.0, "{:?}", l.bounds());
        let mut r = p.label("Finland", [495.0, 50.0], Align::Centre, 10.0, false);
        r.keep_inside([0.0, 0.0, 500.0, 500.0]);
        assert!(r.bounds()[2] <= 500.0, "{:?}", r.bounds());
        let mut low = p.label("Poland", [250.0, 499.0], Align::Centre, 10.0, false);
        low.keep_inside([0.0, 0.0, 500.0, 500.0]);
        assert!(low.bounds()[3] <= 500.0, "{:?}", low.bounds());
    }
}
