-- +goose Up
-- Assets and inventory (SPEC §2.1), first part: locations, brands and models, assets with their status state machine
-- and custody log. Peripherals, maintenance, disposal, campaigns, software, licences and configurations follow.

CREATE TABLE locations (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    name            text        NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    address_line1   text        NOT NULL DEFAULT '' CHECK (length(address_line1) <= 200),
    address_line2   text        NOT NULL DEFAULT '' CHECK (length(address_line2) <= 200),
    postal_code     text        NOT NULL DEFAULT '' CHECK (length(postal_code) <= 20),
    city            text        NOT NULL DEFAULT '' CHECK (length(city) <= 100),
    country         text        NOT NULL DEFAULT '' CHECK (country = '' OR country ~ '^[A-Z]{2}$'),
    timezone        text        NOT NULL DEFAULT 'UTC' CHECK (length(timezone) BETWEEN 1 AND 64),
    physical        boolean     NOT NULL DEFAULT true,
    notes           text        NOT NULL DEFAULT '' CHECK (length(notes) <= 5000),
    custom_fields   jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(custom_fields) = 'object'),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
    archived_at     timestamptz
);
CREATE UNIQUE INDEX locations_org_name_key ON locations (organization_id, lower(name)) WHERE archived_at IS NULL;
CREATE INDEX locations_org_name_idx ON locations (organization_id, name, id);
SELECT opsdeck_enable_tenant_rls('locations');
SELECT opsdeck_enable_linkable('locations', 'location');

CREATE TABLE brands (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    name            text        NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    website         text        NOT NULL DEFAULT '' CHECK (website = '' OR (website ~ '^https?://' AND length(website) <= 500)),
    notes           text        NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
    archived_at     timestamptz
);
CREATE UNIQUE INDEX brands_org_name_key ON brands (organization_id, lower(name));
CREATE INDEX brands_org_name_idx ON brands (organization_id, name, id);
SELECT opsdeck_enable_tenant_rls('brands');

CREATE TABLE asset_models (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    brand_id        uuid        NOT NULL REFERENCES brands (id),
    name            text        NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    category        text        NOT NULL DEFAULT 'other' CHECK (category IN ('laptop', 'desktop', 'server', 'network',
                                    'storage', 'phone', 'tablet', 'monitor', 'printer', 'peripheral', 'iot', 'other')),
    notes           text        NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
    archived_at     timestamptz
);
CREATE UNIQUE INDEX asset_models_brand_name_key ON asset_models (organization_id, brand_id, lower(name));
CREATE INDEX asset_models_org_name_idx ON asset_models (organization_id, name, id);
CREATE INDEX asset_models_brand_idx ON asset_models (brand_id);
SELECT opsdeck_enable_tenant_rls('asset_models');

CREATE TABLE assets (
    id              uuid          PRIMARY KEY,
    organization_id uuid          NOT NULL REFERENCES organizations (id),
    name            text          NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    asset_tag       text          CHECK (asset_tag IS NULL OR length(btrim(asset_tag)) BETWEEN 1 AND 64),
    serial          text          CHECK (serial IS NULL OR length(btrim(serial)) BETWEEN 1 AND 128),
    model_id        uuid          REFERENCES asset_models (id),
    status          text          NOT NULL DEFAULT 'in_stock' CHECK (status IN ('in_stock', 'in_use', 'in_repair',
                                      'awaiting_disposal', 'disposed', 'sold')),
    critical        boolean       NOT NULL DEFAULT false,
    virtual         boolean       NOT NULL DEFAULT false,
    purchase_date   date,
    cost            numeric(14,2) CHECK (cost IS NULL OR cost >= 0),
    currency        text          CHECK (currency IS NULL OR currency ~ '^[A-Z]{3}$'),
    warranty_months integer       CHECK (warranty_months IS NULL OR warranty_months BETWEEN 0 AND 240),
    -- Derived: the warranty ends warranty_months after the purchase.
    warranty_end    date          GENERATED ALWAYS AS ((purchase_date + make_interval(months => warranty_months))::date) STORED,
    supplier_name   text          NOT NULL DEFAULT '' CHECK (length(supplier_name) <= 200),
    location_id     uuid          REFERENCES locations (id),
    holder_id       uuid          REFERENCES users (id),
    remote          boolean       NOT NULL DEFAULT false,
    comments        text          NOT NULL DEFAULT '' CHECK (length(comments) <= 10000),
    custom_fields   jsonb         NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(custom_fields) = 'object'),
    created_at      timestamptz   NOT NULL DEFAULT now(),
    updated_at      timestamptz   NOT NULL DEFAULT now(),
    version         bigint        NOT NULL DEFAULT 1 CHECK (version >= 1),
    archived_at     timestamptz,
    CHECK ((cost IS NULL) = (currency IS NULL)),
    -- Custody is consistent with the status: only an asset in use has a holder; remote only with a holder.
    CHECK ((status = 'in_use') = (holder_id IS NOT NULL)),
    CHECK (NOT remote OR holder_id IS NOT NULL)
);
CREATE UNIQUE INDEX assets_org_tag_key ON assets (organization_id, lower(asset_tag)) WHERE asset_tag IS NOT NULL;
CREATE UNIQUE INDEX assets_org_serial_key ON assets (organization_id, lower(serial)) WHERE serial IS NOT NULL;
-- Sort keys (keyset pages: the sort value then id) and filters.
CREATE INDEX assets_org_name_idx ON assets (organization_id, name, id);
CREATE INDEX assets_org_created_idx ON assets (organization_id, created_at, id);
CREATE INDEX assets_org_tag_idx ON assets (organization_id, (coalesce(asset_tag, '')), id);
CREATE INDEX assets_org_purchase_idx ON assets (organization_id, (coalesce(purchase_date, '0001-01-01'::date)), id);
CREATE INDEX assets_org_warranty_idx ON assets (organization_id, (coalesce(warranty_end, '0001-01-01'::date)), id);
CREATE INDEX assets_org_status_name_idx ON assets (organization_id, status, name, id);
-- Counting a list's total: an index-only scan of the active rows (the organisation is the index condition, so the
-- row-level security predicate is evaluated once, not per row).
CREATE INDEX assets_org_active_idx ON assets (organization_id, status, location_id) WHERE archived_at IS NULL;
CREATE INDEX assets_location_idx ON assets (location_id, name, id);
CREATE INDEX assets_model_idx ON assets (model_id, name, id);
CREATE INDEX assets_holder_idx ON assets (holder_id, name, id);
CREATE INDEX assets_custom_fields_idx ON assets USING gin (custom_fields jsonb_path_ops);
CREATE INDEX assets_search_idx ON assets USING gin ((name || ' ' || coalesce(asset_tag, '') || ' ' || coalesce(serial, '')) gin_trgm_ops);
SELECT opsdeck_enable_tenant_rls('assets');
SELECT opsdeck_enable_linkable('assets', 'asset');

-- Custody: every check-out and check-in, with who did it.
CREATE TABLE asset_custody (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    asset_id        uuid        NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    action          text        NOT NULL CHECK (action IN ('check_out', 'check_in')),
    user_id         uuid        REFERENCES users (id),
    location_id     uuid        REFERENCES locations (id),
    remote          boolean     NOT NULL DEFAULT false,
    note            text        NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    actor_id        text        NOT NULL CHECK (length(actor_id) <= 200),
    actor_name      text        NOT NULL DEFAULT '' CHECK (length(actor_name) <= 200),
    at              timestamptz NOT NULL DEFAULT now(),
    CHECK ((action = 'check_out') = (user_id IS NOT NULL))
);
CREATE INDEX asset_custody_asset_idx ON asset_custody (asset_id, at DESC, id DESC);
CREATE INDEX asset_custody_user_idx ON asset_custody (organization_id, user_id, at DESC);
SELECT opsdeck_enable_tenant_rls('asset_custody');
REVOKE UPDATE, DELETE ON asset_custody FROM opsdeck_tenant;
