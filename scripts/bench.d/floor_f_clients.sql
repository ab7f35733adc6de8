-- plan: custom
-- Floor of (f) *Klienter* searched for "bakeri": how many of the firm's clients match, and
-- the first page of 20 with their organization and the system users they are on.
SELECT count(*) FROM client_packages cp
 WHERE cp.firm_id = :firm AND cp.name_search ILIKE '%bakeri%';
WITH page AS (
    SELECT cp.client_id, cp.name, cp.org_number, cp.packages
      FROM client_packages cp
     WHERE cp.firm_id = :firm AND cp.name_search ILIKE '%bakeri%'
     ORDER BY cp.name, cp.org_number
     LIMIT 20
)
SELECT page.client_id, o.name, o.org_number, o.org_form, page.packages,
       (SELECT array_agg(su.name) FROM client_delegations d
          JOIN system_users su ON su.id = d.system_user_id
         WHERE d.firm_id = :firm AND d.client_id = page.client_id) AS system_users
  FROM page JOIN organizations o ON o.id = page.client_id
 ORDER BY page.name, page.org_number;
