-- +goose Up
-- Every change that can change someone's rights notifies the running instances, from inside the changing
-- transaction (PostgreSQL delivers it at commit, and not at all on rollback). Statement-level: one notification per
-- statement, however many rows it touched; identical notifications of one transaction are folded into one.
-- +goose StatementBegin
CREATE FUNCTION opsdeck_rbac_notify() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('opsdeck_rbac', TG_TABLE_NAME);
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER roles_rbac_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON roles
    FOR EACH STATEMENT EXECUTE FUNCTION opsdeck_rbac_notify();
CREATE TRIGGER role_assignments_rbac_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON role_assignments
    FOR EACH STATEMENT EXECUTE FUNCTION opsdeck_rbac_notify();
CREATE TRIGGER groups_rbac_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON groups
    FOR EACH STATEMENT EXECUTE FUNCTION opsdeck_rbac_notify();
CREATE TRIGGER group_members_rbac_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON group_members
    FOR EACH STATEMENT EXECUTE FUNCTION opsdeck_rbac_notify();
CREATE TRIGGER memberships_rbac_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON memberships
    FOR EACH STATEMENT EXECUTE FUNCTION opsdeck_rbac_notify();
-- Users: only a status change matters (suspension, archive), not a login timestamp.
CREATE TRIGGER users_rbac_notify AFTER UPDATE OF status ON users
    FOR EACH STATEMENT EXECUTE FUNCTION opsdeck_rbac_notify();
