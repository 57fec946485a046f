//! Finding a place by any of its names in the window: Ctrl+F, type an old
//! or misspelt name, pick a suggestion; the map pans to it and marks it,
//! its region's history opens, and the side panel gives the name in use on
//! the date with all the others.
// Tests and benchmarks may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used)]

use egui::Key;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

mod common;
use common::harness;

fn type_into_search(h: &mut egui_kittest::Harness<'_, baltic_atlas::ui::AtlasApp>, text: &str) {
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::F);
    h.run();
    let field = h.get_by_role_and_label(Role::TextInput, "Find a place");
    assert!(field.is_focused(), "Ctrl+F did not focus the search field");
    field.type_text(text);
    h.run();
}

#[test]
fn an_old_name_without_its_umlaut_finds_the_town_and_marks_it() {
    let mut h = harness("1942-05-01");
    let before = h.state().map_view();
    type_into_search(&mut h, "Dunaburg");
    // The suggestion names the matched name and today's place.
    h.get_by_label("Dünaburg → Daugavpils, LV");
    h.key_press(Key::Enter);
    h.run();
    // The side panel: the place (under its name on the map in 1942), its
    // names, the region's history.
    h.get_by_role_and_label(
        Role::Label,
        "Its name on 1 May 1942: Dünaburg. 26.5333°E 55.8833°N, LV today.",
    );
    assert!(h.query_by_label("Daugavpils (Latvian)").is_some());
    assert!(h.query_by_label("Dvinsk (Yiddish)").is_some());
    let selected = h.state().selected().expect("its region is selected");
    assert_eq!(h.state().atlas().region(selected).id, "LV-LATGALE");
    // The map moved to it and zoomed in.
    let after = h.state().map_view();
    assert_ne!(before.0, after.0);
    assert!(after.1 >= 4.0, "zoom {}", after.1);
    let pos = h.state().map_screen_pos(26.5333, 55.8833).unwrap();
    let map = h.get_by_label_contains("Map of the Baltic states").rect();
    assert!(map.shrink(50.0).contains(pos), "{pos:?} not in {map:?}");
}

#[test]
fn a_typo_is_forgiven_and_the_name_follows_the_date() {
    let mut h = harness("1960-01-01");
    type_into_search(&mut h, "Kuresaare");
    // One letter missing: still suggested, under its name of 1960.
    h.get_by_label("Kuressaare → Kingissepa, EE").click();
    h.run();
    h.get_by_role_and_label(
        Role::Label,
        "Its name on 1 January 1960: Kingissepa. 22.4922°E 58.2538°N, EE today.",
    );
    assert!(
        h.query_by_label("Kingissepa (official 1952-05-15 to 1988-06-22)")
            .is_some()
    );
    // Through AccessKit (a screen reader's click): a pointer click at the
    // rectangle of the previous frame can miss while the side panel
    // settles its width (see the window issue: panels that move).
    h.get_by_label("Clear place").click_accesskit();
    h.run();
    assert!(h.query_by_label("Clear place").is_none());
}
