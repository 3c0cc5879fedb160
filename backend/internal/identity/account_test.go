package identity_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/identity"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

func claimsOf(t *testing.T, jwt string) map[string]any {
	t.Helper()
	parts := strings.Split(jwt, ".")
	require.Len(t, parts, 3)
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	require.NoError(t, err)
	var c map[string]any
	require.NoError(t, json.Unmarshal(b, &c))
	return c
}

func TestReauthenticationRefreshesTheSignInTime(t *testing.T) {
	t.Parallel()
	f := setupUser(t, "owner")
	r := f.login(t, goodPassword)
	require.Equal(t, http.StatusOK, r.status)
	token := r.body["access_token"].(string)
	bearer := "Bearer " + token
	before := claimsOf(t, token)["auth_time"].(float64)
	time.Sleep(1100 * time.Millisecond) // auth_time has second precision

	// Wrong password: 422 on the field, audited, nothing changes.
	bad := f.call(t, http.MethodPost, "/api/v1/auth/reauthenticate", `{"password":"not my password at all"}`, "Authorization", bearer)
	require.Equal(t, http.StatusUnprocessableEntity, bad.status, bad.raw)
	assert.Contains(t, bad.raw, `"password"`)
	assert.Equal(t, 1, countAudit(t, f, "login.failed", "re-authentication: wrong password"))
	// Anonymous callers cannot.
	assert.Equal(t, http.StatusUnauthorized, f.call(t, http.MethodPost, "/api/v1/auth/reauthenticate", `{"password":"x"}`).status)

	ok := f.call(t, http.MethodPost, "/api/v1/auth/reauthenticate", fmt.Sprintf(`{"password":%q}`, goodPassword), "Authorization", bearer)
	require.Equal(t, http.StatusOK, ok.status, ok.raw)
	fresh := claimsOf(t, ok.body["access_token"].(string))
	assert.Greater(t, fresh["auth_time"].(float64), before)
	assert.Equal(t, claimsOf(t, token)["sid"], fresh["sid"], "same session")
	assert.Empty(t, ok.header.Get("Set-Cookie"), "the refresh token is not rotated")
	// Refreshing keeps the new sign-in time.
	var authTime time.Time
	require.NoError(t, f.s.DB.Pool.QueryRow(context.Background(), "SELECT auth_time FROM sessions WHERE user_id = $1", f.user.ID).Scan(&authTime))
	assert.Equal(t, int64(fresh["auth_time"].(float64)), authTime.Unix())

	// Repeated failures lock the account like failed sign-ins.
	var last reply
	for range 6 {
		last = f.call(t, http.MethodPost, "/api/v1/auth/reauthenticate", `{"password":"still not my password"}`, "Authorization", bearer)
	}
	assert.Equal(t, http.StatusTooManyRequests, last.status, last.raw)
	assert.NotEmpty(t, last.header.Get("Retry-After"))
}

func TestReauthenticationNeedsTheSecondFactorWhenEnrolled(t *testing.T) {
	t.Parallel()
	f := setupUser(t, "owner")
	bearer := "Bearer " + f.login(t, goodPassword).body["access_token"].(string)
	me := f.call(t, http.MethodGet, "/api/v1/me", "", "Authorization", bearer)
	assert.Equal(t, false, me.body["mfa_enrolled"])
	e := f.call(t, http.MethodPost, "/api/v1/me/mfa/totp", "", "Authorization", bearer)
	require.Equal(t, http.StatusOK, e.status, e.raw)
	secret := e.body["secret"].(string)
	code, _ := totp.GenerateCode(secret, time.Now())
	require.Equal(t, http.StatusOK, f.call(t, http.MethodPost, "/api/v1/me/mfa/totp/verify", fmt.Sprintf(`{"code":%q}`, code), "Authorization", bearer).status)
	me = f.call(t, http.MethodGet, "/api/v1/me", "", "Authorization", bearer)
	assert.Equal(t, true, me.body["mfa_enrolled"])

	r := f.call(t, http.MethodPost, "/api/v1/auth/reauthenticate", fmt.Sprintf(`{"password":%q}`, goodPassword), "Authorization", bearer)
	require.Equal(t, http.StatusUnprocessableEntity, r.status, r.raw)
	assert.Contains(t, r.raw, `"code"`)
	r = f.call(t, http.MethodPost, "/api/v1/auth/reauthenticate", fmt.Sprintf(`{"password":%q,"code":"000000"}`, goodPassword), "Authorization", bearer)
	require.Equal(t, http.StatusUnprocessableEntity, r.status, r.raw)
	next, _ := totp.GenerateCode(secret, time.Now().Add(30*time.Second))
	r = f.call(t, http.MethodPost, "/api/v1/auth/reauthenticate", fmt.Sprintf(`{"password":%q,"code":%q}`, goodPassword, next), "Authorization", bearer)
	require.Equal(t, http.StatusOK, r.status, r.raw)
	assert.ElementsMatch(t, []any{"pwd", "otp"}, claimsOf(t, r.body["access_token"].(string))["amr"])
}

func TestUsersSeeAndRevokeTheirSessions(t *testing.T) {
	t.Parallel()
	f := setupUser(t, "viewer")
	first := f.login(t, goodPassword)
	second := f.login(t, goodPassword)
	require.Equal(t, http.StatusOK, second.status)
	b1, b2 := "Bearer "+first.body["access_token"].(string), "Bearer "+second.body["access_token"].(string)

	list := f.call(t, http.MethodGet, "/api/v1/me/sessions", "", "Authorization", b2)
	require.Equal(t, http.StatusOK, list.status, list.raw)
	items := list.body["items"].([]any)
	require.Len(t, items, 2)
	var current, other string
	for _, it := range items {
		m := it.(map[string]any)
		assert.Equal(t, []any{"pwd"}, m["methods"])
		if m["current"] == true {
			current = m["id"].(string)
		} else {
			other = m["id"].(string)
		}
	}
	require.NotEmpty(t, current)
	require.NotEmpty(t, other)
	assert.Equal(t, claimsOf(t, second.body["access_token"].(string))["sid"], current)

	// Someone else's session (or none) is not found and nothing is revoked.
	ctx := context.Background()
	other2, err := f.s.App.Identity.CreateUser(ctx, identity.NewUser{Email: "gina@acme.example", Name: "Gina", Password: goodPassword})
	require.NoError(t, err)
	_, err = f.s.App.Identity.AddMember(ctx, f.org, other2.ID, "viewer")
	require.NoError(t, err)
	g := fixture{s: f.s, org: f.org, user: other2, email: other2.Email}
	gTok := g.login(t, goodPassword).body["access_token"].(string)
	gSid := claimsOf(t, gTok)["sid"].(string)
	assert.Equal(t, http.StatusNotFound, f.call(t, http.MethodPost, "/api/v1/me/sessions/"+gSid+"/revoke", "", "Authorization", b2).status)
	assert.Equal(t, http.StatusOK, g.call(t, http.MethodGet, "/api/v1/me", "", "Authorization", "Bearer "+gTok).status, "untouched")
	assert.Equal(t, http.StatusNotFound, f.call(t, http.MethodPost, "/api/v1/me/sessions/"+identityNewID()+"/revoke", "", "Authorization", b2).status)

	r := f.call(t, http.MethodPost, "/api/v1/me/sessions/"+other+"/revoke", "", "Authorization", b2)
	require.Equal(t, http.StatusNoContent, r.status, r.raw)
	assert.Equal(t, http.StatusUnauthorized, f.call(t, http.MethodGet, "/api/v1/me", "", "Authorization", b1).status, "the revoked session's token stops working")
	assert.Equal(t, http.StatusOK, f.call(t, http.MethodGet, "/api/v1/me", "", "Authorization", b2).status)
	list = f.call(t, http.MethodGet, "/api/v1/me/sessions", "", "Authorization", b2)
	assert.Len(t, list.body["items"].([]any), 1)
	assert.Equal(t, 1, countAudit(t, f, "session.revoked", "revoked by the user"))
	// Bad input: malformed id, unknown sort.
	assert.Equal(t, http.StatusBadRequest, f.call(t, http.MethodPost, "/api/v1/me/sessions/not-a-uuid/revoke", "", "Authorization", b2).status)
	assert.Equal(t, http.StatusBadRequest, f.call(t, http.MethodGet, "/api/v1/me/sessions?sort=email", "", "Authorization", b2).status)
}

func identityNewID() string { return "0193a2b4-0000-7000-8000-000000000001" }

func TestTemporaryPasswordMustBeChanged(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	org := s.Organization("Acme Energy")
	ctx := context.Background()
	u, err := s.App.Identity.CreateUser(ctx, identity.NewUser{Email: "temp@acme.example", Name: "Tom Temporary", Password: goodPassword, MustChange: true})
	require.NoError(t, err)
	_, err = s.App.Identity.AddMember(ctx, org.ID, u.ID, "administrator")
	require.NoError(t, err)
	f := fixture{s: s, org: org.ID, user: u, email: u.Email}
	bearer := "Bearer " + f.login(t, goodPassword).body["access_token"].(string)

	me := f.call(t, http.MethodGet, "/api/v1/me", "", "Authorization", bearer)
	require.Equal(t, http.StatusOK, me.status)
	assert.Equal(t, "password-change-required", me.body["restriction"])
	denied := f.call(t, http.MethodGet, "/api/v1/members", "", "Authorization", bearer)
	assert.Equal(t, http.StatusForbidden, denied.status)
	assert.Contains(t, denied.raw, "password-change-required")

	r := f.call(t, http.MethodPost, "/api/v1/me/password", fmt.Sprintf(`{"current_password":%q,"new_password":"a brand new passphrase 77"}`, goodPassword), "Authorization", bearer)
	require.Equal(t, http.StatusNoContent, r.status, r.raw)
	me = f.call(t, http.MethodGet, "/api/v1/me", "", "Authorization", bearer)
	assert.Nil(t, me.body["restriction"])
	assert.Equal(t, http.StatusOK, f.call(t, http.MethodGet, "/api/v1/members", "", "Authorization", bearer).status)
}
