//! The text report of a load: what loaded, what was repaired, what was
//! skipped and why, one line per issue, for the CLI to print and the window
//! to show and copy.

use super::{LayerError, LayerIssue, Severity, UserLayer};

fn issue_line(issue: &LayerIssue) -> String {
    let tag = match issue.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    format!("{tag}: {}", issue.message)
}

impl UserLayer {
    /// A summary line, then one line per issue (`error: FILE: feature N: …`
    /// or `warning: …`).
    pub fn report(&self) -> String {
        let errors = self.error_count();
        let mut s = format!(
            "{}: loaded {} feature{}",
            self.name,
            self.features.len(),
            if self.features.len() == 1 { "" } else { "s" }
        );
        if errors > 0 {
            s.push_str(&format!(", skipped {errors} with errors"));
        }
        let warnings = self.warning_count();
        if warnings > 0 {
            s.push_str(&format!(
                ", {warnings} warning{}",
                if warnings == 1 { "" } else { "s" }
            ));
        }
        s.push('\n');
        for i in &self.issues {
            s.push_str(&issue_line(i));
            s.push('\n');
        }
        s
    }
}

impl LayerError {
    /// The failure as a line (`error: FILE: …`), followed by any
    /// per-feature issues found before it.
    pub fn report(&self) -> String {
        let mut s = format!("error: {}\n", self.message);
        for i in &self.issues {
            s.push_str(&issue_line(i));
            s.push('\n');
        }
        s
    }
}
