//! Client delegations: which clients an agent system user may act for. Adding is one
//! transaction that re-checks eligibility under a lock on the firm, so a selection is
//! applied whole or not at all, and never against a relationship withdrawn meanwhile.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde_json::json;
use sqlx::{PgConnection, QueryBuilder};
use time::OffsetDateTime;
use uuid::Uuid;

use super::audit::{self, Actor};
use super::client_list::{AgentScope, agent_scope, candidates_among, push_search};
use super::parties::Organization;
use super::relationships::{ClientFacts, all_client_facts, client_facts};
use super::{Page, Store, StoreError, StoreResult};
use crate::domain::client_changes::{self, KnownClient};
use crate::domain::packages::packages_from_urns;
use crate::domain::{Action, ClientChange, ClientSelection, Eligibility, PackageSet, Refused};

#[derive(sqlx::FromRow)]
struct DelegatedRow {
    id: Uuid,
    org_number: String,
    name: String,
    org_form: String,
    created_at: OffsetDateTime,
    added_by: Option<String>,
    automatic: bool,
}

#[derive(Debug, Clone)]
pub struct DelegatedClient {
    pub client: Organization,
    pub added_at: OffsetDateTime,
    pub added_by: Option<String>,
    /// Put there by the system access itself (`auto_add`), not by a person.
    pub automatic: bool,
}

/// What a change did, client by client.
#[derive(Debug, Clone, Default)]
pub struct ChangeOutcome {
    pub added: Vec<Organization>,
    /// Asked to be added, and already there.
    pub already_added: Vec<Uuid>,
    pub removed: Vec<Organization>,
}

/// Why a selection was not applied. Nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum AddError {
    #[error("no client was selected")]
    NothingSelected,
    #[error("no client is available to add: every one is already added")]
    NoneAvailable,
    #[error("{} of the clients cannot be added; nothing was changed", .0.len())]
    Refused(Vec<Refused>),
    /// "All available" now means a different number of clients than the user saw.
    #[error("the available clients are {now} now, not the {seen} the user saw")]
    SelectionChanged { seen: usize, now: usize },
    #[error("no such agent system user of the firm")]
    NotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl AddError {
    /// The stable code of this refusal, the same for the portal's log and the API.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NothingSelected => "nothing-selected",
            Self::NoneAvailable => "none-available",
            Self::Refused(_) => "clients-refused",
            Self::SelectionChanged { .. } => "selection-changed",
            Self::NotFound => "unknown-agent",
            Self::Store(_) => "store",
        }
    }
}

super::store_error_from_sqlx!(AddError);

/// What a confirmed selection did.
#[derive(Debug, Clone, Default)]
pub struct AddOutcome {
    /// How many clients were added.
    pub added: usize,
    /// The name of one of them (for "Bakeriet AS er lagt til." when it is the only one).
    pub first_added: Option<String>,
    /// Chosen, and already on the system user.
    pub already_added: usize,
    /// How many clients were removed (unticked among those already added).
    pub removed: usize,
    /// The name of one of them (for "Bakeriet AS er fjernet.").
    pub first_removed: Option<String>,
}

/// THE locking rule: every transaction that changes a firm's client delegations, or the
/// relationships they depend on (register roles, fullmakter and their packages, from
/// either side), first locks the firm's organization row with this function. So an
/// eligibility check and the writes that rely on it cannot interleave with a withdrawal.
pub(crate) async fn lock_firm(conn: &mut PgConnection, firm_id: Uuid) -> StoreResult<()> {
    sqlx::query_scalar!(
        "SELECT id FROM organizations WHERE id = $1 FOR NO KEY UPDATE",
        firm_id
    )
    .fetch_optional(conn)
    .await?
    .ok_or(StoreError::NotFound)?;
    Ok(())
}

/// `lock_firm` for several organizations at once, always in the same (id) order, so two
/// transactions that lock overlapping sets cannot deadlock.
pub(crate) async fn lock_firms(conn: &mut PgConnection, ids: &[Uuid]) -> StoreResult<()> {
    let mut ids = ids.to_vec();
    ids.sort();
    ids.dedup();
    let locked = sqlx::query_scalar!(
        "SELECT id FROM organizations WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE",
        &ids
    )
    .fetch_all(conn)
    .await?;
    if locked.len() != ids.len() {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// The packages an agent system user owned by `firm_id` needs; None if there is no such agent.
async fn agent_packages(
    conn: &mut PgConnection,
    firm_id: Uuid,
    system_user_id: Uuid,
) -> StoreResult<Option<PackageSet>> {
    let row = sqlx::query!(
        r#"SELECT COALESCE((SELECT array_agg(p.package_urn) FROM system_user_packages p
                             WHERE p.system_user_id = su.id), '{}') AS "packages!"
             FROM system_users su
            WHERE su.id = $1 AND su.owner_id = $2 AND su.kind = 'agent'"#,
        system_user_id,
        firm_id
    )
    .fetch_optional(conn)
    .await?;
    row.map(|r| packages_from_urns(&r.packages).map_err(StoreError::from))
        .transpose()
}

/// Of `ids`, those on the system user.
async fn delegated_among(
    conn: &mut PgConnection,
    system_user_id: Uuid,
    ids: &[Uuid],
) -> StoreResult<HashSet<Uuid>> {
    let ids = sqlx::query_scalar!(
        "SELECT client_id FROM client_delegations
          WHERE system_user_id = $1 AND client_id = ANY($2)",
        system_user_id,
        ids
    )
    .fetch_all(conn)
    .await?;
    Ok(ids.into_iter().collect())
}

/// What a change to some of an agent's clients is decided on, read under the firm's lock:
/// the facts of those clients only.
struct AgentClients {
    required: PackageSet,
    added: HashSet<Uuid>,
    facts: Vec<ClientFacts>,
}

impl AgentClients {
    async fn load(
        conn: &mut PgConnection,
        firm_id: Uuid,
        system_user_id: Uuid,
        ids: &[Uuid],
    ) -> Result<Self, AddError> {
        let required = agent_packages(conn, firm_id, system_user_id)
            .await?
            .ok_or(AddError::NotFound)?;
        let added = delegated_among(conn, system_user_id, ids).await?;
        let facts = client_facts(conn, firm_id, ids).await?;
        Ok(Self {
            required,
            added,
            facts,
        })
    }

    /// The domain's plan for `change` (client_changes::plan), with the clients to add as
    /// the organizations they are.
    fn plan(&self, change: &ClientChange) -> Result<Plan, Vec<Refused>> {
        let known: Vec<KnownClient> = self
            .facts
            .iter()
            .map(|f| KnownClient {
                id: f.client.id,
                name: f.client.name.clone(),
                held: f.held(),
            })
            .collect();
        let decided = client_changes::plan(&self.required, &self.added, &known, change)?;
        let by_id: HashMap<Uuid, &Organization> = self
            .facts
            .iter()
            .map(|f| (f.client.id, &f.client))
            .collect();
        Ok(Plan {
            add: decided
                .add
                .iter()
                .filter_map(|id| by_id.get(id).map(|o| (*o).clone()))
                .collect(),
            already_added: decided.already_added,
            remove: decided.remove,
        })
    }
}

/// Puts one client on an agent system user the firm owns, within the caller's transaction
/// (the firm locked), by the eligibility rule as it is now: Ok(Ok(true)) when added,
/// Ok(Ok(false)) when it was there already, Ok(Err(refusals)) when the rule does not allow
/// it (nothing written).
pub(crate) async fn add_client_in(
    tx: &mut PgConnection,
    actor: &Actor,
    firm_id: Uuid,
    system_user_id: Uuid,
    client_id: Uuid,
) -> Result<Result<bool, Vec<Refused>>, AddError> {
    let clients = AgentClients::load(tx, firm_id, system_user_id, &[client_id]).await?;
    let change = ClientChange {
        add: vec![client_id],
        remove: Vec::new(),
    };
    let plan = match clients.plan(&change) {
        Ok(plan) => plan,
        Err(refused) => return Ok(Err(refused)),
    };
    let outcome = plan.write(tx, actor, firm_id, system_user_id).await?;
    Ok(Ok(!outcome.added.is_empty()))
}

/// A planned change with the organizations to add, ready to be written.
struct Plan {
    add: Vec<Organization>,
    already_added: Vec<Uuid>,
    remove: Vec<Uuid>,
}

impl Plan {
    /// Writes the change and one audit event per client added or removed.
    async fn write(
        self,
        tx: &mut PgConnection,
        actor: &Actor,
        firm_id: Uuid,
        system_user_id: Uuid,
    ) -> Result<ChangeOutcome, AddError> {
        let ids: Vec<Uuid> = self.add.iter().map(|c| c.id).collect();
        if !ids.is_empty() {
            sqlx::query!(
                "INSERT INTO client_delegations (system_user_id, firm_id, client_id, created_by)
                 SELECT $1, $2, c, $3 FROM unnest($4::uuid[]) AS c",
                system_user_id,
                firm_id,
                actor.person_id,
                &ids
            )
            .execute(&mut *tx)
            .await?;
            audit::record_many(
                tx,
                actor,
                Action::ClientDelegationAdded,
                firm_id,
                &client_events(system_user_id, &self.add),
            )
            .await?;
        }
        let mut removed = Vec::new();
        if !self.remove.is_empty() {
            removed = sqlx::query_as!(
                Organization,
                "WITH gone AS (
                     DELETE FROM client_delegations
                      WHERE system_user_id = $1 AND firm_id = $2 AND client_id = ANY($3)
                  RETURNING client_id)
                 SELECT o.id, o.org_number, o.name, o.org_form
                   FROM gone JOIN organizations o ON o.id = gone.client_id
                  ORDER BY o.org_number",
                system_user_id,
                firm_id,
                &self.remove
            )
            .fetch_all(&mut *tx)
            .await?;
            audit::record_many(
                tx,
                actor,
                Action::ClientDelegationRemoved,
                firm_id,
                &client_events(system_user_id, &removed),
            )
            .await?;
        }
        Ok(ChangeOutcome {
            added: self.add,
            already_added: self.already_added,
            removed,
        })
    }
}

/// The subjects and details of one audit event per client.
fn client_events(
    system_user_id: Uuid,
    clients: &[Organization],
) -> Vec<(Uuid, Uuid, serde_json::Value)> {
    clients
        .iter()
        .map(|c| {
            (
                system_user_id,
                c.id,
                json!({ "client_org_number": c.org_number, "client_name": c.name }),
            )
        })
        .collect()
}

/// Adds every client that can be added except `except`, with one audit event each, in
/// one statement: the rows never leave the database. The caller holds the firm's lock.
pub(crate) async fn add_all_except(
    tx: &mut PgConnection,
    actor: &Actor,
    scope: &AgentScope,
    except: &[Uuid],
) -> StoreResult<AddOutcome> {
    let r = sqlx::query!(
        r#"WITH picked AS MATERIALIZED (
               SELECT cp.client_id, cp.name::text AS name, cp.org_number
                 FROM client_packages cp
                WHERE cp.firm_id = $1 AND $2 <> 0 AND cp.packages & $2 = $2
                  AND cp.client_id <> ALL($4)
                  AND NOT EXISTS (SELECT 1 FROM client_delegations d
                                   WHERE d.system_user_id = $3 AND d.client_id = cp.client_id)
           ), added AS (
               INSERT INTO client_delegations (system_user_id, firm_id, client_id, created_by)
               SELECT $3, $1, client_id, $5 FROM picked
               RETURNING client_id
           ), audited AS (
               INSERT INTO audit_events
                   (actor_kind, actor_person_id, actor_name, on_behalf_of_id, action,
                    system_user_id, client_id, firm_id, details)
               SELECT $9, $5, $6, $7, $8, $3, p.client_id, $1,
                      jsonb_build_object('client_org_number', p.org_number,
                                         'client_name', p.name)
                 FROM picked p
               RETURNING 1
           )
           SELECT (SELECT count(*) FROM added) AS "added!",
                  (SELECT count(*) FROM audited) AS "audited!",
                  (SELECT name FROM picked LIMIT 1) AS first_name"#,
        scope.firm_id,
        scope.mask,
        scope.system_user_id,
        except,
        actor.person_id,
        actor.person_name,
        actor.on_behalf_of,
        Action::ClientDelegationAdded.code(),
        actor.kind.code(),
    )
    .fetch_one(&mut *tx)
    .await?;
    if r.added != r.audited {
        return Err(StoreError::Corrupt(format!(
            "{} clients added, {} audit events",
            r.added, r.audited
        )));
    }
    Ok(AddOutcome {
        added: r.added as usize,
        first_added: r.first_name,
        ..AddOutcome::default()
    })
}

/// A client of the firm as seen from one agent system user, decided by the domain.
#[derive(Debug, Clone)]
pub struct ClientOption {
    pub facts: ClientFacts,
    pub eligibility: Eligibility,
    pub already_added: bool,
}

impl Store {
    /// Every client the firm has a relationship with, judged by `domain::eligibility`
    /// against the system user's packages, from the relationships themselves; None if the
    /// firm owns no such agent. The reference for tests and audits: it reads the whole
    /// list, so the portal's pages use `client_list` instead.
    #[tracing::instrument(skip(self))]
    pub async fn client_options(
        &self,
        firm_id: Uuid,
        system_user_id: Uuid,
    ) -> StoreResult<Option<Vec<ClientOption>>> {
        let mut conn = self.pool.acquire().await?;
        let Some(required) = agent_packages(&mut conn, firm_id, system_user_id).await? else {
            return Ok(None);
        };
        let added: HashSet<Uuid> = sqlx::query_scalar!(
            "SELECT client_id FROM client_delegations WHERE system_user_id = $1",
            system_user_id
        )
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .collect();
        let facts = all_client_facts(&mut conn, firm_id).await?;
        Ok(Some(
            facts
                .into_iter()
                .map(|f| ClientOption {
                    eligibility: Eligibility::decide(&required, &f.held()),
                    already_added: added.contains(&f.client.id),
                    facts: f,
                })
                .collect(),
        ))
    }

    /// The clients on a system user of `firm_id`, searched by name or number, one page at a
    /// time, in name order. Without a search the total is `client_count`, the system
    /// user's own count as the caller read it.
    #[tracing::instrument(skip(self))]
    pub async fn delegated_clients(
        &self,
        firm_id: Uuid,
        system_user_id: Uuid,
        client_count: i64,
        search: &str,
        page: i64,
        per_page: i64,
    ) -> StoreResult<Page<DelegatedClient>> {
        let mut conn = self.pool.acquire().await?;
        let searching = !search.trim().is_empty();
        let total: i64 = if searching {
            count_matching(&mut conn, system_user_id, search).await?
        } else {
            client_count
        };
        let page = page.clamp(1, ((total + per_page - 1) / per_page).max(1));
        // Planned with the system user's own figures each time: for one with a few clients
        // the best plan reads its delegations and sorts them, for one with thousands it
        // walks the firm's list in order until the page is full.
        let mut qb = QueryBuilder::new(
            "SELECT o.id, o.org_number, o.name, o.org_form, d.created_at, p.name AS added_by,
                    d.automatic
               FROM client_delegations d
               JOIN client_packages cp ON cp.firm_id = d.firm_id AND cp.client_id = d.client_id
               JOIN organizations o ON o.id = d.client_id
               LEFT JOIN persons p ON p.id = d.created_by
              WHERE d.firm_id = ",
        );
        qb.push_bind(firm_id)
            .push(" AND cp.firm_id = ")
            .push_bind(firm_id)
            .push(" AND d.system_user_id = ")
            .push_bind(system_user_id);
        push_search(&mut qb, search);
        qb.push(" ORDER BY cp.name, cp.org_number LIMIT ")
            .push_bind(per_page)
            .push(" OFFSET ")
            .push_bind((page - 1) * per_page);
        let rows: Vec<DelegatedRow> = qb
            .build_query_as()
            .persistent(false)
            .fetch_all(&mut *conn)
            .await?;
        Ok(Page {
            items: rows
                .into_iter()
                .map(|r| DelegatedClient {
                    client: Organization {
                        id: r.id,
                        org_number: r.org_number,
                        name: r.name,
                        org_form: r.org_form,
                    },
                    added_at: r.created_at,
                    added_by: r.added_by,
                    automatic: r.automatic,
                })
                .collect(),
            total,
            page,
            per_page,
        })
    }

    /// Applies a staged selection as one change: every selected client is added, or none.
    /// Clients already on the system user are skipped, so a repeated confirmation adds nothing.
    /// For "all available", `seen_count` is how many the user was shown as selected; if
    /// that is no longer true, nothing is added and the user is asked to look again.
    pub async fn add_clients(
        &self,
        actor: &Actor,
        firm_id: Uuid,
        system_user_id: Uuid,
        selection: &ClientSelection,
        seen_count: Option<usize>,
    ) -> Result<AddOutcome, AddError> {
        let none = BTreeSet::new();
        self.apply_selection(actor, firm_id, system_user_id, selection, seen_count, &none)
            .await
    }

    /// `add_clients`, and in the same transaction removes the clients of `remove` (those
    /// the user unticked among the ones already added): *Bekreft og lukk* of a list that
    /// adds and removes. One already gone (someone else removed it meanwhile) needs
    /// nothing more; a selection that neither adds nor removes is NothingSelected.
    #[tracing::instrument(skip(self, actor, remove), fields(remove = remove.len()))]
    pub async fn apply_selection(
        &self,
        actor: &Actor,
        firm_id: Uuid,
        system_user_id: Uuid,
        selection: &ClientSelection,
        seen_count: Option<usize>,
        remove: &BTreeSet<Uuid>,
    ) -> Result<AddOutcome, AddError> {
        let mut tx = self.pool.begin().await?;
        lock_firm(&mut tx, firm_id).await?;
        let scope = agent_scope(&mut tx, firm_id, system_user_id)
            .await?
            .ok_or(AddError::NotFound)?;
        let removing = !remove.is_empty();
        let mut outcome = match selection {
            ClientSelection::Chosen(ids) if ids.is_empty() && removing => AddOutcome::default(),
            ClientSelection::Chosen(ids) => {
                let ids: Vec<Uuid> = ids.iter().copied().collect();
                let clients = AgentClients::load(&mut tx, firm_id, system_user_id, &ids).await?;
                let change = ClientChange {
                    add: ids,
                    remove: Vec::new(),
                };
                let plan = clients.plan(&change).map_err(AddError::Refused)?;
                if plan.add.is_empty() && plan.already_added.is_empty() {
                    return Err(AddError::NothingSelected);
                }
                let outcome = plan.write(&mut tx, actor, firm_id, system_user_id).await?;
                AddOutcome {
                    added: outcome.added.len(),
                    first_added: outcome.added.first().map(|c| c.name.clone()),
                    already_added: outcome.already_added.len(),
                    ..AddOutcome::default()
                }
            }
            ClientSelection::AllExcept(except) => {
                let except: Vec<Uuid> = except.iter().copied().collect();
                let unticked = candidates_among(&mut tx, &scope, &except).await?.len() as i64;
                let now = (scope.candidates() - unticked).max(0) as usize;
                if let Some(seen) = seen_count
                    && seen != now
                {
                    return Err(AddError::SelectionChanged { seen, now });
                }
                if now == 0 && !removing {
                    return Err(if scope.candidates() == 0 {
                        AddError::NoneAvailable
                    } else {
                        AddError::NothingSelected
                    });
                }
                let outcome = add_all_except(&mut tx, actor, &scope, &except).await?;
                if outcome.added != now {
                    // The counts disagree with the rows: a bug, and nothing is committed.
                    return Err(AddError::Store(StoreError::Corrupt(format!(
                        "{now} clients counted as available, {} added",
                        outcome.added
                    ))));
                }
                outcome
            }
        };
        if removing {
            let ids: Vec<Uuid> = remove.iter().copied().collect();
            let clients = AgentClients::load(&mut tx, firm_id, system_user_id, &ids).await?;
            let change = ClientChange {
                add: Vec::new(),
                remove: ids
                    .into_iter()
                    .filter(|id| clients.added.contains(id))
                    .collect(),
            };
            let plan = clients.plan(&change).map_err(AddError::Refused)?;
            let removed = plan
                .write(&mut tx, actor, firm_id, system_user_id)
                .await?
                .removed;
            if outcome.added + outcome.already_added + removed.len() == 0 {
                return Err(AddError::NothingSelected);
            }
            outcome.removed = removed.len();
            outcome.first_removed = removed.first().map(|c| c.name.clone());
        }
        tx.commit().await?;
        Ok(outcome)
    }

    /// Adds and removes clients of an agent system user the firm owns, as one change:
    /// every client is changed, or (if any one is refused) none, with every refusal named.
    /// Adding a client that is already there changes nothing for it.
    #[tracing::instrument(skip(self, actor, change), fields(add = change.add.len(), remove = change.remove.len()))]
    pub async fn change_clients(
        &self,
        actor: &Actor,
        firm_id: Uuid,
        system_user_id: Uuid,
        change: &ClientChange,
    ) -> Result<ChangeOutcome, AddError> {
        let mut tx = self.pool.begin().await?;
        lock_firm(&mut tx, firm_id).await?;
        let ids: Vec<Uuid> = change.add.iter().chain(&change.remove).copied().collect();
        let clients = AgentClients::load(&mut tx, firm_id, system_user_id, &ids).await?;
        let plan = clients.plan(change).map_err(AddError::Refused)?;
        let outcome = plan.write(&mut tx, actor, firm_id, system_user_id).await?;
        tx.commit().await?;
        Ok(outcome)
    }

    /// Removes one client from a system user the firm owns; NotFound if it was not there.
    #[tracing::instrument(skip(self, actor))]
    pub async fn remove_client(
        &self,
        actor: &Actor,
        firm_id: Uuid,
        system_user_id: Uuid,
        client_id: Uuid,
    ) -> StoreResult<Organization> {
        let change = ClientChange {
            add: Vec::new(),
            remove: vec![client_id],
        };
        match self
            .change_clients(actor, firm_id, system_user_id, &change)
            .await
        {
            Ok(outcome) => outcome
                .removed
                .into_iter()
                .next()
                .ok_or(StoreError::NotFound),
            Err(AddError::Store(e)) => Err(e),
            Err(_) => Err(StoreError::NotFound),
        }
    }

    /// The clients on a system user in organization number order, after `after` (a
    /// number), at most `limit` of them: the API's pages.
    #[tracing::instrument(skip(self))]
    pub async fn delegated_clients_after(
        &self,
        firm_id: Uuid,
        system_user_id: Uuid,
        after: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<Organization>> {
        // As for `delegated_clients`: planned with the system user's figures.
        let mut qb = QueryBuilder::new(
            "SELECT o.id, o.org_number, o.name, o.org_form
               FROM client_delegations d
               JOIN client_packages cp ON cp.firm_id = d.firm_id AND cp.client_id = d.client_id
               JOIN organizations o ON o.id = d.client_id
              WHERE d.firm_id = ",
        );
        qb.push_bind(firm_id)
            .push(" AND cp.firm_id = ")
            .push_bind(firm_id)
            .push(" AND d.system_user_id = ")
            .push_bind(system_user_id);
        if let Some(after) = after {
            qb.push(" AND cp.org_number > ").push_bind(after.to_owned());
        }
        qb.push(" ORDER BY cp.org_number LIMIT ").push_bind(limit);
        let rows = qb
            .build_query_as::<Organization>()
            .persistent(false)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows)
    }

    /// The firm's system users that `client_id` is on.
    #[tracing::instrument(skip(self))]
    pub async fn system_users_with_client(
        &self,
        firm_id: Uuid,
        client_id: Uuid,
    ) -> StoreResult<HashSet<Uuid>> {
        let ids = sqlx::query_scalar!(
            "SELECT system_user_id FROM client_delegations WHERE firm_id = $1 AND client_id = $2",
            firm_id,
            client_id
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(ids.into_iter().collect())
    }

    /// When each of `ids` that is on the system user was added, and by whom (the name of
    /// the person, when a person did it).
    pub async fn added_notes(
        &self,
        system_user_id: Uuid,
        ids: &[Uuid],
    ) -> StoreResult<Vec<(Uuid, OffsetDateTime, Option<String>)>> {
        let rows = sqlx::query!(
            r#"SELECT d.client_id, d.created_at, p.name AS "added_by?"
                 FROM client_delegations d LEFT JOIN persons p ON p.id = d.created_by
                WHERE d.system_user_id = $1 AND d.client_id = ANY($2)"#,
            system_user_id,
            ids
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| (r.client_id, r.created_at, r.added_by))
            .collect())
    }

    /// Of `ids`, the clients on the system user, in name order.
    pub async fn delegated_among_named(
        &self,
        system_user_id: Uuid,
        ids: &[Uuid],
    ) -> StoreResult<Vec<Organization>> {
        let orgs = sqlx::query_as!(
            Organization,
            "SELECT o.id, o.org_number, o.name, o.org_form
               FROM client_delegations d JOIN organizations o ON o.id = d.client_id
              WHERE d.system_user_id = $1 AND d.client_id = ANY($2)
              ORDER BY o.name, o.org_number",
            system_user_id,
            ids
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(orgs)
    }

    /// How many clients on the system user match `search` (a name or a number).
    pub async fn delegated_matching_count(
        &self,
        system_user_id: Uuid,
        search: &str,
    ) -> StoreResult<i64> {
        let mut conn = self.pool.acquire().await?;
        Ok(count_matching(&mut conn, system_user_id, search).await?)
    }

    /// Removes every client from an agent system user the firm owns — or, with a search,
    /// every client that matches it — with one audit event each, in one statement (the
    /// rows never leave the database). `seen` is how many the user was told would go: if
    /// that is no longer so, nothing is removed.
    #[tracing::instrument(skip(self, actor))]
    pub async fn remove_clients_matching(
        &self,
        actor: &Actor,
        firm_id: Uuid,
        system_user_id: Uuid,
        search: &str,
        seen: Option<usize>,
    ) -> Result<AddOutcome, AddError> {
        let mut tx = self.pool.begin().await?;
        lock_firm(&mut tx, firm_id).await?;
        let scope = agent_scope(&mut tx, firm_id, system_user_id)
            .await?
            .ok_or(AddError::NotFound)?;
        let searching = !search.trim().is_empty();
        let now = if searching {
            count_matching(&mut tx, system_user_id, search).await? as usize
        } else {
            scope.added as usize
        };
        // Nothing left (a second click): said so, before a count that no longer matches.
        if now == 0 {
            return Err(AddError::NothingSelected);
        }
        if let Some(seen) = seen
            && seen != now
        {
            return Err(AddError::SelectionChanged { seen, now });
        }
        let mut qb = QueryBuilder::new(
            "WITH gone AS (
                 DELETE FROM client_delegations d
                  WHERE d.system_user_id = ",
        );
        qb.push_bind(system_user_id)
            .push(" AND d.firm_id = ")
            .push_bind(firm_id);
        if searching {
            qb.push(
                " AND EXISTS (SELECT 1 FROM client_packages cp
                               WHERE cp.firm_id = d.firm_id AND cp.client_id = d.client_id",
            );
            push_search(&mut qb, search);
            qb.push(")");
        }
        qb.push(
            " RETURNING d.client_id
             ), named AS MATERIALIZED (
                 SELECT o.id, o.org_number, o.name FROM gone JOIN organizations o ON o.id = gone.client_id
             ), audited AS (
                 INSERT INTO audit_events
                     (actor_kind, actor_person_id, actor_name, on_behalf_of_id, action,
                      system_user_id, client_id, firm_id, details)
                 SELECT ",
        )
        .push_bind(actor.kind.code())
        .push(", ")
        .push_bind(actor.person_id)
        .push(", ")
        .push_bind(&actor.person_name)
        .push(", ")
        .push_bind(actor.on_behalf_of)
        .push(", ")
        .push_bind(Action::ClientDelegationRemoved.code())
        .push(", ")
        .push_bind(system_user_id)
        .push(", n.id, ")
        .push_bind(firm_id)
        .push(
            ", jsonb_build_object('client_org_number', n.org_number, 'client_name', n.name)
                   FROM named n
                 RETURNING 1
             )
             SELECT (SELECT count(*) FROM gone) AS removed,
                    (SELECT count(*) FROM audited) AS audited,
                    (SELECT name FROM named LIMIT 1) AS first_name",
        );
        let (removed, audited, first_name): (i64, i64, Option<String>) = qb
            .build_query_as()
            .persistent(false)
            .fetch_one(&mut *tx)
            .await?;
        if removed != audited || removed as usize != now {
            return Err(AddError::Store(StoreError::Corrupt(format!(
                "{now} clients counted, {removed} removed, {audited} audit events"
            ))));
        }
        tx.commit().await?;
        Ok(AddOutcome {
            removed: now,
            first_removed: first_name,
            ..AddOutcome::default()
        })
    }

    pub async fn delegated_client(
        &self,
        system_user_id: Uuid,
        client_id: Uuid,
    ) -> StoreResult<Option<Organization>> {
        let org = sqlx::query_as!(
            Organization,
            "SELECT o.id, o.org_number, o.name, o.org_form
               FROM client_delegations d JOIN organizations o ON o.id = d.client_id
              WHERE d.system_user_id = $1 AND d.client_id = $2",
            system_user_id,
            client_id
        )
        .fetch_optional(&self.pool)
        .await?;
        Ok(org)
    }
}

/// How many clients on the system user match `search` (every one for an empty search).
async fn count_matching(
    conn: &mut sqlx::PgConnection,
    system_user_id: Uuid,
    search: &str,
) -> sqlx::Result<i64> {
    let mut qb = QueryBuilder::new(
        "SELECT count(*) FROM client_delegations d
           JOIN client_packages cp ON cp.firm_id = d.firm_id AND cp.client_id = d.client_id
          WHERE d.system_user_id = ",
    );
    qb.push_bind(system_user_id);
    push_search(&mut qb, search);
    qb.build_query_scalar()
        .persistent(false)
        .fetch_one(conn)
        .await
}

impl Store {
    /// *Legg til din virksomhet*: puts the firm itself on its own agent (it holds every
    /// package for itself), or takes it off; one audit event when it changes. Returns
    /// whether anything changed.
    #[tracing::instrument(skip(self, actor))]
    pub async fn set_owner_on_agent(
        &self,
        actor: &Actor,
        firm_id: Uuid,
        system_user_id: Uuid,
        on: bool,
    ) -> Result<bool, AddError> {
        let mut tx = self.pool.begin().await?;
        lock_firm(&mut tx, firm_id).await?;
        let agent = sqlx::query_scalar!(
            "SELECT id FROM system_users WHERE id = $1 AND owner_id = $2 AND kind = 'agent'",
            system_user_id,
            firm_id
        )
        .fetch_optional(&mut *tx)
        .await?;
        if agent.is_none() {
            return Err(AddError::NotFound);
        }
        let changed = if on {
            sqlx::query_scalar!(
                "INSERT INTO client_delegations (system_user_id, firm_id, client_id, created_by)
                 VALUES ($1, $2, $2, $3) ON CONFLICT DO NOTHING RETURNING client_id",
                system_user_id,
                firm_id,
                actor.person_id
            )
            .fetch_optional(&mut *tx)
            .await?
        } else {
            sqlx::query_scalar!(
                "DELETE FROM client_delegations
                  WHERE system_user_id = $1 AND firm_id = $2 AND client_id = $2
                 RETURNING client_id",
                system_user_id,
                firm_id
            )
            .fetch_optional(&mut *tx)
            .await?
        }
        .is_some();
        if changed {
            let firm = super::relationships::organizations(&mut tx, &[firm_id])
                .await?
                .remove(&firm_id)
                .ok_or(StoreError::NotFound)?;
            let mut events = client_events(system_user_id, std::slice::from_ref(&firm));
            events[0].2["own_organization"] = json!(true);
            audit::record_many(
                &mut tx,
                actor,
                if on {
                    Action::ClientDelegationAdded
                } else {
                    Action::ClientDelegationRemoved
                },
                firm_id,
                &events,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(changed)
    }
}
