package identity_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

// TestRevokeOnOneInstanceIsEnforcedOnAnotherWithinASecond: two servers on one database; a role assignment removed
// through instance A's database connection stops the user on instance B within one second, through NOTIFY.
func TestRevokeOnOneInstanceIsEnforcedOnAnotherWithinASecond(t *testing.T) {
	t.Parallel()
	f := setupUser(t, "administrator")
	b := testkit.NewServerOn(t, f.s.DB)
	fb := fixture{s: b, org: f.org, user: f.user, email: f.email}
	r := fb.login(t, goodPassword)
	require.Equal(t, http.StatusOK, r.status, r.raw)
	access := r.body["access_token"].(string)
	patch := func() int {
		return fb.call(t, http.MethodGet, "/api/v1/audit-events", "", "Authorization", "Bearer "+access).status
	}
	require.Eventually(t, func() bool { return patch() == http.StatusOK }, 2*time.Second, 10*time.Millisecond,
		"instance B learns the assignment made before it started listening")

	_, err := f.s.DB.Pool.Exec(context.Background(), "DELETE FROM role_assignments WHERE user_id = $1", f.user.ID)
	require.NoError(t, err)
	start := time.Now()
	require.Eventually(t, func() bool { return patch() == http.StatusForbidden }, time.Second, 5*time.Millisecond,
		"the revoke must reach instance B within one second")
	t.Logf("revoke enforced on the other instance after %s", time.Since(start).Round(time.Millisecond))
}

// TestEnforcerAgreesWithTheDatabase: after changes of every kind, the in-memory decision equals the SQL reference.
func TestEnforcerAgreesWithTheDatabase(t *testing.T) {
	t.Parallel()
	f := setupUser(t, "viewer")
	ctx := context.Background()
	ids := f.s.App.Identity
	agree := func(msg string) {
		t.Helper()
		want, err := ids.Levels(ctx, f.org, f.user.ID)
		require.NoError(t, err)
		assert.Eventually(t, func() bool {
			got, _ := ids.EffectiveLevels(ctx, f.org, f.user.ID)
			return equalLevels(got, want)
		}, 2*time.Second, 10*time.Millisecond, msg)
	}
	agree("initial")
	_, err := f.s.DB.Pool.Exec(ctx, `
		WITH g AS (INSERT INTO groups (id, organization_id, name) VALUES (gen_random_uuid(), $1, 'Admins') RETURNING id),
		     gm AS (INSERT INTO group_members (organization_id, group_id, user_id) SELECT $1, g.id, $2 FROM g)
		INSERT INTO role_assignments (id, organization_id, role_id, group_id)
		SELECT gen_random_uuid(), $1, r.id, g.id FROM g, roles r WHERE r.organization_id = $1 AND r.builtin_key = 'administrator'`,
		f.org, f.user.ID)
	require.NoError(t, err)
	agree("group grant")
	lv, _ := ids.EffectiveLevels(ctx, f.org, f.user.ID)
	assert.Equal(t, reqctx.LevelAdmin, lv["administration"])
	_, err = f.s.DB.Pool.Exec(ctx, `UPDATE roles SET permissions = '{"assets": "write"}' WHERE organization_id = $1 AND builtin_key = 'administrator'`, f.org)
	require.NoError(t, err)
	agree("role edited")
	_, err = f.s.DB.Pool.Exec(ctx, "UPDATE memberships SET status = 'suspended' WHERE user_id = $1", f.user.ID)
	require.NoError(t, err)
	agree("membership suspended")
	lv, _ = ids.EffectiveLevels(ctx, f.org, f.user.ID)
	assert.Empty(t, lv)
}

func equalLevels(a, b map[string]reqctx.Level) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
