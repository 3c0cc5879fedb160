package identity_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAPITokensAreScopedRevocableAndNeverShownAgain(t *testing.T) {
	t.Parallel()
	f := setupUser(t, "editor") // write on business modules, read on administration
	r := f.login(t, goodPassword)
	require.Equal(t, http.StatusOK, r.status)
	bearer := "Bearer " + r.body["access_token"].(string)
	expires := time.Now().Add(30 * 24 * time.Hour).UTC().Format(time.RFC3339)
	create := func(body string) reply {
		return f.call(t, http.MethodPost, "/api/v1/me/api-tokens", body, "Authorization", bearer)
	}

	// Beyond the owner's rights, or too long-lived: refused with the field named.
	tooMuch := create(fmt.Sprintf(`{"name":"x","scopes":[{"module":"administration","level":"admin"}],"expires_at":%q}`, expires))
	require.Equal(t, http.StatusUnprocessableEntity, tooMuch.status, tooMuch.raw)
	assert.Contains(t, tooMuch.raw, "exceeds_rights")
	tooLong := create(fmt.Sprintf(`{"name":"x","scopes":[{"module":"assets","level":"read"}],"expires_at":%q}`,
		time.Now().Add(400*24*time.Hour).UTC().Format(time.RFC3339)))
	assert.Equal(t, http.StatusUnprocessableEntity, tooLong.status)
	assert.Equal(t, http.StatusBadRequest, create(`{"name":"x","scopes":[],"expires_at":"soon"}`).status)

	c := create(fmt.Sprintf(`{"name":"CMDB sync","scopes":[{"module":"assets","level":"write"},{"module":"administration","level":"read"}],"expires_at":%q}`, expires))
	require.Equal(t, http.StatusCreated, c.status, c.raw)
	token := c.body["token"].(string)
	assert.True(t, strings.HasPrefix(token, "odk_"))
	meta := c.body["api_token"].(map[string]any)
	assert.Equal(t, token[:12], meta["prefix"])
	assert.Equal(t, "active", meta["status"])

	// The token works as a Bearer credential, within its scopes.
	tb := "Bearer " + token
	me := f.call(t, http.MethodGet, "/api/v1/me", "", "Authorization", tb)
	require.Equal(t, http.StatusOK, me.status, me.raw)
	assert.Equal(t, "api_token", me.body["kind"])
	assert.Equal(t, http.StatusOK, f.call(t, http.MethodGet, "/api/v1/audit-events", "", "Authorization", tb).status)
	patch := f.call(t, http.MethodPatch, "/api/v1/organization", `{"name":"x"}`, "Authorization", tb, "Content-Type", "application/merge-patch+json")
	assert.Equal(t, http.StatusForbidden, patch.status, "the owner cannot administer, neither can the token")

	// Listing never shows the token or its hash; last use is recorded.
	l := f.call(t, http.MethodGet, "/api/v1/me/api-tokens", "", "Authorization", bearer)
	require.Equal(t, http.StatusOK, l.status, l.raw)
	assert.NotContains(t, l.raw, token)
	assert.NotContains(t, l.raw, token[12:])
	items := l.body["items"].([]any)
	require.Len(t, items, 1)
	assert.NotNil(t, items[0].(map[string]any)["last_used_at"])

	// Losing the owner's right narrows the token at once.
	_, err := f.s.DB.Pool.Exec(context.Background(),
		"UPDATE roles SET permissions = permissions - 'administration' WHERE organization_id = $1 AND builtin_key = 'editor'", f.org)
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		return f.call(t, http.MethodGet, "/api/v1/audit-events", "", "Authorization", tb).status == http.StatusForbidden
	}, 2*time.Second, 10*time.Millisecond)

	// Revoked: refused everywhere; revoking again changes nothing; another user's token id is not found.
	id := meta["id"].(string)
	rv := f.call(t, http.MethodPost, "/api/v1/me/api-tokens/"+id+"/revoke", "", "Authorization", bearer)
	require.Equal(t, http.StatusOK, rv.status, rv.raw)
	assert.Equal(t, "revoked", rv.body["status"])
	assert.Equal(t, http.StatusUnauthorized, f.call(t, http.MethodGet, "/api/v1/me", "", "Authorization", tb).status)
	assert.Equal(t, http.StatusOK, f.call(t, http.MethodPost, "/api/v1/me/api-tokens/"+id+"/revoke", "", "Authorization", bearer).status)
	assert.Equal(t, http.StatusNotFound,
		f.call(t, http.MethodPost, "/api/v1/me/api-tokens/01937c5e-0000-7000-8000-000000000000/revoke", "", "Authorization", bearer).status)
	l = f.call(t, http.MethodGet, "/api/v1/me/api-tokens", "", "Authorization", bearer)
	assert.Empty(t, l.body["items"], "revoked tokens are hidden by default")
	l = f.call(t, http.MethodGet, "/api/v1/me/api-tokens?include_revoked=true", "", "Authorization", bearer)
	assert.Len(t, l.body["items"], 1)

	// Forged or malformed tokens are refused.
	assert.Equal(t, http.StatusUnauthorized, f.call(t, http.MethodGet, "/api/v1/me", "", "Authorization", "Bearer odk_forged").status)

	// The audit trail records creation and revocation without the hash.
	var changes string
	require.NoError(t, f.s.DB.Pool.QueryRow(context.Background(),
		"SELECT string_agg(action || ' ' || changes::text, ' | ') FROM audit_events WHERE entity_type = 'api_token'").Scan(&changes))
	assert.Contains(t, changes, "create")
	assert.Contains(t, changes, "update")
	assert.Contains(t, changes, `"token_hash": [null, "[redacted]"]`)
}
