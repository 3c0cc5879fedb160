package identity_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/testkit"
)

// TestSigningKeyRotationAcrossInstances: instance A rotates; tokens signed before still verify everywhere, and a
// token signed with the new key verifies on instance B, which loads the key when it first meets its kid.
func TestSigningKeyRotationAcrossInstances(t *testing.T) {
	t.Parallel()
	f := setupUser(t, "viewer")
	b := testkit.NewServerOn(t, f.s.DB)
	fb := fixture{s: b, org: f.org, user: f.user, email: f.email}
	before := f.login(t, goodPassword)
	require.Equal(t, http.StatusOK, before.status)
	oldToken := "Bearer " + before.body["access_token"].(string)

	kid, err := f.s.App.Auth.RotateSigningKey(context.Background())
	require.NoError(t, err)
	assert.NotEmpty(t, kid)
	var active, retiring int
	require.NoError(t, f.s.DB.Pool.QueryRow(context.Background(),
		"SELECT count(*) FILTER (WHERE active), count(*) FILTER (WHERE NOT active AND retires_at > now()) FROM signing_keys").Scan(&active, &retiring))
	assert.Equal(t, 1, active)
	assert.Equal(t, 1, retiring)

	after := f.login(t, goodPassword)
	require.Equal(t, http.StatusOK, after.status)
	newToken := "Bearer " + after.body["access_token"].(string)
	for name, srv := range map[string]fixture{"A": f, "B": fb} {
		assert.Equal(t, http.StatusOK, srv.call(t, http.MethodGet, "/api/v1/me", "", "Authorization", oldToken).status, "old token on %s", name)
		assert.Equal(t, http.StatusOK, srv.call(t, http.MethodGet, "/api/v1/me", "", "Authorization", newToken).status, "new token on %s", name)
	}
}
