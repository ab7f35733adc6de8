//! The client delegation API (`/authentication/api/v1/enduser/systemuser`): every
//! endpoint and error code, paging over several pages, the bulk change's all-or-nothing,
//! tokens and roles, and the OpenAPI document against the route table.

use std::collections::BTreeSet;

use crate::common::{DAGL, KADM, TILG, TestApp, api_call};
use klientdelegering::store::seed;
use klientdelegering::web::ROUTES;
use serde_json::{Value, json};
use uuid::Uuid;

const P: &str = "/authentication/api/v1/enduser/systemuser";
const READ: &str = "altinn:clientdelegations.read";
const WRITE: &str = "altinn:clientdelegations.write";

struct Api {
    app: TestApp,
    token: String,
}

impl Api {
    async fn new() -> Self {
        let app = TestApp::spawn().await;
        let token = app.person_token(KADM, WRITE).await;
        Self { app, token }
    }

    async fn call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        call_with(&self.app, &self.token, method, path, body).await
    }

    /// Clients the portal's own rule says can be added now, by organization number.
    async fn available(&self) -> Vec<(Uuid, String)> {
        let mut out: Vec<(Uuid, String)> = self
            .app
            .agent_options()
            .await
            .into_iter()
            .filter(|o| o.eligibility.is_available() && !o.already_added)
            .map(|o| (o.facts.client.id, o.facts.client.org_number))
            .collect();
        out.sort_by(|a, b| a.1.cmp(&b.1));
        out
    }

    /// A client of the firm that lacks a package the agent needs.
    async fn ineligible(&self) -> Uuid {
        self.app.unavailable_client().await.id
    }

    async fn events(&self) -> i64 {
        sqlx::query_scalar("SELECT count(*) FROM audit_events")
            .fetch_one(self.app.store.pool())
            .await
            .unwrap()
    }

    fn agent(&self) -> Uuid {
        self.app.agent.id
    }
}

async fn call_with(
    app: &TestApp,
    token: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let token = Some(token).filter(|t| !t.is_empty());
    let a = api_call(method.clone(), app.url(path), token, body).await;
    if a.status >= 400 {
        assert_eq!(
            a.content_type, "application/problem+json",
            "{method} {path}: errors are problems"
        );
        assert_eq!(a.body["status"], a.status, "{method} {path}: {}", a.body);
        assert_eq!(
            a.body["type"],
            format!(
                "urn:klientdelegering:problem:{}",
                a.body["code"].as_str().unwrap()
            ),
        );
    }
    (a.status, a.body)
}

/// Follows `links.next` from `first` to the end; every item's `key` field, in order.
async fn walk(api: &Api, first: &str, key: &str) -> (Vec<String>, usize) {
    let mut next = Some(first.to_owned());
    let (mut keys, mut pages) = (Vec::new(), 0);
    while let Some(path) = next {
        let (status, body) = api.call("GET", &path, None).await;
        assert_eq!(status, 200, "{path}: {body}");
        pages += 1;
        for item in body["data"].as_array().unwrap() {
            keys.push(item[key].as_str().unwrap().to_owned());
        }
        next = body["links"]["next"].as_str().map(str::to_owned);
        assert!(pages < 100, "paging ends");
    }
    (keys, pages)
}

#[tokio::test]
async fn lists_agents_and_clients_page_by_page() {
    let api = Api::new().await;
    let (status, body) = api
        .call(
            "GET",
            &format!("{P}/agents?party={}", seed::FIRM_ORG_NUMBER),
            None,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let agents = body["data"].as_array().unwrap();
    assert_eq!(agents.len(), 1, "the demo firm has one agent: {body}");
    let agent = &agents[0];
    assert_eq!(agent["id"], api.agent().to_string());
    assert_eq!(agent["userType"], "agent");
    assert_eq!(agent["reporteeOrgNo"], seed::FIRM_ORG_NUMBER);
    assert_eq!(agent["integrationTitle"], seed::AGENT_SYSTEM_USER_NAME);
    let packages: BTreeSet<&str> = agent["accessPackages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["urn"].as_str().unwrap())
        .collect();
    assert_eq!(
        packages,
        BTreeSet::from([
            "urn:altinn:accesspackage:regnskapsforer-lonn",
            "urn:altinn:accesspackage:regnskapsforer-med-signeringsrettighet"
        ])
    );
    assert!(body["links"]["next"].is_null(), "one page: {body}");

    // Available clients, four to a page: every one the portal's rule allows, once each,
    // in organization number order.
    let expected: Vec<String> = api.available().await.into_iter().map(|(_, n)| n).collect();
    assert!(expected.len() > 8, "enough for several pages");
    let (numbers, pages) = walk(
        &api,
        &format!("{P}/clients/available?agent={}&pageSize=4", api.agent()),
        "clientOrganizationNumber",
    )
    .await;
    assert_eq!(numbers, expected);
    assert_eq!(pages, expected.len().div_ceil(4));

    // The agent's clients, two to a page.
    let mut on_agent: Vec<String> = Vec::new();
    for id in api.app.delegated().await {
        on_agent.push(
            api.app
                .store
                .organization(id)
                .await
                .unwrap()
                .unwrap()
                .org_number,
        );
    }
    on_agent.sort();
    assert!(on_agent.len() >= 3);
    let (numbers, pages) = walk(
        &api,
        &format!("{P}/clients?agent={}&pageSize=2", api.agent()),
        "clientOrganizationNumber",
    )
    .await;
    assert_eq!(numbers, on_agent);
    assert_eq!(pages, on_agent.len().div_ceil(2));

    // The list shape of Altinn's API.
    let (_, body) = api
        .call("GET", &format!("{P}/clients?agent={}", api.agent()), None)
        .await;
    assert_eq!(
        body["systemUserInformation"]["systemUserId"],
        api.agent().to_string()
    );
    assert_eq!(
        body["systemUserInformation"]["systemUserOwnerOrg"],
        seed::FIRM_ORG_NUMBER
    );
    let first = &body["data"][0];
    assert!(Uuid::parse_str(first["clientId"].as_str().unwrap()).is_ok());
    assert!(first["clientOrganizationName"].as_str().is_some());
}

#[tokio::test]
async fn a_page_continues_where_the_last_one_ended_while_clients_are_added() {
    let api = Api::new().await;
    let available = api.available().await;
    let (_, first) = api
        .call(
            "GET",
            &format!("{P}/clients/available?agent={}&pageSize=3", api.agent()),
            None,
        )
        .await;
    // Meanwhile someone adds the first page's clients: the next page does not repeat or
    // skip anything that is still available.
    for (id, _) in &available[..3] {
        let (s, b) = api
            .call(
                "POST",
                &format!("{P}/clients?agent={}&client={id}", api.agent()),
                None,
            )
            .await;
        assert_eq!(s, 201, "{b}");
    }
    let next = first["links"]["next"].as_str().unwrap();
    let (_, second) = api.call("GET", next, None).await;
    let got: Vec<&str> = second["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["clientOrganizationNumber"].as_str().unwrap())
        .collect();
    let want: Vec<&str> = available[3..6].iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(got, want);
}

#[tokio::test]
async fn adds_and_removes_one_client_with_the_portals_rules_and_audit() {
    let api = Api::new().await;
    let (client, number) = api.available().await[0].clone();
    let add = format!("{P}/clients?agent={}&client={client}", api.agent());

    let (status, body) = api.call("POST", &add, None).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body, json!({ "agent": api.agent(), "client": client }));
    assert!(api.app.delegated().await.contains(&client));
    let events = api.app.audit_for("client_delegation.added", client).await;
    assert_eq!(events.len(), 1, "one audit event, as in the portal");
    let actor: (Option<String>, Option<Uuid>) = sqlx::query_as(
        "SELECT actor_name, on_behalf_of_id FROM audit_events
          WHERE action = 'client_delegation.added' AND client_id = $1",
    )
    .bind(client)
    .fetch_one(api.app.store.pool())
    .await
    .unwrap();
    assert_eq!(actor.1, Some(api.app.firm.id), "on behalf of the firm");
    assert!(actor.0.is_some(), "the person is named: {actor:?}");

    // Again: already there, nothing changes.
    let (status, _) = api.call("POST", &add, None).await;
    assert_eq!(status, 200);
    assert_eq!(
        api.app
            .audit_for("client_delegation.added", client)
            .await
            .len(),
        1
    );

    // The portal shows it on the system access page.
    let portal = api.app.logged_in(KADM, api.app.firm.id).await;
    let name = api
        .app
        .store
        .organization(client)
        .await
        .unwrap()
        .unwrap()
        .name;
    let page = crate::common::ok_page(
        &portal,
        api.app
            .url(&format!("/systemtilganger/{}?q={number}", api.agent())),
    )
    .await;
    assert!(page.contains(&name), "the portal lists {name}");

    // Named by organization number, removed.
    let remove = format!("{P}/clients?agent={}&client={number}", api.agent());
    let (status, body) = api.call("DELETE", &remove, None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["client"], client.to_string());
    assert!(!api.app.delegated().await.contains(&client));
    assert_eq!(
        api.app
            .audit_for("client_delegation.removed", client)
            .await
            .len(),
        1
    );
    let page = crate::common::ok_page(
        &portal,
        api.app
            .url(&format!("/systemtilganger/{}?q={number}", api.agent())),
    )
    .await;
    assert!(!page.contains(&name), "the portal no longer lists {name}");

    // Again: not on the agent.
    let (status, body) = api.call("DELETE", &remove, None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (404, Some("client-not-delegated"))
    );
    assert_eq!(body["errors"][0]["parameter"], "client");
}

#[tokio::test]
async fn a_client_the_rule_refuses_is_not_added() {
    let api = Api::new().await;
    let before = (api.app.delegated().await, api.events().await);

    let ineligible = api.ineligible().await;
    let (status, body) = api
        .call(
            "POST",
            &format!("{P}/clients?agent={}&client={ineligible}", api.agent()),
            None,
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("client-not-eligible")),
        "{body}"
    );
    let missing = body["errors"][0]["missingPackages"].as_array().unwrap();
    assert_eq!(missing.len(), 1, "{body}");
    assert!(
        missing[0]
            .as_str()
            .unwrap()
            .starts_with("urn:altinn:accesspackage:")
    );

    // An organization the firm has no relationship with, by number.
    let stranger = api.app.org(seed::NO_RELATIONSHIP_CLIENT).await;
    let (status, body) = api
        .call(
            "POST",
            &format!(
                "{P}/clients?agent={}&client={}",
                api.agent(),
                stranger.org_number
            ),
            None,
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("not-a-client")),
        "{body}"
    );

    // A client named by nothing valid.
    let (status, body) = api
        .call(
            "POST",
            &format!("{P}/clients?agent={}&client=12345", api.agent()),
            None,
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("invalid-parameter"))
    );
    assert_eq!(body["errors"][0]["code"], "invalid-client");

    assert_eq!(
        (api.app.delegated().await, api.events().await),
        before,
        "nothing changed"
    );
}

#[tokio::test]
async fn a_bulk_change_is_all_or_nothing_and_answers_per_client() {
    let api = Api::new().await;
    let bulk = format!("{P}/clients/bulk?agent={}", api.agent());
    let available = api.available().await;
    let ineligible = api.ineligible().await;
    let on_agent = api.app.delegated().await;
    let before = (api.app.delegated().await, api.events().await);

    // Three good clients and one the rule refuses, plus a removal: nothing happens, and
    // the refused one is named where it stood in the body.
    let adds: Vec<String> = available[..3]
        .iter()
        .map(|(id, _)| id.to_string())
        .collect();
    let mut with_bad = adds.clone();
    with_bad.push(ineligible.to_string());
    let (status, body) = api
        .call(
            "POST",
            &bulk,
            Some(json!({ "add": with_bad, "remove": [on_agent[0]] })),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("clients-refused")),
        "{body}"
    );
    let errors = body["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{body}");
    assert_eq!(errors[0]["pointer"], "/add/3");
    assert_eq!(errors[0]["code"], "client-not-eligible");
    assert_eq!(errors[0]["client"], ineligible.to_string());
    // A removal of a client that is not on the agent is refused too, with its pointer.
    let (status, body) = api
        .call(
            "POST",
            &bulk,
            Some(json!({ "add": adds, "remove": [available[5].0] })),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["pointer"], "/remove/0");
    assert_eq!(body["errors"][0]["code"], "client-not-delegated");
    assert_eq!(
        (api.app.delegated().await, api.events().await),
        before,
        "nothing changed"
    );

    // Without the bad one: every client changed, answered one by one.
    let mut adds_with_one_present = adds.clone();
    adds_with_one_present.push(on_agent[1].to_string());
    let (status, body) = api
        .call(
            "POST",
            &bulk,
            Some(json!({ "add": adds_with_one_present, "remove": [on_agent[0]] })),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let results = body["results"].as_array().unwrap();
    let status_of = |id: &str| {
        results
            .iter()
            .find(|r| r["clientId"] == id)
            .map(|r| r["status"].as_str().unwrap().to_owned())
    };
    for a in &adds {
        assert_eq!(status_of(a).as_deref(), Some("added"));
    }
    assert_eq!(
        status_of(&on_agent[1].to_string()).as_deref(),
        Some("alreadyAdded")
    );
    assert_eq!(
        status_of(&on_agent[0].to_string()).as_deref(),
        Some("removed")
    );
    let now: BTreeSet<Uuid> = api.app.delegated().await.into_iter().collect();
    for (id, _) in &available[..3] {
        assert!(now.contains(id));
    }
    assert!(!now.contains(&on_agent[0]));
    assert_eq!(
        api.events().await,
        before.1 + 4,
        "one event per client changed"
    );

    // Bodies that make no sense.
    for (body, code, pointer) in [
        (json!({}), "nothing-to-change", "/add"),
        (
            json!({ "add": ["not-a-client"] }),
            "invalid-client",
            "/add/0",
        ),
        (
            json!({ "add": [available[6].0], "remove": [available[6].0] }),
            "client-in-add-and-remove",
            "/remove",
        ),
    ] {
        let (status, problem) = api.call("POST", &bulk, Some(body.clone())).await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (400, Some("validation-failed")),
            "{body}: {problem}"
        );
        assert_eq!(problem["errors"][0]["code"], code, "{problem}");
        assert_eq!(problem["errors"][0]["pointer"], pointer, "{problem}");
    }
    let (status, problem) = api
        .call(
            "POST",
            &bulk,
            Some(json!({ "add": [], "everything": true })),
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (400, Some("malformed-body"))
    );
    let too_many: Vec<String> = (0..5001).map(|_| Uuid::new_v4().to_string()).collect();
    let (status, problem) = api
        .call("POST", &bulk, Some(json!({ "remove": too_many })))
        .await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "too-many-clients");
}

#[tokio::test]
async fn tokens_scopes_and_roles_are_checked_as_in_the_portal() {
    let api = Api::new().await;
    let app = &api.app;
    let agents = format!("{P}/agents?party={}", seed::FIRM_ORG_NUMBER);
    let clients = format!("{P}/clients?agent={}", api.agent());
    let (client, _) = api.available().await[0].clone();
    let add = format!("{P}/clients?agent={}&client={client}", api.agent());
    let code = |r: (u16, Value)| (r.0, r.1["code"].as_str().unwrap_or("").to_owned());

    // No token, a vendor's token (no person), a token without the scope.
    assert_eq!(
        code(call_with(app, "", "GET", &agents, None).await),
        (401, "token-missing".into())
    );
    let vendor = app.vendor_token(seed::FIRM_ORG_NUMBER, READ).await;
    assert_eq!(
        code(call_with(app, &vendor, "GET", &agents, None).await),
        (401, "token-claim-invalid".into())
    );
    let reader = app.person_token(KADM, READ).await;
    assert_eq!(
        code(call_with(app, &reader, "GET", &clients, None).await).0,
        200
    );
    assert_eq!(
        code(call_with(app, &reader, "POST", &add, None).await),
        (403, "insufficient-scope".into())
    );
    let no_scope = app.person_token(KADM, "openid").await;
    assert_eq!(
        code(call_with(app, &no_scope, "GET", &clients, None).await),
        (403, "insufficient-scope".into())
    );

    // A person the portal does not know.
    let nobody = (0..1000)
        .map(|n| format!("0101907{:02}{:02}", n / 100, n % 100))
        .find(|c| klientdelegering::domain::NationalId::parse(c).is_ok())
        .unwrap();
    let unknown = app.person_token(&nobody, WRITE).await;
    assert_eq!(
        code(call_with(app, &unknown, "GET", &agents, None).await),
        (403, "unknown-person".into())
    );

    // A person of another organization: not its party, and the agent does not exist for it.
    let other = app.person_token(seed::OTHER_FIRM_PERSON, WRITE).await;
    assert_eq!(
        code(call_with(app, &other, "GET", &agents, None).await),
        (403, "forbidden".into())
    );
    assert_eq!(
        code(call_with(app, &other, "GET", &clients, None).await),
        (404, "unknown-agent".into())
    );
    assert_eq!(
        code(call_with(app, &other, "POST", &add, None).await),
        (404, "unknown-agent".into())
    );

    // Tilgangsstyrer reads, but may not manage clients; Daglig leder may.
    let tilg = app.person_token(TILG, WRITE).await;
    assert_eq!(
        code(call_with(app, &tilg, "GET", &clients, None).await).0,
        200
    );
    assert_eq!(
        code(call_with(app, &tilg, "POST", &add, None).await),
        (403, "forbidden".into())
    );
    let dagl = app.person_token(DAGL, WRITE).await;
    assert_eq!(code(call_with(app, &dagl, "POST", &add, None).await).0, 201);

    // Parameters.
    let standard: Uuid =
        sqlx::query_scalar("SELECT id FROM system_users WHERE owner_id = $1 AND kind = 'standard'")
            .bind(app.firm.id)
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    // A valid organization number the portal does not know.
    let unknown_org = (399_000_000..399_001_000)
        .map(|n: u32| n.to_string())
        .find(|n| klientdelegering::domain::OrgNumber::parse(n).is_ok())
        .unwrap();
    for (path, status, code_) in [
        (
            format!("{P}/clients?agent={standard}"),
            404,
            "unknown-agent",
        ),
        (
            format!("{P}/clients?agent={}", Uuid::new_v4()),
            404,
            "unknown-agent",
        ),
        (
            format!("{P}/agents?party={unknown_org}"),
            404,
            "unknown-party",
        ),
        (format!("{P}/agents?party=123"), 400, "invalid-parameter"),
        (format!("{P}/agents"), 400, "invalid-parameter"),
        (format!("{P}/clients"), 400, "invalid-parameter"),
        (format!("{P}/clients?agent=x"), 400, "invalid-parameter"),
        (format!("{clients}&pageSize=0"), 400, "invalid-parameter"),
        (format!("{clients}&pageSize=1001"), 400, "invalid-parameter"),
        (format!("{clients}&cursor=bm9wZQ"), 400, "invalid-parameter"),
        (format!("{P}/nothing-here"), 404, "not-found"),
    ] {
        let (s, body) = api.call("GET", &path, None).await;
        assert_eq!(
            (s, body["code"].as_str().unwrap()),
            (status, code_),
            "{path}: {body}"
        );
    }
    // Every parameter problem at once, each named.
    let (_, body) = api
        .call("GET", &format!("{P}/clients?pageSize=x&cursor=%%"), None)
        .await;
    let named: BTreeSet<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["parameter"].as_str().unwrap())
        .collect();
    assert_eq!(
        named,
        BTreeSet::from(["agent", "cursor", "pageSize"]),
        "{body}"
    );

    // A method the address does not take.
    let r = reqwest::Client::new()
        .put(app.url(&agents))
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    assert_eq!(r.headers()["allow"], "GET");
}

#[tokio::test]
async fn the_document_lists_exactly_the_routes_and_is_readable() {
    let app = TestApp::spawn().await;
    let r = reqwest::get(app.url("/api/openapi.json")).await.unwrap();
    assert_eq!(r.status(), 200);
    let doc: Value = r.json().await.unwrap();
    assert_eq!(doc["openapi"], "3.1.0");

    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            documented.insert((method.to_uppercase(), path.clone()));
            let responses = op["responses"].as_object().unwrap();
            for status in ["400", "401", "403", "503"] {
                assert!(
                    responses.contains_key(status),
                    "{method} {path} documents {status}"
                );
            }
            // Whatever is addressed by a path or a query can be missing.
            if path.contains('{') || !op["parameters"].as_array().is_none_or(Vec::is_empty) {
                assert!(
                    responses.contains_key("404"),
                    "{method} {path} documents 404"
                );
            }
            // People call the client delegation API, vendors the rest.
            let scheme = if path.starts_with(P) {
                "bearer"
            } else {
                "maskinporten"
            };
            let scopes = op["security"][0][scheme].as_array();
            assert!(
                scopes.is_some_and(|s| s.len() == 1),
                "{method} {path}: {scheme}"
            );
            assert!(op["summary"].as_str().is_some_and(|s| !s.is_empty()));
            assert!(op["tags"][0].is_string(), "{method} {path} has a tag");
        }
    }
    let routed: BTreeSet<(String, String)> = ROUTES
        .iter()
        .filter(|r| r.path.starts_with("/authentication/api/v1/"))
        .map(|r| (r.method.to_owned(), r.path.to_owned()))
        .collect();
    assert_eq!(documented, routed, "the document and the route table agree");
    assert_eq!(routed.iter().filter(|(_, p)| p.starts_with(P)).count(), 11);
    assert_eq!(routed.len(), 11 + 22, "the vendor API is documented too");
    // Every tag used is declared, with a description.
    for (_, item) in doc["paths"].as_object().unwrap() {
        for (_, op) in item.as_object().unwrap() {
            let tag = op["tags"][0].as_str().unwrap();
            assert!(
                doc["tags"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|t| t["name"] == tag && t["description"].is_string()),
                "tag {tag} is declared"
            );
        }
    }
    // Every schema that is referenced exists.
    let text = doc.to_string();
    for part in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = part.split('"').next().unwrap();
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "schema {name} is defined"
        );
    }

    let (status, page) =
        crate::common::get_page(&TestApp::client(), app.url("/api/dokumentasjon")).await;
    assert_eq!(status, 200);
    for (method, path) in &routed {
        assert!(
            page.contains(&format!("{method} {path}")),
            "the page documents {method} {path}"
        );
    }
    assert!(page.contains("clients-refused") && page.contains("links.next"));
    assert!(
        page.contains("altinn:authentication/systemregister.write")
            && page.contains("ChangeRequestOut"),
        "the page shows the vendor API's scopes and shapes"
    );
}

/// The firm's requests for fullmakt through the API: asked (with every field checked),
/// listed newest first over pages, read, withdrawn; one open request per client; who may.
#[tokio::test]
async fn requests_for_fullmakt_are_asked_listed_read_and_withdrawn() {
    let api = Api::new().await;
    let firm = seed::FIRM_ORG_NUMBER;
    let list = format!("{P}/fullmaktrequests?party={firm}");
    let (status, body) = api.call("GET", &list, None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["data"].as_array().unwrap().len(),
        1,
        "the demo's request"
    );
    assert_eq!(body["data"][0]["status"], "pending");

    let bakeri = api.app.org(seed::NO_RELATIONSHIP_CLIENT).await;
    let signing = "urn:altinn:accesspackage:regnskapsforer-med-signeringsrettighet";
    let payroll = "urn:altinn:accesspackage:regnskapsforer-lonn";
    let ask = json!({
        "clientOrgNo": bakeri.org_number,
        "accessPackages": [signing, payroll],
        "agentId": api.app.agent.id,
        "message": "Hei!",
    });
    let (status, made) = api.call("POST", &list, Some(ask.clone())).await;
    assert_eq!(status, 201, "{made}");
    let id = made["id"].as_str().unwrap().to_owned();
    assert_eq!(made["status"], "pending");
    assert_eq!(made["clientOrgNo"], bakeri.org_number.as_str());
    assert_eq!(made["agentId"], api.app.agent.id.to_string());
    assert_eq!(made["answerPath"], format!("/fullmakter/foresporsler/{id}"));
    assert_eq!(made["accessPackages"].as_array().unwrap().len(), 2);
    // One open request per client.
    let (status, problem) = api.call("POST", &list, Some(ask)).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("request-open"))
    );
    assert_eq!(problem["existingRequestId"], id.as_str());
    // Every field checked at once.
    let (status, problem) = api
        .call(
            "POST",
            &list,
            Some(json!({
                "clientOrgNo": "12",
                "accessPackages": ["urn:altinn:accesspackage:skattegrunnlag"],
                "message": "x".repeat(501),
            })),
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (400, Some("validation-failed"))
    );
    let pointers: BTreeSet<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pointer"].as_str().unwrap())
        .collect();
    assert_eq!(
        pointers,
        BTreeSet::from(["/clientOrgNo", "/accessPackages", "/message"]),
        "{problem}"
    );
    let (status, problem) = api
        .call(
            "POST",
            &list,
            Some(json!({ "clientOrgNo": firm, "accessPackages": [signing] })),
        )
        .await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "request-to-self");

    // Read, and the list newest first over pages of one.
    let (status, read) = api
        .call("GET", &format!("{P}/fullmaktrequests/{id}"), None)
        .await;
    assert_eq!((status, read["id"].as_str()), (200, Some(id.as_str())));
    let (_, first) = api.call("GET", &format!("{list}&pageSize=1"), None).await;
    assert_eq!(first["data"][0]["id"], id.as_str(), "newest first");
    let next = first["links"]["next"].as_str().unwrap().to_owned();
    let (status, second) = api.call("GET", &next, None).await;
    assert_eq!(status, 200, "{second}");
    assert_eq!(
        second["data"][0]["clientOrgNo"],
        api.app.org(seed::ASKED_CLIENT).await.org_number.as_str()
    );
    assert!(second["links"]["next"].is_null(), "{second}");
    let (status, problem) = api
        .call("GET", &format!("{list}&cursor=bm90LWEtY3Vyc29y"), None)
        .await;
    assert_eq!(status, 400, "{problem}");

    // Who may: a Tilgangsstyrer reads but does not ask or withdraw; another firm sees
    // nothing of it.
    let tilg = api.app.person_token(TILG, WRITE).await;
    let (status, _) = call_with(
        &api.app,
        &tilg,
        "GET",
        &format!("{P}/fullmaktrequests/{id}"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let (status, problem) = call_with(
        &api.app,
        &tilg,
        "DELETE",
        &format!("{P}/fullmaktrequests/{id}"),
        None,
    )
    .await;
    assert_eq!((status, problem["code"].as_str()), (403, Some("forbidden")));
    let other = api.app.person_token(crate::common::OTHER_FIRM, WRITE).await;
    let (status, problem) = call_with(
        &api.app,
        &other,
        "GET",
        &format!("{P}/fullmaktrequests/{id}"),
        None,
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (404, Some("unknown-request"))
    );

    // Withdrawn once; then it is no longer open.
    let (status, gone) = api
        .call("DELETE", &format!("{P}/fullmaktrequests/{id}"), None)
        .await;
    assert_eq!(
        (status, gone["status"].as_str()),
        (200, Some("withdrawn")),
        "{gone}"
    );
    let (status, problem) = api
        .call("DELETE", &format!("{P}/fullmaktrequests/{id}"), None)
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("request-not-open"))
    );
    let (status, problem) = api
        .call(
            "GET",
            &format!("{P}/fullmaktrequests/{}", Uuid::new_v4()),
            None,
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (404, Some("unknown-request"))
    );
}

/// An agent's automatic adding, through the API.
#[tokio::test]
async fn the_automatic_adding_setting_is_turned_on_and_off() {
    let api = Api::new().await;
    let path = format!("{P}/agents/autoadd?agent={}", api.app.agent.id);
    let on: bool = sqlx::query_scalar("SELECT auto_add FROM system_users WHERE id = $1")
        .bind(api.app.agent.id)
        .fetch_one(api.app.store.pool())
        .await
        .unwrap();
    assert!(!on);
    let (status, body) = api
        .call("PUT", &path, Some(json!({ "autoAdd": true })))
        .await;
    assert_eq!(
        (status, body["autoAdd"].as_bool()),
        (200, Some(true)),
        "{body}"
    );
    let on: bool = sqlx::query_scalar("SELECT auto_add FROM system_users WHERE id = $1")
        .bind(api.app.agent.id)
        .fetch_one(api.app.store.pool())
        .await
        .unwrap();
    assert!(on);
    let tilg = api.app.person_token(TILG, WRITE).await;
    let (status, _) = call_with(
        &api.app,
        &tilg,
        "PUT",
        &path,
        Some(json!({ "autoAdd": false })),
    )
    .await;
    assert_eq!(status, 403);
    let (status, body) = api
        .call("PUT", &path, Some(json!({ "autoAdd": false })))
        .await;
    assert_eq!((status, body["autoAdd"].as_bool()), (200, Some(false)));
    // Not a boolean; and an array, which serde would read as the struct's fields in order:
    // the document allows an object only.
    for wrong in [json!({ "autoAdd": "ja" }), json!([true])] {
        let (status, problem) = api.call("PUT", &path, Some(wrong.clone())).await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (400, Some("malformed-body")),
            "{wrong}"
        );
    }
}
