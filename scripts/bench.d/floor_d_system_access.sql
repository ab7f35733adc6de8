-- Floor of (d) the system access page of agent :su (the one with 10,000 clients): the
-- system user, its count, and the first page of 20 of its clients in name order.
SELECT su.id, su.name, su.kind, su.client_count, s.name_nb
  FROM system_users su JOIN systems s ON s.id = su.system_id
 WHERE su.id = :su AND su.owner_id = :firm;
SELECT o.id, o.org_number, o.name, o.org_form, d.created_at, p.name AS added_by
  FROM client_delegations d
  JOIN client_packages cp ON cp.firm_id = d.firm_id AND cp.client_id = d.client_id
  JOIN organizations o ON o.id = d.client_id
  LEFT JOIN persons p ON p.id = d.created_by
 WHERE d.firm_id = :firm AND cp.firm_id = :firm AND d.system_user_id = :su
 ORDER BY cp.name, cp.org_number
 LIMIT 20;
