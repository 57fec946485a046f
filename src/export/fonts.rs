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

struct Faces {
    regular: Option<ttf_parser::Face<'static>>,
    bold: Option<ttf_parser::Face<'static>>,
}

fn faces() -> &'static Faces {
    static FACES: OnceLock<Faces> = OnceLock::new();
    FACES.get_or_init(|| Faces {
        regular: ttf_parser::Face::parse(dejavu::sans::regular(), 0).ok(),
        bold: ttf_parser::Face::parse(dejavu::sans::bold(), 0).ok(),
    })
}

/// The advance width of `text` set in DejaVu Sans at `size` px (no
/// kerning, which changes widths by well under a character).
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let f = faces();
    let face = if bold { &f.bold } else { &f.regular };
    let Some(face) = face else {
        // Cannot happen with the embedded font; a rough average keeps
        // layout working if it ever does.
        return text.chars().count() as f64 * size * 0.6;
    };
    let upem = face.units_per_em() as f64;
    let units: f64 = text
        .chars()
        .map(|c| {
            face.glyph_index(c)
                .and_then(|g| face.glyph_hor_advance(g))
                .map_or(upem * 0.6, |a| a as f64)
        })
        .sum();
    units / upem * size
}

/// Splits `text` into lines no wider than `max_width` px, breaking at
/// spaces (a word longer than a line stands on its own line).
pub fn wrap(text: &str, size: f64, bold: bool, max_width: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && text_width(&candidate, size, bold) > max_width {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        } else {
            line = candidate;
        }
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
