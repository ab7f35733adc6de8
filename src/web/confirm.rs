//! A question before an action that cannot be undone (delete a system access, remove a
//! client, revoke a role, withdraw a fullmakt), as one type: a page of its own, or for
//! htmx a dialog over the page it was asked from. The flow says what will happen in its
//! own `*_question.html`; the heading, the form and its two buttons are the same for all.

use std::fmt::Display;

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;

use super::error::WebResult;
use super::session::Acting;
use super::{Layout, html};

/// What the person is asked to confirm.
pub struct Confirmation<Q> {
    /// "Slette systemtilgangen Regnskap?": the page's heading, or the dialog's.
    pub heading: String,
    /// The browser's title for the page (the heading, unless set shorter).
    pub title: String,
    /// What will happen, in the flow's words (a template of its own).
    pub question: Q,
    /// Where the confirming form posts.
    pub action: String,
    /// Fields the post carries besides the form token.
    pub hidden: Vec<(&'static str, String)>,
    /// The confirming button's text ("Slett", "Fjern kunden").
    pub confirm: String,
    /// What the button says while the action runs ("Fjerner kunden …").
    pub busy: String,
    /// Where *Avbryt* leads without JavaScript (with it, the dialog closes).
    pub cancel_to: String,
    /// A choice that goes with the confirmation: a box, ticked, that posts its field
    /// name with "1" ("Legg også til de 12 kundene som kan legges til nå").
    pub option: Option<(&'static str, String)>,
    /// Whether the confirming button is red (it removes or ends something).
    pub danger: bool,
}

impl<Q: Template + Display> Confirmation<Q> {
    pub fn new(
        heading: String,
        question: Q,
        action: String,
        confirm: String,
        cancel_to: &str,
    ) -> Self {
        Self {
            title: heading.clone(),
            heading,
            question,
            action,
            hidden: Vec::new(),
            confirm,
            busy: super::i18n::t("busy"),
            cancel_to: cancel_to.to_owned(),
            option: None,
            danger: true,
        }
    }

    /// A shorter title for the browser than the heading.
    pub fn titled(mut self, title: String) -> Self {
        self.title = title;
        self
    }

    /// What the button says while the action runs, instead of "Et øyeblikk …".
    pub fn working(mut self, busy: String) -> Self {
        self.busy = busy;
        self
    }

    /// A hidden field for the confirming post.
    pub fn carrying(mut self, name: &'static str, value: String) -> Self {
        self.hidden.push((name, value));
        self
    }

    /// A confirmation of something that takes nothing away: the button is not red.
    pub fn calm(mut self) -> Self {
        self.danger = false;
        self
    }

    /// A ticked box in the confirming form (see `option`).
    pub fn offering(mut self, name: &'static str, label: String) -> Self {
        self.option = Some((name, label));
        self
    }

    /// The dialog for htmx, the page otherwise.
    pub fn respond(self, acting: &Acting) -> WebResult<HttpResponse> {
        if acting.htmx {
            return html(StatusCode::OK, &ConfirmDialog { c: &self });
        }
        let layout = Layout::for_acting(acting, self.title.clone());
        html(StatusCode::OK, &ConfirmPage { layout, c: &self })
    }
}

#[derive(Template)]
#[template(path = "confirm/page.html")]
struct ConfirmPage<'a, Q: Display> {
    layout: Layout,
    c: &'a Confirmation<Q>,
}

#[derive(Template)]
#[template(path = "confirm/dialog_partial.html")]
struct ConfirmDialog<'a, Q: Display> {
    c: &'a Confirmation<Q>,
}
