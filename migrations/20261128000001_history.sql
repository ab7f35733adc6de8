-- Historikk (src/store/history.rs) reads an organization's events newest first from four
-- places: what it did itself, what others did about it as the firm, what others did about
-- it as the client, and (for a vendor) changes to its systems made on the command line.
-- Each index below matches one of those branches exactly, ordered as the page is
-- (occurred_at, then id, since one transaction's events share a time), so a page of a
-- firm with 50,000 events is a short walk down an index instead of a sort of all of them.
-- The partial predicates keep each event in one branch only, so none is counted twice.
DROP INDEX audit_events_org_idx;
CREATE INDEX audit_events_org_idx ON audit_events (on_behalf_of_id, occurred_at DESC, id DESC)
    WHERE on_behalf_of_id IS NOT NULL;

DROP INDEX audit_events_firm_idx;
CREATE INDEX audit_events_firm_idx ON audit_events (firm_id, occurred_at DESC, id DESC)
    WHERE firm_id IS NOT NULL AND on_behalf_of_id IS DISTINCT FROM firm_id;

DROP INDEX audit_events_client_idx;
CREATE INDEX audit_events_client_idx ON audit_events (client_id, occurred_at DESC, id DESC)
    WHERE client_id IS NOT NULL
      AND on_behalf_of_id IS DISTINCT FROM client_id
      AND firm_id IS DISTINCT FROM client_id;

-- A system registered or changed on the command line names no organization but the
-- vendor in its details.
CREATE INDEX audit_events_system_vendor_idx
    ON audit_events ((details->>'vendor_org_number'), occurred_at DESC, id DESC)
    WHERE action IN ('system.registered', 'system.updated');

-- A deleted system access lives on only in the trail: its name for the events that name
-- it, and the organization's list of system accesses to filter by.
CREATE INDEX audit_events_deleted_system_user_idx ON audit_events (system_user_id)
    WHERE action = 'system_user.deleted';
CREATE INDEX audit_events_deleted_system_user_owner_idx ON audit_events (on_behalf_of_id)
    WHERE action = 'system_user.deleted';
