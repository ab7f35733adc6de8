-- The system register as vendors manage it, system users with the vendor's external
-- reference, and vendor requests that remember the system user they created.

-- Where a vendor's system may send a person back after a request is answered.
CREATE TABLE system_redirect_urls (
    system_id  text NOT NULL REFERENCES systems (id) ON DELETE CASCADE,
    url        text NOT NULL CHECK (url ~ '^https://[^\s]+$' AND length(url) <= 2000),
    PRIMARY KEY (system_id, url)
);
ALTER TABLE systems ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
-- A system whose packages are all for client relationships is not visible (its system
-- users come from vendor requests); entries from before the rule follow it.
UPDATE systems s SET visible = false
 WHERE s.visible
   AND NOT EXISTS (SELECT 1 FROM system_packages p JOIN access_packages a ON a.urn = p.package_urn
                    WHERE p.system_id = s.id AND NOT a.client_delegable);
CREATE INDEX systems_vendor_idx ON systems (vendor_id);

-- A vendor tells its customers' system users apart by an external reference (a tenant,
-- say); without one it is the customer's organization number. One system user per
-- owner, system and reference, as in Altinn.
-- Existing ones: the oldest per owner and system takes the owner's number, any later
-- one a reference of its own, so none is lost to the new uniqueness rule.
ALTER TABLE system_users ADD COLUMN external_ref text;
UPDATE system_users su
   SET external_ref = CASE WHEN ranked.n = 1 THEN o.org_number
                           ELSE o.org_number || '-' || su.id::text END
  FROM organizations o,
       (SELECT id, row_number() OVER (PARTITION BY owner_id, system_id
                                      ORDER BY created_at, id) AS n
          FROM system_users) ranked
 WHERE o.id = su.owner_id AND ranked.id = su.id;
ALTER TABLE system_users
    ALTER COLUMN external_ref SET NOT NULL,
    ADD CONSTRAINT system_users_external_ref_check
        CHECK (length(btrim(external_ref)) BETWEEN 1 AND 200),
    ADD CONSTRAINT system_users_system_ref_key UNIQUE (owner_id, system_id, external_ref),
    ADD CONSTRAINT system_users_id_kind_key UNIQUE (id, kind);

-- An agent system user holds only packages a client can delegate; a standard one only
-- packages for the owner's own affairs. The composite keys let the database refuse the
-- rest, as fullmakt_packages does.
ALTER TABLE system_user_packages ADD COLUMN kind text, ADD COLUMN client_delegable boolean;
UPDATE system_user_packages p SET kind = su.kind, client_delegable = ap.client_delegable
  FROM system_users su, access_packages ap
 WHERE su.id = p.system_user_id AND ap.urn = p.package_urn;
-- A package of the wrong sort cannot be dropped silently (it would change which clients
-- qualify without a trace): stop, and let an operator decide.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM system_user_packages WHERE (kind = 'agent') <> client_delegable) THEN
        RAISE EXCEPTION 'system_user_packages holds packages of the wrong sort for their system user'
            USING HINT = 'Remove them (or the system users) by hand, with an audit note, and migrate again.';
    END IF;
END $$;
ALTER TABLE system_user_packages
    ALTER COLUMN kind SET NOT NULL,
    ALTER COLUMN client_delegable SET NOT NULL,
    ADD CONSTRAINT system_user_packages_kind_fit CHECK ((kind = 'agent') = client_delegable),
    ADD CONSTRAINT system_user_packages_system_user_fkey2
        FOREIGN KEY (system_user_id, kind) REFERENCES system_users (id, kind) ON DELETE CASCADE,
    ADD CONSTRAINT system_user_packages_package_fkey2
        FOREIGN KEY (package_urn, client_delegable)
        REFERENCES access_packages (urn, client_delegable);

-- The same rule for what a request asks for.
ALTER TABLE system_user_requests ADD CONSTRAINT system_user_requests_id_kind_key UNIQUE (id, kind);
ALTER TABLE system_user_request_packages ADD COLUMN kind text, ADD COLUMN client_delegable boolean;
UPDATE system_user_request_packages p SET kind = r.kind, client_delegable = ap.client_delegable
  FROM system_user_requests r, access_packages ap
 WHERE r.id = p.request_id AND ap.urn = p.package_urn;
-- A request asking for the wrong sort could never have been approved as it stands.
UPDATE system_user_requests r SET status = 'rejected', decided_at = now()
 WHERE r.status = 'pending'
   AND EXISTS (SELECT 1 FROM system_user_request_packages p
                WHERE p.request_id = r.id AND (p.kind = 'agent') <> p.client_delegable);
DELETE FROM system_user_request_packages WHERE (kind = 'agent') <> client_delegable;
ALTER TABLE system_user_request_packages
    ALTER COLUMN kind SET NOT NULL,
    ALTER COLUMN client_delegable SET NOT NULL,
    ADD CONSTRAINT system_user_request_packages_kind_fit CHECK ((kind = 'agent') = client_delegable),
    ADD CONSTRAINT system_user_request_packages_request_fkey2
        FOREIGN KEY (request_id, kind) REFERENCES system_user_requests (id, kind) ON DELETE CASCADE,
    ADD CONSTRAINT system_user_request_packages_package_fkey2
        FOREIGN KEY (package_urn, client_delegable)
        REFERENCES access_packages (urn, client_delegable);

-- The system user an accepted request created (gone again if it is deleted).
UPDATE system_user_requests r SET external_ref = o.org_number
  FROM organizations o WHERE o.id = r.customer_id AND btrim(r.external_ref) = '';
ALTER TABLE system_user_requests
    ALTER COLUMN external_ref DROP DEFAULT,
    ADD COLUMN system_user_id uuid REFERENCES system_users (id) ON DELETE SET NULL,
    ADD CONSTRAINT system_user_requests_external_ref_check
        CHECK (length(btrim(external_ref)) BETWEEN 1 AND 200),
    ADD CONSTRAINT system_user_requests_redirect_check
        CHECK (redirect_url IS NULL OR redirect_url ~ '^https://[^\s]+$');
CREATE INDEX system_user_requests_system_idx ON system_user_requests (system_id, created_at DESC);
CREATE INDEX system_user_requests_customer_idx ON system_user_requests (customer_id)
    WHERE status = 'pending';
