//! Keyboard shortcuts as plain rules: which key, in which state, does what.
//!
//! `?` shows the shortcuts, `g` then a page's letter goes to that page, `/` focuses the page's
//! search or filter, `i` asks to turn Incident Mode on or off. Nothing fires while the operator
//! types in a field, with Ctrl, Alt or Meta held, or while a dialog is open (there `Esc`
//! belongs to the dialog).

/// How long after `g` the page letter is accepted, in milliseconds.
pub const GO_WINDOW_MS: f64 = 1500.0;

/// What a key press asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Open the shortcuts panel.
    ShowHelp,
    /// `g` was pressed: wait for a page letter.
    AwaitPage,
    /// Go to the page with this path.
    GoTo(&'static str),
    /// `g` then a letter no page has.
    UnknownPage(char),
    /// Focus the page's search or filter field.
    FocusSearch,
    /// Ask to turn Incident Mode on or off (always with a confirmation).
    ToggleIncident,
}

/// Where the key press happened.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeyContext {
    /// The focus is in an input, a text area, a select or editable content.
    pub typing: bool,
    /// Ctrl, Alt or Meta is held (browser and system shortcuts keep theirs).
    pub modifier: bool,
    /// A modal dialog is open.
    pub dialog_open: bool,
}

/// The state between key presses: whether a `g` is waiting for its letter.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Shortcuts {
    go_pressed_at: Option<f64>,
}

impl Shortcuts {
    /// Judges one key press (`key` as in `KeyboardEvent.key`) at `now_ms`. `pages` maps a
    /// letter to a page path. `None` means the key is not a shortcut: leave it to the browser.
    pub fn on_key(
        &mut self,
        key: &str,
        cx: KeyContext,
        now_ms: f64,
        pages: &[(char, &'static str)],
    ) -> Option<Action> {
        if cx.typing || cx.modifier || cx.dialog_open {
            self.go_pressed_at = None;
            return None;
        }
        let mut chars = key.chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            // Shift, arrows, Escape…: not ours, and they do not cancel a pending `g`.
            return None;
        };
        if let Some(at) = self.go_pressed_at.take() {
            if (0.0..=GO_WINDOW_MS).contains(&(now_ms - at)) {
                let letter = c.to_ascii_lowercase();
                return Some(
                    pages
                        .iter()
                        .find(|(k, _)| *k == letter)
                        .map(|(_, path)| Action::GoTo(path))
                        .unwrap_or(Action::UnknownPage(letter)),
                );
            }
        }
        match c {
            '?' => Some(Action::ShowHelp),
            'g' => {
                self.go_pressed_at = Some(now_ms);
                Some(Action::AwaitPage)
            }
            '/' => Some(Action::FocusSearch),
            'i' => Some(Action::ToggleIncident),
            _ => None,
        }
    }

    /// Whether a `g` is waiting for its page letter at `now_ms`.
    pub fn awaiting_page(&self, now_ms: f64) -> bool {
        self.go_pressed_at
            .is_some_and(|at| (0.0..=GO_WINDOW_MS).contains(&(now_ms - at)))
    }
}

/// Whether an element with this tag name (any case) and `contenteditable` state takes typing.
/// Buttons, checkboxes and radios do not: shortcuts still work when one has the focus.
pub fn takes_typing(tag: &str, input_type: Option<&str>, editable: bool) -> bool {
    if editable {
        return true;
    }
    match tag.to_ascii_lowercase().as_str() {
        "textarea" | "select" => true,
        "input" => !matches!(
            input_type.map(str::to_ascii_lowercase).as_deref(),
            Some(
                "checkbox"
                    | "radio"
                    | "button"
                    | "submit"
                    | "reset"
                    | "range"
                    | "color"
                    | "file"
                    | "image"
            )
        ),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGES: &[(char, &str)] = &[('m', "/"), ('c', "/checklist"), ('i', "/incident-log")];

    fn press(s: &mut Shortcuts, key: &str, now: f64) -> Option<Action> {
        s.on_key(key, KeyContext::default(), now, PAGES)
    }

    #[test]
    fn g_then_a_letter_goes_to_its_page() {
        let mut s = Shortcuts::default();
        assert_eq!(press(&mut s, "g", 0.0), Some(Action::AwaitPage));
        assert!(s.awaiting_page(100.0));
        assert_eq!(press(&mut s, "c", 200.0), Some(Action::GoTo("/checklist")));
        assert!(!s.awaiting_page(300.0));
        // The letter after g wins over the letter's own shortcut.
        press(&mut s, "g", 1000.0);
        assert_eq!(
            press(&mut s, "i", 1100.0),
            Some(Action::GoTo("/incident-log"))
        );
        // Caps lock or shift still finds the page.
        press(&mut s, "g", 2000.0);
        assert_eq!(press(&mut s, "M", 2100.0), Some(Action::GoTo("/")));
    }

    #[test]
    fn a_late_or_unknown_letter_does_not_navigate() {
        let mut s = Shortcuts::default();
        press(&mut s, "g", 0.0);
        assert_eq!(press(&mut s, "c", GO_WINDOW_MS + 1.0), None);
        press(&mut s, "g", 10_000.0);
        assert_eq!(press(&mut s, "z", 10_100.0), Some(Action::UnknownPage('z')));
        // A clock that went backwards does not count as "in time".
        press(&mut s, "g", 20_000.0);
        assert_eq!(press(&mut s, "c", 19_000.0), None);
    }

    #[test]
    fn single_keys() {
        let mut s = Shortcuts::default();
        assert_eq!(press(&mut s, "?", 0.0), Some(Action::ShowHelp));
        assert_eq!(press(&mut s, "/", 0.0), Some(Action::FocusSearch));
        assert_eq!(press(&mut s, "i", 0.0), Some(Action::ToggleIncident));
        assert_eq!(press(&mut s, "x", 0.0), None);
        assert_eq!(press(&mut s, "Escape", 0.0), None);
        assert_eq!(press(&mut s, "", 0.0), None);
        // Shift between g and its letter does not cancel it.
        press(&mut s, "g", 100.0);
        assert_eq!(press(&mut s, "Shift", 150.0), None);
        assert_eq!(press(&mut s, "c", 200.0), Some(Action::GoTo("/checklist")));
    }

    #[test]
    fn nothing_fires_while_typing_with_modifiers_or_in_a_dialog() {
        for cx in [
            KeyContext {
                typing: true,
                ..Default::default()
            },
            KeyContext {
                modifier: true,
                ..Default::default()
            },
            KeyContext {
                dialog_open: true,
                ..Default::default()
            },
        ] {
            let mut s = Shortcuts::default();
            for key in ["?", "g", "/", "i"] {
                assert_eq!(s.on_key(key, cx, 0.0, PAGES), None, "{key} {cx:?}");
            }
            // A g pressed before typing began does not carry over.
            let mut s = Shortcuts::default();
            press(&mut s, "g", 0.0);
            assert_eq!(s.on_key("c", cx, 10.0, PAGES), None);
            assert_eq!(press(&mut s, "c", 20.0), None);
        }
    }

    #[test]
    fn which_elements_take_typing() {
        assert!(takes_typing("INPUT", None, false));
        assert!(takes_typing("input", Some("search"), false));
        assert!(takes_typing("input", Some("text"), false));
        assert!(takes_typing("TEXTAREA", None, false));
        assert!(takes_typing("select", None, false));
        assert!(takes_typing("div", None, true));
        assert!(!takes_typing("input", Some("checkbox"), false));
        assert!(!takes_typing("INPUT", Some("RADIO"), false));
        assert!(!takes_typing("button", None, false));
        assert!(!takes_typing("a", None, false));
    }
}
