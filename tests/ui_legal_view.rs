//! The de jure view in the window: View ▸ "Legal status, as most Western
//! states saw it" redraws the map and the legend as the states under
//! occupation, and back.
// Tests may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used)]

use baltic_atlas::legal_view::StatusView;
use baltic_atlas::ui::AtlasApp;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

mod common;
use common::harness;

fn shows(h: &Harness<'_, AtlasApp>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

fn choose_view(h: &mut Harness<'_, AtlasApp>, label: &str) {
    h.get_by_role_and_label(Role::Button, "View").click();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

#[test]
fn the_view_menu_switches_to_the_states_under_occupation_and_back() {
    let mut h = harness("1950-01-01");
    // As held: the Soviet republics, no occupiers.
    assert!(shows(&h, "USSR – Estonian SSR"));
    assert!(!shows(&h, "Occupied by"));
    assert!(!shows(&h, "Sovereign, as most Western states saw it"));

    choose_view(&mut h, "Legal status, as most Western states saw it");
    assert_eq!(h.state().status_view, StatusView::DeJure);
    assert!(shows(&h, "Sovereign, as most Western states saw it"));
    assert!(shows(&h, "Occupied by USSR – Estonian SSR"));
    assert!(shows(&h, "Occupied by USSR – Russian SFSR"));
    assert!(shows(&h, "Welles"));

    choose_view(&mut h, "Who held each place");
    assert_eq!(h.state().status_view, StatusView::DeFacto);
    assert!(!shows(&h, "Occupied by"));
}

#[test]
fn outside_the_occupation_the_two_views_agree() {
    let mut h = harness("1939-06-01");
    choose_view(&mut h, "Legal status, as most Western states saw it");
    assert_eq!(h.state().status_view, StatusView::DeJure);
    assert!(!shows(&h, "Occupied by"));
    assert!(!shows(&h, "Sovereign, as most Western states saw it"));
}
