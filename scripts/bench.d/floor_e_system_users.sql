-- Floor of (e) *Systemtilganger*: the firm's system users with their system, vendor,
-- packages and client count, and the vendor requests waiting for an answer.
SELECT su.id, su.name, su.kind, su.system_id, s.name_nb, v.name AS vendor,
       COALESCE((SELECT array_agg(p.package_urn ORDER BY p.package_urn)
                   FROM system_user_packages p WHERE p.system_user_id = su.id), '{}') AS packages,
       su.client_count
  FROM system_users su
  JOIN systems s ON s.id = su.system_id
  JOIN organizations v ON v.id = s.vendor_id
 WHERE su.owner_id = :firm
 ORDER BY su.name COLLATE norwegian;
SELECT r.id, r.system_id, r.kind, r.created_at
  FROM system_user_requests r
 WHERE r.customer_id = :firm AND r.status = 'pending'
 ORDER BY r.created_at DESC;
