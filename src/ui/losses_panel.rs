//! Period totals that do not sit on a time axis: deportations 1944–1955
//! and human losses, each with its period and source.

use egui::Ui;

use crate::atlas::Atlas;
use crate::charts::thousands;
use crate::chronicle::Chronicle;

const SERIES: [(&str, &str); 4] = [
    ("deportations_total", "Deported"),
    ("losses_war", "War and occupation deaths"),
    ("losses_red_army", "Died in Red Army ranks"),
    ("losses_exile", "Died in exile"),
];

/// Shows the totals as a table, each row with its source on hover.
pub fn ui(ui: &mut Ui, atlas: &Atlas, chronicle: &Chronicle) {
    egui::CollapsingHeader::new("Deportations and losses: totals")
        .default_open(false)
        .show(ui, |ui| {
            egui::Grid::new("losses")
                .num_columns(3)
                .striped(true)
                .show(ui, |ui| {
                    for (series, title) in SERIES {
                        for f in chronicle.figures.iter().filter(|f| f.series == series) {
                            let country = crate::charts::country_name(&f.country);
                            ui.label(format!("{title}, {country}"));
                            let period = match f.period_end {
                                Some(end) => format!("{}–{}", f.date.year(), end.year()),
                                None => f.date.long(),
                            };
                            ui.label(period);
                            let sources: Vec<String> = f
                                .sources
                                .iter()
                                .filter_map(|k| {
                                    chronicle.sources.get(k).or_else(|| atlas.sources.get(k))
                                })
                                .map(|s| s.citation.clone())
                                .collect();
                            ui.label(thousands(f.value.round() as i64))
                                .on_hover_ui(|ui| {
                                    ui.label(&f.label);
                                    if !f.note.is_empty() {
                                        ui.small(&f.note);
                                    }
                                    for s in &sources {
                                        ui.small(format!("Source: {s}"));
                                    }
                                });
                            ui.end_row();
                        }
                    }
                });
        });
}
