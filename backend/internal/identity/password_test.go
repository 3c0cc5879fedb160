package identity_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/identity"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

func TestChangePassword(t *testing.T) {
	t.Parallel()
	f := setupUser(t, "viewer")
	other := f.login(t, goodPassword) // a second session elsewhere
	r := f.login(t, goodPassword)
	bearer := "Bearer " + r.body["access_token"].(string)
	change := func(cur, next string) reply {
		return f.call(t, http.MethodPost, "/api/v1/me/password", fmt.Sprintf(`{"current_password":%q,"new_password":%q}`, cur, next), "Authorization", bearer)
	}
	wrong := change("not it", "a brand new passphrase 99")
	assert.Equal(t, http.StatusUnprocessableEntity, wrong.status)
	assert.Contains(t, wrong.raw, "current_password")
	reused := change(goodPassword, goodPassword)
	assert.Equal(t, http.StatusUnprocessableEntity, reused.status)
	assert.Contains(t, reused.raw, `"code":"reused"`)
	short := change(goodPassword, "short")
	assert.Contains(t, short.raw, `"field":"new_password"`)
	ok := change(goodPassword, "a brand new passphrase 99")
	require.Equal(t, http.StatusNoContent, ok.status, ok.raw)

	assert.Equal(t, http.StatusUnauthorized, f.login(t, goodPassword).status)
	f2 := f
	assert.Equal(t, http.StatusOK, f2.call(t, http.MethodPost, "/api/v1/auth/login",
		fmt.Sprintf(`{"email":%q,"password":"a brand new passphrase 99"}`, f.email)).status)
	assert.Equal(t, http.StatusOK, f.call(t, http.MethodGet, "/api/v1/me", "", "Authorization", bearer).status, "this session stays")
	gone := f.call(t, http.MethodPost, "/api/v1/auth/refresh", "", "Cookie", identity.RefreshCookie+"="+refreshCookie(t, other), "X-OpsDeck-CSRF", "1")
	assert.Equal(t, http.StatusUnauthorized, gone.status, "other sessions are signed out")
	// Going back to the previous password is refused by the history.
	back := change("a brand new passphrase 99", goodPassword)
	assert.Contains(t, back.raw, `"code":"reused"`)
}

func TestPlatformAdministratorsCreateOrganisationsAndTheirFirstAdministrator(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	f := fixture{s: s}
	tok := "Bearer " + s.Token(testkit.PlatformAdmin())
	c := f.call(t, http.MethodPost, "/api/v1/organizations", `{"name":"Delta Grid","slug":"delta-grid","kind":"operator","identifier":"DLT","country":"BE"}`, "Authorization", tok)
	require.Equal(t, http.StatusCreated, c.status, c.raw)
	orgID := c.body["id"].(string)
	assert.Len(t, c.body["enabled_modules"], 19)
	assert.Equal(t, http.StatusConflict, f.call(t, http.MethodPost, "/api/v1/organizations", `{"name":"Again","slug":"delta-grid","kind":"operator","identifier":"DLT2"}`, "Authorization", tok).status)
	assert.Equal(t, http.StatusBadRequest, f.call(t, http.MethodPost, "/api/v1/organizations", `{"name":"Bad","slug":"Bad Slug","kind":"operator","identifier":"BAD"}`, "Authorization", tok).status)

	a := f.call(t, http.MethodPost, "/api/v1/organizations/"+orgID+"/administrators", `{"email":"Dana@Delta.example","name":"Dana Admin"}`, "Authorization", tok)
	require.Equal(t, http.StatusCreated, a.status, a.raw)
	assert.Equal(t, true, a.body["created"])
	pw := a.body["one_time_password"].(string)
	assert.Len(t, pw, 24)
	dana := fixture{s: s, email: "dana@delta.example"}
	login := dana.login(t, pw)
	require.Equal(t, http.StatusOK, login.status, login.raw)
	me := dana.call(t, http.MethodGet, "/api/v1/me", "", "Authorization", "Bearer "+login.body["access_token"].(string))
	assert.Equal(t, orgID, me.body["active_organization_id"])
	assert.Len(t, me.body["permissions"], 19, "owner of the new organisation")

	again := f.call(t, http.MethodPost, "/api/v1/organizations/"+orgID+"/administrators", `{"email":"dana@delta.example","name":"Dana"}`, "Authorization", tok)
	assert.Equal(t, http.StatusConflict, again.status, "already a member")
	assert.Equal(t, http.StatusNotFound, f.call(t, http.MethodPost, "/api/v1/organizations/01937c5e-0000-7000-8000-000000000000/administrators", `{"email":"x@y.example","name":"X"}`, "Authorization", tok).status)
	assert.Equal(t, http.StatusForbidden, f.call(t, http.MethodPost, "/api/v1/organizations", `{"name":"X","slug":"x","kind":"operator","identifier":"XX"}`,
		"Authorization", "Bearer "+s.Token(testkit.AdminOf(s.Organization("Some Org").ID))).status)
}
