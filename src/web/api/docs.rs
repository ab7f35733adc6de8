//! The OpenAPI 3.1 document of the portal's APIs — the client delegation API for people
//! and the vendor API for system vendors — collected (utoipa-actix-web) from the very
//! services `enduser::configure` and `vendor::configure` register, served as JSON at
//! `/api/openapi.json` and as a readable page at `/api/dokumentasjon`.

use std::sync::OnceLock;

use actix_web::http::StatusCode;
use actix_web::{App, HttpResponse};
use askama::Template;
use serde_json::Value;
use utoipa::openapi::OpenApi as Document;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

use super::problem::Problem;
use super::{enduser, vendor};
use crate::web::{Layout, WebResult, html};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Klientdelegering – client delegation and vendor API",
        version = "1.0.0",
        description = "Lets a person who acts for an accounting or auditing firm list the firm's \
            agent system users and add and remove the clients they act for, with the same rules \
            as the portal. Paths and shapes follow Altinn's \
            `/authentication/api/v1/enduser/systemuser`; this API adds cursor paging \
            (`links.next`) on every list and an all-or-nothing bulk change.\n\n\
            Authenticate with a bearer token (JWT) naming the person (`pid`) and carrying \
            `altinn:clientdelegations.read` (reading) or `altinn:clientdelegations.write` \
            (changing; it also allows reading). Errors are RFC 9457 problem details \
            (`application/problem+json`) with a stable `code`.\n\n\
            **Vendors** register their systems and ask customers for system users, and for \
            changes to them, under `/authentication/api/v1/systemregister/vendor` and \
            `/authentication/api/v1/systemuser/…/vendor`, with Altinn's paths and shapes. \
            Authenticate with a Maskinporten token (JWT) whose `consumer` is the vendor's \
            organization; a vendor sees only its own systems, requests and system users \
            (another vendor's are not found). Lists are Altinn's `Paginated`: 50 at a time, \
            `links.next` the next page's address.",
        license(name = "MIT", identifier = "MIT")
    ),
    modifiers(&BearerAuth),
    components(schemas(Problem)),
    tags(
        (name = "Client delegation", description = "Agent system users and their clients"),
        (name = "Requests for fullmakt", description = "A firm asks a client for access packages"),
        (name = "System register", description = "A vendor's systems"),
        (name = "System user requests", description = "A vendor asks a customer for a system user"),
        (name = "System users", description = "The system users made for a vendor's systems"),
        (name = "Change requests", description = "A vendor asks a customer to change a system user's access packages"),
    )
)]
struct ApiBase;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut Document) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "An end-user token with the person (pid) and the client delegation scopes.",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "maskinporten",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "A Maskinporten token naming the vendor (consumer) with the system \
                         register or system user request scopes.",
                    ))
                    .build(),
            ),
        );
    }
}

/// The document, built from the registered services.
pub fn document() -> Document {
    let (_, doc) = App::new()
        .into_utoipa_app()
        .openapi(ApiBase::openapi())
        .configure(enduser::configure)
        .configure(vendor::configure)
        .split_for_parts();
    doc
}

/// The document, made once: as a value for the page and as JSON to serve.
fn made() -> &'static (Value, String) {
    static DOC: OnceLock<(Value, String)> = OnceLock::new();
    DOC.get_or_init(|| {
        let doc = document();
        let json = doc
            .to_pretty_json()
            .unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
        (serde_json::from_str(&json).unwrap_or_default(), json)
    })
}

/// GET /api/openapi.json
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .insert_header(("Cache-Control", "no-cache"))
        .body(made().1.as_str())
}

/// A piece of text, `code` where the document wrote it between backticks.
pub struct Span {
    pub code: bool,
    pub text: String,
}

/// Paragraphs (split at blank lines) of spans.
pub type Text = Vec<Vec<Span>>;

fn text_of(s: &str) -> Text {
    s.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            p.split('`')
                .enumerate()
                .filter(|(_, t)| !t.is_empty())
                .map(|(i, t)| Span {
                    code: i % 2 == 1,
                    text: t.replace('\n', " "),
                })
                .collect()
        })
        .collect()
}

pub struct DocParameter {
    pub name: String,
    pub location: String,
    pub required: bool,
    pub description: Text,
}

pub struct DocResponse {
    pub status: String,
    pub description: Text,
    pub schema: String,
}

pub struct DocOperation {
    pub method: String,
    pub path: String,
    pub anchor: String,
    pub summary: String,
    pub description: Text,
    pub scopes: String,
    pub parameters: Vec<DocParameter>,
    pub body: String,
    pub responses: Vec<DocResponse>,
}

pub struct DocField {
    pub name: String,
    pub kind: String,
    pub description: Text,
}

pub struct DocSchema {
    pub name: String,
    pub description: Text,
    pub fields: Vec<DocField>,
}

#[derive(Template)]
#[template(path = "api/docs.html")]
struct DocsPage {
    layout: Layout,
    title: String,
    version: String,
    description: Text,
    operations: Vec<DocOperation>,
    schemas: Vec<DocSchema>,
}

/// GET /api/dokumentasjon: the document, readable.
pub async fn page() -> WebResult<HttpResponse> {
    let doc = &made().0;
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let page = DocsPage {
        layout: Layout::anonymous(crate::web::i18n::t("api-docs-title")),
        title: text(&doc["info"]["title"]),
        version: text(&doc["info"]["version"]),
        description: text_of(&text(&doc["info"]["description"])),
        operations: operations(doc),
        schemas: schemas(doc),
    };
    html(StatusCode::OK, &page)
}

/// The name of a referenced schema (`#/components/schemas/X` → X), or the type.
fn schema_name(schema: &Value) -> String {
    if let Some(r) = schema["$ref"].as_str() {
        return r.rsplit('/').next().unwrap_or(r).to_owned();
    }
    if schema["type"] == "array" {
        return format!("[{}]", schema_name(&schema["items"]));
    }
    if let Some(one) = schema["oneOf"].as_array() {
        return one
            .iter()
            .map(schema_name)
            .filter(|n| n != "null")
            .collect::<Vec<_>>()
            .join(" | ");
    }
    match &schema["type"] {
        Value::String(t) => schema["format"]
            .as_str()
            .map_or_else(|| t.clone(), |f| format!("{t} ({f})")),
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .collect::<Vec<_>>()
            .join(" | "),
        _ => String::new(),
    }
}

fn operations(doc: &Value) -> Vec<DocOperation> {
    let mut out = Vec::new();
    let Some(paths) = doc["paths"].as_object() else {
        return out;
    };
    for (path, item) in paths {
        let Some(methods) = item.as_object() else {
            continue;
        };
        for (method, op) in methods {
            let description = op["description"].as_str().unwrap_or_default();
            let scopes = op["security"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_object)
                .flat_map(|schemes| schemes.values())
                .filter_map(Value::as_array)
                .flatten()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", ");
            let parameters = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| DocParameter {
                    name: p["name"].as_str().unwrap_or_default().to_owned(),
                    location: p["in"].as_str().unwrap_or_default().to_owned(),
                    required: p["required"].as_bool().unwrap_or(false),
                    description: text_of(p["description"].as_str().unwrap_or_default()),
                })
                .collect();
            let body = op["requestBody"]["content"]["application/json"]["schema"].clone();
            let responses = op["responses"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(status, r)| DocResponse {
                    status: status.clone(),
                    description: text_of(r["description"].as_str().unwrap_or_default()),
                    schema: r["content"]
                        .as_object()
                        .and_then(|c| c.values().next())
                        .map(|c| schema_name(&c["schema"]))
                        .unwrap_or_default(),
                })
                .collect();
            out.push(DocOperation {
                method: method.to_uppercase(),
                anchor: format!("{method}-{}", path.replace(['/', '{', '}'], "-")),
                path: path.clone(),
                summary: op["summary"].as_str().unwrap_or_default().to_owned(),
                description: text_of(description),
                scopes,
                parameters,
                body: if body.is_null() {
                    String::new()
                } else {
                    schema_name(&body)
                },
                responses,
            });
        }
    }
    out
}

fn schemas(doc: &Value) -> Vec<DocSchema> {
    let Some(all) = doc["components"]["schemas"].as_object() else {
        return Vec::new();
    };
    all.iter()
        .map(|(name, s)| {
            let required: Vec<&str> = s["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let fields = s["properties"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(field, p)| DocField {
                    kind: format!(
                        "{}{}",
                        schema_name(p),
                        if required.contains(&field.as_str()) {
                            ""
                        } else {
                            ", optional"
                        }
                    ),
                    name: field.clone(),
                    description: text_of(p["description"].as_str().unwrap_or_default()),
                })
                .collect();
            let description = match s["enum"].as_array() {
                Some(values) => format!(
                    "One of: {}",
                    values
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                None => s["description"].as_str().unwrap_or_default().to_owned(),
            };
            DocSchema {
                name: name.clone(),
                description: text_of(&description),
                fields,
            }
        })
        .collect()
}
