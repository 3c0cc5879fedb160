package identity_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/identity"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

func TestMemberDetailsAndReportingLine(t *testing.T) {
	t.Parallel()
	f := setupUser(t, "owner")
	ctx := context.Background()
	mk := func(email, name string) identity.User {
		u, err := f.s.App.Identity.CreateUser(ctx, identity.NewUser{Email: email, Name: name})
		require.NoError(t, err)
		_, err = f.s.App.Identity.AddMember(ctx, f.org, u.ID, "employee")
		require.NoError(t, err)
		return u
	}
	boss, worker := mk("boss@acme.example", "Bea Boss"), mk("worker@acme.example", "Walt Worker")
	admin, viewer := testkit.AdminOf(f.org), testkit.ViewerOf(f.org)
	path := "/api/v1/members/" + worker.ID.String()
	patch := func(body, etag string) reply {
		return f.as(t, admin, http.MethodPatch, path, body, "Content-Type", "application/merge-patch+json", "If-Match", etag)
	}

	g := f.as(t, viewer, http.MethodGet, path, "")
	require.Equal(t, http.StatusOK, g.status, g.raw)
	assert.Equal(t, `"1"`, g.header.Get("ETag"))
	assert.Equal(t, "Walt Worker", g.body["name"])

	r := patch(`{"department":"  Operations ","job_title":"Technician","manager_id":"`+boss.ID.String()+`","hide_from_org_chart":true}`, `"1"`)
	require.Equal(t, http.StatusOK, r.status, r.raw)
	assert.Equal(t, "Operations", r.body["department"], "trimmed")
	assert.Equal(t, boss.ID.String(), r.body["manager_id"])
	assert.Equal(t, true, r.body["hide_from_org_chart"])
	assert.Equal(t, `"2"`, r.header.Get("ETag"))

	var diff string
	require.NoError(t, f.s.DB.Pool.QueryRow(ctx, `SELECT changes::text FROM audit_events WHERE entity_type = 'membership'
		AND action = 'update' ORDER BY occurred_at DESC LIMIT 1`).Scan(&diff))
	assert.Contains(t, diff, "Operations")
	assert.Contains(t, diff, boss.ID.String())

	for name, c := range map[string]struct {
		body, etag string
		status     int
		field      string
	}{
		"stale version":   {`{"department":"X"}`, `"1"`, http.StatusPreconditionFailed, ""},
		"self as manager": {`{"manager_id":"` + worker.ID.String() + `"}`, `"2"`, http.StatusUnprocessableEntity, "manager_id"},
		"self as buddy":   {`{"buddy_id":"` + worker.ID.String() + `"}`, `"2"`, http.StatusUnprocessableEntity, "buddy_id"},
		"non-member":      {`{"buddy_id":"0193a2b4-0000-7000-8000-00000000dead"}`, `"2"`, http.StatusUnprocessableEntity, "buddy_id"},
		"unknown field":   {`{"email":"x@y.example"}`, `"2"`, http.StatusBadRequest, "email"},
		"empty patch":     {`{}`, `"2"`, http.StatusBadRequest, ""},
		"too long":        {`{"department":"` + longText(201) + `"}`, `"2"`, http.StatusBadRequest, "department"},
	} {
		r := patch(c.body, c.etag)
		assert.Equal(t, c.status, r.status, name+": "+r.raw)
		assert.Contains(t, r.raw, c.field, name)
	}
	// A loop in the reporting line is refused: the boss cannot report to the worker.
	r = f.as(t, admin, http.MethodPatch, "/api/v1/members/"+boss.ID.String(), `{"manager_id":"`+worker.ID.String()+`"}`,
		"Content-Type", "application/merge-patch+json")
	assert.Equal(t, http.StatusUnprocessableEntity, r.status, r.raw)
	assert.Contains(t, r.raw, "cycle")

	// Nothing of the refused patches landed; null clears the manager.
	g = f.as(t, viewer, http.MethodGet, path, "")
	assert.Equal(t, `"2"`, g.header.Get("ETag"))
	r = patch(`{"manager_id":null}`, `"2"`)
	require.Equal(t, http.StatusOK, r.status, r.raw)
	assert.Nil(t, r.body["manager_id"])
	assert.Equal(t, "Technician", r.body["job_title"], "untouched fields stay")

	// A viewer reads but cannot change.
	r = f.as(t, viewer, http.MethodPatch, path, `{"department":"Y"}`, "Content-Type", "application/merge-patch+json")
	assert.Equal(t, http.StatusForbidden, r.status)
	assert.Equal(t, http.StatusNotFound, f.as(t, viewer, http.MethodGet, "/api/v1/members/0193a2b4-0000-7000-8000-00000000dead", "").status)
}

func longText(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = 'x'
	}
	return string(b)
}
