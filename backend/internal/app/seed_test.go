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

func TestDemoSeedIsIdempotentAndEveryDemoUserCanSignIn(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	ctx := context.Background()
	lines, err := s.App.SeedDemo(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"3 organisation(s) created", fmt.Sprintf("%d user(s) created", len(app.DemoUsers()))}, lines)
	lines, err = s.App.SeedDemo(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"0 organisation(s) created", "0 user(s) created"}, lines)

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
}
