//! The fonts of exported images: DejaVu Sans, embedded in the binary so an
//! image renders the same on every machine, offline, with the Estonian,
//! Latvian, Lithuanian, German, Polish and Russian letters the map needs.
//!
//! The SVG names the family (with `sans-serif` as fallback) so Inkscape and
//! browsers use DejaVu Sans where it is installed; the PNG renderer gets it
//! from here. Text widths for layout (legend columns, wrapping the source
//! footer) are measured with the same font.

use std::sync::{Arc, OnceLock};

use resvg::usvg::fontdb;

/// The family name written into SVG files.
pub const FAMILY: &str = "DejaVu Sans";

/// The `font-family` attribute value: DejaVu Sans, else any sans-serif.
pub const FAMILY_ATTR: &str = "DejaVu Sans, Verdana, sans-serif";

/// A font database holding DejaVu Sans regular and bold, built once.
pub fn database() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_font_data(dejavu::sans::regular().to_vec());
        db.load_font_data(dejavu::sans::bold().to_vec());
        db.set_sans_serif_family(FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// One face's advance widths, looked up once: every code point below
/// [`TABLE_END`] (Latin with its extensions, Greek, Cyrillic) in a table,
/// the rest through the font's character map.
struct Metrics {
    face: ttf_parser::Face<'static>,
    units_per_em: f64,
    table: Vec<f32>,
}

/// Code points below this are kept in [`Metrics::table`].
const TABLE_END: u32 = 0x0530;

impl Metrics {
    fn new(data: &'static [u8]) -> Option<Self> {
        let face = ttf_parser::Face::parse(data, 0).ok()?;
        let units_per_em = face.units_per_em() as f64;
        let mut m = Metrics {
            face,
            units_per_em,
            table: Vec::new(),
        };
        m.table = (0..TABLE_END)
            .map(|cp| char::from_u32(cp).map_or(0.0, |c| m.lookup(c)))
            .collect();
        Some(m)
    }

    /// The advance of `c` in font units (a missing glyph counts as 0.6 em).
    fn lookup(&self, c: char) -> f32 {
        self.face
            .glyph_index(c)
            .and_then(|g| self.face.glyph_hor_advance(g))
            .map_or(self.units_per_em * 0.6, |a| a as f64) as f32
    }

    fn advance(&self, c: char) -> f64 {
        match self.table.get(c as usize) {
            Some(a) => *a as f64,
            None => self.lookup(c) as f64,
        }
    }
}

struct Faces {
    regular: Option<Metrics>,
    bold: Option<Metrics>,
}

fn faces() -> &'static Faces {
    static FACES: OnceLock<Faces> = OnceLock::new();
    FACES.get_or_init(|| Faces {
        regular: Metrics::new(dejavu::sans::regular()),
        bold: Metrics::new(dejavu::sans::bold()),
    })
}

/// The advance width of `text` set in DejaVu Sans at `size` px (no
/// kerning, which changes widths by well under a character).
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let f = faces();
    let face = if bold { &f.bold } else { &f.regular };
    let Some(m) = face else {
        // Cannot happen with the embedded font; a rough average keeps
        // layout working if it ever does.
        return text.chars().count() as f64 * size * 0.6;
    };
    let units: f64 = text.chars().map(|c| m.advance(c)).sum();
    units / m.units_per_em * size
}

/// Splits `text` into lines no wider than `max_width` px, breaking at
/// spaces (a word longer than a line stands on its own line). Each word is
/// measured once.
pub fn wrap(text: &str, size: f64, bold: bool, max_width: f64) -> Vec<String> {
    let space = text_width(" ", size, bold);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut width = 0.0;
    for word in text.split_whitespace() {
        let w = text_width(word, size, bold);
        if !line.is_empty() && width + space + w > max_width {
            lines.push(std::mem::take(&mut line));
            width = 0.0;
        }
        if !line.is_empty() {
            line.push(' ');
            width += space;
        }
        line.push_str(word);
        width += w;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_advance_table_agrees_with_the_font() {
        let m = faces().regular.as_ref().expect("embedded font");
        // In the table (Latin, Baltic letters, Cyrillic) and beyond it.
        for c in [
            'a', 'W', ' ', 'ā', 'Ž', 'ų', 'õ', 'Я', 'ё', '–', '€', '²', '中',
        ] {
            assert_eq!(m.advance(c), m.lookup(c) as f64, "{c}");
        }
        assert!(m.advance('W') > m.advance('i'));
    }

    #[test]
    fn widths_grow_with_text_and_size() {
        let a = text_width("Riga", 16.0, false);
        assert!(a > 20.0 && a < 50.0, "{a}");
        assert!(text_width("Rīga, Daugavpils", 16.0, false) > a);
        assert!((text_width("Riga", 32.0, false) - 2.0 * a).abs() < 1e-9);
        assert!(text_width("Riga", 16.0, true) > a);
    }

    #[test]
    fn wrapping_respects_the_width() {
        let text = "Kruglov 2005; Strods & Kott 2002; Estonian Institute of Historical Memory";
        let lines = wrap(text, 14.0, false, 200.0);
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(
                text_width(l, 14.0, false) <= 200.0 || !l.contains(' '),
                "{l}"
            );
        }
        assert_eq!(lines.join(" "), text);
    }

    /// Whether `db` holds an upright DejaVu Sans face of `weight`.
    fn has_face(db: &fontdb::Database, weight: fontdb::Weight) -> bool {
        db.faces().any(|f| {
            f.weight == weight
                && f.style == fontdb::Style::Normal
                && f.families.iter().any(|(name, _)| name == FAMILY)
        })
    }

    #[test]
    fn database_has_regular_and_bold() {
        let db = database();
        assert!(
            has_face(&db, fontdb::Weight::NORMAL),
            "no regular (400) DejaVu Sans face"
        );
        assert!(
            has_face(&db, fontdb::Weight::BOLD),
            "no bold (700) DejaVu Sans face"
        );
        // What the renderer asks for bold text resolves to the bold face,
        // not to the nearest weight there is.
        let bold = db
            .query(&fontdb::Query {
                families: &[fontdb::Family::Name(FAMILY)],
                weight: fontdb::Weight::BOLD,
                ..fontdb::Query::default()
            })
            .and_then(|id| db.face(id))
            .map(|f| f.weight);
        assert_eq!(bold, Some(fontdb::Weight::BOLD));
    }
}
