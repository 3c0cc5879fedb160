package inventory_test

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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

func (f fixture) create(path, body string) string {
	f.t.Helper()
	r := f.do(http.MethodPost, path, body)
	require.Equal(f.t, http.StatusCreated, r.Status, path+": "+r.Raw)
	return r.Body["id"].(string)
}

func (f fixture) count(sql string, args ...any) int {
	f.t.Helper()
	var n int
	require.NoError(f.t, f.s.DB.Pool.QueryRow(context.Background(), sql, args...).Scan(&n))
	return n
}

// fleet is two sites with assets: hq has 3 active physical assets (one checked out), an archived one and a virtual
// one; dc has 2 physical assets; one asset has no location.
type fleet struct {
	hq, dc, hqArchivedLoc                      string
	laptop, phone, monitor, archived, virtualA string
	server, switchA, nowhere                   string
}

func (f fixture) fleet() fleet {
	var x fleet
	x.hq = f.create("/api/v1/locations", `{"name":"Brussels HQ"}`)
	x.dc = f.create("/api/v1/locations", `{"name":"Antwerp DC"}`)
	x.hqArchivedLoc = f.create("/api/v1/locations", `{"name":"Old site"}`)
	require.Equal(f.t, http.StatusOK, f.do(http.MethodPost, "/api/v1/locations/"+x.hqArchivedLoc+"/archive", "").Status)
	asset := func(body string) string { return f.create("/api/v1/assets", body) }
	x.laptop = asset(fmt.Sprintf(`{"name":"Laptop Alice","asset_tag":"AC-0001","serial":"SN-LAP-1","location_id":%q}`, x.hq))
	x.phone = asset(fmt.Sprintf(`{"name":"Phone Bob","asset_tag":"AC-0002","serial":"SN-PH-2","location_id":%q}`, x.hq))
	x.monitor = asset(fmt.Sprintf(`{"name":"Monitor 27","asset_tag":"AC-0003","location_id":%q}`, x.hq))
	x.archived = asset(fmt.Sprintf(`{"name":"Old laptop","asset_tag":"AC-0009","location_id":%q}`, x.hq))
	require.Equal(f.t, http.StatusOK, f.do(http.MethodPost, "/api/v1/assets/"+x.archived+"/archive", "").Status)
	x.virtualA = asset(fmt.Sprintf(`{"name":"VM build agent","virtual":true,"location_id":%q}`, x.hq))
	x.server = asset(fmt.Sprintf(`{"name":"Server R760","asset_tag":"DC-0001","serial":"SRV-1","location_id":%q}`, x.dc))
	x.switchA = asset(fmt.Sprintf(`{"name":"Switch core","asset_tag":"DC-0002","location_id":%q}`, x.dc))
	x.nowhere = asset(`{"name":"Spare charger"}`)
	// The laptop is checked out to the admin (a member) so the holder shows.
	return x
}

func ids(items []map[string]any) []string {
	out := []string{}
	for _, it := range items {
		out = append(out, it["asset_id"].(string))
	}
	sort.Strings(out)
	return out
}

func sorted(v ...string) []string { sort.Strings(v); return v }

func TestSnapshotScopeAndCounts(t *testing.T) {
	t.Parallel()
	f := setup(t)
	x := f.fleet()

	// Whole organisation: every active, physical asset, wherever it is (or nowhere).
	r := f.do(http.MethodPost, "/api/v1/inventory-campaigns", `{"name":" Year-end 2026 ","due_on":"2026-12-31","notes":"All sites"}`)
	require.Equal(t, http.StatusCreated, r.Status, r.Raw)
	all := r.Body["id"].(string)
	assert.Equal(t, "Year-end 2026", r.Body["name"], "trimmed")
	assert.Equal(t, "open", r.Body["status"])
	assert.EqualValues(t, 6, r.Body["total"])
	assert.EqualValues(t, 6, r.Body["pending"])
	assert.EqualValues(t, 0, r.Body["verified"])
	assert.Nil(t, r.Body["location_id"])
	assert.Nil(t, r.Body["completed_at"])
	assert.Equal(t, "Test user", r.Body["created_by_name"])
	assert.Equal(t, "2026-12-31", r.Body["due_on"])
	items := f.do(http.MethodGet, "/api/v1/inventory-campaigns/"+all+"/items?limit=200", "")
	require.Equal(t, http.StatusOK, items.Status, items.Raw)
	assert.Equal(t, sorted(x.laptop, x.phone, x.monitor, x.server, x.switchA, x.nowhere), ids(items.Items()),
		"archived and virtual assets are excluded")
	assert.Equal(t, f.admin.ID, func() string {
		var s string
		require.NoError(t, f.s.DB.Pool.QueryRow(context.Background(), "SELECT created_by FROM inventory_campaigns WHERE id = $1", all).Scan(&s))
		return s
	}())

	// The creation is audited (the campaign's fields) with the size of the snapshot.
	assert.Equal(t, 1, f.count(`SELECT count(*) FROM audit_events WHERE entity_type = 'inventory_campaign' AND entity_id = $1
		AND action = 'create'`, all))
	assert.Equal(t, 1, f.count(`SELECT count(*) FROM audit_events WHERE entity_id = $1 AND action = 'snapshot'
		AND changes->>'assets' = '6'`, all))

	// One site: only its assets, expected there.
	site := f.do(http.MethodPost, "/api/v1/inventory-campaigns", fmt.Sprintf(`{"name":"HQ spot check","location_id":%q}`, x.hq))
	require.Equal(t, http.StatusCreated, site.Status, site.Raw)
	hq := site.Body["id"].(string)
	assert.Equal(t, "Brussels HQ", site.Body["location_name"])
	assert.EqualValues(t, 3, site.Body["total"])
	items = f.do(http.MethodGet, "/api/v1/inventory-campaigns/"+hq+"/items", "")
	assert.Equal(t, sorted(x.laptop, x.phone, x.monitor), ids(items.Items()))
	first := items.Items()[0]
	assert.Equal(t, "Laptop Alice", first["asset_name"], "sorted by asset name")
	assert.Equal(t, "AC-0001", first["asset_tag"])
	assert.Equal(t, "SN-LAP-1", first["serial"])
	assert.Equal(t, "Brussels HQ", first["location_name"], "expected place")
	assert.Equal(t, "pending", first["result"])
	assert.Nil(t, first["checked_at"])

	// The snapshot is fixed: an asset added later is not in the campaign; moving an asset keeps the expected place.
	f.create("/api/v1/assets", fmt.Sprintf(`{"name":"Late laptop","location_id":%q}`, x.hq))
	assert.EqualValues(t, 3, f.do(http.MethodGet, "/api/v1/inventory-campaigns/"+hq, "").Body["total"])
	moved := f.do(http.MethodPatch, "/api/v1/assets/"+x.monitor, fmt.Sprintf(`{"location_id":%q}`, x.dc))
	require.Equal(t, http.StatusOK, moved.Status, moved.Raw)
	assert.Equal(t, "Brussels HQ", f.do(http.MethodGet, "/api/v1/inventory-campaigns/"+hq+"/items?q=monitor", "").Items()[0]["location_name"],
		"expected where it was when the campaign opened")

	// Zero assets at a site: allowed.
	empty := f.create("/api/v1/locations", `{"name":"Empty site"}`)
	e := f.do(http.MethodPost, "/api/v1/inventory-campaigns", fmt.Sprintf(`{"name":"Empty","location_id":%q}`, empty))
	require.Equal(t, http.StatusCreated, e.Status, e.Raw)
	assert.EqualValues(t, 0, e.Body["total"])

	// Validation: archived or unknown location, blank name — all errors at once.
	before := f.count("SELECT count(*) FROM inventory_campaigns")
	bad := f.do(http.MethodPost, "/api/v1/inventory-campaigns", fmt.Sprintf(`{"name":"  ","location_id":%q}`, x.hqArchivedLoc))
	assert.Equal(t, http.StatusUnprocessableEntity, bad.Status, bad.Raw)
	assert.Contains(t, bad.Raw, `"field":"name"`)
	assert.Contains(t, bad.Raw, `"field":"location_id"`)
	bad = f.do(http.MethodPost, "/api/v1/inventory-campaigns", fmt.Sprintf(`{"name":"x","location_id":%q}`, uuid.NewString()))
	assert.Equal(t, http.StatusUnprocessableEntity, bad.Status, bad.Raw)
	assert.Equal(t, before, f.count("SELECT count(*) FROM inventory_campaigns"), "nothing written")
	assert.Equal(t, http.StatusBadRequest, f.do(http.MethodPost, "/api/v1/inventory-campaigns", `{"name":"x","status":"completed"}`).Status)

	// Lists: filters, sorts and counts.
	list := f.do(http.MethodGet, "/api/v1/inventory-campaigns?sort=name", "")
	require.Equal(t, http.StatusOK, list.Status, list.Raw)
	assert.EqualValues(t, 3, list.Body["total"])
	names := []string{}
	for _, c := range list.Items() {
		names = append(names, c["name"].(string))
	}
	assert.Equal(t, []string{"Empty", "HQ spot check", "Year-end 2026"}, names)
	assert.EqualValues(t, 3, list.Items()[1]["pending"], "counts in lists")
	assert.EqualValues(t, 1, f.do(http.MethodGet, "/api/v1/inventory-campaigns?q=spot", "").Body["total"])
	assert.EqualValues(t, 0, f.do(http.MethodGet, "/api/v1/inventory-campaigns?status=completed", "").Body["total"])
	due := f.do(http.MethodGet, "/api/v1/inventory-campaigns?sort=due_on&limit=1", "")
	assert.Equal(t, "Year-end 2026", due.Items()[0]["name"], "dated first, undated last")
	next := due.Body["next_cursor"].(string)
	due2 := f.do(http.MethodGet, "/api/v1/inventory-campaigns?sort=due_on&limit=1&cursor="+next, "")
	require.Equal(t, http.StatusOK, due2.Status, due2.Raw)
	assert.NotEqual(t, "Year-end 2026", due2.Items()[0]["name"])

	// Items: search over name, tag and serial; result filter; keyset pages.
	assert.EqualValues(t, 1, f.do(http.MethodGet, "/api/v1/inventory-campaigns/"+all+"/items?q=srv-1", "").Body["total"], "serial")
	assert.EqualValues(t, 2, f.do(http.MethodGet, "/api/v1/inventory-campaigns/"+all+"/items?q=DC-", "").Body["total"], "tag")
	assert.EqualValues(t, 1, f.do(http.MethodGet, "/api/v1/inventory-campaigns/"+all+"/items?q=charger", "").Body["total"], "name")
	var seen []string
	cursor := ""
	for {
		p := "/api/v1/inventory-campaigns/" + all + "/items?limit=4&sort=-asset_name"
		if cursor != "" {
			p += "&cursor=" + cursor
		}
		pg := f.do(http.MethodGet, p, "")
		require.Equal(t, http.StatusOK, pg.Status, pg.Raw)
		for _, it := range pg.Items() {
			seen = append(seen, it["asset_name"].(string))
		}
		n, _ := pg.Body["next_cursor"].(string)
		if n == "" {
			break
		}
		cursor = n
	}
	assert.Equal(t, []string{"Switch core", "Spare charger", "Server R760", "Phone Bob", "Monitor 27", "Laptop Alice"}, seen)
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodGet, "/api/v1/inventory-campaigns/"+uuid.NewString()+"/items", "").Status)
}

func TestCheckCompleteAndReadOnly(t *testing.T) {
	t.Parallel()
	f := setup(t)
	x := f.fleet()
	id := f.create("/api/v1/inventory-campaigns", fmt.Sprintf(`{"name":"HQ Q4","location_id":%q}`, x.hq))
	base := "/api/v1/inventory-campaigns/" + id

	// Verify one, flag one (note required), correct a result.
	v := f.do(http.MethodPost, base+"/items/"+x.laptop, `{"result":"verified"}`)
	require.Equal(t, http.StatusOK, v.Status, v.Raw)
	assert.Equal(t, "verified", v.Body["result"])
	assert.NotNil(t, v.Body["checked_at"])
	assert.Equal(t, "Test user", v.Body["checked_by_name"])
	assert.Equal(t, "Laptop Alice", v.Body["asset_name"])

	noNote := f.do(http.MethodPost, base+"/items/"+x.phone, `{"result":"flagged","note":"   "}`)
	assert.Equal(t, http.StatusUnprocessableEntity, noNote.Status, noNote.Raw)
	assert.Contains(t, noNote.Raw, `"field":"note"`)
	assert.Equal(t, 0, f.count("SELECT count(*) FROM inventory_items WHERE asset_id = $1 AND result <> 'pending'", x.phone))
	assert.Equal(t, http.StatusBadRequest, f.do(http.MethodPost, base+"/items/"+x.phone, `{"result":"missing"}`).Status)

	fl := f.do(http.MethodPost, base+"/items/"+x.phone, `{"result":"flagged","note":"found in meeting room 2.14"}`)
	require.Equal(t, http.StatusOK, fl.Status, fl.Raw)
	assert.Equal(t, "flagged", fl.Body["result"])
	assert.Equal(t, "found in meeting room 2.14", fl.Body["note"])
	// Corrected: flagged → verified (the note is what was sent: none).
	fix := f.do(http.MethodPost, base+"/items/"+x.phone, `{"result":"verified"}`)
	require.Equal(t, http.StatusOK, fix.Status, fix.Raw)
	assert.Equal(t, "verified", fix.Body["result"])
	assert.Equal(t, "", fix.Body["note"])
	fl = f.do(http.MethodPost, base+"/items/"+x.phone, `{"result":"flagged","note":"screen cracked"}`)
	require.Equal(t, http.StatusOK, fl.Status, fl.Raw)

	// Assets outside the campaign, unknown campaigns.
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodPost, base+"/items/"+x.server, `{"result":"verified"}`).Status, "other site")
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodPost, base+"/items/"+x.virtualA, `{"result":"verified"}`).Status, "virtual")
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodPost, "/api/v1/inventory-campaigns/"+uuid.NewString()+"/items/"+x.laptop, `{"result":"verified"}`).Status)

	// Counts and result filter.
	c := f.do(http.MethodGet, base, "")
	require.Equal(t, http.StatusOK, c.Status)
	assert.EqualValues(t, 3, c.Body["total"])
	assert.EqualValues(t, 1, c.Body["verified"])
	assert.EqualValues(t, 1, c.Body["flagged"])
	assert.EqualValues(t, 1, c.Body["pending"])
	flagged := f.do(http.MethodGet, base+"/items?result=flagged&result=verified", "")
	assert.Equal(t, sorted(x.laptop, x.phone), ids(flagged.Items()))
	byTime := f.do(http.MethodGet, base+"/items?sort=-checked_at", "")
	assert.Equal(t, x.phone, byTime.Items()[0]["asset_id"], "last checked first")
	assert.Equal(t, x.monitor, byTime.Items()[2]["asset_id"], "never checked last")

	// Audit: each check is an entry on the campaign with the asset and result.
	assert.Equal(t, 4, f.count(`SELECT count(*) FROM audit_events WHERE entity_type = 'inventory_campaign' AND entity_id = $1
		AND action = 'check'`, id))
	var changes string
	require.NoError(t, f.s.DB.Pool.QueryRow(context.Background(), `SELECT changes::text FROM audit_events WHERE entity_id = $1
		AND action = 'check' ORDER BY seq DESC NULLS FIRST, occurred_at DESC LIMIT 1`, id).Scan(&changes))
	assert.Contains(t, changes, x.phone)
	assert.Contains(t, changes, `"result": ["verified", "flagged"]`)
	assert.Contains(t, changes, "screen cracked")

	// Edits: If-Match honoured; a stale one changes nothing.
	etag := c.Header.Get("ETag")
	p := f.do(http.MethodPatch, base, `{"name":"HQ Q4 2026","due_on":"2026-12-15","notes":"Bring the scanner"}`, "If-Match", etag)
	require.Equal(t, http.StatusOK, p.Status, p.Raw)
	assert.Equal(t, "HQ Q4 2026", p.Body["name"])
	assert.Equal(t, `"2"`, p.Header.Get("ETag"))
	assert.Equal(t, http.StatusPreconditionFailed, f.do(http.MethodPatch, base, `{"name":"Stale"}`, "If-Match", etag).Status)
	assert.Equal(t, http.StatusUnprocessableEntity, f.do(http.MethodPatch, base, `{"name":"   "}`).Status)
	p = f.do(http.MethodPatch, base, `{"due_on":null}`)
	require.Equal(t, http.StatusOK, p.Status, p.Raw)
	assert.Nil(t, p.Body["due_on"])
	assert.Equal(t, "HQ Q4 2026", p.Body["name"])

	// Complete: stale If-Match refused and nothing changes.
	assert.Equal(t, http.StatusPreconditionFailed, f.do(http.MethodPost, base+"/complete", "", "If-Match", etag).Status)
	assert.Equal(t, 1, f.count("SELECT count(*) FROM inventory_items WHERE campaign_id = $1 AND result = 'pending'", id))
	cur := f.do(http.MethodGet, base, "")
	done := f.do(http.MethodPost, base+"/complete", "", "If-Match", cur.Header.Get("ETag"))
	require.Equal(t, http.StatusOK, done.Status, done.Raw)
	assert.Equal(t, "completed", done.Body["status"])
	assert.NotNil(t, done.Body["completed_at"])
	assert.Equal(t, "Test user", done.Body["completed_by_name"])
	assert.Equal(t, 1, f.count("SELECT count(*) FROM inventory_campaigns WHERE id = $1 AND completed_by = $2", id, f.admin.ID),
		"the person who completed it is kept by id too (compliance evidence)")
	assert.EqualValues(t, 0, done.Body["pending"])
	assert.EqualValues(t, 1, done.Body["missing"])
	assert.EqualValues(t, 1, done.Body["verified"])
	assert.EqualValues(t, 1, done.Body["flagged"])
	missing := f.do(http.MethodGet, base+"/items?result=missing", "")
	require.Len(t, missing.Items(), 1)
	assert.Equal(t, x.monitor, missing.Items()[0]["asset_id"])
	assert.Nil(t, missing.Items()[0]["checked_at"], "missing: never seen")
	assert.EqualValues(t, 1, f.do(http.MethodGet, "/api/v1/inventory-campaigns?status=completed", "").Body["total"])
	require.NoError(t, f.s.DB.Pool.QueryRow(context.Background(), `SELECT changes::text FROM audit_events WHERE entity_id = $1
		AND action = 'update' ORDER BY occurred_at DESC LIMIT 1`, id).Scan(&changes))
	assert.Contains(t, changes, `"status": ["open", "completed"]`)
	assert.Contains(t, changes, "completed_by_name")
	assert.Equal(t, 1, f.count(`SELECT count(*) FROM audit_events WHERE entity_id = $1 AND action = 'complete'
		AND changes->>'missing' = '1' AND changes->>'marked_missing' = '1'`, id))

	// Read-only once completed.
	assert.Equal(t, http.StatusConflict, f.do(http.MethodPost, base+"/complete", "").Status)
	assert.Equal(t, http.StatusConflict, f.do(http.MethodPatch, base, `{"name":"Changed"}`).Status)
	assert.Equal(t, http.StatusConflict, f.do(http.MethodPost, base+"/items/"+x.monitor, `{"result":"verified"}`).Status)
	assert.Equal(t, "missing", f.do(http.MethodGet, base+"/items?q=monitor", "").Items()[0]["result"])

	// Archive and restore: archived campaigns leave lists, refuse checks and completion.
	open := f.create("/api/v1/inventory-campaigns", fmt.Sprintf(`{"name":"DC","location_id":%q}`, x.dc))
	ar := f.do(http.MethodPost, "/api/v1/inventory-campaigns/"+open+"/archive", "")
	require.Equal(t, http.StatusOK, ar.Status, ar.Raw)
	assert.NotNil(t, ar.Body["archived_at"])
	assert.Equal(t, http.StatusConflict, f.do(http.MethodPost, "/api/v1/inventory-campaigns/"+open+"/items/"+x.server, `{"result":"verified"}`).Status)
	assert.Equal(t, http.StatusConflict, f.do(http.MethodPost, "/api/v1/inventory-campaigns/"+open+"/complete", "").Status)
	assert.Equal(t, http.StatusConflict, f.do(http.MethodPatch, "/api/v1/inventory-campaigns/"+open, `{"name":"x"}`).Status)
	assert.EqualValues(t, 1, f.do(http.MethodGet, "/api/v1/inventory-campaigns", "").Body["total"])
	assert.EqualValues(t, 2, f.do(http.MethodGet, "/api/v1/inventory-campaigns?include_archived=true", "").Body["total"])
	require.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/inventory-campaigns/"+open+"/restore", "").Status)
	assert.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/inventory-campaigns/"+open+"/items/"+x.server, `{"result":"verified"}`).Status)

	// Viewers read but cannot write.
	viewer := testkit.ViewerOf(f.org)
	assert.Equal(t, http.StatusOK, f.s.Call(t, viewer, http.MethodGet, base, "").Status)
	assert.Equal(t, http.StatusOK, f.s.Call(t, viewer, http.MethodGet, base+"/items", "").Status)
	for _, c := range [][3]string{
		{http.MethodPost, "/api/v1/inventory-campaigns", `{"name":"x"}`},
		{http.MethodPatch, "/api/v1/inventory-campaigns/" + open, `{"name":"x"}`},
		{http.MethodPost, "/api/v1/inventory-campaigns/" + open + "/items/" + x.switchA, `{"result":"verified"}`},
		{http.MethodPost, "/api/v1/inventory-campaigns/" + open + "/complete", ""},
		{http.MethodPost, "/api/v1/inventory-campaigns/" + open + "/archive", ""},
		{http.MethodPost, "/api/v1/inventory-campaigns/" + open + "/restore", ""},
	} {
		assert.Equal(t, http.StatusForbidden, f.s.Call(t, viewer, c[0], c[1], c[2]).Status, c[0]+" "+c[1])
	}
	assert.Equal(t, "pending", f.do(http.MethodGet, "/api/v1/inventory-campaigns/"+open+"/items?q=switch", "").Items()[0]["result"])
}

func TestOtherOrganisation(t *testing.T) {
	t.Parallel()
	f := setup(t)
	x := f.fleet()
	id := f.create("/api/v1/inventory-campaigns", fmt.Sprintf(`{"name":"A secret campaign","location_id":%q}`, x.hq))
	other := f.s.Organization("Other Org")
	b := testkit.AdminOf(other.ID)
	for _, c := range [][3]string{
		{http.MethodGet, "/api/v1/inventory-campaigns/" + id, ""},
		{http.MethodGet, "/api/v1/inventory-campaigns/" + id + "/items", ""},
		{http.MethodPatch, "/api/v1/inventory-campaigns/" + id, `{"name":"x"}`},
		{http.MethodPost, "/api/v1/inventory-campaigns/" + id + "/items/" + x.laptop, `{"result":"verified"}`},
		{http.MethodPost, "/api/v1/inventory-campaigns/" + id + "/complete", ""},
		{http.MethodPost, "/api/v1/inventory-campaigns/" + id + "/archive", ""},
		{http.MethodPost, "/api/v1/inventory-campaigns/" + id + "/restore", ""},
	} {
		assert.Equal(t, http.StatusNotFound, f.s.Call(t, b, c[0], c[1], c[2]).Status, c[0]+" "+c[1])
	}
	// B's campaign over A's location is refused; B's whole-organisation campaign holds none of A's assets.
	r := f.s.Call(t, b, http.MethodPost, "/api/v1/inventory-campaigns", fmt.Sprintf(`{"name":"B","location_id":%q}`, x.hq))
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status, r.Raw)
	r = f.s.Call(t, b, http.MethodPost, "/api/v1/inventory-campaigns", `{"name":"B all"}`)
	require.Equal(t, http.StatusCreated, r.Status, r.Raw)
	assert.EqualValues(t, 0, r.Body["total"])
	assert.EqualValues(t, 1, f.s.Call(t, b, http.MethodGet, "/api/v1/inventory-campaigns?include_archived=true", "").Body["total"])
	assert.Equal(t, "pending", f.do(http.MethodGet, "/api/v1/inventory-campaigns/"+id+"/items?q=laptop", "").Items()[0]["result"])
}
