//! Colours shared by every renderer: the interactive map and charts and the
//! exported images read the same values, so a PNG looks like the window.
//!
//! Plain sRGB values with no knowledge of egui; `ui::palette` converts them.

/// An sRGB colour with straight (not premultiplied) alpha.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgba(pub [u8; 4]);

impl Rgba {
    /// An opaque colour.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Rgba([r, g, b, 255])
    }

    /// A colour with alpha (0 transparent, 255 opaque).
    pub const fn with_alpha(r: u8, g: u8, b: u8, a: u8) -> Self {
        Rgba([r, g, b, a])
    }

    /// `#rrggbb`, for SVG `fill`/`stroke` (alpha goes in `*-opacity`).
    pub fn hex(self) -> String {
        let [r, g, b, _] = self.0;
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// Reads `#rrggbb` (as in `controllers.csv`); `None` for anything else.
    pub fn parse_hex(text: &str) -> Option<Self> {
        let hex = text.strip_prefix('#')?;
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Rgba::rgb(channel(0)?, channel(2)?, channel(4)?))
    }

    /// Alpha from 0 to 1.
    pub fn opacity(self) -> f32 {
        self.0[3] as f32 / 255.0
    }
}

/// The colour of a country's chart series: the fill of the independent
/// state on the map (as in `geodata/controllers.csv`), darkened on a light
/// background where thin lines would lose their contrast (yellow on
/// white). Series without a country are grey.
pub fn country_color(code: Option<&str>, dark_mode: bool) -> Rgba {
    match (code, dark_mode) {
        (Some("EE"), true) => Rgba::rgb(0x56, 0xB4, 0xE9),
        (Some("EE"), false) => Rgba::rgb(0x00, 0x72, 0xB2),
        (Some("LV"), _) => Rgba::rgb(0x00, 0x9E, 0x73),
        (Some("LT"), true) => Rgba::rgb(0xF0, 0xE4, 0x42),
        (Some("LT"), false) => Rgba::rgb(0xB0, 0x9C, 0x00),
        _ => Rgba::rgb(0x70, 0x70, 0x70),
    }
}

/// Colour of a chart series: its own fixed colour (a power's, on the
/// territory chart), otherwise its country's.
pub fn series_color(fill: Option<Rgba>, country: Option<&str>, dark_mode: bool) -> Rgba {
    fill.unwrap_or_else(|| country_color(country, dark_mode))
}

/// The colour of the user's `index`-th layer: dark on the light map, light
/// on the dark one, so outlines and labels read on every controller's fill.
pub fn layer_color(index: usize, dark_mode: bool) -> Rgba {
    const ON_LIGHT: [Rgba; 4] = [
        Rgba::rgb(0x1b, 0x1b, 0x1b),
        Rgba::rgb(0x5b, 0x2a, 0x86),
        Rgba::rgb(0x0b, 0x4f, 0x6c),
        Rgba::rgb(0x7a, 0x1f, 0x3d),
    ];
    const ON_DARK: [Rgba; 4] = [
        Rgba::rgb(0xf2, 0xf2, 0xf2),
        Rgba::rgb(0xd4, 0xb9, 0xff),
        Rgba::rgb(0x9f, 0xd8, 0xef),
        Rgba::rgb(0xff, 0xb3, 0xc8),
    ];
    let list = if dark_mode { ON_DARK } else { ON_LIGHT };
    list[index % list.len()]
}

/// The date cursor on every chart.
pub const CURSOR: Rgba = Rgba::rgb(0xC0, 0x20, 0x20);

/// Map colours for one theme.
#[derive(Clone, Copy, Debug)]
pub struct MapColors {
    /// The sea (the map's background).
    pub water: Rgba,
    /// Lakes and lagoons, drawn under the regions' holes. The same colour
    /// as the sea: a lake's simplified outline then never shows a seam
    /// against the hole it fills.
    pub lake: Rgba,
    /// Neighbouring countries.
    pub neighbour: Rgba,
    /// Outline of neighbouring countries.
    pub neighbour_line: Rgba,
    /// State borders of the date and coasts.
    pub border: Rgba,
    /// Edges between regions held by the same power.
    pub region_edge: Rgba,
    /// Text and city markers.
    pub text: Rgba,
    /// Halo behind labels.
    pub halo: Rgba,
    /// Hatching over contested regions.
    pub hatch: Rgba,
    /// Outline of the hovered or selected region.
    pub highlight: Rgba,
    /// The band of days around an interpolated front.
    pub front_band: Rgba,
    /// An interpolated front line (drawn dashed: modelled).
    pub front_line: Rgba,
}

impl MapColors {
    /// Colours for a light or dark theme.
    pub fn for_theme(dark: bool) -> Self {
        if dark {
            MapColors {
                water: Rgba::rgb(0x1B, 0x2B, 0x3A),
                lake: Rgba::rgb(0x1B, 0x2B, 0x3A),
                neighbour: Rgba::rgb(0x3A, 0x3A, 0x38),
                neighbour_line: Rgba::rgb(0x5A, 0x5A, 0x56),
                border: Rgba::rgb(0x10, 0x10, 0x10),
                region_edge: Rgba::with_alpha(0, 0, 0, 70),
                text: Rgba::rgb(0xF0, 0xF0, 0xF0),
                halo: Rgba::with_alpha(0, 0, 0, 170),
                hatch: Rgba::with_alpha(255, 255, 255, 120),
                highlight: Rgba::rgb(255, 255, 255),
                front_band: Rgba::with_alpha(255, 255, 255, 60),
                front_line: Rgba::rgb(0xFF, 0xD2, 0x5A),
            }
        } else {
            MapColors {
                water: Rgba::rgb(0xC6, 0xDD, 0xEC),
                lake: Rgba::rgb(0xC6, 0xDD, 0xEC),
                neighbour: Rgba::rgb(0xEC, 0xE9, 0xE2),
                neighbour_line: Rgba::rgb(0xB5, 0xB0, 0xA5),
                border: Rgba::rgb(0x25, 0x25, 0x25),
                region_edge: Rgba::with_alpha(0, 0, 0, 55),
                text: Rgba::rgb(0x15, 0x15, 0x15),
                halo: Rgba::with_alpha(255, 255, 255, 190),
                hatch: Rgba::with_alpha(255, 255, 255, 150),
                highlight: Rgba::rgb(0, 0, 0),
                front_band: Rgba::with_alpha(255, 255, 255, 80),
                front_line: Rgba::rgb(0x9E, 0x10, 0x10),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_rejects_garbage() {
        let c = Rgba::parse_hex("#56B4E9").expect("a colour");
        assert_eq!(c, Rgba::rgb(0x56, 0xB4, 0xE9));
        assert_eq!(Rgba::parse_hex(&c.hex()), Some(c));
        for bad in ["56B4E9", "#56B4E", "#56B4EZ", "#56B4E99", "", "#ÿÿÿ"] {
            assert_eq!(Rgba::parse_hex(bad), None, "{bad}");
        }
    }

    #[test]
    fn hex_and_opacity() {
        assert_eq!(Rgba::rgb(0x56, 0xB4, 0xE9).hex(), "#56b4e9");
        assert!((Rgba::with_alpha(0, 0, 0, 51).opacity() - 0.2).abs() < 1e-6);
    }

    #[test]
    fn each_country_series_has_its_own_colour_in_both_themes() {
        for dark in [false, true] {
            let c: Vec<Rgba> = [Some("EE"), Some("LV"), Some("LT"), None]
                .iter()
                .map(|k| country_color(*k, dark))
                .collect();
            for (i, a) in c.iter().enumerate() {
                assert!(c[i + 1..].iter().all(|b| b != a), "{c:?}");
            }
        }
    }
}
