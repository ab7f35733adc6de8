-- Floor of `register import-all` with a file that gives the firm REGN for the organizations
-- in bench_import, run by psql: in one transaction, the same writes as
-- src/store/register_roles.rs (sync_chunk) and src/store/auto_add.rs make — the roles and
-- an audit event each (the client_packages triggers fire), then the agent :su, which takes
-- new clients by itself, gets every client now holding what it needs, with an event each —
-- then roll back. No file is read and no diff is made. Prints the delegations made and the
-- milliseconds between BEGIN and the last insert.
\set ON_ERROR_STOP on
BEGIN;
SELECT clock_timestamp() AS t0 \gset
SELECT id FROM organizations WHERE id = :'firm' FOR NO KEY UPDATE;
WITH added AS (
    INSERT INTO register_roles (firm_id, client_id, role)
    SELECT :'firm', o.id, 'REGN'
      FROM bench_import b JOIN organizations o ON o.org_number = b.org_number
    RETURNING firm_id, client_id, role
)
INSERT INTO audit_events (actor_kind, actor_person_id, actor_name, on_behalf_of_id, action,
                          system_user_id, client_id, firm_id, details)
SELECT 'register', NULL, 'Enhetsregisteret', NULL, 'register_role.added', NULL, a.client_id, a.firm_id,
       jsonb_build_object('role', a.role, 'firm_name', f.name, 'firm_org_number', f.org_number,
                          'client_name', c.name, 'client_org_number', c.org_number)
  FROM added a
  JOIN organizations f ON f.id = a.firm_id
  JOIN organizations c ON c.id = a.client_id;
WITH added AS (
    INSERT INTO client_delegations (system_user_id, firm_id, client_id, automatic)
    SELECT :'su', :'firm', cp.client_id, true
      FROM bench_import b
      JOIN client_packages cp ON cp.firm_id = :'firm' AND cp.org_number = b.org_number
     WHERE cp.packages & :mask = :mask
    ON CONFLICT DO NOTHING
    RETURNING system_user_id, firm_id, client_id
)
INSERT INTO audit_events (actor_kind, actor_person_id, actor_name, on_behalf_of_id, action,
                          system_user_id, client_id, firm_id, details)
SELECT 'automatic', NULL, 'Klientdelegering (automatisk)', NULL, 'client_delegation.added',
       d.system_user_id, d.client_id, d.firm_id,
       jsonb_build_object('client_org_number', o.org_number, 'client_name', o.name,
                          'automatic', true, 'cause', 'register_role', 'role', 'REGN')
  FROM added d JOIN organizations o ON o.id = d.client_id;
SELECT 'FLOOR rows=' || (SELECT count(*) FROM client_delegations d
                           JOIN bench_import b ON true
                           JOIN organizations o ON o.org_number = b.org_number AND o.id = d.client_id
                          WHERE d.system_user_id = :'su')
    || ' ms=' || round((extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) * 1000)::numeric, 1) AS result;
ROLLBACK;
