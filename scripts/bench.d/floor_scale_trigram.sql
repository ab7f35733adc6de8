-- plan: custom
-- SCALE.md's trigram figure, measured again in this run: a page of 20 available clients
-- filtered by a two-word search ("Fjord Bakeri"), on the GIN index
-- (firm_id, name gin_trgm_ops). The search floor (floor_b_search.sql) must be at least
-- as fast as this, or the portal's search has found a worse way than the lab's.
SELECT cp.client_id, cp.name, cp.org_number, cp.packages
  FROM client_packages cp
 WHERE cp.firm_id = :firm AND cp.packages & :mask = :mask
   AND cp.name_search ILIKE '%fjord%' AND cp.name_search ILIKE '%bakeri%'
   AND NOT EXISTS (SELECT 1 FROM client_delegations d
                    WHERE d.system_user_id = :su AND d.client_id = cp.client_id)
 ORDER BY cp.name, cp.org_number
 LIMIT 20;
