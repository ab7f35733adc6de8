-- A firm on its own agent system access (Altinn's *Legg til din virksomhet*): the agent
-- then acts for the firm itself as well as for its clients. An organization holds every
-- access package for itself, so the eligibility rule always lets it; what depends on a
-- relationship (cascades, a change request's ending of clients) leaves this one alone.
ALTER TABLE client_delegations DROP CONSTRAINT client_delegations_not_self;
