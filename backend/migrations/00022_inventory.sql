-- +goose Up
-- Assets and inventory (SPEC §2.1), second part: peripherals (the asset lifecycle, optionally attached to an asset),
-- maintenance logs and the erasure register, disposals with their correction history, physical inventory campaigns,
-- the software catalogue and licences with seats, and configurations (CMDB items) with versioned documents.

CREATE TABLE peripherals (
    id              uuid          PRIMARY KEY,
    organization_id uuid          NOT NULL REFERENCES organizations (id),
    name            text          NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    serial          text          CHECK (serial IS NULL OR length(btrim(serial)) BETWEEN 1 AND 128),
    model_id        uuid          REFERENCES asset_models (id),
    asset_id        uuid          REFERENCES assets (id),
    status          text          NOT NULL DEFAULT 'in_stock' CHECK (status IN ('in_stock', 'in_use', 'in_repair',
                                      'awaiting_disposal', 'disposed', 'sold')),
    purchase_date   date,
    cost            numeric(14,2) CHECK (cost IS NULL OR cost >= 0),
    currency        text          CHECK (currency IS NULL OR currency ~ '^[A-Z]{3}$'),
    warranty_months integer       CHECK (warranty_months IS NULL OR warranty_months BETWEEN 0 AND 240),
    warranty_end    date          GENERATED ALWAYS AS ((purchase_date + make_interval(months => warranty_months))::date) STORED,
    supplier_name   text          NOT NULL DEFAULT '' CHECK (length(supplier_name) <= 200),
    location_id     uuid          REFERENCES locations (id),
    holder_id       uuid          REFERENCES users (id),
    remote          boolean       NOT NULL DEFAULT false,
    notes           text          NOT NULL DEFAULT '' CHECK (length(notes) <= 10000),
    custom_fields   jsonb         NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(custom_fields) = 'object'),
    created_at      timestamptz   NOT NULL DEFAULT now(),
    updated_at      timestamptz   NOT NULL DEFAULT now(),
    version         bigint        NOT NULL DEFAULT 1 CHECK (version >= 1),
    archived_at     timestamptz,
    CHECK ((cost IS NULL) = (currency IS NULL)),
    CHECK ((status = 'in_use') = (holder_id IS NOT NULL)),
    CHECK (NOT remote OR holder_id IS NOT NULL),
    -- Attached to an asset, it follows the asset: it has no holder of its own.
    CHECK (asset_id IS NULL OR holder_id IS NULL)
);
CREATE UNIQUE INDEX peripherals_org_serial_key ON peripherals (organization_id, lower(serial)) WHERE serial IS NOT NULL;
CREATE INDEX peripherals_org_name_idx ON peripherals (organization_id, name, id);
CREATE INDEX peripherals_org_created_idx ON peripherals (organization_id, created_at, id);
CREATE INDEX peripherals_org_status_idx ON peripherals (organization_id, status, name, id);
CREATE INDEX peripherals_asset_idx ON peripherals (asset_id) WHERE asset_id IS NOT NULL;
CREATE INDEX peripherals_holder_idx ON peripherals (holder_id) WHERE holder_id IS NOT NULL;
CREATE INDEX peripherals_location_idx ON peripherals (location_id);
CREATE INDEX peripherals_model_idx ON peripherals (model_id);
CREATE INDEX peripherals_custom_fields_idx ON peripherals USING gin (custom_fields jsonb_path_ops);
SELECT opsdeck_enable_tenant_rls('peripherals');
SELECT opsdeck_enable_linkable('peripherals', 'peripheral');

-- The custody log covers peripherals too: each row is about exactly one asset or one peripheral.
ALTER TABLE asset_custody ALTER COLUMN asset_id DROP NOT NULL;
ALTER TABLE asset_custody ADD COLUMN peripheral_id uuid REFERENCES peripherals (id) ON DELETE CASCADE;
ALTER TABLE asset_custody ADD CONSTRAINT asset_custody_one_item CHECK (num_nonnulls(asset_id, peripheral_id) = 1);
CREATE INDEX asset_custody_peripheral_idx ON asset_custody (peripheral_id, at DESC, id DESC) WHERE peripheral_id IS NOT NULL;

CREATE TABLE maintenance_logs (
    id                  uuid          PRIMARY KEY,
    organization_id     uuid          NOT NULL REFERENCES organizations (id),
    asset_id            uuid          REFERENCES assets (id),
    peripheral_id       uuid          REFERENCES peripherals (id),
    type                text          NOT NULL CHECK (type IN ('repair', 'planned', 'unplanned', 'upgrade', 'inspection', 'data_erasure')),
    status              text          NOT NULL DEFAULT 'done' CHECK (status IN ('scheduled', 'in_progress', 'done', 'cancelled')),
    title               text          NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    description         text          NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
    assignee_id         uuid          REFERENCES users (id),
    performed_on        date          NOT NULL,
    ticket_url          text          CHECK (ticket_url IS NULL OR (ticket_url ~ '^https?://' AND length(ticket_url) <= 500)),
    cost                numeric(14,2) CHECK (cost IS NULL OR cost >= 0),
    currency            text          CHECK (currency IS NULL OR currency ~ '^[A-Z]{3}$'),
    erasure_method      text          CHECK (erasure_method IN ('clear', 'purge', 'destroy')),
    erasure_verified_by text          NOT NULL DEFAULT '' CHECK (length(erasure_verified_by) <= 200),
    created_at          timestamptz   NOT NULL DEFAULT now(),
    updated_at          timestamptz   NOT NULL DEFAULT now(),
    version             bigint        NOT NULL DEFAULT 1 CHECK (version >= 1),
    archived_at         timestamptz,
    CHECK (num_nonnulls(asset_id, peripheral_id) = 1),
    CHECK ((cost IS NULL) = (currency IS NULL)),
    -- The erasure register: a data erasure that is done says how; other types have no erasure method.
    CHECK (type = 'data_erasure' OR erasure_method IS NULL),
    CHECK (type <> 'data_erasure' OR status <> 'done' OR erasure_method IS NOT NULL)
);
CREATE INDEX maintenance_logs_org_date_idx ON maintenance_logs (organization_id, performed_on, id);
CREATE INDEX maintenance_logs_org_type_idx ON maintenance_logs (organization_id, type, performed_on, id);
CREATE INDEX maintenance_logs_asset_idx ON maintenance_logs (asset_id, performed_on) WHERE asset_id IS NOT NULL;
CREATE INDEX maintenance_logs_peripheral_idx ON maintenance_logs (peripheral_id, performed_on) WHERE peripheral_id IS NOT NULL;
CREATE INDEX maintenance_logs_assignee_idx ON maintenance_logs (assignee_id) WHERE assignee_id IS NOT NULL;
SELECT opsdeck_enable_tenant_rls('maintenance_logs');
SELECT opsdeck_enable_linkable('maintenance_logs', 'maintenance_log');

CREATE TABLE disposals (
    id                 uuid          PRIMARY KEY,
    organization_id    uuid          NOT NULL REFERENCES organizations (id),
    asset_id           uuid          UNIQUE REFERENCES assets (id),
    peripheral_id      uuid          UNIQUE REFERENCES peripherals (id),
    disposed_on        date          NOT NULL,
    method             text          NOT NULL CHECK (method IN ('recycled', 'destroyed', 'donated', 'sold', 'returned', 'lost')),
    -- The partner is a name until the procurement module brings suppliers; a supplier_id column will then be added
    -- and filled by matching names (the name stays for partners that are not suppliers).
    partner_name       text          NOT NULL DEFAULT '' CHECK (length(partner_name) <= 200),
    price              numeric(14,2) CHECK (price IS NULL OR price >= 0),
    currency           text          CHECK (currency IS NULL OR currency ~ '^[A-Z]{3}$'),
    certificate_number text          NOT NULL DEFAULT '' CHECK (length(certificate_number) <= 100),
    notes              text          NOT NULL DEFAULT '' CHECK (length(notes) <= 5000),
    recorded_by        text          NOT NULL CHECK (length(recorded_by) <= 200),
    recorded_by_name   text          NOT NULL DEFAULT '' CHECK (length(recorded_by_name) <= 200),
    created_at         timestamptz   NOT NULL DEFAULT now(),
    updated_at         timestamptz   NOT NULL DEFAULT now(),
    version            bigint        NOT NULL DEFAULT 1 CHECK (version >= 1),
    CHECK (num_nonnulls(asset_id, peripheral_id) = 1),
    CHECK ((price IS NULL) = (currency IS NULL)),
    CHECK (method = 'sold' OR price IS NULL)
);
CREATE INDEX disposals_org_date_idx ON disposals (organization_id, disposed_on, id);
CREATE INDEX disposals_org_created_idx ON disposals (organization_id, created_at, id);
SELECT opsdeck_enable_tenant_rls('disposals');
SELECT opsdeck_enable_linkable('disposals', 'disposal');
REVOKE DELETE ON disposals FROM opsdeck_tenant;

-- Corrections of a recorded disposal, each with its reason (append-only).
CREATE TABLE disposal_changes (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    disposal_id     uuid        NOT NULL REFERENCES disposals (id),
    reason          text        NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 1000),
    changes         jsonb       NOT NULL CHECK (jsonb_typeof(changes) = 'object'),
    actor_id        text        NOT NULL CHECK (length(actor_id) <= 200),
    actor_name      text        NOT NULL DEFAULT '' CHECK (length(actor_name) <= 200),
    at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX disposal_changes_disposal_idx ON disposal_changes (disposal_id, at DESC, id DESC);
SELECT opsdeck_enable_tenant_rls('disposal_changes');
REVOKE UPDATE, DELETE ON disposal_changes FROM opsdeck_tenant;

CREATE TABLE inventory_campaigns (
    id                uuid        PRIMARY KEY,
    organization_id   uuid        NOT NULL REFERENCES organizations (id),
    name              text        NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    location_id       uuid        REFERENCES locations (id),
    due_on            date,
    notes             text        NOT NULL DEFAULT '' CHECK (length(notes) <= 5000),
    status            text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completed')),
    created_by        text        NOT NULL CHECK (length(created_by) <= 200),
    created_by_name   text        NOT NULL DEFAULT '' CHECK (length(created_by_name) <= 200),
    completed_at      timestamptz,
    completed_by_name text        CHECK (length(completed_by_name) <= 200),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    version           bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
    archived_at       timestamptz,
    CHECK ((status = 'completed') = (completed_at IS NOT NULL))
);
CREATE INDEX inventory_campaigns_org_created_idx ON inventory_campaigns (organization_id, created_at, id);
CREATE INDEX inventory_campaigns_org_name_idx ON inventory_campaigns (organization_id, name, id);
CREATE INDEX inventory_campaigns_org_due_idx ON inventory_campaigns (organization_id, (coalesce(due_on, '9999-12-31'::date)), id);
SELECT opsdeck_enable_tenant_rls('inventory_campaigns');
SELECT opsdeck_enable_linkable('inventory_campaigns', 'inventory_campaign');

CREATE TABLE inventory_items (
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    campaign_id     uuid        NOT NULL REFERENCES inventory_campaigns (id) ON DELETE CASCADE,
    asset_id        uuid        NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    -- Where the asset was expected when the campaign opened.
    location_id     uuid        REFERENCES locations (id),
    result          text        NOT NULL DEFAULT 'pending' CHECK (result IN ('pending', 'verified', 'flagged', 'missing')),
    note            text        NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    checked_at      timestamptz,
    checked_by      text        CHECK (length(checked_by) <= 200),
    checked_by_name text        CHECK (length(checked_by_name) <= 200),
    PRIMARY KEY (campaign_id, asset_id),
    CHECK ((result IN ('verified', 'flagged')) = (checked_at IS NOT NULL)),
    CHECK (result <> 'flagged' OR length(btrim(note)) > 0)
);
CREATE INDEX inventory_items_campaign_result_idx ON inventory_items (campaign_id, result);
CREATE INDEX inventory_items_asset_idx ON inventory_items (asset_id, checked_at DESC);
SELECT opsdeck_enable_tenant_rls('inventory_items');

CREATE TABLE software (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    name            text        NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    publisher       text        NOT NULL DEFAULT '' CHECK (length(publisher) <= 200),
    category        text        NOT NULL DEFAULT 'other' CHECK (category IN ('operating_system', 'productivity', 'security',
                                    'development', 'database', 'infrastructure', 'communication', 'saas', 'other')),
    owner_user_id   uuid        REFERENCES users (id),
    owner_group_id  uuid        REFERENCES groups (id),
    supplier_name   text        NOT NULL DEFAULT '' CHECK (length(supplier_name) <= 200),
    website         text        NOT NULL DEFAULT '' CHECK (website = '' OR (website ~ '^https?://' AND length(website) <= 500)),
    notes           text        NOT NULL DEFAULT '' CHECK (length(notes) <= 10000),
    custom_fields   jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(custom_fields) = 'object'),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
    archived_at     timestamptz
);
CREATE UNIQUE INDEX software_org_name_key ON software (organization_id, lower(name)) WHERE archived_at IS NULL;
CREATE INDEX software_org_name_idx ON software (organization_id, name, id);
CREATE INDEX software_org_publisher_idx ON software (organization_id, publisher, id);
CREATE INDEX software_org_created_idx ON software (organization_id, created_at, id);
CREATE INDEX software_owner_user_idx ON software (owner_user_id) WHERE owner_user_id IS NOT NULL;
CREATE INDEX software_owner_group_idx ON software (owner_group_id) WHERE owner_group_id IS NOT NULL;
CREATE INDEX software_custom_fields_idx ON software USING gin (custom_fields jsonb_path_ops);
SELECT opsdeck_enable_tenant_rls('software');
SELECT opsdeck_enable_linkable('software', 'software');

CREATE TABLE licences (
    id              uuid          PRIMARY KEY,
    organization_id uuid          NOT NULL REFERENCES organizations (id),
    software_id     uuid          NOT NULL REFERENCES software (id),
    name            text          NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    -- The key, encrypted (AES-256-GCM, associated data: organisation and licence); its last 4 characters in clear.
    key_sealed      text          CHECK (key_sealed IS NULL OR length(key_sealed) <= 8000),
    key_hint        text          NOT NULL DEFAULT '' CHECK (length(key_hint) <= 20),
    seats           integer       CHECK (seats IS NULL OR seats BETWEEN 1 AND 1000000),
    expires_on      date,
    purchase_date   date,
    cost            numeric(14,2) CHECK (cost IS NULL OR cost >= 0),
    currency        text          CHECK (currency IS NULL OR currency ~ '^[A-Z]{3}$'),
    supplier_name   text          NOT NULL DEFAULT '' CHECK (length(supplier_name) <= 200),
    notes           text          NOT NULL DEFAULT '' CHECK (length(notes) <= 10000),
    custom_fields   jsonb         NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(custom_fields) = 'object'),
    created_at      timestamptz   NOT NULL DEFAULT now(),
    updated_at      timestamptz   NOT NULL DEFAULT now(),
    version         bigint        NOT NULL DEFAULT 1 CHECK (version >= 1),
    archived_at     timestamptz,
    CHECK ((cost IS NULL) = (currency IS NULL))
);
CREATE INDEX licences_org_name_idx ON licences (organization_id, name, id);
CREATE INDEX licences_org_created_idx ON licences (organization_id, created_at, id);
CREATE INDEX licences_org_expiry_idx ON licences (organization_id, (coalesce(expires_on, '9999-12-31'::date)), id);
CREATE INDEX licences_software_idx ON licences (software_id);
CREATE INDEX licences_custom_fields_idx ON licences USING gin (custom_fields jsonb_path_ops);
SELECT opsdeck_enable_tenant_rls('licences');
SELECT opsdeck_enable_linkable('licences', 'licence');

CREATE TABLE licence_seats (
    id               uuid        PRIMARY KEY,
    organization_id  uuid        NOT NULL REFERENCES organizations (id),
    licence_id       uuid        NOT NULL REFERENCES licences (id) ON DELETE CASCADE,
    user_id          uuid        REFERENCES users (id),
    asset_id         uuid        REFERENCES assets (id),
    note             text        NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    assigned_at      timestamptz NOT NULL DEFAULT now(),
    assigned_by_name text        NOT NULL DEFAULT '' CHECK (length(assigned_by_name) <= 200),
    CHECK (num_nonnulls(user_id, asset_id) = 1)
);
CREATE UNIQUE INDEX licence_seats_user_key ON licence_seats (licence_id, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX licence_seats_asset_key ON licence_seats (licence_id, asset_id) WHERE asset_id IS NOT NULL;
CREATE INDEX licence_seats_licence_idx ON licence_seats (licence_id, assigned_at DESC, id DESC);
CREATE INDEX licence_seats_user_idx ON licence_seats (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX licence_seats_asset_idx ON licence_seats (asset_id) WHERE asset_id IS NOT NULL;
SELECT opsdeck_enable_tenant_rls('licence_seats');

CREATE TABLE configurations (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    name            text        NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    kind            text        NOT NULL DEFAULT 'other' CHECK (kind IN ('network', 'server', 'application', 'cloud',
                                    'security', 'database', 'other')),
    description     text        NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
    current_version integer     NOT NULL DEFAULT 1 CHECK (current_version >= 1),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
    archived_at     timestamptz
);
CREATE UNIQUE INDEX configurations_org_name_key ON configurations (organization_id, lower(name)) WHERE archived_at IS NULL;
CREATE INDEX configurations_org_name_idx ON configurations (organization_id, name, id);
CREATE INDEX configurations_org_created_idx ON configurations (organization_id, created_at, id);
SELECT opsdeck_enable_tenant_rls('configurations');
SELECT opsdeck_enable_linkable('configurations', 'configuration');

-- Versions are immutable: a commit adds one.
CREATE TABLE configuration_versions (
    organization_id  uuid        NOT NULL REFERENCES organizations (id),
    configuration_id uuid        NOT NULL REFERENCES configurations (id) ON DELETE CASCADE,
    number           integer     NOT NULL CHECK (number >= 1),
    parent_number    integer     CHECK (parent_number IS NULL OR (parent_number >= 1 AND parent_number < number)),
    document         jsonb       NOT NULL CHECK (jsonb_typeof(document) = 'object'),
    message          text        NOT NULL CHECK (length(btrim(message)) BETWEEN 1 AND 500),
    author_id        text        NOT NULL CHECK (length(author_id) <= 200),
    author_name      text        NOT NULL DEFAULT '' CHECK (length(author_name) <= 200),
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (configuration_id, number)
);
SELECT opsdeck_enable_tenant_rls('configuration_versions');
REVOKE UPDATE, DELETE ON configuration_versions FROM opsdeck_tenant;

-- Maintenance and warranty views read these.
CREATE INDEX assets_org_supplier_idx ON assets (organization_id, lower(supplier_name)) WHERE archived_at IS NULL;
