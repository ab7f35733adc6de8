//! The staged selection in *Legg til kunder*: either chosen clients, or "all available"
//! minus those the user unticked. "All" is resolved against what is available when the
//! selection is confirmed, so it means every available client, not only the page shown.

use std::collections::{BTreeSet, HashSet};

use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientSelection {
    Chosen(BTreeSet<Uuid>),
    AllExcept(BTreeSet<Uuid>),
}

impl Default for ClientSelection {
    fn default() -> Self {
        Self::Chosen(BTreeSet::new())
    }
}

impl ClientSelection {
    pub fn is_all(&self) -> bool {
        matches!(self, Self::AllExcept(_))
    }

    pub fn contains(&self, id: &Uuid) -> bool {
        match self {
            Self::Chosen(ids) => ids.contains(id),
            Self::AllExcept(ids) => !ids.contains(id),
        }
    }

    /// Applies the ticks of one shown page: `shown` were on screen, `ticked` of them checked.
    pub fn with_page(mut self, shown: &[Uuid], ticked: &[Uuid]) -> Self {
        for id in shown {
            let on = ticked.contains(id);
            match &mut self {
                Self::Chosen(ids) if on => ids.insert(*id),
                Self::Chosen(ids) => ids.remove(id),
                Self::AllExcept(ids) if on => ids.remove(id),
                Self::AllExcept(ids) => ids.insert(*id),
            };
        }
        self
    }

    /// Selects `ids` as well (the hits of a search, say), whatever the mode.
    pub fn with_chosen(mut self, ids: impl IntoIterator<Item = Uuid>) -> Self {
        for id in ids {
            match &mut self {
                Self::Chosen(chosen) => chosen.insert(id),
                Self::AllExcept(except) => except.remove(&id),
            };
        }
        self
    }

    /// The ids that the form must carry for clients not on the current page.
    pub fn carried(&self) -> &BTreeSet<Uuid> {
        match self {
            Self::Chosen(ids) | Self::AllExcept(ids) => ids,
        }
    }

    /// The selected clients among `candidates` (the available, not yet added ones).
    pub fn resolve(&self, candidates: &[Uuid]) -> Vec<Uuid> {
        match self {
            Self::Chosen(ids) => ids.iter().copied().collect(),
            Self::AllExcept(except) => candidates
                .iter()
                .filter(|id| !except.contains(id))
                .copied()
                .collect(),
        }
    }

    /// Keeps only ids that are still candidates; returns how many chosen ones were dropped.
    pub fn retain_candidates(self, candidates: &[Uuid]) -> (Self, usize) {
        let candidates: HashSet<&Uuid> = candidates.iter().collect();
        match self {
            Self::Chosen(ids) => {
                let before = ids.len();
                let kept: BTreeSet<Uuid> = ids
                    .into_iter()
                    .filter(|id| candidates.contains(id))
                    .collect();
                let dropped = before - kept.len();
                (Self::Chosen(kept), dropped)
            }
            Self::AllExcept(ids) => (
                Self::AllExcept(
                    ids.into_iter()
                        .filter(|id| candidates.contains(id))
                        .collect(),
                ),
                0,
            ),
        }
    }

    /// How many are selected when there are `candidates` in all, for a selection that holds
    /// only candidates (see `retain_candidates`): the list itself need not be at hand.
    pub fn count_of(&self, candidates: usize) -> usize {
        match self {
            Self::Chosen(ids) => ids.len(),
            Self::AllExcept(except) => candidates.saturating_sub(except.len()),
        }
    }

    /// How many are selected, given how many candidates there are.
    pub fn count(&self, candidates: &[Uuid]) -> usize {
        match self {
            Self::Chosen(ids) => ids.len(),
            Self::AllExcept(_) => self.resolve(candidates).len(),
        }
    }
}

/// The clients already on the system access that the user unticked in the list: they are
/// removed by the same confirmation that adds the selection. Carried by the form from
/// page to page like the selection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Removal(BTreeSet<Uuid>);

impl Removal {
    pub fn new(carried: impl IntoIterator<Item = Uuid>) -> Self {
        Self(carried.into_iter().collect())
    }

    /// Applies one shown page: of the added clients `shown`, those still ticked (`kept`)
    /// stay, the others go.
    pub fn with_page(mut self, shown: &[Uuid], kept: &[Uuid]) -> Self {
        for id in shown {
            if kept.contains(id) {
                self.0.remove(id);
            } else {
                self.0.insert(*id);
            }
        }
        self
    }

    pub fn contains(&self, id: &Uuid) -> bool {
        self.0.contains(id)
    }

    pub fn ids(&self) -> &BTreeSet<Uuid> {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<Uuid> {
        (0..n).map(|_| Uuid::new_v4()).collect()
    }

    #[test]
    fn ticking_on_a_page_adds_and_unticking_removes() {
        let c = ids(3);
        let s = ClientSelection::default().with_page(&c, &[c[0], c[2]]);
        let mut want = vec![c[0], c[2]];
        want.sort();
        assert_eq!(s.resolve(&c), want);
        let s = s.with_page(&[c[0]], &[]);
        assert!(!s.contains(&c[0]));
        assert!(s.contains(&c[2]));
    }

    #[test]
    fn all_means_every_candidate_not_only_the_page() {
        let c = ids(60);
        let s = ClientSelection::AllExcept(BTreeSet::new());
        assert_eq!(s.count(&c), 60);
        // Unticking two on page one leaves the other 58, including those never shown.
        let s = s.with_page(&c[..25], &c[2..25]);
        assert_eq!(s.count(&c), 58);
        assert!(s.contains(&c[59]));
        assert!(!s.contains(&c[0]));
    }

    #[test]
    fn clients_no_longer_available_leave_the_selection() {
        let c = ids(3);
        let (s, dropped) = ClientSelection::Chosen([c[0], c[1]].into()).retain_candidates(&c[1..]);
        assert_eq!(dropped, 1);
        assert_eq!(s, ClientSelection::Chosen([c[1]].into()));
        let (s, dropped) = ClientSelection::AllExcept([c[0]].into()).retain_candidates(&c[1..]);
        assert_eq!((s.count(&c[1..]), dropped), (2, 0));
        assert_eq!(s.count_of(2), 2);
        let (s, _) = ClientSelection::AllExcept([c[0], c[1]].into()).retain_candidates(&c[1..]);
        assert_eq!((s.count(&c[1..]), s.count_of(2)), (1, 1));
    }

    #[test]
    fn unticking_an_added_client_marks_it_for_removal_and_ticking_it_again_keeps_it() {
        let c = ids(3);
        let r = Removal::new([c[2]]).with_page(&c[..2], &[c[1]]);
        assert!(r.contains(&c[0]), "unticked on this page");
        assert!(!r.contains(&c[1]), "still ticked");
        assert!(r.contains(&c[2]), "unticked on another page, not shown now");
        let r = r.with_page(&[c[0]], &[c[0]]);
        assert_eq!(r.len(), 1);
        assert!(!r.contains(&c[0]));
    }

    #[test]
    fn choosing_the_hits_adds_them_in_either_mode() {
        let c = ids(4);
        let s = ClientSelection::Chosen([c[0]].into()).with_chosen([c[1], c[2]]);
        assert_eq!(s.count(&c), 3);
        let s = ClientSelection::AllExcept([c[1], c[3]].into()).with_chosen([c[1]]);
        assert!(s.contains(&c[1]) && !s.contains(&c[3]));
        assert_eq!(s.count(&c), 3);
    }

    #[test]
    fn a_page_does_not_touch_selections_elsewhere() {
        let c = ids(4);
        let s = ClientSelection::Chosen([c[3]].into()).with_page(&c[..2], &[c[1]]);
        assert_eq!(s.count(&c), 2);
        assert!(s.contains(&c[3]));
    }
}
