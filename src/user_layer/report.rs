//! The text report of a load: what loaded, how the file was read, what was
//! repaired, what was skipped and why, for the CLI to print and the window
//! to show and copy.
//!
//! A file of a few hundred features can have the same problem in every
//! feature (a 1938 map without dates). The short report groups issues of
//! one kind into one line ("254 features: no dates …: features 1–254");
//! the detailed report (`check --verbose`, *Show details*, *Copy report*)
//! lists every issue on its own line.

use super::{LayerError, LayerIssue, Severity, UserLayer};

fn tag(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn issue_line(issue: &LayerIssue) -> String {
    format!("{}: {}", tag(issue.severity), issue.message)
}

/// The text of a feature's issue without the `FILE: feature N ("name"): `
/// before it.
fn what(issue: &LayerIssue) -> &str {
    let Some(i) = issue.feature else {
        return &issue.message;
    };
    let marker = format!("feature {}", i + 1);
    let Some(at) = issue.message.find(&marker) else {
        return &issue.message;
    };
    let rest = &issue.message[at + marker.len()..];
    let rest = if rest.starts_with(" (\"") {
        rest.find("\"): ").map_or(rest, |k| &rest[k + 2..])
    } else {
        rest
    };
    rest.strip_prefix(": ").unwrap_or(rest)
}

/// Feature numbers, counted from 1, as ranges ("1–254", "3, 7, 10–12"),
/// at most `max` ranges and then how many more; `indices` are 0-based.
fn ranges(indices: &[usize], max: usize) -> String {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for &i in indices {
        match spans.last_mut() {
            Some((_, end)) if *end + 1 == i => *end = i,
            _ => spans.push((i, i)),
        }
    }
    let shown: Vec<String> = spans
        .iter()
        .take(max)
        .map(|&(a, b)| {
            if a == b {
                (a + 1).to_string()
            } else {
                format!("{}–{}", a + 1, b + 1)
            }
        })
        .collect();
    let mut s = shown.join(", ");
    if spans.len() > max {
        let rest: usize = spans[max..].iter().map(|(a, b)| b - a + 1).sum();
        s.push_str(&format!(" and {rest} more"));
    }
    s
}

/// The issues, those of one kind and severity on several features grouped
/// into one line each, in the order their kinds first appear.
pub fn grouped_lines(file: &str, issues: &[LayerIssue]) -> Vec<String> {
    let mut groups: Vec<Vec<&LayerIssue>> = Vec::new();
    for issue in issues {
        let same = |g: &Vec<&LayerIssue>| {
            let first = g[0];
            issue.feature.is_some()
                && first.feature.is_some()
                && first.severity == issue.severity
                && first.kind == issue.kind
        };
        match groups.iter_mut().find(|g| same(g)) {
            Some(g) => g.push(issue),
            None => groups.push(vec![issue]),
        }
    }
    groups
        .into_iter()
        .map(|g| {
            if g.len() == 1 {
                return issue_line(g[0]);
            }
            let text = what(g[0]);
            let alike = g.iter().all(|i| what(i) == text);
            let indices: Vec<usize> = g.iter().filter_map(|i| i.feature).collect();
            format!(
                "{}: {file}: {} features: {text}{} — features {}",
                tag(g[0].severity),
                g.len(),
                if alike {
                    ""
                } else {
                    " (the first of them; all in the details)"
                },
                ranges(&indices, 8)
            )
        })
        .collect()
}

impl UserLayer {
    /// The summary line: what loaded, how many skipped and warned.
    pub fn summary(&self) -> String {
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
        s
    }

    fn report_with(&self, lines: Vec<String>) -> String {
        let mut s = self.summary();
        s.push('\n');
        for n in &self.notes {
            s.push_str(&format!("note: {}: {n}\n", self.name));
        }
        for l in lines {
            s.push_str(&l);
            s.push('\n');
        }
        s
    }

    /// The summary, how the file was read (`note:` lines), then the issues
    /// with repeats grouped (see [`grouped_lines`]).
    pub fn report(&self) -> String {
        self.report_with(grouped_lines(&self.name, &self.issues))
    }

    /// [`UserLayer::report`] with every issue on its own line
    /// (`error: FILE: feature N: …` or `warning: …`).
    pub fn report_verbose(&self) -> String {
        self.report_with(self.issues.iter().map(issue_line).collect())
    }
}

impl LayerError {
    /// The failure as a line (`error: FILE: …`), followed by the
    /// per-feature issues found before it, repeats grouped.
    pub fn report(&self) -> String {
        let mut s = format!("error: {}\n", self.message);
        for l in grouped_lines(&self.file, &self.issues) {
            s.push_str(&l);
            s.push('\n');
        }
        s
    }

    /// [`LayerError::report`] with every issue on its own line.
    pub fn report_verbose(&self) -> String {
        let mut s = format!("error: {}\n", self.message);
        for i in &self.issues {
            s.push_str(&issue_line(i));
            s.push('\n');
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::user_layer::IssueKind;

    fn issue(i: usize, kind: IssueKind, what: &str) -> LayerIssue {
        let label = (i == 7).then_some("Riga: old town");
        LayerIssue {
            feature: Some(i),
            kind,
            severity: Severity::Warning,
            message: format!(
                "m.geojson: {}: {what}",
                crate::user_layer::parse::feature_name(i, label)
            ),
        }
    }

    #[test]
    fn repeats_are_grouped_with_their_feature_ranges() {
        let mut issues: Vec<LayerIssue> = (0..254)
            .map(|i| issue(i, IssueKind::MissingDate, "no dates: shown on every day"))
            .collect();
        issues.push(issue(
            7,
            IssueKind::UnclosedRing,
            "a ring was not closed; closed",
        ));
        let lines = grouped_lines("m.geojson", &issues);
        assert_eq!(
            lines,
            vec![
                "warning: m.geojson: 254 features: no dates: shown on every day — features 1–254",
                "warning: m.geojson: feature 8 (\"Riga: old town\"): a ring was not closed; closed",
            ]
        );
    }

    #[test]
    fn ranges_are_compact_and_clipped() {
        // Counted from 1 as people count.
        assert_eq!(ranges(&[2, 6, 9, 10, 11], 8), "3, 7, 10–12");
        assert_eq!(ranges(&[0, 2, 4, 6, 7], 2), "1, 3 and 3 more");
    }

    #[test]
    fn differing_texts_say_the_details_have_them() {
        let issues = vec![
            issue(1, IssueKind::BadDate, "start_date: \"x\" is not a date"),
            issue(2, IssueKind::BadDate, "start_date: \"y\" is not a date"),
        ];
        let lines = grouped_lines("m.geojson", &issues);
        assert_eq!(lines.len(), 1);
        assert!(
            lines[0].contains("2 features: start_date: \"x\""),
            "{}",
            lines[0]
        );
        assert!(lines[0].contains("all in the details"), "{}", lines[0]);
    }
}
