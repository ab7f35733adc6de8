-- A firm asks an organization for a fullmakt with chosen access packages (a forespørsel
-- om fullmakt), and may ask for the client to be put on one of its agent system users
-- once granted. The organization accepts (the fullmakt and exactly those packages, in one
-- transaction) or declines; the firm may withdraw it; past `expires_at` it can no longer
-- be answered. A pending request past its expiry is reported as expired before anything
-- has written that down (by the database's clock), as vendor requests are.
CREATE TABLE fullmakt_requests (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    firm_id         uuid NOT NULL REFERENCES organizations (id),
    client_id       uuid NOT NULL REFERENCES organizations (id),
    -- Access package URNs, each one a client can delegate (checked by the domain; the
    -- packages are copied into fullmakt_packages on acceptance, whose key checks again).
    packages        text[] NOT NULL CHECK (cardinality(packages) BETWEEN 1 AND 50),
    -- The agent system user to put the client on once granted; kept when that system
    -- user is deleted (the request then only asks for the fullmakt).
    system_user_id  uuid REFERENCES system_users (id) ON DELETE SET NULL,
    message         text NOT NULL DEFAULT '' CHECK (length(message) <= 500),
    status          text NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'accepted', 'declined', 'withdrawn', 'expired')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    created_by      uuid REFERENCES persons (id),
    expires_at      timestamptz NOT NULL,
    answered_at     timestamptz,
    answered_by     uuid REFERENCES persons (id),
    CONSTRAINT fullmakt_requests_not_self CHECK (firm_id <> client_id),
    CONSTRAINT fullmakt_requests_answered CHECK ((status = 'pending') = (answered_at IS NULL)),
    CONSTRAINT fullmakt_requests_expiry CHECK (expires_at > created_at)
);
-- One open request per firm and client at a time.
CREATE UNIQUE INDEX fullmakt_requests_one_open
    ON fullmakt_requests (firm_id, client_id) WHERE status = 'pending';
-- The firm's requests, newest first; the open requests an organization has received.
CREATE INDEX fullmakt_requests_firm_idx ON fullmakt_requests (firm_id, created_at DESC, id DESC);
CREATE INDEX fullmakt_requests_client_idx ON fullmakt_requests (client_id) WHERE status = 'pending';
