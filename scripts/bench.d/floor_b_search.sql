-- plan: custom
-- Floor of (b) the dialog's search for "bakeri": how many match (addable, and not
-- addable), and the first page of 10 addable ones.
SELECT count(*) FILTER (WHERE cp.packages & :mask = :mask
                          AND NOT EXISTS (SELECT 1 FROM client_delegations d
                                           WHERE d.system_user_id = :su AND d.client_id = cp.client_id)) AS listed,
       count(*) FILTER (WHERE cp.packages & :mask <> :mask) AS unavailable
  FROM client_packages cp
 WHERE cp.firm_id = :firm AND cp.name_search ILIKE '%bakeri%';
SELECT cp.client_id, cp.name, cp.org_number, cp.packages
  FROM client_packages cp
 WHERE cp.firm_id = :firm AND cp.packages & :mask = :mask AND cp.name_search ILIKE '%bakeri%'
   AND NOT EXISTS (SELECT 1 FROM client_delegations d
                    WHERE d.system_user_id = :su AND d.client_id = cp.client_id)
 ORDER BY cp.name, cp.org_number
 LIMIT 10;
