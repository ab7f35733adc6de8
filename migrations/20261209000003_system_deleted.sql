-- A vendor deletes a system from the register (DELETE …/systemregister/vendor/{id}): it is
-- kept, marked, so the system users made for it keep working and keep their names, while
-- nobody can ask for, approve or create a new one, and its id is not given out again.
ALTER TABLE systems ADD COLUMN deleted_at timestamptz;

-- A system's change log (GET …/systemregister/vendor/{id}/changelog) is read from the audit
-- trail: the register's own events, by system.
CREATE INDEX audit_events_system_idx ON audit_events ((details->>'system_id'), id)
    WHERE action IN ('system.registered', 'system.updated', 'system.deleted');
