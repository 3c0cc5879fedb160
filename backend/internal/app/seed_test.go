package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/app"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

func TestDemoSeedIsIdempotentAndEveryDemoUserCanSignIn(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	ctx := context.Background()
	lines, err := s.App.SeedDemo(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"3 organisation(s) created", fmt.Sprintf("%d user(s) created", len(app.DemoUsers())),
		"1 notification set-up(s) created", "320 asset(s) created"}, lines)
	lines, err = s.App.SeedDemo(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"0 organisation(s) created", "0 user(s) created", "0 notification set-up(s) created", "0 asset(s) created"}, lines)

	for _, du := range []app.DemoUser{app.DemoUsers()[0], app.DemoUsers()[len(app.DemoUsers())-1]} {
		body := fmt.Sprintf(`{"email":%q,"password":%q}`, du.Email, app.DemoPassword)
		res, err := http.Post(s.URL+"/api/v1/auth/login", "application/json", strings.NewReader(body))
		require.NoError(t, err)
		res.Body.Close()
		assert.Equal(t, http.StatusOK, res.StatusCode, du.Email)
	}
	var roles int
	require.NoError(t, s.DB.Pool.QueryRow(ctx, "SELECT count(*) FROM roles").Scan(&roles))
	assert.Equal(t, 3*6, roles, "every demo organisation has its six built-in roles")

	// The operator's notification set-up reads back through the API like any other (sealed secrets open, the Slack
	// URL stays redacted, the log pages).
	var acme string
	require.NoError(t, s.DB.Pool.QueryRow(ctx, "SELECT id::text FROM organizations WHERE slug = 'acme-energy'").Scan(&acme))
	admin := testkit.AdminOf(uuid.MustParse(acme))
	for path, want := range map[string]string{
		"/api/v1/webhooks":                           `"kind":"slack"`,
		"/api/v1/notification-deliveries":            `"total":5`,
		"/api/v1/notification-settings":              `"customised":true`,
		"/api/v1/email-templates/jobs.job_failed/en": `"system":false`,
		"/api/v1/assets?status=in_use&limit=1":       `"status":"in_use"`,
		"/api/v1/assets?status=in_repair&limit=1":    `"status":"in_repair"`,
		"/api/v1/locations":                          `"Antwerp data centre"`,
		"/api/v1/custom-fields?entity_type=asset":    `"cost_centre"`,
		"/api/v1/peripherals?limit=1&q=dock":         `"asset_name":"`,
		"/api/v1/peripherals?status=in_use&limit=1":  `"status":"in_use"`,
		"/api/v1/maintenance-logs?type=data_erasure": `"erasure_method":"`,
		"/api/v1/maintenance-logs?status=scheduled":  `"status":"scheduled"`,
		"/api/v1/disposals?method=sold":              `"method":"sold"`,
		"/api/v1/assets/dashboard":                   `"repair_prone_models":[{`,
	} {
		res, err := s.HTTPClient(admin).Get(s.URL + path)
		require.NoError(t, err)
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		assert.Equal(t, http.StatusOK, res.StatusCode, path)
		assert.Contains(t, string(b), want, path)
		assert.NotContains(t, string(b), "demo-not-a-real-token", path)
	}
	var unread int
	require.NoError(t, s.DB.Pool.QueryRow(ctx, "SELECT count(*) FROM notifications WHERE read_at IS NULL").Scan(&unread))
	assert.Positive(t, unread, "people have something in their inbox")
}
