package auditlog_test

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/api/client"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

func ptr[T any](v T) *T { return &v }

func rename(t *testing.T, s *testkit.Server, who *reqctx.Principal, name string) {
	t.Helper()
	res, err := s.Client(who).UpdateOrganizationWithBodyWithResponse(t.Context(), &client.UpdateOrganizationParams{},
		"application/merge-patch+json", strings.NewReader(fmt.Sprintf(`{"name":%q}`, name)))
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode(), string(res.Body))
}

func TestListShowsChangesNewestFirstWithFiltersAndPages(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	org := s.Organization("Acme Energy")
	admin := testkit.AdminOf(org.ID)
	admin.Name = "Alice Admin"
	for i := range 4 {
		rename(t, s, admin, fmt.Sprintf("Acme %d", i))
	}
	c := s.Client(testkit.ViewerOf(org.ID))
	onOrg := ptr("organization") // a new organisation also gets its six built-in roles, each creation audited
	res, err := c.ListAuditEventsWithResponse(t.Context(), &client.ListAuditEventsParams{EntityType: onOrg})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode(), string(res.Body))
	items := res.JSON200.Items
	require.Len(t, items, 5, "creation + 4 renames")
	assert.Equal(t, int64(5), res.JSON200.Total)
	assert.Equal(t, "update", items[0].Action)
	assert.Equal(t, "Alice Admin", items[0].Actor.Name)
	assert.Equal(t, client.AuditActorType("user"), items[0].Actor.Type)
	assert.Equal(t, []any{"Acme 2", "Acme 3"}, items[0].Changes["name"])
	assert.Equal(t, "Acme 3", items[0].EntityLabel)
	assert.Equal(t, int64(11), items[0].Seq, "1 organisation + 6 roles + 4 renames in the chain")
	assert.Len(t, items[0].Hash, 64)
	assert.NotEmpty(t, items[0].RequestId)
	assert.Equal(t, "create", items[4].Action)

	// Keyset pages of two, oldest first.
	var seqs []int64
	params := client.ListAuditEventsParams{EntityType: onOrg, Limit: ptr(int32(2)), Sort: ptr(client.ListAuditEventsParamsSort("occurred_at"))}
	for range 5 {
		r, err := c.ListAuditEventsWithResponse(t.Context(), &params)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, r.StatusCode(), string(r.Body))
		for _, e := range r.JSON200.Items {
			seqs = append(seqs, e.Seq)
		}
		if r.JSON200.NextCursor.IsNull() {
			break
		}
		next, _ := r.JSON200.NextCursor.Get()
		params.Cursor = &next
	}
	require.Len(t, seqs, 5)
	for i := 1; i < len(seqs); i++ {
		assert.Less(t, seqs[i-1], seqs[i], "oldest first, no repeats across pages")
	}

	// The history of one entity, by actor, by action, by text, by time.
	for name, tc := range map[string]struct {
		p    client.ListAuditEventsParams
		want int
	}{
		"entity":         {client.ListAuditEventsParams{EntityType: ptr("organization"), EntityId: ptr(org.ID.String())}, 5},
		"other entity":   {client.ListAuditEventsParams{EntityType: ptr("organization"), EntityId: ptr("nope")}, 0},
		"actor":          {client.ListAuditEventsParams{ActorId: ptr(admin.ID)}, 4},
		"action":         {client.ListAuditEventsParams{Action: ptr("create")}, 7},
		"role creations": {client.ListAuditEventsParams{EntityType: ptr("role")}, 6},
		"text":           {client.ListAuditEventsParams{Q: ptr("alice")}, 4},
		"future":         {client.ListAuditEventsParams{From: ptr(time.Now().Add(time.Hour))}, 0},
		"past":           {client.ListAuditEventsParams{To: ptr(time.Now().Add(-time.Hour))}, 0},
		"now-ish window": {client.ListAuditEventsParams{From: ptr(time.Now().Add(-time.Hour)), To: ptr(time.Now().Add(time.Hour))}, 11},
	} {
		r, err := c.ListAuditEventsWithResponse(t.Context(), &tc.p)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, r.StatusCode(), name)
		assert.Len(t, r.JSON200.Items, tc.want, name)
		assert.Equal(t, int64(tc.want), r.JSON200.Total, name)
	}
}

func TestListIsTenantScopedAndNeedsAdministrationRead(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	a := s.Organization("Acme Energy")
	b := s.Organization("Bravo Health")
	rename(t, s, testkit.AdminOf(a.ID), "Acme secret rename")
	res, err := s.Client(testkit.AdminOf(b.ID)).ListAuditEventsWithResponse(t.Context(), &client.ListAuditEventsParams{Q: ptr("acme")})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode())
	assert.Empty(t, res.JSON200.Items, "another organisation's trail is invisible")
	res, err = s.Client(testkit.Member(a.ID, map[string]reqctx.Level{"assets": reqctx.LevelAdmin})).
		ListAuditEventsWithResponse(t.Context(), &client.ListAuditEventsParams{})
	require.NoError(t, err)
	assert.Equal(t, http.StatusForbidden, res.StatusCode())
}

func TestDenialsAreAudited(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	org := s.Organization("Acme Energy")
	viewer := testkit.ViewerOf(org.ID)
	res, err := s.Client(viewer).UpdateOrganizationWithBodyWithResponse(t.Context(), &client.UpdateOrganizationParams{},
		"application/merge-patch+json", strings.NewReader(`{"name":"Hijacked"}`))
	require.NoError(t, err)
	require.Equal(t, http.StatusForbidden, res.StatusCode())
	l, err := s.Client(testkit.AdminOf(org.ID)).ListAuditEventsWithResponse(t.Context(), &client.ListAuditEventsParams{Action: ptr("denied")})
	require.NoError(t, err)
	require.Len(t, l.JSON200.Items, 1)
	e := l.JSON200.Items[0]
	assert.Equal(t, "operation", e.EntityType)
	assert.Equal(t, "updateOrganization", e.EntityId)
	assert.Equal(t, viewer.ID, e.Actor.Id)
	assert.Equal(t, []any{nil, "administration:admin"}, e.Changes["required"])
}

func export(t *testing.T, s *testkit.Server, who *reqctx.Principal, query string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/api/v1/audit-events/export?"+query, nil)
	res, err := s.HTTPClient(who).Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res, string(b)
}

func TestExportCSVAndJSONLinesAreCompleteSafeAndAudited(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	org := s.Organization("Acme Energy")
	admin := testkit.AdminOf(org.ID)
	rename(t, s, admin, "=HYPERLINK(\"http://evil.example\")")
	rename(t, s, admin, "Acme Energy")

	res, body := export(t, s, admin, "format=csv")
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	assert.Equal(t, "text/csv", res.Header.Get("Content-Type"))
	assert.Contains(t, res.Header.Get("Content-Disposition"), `.csv"`)
	records, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	require.NoError(t, err)
	require.Len(t, records, 1+1+6+2+1, "header + creation + 6 built-in roles + 2 renames + the export's own access event")
	assert.Equal(t, "seq", records[0][0])
	labels := map[string]bool{}
	for _, r := range records[1:] {
		labels[r[8]] = true
	}
	assert.True(t, labels["'=HYPERLINK(\"http://evil.example\")"], "formula labels are neutralised: %v", labels)
	assert.Equal(t, "export", records[1][5], "newest first: the export recorded itself before streaming")

	res, body = export(t, s, admin, "format=jsonl&action=update")
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	assert.Equal(t, "application/x-ndjson", res.Header.Get("Content-Type"))
	sc := bufio.NewScanner(strings.NewReader(body))
	var n int
	for sc.Scan() {
		var e map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &e))
		assert.Equal(t, "update", e["action"])
		n++
	}
	assert.Equal(t, 2, n)

	res, body = export(t, s, admin, "format=xml")
	assert.Equal(t, http.StatusBadRequest, res.StatusCode, body)
	res, _ = export(t, s, testkit.Member(org.ID, nil), "format=csv")
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
}
