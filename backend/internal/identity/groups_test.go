package identity_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/identity"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

func TestCustomRolesAndGroupsGrantRights(t *testing.T) {
	t.Parallel()
	f := setupUser(t, "owner")
	ctx := context.Background()
	ids := f.s.App.Identity
	u, err := ids.CreateUser(ctx, identity.NewUser{Email: "gina@acme.example", Name: "Gina Group", Password: goodPassword})
	require.NoError(t, err)
	_, err = ids.AddMember(ctx, f.org, u.ID, "employee")
	require.NoError(t, err)
	tok := "Bearer " + f.s.Token(testkit.AdminOf(f.org))
	call := func(method, path, body string, hdr ...string) reply {
		return f.call(t, method, path, body, append([]string{"Authorization", tok}, hdr...)...)
	}

	// A custom role: duplicate names and bad levels refused.
	r := call(http.MethodPost, "/api/v1/roles", `{"name":"Risk officers","description":"Own the risk register","permissions":[{"module":"risk","level":"admin"},{"module":"assets","level":"read"}]}`)
	require.Equal(t, http.StatusCreated, r.status, r.raw)
	roleID := r.body["id"].(string)
	assert.Nil(t, r.body["builtin_key"])
	assert.Equal(t, http.StatusConflict, call(http.MethodPost, "/api/v1/roles", `{"name":"RISK officers","permissions":[]}`).status)
	assert.Equal(t, http.StatusBadRequest, call(http.MethodPost, "/api/v1/roles", `{"name":"X","permissions":[{"module":"risk","level":"god"}]}`).status)

	// A group with that role; Gina joins and gains it through the group, on the enforcer at once.
	g := call(http.MethodPost, "/api/v1/groups", `{"name":"Risk team"}`)
	require.Equal(t, http.StatusCreated, g.status, g.raw)
	gid := g.body["id"].(string)
	assert.Equal(t, http.StatusConflict, call(http.MethodPost, "/api/v1/groups", `{"name":"risk team"}`).status)
	gr := call(http.MethodPut, "/api/v1/groups/"+gid+"/roles", fmt.Sprintf(`{"role_ids":[%q]}`, roleID), "If-Match", `"1"`)
	require.Equal(t, http.StatusOK, gr.status, gr.raw)
	gm := call(http.MethodPut, "/api/v1/groups/"+gid+"/members", fmt.Sprintf(`{"user_ids":[%q]}`, u.ID), "If-Match", gr.header.Get("ETag"))
	require.Equal(t, http.StatusOK, gm.status, gm.raw)
	assert.Equal(t, []any{u.ID.String()}, gm.body["member_ids"])
	lv, _ := ids.EffectiveLevels(ctx, f.org, u.ID)
	assert.Equal(t, reqctx.LevelAdmin, lv["risk"])
	assert.Equal(t, reqctx.LevelRead, lv["policies"], "still an employee too")

	// Stale versions, strangers and unknown roles are refused and change nothing.
	assert.Equal(t, http.StatusPreconditionFailed, call(http.MethodPut, "/api/v1/groups/"+gid+"/members", `{"user_ids":[]}`, "If-Match", `"1"`).status)
	assert.Equal(t, http.StatusUnprocessableEntity, call(http.MethodPut, "/api/v1/groups/"+gid+"/members", fmt.Sprintf(`{"user_ids":[%q]}`, uuid.New())).status)
	assert.Equal(t, http.StatusUnprocessableEntity, call(http.MethodPut, "/api/v1/groups/"+gid+"/roles", fmt.Sprintf(`{"role_ids":[%q]}`, uuid.New())).status)
	assert.Equal(t, http.StatusNotFound, call(http.MethodPut, "/api/v1/groups/"+uuid.NewString()+"/roles", `{"role_ids":[]}`).status)

	// Editing the role narrows everyone holding it; the Owner template cannot lose administration.
	up := call(http.MethodPatch, "/api/v1/roles/"+roleID, `{"permissions":[{"module":"risk","level":"read"}]}`, "Content-Type", "application/merge-patch+json")
	require.Equal(t, http.StatusOK, up.status, up.raw)
	lv, _ = ids.EffectiveLevels(ctx, f.org, u.ID)
	assert.Equal(t, reqctx.LevelRead, lv["risk"])
	assert.Equal(t, reqctx.LevelNone, lv["assets"])
	var ownerRole string
	require.NoError(t, f.s.DB.Pool.QueryRow(ctx, "SELECT id FROM roles WHERE organization_id = $1 AND builtin_key = 'owner'", f.org).Scan(&ownerRole))
	lock := call(http.MethodPatch, "/api/v1/roles/"+ownerRole, `{"permissions":[{"module":"assets","level":"admin"}]}`, "Content-Type", "application/merge-patch+json")
	assert.Equal(t, http.StatusUnprocessableEntity, lock.status)
	assert.Contains(t, lock.raw, "owner_lockout")

	// Archiving: a role still held is refused, a built-in role too; archiving the group removes the rights.
	assert.Equal(t, http.StatusConflict, call(http.MethodPost, "/api/v1/roles/"+roleID+"/archive", "").status)
	assert.Equal(t, http.StatusConflict, call(http.MethodPost, "/api/v1/roles/"+ownerRole+"/archive", "").status)
	ag := call(http.MethodPost, "/api/v1/groups/"+gid+"/archive", "")
	require.Equal(t, http.StatusOK, ag.status, ag.raw)
	assert.Eventually(t, func() bool {
		lv, _ := ids.EffectiveLevels(ctx, f.org, u.ID)
		return lv["risk"] == reqctx.LevelNone
	}, 2*time.Second, 10*time.Millisecond)
	l := call(http.MethodGet, "/api/v1/groups", "")
	assert.Empty(t, l.body["items"], "archived groups are hidden by default")
	l = call(http.MethodGet, "/api/v1/groups?include_archived=true&q=risk", "")
	assert.Len(t, l.body["items"], 1)

	// Membership changes are in the trail with who was added and removed.
	var changes string
	require.NoError(t, f.s.DB.Pool.QueryRow(ctx,
		"SELECT changes::text FROM audit_events WHERE action = 'members.changed' AND entity_id = $1", gid).Scan(&changes))
	assert.Contains(t, changes, u.ID.String())
}
