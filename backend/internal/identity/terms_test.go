package identity_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTermsOfUseMustBeAccepted(t *testing.T) {
	t.Parallel()
	f := setupUser(t, "owner")
	_, err := f.s.DB.Pool.Exec(context.Background(),
		`UPDATE organizations SET settings = settings || '{"terms_version": "2026-1", "terms_url": "https://acme.example/terms"}' WHERE id = $1`, f.org)
	require.NoError(t, err)
	r := f.login(t, goodPassword)
	bearer := "Bearer " + r.body["access_token"].(string)
	me := f.call(t, http.MethodGet, "/api/v1/me", "", "Authorization", bearer)
	assert.Equal(t, "terms-acceptance-required", me.body["restriction"])
	org := f.call(t, http.MethodGet, "/api/v1/organization", "", "Authorization", bearer)
	require.Equal(t, http.StatusOK, org.status, "the terms can be read")
	assert.Contains(t, org.raw, "https://acme.example/terms")
	blocked := f.call(t, http.MethodGet, "/api/v1/audit-events", "", "Authorization", bearer)
	assert.Equal(t, http.StatusForbidden, blocked.status)
	assert.Contains(t, blocked.raw, "problems/terms-acceptance-required")

	stale := f.call(t, http.MethodPost, "/api/v1/me/terms/accept", `{"version":"2025-9"}`, "Authorization", bearer)
	assert.Equal(t, http.StatusUnprocessableEntity, stale.status)
	ok := f.call(t, http.MethodPost, "/api/v1/me/terms/accept", `{"version":"2026-1"}`, "Authorization", bearer)
	require.Equal(t, http.StatusNoContent, ok.status, ok.raw)
	assert.Equal(t, http.StatusOK, f.call(t, http.MethodGet, "/api/v1/audit-events", "", "Authorization", bearer).status)

	// A new version asks again; an acceptance older than a year does too.
	_, err = f.s.DB.Pool.Exec(context.Background(), `UPDATE organizations SET settings = settings || '{"terms_version": "2026-2"}' WHERE id = $1`, f.org)
	require.NoError(t, err)
	assert.Equal(t, http.StatusForbidden, f.call(t, http.MethodGet, "/api/v1/audit-events", "", "Authorization", bearer).status)
	require.Equal(t, http.StatusNoContent, f.call(t, http.MethodPost, "/api/v1/me/terms/accept", `{"version":"2026-2"}`, "Authorization", bearer).status)
	assert.Equal(t, http.StatusOK, f.call(t, http.MethodGet, "/api/v1/audit-events", "", "Authorization", bearer).status)
	_, err = f.s.DB.Pool.Exec(context.Background(), "UPDATE terms_acceptances SET accepted_at = now() - interval '13 months'")
	require.NoError(t, err)
	assert.Equal(t, http.StatusForbidden, f.call(t, http.MethodGet, "/api/v1/audit-events", "", "Authorization", bearer).status,
		"asked again after a year")
	var n int
	require.NoError(t, f.s.DB.Pool.QueryRow(context.Background(), "SELECT count(*) FROM audit_events WHERE entity_type = 'terms_acceptance'").Scan(&n))
	assert.Equal(t, 2, n)

	// Organisations without terms have nothing to accept.
	_, err = f.s.DB.Pool.Exec(context.Background(), `UPDATE organizations SET settings = settings || '{"terms_version": ""}' WHERE id = $1`, f.org)
	require.NoError(t, err)
	assert.Equal(t, http.StatusConflict, f.call(t, http.MethodPost, "/api/v1/me/terms/accept", `{"version":"2026-2"}`, "Authorization", bearer).status)
}
