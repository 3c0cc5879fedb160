-- +goose Up
-- Sealing without rewriting the chain head once per row (docs/adr/0011-audit-seal-head-once.md).
--
-- 00003 advanced audit_chain_heads for every sealed row. In one transaction holding n audit rows (a 100,000-row
-- import) that made n versions of the same head row, and every later lookup walked the growing chain of versions:
-- the commit was quadratic (32,000 rows: 29 s, 100,000 rows: over 30 minutes). Now the head row is locked and read once
-- per transaction and organisation, the running head is kept in a transaction-local setting, and the head row is
-- written once, by a deferred "flush" trigger queued by the first seal. The chain and the head are exactly as before;
-- `opsdeck audit verify` is unchanged.

-- One row per transaction and organisation that has sealed rows waiting for their head to be written; the flush
-- removes it in the same transaction, so the table is always empty outside a committing transaction.
CREATE TABLE audit_chain_flush (
    organization_id uuid NOT NULL
);
SELECT opsdeck_enable_tenant_rls('audit_chain_flush'); -- defence in depth: tenants have no privilege on it at all
REVOKE ALL ON audit_chain_flush FROM opsdeck_tenant;

-- The running head of a transaction: 'seq:hexhash:p' (p: the head row still needs writing) or ':f' (written).
-- +goose StatementBegin
CREATE FUNCTION opsdeck_audit_head_key(org uuid) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
    SELECT 'opsdeck.audit_head_' || replace(org::text, '-', '')
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION opsdeck_audit_seal() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    key       text := opsdeck_audit_head_key(NEW.organization_id);
    running   text := current_setting(key, true);
    head_seq  bigint;
    head_hash bytea;
    pending   boolean := false;
    row_      audit_events;
BEGIN
    IF coalesce(running, '') = '' THEN
        -- First seal of this organisation in the transaction: take the head's row lock (held until the end of the
        -- transaction, so concurrent committers of the organisation wait here) and read it.
        INSERT INTO audit_chain_heads (organization_id, seq, hash)
            VALUES (NEW.organization_id, 0, '\x'::bytea)
            ON CONFLICT (organization_id) DO NOTHING;
        SELECT seq, hash INTO head_seq, head_hash FROM audit_chain_heads
            WHERE organization_id = NEW.organization_id FOR UPDATE;
    ELSE
        head_seq := split_part(running, ':', 1)::bigint;
        head_hash := decode(split_part(running, ':', 2), 'hex');
        pending := split_part(running, ':', 3) = 'p';
    END IF;
    SELECT * INTO row_ FROM audit_events WHERE id = NEW.id;
    row_.seq := head_seq + 1;
    row_.prev_hash := head_hash;
    row_.hash := sha256(head_hash || convert_to(opsdeck_audit_payload(row_), 'UTF8'));
    PERFORM set_config('opsdeck.audit_sealing', 'on', true);
    UPDATE audit_events SET seq = row_.seq, prev_hash = row_.prev_hash, hash = row_.hash WHERE id = NEW.id;
    PERFORM set_config('opsdeck.audit_sealing', 'off', true);
    -- The running head first: when constraints are immediate, the flush queued below runs before this returns.
    PERFORM set_config(key, row_.seq::text || ':' || encode(row_.hash, 'hex') || ':p', true);
    IF NOT pending THEN
        -- Queue the head's write: its deferred trigger fires after the seals already queued, and again after any
        -- seal that follows a flush.
        INSERT INTO audit_chain_flush (organization_id) VALUES (NEW.organization_id);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION opsdeck_audit_flush() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    key     text := opsdeck_audit_head_key(NEW.organization_id);
    running text := current_setting(key, true);
BEGIN
    IF split_part(coalesce(running, ''), ':', 3) = 'p' THEN
        UPDATE audit_chain_heads
            SET seq = split_part(running, ':', 1)::bigint, hash = decode(split_part(running, ':', 2), 'hex')
            WHERE organization_id = NEW.organization_id;
        PERFORM set_config(key, split_part(running, ':', 1) || ':' || split_part(running, ':', 2) || ':f', true);
    END IF;
    DELETE FROM audit_chain_flush WHERE organization_id = NEW.organization_id;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE CONSTRAINT TRIGGER audit_chain_flush_head
    AFTER INSERT ON audit_chain_flush
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION opsdeck_audit_flush();

-- +goose Down
DROP TABLE audit_chain_flush;
DROP FUNCTION opsdeck_audit_flush();
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION opsdeck_audit_seal() RETURNS trigger
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
DROP FUNCTION opsdeck_audit_head_key(uuid);
