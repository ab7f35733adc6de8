//! The JSON bodies the API reads and writes, as the OpenAPI document describes them.

use super::*;

/// Paging links: `next` is the address of the next page, absent on the last one.
#[derive(Debug, Serialize, ToSchema)]
pub struct Links {
    /// The next page's address (path and query), absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) next: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AccessPackageRef {
    #[schema(example = "urn:altinn:accesspackage:regnskapsforer-lonn")]
    pub(super) urn: String,
}

/// An agent system user, in the shape of Altinn's `/agents`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgentSystemUser {
    pub(super) id: Uuid,
    /// The system user's name in the portal.
    pub(super) integration_title: String,
    pub(super) system_id: String,
    /// The system's name.
    pub(super) product_name: String,
    /// The owner's organization number.
    pub(super) reportee_org_no: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub(super) created: OffsetDateTime,
    pub(super) supplier_name: String,
    pub(super) supplier_orgno: String,
    pub(super) external_ref: String,
    pub(super) access_packages: Vec<AccessPackageRef>,
    /// Always `agent` here.
    #[schema(example = "agent")]
    pub(super) user_type: &'static str,
    /// How many clients the system user acts for now.
    pub(super) client_count: i64,
}

impl From<SystemUser> for AgentSystemUser {
    fn from(su: SystemUser) -> Self {
        Self {
            id: su.id,
            access_packages: su
                .packages
                .iter()
                .map(|p| AccessPackageRef {
                    urn: p.urn().to_owned(),
                })
                .collect(),
            integration_title: su.name,
            system_id: su.system_id,
            product_name: su.system_name.nb,
            reportee_org_no: String::new(),
            created: su.created_at,
            supplier_name: su.vendor_name,
            supplier_orgno: su.vendor_org_number,
            external_ref: su.external_ref,
            user_type: "agent",
            client_count: su.client_count,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AgentList {
    pub(super) links: Links,
    pub(super) data: Vec<AgentSystemUser>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SystemUserInformation {
    pub(super) system_user_id: Uuid,
    /// The owner's organization number.
    pub(super) system_user_owner_org: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClientInfo {
    pub(super) client_id: Uuid,
    pub(super) client_organization_number: String,
    pub(super) client_organization_name: String,
}

impl From<&Organization> for ClientInfo {
    fn from(o: &Organization) -> Self {
        Self {
            client_id: o.id,
            client_organization_number: o.org_number.clone(),
            client_organization_name: o.name.clone(),
        }
    }
}

/// Clients of (or available for) an agent system user, in Altinn's shape, by number.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClientList {
    pub(super) links: Links,
    pub(super) system_user_information: SystemUserInformation,
    pub(super) data: Vec<ClientInfo>,
}

/// A client added to or removed from an agent system user.
#[derive(Debug, Serialize, ToSchema)]
pub struct Delegation {
    pub(super) agent: Uuid,
    pub(super) client: Uuid,
}

/// Clients to add and to remove in one change: their `clientId`s or organization numbers.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkChange {
    #[serde(default)]
    #[schema(max_items = 5000, value_type = Vec<ClientRef>)]
    pub(super) add: Vec<String>,
    #[serde(default)]
    #[schema(max_items = 5000, value_type = Vec<ClientRef>)]
    pub(super) remove: Vec<String>,
}

/// A client: its `clientId` (a UUID) or its organization number (nine digits).
#[derive(ToSchema)]
#[schema(
    value_type = String,
    pattern = r"^([0-9]{9}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$",
    example = "315000009"
)]
#[allow(dead_code)] // only described, never built: the body's lists hold plain strings
pub struct ClientRef(String);

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum BulkStatus {
    Added,
    AlreadyAdded,
    Removed,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BulkItem {
    pub(super) client_id: Uuid,
    pub(super) client_organization_number: String,
    pub(super) client_organization_name: String,
    pub(super) status: BulkStatus,
}

/// What a bulk change did, client by client.
#[derive(Debug, Serialize, ToSchema)]
pub struct BulkResult {
    pub(super) agent: Uuid,
    pub(super) results: Vec<BulkItem>,
}
