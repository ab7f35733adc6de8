//! A change to the clients of one agent system user: add some, remove some. It is decided
//! here, client by client, before anything is written, and applied whole or not at all:
//! either a plan, or every reason it cannot be done.

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use super::{Eligibility, PackageSet};

/// At most this many clients in one change (the API's bulk call); larger portfolios split
/// the change, so one transaction never holds the firm's lock for long.
pub const MAX_CLIENTS_PER_CHANGE: usize = 5000;

/// A change to the clients of one agent system user, applied whole or not at all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientChange {
    pub add: Vec<Uuid>,
    pub remove: Vec<Uuid>,
}

/// What is wrong with a change as asked, before any client is looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeProblem {
    NothingToChange,
    TooMany {
        limit: usize,
    },
    /// A client named both to be added and to be removed.
    InBoth(Uuid),
}

impl ClientChange {
    /// The change's problems as asked, where `named` is how many clients the request
    /// named (one not understood is named, but not in the change): none, or each of them.
    pub fn problems(&self, named: usize) -> Vec<ChangeProblem> {
        let mut problems = Vec::new();
        if named == 0 {
            problems.push(ChangeProblem::NothingToChange);
        }
        if named > MAX_CLIENTS_PER_CHANGE {
            problems.push(ChangeProblem::TooMany {
                limit: MAX_CLIENTS_PER_CHANGE,
            });
        }
        let removed: HashSet<&Uuid> = self.remove.iter().collect();
        let mut named_twice = HashSet::new();
        for id in self.add.iter().filter(|id| removed.contains(id)) {
            if named_twice.insert(id) {
                problems.push(ChangeProblem::InBoth(*id));
            }
        }
        problems
    }
}

/// A client that could not be added (or removed), and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub client_id: Uuid,
    /// Known when the firm has a relationship with the client.
    pub client_name: Option<String>,
    pub refusal: Refusal,
}

/// Why one client of a change was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The firm has no client relationship with this organization.
    NotAClient,
    /// The relationship lacks packages the system user needs.
    NotEligible(Eligibility),
    /// Asked to remove a client that is not on the system user.
    NotDelegated,
}

/// A client named in a change that the firm has a relationship with, and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownClient {
    pub id: Uuid,
    pub name: String,
    pub held: PackageSet,
}

/// A change that passed every check, ready to be written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub add: Vec<Uuid>,
    /// Asked to be added, and already there: nothing to do.
    pub already_added: Vec<Uuid>,
    pub remove: Vec<Uuid>,
}

/// Checks every client of `change` by the eligibility rule, for a system user that needs
/// `required` and has the clients `on_agent` among those named: the plan, or every
/// refusal. A client named twice counts once.
pub fn plan(
    required: &PackageSet,
    on_agent: &HashSet<Uuid>,
    known: &[KnownClient],
    change: &ClientChange,
) -> Result<Plan, Vec<Refused>> {
    let by_id: HashMap<Uuid, &KnownClient> = known.iter().map(|c| (c.id, c)).collect();
    let mut seen = HashSet::new();
    let mut refused = Vec::new();
    let mut plan = Plan::default();
    for id in change.add.iter().filter(|id| seen.insert(**id)) {
        if on_agent.contains(id) {
            plan.already_added.push(*id);
            continue;
        }
        let Some(client) = by_id.get(id) else {
            refused.push(Refused {
                client_id: *id,
                client_name: None,
                refusal: Refusal::NotAClient,
            });
            continue;
        };
        match Eligibility::decide(required, &client.held) {
            Eligibility::Available => plan.add.push(*id),
            missing => refused.push(Refused {
                client_id: *id,
                client_name: Some(client.name.clone()),
                refusal: Refusal::NotEligible(missing),
            }),
        }
    }
    for id in change.remove.iter().filter(|id| seen.insert(**id)) {
        if on_agent.contains(id) {
            plan.remove.push(*id);
        } else {
            refused.push(Refused {
                client_id: *id,
                client_name: by_id.get(id).map(|c| c.name.clone()),
                refusal: Refusal::NotDelegated,
            });
        }
    }
    if refused.is_empty() {
        Ok(plan)
    } else {
        Err(refused)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::AccessPackage::{RegnskapsforerLonn, RegnskapsforerMedSignering};

    fn set(p: &[crate::domain::AccessPackage]) -> PackageSet {
        p.iter().copied().collect()
    }

    fn client(name: &str, held: PackageSet) -> KnownClient {
        KnownClient {
            id: Uuid::new_v4(),
            name: name.to_owned(),
            held,
        }
    }

    #[test]
    fn a_change_is_planned_whole_or_refused_with_every_reason() {
        let required = set(&[RegnskapsforerMedSignering, RegnskapsforerLonn]);
        let both = client("Begge AS", required.clone());
        let one = client("Halv AS", set(&[RegnskapsforerLonn]));
        let on = client("Allerede AS", required.clone());
        let stranger = Uuid::new_v4();
        let on_agent: HashSet<Uuid> = [on.id].into();
        let known = [both.clone(), one.clone(), on.clone()];

        let ok = ClientChange {
            add: vec![both.id, both.id, on.id],
            remove: vec![on.id],
        };
        assert_eq!(
            plan(&required, &on_agent, &known, &ok),
            Ok(Plan {
                add: vec![both.id],
                already_added: vec![on.id],
                remove: vec![],
            }),
            "a client named twice counts once; added before removed"
        );

        let refused = ClientChange {
            add: vec![both.id, one.id, stranger],
            remove: vec![both.id, Uuid::nil()],
        };
        let reasons: Vec<Refusal> = plan(&required, &on_agent, &known, &refused)
            .unwrap_err()
            .into_iter()
            .map(|r| r.refusal)
            .collect();
        assert_eq!(
            reasons,
            [
                Refusal::NotEligible(Eligibility::Missing(vec![RegnskapsforerMedSignering])),
                Refusal::NotAClient,
                Refusal::NotDelegated,
            ]
        );
    }

    #[test]
    fn the_change_as_asked_is_checked_first() {
        assert_eq!(
            ClientChange::default().problems(0),
            [ChangeProblem::NothingToChange]
        );
        assert_eq!(
            ClientChange::default().problems(1),
            [],
            "one not understood"
        );
        let id = Uuid::new_v4();
        let both = ClientChange {
            add: vec![id, id],
            remove: vec![id],
        };
        assert_eq!(both.problems(3), [ChangeProblem::InBoth(id)]);
        let many = ClientChange {
            add: (0..=MAX_CLIENTS_PER_CHANGE)
                .map(|_| Uuid::new_v4())
                .collect(),
            remove: vec![],
        };
        assert_eq!(
            many.problems(many.add.len()),
            [ChangeProblem::TooMany {
                limit: MAX_CLIENTS_PER_CHANGE
            }]
        );
    }
}
