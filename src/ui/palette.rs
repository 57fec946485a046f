//! The shared colours of [`crate::style`] as egui colours.

use egui::Color32;

use crate::style::{self, Rgba};

/// An sRGB colour from the style module as an egui colour.
pub fn color32(c: Rgba) -> Color32 {
    let [r, g, b, a] = c.0;
    Color32::from_rgba_unmultiplied(r, g, b, a)
}

/// Map colours for one theme, as egui colours.
#[derive(Clone, Copy, Debug)]
pub struct MapColors {
    /// Sea and lakes.
    pub water: Color32,
    /// Neighbouring countries.
    pub neighbour: Color32,
    /// Outline of neighbouring countries.
    pub neighbour_line: Color32,
    /// State borders of the date and coasts.
    pub border: Color32,
    /// Edges between regions held by the same power.
    pub region_edge: Color32,
    /// Text and city markers.
    pub text: Color32,
    /// Halo behind labels.
    pub halo: Color32,
    /// Hatching over contested regions.
    pub hatch: Color32,
    /// Outline of the hovered or selected region.
    pub highlight: Color32,
}

impl MapColors {
    /// Colours for a light or dark theme.
    pub fn for_theme(dark: bool) -> Self {
        let c = style::MapColors::for_theme(dark);
        MapColors {
            water: color32(c.water),
            neighbour: color32(c.neighbour),
            neighbour_line: color32(c.neighbour_line),
            border: color32(c.border),
            region_edge: color32(c.region_edge),
            text: color32(c.text),
            halo: color32(c.halo),
            hatch: color32(c.hatch),
            highlight: color32(c.highlight),
        }
    }
}
