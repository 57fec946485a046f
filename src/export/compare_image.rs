//! Two dates in one image (`export compare`): the two maps side by side,
//! each titled with its date and citing its own sources, or one changes
//! map of what changed hands between them.

use super::map_image::{MapImage, Overlay};
use super::svg::escape;
use super::{ImageSize, MapExtent};
use crate::atlas::Atlas;
use crate::chronicle::Chronicle;
use crate::date::Date;
use crate::error::AtlasError;
use crate::legal_view::StatusView;
use crate::map::{MapGeometry, Projection};

/// How two dates are shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CompareMode {
    /// The two maps side by side.
    #[default]
    Side,
    /// One map of the second date, with the land that changed hands
    /// outlined and listed.
    Changes,
}

/// A comparison to draw.
#[derive(Clone, Copy, Debug)]
pub struct Comparison {
    /// The earlier date (the order given is kept as first and second).
    pub first: Date,
    /// The later date.
    pub second: Date,
    /// Side by side, or the changes map.
    pub mode: CompareMode,
    /// The size of one map (side by side: the image is twice as wide).
    pub size: ImageSize,
    /// The part of the map shown (`None`: all three states).
    pub extent: Option<MapExtent>,
    /// As held, or in law as most Western states saw it.
    pub view: StatusView,
    /// Device pixels per unit of the page (the PNG scale; 1 for SVG).
    pub pixel_scale: f32,
}

impl Comparison {
    /// The size of the whole image.
    pub fn image_size(&self) -> ImageSize {
        match self.mode {
            CompareMode::Side => ImageSize {
                width: self.size.width * 2,
                height: self.size.height,
            },
            CompareMode::Changes => self.size,
        }
    }
}

/// Draws the comparison as SVG.
pub fn compare_svg(
    atlas: &Atlas,
    chronicle: &Chronicle,
    cmp: &Comparison,
    layers: &[Overlay<'_>],
) -> Result<String, AtlasError> {
    cmp.image_size().check()?;
    let geometry = MapGeometry::new(atlas, Projection::baltic());
    let image = MapImage {
        atlas,
        chronicle,
        geometry: &geometry,
        layers,
        date_stamp: false,
        legend_width: None,
        view: cmp.view,
        changes_since: None,
        pixel_scale: cmp.pixel_scale,
    };
    Ok(match cmp.mode {
        CompareMode::Changes => MapImage {
            changes_since: Some(cmp.first),
            ..image
        }
        .svg(cmp.second, cmp.size, cmp.extent),
        CompareMode::Side => side_by_side(&image, cmp),
    })
}

/// The two pages of one width each, in one document twice as wide. The
/// second page's ids are prefixed, so the document's ids stay unique.
pub(crate) fn side_by_side(image: &MapImage<'_>, cmp: &Comparison) -> String {
    // Both maps share one legend width, so their frames match.
    let image = MapImage {
        legend_width: Some(image.widest_legend(&[cmp.first, cmp.second])),
        ..*image
    };
    let page = |d: Date| {
        let svg = image.svg(d, cmp.size, cmp.extent);
        // Drop the XML declaration: the page is nested in the document.
        match svg.find("<svg") {
            Some(i) => svg[i..].to_string(),
            None => svg,
        }
    };
    let second = page(cmp.second)
        .replace("id=\"", "id=\"second-")
        .replace("url(#", "url(#second-");
    let (w, h) = (cmp.size.width, cmp.size.height);
    let title = format!(
        "The Baltic states on {} and on {}",
        cmp.first.long(),
        cmp.second.long()
    );
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" \
         width=\"{tw}\" height=\"{h}\" viewBox=\"0 0 {tw} {h}\">\n<title>{t}</title>\n\
         <g id=\"first\">{first}</g>\n<g id=\"second\" transform=\"translate({w} 0)\">{second}</g>\n\
         <line x1=\"{w}\" y1=\"0\" x2=\"{w}\" y2=\"{h}\" stroke=\"#999999\" stroke-width=\"1\"/>\n</svg>\n",
        tw = 2 * w,
        t = escape(&title),
        first = page(cmp.first),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comparison(mode: CompareMode) -> Comparison {
        Comparison {
            first: Date::parse("1939-06-01").unwrap(),
            second: Date::parse("1945-06-01").unwrap(),
            mode,
            size: ImageSize {
                width: 800,
                height: 600,
            },
            extent: None,
            pixel_scale: 1.0,
            view: StatusView::DeFacto,
        }
    }

    #[test]
    fn side_by_side_holds_both_pages_with_unique_ids() {
        let atlas = Atlas::builtin().unwrap();
        let chronicle = Chronicle::builtin(&atlas.sources).unwrap();
        let svg = compare_svg(&atlas, &chronicle, &comparison(CompareMode::Side), &[]).unwrap();
        assert!(svg.contains("width=\"1600\" height=\"600\""));
        assert!(svg.contains("Who controlled the Baltic states on 1 June 1939"));
        assert!(svg.contains("Who controlled the Baltic states on 1 June 1945"));
        assert!(svg.contains("<title>The Baltic states on 1 June 1939 and on 1 June 1945</title>"));
        assert_eq!(svg.matches("<?xml").count(), 1);
        assert!(svg.contains("id=\"second-legend\""));
        assert_eq!(svg.matches("id=\"legend\"").count(), 1);
        // It renders.
        super::super::raster::render(&svg, 0.5).unwrap();
    }

    #[test]
    fn the_changes_map_lists_and_outlines_what_changed_hands() {
        let atlas = Atlas::builtin().unwrap();
        let chronicle = Chronicle::builtin(&atlas.sources).unwrap();
        let svg = compare_svg(&atlas, &chronicle, &comparison(CompareMode::Changes), &[]).unwrap();
        assert!(svg.contains("What changed between 1 June 1939 and 1 June 1945"));
        assert!(svg.contains("Changed hands"));
        assert!(svg.contains("Republic of Estonia → USSR – Estonian SSR: "));
        assert!(svg.contains("id=\"changed\""));
        // Three weeks of October 1944: the land that did not change is
        // faded, the Riga and Lithuanian gains are listed.
        let mut october = comparison(CompareMode::Changes);
        october.first = Date::parse("1944-10-01").unwrap();
        october.second = Date::parse("1944-10-20").unwrap();
        let svg = compare_svg(&atlas, &chronicle, &october, &[]).unwrap();
        assert!(svg.contains("fill-opacity"));
        assert!(svg.contains("Germany (German Reich) → USSR – Latvian SSR: "));
        let mut same = comparison(CompareMode::Changes);
        same.first = same.second;
        let svg = compare_svg(&atlas, &chronicle, &same, &[]).unwrap();
        assert!(svg.contains("No change"));
    }
}
