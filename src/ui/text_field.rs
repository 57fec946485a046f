//! A one-line text field with an accessible name: the path and property
//! fields of the Export and Open windows, findable by screen readers and
//! UI tests under their name rather than their (changing) text.

use egui::{Response, Ui};

/// A single-line text edit of `width` px named `name` for AccessKit,
/// showing `hint` while empty.
pub fn text_field(ui: &mut Ui, text: &mut String, name: &str, hint: &str, width: f32) -> Response {
    let edit = ui.add(
        egui::TextEdit::singleline(text)
            .desired_width(width)
            .hint_text(hint),
    );
    edit.widget_info(|| egui::WidgetInfo {
        label: Some(name.into()),
        ..egui::WidgetInfo::text_edit(true, "", text.as_str(), "")
    });
    edit
}
