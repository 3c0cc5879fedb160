package assets_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gorm.io/gorm"

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

// create posts and returns the new resource's id.
func (f fixture) create(path, body string) string {
	f.t.Helper()
	r := f.do(http.MethodPost, path, body)
	require.Equal(f.t, http.StatusCreated, r.Status, path+": "+r.Raw)
	return r.Body["id"].(string)
}

func (f fixture) member(email string) string {
	f.t.Helper()
	ctx := context.Background()
	u, err := f.s.App.Identity.CreateUser(ctx, identity.NewUser{Email: email, Name: strings.Split(email, "@")[0]})
	require.NoError(f.t, err)
	_, err = f.s.App.Identity.AddMember(ctx, f.org, u.ID, "employee")
	require.NoError(f.t, err)
	return u.ID.String()
}

func (f fixture) count(sql string, args ...any) int {
	f.t.Helper()
	var n int
	require.NoError(f.t, f.s.DB.Pool.QueryRow(context.Background(), sql, args...).Scan(&n))
	return n
}

func TestAssetLifecycleCustodyAndHistory(t *testing.T) {
	t.Parallel()
	f := setup(t)
	hq := f.create("/api/v1/locations", `{"name":"Brussels HQ","city":"Brussels","country":"BE","timezone":"Europe/Brussels"}`)
	dc := f.create("/api/v1/locations", `{"name":"Antwerp DC","physical":true}`)
	dell := f.create("/api/v1/brands", `{"name":"Dell","website":"https://www.dell.com"}`)
	model := f.create("/api/v1/asset-models", fmt.Sprintf(`{"brand_id":%q,"name":"Latitude 7440","category":"laptop"}`, dell))
	alice := f.member("alice@acme.example")

	r := f.do(http.MethodPost, "/api/v1/assets", fmt.Sprintf(`{"name":"Alice's laptop","asset_tag":" AC-0001 ","serial":"SN123",
		"model_id":%q,"location_id":%q,"purchase_date":"2025-03-01","cost":"1499.90","currency":"EUR","warranty_months":36}`, model, hq))
	require.Equal(t, http.StatusCreated, r.Status, r.Raw)
	id := r.Body["id"].(string)
	assert.Equal(t, "in_stock", r.Body["status"])
	assert.Equal(t, "AC-0001", r.Body["asset_tag"], "trimmed")
	assert.Equal(t, "EUR", r.Body["currency"])
	assert.Equal(t, "2028-03-01", r.Body["warranty_end"], "derived from purchase date and warranty months")
	assert.Equal(t, "Dell", r.Body["brand_name"])
	assert.Equal(t, "laptop", r.Body["category"])
	assert.Equal(t, "Brussels HQ", r.Body["location_name"])
	assert.Equal(t, "1499.90", r.Body["cost"])

	// Duplicates are refused whatever their case; nothing is written.
	before := f.count("SELECT count(*) FROM assets")
	dup := f.do(http.MethodPost, "/api/v1/assets", `{"name":"Other","serial":"sn123"}`)
	assert.Equal(t, http.StatusConflict, dup.Status, dup.Raw)
	assert.Contains(t, dup.Raw, `"field":"serial"`)
	dup = f.do(http.MethodPost, "/api/v1/assets", `{"name":"Other","asset_tag":"ac-0001"}`)
	assert.Equal(t, http.StatusConflict, dup.Status, dup.Raw)
	assert.Contains(t, dup.Raw, `"field":"asset_tag"`)
	assert.Equal(t, before, f.count("SELECT count(*) FROM assets"))

	// Illegal moves are refused with the reason, and change nothing.
	etag := f.do(http.MethodGet, "/api/v1/assets/"+id, "").Header.Get("ETag")
	for to, want := range map[string]string{"disposed": "disposal", "sold": "disposal", "in_use": "check it out"} {
		tr := f.do(http.MethodPost, "/api/v1/assets/"+id+"/transition", `{"status":"`+to+`"}`, "If-Match", etag)
		assert.Equal(t, http.StatusConflict, tr.Status, to)
		assert.Contains(t, tr.Raw, want, to)
		assert.Equal(t, "application/problem+json", tr.Header.Get("Content-Type"))
	}
	assert.Equal(t, http.StatusConflict, f.do(http.MethodPost, "/api/v1/assets/"+id+"/check-in", `{}`).Status, "not checked out")

	// Check-out: stale If-Match refused; then out to Alice, remote.
	stale := f.do(http.MethodPost, "/api/v1/assets/"+id+"/check-out", fmt.Sprintf(`{"user_id":%q}`, alice), "If-Match", `"7"`)
	assert.Equal(t, http.StatusPreconditionFailed, stale.Status)
	nobody := f.do(http.MethodPost, "/api/v1/assets/"+id+"/check-out", fmt.Sprintf(`{"user_id":%q}`, uuid.NewString()), "If-Match", etag)
	assert.Equal(t, http.StatusUnprocessableEntity, nobody.Status, "not a member")
	out := f.do(http.MethodPost, "/api/v1/assets/"+id+"/check-out", fmt.Sprintf(`{"user_id":%q,"remote":true,"note":"home office"}`, alice), "If-Match", etag)
	require.Equal(t, http.StatusOK, out.Status, out.Raw)
	assert.Equal(t, "in_use", out.Body["status"])
	assert.Equal(t, alice, out.Body["holder_id"])
	assert.Equal(t, "alice", out.Body["holder_name"])
	assert.Equal(t, true, out.Body["remote"])
	again := f.do(http.MethodPost, "/api/v1/assets/"+id+"/check-out", fmt.Sprintf(`{"user_id":%q}`, alice))
	assert.Equal(t, http.StatusConflict, again.Status)
	assert.Contains(t, again.Raw, "already checked out to alice")
	assert.Equal(t, http.StatusConflict, f.do(http.MethodPost, "/api/v1/assets/"+id+"/archive", "").Status, "in use: check in first")
	tr := f.do(http.MethodPost, "/api/v1/assets/"+id+"/transition", `{"status":"in_repair"}`)
	assert.Equal(t, http.StatusConflict, tr.Status)
	assert.Contains(t, tr.Raw, "check it in first")

	// Check-in at the data centre, then into repair and back.
	in := f.do(http.MethodPost, "/api/v1/assets/"+id+"/check-in", fmt.Sprintf(`{"location_id":%q,"note":"returned"}`, dc))
	require.Equal(t, http.StatusOK, in.Status, in.Raw)
	assert.Equal(t, "in_stock", in.Body["status"])
	assert.Nil(t, in.Body["holder_id"])
	assert.Equal(t, false, in.Body["remote"])
	assert.Equal(t, "Antwerp DC", in.Body["location_name"])
	require.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/assets/"+id+"/transition", `{"status":"in_repair","note":"screen"}`).Status)
	require.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/assets/"+id+"/transition", `{"status":"in_stock"}`).Status)

	// Edit: merge patch with If-Match; a stale version changes nothing.
	cur := f.do(http.MethodGet, "/api/v1/assets/"+id, "")
	p := f.do(http.MethodPatch, "/api/v1/assets/"+id, `{"name":"Laptop 1","cost":null,"currency":null}`, "If-Match", cur.Header.Get("ETag"))
	require.Equal(t, http.StatusOK, p.Status, p.Raw)
	assert.Nil(t, p.Body["cost"])
	assert.Equal(t, http.StatusPreconditionFailed, f.do(http.MethodPatch, "/api/v1/assets/"+id, `{"name":"Stale"}`, "If-Match", cur.Header.Get("ETag")).Status)
	assert.Equal(t, "Laptop 1", f.do(http.MethodGet, "/api/v1/assets/"+id, "").Body["name"])
	half := f.do(http.MethodPatch, "/api/v1/assets/"+id, `{"cost":"10.00"}`)
	assert.Equal(t, http.StatusUnprocessableEntity, half.Status, "cost without currency")
	status := f.do(http.MethodPatch, "/api/v1/assets/"+id, `{"status":"disposed"}`)
	assert.Equal(t, http.StatusBadRequest, status.Status, "status is not patchable")

	// Custody log and merged timeline.
	c := f.do(http.MethodGet, "/api/v1/assets/"+id+"/custody", "")
	require.Equal(t, http.StatusOK, c.Status, c.Raw)
	require.Len(t, c.Items(), 2)
	assert.Equal(t, "check_in", c.Items()[0]["action"])
	assert.Equal(t, "returned", c.Items()[0]["note"])
	assert.Equal(t, "alice", c.Items()[1]["user_name"])
	tl := f.do(http.MethodGet, "/api/v1/assets/"+id+"/timeline?sort=at", "")
	require.Equal(t, http.StatusOK, tl.Status, tl.Raw)
	kinds := []string{}
	for _, e := range tl.Items() {
		kinds = append(kinds, e["kind"].(string))
	}
	assert.Equal(t, "created", kinds[0])
	assert.Contains(t, kinds, "check_out")
	assert.Contains(t, kinds, "check_in")
	assert.Contains(t, tl.Raw, "Checked out to alice (remote)")
	assert.Contains(t, tl.Raw, "Changed cost, currency, name")
	assert.Contains(t, tl.Raw, `"Test user"`, "the actor")
	// Pages of two walk the whole timeline without gaps or repeats.
	var seen []string
	cursor := ""
	for {
		path := "/api/v1/assets/" + id + "/timeline?limit=2"
		if cursor != "" {
			path += "&cursor=" + cursor
		}
		pg := f.do(http.MethodGet, path, "")
		require.Equal(t, http.StatusOK, pg.Status, pg.Raw)
		for _, e := range pg.Items() {
			seen = append(seen, e["id"].(string))
		}
		next, _ := pg.Body["next_cursor"].(string)
		if next == "" {
			break
		}
		cursor = next
	}
	assert.Len(t, seen, len(tl.Items()))
	// Archive and restore.
	ar := f.do(http.MethodPost, "/api/v1/assets/"+id+"/archive", "")
	require.Equal(t, http.StatusOK, ar.Status, ar.Raw)
	assert.NotNil(t, ar.Body["archived_at"])
	assert.Equal(t, http.StatusConflict, f.do(http.MethodPatch, "/api/v1/assets/"+id, `{"name":"x"}`).Status, "archived assets are read-only")
	assert.EqualValues(t, 0, f.do(http.MethodGet, "/api/v1/assets?q=Laptop", "").Body["total"])
	assert.EqualValues(t, 1, f.do(http.MethodGet, "/api/v1/assets?q=Laptop&include_archived=true", "").Body["total"])
	require.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/assets/"+id+"/restore", "").Status)
	// Locations with assets cannot be archived; viewers cannot write.
	assert.Equal(t, http.StatusConflict, f.do(http.MethodPost, "/api/v1/locations/"+dc+"/archive", "").Status)
	viewer := testkit.ViewerOf(f.org)
	assert.Equal(t, http.StatusForbidden, f.s.Call(t, viewer, http.MethodPost, "/api/v1/assets", `{"name":"x"}`).Status)
	assert.Equal(t, http.StatusOK, f.s.Call(t, viewer, http.MethodGet, "/api/v1/assets/"+id, "").Status)
}

func TestAssetListFiltersSortsAndPages(t *testing.T) {
	t.Parallel()
	f := setup(t)
	hq := f.create("/api/v1/locations", `{"name":"HQ"}`)
	hp := f.create("/api/v1/brands", `{"name":"HP"}`)
	model := f.create("/api/v1/asset-models", fmt.Sprintf(`{"brand_id":%q,"name":"EliteBook"}`, hp))
	red := f.create("/api/v1/tags", `{"name":"Finance","colour":"red"}`)
	for i := range 25 {
		body := fmt.Sprintf(`{"name":"Asset %02d","critical":%t`, i, i%5 == 0)
		if i%2 == 0 {
			body += fmt.Sprintf(`,"location_id":%q,"model_id":%q,"purchase_date":"2024-01-%02d"`, hq, model, i+1)
		}
		if i%3 == 0 {
			body += fmt.Sprintf(`,"tag_ids":[%q]`, red)
		}
		if i%4 != 0 {
			body += fmt.Sprintf(`,"asset_tag":"T-%03d"`, 100-i)
		}
		f.create("/api/v1/assets", body+"}")
	}
	total := func(q string) float64 {
		r := f.do(http.MethodGet, "/api/v1/assets?"+q, "")
		require.Equal(t, http.StatusOK, r.Status, q+": "+r.Raw)
		return r.Body["total"].(float64)
	}
	assert.EqualValues(t, 13, total("location_id="+hq))
	assert.EqualValues(t, 13, total("brand_id="+hp))
	assert.EqualValues(t, 5, total("critical=true"))
	assert.EqualValues(t, 9, total("tag="+red))
	assert.EqualValues(t, 5, total("tag="+red+"&location_id="+hq))
	assert.EqualValues(t, 1, total("q=asset%2007"))
	assert.EqualValues(t, 25, total("status=in_stock&status=in_repair"))
	assert.EqualValues(t, 0, total("status=in_use"))
	r := f.do(http.MethodGet, "/api/v1/assets?tag="+red+"&limit=1", "")
	assert.Equal(t, "Finance", r.Items()[0]["tags"].([]any)[0].(map[string]any)["name"])

	// Every sort walks all rows in order, page by page, with nullable keys (tags, dates) handled.
	for _, sort := range []string{"name", "-name", "asset_tag", "-asset_tag", "purchase_date", "-purchase_date", "created_at", "-status"} {
		var names []string
		cursor := ""
		for range 20 {
			path := "/api/v1/assets?limit=7&sort=" + sort
			if cursor != "" {
				path += "&cursor=" + cursor
			}
			pg := f.do(http.MethodGet, path, "")
			require.Equal(t, http.StatusOK, pg.Status, sort+": "+pg.Raw)
			for _, it := range pg.Items() {
				names = append(names, it["name"].(string))
			}
			next, _ := pg.Body["next_cursor"].(string)
			if next == "" {
				break
			}
			cursor = next
		}
		require.Len(t, names, 25, sort)
		uniq := map[string]bool{}
		for _, n := range names {
			uniq[n] = true
		}
		assert.Len(t, uniq, 25, sort+": no repeats")
		if sort == "name" {
			assert.Equal(t, "Asset 00", names[0])
			assert.Equal(t, "Asset 24", names[24])
		}
		if sort == "asset_tag" {
			assert.Equal(t, "Asset 00", names[0], "no tag sorts first")
			assert.Equal(t, "Asset 23", names[7], "T-077 is the lowest tag")
		}
	}
	for _, bad := range []string{"sort=serial", "sort=cf.nope", "status=lost", "cursor=garbage", "cf=nope:1", "limit=0", "limit=500"} {
		r := f.do(http.MethodGet, "/api/v1/assets?"+bad, "")
		assert.Equal(t, http.StatusBadRequest, r.Status, bad+": "+r.Raw)
	}
}

func TestCustomFieldsOnAssets(t *testing.T) {
	t.Parallel()
	f := setup(t)
	bob := f.member("bob@acme.example")
	for _, def := range []string{
		`{"entity_type":"asset","key":"cost_centre","type":"select","label":"Cost centre","options":["IT","Finance","Ops"],"required":true,"default":"IT"}`,
		`{"entity_type":"asset","key":"ram_gb","type":"number","label":"RAM (GB)"}`,
		`{"entity_type":"asset","key":"eol","type":"date","label":"End of life"}`,
		`{"entity_type":"asset","key":"encrypted","type":"boolean","label":"Disk encrypted"}`,
		`{"entity_type":"asset","key":"networks","type":"multi_select","label":"Networks","options":["office","lab","ot"]}`,
		`{"entity_type":"asset","key":"owner","type":"user","label":"Business owner"}`,
		`{"entity_type":"asset","key":"docs","type":"url","label":"Documentation"}`,
	} {
		f.create("/api/v1/custom-fields", def)
	}
	// Definitions are checked.
	for name, c := range map[string]struct {
		body   string
		status int
	}{
		"select without options": {`{"entity_type":"asset","key":"x1","type":"select","label":"X"}`, http.StatusUnprocessableEntity},
		"options on text":        {`{"entity_type":"asset","key":"x2","type":"text","label":"X","options":["a"]}`, http.StatusUnprocessableEntity},
		"bad default":            {`{"entity_type":"asset","key":"x3","type":"number","label":"X","default":"many"}`, http.StatusUnprocessableEntity},
		"unknown entity type":    {`{"entity_type":"spaceship","key":"x4","type":"text","label":"X"}`, http.StatusUnprocessableEntity},
		"bad key":                {`{"entity_type":"asset","key":"Bad Key","type":"text","label":"X"}`, http.StatusBadRequest},
		"key reused":             {`{"entity_type":"asset","key":"ram_gb","type":"text","label":"X"}`, http.StatusConflict},
		"unknown type":           {`{"entity_type":"asset","key":"x5","type":"colour","label":"X"}`, http.StatusBadRequest},
	} {
		r := f.do(http.MethodPost, "/api/v1/custom-fields", c.body)
		assert.Equal(t, c.status, r.Status, name+": "+r.Raw)
	}
	defs := f.do(http.MethodGet, "/api/v1/custom-fields?entity_type=asset", "")
	assert.EqualValues(t, 7, defs.Body["total"])

	// Values: every wrong one is reported at once, and nothing is written.
	before := f.count("SELECT count(*) FROM assets")
	bad := f.do(http.MethodPost, "/api/v1/assets", fmt.Sprintf(`{"name":"x","custom_fields":{"cost_centre":"Marketing","ram_gb":"lots",
		"eol":"2026-02-30","encrypted":"maybe","networks":["office","moon"],"owner":%q,"docs":"ftp://x","colour":"red"}}`, uuid.NewString()))
	require.Equal(t, http.StatusUnprocessableEntity, bad.Status, bad.Raw)
	for _, key := range []string{"cost_centre", "ram_gb", "eol", "encrypted", "networks", "docs", "colour"} {
		assert.Contains(t, bad.Raw, `"field":"custom_fields.`+key+`"`, key)
	}
	assert.Equal(t, before, f.count("SELECT count(*) FROM assets"))
	ghost := f.do(http.MethodPost, "/api/v1/assets", fmt.Sprintf(`{"name":"x","custom_fields":{"owner":%q}}`, uuid.NewString()))
	assert.Equal(t, http.StatusUnprocessableEntity, ghost.Status, "a user field must name a member")

	// Defaults fill in; values are normalised; the audit trail records custom field changes.
	a := f.do(http.MethodPost, "/api/v1/assets", fmt.Sprintf(`{"name":"Server 1","custom_fields":{"ram_gb":64,"networks":["ot","office"],
		"owner":%q,"encrypted":true,"eol":"2030-06-30"}}`, bob))
	require.Equal(t, http.StatusCreated, a.Status, a.Raw)
	cf := a.Body["custom_fields"].(map[string]any)
	assert.Equal(t, "IT", cf["cost_centre"], "default")
	assert.Equal(t, []any{"office", "ot"}, cf["networks"], "in the definition's order")
	id := a.Body["id"].(string)
	f.create("/api/v1/assets", `{"name":"Server 2","custom_fields":{"ram_gb":128,"cost_centre":"Ops"}}`)
	f.create("/api/v1/assets", `{"name":"Server 3","custom_fields":{"ram_gb":16,"cost_centre":"Finance","networks":["lab"]}}`)
	f.create("/api/v1/assets", `{"name":"Server 4"}`)
	// Required cannot be removed; null removes optional values.
	rm := f.do(http.MethodPatch, "/api/v1/assets/"+id, `{"custom_fields":{"cost_centre":null}}`)
	assert.Equal(t, http.StatusUnprocessableEntity, rm.Status, rm.Raw)
	rm = f.do(http.MethodPatch, "/api/v1/assets/"+id, `{"custom_fields":{"ram_gb":null,"cost_centre":"Finance"}}`)
	require.Equal(t, http.StatusOK, rm.Status, rm.Raw)
	cf = rm.Body["custom_fields"].(map[string]any)
	assert.NotContains(t, cf, "ram_gb")
	assert.Equal(t, "Finance", cf["cost_centre"])
	assert.Equal(t, "2030-06-30", cf["eol"], "untouched keys stay")
	var changes string
	require.NoError(t, f.s.DB.Pool.QueryRow(context.Background(),
		"SELECT changes::text FROM audit_events WHERE entity_id = $1 AND action = 'update' ORDER BY seq DESC LIMIT 1", id).Scan(&changes))
	assert.Contains(t, changes, "custom_fields.ram_gb")
	assert.Contains(t, changes, "custom_fields.cost_centre")

	// Filters (indexed containment) and sorts on custom fields.
	total := func(q string) float64 {
		r := f.do(http.MethodGet, "/api/v1/assets?"+q, "")
		require.Equal(t, http.StatusOK, r.Status, q+": "+r.Raw)
		return r.Body["total"].(float64)
	}
	assert.EqualValues(t, 2, total("cf=cost_centre:Finance"))
	assert.EqualValues(t, 1, total("cf=cost_centre:Finance&cf=networks:lab"))
	assert.EqualValues(t, 1, total("cf=encrypted:true"))
	assert.EqualValues(t, 1, total("cf=ram_gb:128"))
	assert.Equal(t, http.StatusBadRequest, f.do(http.MethodGet, "/api/v1/assets?cf=ram_gb:lots", "").Status)
	order := func(sort string) []string {
		var names []string
		cursor := ""
		for range 10 {
			path := "/api/v1/assets?limit=2&sort=" + sort
			if cursor != "" {
				path += "&cursor=" + cursor
			}
			pg := f.do(http.MethodGet, path, "")
			require.Equal(t, http.StatusOK, pg.Status, pg.Raw)
			for _, it := range pg.Items() {
				names = append(names, it["name"].(string))
			}
			next, _ := pg.Body["next_cursor"].(string)
			if next == "" {
				break
			}
			cursor = next
		}
		return names
	}
	assert.Equal(t, []string{"Server 1", "Server 4", "Server 3", "Server 2"}, order("cf.ram_gb"), "no value first, then 16 < 128")
	assert.Equal(t, []string{"Server 2", "Server 3", "Server 4", "Server 1"}, order("-cf.ram_gb"), "ties by id, descending too")
	assert.Equal(t, http.StatusBadRequest, f.do(http.MethodGet, "/api/v1/assets?sort=cf.networks", "").Status, "multi-select is not sortable")

	// Archived definitions: no longer accepted, values stay readable.
	var ramID string
	for _, d := range defs.Items() {
		if d["key"] == "ram_gb" {
			ramID = d["id"].(string)
		}
	}
	require.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/custom-fields/"+ramID+"/archive", "").Status)
	r := f.do(http.MethodPost, "/api/v1/assets", `{"name":"Server 5","custom_fields":{"ram_gb":8}}`)
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Contains(t, f.do(http.MethodGet, "/api/v1/assets?q=Server%202", "").Raw, `"ram_gb":128`)
}

func TestTagsAndLinks(t *testing.T) {
	t.Parallel()
	f := setup(t)
	tag := f.create("/api/v1/tags", `{"name":"Critical path","colour":"red"}`)
	assert.Equal(t, http.StatusConflict, f.do(http.MethodPost, "/api/v1/tags", `{"name":"  critical   PATH "}`).Status, "case and spaces")
	assert.Equal(t, http.StatusBadRequest, f.do(http.MethodPost, "/api/v1/tags", `{"name":"x","colour":"chartreuse"}`).Status)
	a := f.create("/api/v1/assets", fmt.Sprintf(`{"name":"Core switch","tag_ids":[%q]}`, tag))
	b := f.create("/api/v1/assets", `{"name":"Firewall"}`)
	loc := f.create("/api/v1/locations", `{"name":"Server room"}`)
	assert.EqualValues(t, 1, f.do(http.MethodGet, "/api/v1/tags", "").Items()[0]["uses"])
	// Tag changes are in the asset's history, by name.
	p := f.do(http.MethodPatch, "/api/v1/assets/"+a, `{"tag_ids":[]}`)
	require.Equal(t, http.StatusOK, p.Status, p.Raw)
	tl := f.do(http.MethodGet, "/api/v1/assets/"+a+"/timeline", "")
	assert.Contains(t, tl.Raw, `"tags":[["Critical path"],[]]`)
	// An archived tag cannot be given.
	require.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/tags/"+tag+"/archive", "").Status)
	r := f.do(http.MethodPatch, "/api/v1/assets/"+a, fmt.Sprintf(`{"tag_ids":[%q]}`, tag))
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status, r.Raw)

	// Links: both directions, refused when wrong.
	link := f.do(http.MethodPost, "/api/v1/links", fmt.Sprintf(`{"source_type":"asset","source_id":%q,"target_type":"asset","target_id":%q,"relation":"depends_on","note":"uplink"}`, b, a))
	require.Equal(t, http.StatusCreated, link.Status, link.Raw)
	assert.Equal(t, "Core switch", link.Body["other"].(map[string]any)["label"])
	linkID := link.Body["id"].(string)
	f.create("/api/v1/links", fmt.Sprintf(`{"source_type":"asset","source_id":%q,"target_type":"location","target_id":%q,"relation":"part_of"}`, a, loc))
	la := f.do(http.MethodGet, "/api/v1/links?type=asset&id="+a, "")
	require.Equal(t, http.StatusOK, la.Status, la.Raw)
	require.Len(t, la.Items(), 2)
	dirs := map[string]string{}
	for _, it := range la.Items() {
		dirs[it["other"].(map[string]any)["label"].(string)] = it["direction"].(string)
	}
	assert.Equal(t, map[string]string{"Firewall": "incoming", "Server room": "outgoing"}, dirs)
	assert.Equal(t, "/assets/"+b, la.Items()[1]["other"].(map[string]any)["route"])
	for name, c := range map[string]struct {
		body   string
		status int
	}{
		"duplicate":    {fmt.Sprintf(`{"source_type":"asset","source_id":%q,"target_type":"asset","target_id":%q,"relation":"depends_on"}`, b, a), http.StatusConflict},
		"self":         {fmt.Sprintf(`{"source_type":"asset","source_id":%q,"target_type":"asset","target_id":%q}`, a, a), http.StatusUnprocessableEntity},
		"unknown type": {fmt.Sprintf(`{"source_type":"asset","source_id":%q,"target_type":"spaceship","target_id":%q}`, a, b), http.StatusUnprocessableEntity},
		"missing id":   {fmt.Sprintf(`{"source_type":"asset","source_id":%q,"target_type":"asset","target_id":%q}`, a, uuid.NewString()), http.StatusNotFound},
		"bad relation": {fmt.Sprintf(`{"source_type":"asset","source_id":%q,"target_type":"asset","target_id":%q,"relation":"loves"}`, a, b), http.StatusBadRequest},
	} {
		r := f.do(http.MethodPost, "/api/v1/links", c.body)
		assert.Equal(t, c.status, r.Status, name+": "+r.Raw)
	}
	// Reading needs the module; a viewer cannot link.
	noAssets := testkit.Member(f.org, map[string]reqctx.Level{"risk": reqctx.LevelAdmin})
	assert.Equal(t, http.StatusForbidden, f.s.Call(t, noAssets, http.MethodGet, "/api/v1/links?type=asset&id="+a, "").Status)
	viewer := testkit.ViewerOf(f.org)
	assert.Equal(t, http.StatusForbidden, f.s.Call(t, viewer, http.MethodPost, "/api/v1/links",
		fmt.Sprintf(`{"source_type":"asset","source_id":%q,"target_type":"location","target_id":%q}`, b, loc)).Status)
	assert.Equal(t, http.StatusForbidden, f.s.Call(t, viewer, http.MethodDelete, "/api/v1/links/"+linkID, "").Status)
	// Archived ends: kept and flagged, no new links.
	require.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/assets/"+b+"/archive", "").Status)
	la = f.do(http.MethodGet, "/api/v1/links?type=asset&id="+a, "")
	assert.Contains(t, la.Raw, `"archived":true`)
	r = f.do(http.MethodPost, "/api/v1/links", fmt.Sprintf(`{"source_type":"asset","source_id":%q,"target_type":"location","target_id":%q}`, b, loc))
	assert.Equal(t, http.StatusConflict, r.Status)
	// Remove: 204 once, then 404; a wrong If-Match is a 412.
	assert.Equal(t, http.StatusPreconditionFailed, f.do(http.MethodDelete, "/api/v1/links/"+linkID, "", "If-Match", `"2"`).Status)
	assert.Equal(t, http.StatusNoContent, f.do(http.MethodDelete, "/api/v1/links/"+linkID, "").Status)
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodDelete, "/api/v1/links/"+linkID, "").Status)

	// A hard delete never leaves a link or tagging behind (the linkable trigger), and the check finds forged orphans.
	ctx := testkit.AsAdmin(f.org)
	require.NoError(t, f.s.DB.Tx(ctx, func(tx *gorm.DB) error { return tx.Exec("DELETE FROM assets WHERE id = ?", a).Error }))
	assert.Zero(t, f.count("SELECT count(*) FROM links WHERE source_id = $1 OR target_id = $1", a))
	orphans, total, err := f.s.App.Links.Check(context.Background())
	require.NoError(t, err)
	assert.Empty(t, orphans)
	assert.Zero(t, total)
	_, err = f.s.DB.Pool.Exec(context.Background(), `INSERT INTO links (id, organization_id, source_type, source_id, target_type, target_id, relation)
		VALUES (gen_random_uuid(), $1, 'asset', $2, 'location', $3, 'related_to')`, f.org, uuid.New(), loc)
	require.NoError(t, err)
	orphans, _, err = f.s.App.Links.Check(context.Background())
	require.NoError(t, err)
	require.Len(t, orphans, 1)
	assert.Equal(t, "source", orphans[0].Reference.End)
	assert.Equal(t, "asset", orphans[0].Type)
}

func TestMembersHoldingAssetsCannotBeArchivedAndWarrantyReminders(t *testing.T) {
	t.Parallel()
	f := setup(t)
	carol := f.member("carol@acme.example")
	soon := time.Now().UTC().AddDate(0, 0, 30).Format(time.DateOnly)
	// Bought 24 months before "soon", with a 24-month warranty: it ends in 30 days.
	bought := time.Now().UTC().AddDate(0, 0, 30).AddDate(-2, 0, 0).Format(time.DateOnly)
	id := f.create("/api/v1/assets", fmt.Sprintf(`{"name":"Carol's phone","asset_tag":"PH-9","purchase_date":%q,"warranty_months":24}`, bought))
	assert.Equal(t, soon, f.do(http.MethodGet, "/api/v1/assets/"+id, "").Body["warranty_end"])
	require.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/assets/"+id+"/check-out", fmt.Sprintf(`{"user_id":%q}`, carol)).Status)

	r := f.do(http.MethodPost, "/api/v1/members/"+carol+"/archive", "")
	assert.Equal(t, http.StatusConflict, r.Status, r.Raw)
	assert.Contains(t, r.Raw, "1 asset")
	require.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/assets/"+id+"/check-in", `{}`).Status)

	// The daily expiry scan reminds about the warranty 30 days ahead (default offsets), to the roles chosen.
	var employeeRole string
	require.NoError(t, f.s.DB.Pool.QueryRow(context.Background(), "SELECT id::text FROM roles WHERE organization_id = $1 AND builtin_key = 'employee'", f.org).Scan(&employeeRole))
	p := f.do(http.MethodPut, "/api/v1/notification-settings/assets.warranty_ending", `{"enabled":true,"channels":["in_app"],"recipient_role_ids":["`+employeeRole+`"]}`, "If-Match", `"0"`)
	require.Equal(t, http.StatusOK, p.Status, p.Raw)
	ctx := reqctx.WithPrincipal(context.Background(), &reqctx.Principal{ID: "job:1", Kind: reqctx.KindSystem, OrganizationID: f.org})
	n, err := f.s.App.Notify.ScanExpiries(ctx, time.Now().UTC())
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Equal(t, 1, f.count("SELECT count(*) FROM notifications WHERE event = 'assets.warranty_ending' AND title LIKE 'Carol''s phone (PH-9) is due in 30 days'"))
}
