//! Who is asking: the typed session (person, party, a one-time message) and the
//! extractors `SignedIn` and `Acting`. `Acting::require` is the one permission check of
//! the portal; roles are read from the database on every request, so a role taken away
//! stops working at once.

use std::future::Future;
use std::pin::Pin;

use actix_session::{Session, SessionExt};
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::AppState;
use super::error::WebError;
use crate::domain::roles::OrgShape;
use crate::domain::{Denied, Permission, RoleSet};
use crate::store::audit::Actor;
use crate::store::parties::{Organization, Person, Representable};

const PERSON: &str = "person";
const PARTY: &str = "party";
const FLASH: &str = "flash";
const SINCE: &str = "since";
const RETURN_TO: &str = "return_to";

/// A login lasts at most this long, however busy the person is (the idle timeout ends
/// it sooner when it is not used).
pub const ABSOLUTE_TIMEOUT: time::Duration = time::Duration::hours(8);

/// A message shown once on the next page ("3 kunder er lagt til").
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Flash {
    pub kind: FlashKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub enum FlashKind {
    Success,
    Info,
}

impl Flash {
    pub fn color(&self) -> &'static str {
        match self.kind {
            FlashKind::Success => "success",
            FlashKind::Info => "info",
        }
    }
}

pub struct TypedSession(Session);

/// Whether the session holds a login (a person).
pub fn holds_login(session: &Session) -> bool {
    session.contains_key(PERSON)
}

impl TypedSession {
    pub fn person_id(&self) -> Option<Uuid> {
        self.0.get(PERSON).ok().flatten()
    }

    pub fn party_id(&self) -> Option<Uuid> {
        self.0.get(PARTY).ok().flatten()
    }

    /// Starts a fresh session for a person who just logged in (a new session id). Where
    /// the person was going before the login is kept.
    pub fn log_in(&self, person: Uuid) -> Result<(), WebError> {
        let return_to: Option<String> = self.0.get(RETURN_TO).ok().flatten();
        let language = super::i18n::chosen(&self.0);
        self.0.clear();
        self.0.renew();
        super::i18n::keep_choice(&self.0, language);
        if let Some(path) = return_to {
            self.remember_return(&path);
        }
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        self.0
            .insert(SINCE, now)
            .map_err(|e| WebError::Session(e.to_string()))?;
        self.0
            .insert(PERSON, person)
            .map_err(|e| WebError::Session(e.to_string()))
    }

    /// Whether the login is older than the absolute timeout (or has no time at all).
    fn expired(&self) -> bool {
        let since: Option<i64> = self.0.get(SINCE).ok().flatten();
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        since.is_none_or(|s| now - s > ABSOLUTE_TIMEOUT.whole_seconds())
    }

    pub fn set_party(&self, party: Uuid) -> Result<(), WebError> {
        self.0
            .insert(PARTY, party)
            .map_err(|e| WebError::Session(e.to_string()))
    }

    pub fn clear_party(&self) {
        let _: Option<Uuid> = self.take(PARTY);
    }

    /// Removes a key that is there. The session layer counts any removal as a change and
    /// writes the session back, so a page that finds nothing to take writes nothing.
    fn take<T: serde::de::DeserializeOwned>(&self, key: &str) -> Option<T> {
        if !self.0.contains_key(key) {
            return None;
        }
        self.0.remove_as(key).and_then(Result::ok)
    }

    /// Remembers a page of the portal to come back to after logging in or choosing whom
    /// to represent (a link from a vendor to a request, say). Only paths of this site.
    pub fn remember_return(&self, path: &str) {
        if is_local_path(path) {
            let _ = self.0.insert(RETURN_TO, path);
        }
    }

    /// The page to come back to, once.
    pub fn take_return(&self) -> Option<String> {
        self.take(RETURN_TO)
    }

    /// Ends the login: the state is deleted on the server (a copied cookie stops working)
    /// and a new, empty session begins that keeps only the language chosen.
    pub fn log_out(&self) {
        let language = super::i18n::chosen(&self.0);
        self.0.clear();
        self.0.renew();
        super::i18n::keep_choice(&self.0, language);
    }

    pub fn flash(&self, kind: FlashKind, text: impl Into<String>) {
        let flash = Flash {
            kind,
            text: text.into(),
        };
        if let Err(e) = self.0.insert(FLASH, flash) {
            tracing::warn!(error = %e, "could not store a message for the next page");
        }
    }

    pub fn take_flash(&self) -> Option<Flash> {
        self.take(FLASH)
    }
}

impl FromRequest for TypedSession {
    type Error = WebError;
    type Future = std::future::Ready<Result<Self, WebError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(Ok(Self(req.get_session())))
    }
}

/// A path of this site short enough to keep in the session cookie: no scheme, no host,
/// no backslash tricks.
pub fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && path.len() <= 512
        && !path.chars().any(char::is_control)
}

/// Whether the request came from htmx (and wants a fragment, not a page).
pub fn is_htmx(req: &HttpRequest) -> bool {
    req.headers().get("HX-Request").is_some_and(|v| v == "true")
}

fn state(req: &HttpRequest) -> Result<web::Data<AppState>, WebError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| WebError::Session("application state missing".into()))
}

/// A signed-in person (who may not have chosen a party yet).
pub struct SignedIn {
    pub person: Person,
    pub session: TypedSession,
}

/// A page a person opened directly (a bookmark, a link from a vendor) is remembered, so
/// they land there once they have logged in and chosen whom to represent: in the login's
/// address (`/logg-inn?neste=…`) — a visitor's session stores nothing until the login —
/// and in the session when it holds something already (a login that ran out).
fn to_login(req: &HttpRequest, session: &TypedSession) -> WebError {
    let mut to = "/logg-inn".to_owned();
    let page = req.uri().to_string();
    if req.method() == actix_web::http::Method::GET && !is_htmx(req) && is_local_path(&page) {
        if session.0.entries().is_empty() {
            let next: String = url::form_urlencoded::byte_serialize(page.as_bytes()).collect();
            to = format!("/logg-inn?neste={next}");
        } else {
            session.remember_return(&page);
        }
    }
    WebError::Redirect {
        to,
        htmx: is_htmx(req),
    }
}

async fn signed_in(req: &HttpRequest) -> Result<SignedIn, WebError> {
    let session = TypedSession(req.get_session());
    let to_login = || to_login(req, &session);
    let person_id = session.person_id().ok_or_else(to_login)?;
    if session.expired() {
        session.log_out();
        return Err(to_login());
    }
    let person = state(req)?.store.person(person_id).await?.ok_or_else(|| {
        session.log_out();
        to_login()
    })?;
    Ok(SignedIn { person, session })
}

impl FromRequest for SignedIn {
    type Error = WebError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, WebError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { signed_in(&req).await })
    }
}

/// A person acting on behalf of an organization, with the roles they hold for it.
pub struct Acting {
    pub person: Person,
    pub party: Organization,
    pub roles: RoleSet,
    /// What the organization is to the portal (the menu follows it).
    pub shape: OrgShape,
    pub session: TypedSession,
    pub htmx: bool,
}

impl Acting {
    /// THE permission check: every handler that reads or changes anything calls this.
    pub fn require(&self, permission: Permission) -> Result<(), WebError> {
        Ok(self.roles.require(permission)?)
    }

    pub fn may(&self, permission: Permission) -> bool {
        self.roles.permits(permission)
    }

    /// The actor recorded in the audit trail.
    pub fn actor(&self) -> Actor {
        Actor::person(self.person.id, &self.person.name, self.party.id)
    }
}

impl FromRequest for Acting {
    type Error = WebError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, WebError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { Acting::load(&req).await })
    }
}

impl Acting {
    /// The signed-in person and the party chosen in the session, with their roles: one
    /// query, whatever the page.
    pub async fn load(req: &HttpRequest) -> Result<Self, WebError> {
        let session = TypedSession(req.get_session());
        let htmx = is_htmx(req);
        let to_login = || to_login(req, &session);
        let person_id = session.person_id().ok_or_else(to_login)?;
        if session.expired() {
            session.log_out();
            return Err(to_login());
        }
        let to_party = || {
            // Signed in: the session holds the page to come back to.
            if req.method() == actix_web::http::Method::GET && !htmx {
                session.remember_return(&req.uri().to_string());
            }
            WebError::Redirect {
                to: "/velg-aktor".into(),
                htmx,
            }
        };
        let party_id = session.party_id().ok_or_else(to_party)?;
        let facts = state(req)?
            .store
            .acting(person_id, party_id)
            .await?
            .ok_or_else(|| {
                session.log_out();
                to_login()
            })?;
        // The organization gone, or roles taken away since it was chosen: choose again.
        let Some(Representable {
            organization: party,
            roles,
        }) = facts
            .party
            .filter(|p| p.roles.permits(Permission::Represent))
        else {
            session.clear_party();
            return Err(to_party());
        };
        Ok(Acting {
            person: facts.person,
            party,
            roles,
            shape: facts.shape,
            session,
            htmx,
        })
    }
}

impl From<Denied> for WebError {
    fn from(denied: Denied) -> Self {
        forbidden(denied.0)
    }
}

/// The refusal of a permission: its page says why, and (`error::with_layout`) who in the
/// organization may.
pub fn forbidden(permission: Permission) -> WebError {
    WebError::Denied(permission)
}

/// The message of a refused permission, worded for the person.
pub fn denied_message(permission: Permission) -> String {
    let key = match permission {
        Permission::ManageClients => "detail-read-only",
        Permission::ManageSystemUsers => "forbidden-system-users",
        _ => "forbidden-no-role",
    };
    super::i18n::t(key)
}
