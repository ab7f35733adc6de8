-- Events about a relationship concern two organizations: the one that acted and the
-- firm on the other side (a client withdrawing a fullmakt ends the firm's delegations).
-- Both must find the event in their history, so the firm is recorded too. No foreign
-- key, like the other subjects of an event: the trail outlives what it names.
ALTER TABLE audit_events ADD COLUMN firm_id uuid;
CREATE INDEX audit_events_firm_idx ON audit_events (firm_id, occurred_at DESC)
    WHERE firm_id IS NOT NULL;
CREATE INDEX audit_events_client_idx ON audit_events (client_id, occurred_at DESC)
    WHERE client_id IS NOT NULL;
