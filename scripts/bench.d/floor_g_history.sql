-- Floor of (g) *Historikk*: how many events the firm may read (what it did, and what others
-- did about it as the firm), and the newest 25 with the names they show.
SELECT (SELECT count(*) FROM audit_events a WHERE a.on_behalf_of_id = :firm)
     + (SELECT count(*) FROM audit_events a
         WHERE a.firm_id = :firm AND a.on_behalf_of_id IS DISTINCT FROM a.firm_id) AS events;
WITH hits AS (
    (SELECT a.id, a.occurred_at FROM audit_events a
      WHERE a.on_behalf_of_id = :firm
      ORDER BY a.occurred_at DESC, a.id DESC LIMIT 25)
    UNION ALL
    (SELECT a.id, a.occurred_at FROM audit_events a
      WHERE a.firm_id = :firm AND a.on_behalf_of_id IS DISTINCT FROM a.firm_id
      ORDER BY a.occurred_at DESC, a.id DESC LIMIT 25)
    ORDER BY occurred_at DESC, id DESC
    LIMIT 25
)
SELECT a.id, a.occurred_at, a.action, a.actor_name, su.name AS system_user,
       c.org_number AS client_number, c.name AS client_name, a.details
  FROM hits JOIN audit_events a ON a.id = hits.id
  LEFT JOIN system_users su ON su.id = a.system_user_id
  LEFT JOIN organizations c ON c.id = a.client_id
 ORDER BY a.occurred_at DESC, a.id DESC;
