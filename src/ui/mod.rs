//! The console's screen. One file per panel or widget; each view reads what
//! it shows (the incident, settings, its own state) and pushes
//! [`Action`](crate::action::Action)s, which the app applies after the UI pass.

pub mod dialogs;
pub mod focus;
pub mod header;
pub mod keyboard_hold;
pub mod layout;
pub mod long_text;
pub mod menu;
pub mod navigator;
pub mod panels;
pub mod quick_log;
pub mod review;
pub mod severity_wizard;
pub mod share_dialog;
pub mod state;
pub mod status_bar;
pub mod timeline;
pub mod widgets;

pub use review::ReviewCache;
pub use severity_wizard::WizardState;
pub use timeline::TimelineState;
pub use widgets::{Forms, PanelCx};

/// Legible under stress, in both themes: no text below 11 px, weak text
/// at 4.5:1 contrast or more, and field borders that show (3:1) even on the
/// light theme, where egui draws white fields with no border on near-white.
pub fn readable_styles(ctx: &egui::Context) {
    use egui::{Color32, FontId, Stroke, TextStyle};
    for theme in [egui::Theme::Dark, egui::Theme::Light] {
        let dark = theme == egui::Theme::Dark;
        ctx.style_mut_of(theme, |style| {
            style
                .text_styles
                .insert(TextStyle::Small, FontId::proportional(11.0));
            let v = &mut style.visuals;
            if dark {
                v.weak_text_color = Some(Color32::from_gray(170));
                v.widgets.inactive.bg_stroke = Stroke::new(1.0, Color32::from_gray(120));
                v.widgets.noninteractive.fg_stroke.color = Color32::from_gray(200);
                // egui's pure red is 4.3:1 on the dark panel.
                v.error_fg_color = Color32::from_rgb(255, 90, 90);
            } else {
                v.weak_text_color = Some(Color32::from_gray(85));
                v.widgets.inactive.bg_stroke = Stroke::new(1.0, Color32::from_gray(110));
                v.widgets.noninteractive.fg_stroke.color = Color32::from_gray(40);
                v.widgets.inactive.fg_stroke.color = Color32::from_gray(25);
                v.widgets.inactive.weak_bg_fill = Color32::from_gray(225);
                v.warn_fg_color = Color32::from_rgb(150, 80, 0);
                v.error_fg_color = Color32::from_rgb(180, 0, 0);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use egui::{Color32, Theme};

    /// WCAG 2 relative luminance and contrast ratio.
    fn contrast(a: Color32, b: Color32) -> f32 {
        let lum = |c: Color32| {
            let ch = |v: u8| {
                let v = f32::from(v) / 255.0;
                if v <= 0.039_28 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * ch(c.r()) + 0.7152 * ch(c.g()) + 0.0722 * ch(c.b())
        };
        let (x, y) = (lum(a), lum(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn text_and_field_borders_keep_their_contrast_in_both_themes() {
        let ctx = egui::Context::default();
        super::readable_styles(&ctx);
        for theme in [Theme::Dark, Theme::Light] {
            let style = ctx.style_of(theme);
            let v = &style.visuals;
            for (what, fg) in [
                ("text", v.text_color()),
                ("weak text", v.weak_text_color()),
                ("warning", v.warn_fg_color),
                ("error", v.error_fg_color),
            ] {
                let ratio = contrast(fg, v.panel_fill);
                assert!(ratio >= 4.5, "{theme:?} {what}: {ratio:.2}:1");
            }
            for background in [v.panel_fill, v.extreme_bg_color] {
                let ratio = contrast(v.widgets.inactive.bg_stroke.color, background);
                assert!(ratio >= 3.0, "{theme:?} field border: {ratio:.2}:1");
            }
            let small = style.text_styles[&egui::TextStyle::Small].size;
            assert!(small >= 11.0, "{theme:?}: small text {small} px");
        }
    }
}
