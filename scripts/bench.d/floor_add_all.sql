-- Floor of *Bekreft og lukk* with every client selected, run by psql (not pgbench): in one
-- transaction, give agent :su every client that can be added and write one audit event
-- each, as src/store/delegations.rs (add_all_except) does; then roll back. Prints the rows
-- and the milliseconds between BEGIN and the last insert.
\set ON_ERROR_STOP on
BEGIN;
SELECT clock_timestamp() AS t0 \gset
SELECT id FROM organizations WHERE id = :'firm' FOR NO KEY UPDATE;
INSERT INTO client_delegations (system_user_id, firm_id, client_id, created_by)
SELECT :'su', :'firm', cp.client_id, :'person'
  FROM client_packages cp
 WHERE cp.firm_id = :'firm' AND cp.packages & :mask = :mask
   AND NOT EXISTS (SELECT 1 FROM client_delegations d
                    WHERE d.system_user_id = :'su' AND d.client_id = cp.client_id);
INSERT INTO audit_events (actor_kind, actor_person_id, actor_name, on_behalf_of_id, action,
                          system_user_id, client_id, firm_id, details)
SELECT 'person', :'person', 'Ola Klientsen', :'firm', 'client_delegation.added', :'su', cp.client_id, :'firm',
       jsonb_build_object('client_org_number', cp.org_number, 'client_name', cp.name)
  FROM client_delegations d
  JOIN client_packages cp ON cp.firm_id = d.firm_id AND cp.client_id = d.client_id
 WHERE d.system_user_id = :'su';
SELECT 'FLOOR rows=' || (SELECT count(*) FROM client_delegations WHERE system_user_id = :'su')
    || ' ms=' || round((extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) * 1000)::numeric, 1) AS result;
ROLLBACK;
