-- Floor of (h) the API's first page of 100 clients available to agent :su, in
-- organization number order.
SELECT o.id, o.org_number, o.name, o.org_form
  FROM client_packages cp JOIN organizations o ON o.id = cp.client_id
 WHERE cp.firm_id = :firm AND cp.packages & :mask = :mask
   AND NOT EXISTS (SELECT 1 FROM client_delegations d
                    WHERE d.system_user_id = :su AND d.client_id = cp.client_id)
 ORDER BY cp.org_number
 LIMIT 100;
