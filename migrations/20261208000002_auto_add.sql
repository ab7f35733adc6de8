-- An agent system user can take new clients by itself (*Legg til nye kunder automatisk*):
-- every change that makes a client eligible for it — a fullmakt or package given, an
-- accepted request for fullmakt, a register role added — puts the client on it in the same
-- transaction, set-based (store::auto_add). Only agents take clients.
ALTER TABLE system_users
    ADD COLUMN auto_add boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT system_users_auto_add_agent CHECK (NOT auto_add OR kind = 'agent');
CREATE INDEX system_users_auto_add_idx ON system_users (owner_id) WHERE auto_add;

-- Which delegations came that way, for the system access page.
ALTER TABLE client_delegations ADD COLUMN automatic boolean NOT NULL DEFAULT false;
