-- Eligibility where the data is. A firm with 50,000 clients must get one page of its
-- available clients without reading all of them, so the database keeps, per (firm,
-- client), the packages the firm holds from the client: register roles and fullmakt
-- packages combined, the rule of src/domain/eligibility.rs (`held_packages`) and
-- src/domain/packages.rs (`RegisterRole::implied_packages`). A property test
-- (tests/eligibility_property.rs) checks this table against the domain, client by client.
--
-- Kept current by statement-level triggers on every table it is derived from, so it
-- changes in the same transaction as the relationship (under the caller's `lock_firm`),
-- whatever code path wrote it, and a bulk insert costs one recomputation, not one per row.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;

-- Each package is one bit of a set, in the order of `AccessPackage::ALL`.
ALTER TABLE access_packages ADD COLUMN bit smallint;
UPDATE access_packages SET bit = CASE urn
    WHEN 'urn:altinn:accesspackage:regnskapsforer-med-signeringsrettighet' THEN 0
    WHEN 'urn:altinn:accesspackage:regnskapsforer-uten-signeringsrettighet' THEN 1
    WHEN 'urn:altinn:accesspackage:regnskapsforer-lonn' THEN 2
    WHEN 'urn:altinn:accesspackage:ansvarlig-revisor' THEN 3
    WHEN 'urn:altinn:accesspackage:revisormedarbeider' THEN 4
    WHEN 'urn:altinn:accesspackage:forretningsforer-eiendom' THEN 5
    WHEN 'urn:altinn:accesspackage:skattegrunnlag' THEN 6
    WHEN 'urn:altinn:accesspackage:a-ordning' THEN 7
END;
ALTER TABLE access_packages
    ALTER COLUMN bit SET NOT NULL,
    ADD CONSTRAINT access_packages_bit_check CHECK (bit BETWEEN 0 AND 30),
    ADD CONSTRAINT access_packages_bit_key UNIQUE (bit);

-- The packages a register role gives (mirrors `RegisterRole::implied_packages`); FFØR only
-- for housing cooperatives and jointly owned properties.
CREATE TABLE register_role_packages (
    role          text NOT NULL CHECK (role IN ('REGN', 'REVI', 'FFØR')),
    package_urn   text NOT NULL REFERENCES access_packages (urn),
    -- NULL: whatever the client's organization form.
    client_forms  text[],
    PRIMARY KEY (role, package_urn)
);
INSERT INTO register_role_packages (role, package_urn, client_forms) VALUES
    ('REGN', 'urn:altinn:accesspackage:regnskapsforer-med-signeringsrettighet', NULL),
    ('REGN', 'urn:altinn:accesspackage:regnskapsforer-uten-signeringsrettighet', NULL),
    ('REGN', 'urn:altinn:accesspackage:regnskapsforer-lonn', NULL),
    ('REVI', 'urn:altinn:accesspackage:ansvarlig-revisor', NULL),
    ('REVI', 'urn:altinn:accesspackage:revisormedarbeider', NULL),
    ('FFØR', 'urn:altinn:accesspackage:forretningsforer-eiendom', '{BRL,ESEK}');

-- One row per client relationship (a register role or a fullmakt, even one without
-- packages). The client's name and number are copied in so that a firm's list is one walk
-- down an index in the order users read it. Derived data: no foreign keys, never written
-- by the application.
CREATE TABLE client_packages (
    firm_id     uuid NOT NULL,
    client_id   uuid NOT NULL,
    name        text COLLATE norwegian NOT NULL,
    org_number  text NOT NULL,
    -- Bit set of access_packages.bit.
    packages    integer NOT NULL,
    PRIMARY KEY (firm_id, client_id)
);
CREATE INDEX client_packages_list_idx
    ON client_packages (firm_id, name, org_number) INCLUDE (client_id, packages);
-- The API pages by organization number.
CREATE INDEX client_packages_number_idx
    ON client_packages (firm_id, org_number) INCLUDE (client_id, packages);
CREATE INDEX client_packages_client_idx ON client_packages (client_id);
-- `%word%` search by part of a name or number within one firm.
CREATE INDEX client_packages_name_trgm_idx
    ON client_packages USING gin (firm_id, name gin_trgm_ops);
CREATE INDEX client_packages_number_trgm_idx
    ON client_packages USING gin (firm_id, org_number gin_trgm_ops);

-- How many clients of a firm hold each exact set of packages: "how many are available for
-- a system user needing R" is a sum over at most a few dozen rows, not a count of 50,000.
CREATE TABLE client_package_counts (
    firm_id   uuid NOT NULL,
    packages  integer NOT NULL,
    clients   integer NOT NULL CHECK (clients >= 0),
    PRIMARY KEY (firm_id, packages)
);

-- How many clients are on each system user ("Kunder (10 000)").
ALTER TABLE system_users ADD COLUMN client_count integer NOT NULL DEFAULT 0
    CONSTRAINT system_users_client_count_check CHECK (client_count >= 0);

-- Recomputes the rows of client_packages for the given (firm, client) pairs from the
-- relationships as they are now.
CREATE FUNCTION refresh_client_packages(firms uuid[], clients uuid[]) RETURNS void
LANGUAGE sql AS $$
    WITH pairs AS (
        SELECT DISTINCT f AS firm_id, c AS client_id FROM unnest(firms, clients) AS p(f, c)
    ), now_held AS (
        SELECT p.firm_id, p.client_id, o.name, o.org_number,
               COALESCE((SELECT bit_or(1 << ap.bit)
                           FROM register_roles rr
                           JOIN register_role_packages rp ON rp.role = rr.role
                           JOIN access_packages ap ON ap.urn = rp.package_urn
                          WHERE rr.firm_id = p.firm_id AND rr.client_id = p.client_id
                            AND (rp.client_forms IS NULL OR o.org_form = ANY (rp.client_forms))), 0)
             | COALESCE((SELECT bit_or(1 << ap.bit)
                           FROM fullmakter f
                           JOIN fullmakt_packages fp ON fp.fullmakt_id = f.id
                           JOIN access_packages ap ON ap.urn = fp.package_urn
                          WHERE f.firm_id = p.firm_id AND f.client_id = p.client_id), 0) AS packages,
               EXISTS (SELECT 1 FROM register_roles rr
                        WHERE rr.firm_id = p.firm_id AND rr.client_id = p.client_id)
               OR EXISTS (SELECT 1 FROM fullmakter f
                           WHERE f.firm_id = p.firm_id AND f.client_id = p.client_id) AS related
          FROM pairs p JOIN organizations o ON o.id = p.client_id
    ), gone AS (
        DELETE FROM client_packages cp USING now_held h
         WHERE NOT h.related AND cp.firm_id = h.firm_id AND cp.client_id = h.client_id
    )
    INSERT INTO client_packages (firm_id, client_id, name, org_number, packages)
    SELECT firm_id, client_id, name, org_number, packages FROM now_held WHERE related
    ON CONFLICT (firm_id, client_id) DO UPDATE
       SET name = EXCLUDED.name, org_number = EXCLUDED.org_number, packages = EXCLUDED.packages
     WHERE (client_packages.name, client_packages.org_number, client_packages.packages)
           IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.org_number, EXCLUDED.packages);
$$;

-- register_roles and fullmakter carry the pair themselves.
CREATE FUNCTION client_packages_from_pairs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM refresh_client_packages(array_agg(firm_id), array_agg(client_id)) FROM new_rows;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM refresh_client_packages(array_agg(firm_id), array_agg(client_id)) FROM old_rows;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER register_roles_client_packages_ins AFTER INSERT ON register_roles
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION client_packages_from_pairs();
CREATE TRIGGER register_roles_client_packages_upd AFTER UPDATE ON register_roles
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION client_packages_from_pairs();
CREATE TRIGGER register_roles_client_packages_del AFTER DELETE ON register_roles
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION client_packages_from_pairs();
CREATE TRIGGER fullmakter_client_packages_ins AFTER INSERT ON fullmakter
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION client_packages_from_pairs();
CREATE TRIGGER fullmakter_client_packages_upd AFTER UPDATE ON fullmakter
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION client_packages_from_pairs();
CREATE TRIGGER fullmakter_client_packages_del AFTER DELETE ON fullmakter
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION client_packages_from_pairs();

-- fullmakt_packages names its fullmakt; a package removed with its fullmakt (ON DELETE
-- CASCADE) is covered by the fullmakter trigger, which runs after the cascade.
CREATE FUNCTION client_packages_from_fullmakt_packages() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM refresh_client_packages(array_agg(f.firm_id), array_agg(f.client_id))
           FROM (SELECT DISTINCT fullmakt_id FROM new_rows) r JOIN fullmakter f ON f.id = r.fullmakt_id;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM refresh_client_packages(array_agg(f.firm_id), array_agg(f.client_id))
           FROM (SELECT DISTINCT fullmakt_id FROM old_rows) r JOIN fullmakter f ON f.id = r.fullmakt_id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER fullmakt_packages_client_packages_ins AFTER INSERT ON fullmakt_packages
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION client_packages_from_fullmakt_packages();
CREATE TRIGGER fullmakt_packages_client_packages_upd AFTER UPDATE ON fullmakt_packages
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION client_packages_from_fullmakt_packages();
CREATE TRIGGER fullmakt_packages_client_packages_del AFTER DELETE ON fullmakt_packages
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION client_packages_from_fullmakt_packages();

-- A client renamed, renumbered or changing form (FFØR depends on it).
CREATE FUNCTION client_packages_from_organizations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_client_packages(array_agg(cp.firm_id), array_agg(cp.client_id))
       FROM new_rows n JOIN old_rows o ON o.id = n.id
       JOIN client_packages cp ON cp.client_id = n.id
      WHERE (n.name, n.org_number, n.org_form) IS DISTINCT FROM (o.name, o.org_number, o.org_form);
    RETURN NULL;
END;
$$;

CREATE TRIGGER organizations_client_packages AFTER UPDATE ON organizations
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION client_packages_from_organizations();

-- The counts follow client_packages.
CREATE FUNCTION client_package_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO client_package_counts AS c (firm_id, packages, clients)
        SELECT firm_id, packages, count(*) FROM new_rows GROUP BY firm_id, packages
        ON CONFLICT (firm_id, packages) DO UPDATE SET clients = c.clients + EXCLUDED.clients;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE client_package_counts c SET clients = c.clients - d.n
          FROM (SELECT firm_id, packages, count(*) AS n FROM old_rows GROUP BY 1, 2) d
         WHERE c.firm_id = d.firm_id AND c.packages = d.packages;
    ELSE
        INSERT INTO client_package_counts AS c (firm_id, packages, clients)
        SELECT firm_id, packages, count(*) FROM new_rows GROUP BY firm_id, packages
        ON CONFLICT (firm_id, packages) DO UPDATE SET clients = c.clients + EXCLUDED.clients;
        UPDATE client_package_counts c SET clients = c.clients - d.n
          FROM (SELECT firm_id, packages, count(*) AS n FROM old_rows GROUP BY 1, 2) d
         WHERE c.firm_id = d.firm_id AND c.packages = d.packages;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER client_packages_counts_ins AFTER INSERT ON client_packages
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION client_package_counts_follow();
CREATE TRIGGER client_packages_counts_upd AFTER UPDATE ON client_packages
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION client_package_counts_follow();
CREATE TRIGGER client_packages_counts_del AFTER DELETE ON client_packages
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION client_package_counts_follow();

-- system_users.client_count follows client_delegations. A system user deleted with its
-- delegations (ON DELETE CASCADE) is simply not found.
CREATE FUNCTION system_user_client_count_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE system_users su SET client_count = su.client_count + d.n
          FROM (SELECT system_user_id, count(*) AS n FROM new_rows GROUP BY 1) d
         WHERE su.id = d.system_user_id;
    ELSE
        UPDATE system_users su SET client_count = su.client_count - d.n
          FROM (SELECT system_user_id, count(*) AS n FROM old_rows GROUP BY 1) d
         WHERE su.id = d.system_user_id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER client_delegations_count_ins AFTER INSERT ON client_delegations
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION system_user_client_count_follow();
CREATE TRIGGER client_delegations_count_del AFTER DELETE ON client_delegations
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION system_user_client_count_follow();
-- A delegation never moves to another system user.
CREATE FUNCTION client_delegations_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.system_user_id <> OLD.system_user_id THEN
        RAISE EXCEPTION 'a client delegation cannot move to another system user';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER client_delegations_no_move BEFORE UPDATE ON client_delegations
    FOR EACH ROW EXECUTE FUNCTION client_delegations_immutable();

-- What is there already.
SELECT refresh_client_packages(array_agg(firm_id), array_agg(client_id))
  FROM (SELECT firm_id, client_id FROM register_roles
        UNION SELECT firm_id, client_id FROM fullmakter) rel;
UPDATE system_users su SET client_count = d.n
  FROM (SELECT system_user_id, count(*) AS n FROM client_delegations GROUP BY 1) d
 WHERE su.id = d.system_user_id;

-- The system access page's "removed automatically lately", without reading every event
-- of a system user with 10,000 clients.
CREATE INDEX audit_events_ended_idx ON audit_events (system_user_id, occurred_at DESC)
    WHERE action = 'client_delegation.ended';
