package app_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/app"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

func TestFirstRunSetup(t *testing.T) {
	s := testkit.NewServer(t)
	ctx := context.Background()
	count := func(table string) int {
		var n int
		require.NoError(t, s.DB.Pool.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&n))
		return n
	}
	status, body := do2(t, s, nil, http.MethodGet, "/api/v1/setup", "")
	require.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, `{"required":true}`, body)

	code := app.SetupCode([]byte(s.App.Cfg.SecretKey))
	assert.Regexp(t, `^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$`, code)
	req := func(code, pw, slug string) string {
		return fmt.Sprintf(`{"setup_code":%q,"email":"first@example.org","name":"Fiona First","password":%q,
			"organization":{"name":"Harbour Hospital","slug":%q,"kind":"operator","identifier":"HH"}}`, code, pw, slug)
	}
	orgsBefore := count("organizations")
	for name, c := range map[string]struct {
		body   string
		status int
		field  string
	}{
		"wrong code":     {req("AAAA-BBBB-CCCC-DDDD", "a long enough passphrase 9", "harbour"), http.StatusForbidden, "setup code"},
		"weak password":  {req(code, "password", "harbour"), http.StatusUnprocessableEntity, "password"},
		"bad slug":       {req(code, "a long enough passphrase 9", "Harbour!"), http.StatusBadRequest, "slug"},
		"missing fields": {`{"setup_code":"x"}`, http.StatusBadRequest, "email"},
	} {
		status, body := do2(t, s, nil, http.MethodPost, "/api/v1/setup", c.body)
		assert.Equal(t, c.status, status, name+": "+body)
		assert.Contains(t, body, c.field, name)
	}
	assert.Zero(t, count("users"), "refused attempts create nothing")
	assert.Equal(t, orgsBefore, count("organizations"))

	status, body = do2(t, s, nil, http.MethodPost, "/api/v1/setup", req(strings.ToLower(code), "a long enough passphrase 9", "harbour"))
	require.Equal(t, http.StatusCreated, status, body)

	// The administrator signs in, is a platform administrator and the owner of the new organisation.
	status, body = do2(t, s, nil, http.MethodPost, "/api/v1/auth/login", `{"email":"first@example.org","password":"a long enough passphrase 9"}`)
	require.Equal(t, http.StatusOK, status, body)
	var level, role string
	require.NoError(t, s.DB.Pool.QueryRow(ctx, `SELECT u.platform_level, r.builtin_key FROM users u
		JOIN role_assignments ra ON ra.user_id = u.id JOIN roles r ON r.id = ra.role_id
		JOIN organizations o ON o.id = ra.organization_id AND o.slug = 'harbour' WHERE u.email = 'first@example.org'`).Scan(&level, &role))
	assert.Equal(t, "admin", level)
	assert.Equal(t, "owner", role)

	// Only once.
	status, body = do2(t, s, nil, http.MethodGet, "/api/v1/setup", "")
	assert.JSONEq(t, `{"required":false}`, body)
	status, body = do2(t, s, nil, http.MethodPost, "/api/v1/setup", req(code, "a long enough passphrase 9", "other"))
	assert.Equal(t, http.StatusConflict, status, body)
	assert.Equal(t, 1, count("users"))
}
