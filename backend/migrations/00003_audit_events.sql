-- +goose Up
-- Audit trail (SPEC §1.4): append-only, hash-chained per organisation.
--
-- Rows are inserted by the application inside the transaction of the change they describe, with no hash. A deferred
-- constraint trigger seals each row at COMMIT: it takes the organisation's chain head (row lock), assigns the next
-- sequence number and hash = sha256(previous hash || payload). The head lock is held only while the committing
-- transaction seals, so organisations never wait for each other and a long transaction does not block its own
-- organisation until it commits. See docs/adr/0007-audit-hash-chain.md.
--
-- Platform-scope events (no organisation) chain under the nil UUID.

CREATE TABLE audit_events (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL,
    seq             bigint,
    occurred_at     timestamptz NOT NULL,
    actor_type      text        NOT NULL CHECK (actor_type IN ('user', 'api_token', 'system', 'bootstrap', 'anonymous')),
    actor_id        text        NOT NULL DEFAULT '' CHECK (length(actor_id) <= 200),
    actor_name      text        NOT NULL DEFAULT '' CHECK (length(actor_name) <= 200),
    action          text        NOT NULL CHECK (action ~ '^[a-z][a-z0-9_.]{1,63}$'),
    entity_type     text        NOT NULL CHECK (entity_type ~ '^[a-z][a-z0-9_]{0,63}$'),
    entity_id       text        NOT NULL DEFAULT '' CHECK (length(entity_id) <= 200),
    entity_label    text        NOT NULL DEFAULT '' CHECK (length(entity_label) <= 500),
    request_id      text        NOT NULL DEFAULT '' CHECK (length(request_id) <= 128),
    client_ip       text        NOT NULL DEFAULT '' CHECK (length(client_ip) <= 64),
    user_agent      text        NOT NULL DEFAULT '' CHECK (length(user_agent) <= 500),
    changes         jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(changes) = 'object'),
    prev_hash       bytea,
    hash            bytea,
    CHECK ((seq IS NULL) = (hash IS NULL) AND (hash IS NULL) = (prev_hash IS NULL))
);

CREATE UNIQUE INDEX audit_events_org_seq_key ON audit_events (organization_id, seq);
-- Lists are newest first (keyset on occurred_at, id); each filter has its index.
CREATE INDEX audit_events_org_time_idx ON audit_events (organization_id, occurred_at DESC, id DESC);
CREATE INDEX audit_events_entity_idx ON audit_events (organization_id, entity_type, entity_id, occurred_at DESC, id DESC);
CREATE INDEX audit_events_actor_idx ON audit_events (organization_id, actor_id, occurred_at DESC, id DESC);
CREATE INDEX audit_events_action_idx ON audit_events (organization_id, action, occurred_at DESC, id DESC);
CREATE INDEX audit_events_search_idx ON audit_events USING gin ((entity_label || ' ' || actor_name || ' ' || entity_type || ' ' || action) gin_trgm_ops);

SELECT opsdeck_enable_tenant_rls('audit_events');
-- Tenants append and read; they never change or remove a row.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM opsdeck_tenant;

CREATE TABLE audit_chain_heads (
    organization_id uuid   PRIMARY KEY,
    seq             bigint NOT NULL,
    hash            bytea  NOT NULL
);
SELECT opsdeck_enable_tenant_rls('audit_chain_heads'); -- defence in depth: tenants have no privilege on it at all
REVOKE ALL ON audit_chain_heads FROM opsdeck_tenant;

-- The payload that is hashed: every column but the chain columns, in a fixed order, each as text, separated by a
-- unit separator. `opsdeck audit verify` rebuilds the same text in Go from the columns it reads.
-- +goose StatementBegin
CREATE FUNCTION opsdeck_audit_payload(e audit_events) RETURNS text
    LANGUAGE sql STABLE AS $$
    SELECT concat_ws(chr(31),
        e.id::text, e.organization_id::text, e.seq::text,
        (extract(epoch FROM e.occurred_at) * 1000000)::bigint::text,
        e.actor_type, e.actor_id, e.actor_name, e.action, e.entity_type, e.entity_id, e.entity_label,
        e.request_id, e.client_ip, e.user_agent, e.changes::text)
$$;
-- +goose StatementEnd

-- Sealing runs as the owner (SECURITY DEFINER): tenants have no UPDATE on audit_events and no access to the heads.
-- +goose StatementBegin
CREATE FUNCTION opsdeck_audit_seal() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    head_seq  bigint;
    head_hash bytea;
    row_      audit_events;
BEGIN
    INSERT INTO audit_chain_heads (organization_id, seq, hash)
        VALUES (NEW.organization_id, 0, '\x'::bytea)
        ON CONFLICT (organization_id) DO NOTHING;
    SELECT seq, hash INTO head_seq, head_hash FROM audit_chain_heads
        WHERE organization_id = NEW.organization_id FOR UPDATE;
    SELECT * INTO row_ FROM audit_events WHERE id = NEW.id;
    row_.seq := head_seq + 1;
    row_.prev_hash := head_hash;
    row_.hash := sha256(head_hash || convert_to(opsdeck_audit_payload(row_), 'UTF8'));
    PERFORM set_config('opsdeck.audit_sealing', 'on', true);
    UPDATE audit_events SET seq = row_.seq, prev_hash = row_.prev_hash, hash = row_.hash WHERE id = NEW.id;
    PERFORM set_config('opsdeck.audit_sealing', 'off', true);
    UPDATE audit_chain_heads SET seq = row_.seq, hash = row_.hash WHERE organization_id = NEW.organization_id;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE CONSTRAINT TRIGGER audit_events_seal
    AFTER INSERT ON audit_events
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION opsdeck_audit_seal();

-- Append-only: the only UPDATE allowed is the sealing of a fresh row (chain columns from NULL, nothing else changed);
-- DELETE only through the audited retention purge. Everything else fails, whoever runs it.
-- +goose StatementBegin
CREATE FUNCTION opsdeck_audit_guard() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF current_setting('opsdeck.audit_sealing', true) = 'on' AND OLD.hash IS NULL
           AND (to_jsonb(NEW) - 'seq' - 'prev_hash' - 'hash') = (to_jsonb(OLD) - 'seq' - 'prev_hash' - 'hash') THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_events is append-only: rows cannot be changed' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF current_setting('opsdeck.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_events is append-only: rows are removed only by the retention purge' USING ERRCODE = 'insufficient_privilege';
END
$$;
-- +goose StatementEnd

CREATE TRIGGER audit_events_guard
    BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION opsdeck_audit_guard();

-- TRUNCATE bypasses row triggers: refuse it with a statement trigger.
-- +goose StatementBegin
CREATE FUNCTION opsdeck_audit_no_truncate() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: TRUNCATE is not allowed' USING ERRCODE = 'insufficient_privilege';
END
$$;
-- +goose StatementEnd

CREATE TRIGGER audit_events_no_truncate
    BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION opsdeck_audit_no_truncate();
