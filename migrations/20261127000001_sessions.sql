-- Sessions kept on the server, so logging out (or an idle or absolute timeout) ends a
-- session for good: a copied cookie names a row that is gone. The cookie carries a random
-- key; only its SHA-256 is stored, so a read of this table lets nobody in.
CREATE TABLE sessions (
    key_hash    bytea PRIMARY KEY CHECK (length(key_hash) = 32),
    state       jsonb NOT NULL,
    expires_at  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);
