-- Floor of (a) *Legg til kunder* opened: how many clients can be added to agent :su, and
-- the first page of 10 of them in list order (name, then number), straight from the
-- derived tables (migrations/20261205000001_client_packages.sql). :mask is the bit set of
-- the packages the agent needs (system_user_packages → access_packages.bit).
SELECT COALESCE(sum(c.clients), 0) AS eligible, (SELECT client_count FROM system_users WHERE id = :su) AS added
  FROM client_package_counts c
 WHERE c.firm_id = :firm AND c.packages & :mask = :mask;
SELECT cp.client_id, cp.name, cp.org_number, cp.packages
  FROM client_packages cp
 WHERE cp.firm_id = :firm AND cp.packages & :mask = :mask
   AND NOT EXISTS (SELECT 1 FROM client_delegations d
                    WHERE d.system_user_id = :su AND d.client_id = cp.client_id)
 ORDER BY cp.name, cp.org_number
 LIMIT 10;
