//! Fullmakter from the client's side: giving a firm a fullmakt with access packages, and
//! withdrawing a package or the whole fullmakt. A withdrawal ends the firm's client
//! delegations that depended on it in the same transaction (`relationships::end_ineligible`).

use serde_json::json;
use time::OffsetDateTime;
use uuid::Uuid;

use super::audit::{self, Actor, AuditEvent};
use super::auto_add::add_automatically;
use super::delegations::lock_firm;
use super::parties::Organization;
use super::relationships::{EndedDelegation, end_ineligible};
use super::{Store, StoreError, StoreResult, like_pattern};
use crate::domain::{AccessPackage, Action, PackageSet, Withdrawal};

/// A fullmakt the client has given, with the packages delegated under it.
#[derive(Debug, Clone)]
pub struct GivenFullmakt {
    pub firm: Organization,
    pub given_at: OffsetDateTime,
    pub given_by: Option<String>,
    pub packages: Vec<DelegatedPackage>,
}

#[derive(Debug, Clone)]
pub struct DelegatedPackage {
    pub package: AccessPackage,
    pub delegated_at: OffsetDateTime,
}

impl GivenFullmakt {
    pub fn holds(&self, p: &AccessPackage) -> bool {
        self.packages.iter().any(|d| d.package == *p)
    }
}

/// Why a fullmakt was not given or withdrawn as asked. Nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum FullmaktError {
    #[error("an organization cannot give a fullmakt to itself")]
    ToSelf,
    #[error("{firm} holds {packages:?} from this organization already")]
    AlreadyDelegated {
        firm: String,
        packages: Vec<AccessPackage>,
    },
    #[error("the organization has given this firm no fullmakt (or it was withdrawn)")]
    NotGiven,
    #[error("the access package {0:?} is withdrawn already")]
    PackageNotDelegated(AccessPackage),
    #[error(transparent)]
    Store(#[from] StoreError),
}

super::store_error_from_sqlx!(FullmaktError);

/// The fullmakt `client` has given `firm`, if any.
async fn fullmakt_id(
    conn: &mut sqlx::PgConnection,
    client_id: Uuid,
    firm_id: Uuid,
) -> StoreResult<Option<Uuid>> {
    Ok(sqlx::query_scalar!(
        "SELECT id FROM fullmakter WHERE client_id = $1 AND firm_id = $2",
        client_id,
        firm_id
    )
    .fetch_optional(conn)
    .await?)
}

/// The one audit event of a grant or withdrawal: both organizations and the packages.
async fn record_event(
    conn: &mut sqlx::PgConnection,
    actor: &Actor,
    action: Action,
    client: &Organization,
    firm: &Organization,
    packages: &[&str],
) -> StoreResult<()> {
    audit::record(
        conn,
        actor,
        AuditEvent {
            action,
            system_user_id: None,
            client_id: Some(client.id),
            firm_id: Some(firm.id),
            details: json!({
                "firm_name": firm.name,
                "firm_org_number": firm.org_number,
                "client_name": client.name,
                "client_org_number": client.org_number,
                "packages": packages,
            }),
        },
    )
    .await
}

/// What a grant did.
#[derive(Debug, Clone)]
pub struct GrantOutcome {
    pub new_fullmakt: bool,
    pub added: Vec<AccessPackage>,
    /// Packages that were asked for but the firm already had.
    pub already: Vec<AccessPackage>,
    /// The firm's system accesses that took the client by themselves (`auto_add`).
    pub added_automatically: i64,
}

/// The packages (URNs) `client` has given `firm` under a fullmakt.
pub(crate) async fn packages_given(
    conn: &mut sqlx::PgConnection,
    client_id: Uuid,
    firm_id: Uuid,
) -> StoreResult<Vec<String>> {
    Ok(sqlx::query_scalar!(
        "SELECT fp.package_urn FROM fullmakter f
           JOIN fullmakt_packages fp ON fp.fullmakt_id = f.id
          WHERE f.client_id = $1 AND f.firm_id = $2",
        client_id,
        firm_id
    )
    .fetch_all(conn)
    .await?)
}

/// `Store::grant_fullmakt` within the caller's transaction (the firm locked). When the
/// firm holds every package already nothing is written and `added` is empty.
pub(crate) async fn grant_in(
    tx: &mut sqlx::PgConnection,
    actor: &Actor,
    client: &Organization,
    firm: &Organization,
    packages: &PackageSet,
) -> Result<GrantOutcome, FullmaktError> {
    if client.id == firm.id {
        return Err(FullmaktError::ToSelf);
    }
    let urns: Vec<String> = packages.iter().map(|p| p.urn().to_owned()).collect();
    let held = packages_given(tx, client.id, firm.id).await?;
    let already: Vec<AccessPackage> = packages
        .iter()
        .filter(|p| held.iter().any(|u| u == p.urn()))
        .copied()
        .collect();
    if already.len() == urns.len() {
        return Ok(GrantOutcome {
            new_fullmakt: false,
            added: Vec::new(),
            already,
            added_automatically: 0,
        });
    }
    let existing = fullmakt_id(tx, client.id, firm.id).await?;
    let new_fullmakt = existing.is_none();
    let fullmakt_id = match existing {
        Some(id) => id,
        None => {
            sqlx::query_scalar!(
                "INSERT INTO fullmakter (client_id, firm_id, created_by) VALUES ($1, $2, $3)
                 RETURNING id",
                client.id,
                firm.id,
                actor.person_id
            )
            .fetch_one(&mut *tx)
            .await?
        }
    };
    let inserted = sqlx::query_scalar!(
        "INSERT INTO fullmakt_packages (fullmakt_id, package_urn, delegated_by)
         SELECT $1, unnest($2::text[]), $3
         ON CONFLICT DO NOTHING
         RETURNING package_urn",
        fullmakt_id,
        &urns,
        actor.person_id
    )
    .fetch_all(&mut *tx)
    .await?;
    let added: Vec<AccessPackage> = packages
        .iter()
        .filter(|p| inserted.iter().any(|u| u == p.urn()))
        .copied()
        .collect();
    let action = if new_fullmakt {
        Action::FullmaktGiven
    } else {
        Action::FullmaktPackagesDelegated
    };
    let added_urns: Vec<&str> = added.iter().map(|p| p.urn()).collect();
    record_event(tx, actor, action, client, firm, &added_urns).await?;
    // The firm's system accesses that take new clients by themselves, now it may.
    let added_automatically =
        add_automatically(tx, &[(firm.id, client.id, json!({ "cause": "fullmakt" }))]).await?;
    Ok(GrantOutcome {
        new_fullmakt,
        added,
        already,
        added_automatically,
    })
}

impl Store {
    /// The fullmakter the organization has given, by firm name.
    #[tracing::instrument(skip(self))]
    pub async fn fullmakter_given(&self, client_id: Uuid) -> StoreResult<Vec<GivenFullmakt>> {
        self.given(client_id, None).await
    }

    /// The fullmakt the organization has given one firm, if any.
    #[tracing::instrument(skip(self))]
    pub async fn fullmakt_given(
        &self,
        client_id: Uuid,
        firm_id: Uuid,
    ) -> StoreResult<Option<GivenFullmakt>> {
        Ok(self.given(client_id, Some(firm_id)).await?.pop())
    }

    async fn given(&self, client_id: Uuid, firm: Option<Uuid>) -> StoreResult<Vec<GivenFullmakt>> {
        let rows = sqlx::query!(
            r#"SELECT o.id, o.org_number, o.name, o.org_form, f.created_at, p.name AS "given_by?",
                      COALESCE((SELECT array_agg(fp.package_urn ORDER BY fp.delegated_at, fp.package_urn)
                                  FROM fullmakt_packages fp WHERE fp.fullmakt_id = f.id), '{}') AS "packages!",
                      COALESCE((SELECT array_agg(fp.delegated_at ORDER BY fp.delegated_at, fp.package_urn)
                                  FROM fullmakt_packages fp WHERE fp.fullmakt_id = f.id), '{}') AS "delegated_at!"
                 FROM fullmakter f
                 JOIN organizations o ON o.id = f.firm_id
                 LEFT JOIN persons p ON p.id = f.created_by
                WHERE f.client_id = $1 AND ($2::uuid IS NULL OR f.firm_id = $2)
                ORDER BY o.name COLLATE norwegian"#,
            client_id,
            firm
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                let mut packages = r
                    .packages
                    .iter()
                    .zip(r.delegated_at)
                    .map(|(urn, at)| {
                        Ok(DelegatedPackage {
                            package: AccessPackage::from_urn(urn)?,
                            delegated_at: at,
                        })
                    })
                    .collect::<Result<Vec<_>, crate::domain::UnknownCode>>()?;
                packages.sort_by_key(|d| d.package);
                Ok(GivenFullmakt {
                    firm: Organization {
                        id: r.id,
                        org_number: r.org_number,
                        name: r.name,
                        org_form: r.org_form,
                    },
                    given_at: r.created_at,
                    given_by: r.given_by,
                    packages,
                })
            })
            .collect()
    }

    /// Organizations whose name contains `search`, for finding a firm to give fullmakt to.
    #[tracing::instrument(skip(self))]
    pub async fn search_organizations(
        &self,
        search: &str,
        except: Uuid,
        limit: i64,
    ) -> StoreResult<Vec<Organization>> {
        let orgs = sqlx::query_as!(
            Organization,
            "SELECT id, org_number, name, org_form FROM organizations
              WHERE name ILIKE $1 AND id <> $2
              ORDER BY name COLLATE norwegian, org_number
              LIMIT $3",
            like_pattern(search),
            except,
            limit
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(orgs)
    }

    /// Gives `firm` a fullmakt from `client` (if it has none) and delegates `packages` under
    /// it, in one transaction with one audit event. Packages the firm already has are
    /// reported, not repeated; if it has them all, nothing changes.
    #[tracing::instrument(skip(self, actor))]
    pub async fn grant_fullmakt(
        &self,
        actor: &Actor,
        client: &Organization,
        firm: &Organization,
        packages: &PackageSet,
    ) -> Result<GrantOutcome, FullmaktError> {
        let mut tx = self.pool.begin().await?;
        lock_firm(&mut tx, firm.id).await?;
        let outcome = grant_in(&mut tx, actor, client, firm, packages).await?;
        if outcome.added.is_empty() {
            // Nothing new: leave the transaction unused (rolled back on drop).
            return Err(FullmaktError::AlreadyDelegated {
                firm: firm.name.clone(),
                packages: outcome.already,
            });
        }
        tx.commit().await?;
        Ok(outcome)
    }

    /// Withdraws one package or the whole fullmakt; the firm's client delegations that no
    /// longer hold end in the same transaction. Returns those that ended.
    #[tracing::instrument(skip(self, actor))]
    pub async fn withdraw(
        &self,
        actor: &Actor,
        client: &Organization,
        firm: &Organization,
        what: Withdrawal,
    ) -> Result<Vec<EndedDelegation>, FullmaktError> {
        let mut tx = self.pool.begin().await?;
        lock_firm(&mut tx, firm.id).await?;
        let fullmakt_id = fullmakt_id(&mut tx, client.id, firm.id)
            .await?
            .ok_or(FullmaktError::NotGiven)?;
        let (action, lost) = match what {
            Withdrawal::Package(p) => {
                sqlx::query_scalar!(
                    "DELETE FROM fullmakt_packages WHERE fullmakt_id = $1 AND package_urn = $2
                     RETURNING package_urn",
                    fullmakt_id,
                    p.urn()
                )
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(FullmaktError::PackageNotDelegated(p))?;
                (Action::FullmaktPackageWithdrawn, vec![p.urn().to_owned()])
            }
            Withdrawal::Fullmakt => {
                // The packages go with the fullmakt; name them in the audit event.
                let lost = sqlx::query_scalar!(
                    "DELETE FROM fullmakt_packages WHERE fullmakt_id = $1 RETURNING package_urn",
                    fullmakt_id
                )
                .fetch_all(&mut *tx)
                .await?;
                sqlx::query!("DELETE FROM fullmakter WHERE id = $1", fullmakt_id)
                    .execute(&mut *tx)
                    .await?;
                (Action::FullmaktWithdrawn, lost)
            }
        };
        let urns: Vec<&str> = lost.iter().map(String::as_str).collect();
        record_event(&mut tx, actor, action, client, firm, &urns).await?;
        let ended = end_ineligible(&mut tx, actor, firm.id, &[client.id], &what.cause()).await?;
        tx.commit().await?;
        Ok(ended)
    }
}
