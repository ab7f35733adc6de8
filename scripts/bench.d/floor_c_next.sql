-- Floor of (c) "Neste" to page 2,000 of the dialog: the count, and the 10 addable clients
-- after the last one of page 1,999 (:after_name, :after_number), in list order.
SELECT COALESCE(sum(c.clients), 0) AS eligible, (SELECT client_count FROM system_users WHERE id = :su) AS added
  FROM client_package_counts c
 WHERE c.firm_id = :firm AND c.packages & :mask = :mask;
SELECT cp.client_id, cp.name, cp.org_number, cp.packages
  FROM client_packages cp
 WHERE cp.firm_id = :firm AND cp.packages & :mask = :mask
   AND (cp.name, cp.org_number) > (:after_name, :after_number)
   AND NOT EXISTS (SELECT 1 FROM client_delegations d
                    WHERE d.system_user_id = :su AND d.client_id = cp.client_id)
 ORDER BY cp.name, cp.org_number
 LIMIT 10;
