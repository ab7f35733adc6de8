-- The vendor API's lists: a system's requests of one kind and a system's system users, in
-- id order from a continuation token (keyset pages of 50), and a system user by system,
-- owner and external reference.
CREATE INDEX system_user_requests_system_kind_idx ON system_user_requests (system_id, kind, id);
CREATE INDEX system_users_system_idx ON system_users (system_id, id);
