//! Who is asking: the person in the token, their roles for an organization, and the
//! agent system users they may act for.

use super::*;

/// A person calling with a valid end-user token (ID-porten, exchanged): the person as the
/// portal knows them, and the token's scopes.
pub struct EndUser {
    pub(super) person: Person,
    pub(super) claims: Claims,
}

impl EndUser {
    /// The token must carry `scope`; the write scope also allows reading.
    pub(super) fn require_scope(&self, scope: &'static str) -> ApiResult<()> {
        let implied_by = (scope == SCOPE_READ).then_some(SCOPE_WRITE);
        crate::web::api::require_scope(&self.claims, scope, implied_by)
    }

    /// The person acting for `org_id`, after THE permission check of the domain.
    pub(super) async fn acting_for(
        &self,
        state: &AppState,
        org_id: Uuid,
        permission: Permission,
    ) -> ApiResult<Actor> {
        let roles = state.store.roles_for(self.person.id, org_id).await?;
        self.actor_with(&roles, org_id, permission)
    }

    /// The actor for `org_id` if `roles` allow `permission`.
    pub(super) fn actor_with(
        &self,
        roles: &RoleSet,
        org_id: Uuid,
        permission: Permission,
    ) -> ApiResult<Actor> {
        roles.require(permission)?;
        Ok(Actor::person(self.person.id, &self.person.name, org_id))
    }

    /// The organization with this number, or `unknown-party`.
    pub(super) async fn party(&self, state: &AppState, org: &OrgNumber) -> ApiResult<Organization> {
        state
            .store
            .organization_by_number(org)
            .await?
            .ok_or_else(|| ApiError::UnknownParty(org.as_str().to_owned()))
    }

    /// The agent named by the `agent` parameter, as `agent` finds it.
    pub(super) async fn agent_named(
        &self,
        state: &AppState,
        agent: &AgentParams,
        permission: Permission,
    ) -> ApiResult<(SystemUser, Organization, Actor)> {
        let mut checks = Checks::default();
        let id = checks.uuid("agent", agent.agent.as_deref());
        checks.done()?;
        let id = id.ok_or(ApiError::NotFound)?;
        self.agent(state, id, permission).await
    }

    /// The agent system user with this id, if the person may act for its owner at all
    /// (else it is not found, as if it did not exist), checked for `permission`.
    pub(super) async fn agent(
        &self,
        state: &AppState,
        id: Uuid,
        permission: Permission,
    ) -> ApiResult<(SystemUser, Organization, Actor)> {
        let Representable {
            organization: owner,
            roles,
        } = state
            .store
            .system_user_owner_for(id, self.person.id)
            .await?
            .ok_or(ApiError::UnknownAgent)?;
        if !roles.permits(Permission::Represent) {
            return Err(ApiError::UnknownAgent);
        }
        let actor = self.actor_with(&roles, owner.id, permission)?;
        let su = state
            .store
            .system_user(owner.id, id)
            .await?
            .filter(|su| su.kind.is_agent())
            .ok_or(ApiError::UnknownAgent)?;
        Ok((su, owner, actor))
    }
}

impl EndUser {
    /// For the client lists: the agent to read, where to start and how many.
    pub(super) async fn agent_page(
        &self,
        state: &AppState,
        agent: &AgentParams,
        page: &PageParams,
    ) -> ApiResult<(SystemUser, Organization, Option<String>, usize)> {
        self.require_scope(SCOPE_READ)?;
        let mut checks = Checks::default();
        let id = checks.uuid("agent", agent.agent.as_deref());
        let paging = checks.page(page, CursorKind::Clients);
        checks.done()?;
        let (Some(id), Some((after, size))) = (id, paging) else {
            return Err(ApiError::NotFound);
        };
        let (su, owner, _) = self.agent(state, id, Permission::ViewSystemUsers).await?;
        Ok((su, owner, after, size))
    }
}

impl FromRequest for EndUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let (state, claims) = crate::web::api::bearer(&req).await?;
            let pid = claims
                .person
                .clone()
                .ok_or(TokenError::InvalidClaim("pid"))?;
            let person = state
                .store
                .person_by_national_id(&pid)
                .await?
                .ok_or(ApiError::UnknownPerson)?;
            Ok(EndUser { person, claims })
        })
    }
}
