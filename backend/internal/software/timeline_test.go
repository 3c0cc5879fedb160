package software_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

// The generic timeline (GET /timeline) tells a licence's story from the audit trail: its creation, each change with
// the names of what ids refer to, the seats given and taken back, and never its key.
func TestLicenceTimelineTellsItsHistoryWithNamesAndNoKey(t *testing.T) {
	t.Parallel()
	f := setup(t)
	person := f.member("rosa@acme.example")
	sw := f.create("/api/v1/software", `{"name":"Office Suite"}`)
	lic := f.create("/api/v1/licences", fmt.Sprintf(`{"software_id":%q,"name":"EA","seats":5,"licence_key":"KEY-SECRET-123"}`, sw))
	r := f.do(http.MethodPatch, "/api/v1/licences/"+lic, `{"name":"EA 2026","seats":10}`, "If-Match", `"1"`)
	require.Equal(t, http.StatusOK, r.Status, r.Raw)
	r = f.do(http.MethodPost, "/api/v1/licences/"+lic+"/seats", fmt.Sprintf(`{"user_id":%q}`, person), "If-Match", `"2"`)
	require.Equal(t, http.StatusCreated, r.Status, r.Raw)

	r = f.do(http.MethodGet, "/api/v1/timeline?type=licence&id="+lic+"&sort=at", "")
	require.Equal(t, http.StatusOK, r.Status, r.Raw)
	items := r.Body["items"].([]any)
	require.Len(t, items, 3, r.Raw)
	kinds := []string{}
	for _, it := range items {
		kinds = append(kinds, it.(map[string]any)["kind"].(string))
	}
	assert.Equal(t, []string{"created", "changed", "event"}, kinds, "oldest first")
	created := items[0].(map[string]any)
	assert.Equal(t, []any{nil, "Office Suite"}, created["changes"].(map[string]any)["software_id"], "the software's name, not its id")
	changed := items[1].(map[string]any)
	assert.Equal(t, "Changed name, seats", changed["summary"])
	assert.NotContains(t, changed["changes"], "version", "bookkeeping columns are left out")
	assert.Equal(t, "Assign seat", items[2].(map[string]any)["summary"])
	assert.NotContains(t, r.Raw, "KEY-SECRET-123")

	// Paging: newest first by default, a page of one, then the next.
	r = f.do(http.MethodGet, "/api/v1/timeline?type=licence&id="+lic+"&limit=1", "")
	require.Equal(t, http.StatusOK, r.Status, r.Raw)
	assert.EqualValues(t, 3, r.Body["total"])
	assert.Equal(t, "event", r.Body["items"].([]any)[0].(map[string]any)["kind"])
	next := r.Body["next_cursor"].(string)
	r = f.do(http.MethodGet, "/api/v1/timeline?type=licence&id="+lic+"&limit=1&cursor="+next, "")
	require.Equal(t, http.StatusOK, r.Status, r.Raw)
	assert.Equal(t, "changed", r.Body["items"].([]any)[0].(map[string]any)["kind"])
}

func TestTimelineRefusesWhatItCannotShow(t *testing.T) {
	t.Parallel()
	f := setup(t)
	sw := f.create("/api/v1/software", `{"name":"Office Suite"}`)
	for _, c := range []struct {
		query  string
		status int
		detail string
	}{
		{"type=toaster&id=" + sw, http.StatusUnprocessableEntity, "toaster"},
		{"type=software&id=" + uuid.NewString(), http.StatusNotFound, "Software"},
		{"type=software&id=not-a-uuid", http.StatusBadRequest, "id"},
		{"type=software", http.StatusBadRequest, "id"},
		{"type=software&id=" + sw + "&sort=name", http.StatusBadRequest, "sort"},
	} {
		r := f.do(http.MethodGet, "/api/v1/timeline?"+c.query, "")
		assert.Equal(t, c.status, r.Status, c.query+": "+r.Raw)
		assert.Contains(t, r.Raw, c.detail, c.query)
		assert.Contains(t, r.Header.Get("Content-Type"), "application/problem+json", c.query)
	}
	// A member without read on assets may not read a software's history; with read, they may.
	none := testkit.Member(f.org, map[string]reqctx.Level{"risk": reqctx.LevelRead})
	r := f.s.Call(t, none, http.MethodGet, "/api/v1/timeline?type=software&id="+sw, "")
	assert.Equal(t, http.StatusForbidden, r.Status, r.Raw)
	r = f.s.Call(t, testkit.ViewerOf(f.org), http.MethodGet, "/api/v1/timeline?type=software&id="+sw, "")
	assert.Equal(t, http.StatusOK, r.Status, r.Raw)
}
