package identity_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/identity"
	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

const goodPassword = "correct horse battery staple 42"

func TestEffectiveLevelsFromBuiltinRolesAndGroups(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	ctx := context.Background()
	org := s.Organization("Acme Energy")
	ids := s.App.Identity
	u, err := ids.CreateUser(ctx, identity.NewUser{Email: "Eve.Editor@Acme-Energy.example", Name: "Eve Editor", Password: goodPassword})
	require.NoError(t, err)
	assert.Equal(t, "eve.editor@acme-energy.example", u.Email, "e-mail addresses are stored lower-case")
	_, err = ids.AddMember(ctx, org.ID, u.ID, "editor")
	require.NoError(t, err)
	lv, err := ids.Levels(ctx, org.ID, u.ID)
	require.NoError(t, err)
	assert.Equal(t, reqctx.LevelWrite, lv["assets"])
	assert.Equal(t, reqctx.LevelRead, lv["administration"])

	// A group holding the administrator role raises administration; the highest level wins.
	_, err = s.DB.Pool.Exec(ctx, `
		WITH g AS (INSERT INTO groups (id, organization_id, name) VALUES (gen_random_uuid(), $1, 'IT admins') RETURNING id),
		     gm AS (INSERT INTO group_members (organization_id, group_id, user_id) SELECT $1, g.id, $2 FROM g)
		INSERT INTO role_assignments (id, organization_id, role_id, group_id)
		SELECT gen_random_uuid(), $1, r.id, g.id FROM g, roles r WHERE r.organization_id = $1 AND r.builtin_key = 'administrator'`,
		org.ID, u.ID)
	require.NoError(t, err)
	lv, err = ids.Levels(ctx, org.ID, u.ID)
	require.NoError(t, err)
	assert.Equal(t, reqctx.LevelAdmin, lv["administration"])

	// Another organisation: nothing.
	other := s.Organization("Other Corp")
	lv, err = ids.Levels(ctx, other.ID, u.ID)
	require.NoError(t, err)
	assert.Empty(t, lv)

	// A suspended user: nothing.
	_, err = s.DB.Pool.Exec(ctx, "UPDATE users SET status = 'suspended' WHERE id = $1", u.ID)
	require.NoError(t, err)
	lv, err = ids.Levels(ctx, org.ID, u.ID)
	require.NoError(t, err)
	assert.Empty(t, lv)

	orgs, err := ids.Organizations(ctx, u.ID)
	require.NoError(t, err)
	require.Len(t, orgs, 1)
	assert.Equal(t, "Acme Energy", orgs[0].Name)
}

func TestEveryOrganisationGetsTheSixBuiltinRoles(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	org := s.Organization("Acme Energy")
	var keys []string
	rows, err := s.DB.Pool.Query(context.Background(), "SELECT builtin_key FROM roles WHERE organization_id = $1 ORDER BY builtin_key", org.ID)
	require.NoError(t, err)
	for rows.Next() {
		var k string
		require.NoError(t, rows.Scan(&k))
		keys = append(keys, k)
	}
	assert.Equal(t, []string{"administrator", "auditor", "editor", "employee", "owner", "viewer"}, keys)
}

func TestCreateUserRefusesBadInput(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	ctx := context.Background()
	ids := s.App.Identity
	_, err := ids.CreateUser(ctx, identity.NewUser{Email: "ok@acme.example", Name: "Ok", Password: goodPassword})
	require.NoError(t, err)
	for name, tc := range map[string]struct {
		in    identity.NewUser
		field string
		code  string
	}{
		"bad e-mail":      {identity.NewUser{Email: "not-an-email", Name: "X"}, "email", "invalid_format"},
		"duplicate":       {identity.NewUser{Email: "OK@acme.example", Name: "X"}, "email", "taken"},
		"no name":         {identity.NewUser{Email: "x@acme.example", Name: " "}, "name", "required"},
		"short password":  {identity.NewUser{Email: "y@acme.example", Name: "Y", Password: "short"}, "password", "too_short"},
		"common password": {identity.NewUser{Email: "z@acme.example", Name: "Z", Password: "password1234"}, "password", "common"},
	} {
		_, err := ids.CreateUser(ctx, tc.in)
		ae, ok := apperr.As(err)
		require.True(t, ok, "%s: %v", name, err)
		require.NotEmpty(t, ae.Fields, name)
		assert.Equal(t, tc.field, ae.Fields[0].Field, name)
		assert.Equal(t, tc.code, ae.Fields[0].Code, name)
	}
	var n int
	require.NoError(t, s.DB.Pool.QueryRow(ctx, "SELECT count(*) FROM users").Scan(&n))
	assert.Equal(t, 1, n)
}

func TestUserAuditRedactsSecrets(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	ctx := context.Background()
	u, err := s.App.Identity.CreateUser(ctx, identity.NewUser{Email: "a@acme.example", Name: "A", Password: goodPassword})
	require.NoError(t, err)
	var changes string
	require.NoError(t, s.DB.Pool.QueryRow(ctx,
		"SELECT changes::text FROM audit_events WHERE entity_type = 'user' AND entity_id = $1", u.ID.String()).Scan(&changes))
	assert.Contains(t, changes, `"password_hash": [null, "[redacted]"]`)
	assert.NotContains(t, changes, "argon2id")
	assert.NotContains(t, changes, goodPassword)
}
