-- A vendor's request to change the access packages of a system user that exists: the
-- packages it needs more of and those it no longer wants (URNs, checked by the domain), one
-- open per system user. The id is the vendor's correlation id (as in Altinn). The customer
-- approves or rejects it; approval changes system_user_packages and, for an agent, ends
-- the delegations of clients that no longer qualify, in the same transaction.
CREATE TABLE system_user_change_requests (
    id             uuid PRIMARY KEY,
    system_user_id uuid NOT NULL REFERENCES system_users (id) ON DELETE CASCADE,
    required       text[] NOT NULL DEFAULT '{}',
    unwanted       text[] NOT NULL DEFAULT '{}',
    status         text NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'accepted', 'rejected', 'timed_out')),
    redirect_url   text CHECK (redirect_url IS NULL OR redirect_url LIKE 'https://%'),
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL,
    decided_at     timestamptz,
    decided_by     uuid REFERENCES persons (id),
    CONSTRAINT system_user_change_requests_decided
        CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE UNIQUE INDEX system_user_change_requests_open
    ON system_user_change_requests (system_user_id) WHERE status = 'pending';
CREATE INDEX system_user_change_requests_system_user_idx
    ON system_user_change_requests (system_user_id, created_at DESC);
