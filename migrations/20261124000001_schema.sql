-- The whole data model of Klientdelegering. Constraints are the last line of defence:
-- a buggy handler must not be able to store a relationship, delegation or role that
-- the domain would refuse.

-- Lists sort the way Norwegians expect: Æ, Ø and Å after Z.
CREATE COLLATION norwegian (provider = icu, locale = 'nb-NO');

CREATE TABLE organizations (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_number  text NOT NULL CONSTRAINT organizations_org_number_key UNIQUE
                CONSTRAINT organizations_org_number_check CHECK (org_number ~ '^[0-9]{9}$'),
    name        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    org_form    text NOT NULL CHECK (org_form ~ '^[A-Z]{2,5}$'),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX organizations_name_idx ON organizations (lower(name));

CREATE TABLE persons (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    national_id  text NOT NULL CONSTRAINT persons_national_id_key UNIQUE
                 CHECK (national_id ~ '^[0-9]{11}$'),
    name         text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- A person's roles for an organization: DAGL from the register, the rest given in the portal.
CREATE TABLE person_roles (
    person_id        uuid NOT NULL REFERENCES persons (id),
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    role             text NOT NULL CHECK (role IN ('DAGL', 'HADM', 'TILG', 'KADM')),
    granted_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, person_id, role)
);
CREATE INDEX person_roles_person_idx ON person_roles (person_id);

-- Reference data: access packages (mirrors src/domain/packages.rs). Only the
-- client-delegable ones can hang under a fullmakt (see fullmakt_packages).
CREATE TABLE access_packages (
    urn               text PRIMARY KEY CHECK (urn LIKE 'urn:altinn:accesspackage:%'),
    name              text NOT NULL,
    client_delegable  boolean NOT NULL,
    CONSTRAINT access_packages_urn_delegable_key UNIQUE (urn, client_delegable)
);
INSERT INTO access_packages (urn, name, client_delegable) VALUES
    ('urn:altinn:accesspackage:regnskapsforer-med-signeringsrettighet', 'Regnskapsfører med signeringsrettighet', true),
    ('urn:altinn:accesspackage:regnskapsforer-uten-signeringsrettighet', 'Regnskapsfører uten signeringsrettighet', true),
    ('urn:altinn:accesspackage:regnskapsforer-lonn', 'Regnskapsfører lønn', true),
    ('urn:altinn:accesspackage:ansvarlig-revisor', 'Ansvarlig revisor', true),
    ('urn:altinn:accesspackage:revisormedarbeider', 'Revisormedarbeider', true),
    ('urn:altinn:accesspackage:forretningsforer-eiendom', 'Forretningsfører eiendom', true),
    ('urn:altinn:accesspackage:skattegrunnlag', 'Skattegrunnlag', false),
    ('urn:altinn:accesspackage:a-ordning', 'A-ordningen', false);

-- Roles a firm holds FOR a client in Enhetsregisteret. The packages they imply are a
-- domain rule (src/domain/packages.rs), because FFØR depends on the client's form.
CREATE TABLE register_roles (
    firm_id     uuid NOT NULL REFERENCES organizations (id),
    client_id   uuid NOT NULL REFERENCES organizations (id),
    role        text NOT NULL CHECK (role IN ('REGN', 'REVI', 'FFØR')),
    registered_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (firm_id, client_id, role),
    CONSTRAINT register_roles_not_self CHECK (firm_id <> client_id)
);
CREATE INDEX register_roles_client_idx ON register_roles (client_id);

-- A fullmakt: the client authorizes the firm; the packages delegated hang under it.
CREATE TABLE fullmakter (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    client_id   uuid NOT NULL REFERENCES organizations (id),
    firm_id     uuid NOT NULL REFERENCES organizations (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  uuid REFERENCES persons (id),
    CONSTRAINT fullmakter_pair_key UNIQUE (client_id, firm_id),
    CONSTRAINT fullmakter_not_self CHECK (firm_id <> client_id)
);
CREATE INDEX fullmakter_firm_idx ON fullmakter (firm_id);

CREATE TABLE fullmakt_packages (
    fullmakt_id       uuid NOT NULL REFERENCES fullmakter (id) ON DELETE CASCADE,
    package_urn       text NOT NULL,
    -- Always true: with the foreign key below, only delegable packages can be stored.
    client_delegable  boolean NOT NULL DEFAULT true CHECK (client_delegable),
    delegated_at      timestamptz NOT NULL DEFAULT now(),
    delegated_by      uuid REFERENCES persons (id),
    PRIMARY KEY (fullmakt_id, package_urn),
    FOREIGN KEY (package_urn, client_delegable) REFERENCES access_packages (urn, client_delegable)
);

-- The system register: vendors' software, id "{vendorOrgNo}_{name}".
CREATE TABLE systems (
    id              text PRIMARY KEY CHECK (id ~ '^[0-9]{9}_[A-Za-z0-9_.-]{1,100}$'),
    vendor_id       uuid NOT NULL REFERENCES organizations (id),
    name_nb         text NOT NULL CHECK (length(btrim(name_nb)) > 0),
    name_nn         text NOT NULL CHECK (length(btrim(name_nn)) > 0),
    name_en         text NOT NULL CHECK (length(btrim(name_en)) > 0),
    description_nb  text NOT NULL DEFAULT '',
    description_nn  text NOT NULL DEFAULT '',
    description_en  text NOT NULL DEFAULT '',
    visible         boolean NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE system_packages (
    system_id    text NOT NULL REFERENCES systems (id) ON DELETE CASCADE,
    package_urn  text NOT NULL REFERENCES access_packages (urn),
    PRIMARY KEY (system_id, package_urn)
);

-- System users (UI: systemtilganger). Agent ones act for clients.
CREATE TABLE system_users (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    owner_id    uuid NOT NULL REFERENCES organizations (id),
    system_id   text NOT NULL REFERENCES systems (id),
    kind        text NOT NULL CHECK (kind IN ('standard', 'agent')),
    name        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  uuid REFERENCES persons (id),
    CONSTRAINT system_users_owner_name_key UNIQUE (owner_id, name),
    -- Targets for the composite foreign key of client_delegations.
    CONSTRAINT system_users_id_kind_owner_key UNIQUE (id, kind, owner_id)
);
CREATE INDEX system_users_owner_idx ON system_users (owner_id);

CREATE TABLE system_user_packages (
    system_user_id  uuid NOT NULL REFERENCES system_users (id) ON DELETE CASCADE,
    package_urn     text NOT NULL REFERENCES access_packages (urn),
    PRIMARY KEY (system_user_id, package_urn)
);

-- A client given to an agent system user. The composite key to system_users makes the
-- database itself refuse a delegation on a standard system user or to the firm itself.
CREATE TABLE client_delegations (
    system_user_id  uuid NOT NULL,
    kind            text NOT NULL DEFAULT 'agent' CHECK (kind = 'agent'),
    firm_id         uuid NOT NULL,
    client_id       uuid NOT NULL REFERENCES organizations (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    created_by      uuid REFERENCES persons (id),
    PRIMARY KEY (system_user_id, client_id),
    FOREIGN KEY (system_user_id, kind, firm_id)
        REFERENCES system_users (id, kind, owner_id) ON DELETE CASCADE,
    CONSTRAINT client_delegations_not_self CHECK (firm_id <> client_id)
);
CREATE INDEX client_delegations_client_idx ON client_delegations (client_id);

-- A vendor's request for a system user at a customer, approved or rejected in the portal.
CREATE TABLE system_user_requests (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    system_id     text NOT NULL REFERENCES systems (id),
    customer_id   uuid NOT NULL REFERENCES organizations (id),
    kind          text NOT NULL CHECK (kind IN ('standard', 'agent')),
    external_ref  text NOT NULL DEFAULT '',
    status        text NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'accepted', 'rejected', 'timed_out')),
    redirect_url  text CHECK (redirect_url IS NULL OR redirect_url LIKE 'https://%'),
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    decided_at    timestamptz,
    decided_by    uuid REFERENCES persons (id),
    CONSTRAINT system_user_requests_decided CHECK ((status = 'pending') = (decided_at IS NULL))
);
-- Idempotency: one open request per (system, customer, external reference).
CREATE UNIQUE INDEX system_user_requests_open_key
    ON system_user_requests (system_id, customer_id, external_ref) WHERE status = 'pending';

CREATE TABLE system_user_request_packages (
    request_id   uuid NOT NULL REFERENCES system_user_requests (id) ON DELETE CASCADE,
    package_urn  text NOT NULL REFERENCES access_packages (urn),
    PRIMARY KEY (request_id, package_urn)
);

-- Append-only audit trail. Names are copied in, so an event still reads right after the
-- system user or relationship it names is gone; hence no foreign keys on the subjects.
CREATE TABLE audit_events (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at      timestamptz NOT NULL DEFAULT now(),
    actor_person_id  uuid REFERENCES persons (id),
    actor_name       text,
    on_behalf_of_id  uuid REFERENCES organizations (id),
    action           text NOT NULL CHECK (action ~ '^[a-z_.]+$'),
    system_user_id   uuid,
    client_id        uuid,
    details          jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_events_org_idx ON audit_events (on_behalf_of_id, occurred_at DESC);
CREATE INDEX audit_events_system_user_idx ON audit_events (system_user_id, occurred_at DESC);

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_events_no_change
    BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
