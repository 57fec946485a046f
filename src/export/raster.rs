//! SVG to PNG: the file renderer's pixels come from the same SVG the user
//! can save, rendered on the CPU with resvg (no GPU, no window, no display).

use resvg::tiny_skia;
use resvg::usvg;

use super::fonts;
use crate::error::AtlasError;

/// The largest raster the export makes, in pixels (a 4× export of an
/// 1600×1200 image is 30.7 million pixels, well within).
pub const MAX_PIXELS: u64 = 120_000_000;

/// Parses SVG text with the embedded fonts.
pub fn parse(svg: &str) -> Result<usvg::Tree, AtlasError> {
    let opt = usvg::Options {
        fontdb: fonts::database(),
        font_family: fonts::FAMILY.to_string(),
        ..Default::default()
    };
    usvg::Tree::from_str(svg, &opt)
        .map_err(|e| AtlasError::Export(format!("the image could not be drawn ({e})")))
}

/// Renders SVG text at `scale` (1, 2, 4…) onto a white, opaque pixmap.
pub fn render(svg: &str, scale: f32) -> Result<tiny_skia::Pixmap, AtlasError> {
    let tree = parse(svg)?;
    let size = tree.size();
    let w = (size.width() * scale).round() as u32;
    let h = (size.height() * scale).round() as u32;
    if w as u64 * h as u64 > MAX_PIXELS {
        return Err(AtlasError::Export(format!(
            "{w}×{h} pixels is larger than the largest image the atlas makes \
             ({} million pixels); choose a smaller size or scale",
            MAX_PIXELS / 1_000_000
        )));
    }
    let mut pixmap = tiny_skia::Pixmap::new(w, h)
        .ok_or_else(|| AtlasError::Export(format!("cannot make an image of {w}×{h} pixels")))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

/// Encodes a rendered pixmap as PNG, recording its resolution (96 dpi ×
/// scale) so word processors place a 2× image at the size of a 1× one.
pub fn encode_png(pixmap: &tiny_skia::Pixmap, scale: f32) -> Result<Vec<u8>, AtlasError> {
    let mut out = Vec::with_capacity(pixmap.data().len() / 8);
    let fail = |e: png::EncodingError| AtlasError::Export(format!("PNG encoding failed ({e})"));
    {
        let mut enc = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Fast);
        // Flat colours compress well after the cheap Sub filter; adaptive
        // filtering cost a tenth of a map export for a few per cent of size.
        enc.set_filter(png::Filter::Sub);
        enc.set_pixel_dims(Some(pixels_per_metre(scale)));
        let mut writer = enc.write_header().map_err(fail)?;
        writer
            .write_image_data(&straight_rgba(pixmap))
            .map_err(fail)?;
        writer.finish().map_err(fail)?;
    }
    Ok(out)
}

/// The pHYs chunk for 96 dpi × scale.
pub fn pixels_per_metre(scale: f32) -> png::PixelDimensions {
    let ppm = (96.0 / 0.0254 * scale as f64).round() as u32;
    png::PixelDimensions {
        xppu: ppm,
        yppu: ppm,
        unit: png::Unit::Meter,
    }
}

/// tiny-skia stores premultiplied alpha; PNG wants straight alpha. The
/// images are drawn on opaque white, so this is almost always a copy.
pub fn straight_rgba(pixmap: &tiny_skia::Pixmap) -> std::borrow::Cow<'_, [u8]> {
    let data = pixmap.data();
    if data.chunks_exact(4).all(|p| p[3] == 255) {
        return std::borrow::Cow::Borrowed(data);
    }
    let mut v = data.to_vec();
    for p in v.chunks_exact_mut(4) {
        let a = p[3] as u32;
        if a > 0 && a < 255 {
            for c in &mut p[..3] {
                *c = ((*c as u32 * 255 + a / 2) / a).min(255) as u8;
            }
        }
    }
    std::borrow::Cow::Owned(v)
}

/// SVG text to PNG bytes at `scale`.
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>, AtlasError> {
    encode_png(&render(svg, scale)?, scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_text_and_shapes_at_scale() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20">
            <rect x="0" y="0" width="20" height="20" fill="#ff0000"/>
            <text x="22" y="15" font-size="14">A</text></svg>"##;
        let pm = render(svg, 2.0).unwrap();
        assert_eq!((pm.width(), pm.height()), (80, 40));
        let px = pm.pixel(10, 10).unwrap();
        assert_eq!((px.red(), px.green(), px.blue()), (255, 0, 0));
        // The letter drew something dark on the right half.
        let dark = (44..80)
            .flat_map(|x| (0..40).map(move |y| (x, y)))
            .filter(|&(x, y)| pm.pixel(x, y).unwrap().red() < 128)
            .count();
        assert!(dark > 10, "text not drawn: {dark}");
        let png = encode_png(&pm, 2.0).unwrap();
        assert_eq!(&png[1..4], b"PNG");
    }

    #[test]
    fn broken_svg_is_an_error() {
        assert!(svg_to_png("<svg", 1.0).is_err());
    }

    #[test]
    fn oversized_raster_is_refused() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="20000" height="20000"></svg>"#;
        let err = render(svg, 1.0).unwrap_err().to_string();
        assert!(err.contains("larger than"), "{err}");
    }
}
