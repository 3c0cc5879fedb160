package identity_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/identity"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

func TestMemberAdministration(t *testing.T) {
	t.Parallel()
	f := setupUser(t, "owner") // Olivia Owner
	ctx := context.Background()
	ids := f.s.App.Identity
	add := func(email, name, role string) identity.User {
		u, err := ids.CreateUser(ctx, identity.NewUser{Email: email, Name: name, Password: goodPassword})
		require.NoError(t, err)
		_, err = ids.AddMember(ctx, f.org, u.ID, role)
		require.NoError(t, err)
		return u
	}
	eve := add("eve@acme.example", "Eve Editor", "editor")
	vic := add("vic@acme.example", "Victor Viewer", "viewer")
	admin := testkit.AdminOf(f.org)

	l := f.call(t, http.MethodGet, "/api/v1/members", "", "Authorization", "Bearer "+f.s.Token(admin))
	require.Equal(t, http.StatusOK, l.status, l.raw)
	items := l.body["items"].([]any)
	require.Len(t, items, 3)
	names := []string{}
	for _, it := range items {
		names = append(names, it.(map[string]any)["name"].(string))
	}
	assert.Equal(t, []string{"Eve Editor", "Olivia Owner", "Victor Viewer"}, names)
	first := items[0].(map[string]any)
	assert.Equal(t, "Editor", first["roles"].([]any)[0].(map[string]any)["name"])
	assert.NotContains(t, l.raw, "argon2id", "no password hash in lists")

	var roles []map[string]any
	r := f.call(t, http.MethodGet, "/api/v1/roles", "", "Authorization", "Bearer "+f.s.Token(admin))
	require.Equal(t, http.StatusOK, r.status, r.raw)
	roleID := map[string]string{}
	for _, it := range r.body["items"].([]any) {
		m := it.(map[string]any)
		roles = append(roles, m)
		roleID[fmt.Sprint(m["builtin_key"])] = m["id"].(string)
	}
	require.Len(t, roles, 6)

	byRole := f.call(t, http.MethodGet, "/api/v1/members?role_id="+roleID["viewer"], "", "Authorization", "Bearer "+f.s.Token(admin))
	assert.Len(t, byRole.body["items"], 1)
	byText := f.call(t, http.MethodGet, "/api/v1/members?q=EVE%40", "", "Authorization", "Bearer "+f.s.Token(admin))
	assert.Len(t, byText.body["items"], 1)

	// Suspending the only owner is refused; suspending Victor works and ends his rights.
	tok := "Bearer " + f.s.Token(admin)
	assert.Equal(t, http.StatusConflict, f.call(t, http.MethodPost, "/api/v1/members/"+f.user.ID.String()+"/suspend", "", "Authorization", tok).status)
	vf := fixture{s: f.s, org: f.org, user: vic, email: vic.Email}
	vlogin := vf.login(t, goodPassword)
	require.Equal(t, http.StatusOK, vlogin.status)
	vbearer := "Bearer " + vlogin.body["access_token"].(string)
	require.Equal(t, http.StatusOK, f.call(t, http.MethodGet, "/api/v1/organization", "", "Authorization", vbearer).status)
	s := f.call(t, http.MethodPost, "/api/v1/members/"+vic.ID.String()+"/suspend", "", "Authorization", tok)
	require.Equal(t, http.StatusOK, s.status, s.raw)
	assert.Equal(t, "suspended", s.body["status"])
	assert.Equal(t, http.StatusForbidden, f.call(t, http.MethodGet, "/api/v1/organization", "", "Authorization", vbearer).status)
	rs := f.call(t, http.MethodPost, "/api/v1/members/"+vic.ID.String()+"/restore", "", "Authorization", tok)
	require.Equal(t, http.StatusOK, rs.status)
	assert.Equal(t, http.StatusOK, f.call(t, http.MethodGet, "/api/v1/organization", "", "Authorization", vbearer).status)
	assert.Equal(t, http.StatusNotFound, f.call(t, http.MethodPost, "/api/v1/members/"+uuid.NewString()+"/suspend", "", "Authorization", tok).status)

	// Roles: removing the last owner is refused; handing over first works; stale If-Match and unknown roles refused.
	put := func(user uuid.UUID, body string, hdr ...string) reply {
		return f.call(t, http.MethodPut, "/api/v1/members/"+user.String()+"/roles", body, append([]string{"Authorization", tok}, hdr...)...)
	}
	assert.Equal(t, http.StatusConflict, put(f.user.ID, fmt.Sprintf(`{"role_ids":[%q]}`, roleID["viewer"])).status)
	p := put(eve.ID, fmt.Sprintf(`{"role_ids":[%q,%q]}`, roleID["owner"], roleID["editor"]), "If-Match", `"1"`)
	require.Equal(t, http.StatusOK, p.status, p.raw)
	assert.Len(t, p.body["roles"], 2)
	assert.Equal(t, `"2"`, p.header.Get("ETag"))
	assert.Equal(t, http.StatusPreconditionFailed, put(eve.ID, `{"role_ids":[]}`, "If-Match", `"1"`).status)
	p = put(f.user.ID, fmt.Sprintf(`{"role_ids":[%q]}`, roleID["viewer"]))
	require.Equal(t, http.StatusOK, p.status, p.raw)
	bad := put(eve.ID, fmt.Sprintf(`{"role_ids":[%q]}`, uuid.NewString()))
	assert.Equal(t, http.StatusUnprocessableEntity, bad.status)
	assert.Equal(t, http.StatusBadRequest, put(eve.ID, `{"role_ids":["not-a-uuid"]}`).status)

	// Only administrators may do any of this.
	viewer := "Bearer " + f.s.Token(testkit.Member(f.org, map[string]reqctx.Level{"assets": reqctx.LevelAdmin}))
	assert.Equal(t, http.StatusForbidden, f.call(t, http.MethodGet, "/api/v1/members", "", "Authorization", viewer).status)
	assert.Equal(t, http.StatusForbidden, f.call(t, http.MethodPost, "/api/v1/members/"+vic.ID.String()+"/suspend", "", "Authorization", viewer).status)

	// Everything is in the trail.
	var actions []string
	rows, err := f.s.DB.Pool.Query(ctx, "SELECT entity_type || ':' || action FROM audit_events WHERE organization_id = $1 AND entity_type IN ('membership','role_assignment') AND action <> 'create' ORDER BY seq", f.org)
	require.NoError(t, err)
	for rows.Next() {
		var a string
		require.NoError(t, rows.Scan(&a))
		actions = append(actions, a)
	}
	assert.Contains(t, actions, "membership:update")
	assert.Contains(t, actions, "role_assignment:delete")
}
