//! *Roller*: a Daglig leder or Hovedadministrator gives Klientadministrator and
//! Tilgangsstyrer to persons found by fødselsnummer and last name (as in Altinn), and
//! takes them away after a confirmation (a page, or a dialog with htmx).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use uuid::Uuid;

use super::confirm::Confirmation;
use super::forms::Form;
use super::i18n::{t, t_args};
use super::session::{Acting, FlashKind};
use super::texts::role_name;
use super::{AppState, Layout, WebError, WebResult, html, see_other};
use crate::domain::{NationalId, Permission, Role};
use crate::store::person_roles::{GrantError, OrganizationPerson, RoleHolder};

/// A role code from a form or an address ("KADM" or "kadm").
fn role_from_code(code: &str) -> Option<Role> {
    Role::from_code(&code.trim().to_ascii_uppercase()).ok()
}

#[derive(Deserialize, Default)]
pub struct GrantForm {
    #[serde(default)]
    fodselsnummer: String,
    #[serde(default)]
    etternavn: String,
    #[serde(default)]
    rolle: String,
}

/// Messages at the fields of *Gi rolle*; the error summary lists them in field order.
#[derive(Default)]
struct FieldErrors {
    fodselsnummer: Option<String>,
    etternavn: Option<String>,
    rolle: Option<String>,
}

impl FieldErrors {
    fn is_empty(&self) -> bool {
        self.fodselsnummer.is_none() && self.etternavn.is_none() && self.rolle.is_none()
    }

    /// (id of the field to jump to, message), for the error summary.
    fn summary(&self) -> Vec<(&'static str, &str)> {
        [
            ("fodselsnummer", &self.fodselsnummer),
            ("etternavn", &self.etternavn),
            ("rolle-kadm", &self.rolle),
        ]
        .into_iter()
        .filter_map(|(id, e)| e.as_deref().map(|m| (id, m)))
        .collect()
    }
}

/// One choice in the radio group.
struct RoleChoice {
    role: Role,
    id: String,
    description: String,
    checked: bool,
}

/// The *Gi rolle* form as typed, with its messages.
struct GrantView {
    fodselsnummer: String,
    etternavn: String,
    choices: Vec<RoleChoice>,
    errors: FieldErrors,
}

impl GrantView {
    fn new(form: GrantForm, errors: FieldErrors) -> Self {
        let chosen = role_from_code(&form.rolle);
        Self {
            choices: Role::GRANTABLE
                .into_iter()
                .map(|role| RoleChoice {
                    role,
                    id: format!("rolle-{}", role.code().to_ascii_lowercase()),
                    description: super::texts::role_description(&role),
                    checked: chosen == Some(role),
                })
                .collect(),
            fodselsnummer: form.fodselsnummer,
            etternavn: form.etternavn,
            errors,
        }
    }
}

/// A role in the list, and whether this user may take it away here.
struct RoleCell {
    role: Role,
    removable: bool,
}

struct PersonRow {
    person: OrganizationPerson,
    roles: Vec<RoleCell>,
}

#[derive(Template)]
#[template(path = "roles/page.html")]
struct RolesPage {
    layout: Layout,
    party_name: String,
    rows: Vec<PersonRow>,
    v: GrantView,
}

#[derive(Template)]
#[template(path = "roles/grant_partial.html")]
struct GrantPartial {
    v: GrantView,
}

/// The whole page: the persons with their roles, and the form.
async fn full_page(
    state: &AppState,
    acting: &Acting,
    v: GrantView,
    status: StatusCode,
) -> WebResult<HttpResponse> {
    let rows = state
        .store
        .organization_persons(acting.party.id)
        .await?
        .into_iter()
        .map(|person| PersonRow {
            roles: person
                .roles
                .roles()
                .iter()
                .map(|&role| RoleCell {
                    role,
                    removable: acting.roles.may_grant(role),
                })
                .collect(),
            person,
        })
        .collect();
    let page = RolesPage {
        layout: Layout::for_acting(acting, t("nav-roles")).described("meta-description-roles"),
        party_name: acting.party.name.clone(),
        rows,
        v,
    };
    html(status, &page)
}

/// A refused grant: the form again with its messages and what was typed. htmx swaps
/// in the form alone; without JavaScript it is the whole page.
async fn refuse(
    state: &AppState,
    acting: &Acting,
    form: GrantForm,
    errors: FieldErrors,
) -> WebResult<HttpResponse> {
    let v = GrantView::new(form, errors);
    if acting.htmx {
        return html(StatusCode::UNPROCESSABLE_ENTITY, &GrantPartial { v });
    }
    full_page(state, acting, v, StatusCode::UNPROCESSABLE_ENTITY).await
}

pub async fn page(state: web::Data<AppState>, acting: Acting) -> WebResult<HttpResponse> {
    acting.require(Permission::ManageRoles)?;
    let v = GrantView::new(GrantForm::default(), FieldErrors::default());
    full_page(&state, &acting, v, StatusCode::OK).await
}

/// Checks the fields on their own; the person and role are looked up only when they pass.
fn validate(acting: &Acting, form: &GrantForm) -> Result<(NationalId, Role), FieldErrors> {
    let mut errors = FieldErrors::default();
    let national_id = NationalId::parse(&form.fodselsnummer)
        .map_err(|e| errors.fodselsnummer = Some(super::texts::id_error(&e)))
        .ok();
    if form.etternavn.trim().is_empty() {
        errors.etternavn = Some(t("roles-last-name-missing"));
    }
    let role = match role_from_code(&form.rolle) {
        None => {
            errors.rolle = Some(t("roles-choose-role"));
            None
        }
        Some(role) if !acting.roles.may_grant(role) => {
            errors.rolle = Some(t_args(
                "roles-may-not-grant",
                &[("role", role_name(&role).into())],
            ));
            None
        }
        Some(role) => Some(role),
    };
    match (national_id, role) {
        (Some(id), Some(role)) if errors.is_empty() => Ok((id, role)),
        _ => Err(errors),
    }
}

/// POST *Gi rolle*. A refusal shows the form again with the message at its field.
pub async fn grant(
    state: web::Data<AppState>,
    acting: Acting,
    Form(form): Form<GrantForm>,
) -> WebResult<HttpResponse> {
    acting.require(Permission::ManageRoles)?;
    let (national_id, role) = match validate(&acting, &form) {
        Ok(valid) => valid,
        Err(errors) => return refuse(&state, &acting, form, errors).await,
    };
    let Some(person) = state
        .store
        .person_by_national_id_and_last_name(&national_id, &form.etternavn)
        .await?
    else {
        let errors = FieldErrors {
            // The same words whether the national id is unknown or the last name is
            // wrong, so the form cannot be used to find out which national ids exist.
            fodselsnummer: Some(t("roles-person-not-found")),
            ..FieldErrors::default()
        };
        return refuse(&state, &acting, form, errors).await;
    };
    let holder = match state
        .store
        .grant_role(&acting.actor(), acting.party.id, person.id, role)
        .await
    {
        Ok(holder) => holder,
        Err(GrantError::AlreadyHeld(held)) => {
            let errors = FieldErrors {
                rolle: Some(t_args(
                    "roles-already-held",
                    &[("role", role_name(&held).into())],
                )),
                ..FieldErrors::default()
            };
            return refuse(&state, &acting, form, errors).await;
        }
        Err(GrantError::Store(e)) => return Err(e.into()),
    };
    acting.session.flash(
        FlashKind::Success,
        t_args(
            "roles-granted",
            &[
                ("person", (&holder.name).into()),
                ("role", role_name(&role).into()),
            ],
        ),
    );
    Ok(see_other("/roller", acting.htmx))
}

/// What revoking a role means.
#[derive(Template)]
#[template(path = "roles/revoke_question.html")]
struct RevokeQuestion {
    holder: RoleHolder,
    role: Role,
    party_name: String,
}

/// For the removal routes: the person id and a role this user may take away. Addresses
/// naming anything else are not found; a role the user could not give is forbidden.
fn revocable(acting: &Acting, (person, code): (String, String)) -> WebResult<(Uuid, Role)> {
    acting.require(Permission::ManageRoles)?;
    let person_id = Uuid::parse_str(&person).map_err(|_| WebError::NotFound)?;
    let role = role_from_code(&code)
        .filter(|r| r.is_grantable())
        .ok_or(WebError::NotFound)?;
    if !acting.roles.may_grant(role) {
        return Err(WebError::Forbidden(t_args(
            "roles-may-not-revoke",
            &[("role", role_name(&role).into())],
        )));
    }
    Ok((person_id, role))
}

pub async fn confirm_revoke(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<(String, String)>,
) -> WebResult<HttpResponse> {
    let (person_id, role) = revocable(&acting, path.into_inner())?;
    let holder = state
        .store
        .role_holder(acting.party.id, person_id, role)
        .await?
        .ok_or(WebError::NotFound)?;
    let name = |key| {
        t_args(
            key,
            &[
                ("role", role_name(&role).into()),
                ("person", (&holder.name).into()),
            ],
        )
    };
    let (heading, title) = (name("roles-revoke-title"), name("roles-revoke-title-short"));
    let action = format!(
        "/roller/{}/{}/fjern",
        holder.person_id,
        role.code().to_lowercase()
    );
    let question = RevokeQuestion {
        holder,
        role,
        party_name: acting.party.name.clone(),
    };
    Confirmation::new(heading, question, action, t("roles-revoke"), "/roller")
        .titled(title)
        .working(t("busy-revoking"))
        .respond(&acting)
}

pub async fn revoke(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<(String, String)>,
) -> WebResult<HttpResponse> {
    let (person_id, role) = revocable(&acting, path.into_inner())?;
    let holder = state
        .store
        .revoke_role(&acting.actor(), acting.party.id, person_id, role)
        .await?;
    acting.session.flash(
        FlashKind::Success,
        t_args(
            "roles-revoked",
            &[
                ("person", (&holder.name).into()),
                ("role", role_name(&role).into()),
            ],
        ),
    );
    Ok(see_other("/roller", acting.htmx))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_codes_in_forms_and_addresses_ignore_case() {
        assert_eq!(role_from_code("kadm"), Some(Role::ClientAdministrator));
        assert_eq!(role_from_code(" TILG "), Some(Role::AccessManager));
        assert_eq!(role_from_code(""), None);
        assert_eq!(role_from_code("REGN"), None);
    }

    #[test]
    fn the_summary_lists_messages_in_field_order() {
        let errors = FieldErrors {
            fodselsnummer: None,
            etternavn: Some("b".into()),
            rolle: Some("c".into()),
        };
        assert_eq!(
            errors.summary(),
            vec![("etternavn", "b"), ("rolle-kadm", "c")]
        );
        assert!(FieldErrors::default().is_empty());
    }

    #[test]
    fn the_form_offers_the_grantable_roles_and_keeps_the_choice() {
        let form = GrantForm {
            rolle: "TILG".into(),
            ..GrantForm::default()
        };
        let v = GrantView::new(form, FieldErrors::default());
        let ids: Vec<_> = v
            .choices
            .iter()
            .map(|c| (c.id.as_str(), c.checked))
            .collect();
        assert_eq!(ids, vec![("rolle-kadm", false), ("rolle-tilg", true)]);
    }
}
