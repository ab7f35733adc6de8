//! The query parameters, checked all at once, and the cursors that page every list.

use super::*;

/// Paging: where to continue (`links.next` carries it) and how many per page.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Where to continue: the `cursor` of the previous page's `links.next`.
    #[param(max_length = 200)]
    pub(super) cursor: Option<String>,
    /// How many items per page (1–1000; 100 if not given).
    #[serde(rename = "pageSize")]
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000, example = 100)]
    pub(super) page_size: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PartyParams {
    /// The organization number of the organization owning the system users.
    #[param(required = true, value_type = String, example = "311037889", pattern = "^[0-9]{9}$")]
    pub(super) party: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AgentParams {
    /// The agent system user's id.
    #[param(required = true, value_type = String, format = Uuid)]
    pub(super) agent: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClientParams {
    /// The agent system user's id.
    #[param(required = true, value_type = String, format = Uuid)]
    pub(super) agent: Option<String>,
    /// The client: its `clientId`, or its organization number.
    #[param(required = true, value_type = String, example = "315000009", pattern = r"^([0-9]{9}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$")]
    pub(super) client: Option<String>,
}

/// Collects every parameter problem, so one answer names them all.
#[derive(Default)]
pub(super) struct Checks(pub(super) Vec<ParameterError>);

impl Checks {
    pub(super) fn fail(
        &mut self,
        parameter: &'static str,
        code: &'static str,
        detail: impl Into<String>,
    ) {
        self.0.push(ParameterError {
            parameter,
            code,
            detail: detail.into(),
        });
    }

    /// The `party` parameter: an organization number.
    pub(super) fn party(&mut self, value: Option<&str>) -> Option<OrgNumber> {
        match value {
            None | Some("") => {
                self.fail("party", "missing", "Give the parameter party.");
                None
            }
            Some(p) => strict_org_number(p)
                .map_err(|e| self.fail("party", "invalid-organization-number", e))
                .ok(),
        }
    }

    pub(super) fn uuid(&mut self, parameter: &'static str, value: Option<&str>) -> Option<Uuid> {
        match value {
            None | Some("") => {
                self.fail(
                    parameter,
                    "missing",
                    format!("Give the parameter {parameter}."),
                );
                None
            }
            Some(v) => strict_uuid(v).or_else(|| {
                self.fail(
                    parameter,
                    "invalid-id",
                    format!("The parameter {parameter} must be an id (a UUID)."),
                );
                None
            }),
        }
    }

    pub(super) fn page(
        &mut self,
        params: &PageParams,
        kind: CursorKind,
    ) -> Option<(Option<String>, usize)> {
        let size = match params.page_size.as_deref() {
            None => Some(DEFAULT_PAGE_SIZE),
            Some(v) => match v.parse::<usize>() {
                Ok(n)
                    if (1..=MAX_PAGE_SIZE).contains(&n)
                        && v.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    Some(n)
                }
                _ => {
                    self.fail(
                        "pageSize",
                        "invalid-page-size",
                        format!("pageSize must be a whole number from 1 to {MAX_PAGE_SIZE}."),
                    );
                    None
                }
            },
        };
        let after = match params.cursor.as_deref() {
            None | Some("") => Some(None),
            Some(c) => match kind.decode(c) {
                Some(key) => Some(Some(key)),
                None => {
                    self.fail(
                        "cursor",
                        "invalid-cursor",
                        "The cursor is not one this list gave; start again without it.",
                    );
                    None
                }
            },
        };
        Some((after?, size?))
    }

    pub(super) fn done(self) -> ApiResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::InvalidParameters(self.0))
        }
    }
}

/// What a cursor points after: the last item's key, opaque to the caller.
#[derive(Clone, Copy)]
pub(super) enum CursorKind {
    /// Agents, by id.
    Agents,
    /// Clients, by organization number.
    Clients,
    /// Requests for fullmakt, newest first: created time (Unix nanoseconds) and id.
    Requests,
}

impl CursorKind {
    pub(super) fn tag(self) -> &'static str {
        match self {
            Self::Agents => "a1:",
            Self::Clients => "c1:",
            Self::Requests => "r1:",
        }
    }

    pub(super) fn encode(self, key: &str) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}{key}", self.tag()))
    }

    pub(super) fn decode(self, cursor: &str) -> Option<String> {
        let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let key = text.strip_prefix(self.tag())?;
        let valid = match self {
            Self::Agents => strict_uuid(key).is_some(),
            Self::Clients => key.len() == 9 && key.bytes().all(|b| b.is_ascii_digit()),
            Self::Requests => Self::request_key(key).is_some(),
        };
        valid.then(|| key.to_owned())
    }

    /// A request's place in the newest-first order, as a cursor's key.
    pub(super) fn request_cursor_key(
        r: &crate::store::fullmakt_requests::FullmaktRequest,
    ) -> String {
        format!("{}_{}", r.created_at.unix_timestamp_nanos(), r.id)
    }

    /// The created time and id of a cursor's key (`request_cursor_key`).
    pub(super) fn request_key(key: &str) -> Option<(OffsetDateTime, Uuid)> {
        let (nanos, id) = key.split_once('_')?;
        let at = OffsetDateTime::from_unix_timestamp_nanos(nanos.parse().ok()?).ok()?;
        Some((at, strict_uuid(id)?))
    }
}

/// One page of `items` sorted by `key`, after the cursor's key; and the next cursor.
pub(super) fn page_of<T>(
    items: Vec<T>,
    key: impl Fn(&T) -> String,
    after: Option<&str>,
    size: usize,
) -> (Vec<T>, Option<String>) {
    let mut rest: Vec<T> = items
        .into_iter()
        .filter(|i| after.is_none_or(|a| key(i).as_str() > a))
        .take(size + 1)
        .collect();
    let more = rest.len() > size;
    rest.truncate(size);
    let next = more.then(|| rest.last().map(&key)).flatten();
    (rest, next)
}

/// The address of the next page: this request's path and parameters, with the cursor.
pub(super) fn next_link(req: &HttpRequest, kind: CursorKind, next: Option<String>) -> Links {
    let next = next.map(|key| {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in url::form_urlencoded::parse(req.query_string().as_bytes()) {
            if k != "cursor" {
                query.append_pair(&k, &v);
            }
        }
        query.append_pair("cursor", &kind.encode(&key));
        format!("{}?{}", req.path(), query.finish())
    });
    Links { next }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_what_they_did_not_make() {
        let c = CursorKind::Clients.encode("310000001");
        assert_eq!(CursorKind::Clients.decode(&c).as_deref(), Some("310000001"));
        assert_eq!(
            CursorKind::Agents.decode(&c),
            None,
            "a client cursor for agents"
        );
        assert_eq!(CursorKind::Clients.decode("not base64!"), None);
        let bad = URL_SAFE_NO_PAD.encode("c1:31000000x");
        assert_eq!(CursorKind::Clients.decode(&bad), None);
        let id = Uuid::new_v4().to_string();
        let a = CursorKind::Agents.encode(&id);
        assert_eq!(CursorKind::Agents.decode(&a), Some(id));
    }

    #[test]
    fn pages_continue_after_the_key_and_stop_at_the_end() {
        let items: Vec<u32> = (1..=5).collect();
        let key = |i: &u32| format!("{i:03}");
        let (p1, next) = page_of(items.clone(), key, None, 2);
        assert_eq!(p1, vec![1, 2]);
        assert_eq!(next.as_deref(), Some("002"));
        let (p2, next) = page_of(items.clone(), key, next.as_deref(), 2);
        assert_eq!(p2, vec![3, 4]);
        let (p3, next) = page_of(items.clone(), key, next.as_deref(), 2);
        assert_eq!(p3, vec![5]);
        assert_eq!(next, None);
        let (exact, next) = page_of(items, key, None, 5);
        assert_eq!(exact.len(), 5);
        assert_eq!(next, None, "no empty last page");
    }
}
