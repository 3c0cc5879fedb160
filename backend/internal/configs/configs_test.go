package configs_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/identity"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

type fixture struct {
	s     *testkit.Server
	org   uuid.UUID
	admin *reqctx.Principal
	t     *testing.T
}

func setup(t *testing.T) fixture {
	t.Helper()
	s := testkit.NewServer(t)
	org := s.Organization("Acme Energy")
	return fixture{s: s, org: org.ID, admin: testkit.AdminOf(org.ID), t: t}
}

func (f fixture) do(method, path, body string, hdr ...string) testkit.Reply {
	f.t.Helper()
	return f.s.Call(f.t, f.admin, method, path, body, hdr...)
}

func (f fixture) create(body string) testkit.Reply {
	f.t.Helper()
	r := f.do(http.MethodPost, "/api/v1/configurations", body)
	require.Equal(f.t, http.StatusCreated, r.Status, r.Raw)
	return r
}

func (f fixture) count(sql string, args ...any) int {
	f.t.Helper()
	var n int
	require.NoError(f.t, f.s.DB.Pool.QueryRow(context.Background(), sql, args...).Scan(&n))
	return n
}

func fields(r testkit.Reply) []string {
	var out []string
	errs, _ := r.Body["errors"].([]any)
	for _, e := range errs {
		out = append(out, e.(map[string]any)["field"].(string)+":"+e.(map[string]any)["code"].(string))
	}
	return out
}

const firewall = `{"name":"Core firewall rules","kind":"network","description":"Perimeter rule set",
	"document":{"policy":"deny","rules":[{"port":22,"source":"10.0.0.0/8","action":"allow"},{"port":443,"action":"allow"}],"logging":{"enabled":true}}}`

func TestConfigurationCRUD(t *testing.T) {
	t.Parallel()
	f := setup(t)
	r := f.create(firewall)
	id := r.Body["id"].(string)
	assert.Equal(t, "Core firewall rules", r.Body["name"])
	assert.Equal(t, "network", r.Body["kind"])
	assert.EqualValues(t, 1, r.Body["current_version"])
	assert.Equal(t, "Initial version", r.Body["last_message"])
	assert.Equal(t, "Test user", r.Body["last_committed_by_name"])
	assert.NotEmpty(t, r.Body["last_committed_at"])
	assert.EqualValues(t, 1, r.Body["version"])
	doc := r.Body["document"].(map[string]any)
	assert.Equal(t, "deny", doc["policy"])
	assert.Len(t, doc["rules"], 2)

	// Defaults: kind other, message given.
	o := f.create(`{"name":"  Misc  ","document":{},"message":"Imported from the old CMDB"}`)
	assert.Equal(t, "Misc", o.Body["name"], "trimmed")
	assert.Equal(t, "other", o.Body["kind"])
	assert.Equal(t, "Imported from the old CMDB", o.Body["last_message"])

	// Errors: duplicate name (any case) 409; invalid fields all at once 422; contract violations 400.
	dup := f.do(http.MethodPost, "/api/v1/configurations", `{"name":"core FIREWALL rules","document":{}}`)
	assert.Equal(t, http.StatusConflict, dup.Status, dup.Raw)
	assert.Contains(t, dup.Raw, `"field":"name"`)
	bad := f.do(http.MethodPost, "/api/v1/configurations", `{"name":"   ","document":{},"message":"   "}`)
	require.Equal(t, http.StatusUnprocessableEntity, bad.Status, bad.Raw)
	assert.ElementsMatch(t, []string{"name:required", "message:required"}, fields(bad))
	for name, body := range map[string]string{
		"document not an object": `{"name":"x","document":[1,2]}`,
		"document missing":       `{"name":"x"}`,
		"unknown kind":           `{"name":"x","kind":"printer","document":{}}`,
		"unknown field":          `{"name":"x","document":{},"colour":"red"}`,
	} {
		r := f.do(http.MethodPost, "/api/v1/configurations", body)
		assert.Equal(t, http.StatusBadRequest, r.Status, name+": "+r.Raw)
	}
	deep := strings.Repeat(`{"a":`, 70) + "1" + strings.Repeat("}", 70)
	tooDeep := f.do(http.MethodPost, "/api/v1/configurations", `{"name":"deep","document":`+deep+`}`)
	assert.Equal(t, http.StatusUnprocessableEntity, tooDeep.Status, tooDeep.Raw)
	assert.Equal(t, []string{"document:too_deep"}, fields(tooDeep))
	huge := f.do(http.MethodPost, "/api/v1/configurations", `{"name":"huge","document":{"blob":"`+strings.Repeat("x", 1<<20)+`"}}`)
	assert.Equal(t, http.StatusUnprocessableEntity, huge.Status)
	assert.Equal(t, []string{"document:too_large"}, fields(huge))
	assert.Equal(t, 2, f.count("SELECT count(*) FROM configurations"), "nothing written by refused requests")

	// Read with ETag; 404 for unknown ids.
	g := f.do(http.MethodGet, "/api/v1/configurations/"+id, "")
	require.Equal(t, http.StatusOK, g.Status)
	etag := g.Header.Get("ETag")
	assert.Equal(t, `"1"`, etag)
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodGet, "/api/v1/configurations/"+uuid.NewString(), "").Status)

	// Patch: name, kind, description, tags; If-Match honoured; a stale one changes nothing.
	tag := f.do(http.MethodPost, "/api/v1/tags", `{"name":"Perimeter","colour":"red"}`).Body["id"].(string)
	p := f.do(http.MethodPatch, "/api/v1/configurations/"+id, fmt.Sprintf(`{"name":"Core firewall","kind":"security","tag_ids":[%q]}`, tag), "If-Match", etag)
	require.Equal(t, http.StatusOK, p.Status, p.Raw)
	assert.Equal(t, "Core firewall", p.Body["name"])
	assert.Equal(t, "security", p.Body["kind"])
	assert.Equal(t, "Perimeter", p.Body["tags"].([]any)[0].(map[string]any)["name"])
	assert.Equal(t, `"2"`, p.Header.Get("ETag"))
	assert.EqualValues(t, 1, p.Body["current_version"], "the document is not touched by a patch")
	stale := f.do(http.MethodPatch, "/api/v1/configurations/"+id, `{"name":"Stale"}`, "If-Match", etag)
	assert.Equal(t, http.StatusPreconditionFailed, stale.Status)
	assert.Equal(t, "Core firewall", f.do(http.MethodGet, "/api/v1/configurations/"+id, "").Body["name"])
	assert.Equal(t, http.StatusBadRequest, f.do(http.MethodPatch, "/api/v1/configurations/"+id, `{"document":{}}`).Status, "document is committed, not patched")
	assert.Equal(t, http.StatusConflict, f.do(http.MethodPatch, "/api/v1/configurations/"+id, `{"name":"misc"}`).Status, "name taken")
	emptyName := f.do(http.MethodPatch, "/api/v1/configurations/"+id, `{"name":"  ","description":"`+strings.Repeat("d", 5001)+`"}`)
	assert.Equal(t, http.StatusBadRequest, emptyName.Status, "description over the contract's length")
	blank := f.do(http.MethodPatch, "/api/v1/configurations/"+id, `{"name":"  "}`)
	assert.Equal(t, http.StatusUnprocessableEntity, blank.Status, blank.Raw)
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodPatch, "/api/v1/configurations/"+uuid.NewString(), `{"name":"x"}`).Status)
	ghostTag := f.do(http.MethodPatch, "/api/v1/configurations/"+id, fmt.Sprintf(`{"tag_ids":[%q]}`, uuid.NewString()))
	assert.Equal(t, http.StatusUnprocessableEntity, ghostTag.Status)

	// Lists: search, kind, tag filters; archived hidden unless asked.
	total := func(q string) float64 {
		r := f.do(http.MethodGet, "/api/v1/configurations?"+q, "")
		require.Equal(t, http.StatusOK, r.Status, q+": "+r.Raw)
		return r.Body["total"].(float64)
	}
	assert.EqualValues(t, 2, total(""))
	assert.EqualValues(t, 1, total("q=perimeter"), "description searched")
	assert.EqualValues(t, 1, total("kind=security"))
	assert.EqualValues(t, 2, total("kind=security&kind=other"))
	assert.EqualValues(t, 0, total("kind=database"))
	assert.EqualValues(t, 1, total("tag="+tag))
	assert.Equal(t, http.StatusBadRequest, f.do(http.MethodGet, "/api/v1/configurations?sort=kind", "").Status)
	assert.Equal(t, http.StatusBadRequest, f.do(http.MethodGet, "/api/v1/configurations?kind=printer", "").Status)

	// Archive: read-only, no commits, hidden; restore refused while the name is taken by an active one.
	ar := f.do(http.MethodPost, "/api/v1/configurations/"+id+"/archive", "")
	require.Equal(t, http.StatusOK, ar.Status, ar.Raw)
	assert.NotNil(t, ar.Body["archived_at"])
	assert.Equal(t, http.StatusConflict, f.do(http.MethodPatch, "/api/v1/configurations/"+id, `{"description":"x"}`).Status)
	cm := f.do(http.MethodPost, "/api/v1/configurations/"+id+"/versions", `{"document":{"policy":"allow"},"message":"x","base_version":1}`)
	assert.Equal(t, http.StatusConflict, cm.Status, cm.Raw)
	assert.EqualValues(t, 1, total(""))
	assert.EqualValues(t, 2, total("include_archived=true"))
	taker := f.create(`{"name":"Core firewall","document":{}}`)
	assert.Equal(t, http.StatusConflict, f.do(http.MethodPost, "/api/v1/configurations/"+id+"/restore", "").Status)
	require.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/configurations/"+taker.Body["id"].(string)+"/archive", "").Status)
	rs := f.do(http.MethodPost, "/api/v1/configurations/"+id+"/restore", "")
	require.Equal(t, http.StatusOK, rs.Status, rs.Raw)
	assert.Nil(t, rs.Body["archived_at"])
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodPost, "/api/v1/configurations/"+uuid.NewString()+"/archive", "").Status)
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodPost, "/api/v1/configurations/"+uuid.NewString()+"/restore", "").Status)

	// Viewers read but cannot write.
	viewer := testkit.ViewerOf(f.org)
	assert.Equal(t, http.StatusOK, f.s.Call(t, viewer, http.MethodGet, "/api/v1/configurations/"+id, "").Status)
	assert.Equal(t, http.StatusForbidden, f.s.Call(t, viewer, http.MethodPost, "/api/v1/configurations", `{"name":"v","document":{}}`).Status)
	assert.Equal(t, http.StatusForbidden, f.s.Call(t, viewer, http.MethodPost, "/api/v1/configurations/"+id+"/versions",
		`{"document":{"a":1},"message":"x","base_version":1}`).Status)
	assert.Equal(t, http.StatusForbidden, f.s.Call(t, viewer, http.MethodPatch, "/api/v1/configurations/"+id, `{"name":"v"}`).Status)

	// Audit: create, update (name/kind), archive and restore rows on the configuration.
	var actions []string
	rows, err := f.s.DB.Pool.Query(context.Background(), "SELECT action FROM audit_events WHERE entity_type = 'configuration' AND entity_id = $1 ORDER BY occurred_at, id", id)
	require.NoError(t, err)
	for rows.Next() {
		var a string
		require.NoError(t, rows.Scan(&a))
		actions = append(actions, a)
	}
	assert.Equal(t, []string{"create", "update", "update", "archive", "restore"}, actions, "create, patch, tags, archive, restore")
	var changes string
	require.NoError(t, f.s.DB.Pool.QueryRow(context.Background(),
		"SELECT changes::text FROM audit_events WHERE entity_id = $1 AND action = 'update' AND changes ? 'name'", id).Scan(&changes))
	assert.Contains(t, changes, `"name": ["Core firewall rules", "Core firewall"]`)
	assert.Contains(t, changes, `"kind": ["network", "security"]`)
}

func TestConfigurationVersionsCommitAndDiff(t *testing.T) {
	t.Parallel()
	f := setup(t)
	id := f.create(firewall).Body["id"].(string)
	base := "/api/v1/configurations/" + id

	// Commit v2 from v1.
	c := f.do(http.MethodPost, base+"/versions", `{"base_version":1,"message":"  Close SSH from the office LAN  ",
		"document":{"policy":"deny","rules":[{"port":443,"action":"allow"}],"logging":{"enabled":true,"target":"siem"}}}`)
	require.Equal(t, http.StatusCreated, c.Status, c.Raw)
	assert.EqualValues(t, 2, c.Body["number"])
	assert.EqualValues(t, 1, c.Body["parent_number"])
	assert.Equal(t, "Close SSH from the office LAN", c.Body["message"])
	assert.Equal(t, "Test user", c.Body["author_name"])
	g := f.do(http.MethodGet, base, "")
	assert.EqualValues(t, 2, g.Body["current_version"])
	assert.EqualValues(t, 2, g.Body["version"], "a commit bumps the row version")
	assert.Equal(t, "Close SSH from the office LAN", g.Body["last_message"])
	assert.Equal(t, "siem", g.Body["document"].(map[string]any)["logging"].(map[string]any)["target"])

	// Someone else committed meanwhile: 409 naming who and which version; nothing written.
	bob := testkit.AdminOf(f.org)
	bob.Name = "Bob Martens"
	bc := f.s.Call(t, bob, http.MethodPost, base+"/versions", `{"base_version":2,"message":"Log to the SIEM over TLS","document":{"policy":"deny","rules":[],"logging":{"enabled":true,"target":"siem","tls":true}}}`)
	require.Equal(t, http.StatusCreated, bc.Status, bc.Raw)
	late := f.do(http.MethodPost, base+"/versions", `{"base_version":2,"message":"My edit","document":{"policy":"allow"}}`)
	require.Equal(t, http.StatusConflict, late.Status, late.Raw)
	assert.Contains(t, late.Body["detail"], "Bob Martens committed version 3")
	assert.Contains(t, late.Body["detail"], "Log to the SIEM over TLS")
	future := f.do(http.MethodPost, base+"/versions", `{"base_version":9,"message":"x","document":{"policy":"allow"}}`)
	assert.Equal(t, http.StatusConflict, future.Status)
	assert.Contains(t, future.Body["detail"], "version 3")
	assert.Equal(t, 3, f.count("SELECT count(*) FROM configuration_versions WHERE configuration_id = $1", id))

	// Identical document (key order and number spelling aside): 422.
	same := f.do(http.MethodPost, base+"/versions", `{"base_version":3,"message":"no-op","document":{"logging":{"tls":true,"target":"siem","enabled":true},"rules":[],"policy":"deny"}}`)
	require.Equal(t, http.StatusUnprocessableEntity, same.Status, same.Raw)
	assert.Equal(t, []string{"document:unchanged"}, fields(same))
	msg := f.do(http.MethodPost, base+"/versions", `{"base_version":3,"message":"   ","document":{"a":1}}`)
	assert.Equal(t, http.StatusUnprocessableEntity, msg.Status)
	assert.Equal(t, []string{"message:required"}, fields(msg))
	for name, body := range map[string]string{
		"no message":      `{"base_version":3,"document":{"a":1}}`,
		"no base":         `{"message":"x","document":{"a":1}}`,
		"base 0":          `{"base_version":0,"message":"x","document":{"a":1}}`,
		"array document":  `{"base_version":3,"message":"x","document":[]}`,
		"message too big": `{"base_version":3,"message":"` + strings.Repeat("m", 501) + `","document":{"a":1}}`,
	} {
		assert.Equal(t, http.StatusBadRequest, f.do(http.MethodPost, base+"/versions", body).Status, name)
	}
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodPost, "/api/v1/configurations/"+uuid.NewString()+"/versions",
		`{"base_version":1,"message":"x","document":{"a":1}}`).Status)

	// Versions: newest first by default, keyset pages both ways.
	for i := 4; i <= 7; i++ {
		r := f.do(http.MethodPost, base+"/versions", fmt.Sprintf(`{"base_version":%d,"message":"Step %d","document":{"step":%d}}`, i-1, i, i))
		require.Equal(t, http.StatusCreated, r.Status, r.Raw)
	}
	walk := func(sort string) []float64 {
		var out []float64
		cursor := ""
		for range 10 {
			path := base + "/versions?limit=3"
			if sort != "" {
				path += "&sort=" + sort
			}
			if cursor != "" {
				path += "&cursor=" + cursor
			}
			r := f.do(http.MethodGet, path, "")
			require.Equal(t, http.StatusOK, r.Status, r.Raw)
			assert.EqualValues(t, 7, r.Body["total"])
			for _, it := range r.Items() {
				out = append(out, it["number"].(float64))
			}
			next, _ := r.Body["next_cursor"].(string)
			if next == "" {
				break
			}
			cursor = next
		}
		return out
	}
	assert.Equal(t, []float64{7, 6, 5, 4, 3, 2, 1}, walk(""))
	assert.Equal(t, []float64{1, 2, 3, 4, 5, 6, 7}, walk("number"))
	assert.Equal(t, http.StatusBadRequest, f.do(http.MethodGet, base+"/versions?sort=message", "").Status)
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodGet, "/api/v1/configurations/"+uuid.NewString()+"/versions", "").Status)
	first := f.do(http.MethodGet, base+"/versions/1", "")
	require.Equal(t, http.StatusOK, first.Status)
	assert.Nil(t, first.Body["parent_number"])
	assert.Equal(t, "Initial version", first.Body["message"])
	assert.Len(t, first.Body["document"].(map[string]any)["rules"], 2)
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodGet, base+"/versions/99", "").Status)
	assert.Equal(t, http.StatusBadRequest, f.do(http.MethodGet, base+"/versions/0", "").Status)

	// Diff v1 → v2: removed SSH rule (array position by position), logging target added.
	d := f.do(http.MethodGet, base+"/diff?from=1&to=2", "")
	require.Equal(t, http.StatusOK, d.Status, d.Raw)
	assert.EqualValues(t, 1, d.Body["from"])
	var got []string
	for _, ch := range d.Body["changes"].([]any) {
		m := ch.(map[string]any)
		b, _ := json.Marshal(m["before"])
		a, _ := json.Marshal(m["after"])
		got = append(got, fmt.Sprintf("%s %s %s %s", m["op"], m["path"], b, a))
	}
	assert.Equal(t, []string{
		`added /logging/target null "siem"`,
		`changed /rules/0/port 22 443`,
		`removed /rules/0/source "10.0.0.0/8" null`,
		`removed /rules/1 {"action":"allow","port":443} null`,
	}, got)
	back := f.do(http.MethodGet, base+"/diff?from=2&to=1", "")
	require.Equal(t, http.StatusOK, back.Status)
	assert.Len(t, back.Body["changes"], 4, "either order")
	eq := f.do(http.MethodGet, base+"/diff?from=2&to=2", "")
	require.Equal(t, http.StatusOK, eq.Status)
	assert.Empty(t, eq.Body["changes"])
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodGet, base+"/diff?from=1&to=42", "").Status)
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodGet, base+"/diff?from=42&to=1", "").Status)
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodGet, "/api/v1/configurations/"+uuid.NewString()+"/diff?from=1&to=2", "").Status)
	assert.Equal(t, http.StatusBadRequest, f.do(http.MethodGet, base+"/diff?from=1", "").Status)

	// Audit: one "commit" row per version with the numbers and the message, never the document.
	var changes string
	require.NoError(t, f.s.DB.Pool.QueryRow(context.Background(),
		"SELECT changes::text FROM audit_events WHERE entity_id = $1 AND action = 'commit' AND changes->'current_version'->>1 = '2'", id).Scan(&changes))
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(changes), &m))
	assert.Equal(t, []any{1.0, 2.0}, m["current_version"])
	assert.Equal(t, []any{nil, "Close SSH from the office LAN"}, m["message"])
	assert.Equal(t, []any{nil, 4.0}, m["changed_values"])
	assert.NotContains(t, changes, "siem", "the document stays out of the audit trail")
	assert.Equal(t, 6, f.count("SELECT count(*) FROM audit_events WHERE entity_id = $1 AND action = 'commit'", id))
	assert.Equal(t, 0, f.count("SELECT count(*) FROM audit_events WHERE entity_id = $1 AND action = 'update'", id), "commits write no update rows")
	var actor string
	require.NoError(t, f.s.DB.Pool.QueryRow(context.Background(),
		"SELECT actor_name FROM audit_events WHERE entity_id = $1 AND action = 'commit' AND changes->'current_version'->>1 = '3'", id).Scan(&actor))
	assert.Equal(t, "Bob Martens", actor)
}

func TestConfigurationLinks(t *testing.T) {
	t.Parallel()
	f := setup(t)
	id := f.create(firewall).Body["id"].(string)
	asset := f.do(http.MethodPost, "/api/v1/assets", `{"name":"FortiGate 200F"}`)
	require.Equal(t, http.StatusCreated, asset.Status, asset.Raw)
	l := f.do(http.MethodPost, "/api/v1/links", fmt.Sprintf(`{"source_type":"configuration","source_id":%q,"target_type":"asset","target_id":%q,"relation":"part_of"}`,
		id, asset.Body["id"]))
	require.Equal(t, http.StatusCreated, l.Status, l.Raw)
	ls := f.do(http.MethodGet, "/api/v1/links?type=asset&id="+asset.Body["id"].(string), "")
	require.Equal(t, http.StatusOK, ls.Status, ls.Raw)
	assert.Contains(t, ls.Raw, "Core firewall rules")
	assert.Contains(t, ls.Raw, "/assets/configurations/"+id)
	types := f.do(http.MethodGet, "/api/v1/linkable-types", "")
	assert.Contains(t, types.Raw, `"configuration"`)
}

func TestConfigurationDemoSeed(t *testing.T) {
	t.Parallel()
	f := setup(t)
	brand := f.do(http.MethodPost, "/api/v1/brands", `{"name":"Fortinet"}`).Body["id"].(string)
	model := f.do(http.MethodPost, "/api/v1/asset-models", fmt.Sprintf(`{"brand_id":%q,"name":"FortiGate 200F","category":"network"}`, brand)).Body["id"].(string)
	fw := f.do(http.MethodPost, "/api/v1/assets", fmt.Sprintf(`{"name":"FortiGate 200F 001","model_id":%q}`, model)).Body["id"].(string)
	ctx := context.Background()
	var people []uuid.UUID
	for _, email := range []string{"ines@acme.example", "jan@acme.example"} {
		u, err := f.s.App.Identity.CreateUser(ctx, identity.NewUser{Email: email, Name: strings.Split(email, "@")[0]})
		require.NoError(t, err)
		_, err = f.s.App.Identity.AddMember(ctx, f.org, u.ID, "employee")
		require.NoError(t, err)
		people = append(people, u.ID)
	}
	seedCtx := reqctx.WithPrincipal(ctx, &reqctx.Principal{ID: "demo-seed", Kind: reqctx.KindSystem, Name: "Demo seed", OrganizationID: f.org})
	n, err := f.s.App.Configs.SeedDemo(seedCtx, f.s.App.Links, people)
	require.NoError(t, err)
	assert.Equal(t, 8, n)
	n, err = f.s.App.Configs.SeedDemo(seedCtx, f.s.App.Links, people)
	require.NoError(t, err)
	assert.Zero(t, n, "idempotent")

	list := f.do(http.MethodGet, "/api/v1/configurations?limit=50&sort=-last_committed_at", "")
	require.Equal(t, http.StatusOK, list.Status, list.Raw)
	require.Len(t, list.Items(), 8)
	for _, c := range list.Items() {
		v := c["current_version"].(float64)
		assert.True(t, v >= 2 && v <= 5, c["name"])
		assert.Contains(t, []any{"ines", "jan"}, c["last_committed_by_name"])
	}
	// Sorted by the last commit, newest first; the versions are dated in the past.
	assert.Equal(t, "Kubernetes production cluster values", list.Items()[0]["name"])
	links := f.do(http.MethodGet, "/api/v1/links?type=asset&id="+fw, "")
	assert.EqualValues(t, 2, links.Body["total"], "firewall rules and VPN linked to the FortiGate")
	assert.Contains(t, links.Raw, "Core firewall rule set")
	assert.Contains(t, links.Raw, "Remote-access VPN concentrator")
	// Every seeded history diffs.
	id := list.Items()[0]["id"].(string)
	d := f.do(http.MethodGet, "/api/v1/configurations/"+id+"/diff?from=1&to=5", "")
	require.Equal(t, http.StatusOK, d.Status, d.Raw)
	assert.Contains(t, d.Raw, `"/node_groups/1"`)
}
