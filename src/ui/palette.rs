//! Colours: one per controller (colour-blind-safe, after Okabe & Ito), and
//! the map's water, land and line colours for light and dark themes.

use egui::Color32;

/// The fill colour of a controller, by its data identifier.
///
/// Independent Baltic states get blue, green and yellow; the USSR and its
/// republics shades of vermilion/red-brown; Germany grey; Poland purple;
/// the Russian Federation wine. Distinguishable with deuteranopia and
/// protanopia (Okabe–Ito base hues, varied in lightness within a family).
pub fn controller_fill(id: &str) -> Color32 {
    match id {
        "EE" => Color32::from_rgb(0x56, 0xB4, 0xE9),
        "LV" => Color32::from_rgb(0x00, 0x9E, 0x73),
        "LT" => Color32::from_rgb(0xF0, 0xE4, 0x42),
        "PL" => Color32::from_rgb(0xCC, 0x79, 0xA7),
        "DE" => Color32::from_rgb(0x80, 0x80, 0x80),
        "SU" => Color32::from_rgb(0xB2, 0x3A, 0x0E),
        "SU-EE" => Color32::from_rgb(0xE8, 0x8B, 0x5A),
        "SU-LV" => Color32::from_rgb(0xD5, 0x5E, 0x00),
        "SU-LT" => Color32::from_rgb(0xF2, 0xB0, 0x7E),
        "SU-BY" => Color32::from_rgb(0xA6, 0x61, 0x1A),
        "SU-RU" => Color32::from_rgb(0x8C, 0x2D, 0x04),
        "RU" => Color32::from_rgb(0x88, 0x22, 0x55),
        _ => Color32::from_rgb(0xBB, 0xBB, 0xBB),
    }
}

/// Map colours for one theme.
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
        if dark {
            MapColors {
                water: Color32::from_rgb(0x1B, 0x2B, 0x3A),
                neighbour: Color32::from_rgb(0x3A, 0x3A, 0x38),
                neighbour_line: Color32::from_rgb(0x5A, 0x5A, 0x56),
                border: Color32::from_rgb(0x10, 0x10, 0x10),
                region_edge: Color32::from_rgba_unmultiplied(0, 0, 0, 70),
                text: Color32::from_rgb(0xF0, 0xF0, 0xF0),
                halo: Color32::from_rgba_unmultiplied(0, 0, 0, 170),
                hatch: Color32::from_rgba_unmultiplied(255, 255, 255, 120),
                highlight: Color32::WHITE,
            }
        } else {
            MapColors {
                water: Color32::from_rgb(0xC6, 0xDD, 0xEC),
                neighbour: Color32::from_rgb(0xEC, 0xE9, 0xE2),
                neighbour_line: Color32::from_rgb(0xB5, 0xB0, 0xA5),
                border: Color32::from_rgb(0x25, 0x25, 0x25),
                region_edge: Color32::from_rgba_unmultiplied(0, 0, 0, 55),
                text: Color32::from_rgb(0x15, 0x15, 0x15),
                halo: Color32::from_rgba_unmultiplied(255, 255, 255, 190),
                hatch: Color32::from_rgba_unmultiplied(255, 255, 255, 150),
                highlight: Color32::BLACK,
            }
        }
    }
}

/// Text colour with enough contrast on a fill.
pub fn text_on(fill: Color32) -> Color32 {
    let l = 0.299 * fill.r() as f32 + 0.587 * fill.g() as f32 + 0.114 * fill.b() as f32;
    if l > 140.0 {
        Color32::BLACK
    } else {
        Color32::WHITE
    }
}
