package identity_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/identity"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

type fixture struct {
	s     *testkit.Server
	org   uuid.UUID
	user  identity.User
	email string
}

func setupUser(t *testing.T, roles ...string) fixture {
	t.Helper()
	s := testkit.NewServer(t)
	org := s.Organization("Acme Energy")
	u, err := s.App.Identity.CreateUser(context.Background(), identity.NewUser{Email: "olivia@acme.example", Name: "Olivia Owner", Password: goodPassword})
	require.NoError(t, err)
	_, err = s.App.Identity.AddMember(context.Background(), org.ID, u.ID, roles...)
	require.NoError(t, err)
	return fixture{s: s, org: org.ID, user: u, email: u.Email}
}

type reply struct {
	status int
	body   map[string]any
	raw    string
	header http.Header
}

func (f fixture) call(t *testing.T, method, path, body string, hdr ...string) reply {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, f.s.URL+path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := f.s.HTTPClient(nil).Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	out := reply{status: res.StatusCode, raw: string(b), header: res.Header}
	_ = json.Unmarshal(b, &out.body)
	return out
}

func (f fixture) login(t *testing.T, pw string) reply {
	return f.call(t, http.MethodPost, "/api/v1/auth/login", fmt.Sprintf(`{"email":%q,"password":%q}`, f.email, pw))
}

func refreshCookie(t *testing.T, r reply) string {
	t.Helper()
	for _, c := range (&http.Response{Header: r.header}).Cookies() {
		if c.Name == identity.RefreshCookie {
			return c.Value
		}
	}
	t.Fatalf("no refresh cookie in %v", r.header)
	return ""
}

func TestLoginRefreshLogoutFlow(t *testing.T) {
	t.Parallel()
	f := setupUser(t, "owner")
	r := f.login(t, goodPassword)
	require.Equal(t, http.StatusOK, r.status, r.raw)
	access := r.body["access_token"].(string)
	assert.Equal(t, "Bearer", r.body["token_type"])
	assert.Equal(t, float64(900), r.body["expires_in"])
	setCookie := r.header.Get("Set-Cookie")
	for _, attr := range []string{"HttpOnly", "Secure", "SameSite=Strict", "Path=/api/v1/auth"} {
		assert.Contains(t, setCookie, attr)
	}
	rt1 := refreshCookie(t, r)
	assert.True(t, strings.HasPrefix(rt1, "ort_"))

	me := f.call(t, http.MethodGet, "/api/v1/me", "", "Authorization", "Bearer "+access)
	require.Equal(t, http.StatusOK, me.status, me.raw)
	assert.Equal(t, f.user.ID.String(), me.body["id"])
	assert.Equal(t, "olivia@acme.example", me.body["email"])
	assert.Equal(t, f.org.String(), me.body["active_organization_id"])
	assert.Len(t, me.body["permissions"], 19, "the owner has every module")
	org := f.call(t, http.MethodGet, "/api/v1/organization", "", "Authorization", "Bearer "+access)
	assert.Equal(t, http.StatusOK, org.status)

	// Refresh rotates the cookie.
	r2 := f.call(t, http.MethodPost, "/api/v1/auth/refresh", "", "Cookie", identity.RefreshCookie+"="+rt1, "X-OpsDeck-CSRF", "1")
	require.Equal(t, http.StatusOK, r2.status, r2.raw)
	rt2 := refreshCookie(t, r2)
	assert.NotEqual(t, rt1, rt2)
	access2 := r2.body["access_token"].(string)
	assert.Equal(t, http.StatusOK, f.call(t, http.MethodGet, "/api/v1/me", "", "Authorization", "Bearer "+access2).status)

	// Without the CSRF header the cookie endpoint refuses.
	noCSRF := f.call(t, http.MethodPost, "/api/v1/auth/refresh", "", "Cookie", identity.RefreshCookie+"="+rt2)
	assert.Equal(t, http.StatusBadRequest, noCSRF.status)

	// Reusing the rotated token revokes the whole family: the current token dies too, and so do access tokens.
	reuse := f.call(t, http.MethodPost, "/api/v1/auth/refresh", "", "Cookie", identity.RefreshCookie+"="+rt1, "X-OpsDeck-CSRF", "1")
	assert.Equal(t, http.StatusUnauthorized, reuse.status)
	after := f.call(t, http.MethodPost, "/api/v1/auth/refresh", "", "Cookie", identity.RefreshCookie+"="+rt2, "X-OpsDeck-CSRF", "1")
	assert.Equal(t, http.StatusUnauthorized, after.status, "the family is revoked")
	assert.Equal(t, http.StatusUnauthorized, f.call(t, http.MethodGet, "/api/v1/me", "", "Authorization", "Bearer "+access2).status)

	// A new login, then logout: the session ends.
	r3 := f.login(t, goodPassword)
	require.Equal(t, http.StatusOK, r3.status)
	rt3 := refreshCookie(t, r3)
	out := f.call(t, http.MethodPost, "/api/v1/auth/logout", "", "Cookie", identity.RefreshCookie+"="+rt3, "X-OpsDeck-CSRF", "1")
	require.Equal(t, http.StatusNoContent, out.status, out.raw)
	assert.Contains(t, out.header.Get("Set-Cookie"), "Max-Age=0")
	gone := f.call(t, http.MethodPost, "/api/v1/auth/refresh", "", "Cookie", identity.RefreshCookie+"="+rt3, "X-OpsDeck-CSRF", "1")
	assert.Equal(t, http.StatusUnauthorized, gone.status)
	assert.Equal(t, http.StatusUnauthorized,
		f.call(t, http.MethodGet, "/api/v1/me", "", "Authorization", "Bearer "+r3.body["access_token"].(string)).status)

	// Every step is in the platform audit chain.
	var actions []string
	rows, err := f.s.DB.Pool.Query(context.Background(),
		"SELECT action FROM audit_events WHERE entity_type = 'user' AND entity_id = $1 AND action <> 'create' ORDER BY occurred_at", f.user.ID.String())
	require.NoError(t, err)
	for rows.Next() {
		var a string
		require.NoError(t, rows.Scan(&a))
		actions = append(actions, a)
	}
	assert.Equal(t, []string{"login", "session.revoked", "login", "logout"}, actions)
}

func TestBadCredentialsAreThrottledAndAudited(t *testing.T) {
	t.Parallel()
	f := setupUser(t, "viewer")
	unknown := f.call(t, http.MethodPost, "/api/v1/auth/login", `{"email":"nobody@acme.example","password":"whatever it is"}`)
	wrong := f.login(t, "not the password")
	require.Equal(t, http.StatusUnauthorized, unknown.status)
	require.Equal(t, http.StatusUnauthorized, wrong.status)
	assert.Equal(t, unknown.body["detail"], wrong.body["detail"], "unknown e-mail and wrong password look the same")
	var last reply
	for range 4 {
		last = f.login(t, "still not the password")
	}
	require.Equal(t, http.StatusTooManyRequests, last.status, last.raw)
	assert.NotEmpty(t, last.header.Get("Retry-After"))
	// Locked out even with the right password until the lockout ends.
	assert.Equal(t, http.StatusTooManyRequests, f.login(t, goodPassword).status)

	var failures int
	require.NoError(t, f.s.DB.Pool.QueryRow(context.Background(),
		"SELECT count(*) FROM audit_events WHERE action = 'login.failed'").Scan(&failures))
	assert.Equal(t, 7, failures, "every failure is audited, attempts during the lockout included")
	logs := f.s.Logs.String()
	assert.NotContains(t, logs, "not the password")
	assert.NotContains(t, logs, goodPassword)
}

func TestSuspendedUserCannotSignIn(t *testing.T) {
	t.Parallel()
	f := setupUser(t, "editor")
	r := f.login(t, goodPassword)
	require.Equal(t, http.StatusOK, r.status)
	access := r.body["access_token"].(string)
	_, err := f.s.DB.Pool.Exec(context.Background(), "UPDATE users SET status = 'suspended' WHERE id = $1", f.user.ID)
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, f.login(t, goodPassword).status)
	assert.Equal(t, http.StatusUnauthorized, f.call(t, http.MethodGet, "/api/v1/me", "", "Authorization", "Bearer "+access).status,
		"an access token stops working at once")
}

func TestOrganisationSwitchNeedsMembership(t *testing.T) {
	t.Parallel()
	f := setupUser(t, "viewer")
	other := f.s.Organization("Other Corp")
	r := f.login(t, goodPassword)
	rt := refreshCookie(t, r)
	sw := f.call(t, http.MethodPost, "/api/v1/auth/refresh", fmt.Sprintf(`{"organization_id":%q}`, other.ID),
		"Cookie", identity.RefreshCookie+"="+rt, "X-OpsDeck-CSRF", "1")
	assert.Equal(t, http.StatusForbidden, sw.status, sw.raw)
	login := f.call(t, http.MethodPost, "/api/v1/auth/login",
		fmt.Sprintf(`{"email":%q,"password":%q,"organization_id":%q}`, f.email, goodPassword, other.ID))
	assert.Equal(t, http.StatusForbidden, login.status)

	_, err := f.s.App.Identity.AddMember(context.Background(), other.ID, f.user.ID, "auditor")
	require.NoError(t, err)
	sw = f.call(t, http.MethodPost, "/api/v1/auth/refresh", fmt.Sprintf(`{"organization_id":%q}`, other.ID),
		"Cookie", identity.RefreshCookie+"="+rt, "X-OpsDeck-CSRF", "1")
	require.Equal(t, http.StatusOK, sw.status, sw.raw)
	me := f.call(t, http.MethodGet, "/api/v1/me", "", "Authorization", "Bearer "+sw.body["access_token"].(string))
	assert.Equal(t, other.ID.String(), me.body["active_organization_id"])
	assert.Len(t, me.body["organizations"], 2)
}

func TestForgedOrMalformedTokensAreRefused(t *testing.T) {
	t.Parallel()
	f := setupUser(t, "viewer")
	for _, h := range []string{"Bearer not.a.jwt", "Bearer ", "Basic b2xpdmlhOnB3", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."} {
		r := f.call(t, http.MethodGet, "/api/v1/me", "", "Authorization", h)
		assert.Equal(t, http.StatusUnauthorized, r.status, h)
	}
	bad := f.call(t, http.MethodPost, "/api/v1/auth/refresh", "", "Cookie", identity.RefreshCookie+"=ort_forged", "X-OpsDeck-CSRF", "1")
	assert.Equal(t, http.StatusUnauthorized, bad.status)
	missing := f.call(t, http.MethodPost, "/api/v1/auth/login", `{"email":"x@acme.example"}`)
	assert.Equal(t, http.StatusBadRequest, missing.status)
}
