//! Keyboard focus for dialogs: when a dialog opens, its first control takes
//! the focus, so that a keyboard user types or tabs inside the dialog
//! instead of through every widget of the window behind it.

/// Remembers whether a dialog was open last frame, to tell the frame it
/// opens.
#[derive(Default, Debug)]
pub struct OpenFocus {
    was_open: bool,
}

impl OpenFocus {
    /// Call once per frame with whether the dialog is open; true on the
    /// frame it opens (its first control should then request the focus).
    pub fn opening(&mut self, open: bool) -> bool {
        let opening = open && !self.was_open;
        self.was_open = open;
        opening
    }
}

/// Gives `response` the keyboard focus when `now` is true.
pub fn focus_if(response: &egui::Response, now: bool) {
    if now {
        response.request_focus();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn true_only_on_the_frame_the_dialog_opens() {
        let mut f = OpenFocus::default();
        assert!(!f.opening(false));
        assert!(f.opening(true));
        assert!(!f.opening(true));
        assert!(!f.opening(false));
        assert!(f.opening(true), "opening again");
    }
}
