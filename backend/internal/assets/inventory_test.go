package assets_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/testkit"
)

func kinds(items []any) []string {
	out := []string{}
	for _, it := range items {
		out = append(out, it.(map[string]any)["kind"].(string))
	}
	return out
}

func summaries(items []any) string {
	out := []string{}
	for _, it := range items {
		out = append(out, it.(map[string]any)["summary"].(string))
	}
	return strings.Join(out, "\n")
}

func TestPeripheralsShareTheLifecycleAndFollowTheirAsset(t *testing.T) {
	t.Parallel()
	f := setup(t)
	hq := f.create("/api/v1/locations", `{"name":"HQ"}`)
	logi := f.create("/api/v1/brands", `{"name":"Logitech"}`)
	model := f.create("/api/v1/asset-models", fmt.Sprintf(`{"brand_id":%q,"name":"MX Keys","category":"peripheral"}`, logi))
	laptop := f.create("/api/v1/assets", `{"name":"Laptop","asset_tag":"AC-1"}`)
	bob := f.member("bob@acme.example")

	r := f.do(http.MethodPost, "/api/v1/peripherals", fmt.Sprintf(`{"name":"Keyboard","serial":"KB-1","model_id":%q,"location_id":%q,
		"purchase_date":"2025-01-10","cost":"99","currency":"EUR","warranty_months":24}`, model, hq))
	require.Equal(t, http.StatusCreated, r.Status, r.Raw)
	kb := r.Body["id"].(string)
	assert.Equal(t, "in_stock", r.Body["status"])
	assert.Equal(t, "EUR", r.Body["currency"])
	assert.Equal(t, "2027-01-10", r.Body["warranty_end"])
	assert.Equal(t, "Logitech", r.Body["brand_name"])
	assert.Equal(t, "HQ", r.Body["location_name"])

	// Every field error at once; nothing written.
	before := f.count("SELECT count(*) FROM peripherals")
	bad := f.do(http.MethodPost, "/api/v1/peripherals", fmt.Sprintf(`{"name":"  ","cost":"9","model_id":%q,"asset_id":%q,"warranty_months":12}`,
		uuid.NewString(), uuid.NewString()))
	require.Equal(t, http.StatusUnprocessableEntity, bad.Status, bad.Raw)
	for _, field := range []string{"name", "currency", "model_id", "asset_id"} {
		assert.Contains(t, bad.Raw, `"field":"`+field+`"`)
	}
	dup := f.do(http.MethodPost, "/api/v1/peripherals", `{"name":"Other","serial":"kb-1"}`)
	assert.Equal(t, http.StatusConflict, dup.Status, dup.Raw)
	assert.Equal(t, before, f.count("SELECT count(*) FROM peripherals"))

	// Checked out on its own, like an asset.
	out := f.do(http.MethodPost, "/api/v1/peripherals/"+kb+"/check-out", fmt.Sprintf(`{"user_id":%q,"remote":true}`, bob))
	require.Equal(t, http.StatusOK, out.Status, out.Raw)
	assert.Equal(t, "in_use", out.Body["status"])
	assert.Equal(t, "bob", out.Body["holder_name"])
	again := f.do(http.MethodPost, "/api/v1/peripherals/"+kb+"/check-out", fmt.Sprintf(`{"user_id":%q}`, bob))
	assert.Equal(t, http.StatusConflict, again.Status)
	assert.Contains(t, again.Raw, "already checked out to bob")
	// Attaching a peripheral someone holds is refused; archiving one in use too.
	att := f.do(http.MethodPatch, "/api/v1/peripherals/"+kb, fmt.Sprintf(`{"asset_id":%q}`, laptop))
	assert.Equal(t, http.StatusUnprocessableEntity, att.Status, att.Raw)
	assert.Contains(t, att.Raw, "check it in before attaching")
	assert.Equal(t, http.StatusConflict, f.do(http.MethodPost, "/api/v1/peripherals/"+kb+"/archive", "").Status)
	require.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/peripherals/"+kb+"/check-in", `{"note":"back"}`).Status)

	// Attached to the laptop it follows it: no check-out of its own.
	cur := f.do(http.MethodGet, "/api/v1/peripherals/"+kb, "")
	stale := f.do(http.MethodPatch, "/api/v1/peripherals/"+kb, fmt.Sprintf(`{"asset_id":%q}`, laptop), "If-Match", `"1"`)
	assert.Equal(t, http.StatusPreconditionFailed, stale.Status)
	att = f.do(http.MethodPatch, "/api/v1/peripherals/"+kb, fmt.Sprintf(`{"asset_id":%q}`, laptop), "If-Match", cur.Header.Get("ETag"))
	require.Equal(t, http.StatusOK, att.Status, att.Raw)
	assert.Equal(t, "Laptop (AC-1)", att.Body["asset_name"])
	co := f.do(http.MethodPost, "/api/v1/peripherals/"+kb+"/check-out", fmt.Sprintf(`{"user_id":%q}`, bob))
	assert.Equal(t, http.StatusConflict, co.Status)
	assert.Contains(t, co.Raw, "attached to Laptop")
	tr := f.do(http.MethodPost, "/api/v1/peripherals/"+kb+"/transition", `{"status":"sold"}`)
	assert.Equal(t, http.StatusConflict, tr.Status)
	assert.Contains(t, tr.Raw, "record its disposal")

	// Lists filter by the asset it is attached to and by status; the custody log covers peripherals.
	l := f.do(http.MethodGet, "/api/v1/peripherals?asset_id="+laptop, "")
	require.Equal(t, http.StatusOK, l.Status, l.Raw)
	assert.EqualValues(t, 1, l.Body["total"])
	l = f.do(http.MethodGet, "/api/v1/peripherals?status=in_use", "")
	assert.EqualValues(t, 0, l.Body["total"])
	assert.Equal(t, 2, f.count("SELECT count(*) FROM asset_custody WHERE peripheral_id = $1", kb))
	assert.Equal(t, http.StatusBadRequest, f.do(http.MethodGet, "/api/v1/peripherals?sort=colour", "").Status)

	// The timeline: creation, custody, the attachment change.
	tl := f.do(http.MethodGet, "/api/v1/peripherals/"+kb+"/timeline?sort=at", "")
	require.Equal(t, http.StatusOK, tl.Status, tl.Raw)
	assert.Equal(t, []string{"created", "changed", "check_out", "changed", "check_in", "changed"}, kinds(tl.Body["items"].([]any)))
	assert.Contains(t, summaries(tl.Body["items"].([]any)), "Checked out to bob (remote)")
	// The diffs name the people and places, and leave bookkeeping out.
	created := tl.Body["items"].([]any)[0].(map[string]any)["changes"].(map[string]any)
	assert.NotContains(t, created, "organization_id")
	assert.NotContains(t, created, "id")
	assert.Equal(t, []any{nil, "HQ"}, created["location_id"])
	out2 := tl.Body["items"].([]any)[1].(map[string]any)["changes"].(map[string]any)
	assert.Equal(t, []any{nil, "bob"}, out2["holder_id"])

	// A viewer reads but cannot change; an unknown peripheral is a 404.
	viewer := testkit.ViewerOf(f.org)
	assert.Equal(t, http.StatusOK, f.s.Call(t, viewer, http.MethodGet, "/api/v1/peripherals/"+kb, "").Status)
	assert.Equal(t, http.StatusForbidden, f.s.Call(t, viewer, http.MethodPost, "/api/v1/peripherals", `{"name":"x"}`).Status)
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodGet, "/api/v1/peripherals/"+uuid.NewString(), "").Status)
}

func TestMaintenanceLogsAndTheErasureRegister(t *testing.T) {
	t.Parallel()
	f := setup(t)
	laptop := f.create("/api/v1/assets", `{"name":"Laptop","asset_tag":"AC-2"}`)
	screen := f.create("/api/v1/peripherals", `{"name":"Screen"}`)
	tech := f.member("tech@acme.example")

	r := f.do(http.MethodPost, "/api/v1/maintenance-logs", fmt.Sprintf(`{"asset_id":%q,"type":"repair","title":"Replace battery",
		"assignee_id":%q,"performed_on":"2026-10-01","ticket_url":"https://desk.example/T-42","cost":"120.50","currency":"EUR"}`, laptop, tech))
	require.Equal(t, http.StatusCreated, r.Status, r.Raw)
	repair := r.Body["id"].(string)
	assert.Equal(t, "done", r.Body["status"], "a log records work done unless told otherwise")
	assert.Equal(t, "Laptop (AC-2)", r.Body["item_name"])
	assert.Equal(t, "tech", r.Body["assignee_name"])
	assert.Nil(t, r.Body["erasure_method"])

	// Bad input: every error at once, nothing written.
	before := f.count("SELECT count(*) FROM maintenance_logs")
	for body, fields := range map[string][]string{
		fmt.Sprintf(`{"asset_id":%q,"peripheral_id":%q,"type":"repair","title":"x","performed_on":"2026-10-01"}`, laptop, screen): {"asset_id"},
		`{"type":"repair","title":"x","performed_on":"2026-10-01"}`:                                                               {"asset_id"},
		fmt.Sprintf(`{"asset_id":%q,"type":"upgrade","title":" ","performed_on":"2026-10-01","ticket_url":"ftp://x","cost":"5","assignee_id":%q,"erasure_method":"purge"}`,
			laptop, uuid.NewString()): {"title", "ticket_url", "currency", "assignee_id", "erasure_method"},
		fmt.Sprintf(`{"peripheral_id":%q,"type":"data_erasure","title":"Wipe","performed_on":"2026-10-01"}`, screen):  {"erasure_method"},
		fmt.Sprintf(`{"peripheral_id":%q,"type":"repair","title":"x","performed_on":"2026-10-01"}`, uuid.NewString()): {"peripheral_id"},
	} {
		bad := f.do(http.MethodPost, "/api/v1/maintenance-logs", body)
		require.Equal(t, http.StatusUnprocessableEntity, bad.Status, bad.Raw)
		for _, field := range fields {
			assert.Contains(t, bad.Raw, `"field":"`+field+`"`, body)
		}
	}
	assert.Equal(t, http.StatusBadRequest, f.do(http.MethodPost, "/api/v1/maintenance-logs",
		fmt.Sprintf(`{"asset_id":%q,"type":"polish","title":"x","performed_on":"2026-10-01"}`, laptop)).Status, "unknown type: the contract refuses it")
	assert.Equal(t, before, f.count("SELECT count(*) FROM maintenance_logs"))

	// The erasure register: a scheduled erasure needs no method yet; done, it must say how.
	r = f.do(http.MethodPost, "/api/v1/maintenance-logs", fmt.Sprintf(`{"asset_id":%q,"type":"data_erasure","status":"scheduled",
		"title":"Wipe before disposal","performed_on":"2026-11-20"}`, laptop))
	require.Equal(t, http.StatusCreated, r.Status, r.Raw)
	wipe := r.Body["id"].(string)
	done := f.do(http.MethodPatch, "/api/v1/maintenance-logs/"+wipe, `{"status":"done"}`)
	assert.Equal(t, http.StatusUnprocessableEntity, done.Status)
	assert.Contains(t, done.Raw, `"field":"erasure_method"`)
	etag := f.do(http.MethodGet, "/api/v1/maintenance-logs/"+wipe, "").Header.Get("ETag")
	assert.Equal(t, http.StatusPreconditionFailed, f.do(http.MethodPatch, "/api/v1/maintenance-logs/"+wipe,
		`{"status":"done","erasure_method":"purge"}`, "If-Match", `"9"`).Status)
	done = f.do(http.MethodPatch, "/api/v1/maintenance-logs/"+wipe, `{"status":"done","erasure_method":"purge","erasure_verified_by":"Recycler NV"}`,
		"If-Match", etag)
	require.Equal(t, http.StatusOK, done.Status, done.Raw)
	assert.Equal(t, "purge", done.Body["erasure_method"])
	reg := f.do(http.MethodGet, "/api/v1/maintenance-logs?type=data_erasure", "")
	require.Equal(t, http.StatusOK, reg.Status, reg.Raw)
	assert.EqualValues(t, 1, reg.Body["total"])
	assert.Equal(t, wipe, reg.Body["items"].([]any)[0].(map[string]any)["id"])
	// Filters: item, assignee, dates, text; newest first by default.
	l := f.do(http.MethodGet, "/api/v1/maintenance-logs?asset_id="+laptop, "")
	assert.EqualValues(t, 2, l.Body["total"])
	assert.Equal(t, wipe, l.Body["items"].([]any)[0].(map[string]any)["id"])
	assert.EqualValues(t, 1, f.do(http.MethodGet, "/api/v1/maintenance-logs?assignee_id="+tech, "").Body["total"])
	assert.EqualValues(t, 1, f.do(http.MethodGet, "/api/v1/maintenance-logs?from=2026-11-01&to=2026-11-30", "").Body["total"])
	assert.EqualValues(t, 1, f.do(http.MethodGet, "/api/v1/maintenance-logs?q=battery", "").Body["total"])
	assert.EqualValues(t, 2, f.do(http.MethodGet, "/api/v1/maintenance-logs?q=AC-2", "").Body["total"])

	// Audited with a diff; archived logs leave the list and are read-only.
	assert.Equal(t, 1, f.count(`SELECT count(*) FROM audit_events WHERE entity_type = 'maintenance_log' AND entity_id = $1
		AND action = 'update' AND changes ? 'erasure_method'`, wipe))
	require.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/maintenance-logs/"+repair+"/archive", "").Status)
	assert.Equal(t, http.StatusConflict, f.do(http.MethodPatch, "/api/v1/maintenance-logs/"+repair, `{"title":"x"}`).Status)
	assert.EqualValues(t, 1, f.do(http.MethodGet, "/api/v1/maintenance-logs?asset_id="+laptop, "").Body["total"])

	// The asset's timeline shows the maintenance.
	tl := f.do(http.MethodGet, "/api/v1/assets/"+laptop+"/timeline", "")
	require.Equal(t, http.StatusOK, tl.Status, tl.Raw)
	assert.Contains(t, kinds(tl.Body["items"].([]any)), "maintenance")
	assert.Contains(t, summaries(tl.Body["items"].([]any)), "Data erasure (done): Wipe before disposal")
}

func TestDisposalArchivesTheItemAndCorrectionsKeepTheirReason(t *testing.T) {
	t.Parallel()
	f := setup(t)
	laptop := f.create("/api/v1/assets", `{"name":"Old laptop","asset_tag":"AC-3"}`)
	dock := f.create("/api/v1/peripherals", `{"name":"Dock","serial":"D-1"}`)
	carol := f.member("carol@acme.example")
	today := time.Now().UTC().Format(time.DateOnly)

	// An item checked out is not disposed of; nothing changes.
	require.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/assets/"+laptop+"/check-out", fmt.Sprintf(`{"user_id":%q}`, carol)).Status)
	r := f.do(http.MethodPost, "/api/v1/disposals", fmt.Sprintf(`{"asset_id":%q,"disposed_on":%q,"method":"recycled"}`, laptop, today))
	assert.Equal(t, http.StatusConflict, r.Status, r.Raw)
	assert.Contains(t, r.Raw, "check it in")
	assert.Equal(t, 0, f.count("SELECT count(*) FROM disposals"))
	require.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/assets/"+laptop+"/check-in", `{}`).Status)

	// Bad input.
	for body, field := range map[string]string{
		fmt.Sprintf(`{"asset_id":%q,"peripheral_id":%q,"disposed_on":%q,"method":"recycled"}`, laptop, dock, today):      "asset_id",
		fmt.Sprintf(`{"asset_id":%q,"disposed_on":"2999-01-01","method":"recycled"}`, laptop):                            "disposed_on",
		fmt.Sprintf(`{"asset_id":%q,"disposed_on":%q,"method":"recycled","price":"10","currency":"EUR"}`, laptop, today): "price",
		fmt.Sprintf(`{"asset_id":%q,"disposed_on":%q,"method":"sold","price":"10"}`, laptop, today):                      "currency",
		fmt.Sprintf(`{"asset_id":%q,"disposed_on":%q,"method":"recycled"}`, uuid.NewString(), today):                     "asset_id",
	} {
		bad := f.do(http.MethodPost, "/api/v1/disposals", body)
		require.Equal(t, http.StatusUnprocessableEntity, bad.Status, bad.Raw)
		assert.Contains(t, bad.Raw, `"field":"`+field+`"`, body)
	}
	assert.Equal(t, 0, f.count("SELECT count(*) FROM disposals"))

	// Recorded: the asset is disposed and archived, once.
	r = f.do(http.MethodPost, "/api/v1/disposals", fmt.Sprintf(`{"asset_id":%q,"disposed_on":%q,"method":"recycled",
		"partner_name":"GreenIT NV","certificate_number":"CERT-77"}`, laptop, today))
	require.Equal(t, http.StatusCreated, r.Status, r.Raw)
	disposal := r.Body["id"].(string)
	assert.Equal(t, "asset", r.Body["item_kind"])
	assert.Equal(t, "Old laptop (AC-3)", r.Body["item_name"])
	a := f.do(http.MethodGet, "/api/v1/assets/"+laptop, "")
	assert.Equal(t, "disposed", a.Body["status"])
	assert.NotNil(t, a.Body["archived_at"])
	again := f.do(http.MethodPost, "/api/v1/disposals", fmt.Sprintf(`{"asset_id":%q,"disposed_on":%q,"method":"sold","price":"5","currency":"EUR"}`, laptop, today))
	assert.Equal(t, http.StatusConflict, again.Status, again.Raw)
	assert.Contains(t, again.Raw, "already been disposed of")
	restore := f.do(http.MethodPost, "/api/v1/assets/"+laptop+"/restore", "")
	assert.Equal(t, http.StatusConflict, restore.Status)
	assert.Contains(t, restore.Raw, "stays archived")

	// Corrections need a reason, change something, and honour If-Match; each is kept with its reason.
	noReason := f.do(http.MethodPatch, "/api/v1/disposals/"+disposal, `{"partner_name":"Other"}`)
	assert.Equal(t, http.StatusUnprocessableEntity, noReason.Status)
	assert.Contains(t, noReason.Raw, `"field":"reason"`)
	same := f.do(http.MethodPatch, "/api/v1/disposals/"+disposal, `{"partner_name":"GreenIT NV","reason":"typo"}`)
	assert.Equal(t, http.StatusUnprocessableEntity, same.Status, "changes nothing")
	assert.Equal(t, http.StatusPreconditionFailed, f.do(http.MethodPatch, "/api/v1/disposals/"+disposal,
		`{"partner_name":"X","reason":"typo"}`, "If-Match", `"5"`).Status)
	fix := f.do(http.MethodPatch, "/api/v1/disposals/"+disposal, `{"method":"sold","price":"80.00","currency":"EUR","reason":"Sold to staff, not recycled"}`,
		"If-Match", `"1"`)
	require.Equal(t, http.StatusOK, fix.Status, fix.Raw)
	assert.Equal(t, "sold", fix.Body["method"])
	assert.Equal(t, "sold", f.do(http.MethodGet, "/api/v1/assets/"+laptop, "").Body["status"], "the item's status follows the method")
	h := f.do(http.MethodGet, "/api/v1/disposals/"+disposal+"/history", "")
	require.Equal(t, http.StatusOK, h.Status, h.Raw)
	items := h.Body["items"].([]any)
	require.Len(t, items, 1)
	change := items[0].(map[string]any)
	assert.Equal(t, "Sold to staff, not recycled", change["reason"])
	assert.Equal(t, []any{"recycled", "sold"}, change["changes"].(map[string]any)["method"])
	assert.Equal(t, []any{nil, "80.00"}, change["changes"].(map[string]any)["price"])

	// Peripherals too; the register filters by kind, method and text.
	r = f.do(http.MethodPost, "/api/v1/disposals", fmt.Sprintf(`{"peripheral_id":%q,"disposed_on":%q,"method":"destroyed"}`, dock, today))
	require.Equal(t, http.StatusCreated, r.Status, r.Raw)
	assert.Equal(t, "disposed", f.do(http.MethodGet, "/api/v1/peripherals/"+dock, "").Body["status"])
	assert.EqualValues(t, 2, f.do(http.MethodGet, "/api/v1/disposals", "").Body["total"])
	assert.EqualValues(t, 1, f.do(http.MethodGet, "/api/v1/disposals?item_kind=peripheral", "").Body["total"])
	assert.EqualValues(t, 1, f.do(http.MethodGet, "/api/v1/disposals?method=sold", "").Body["total"])
	assert.EqualValues(t, 1, f.do(http.MethodGet, "/api/v1/disposals?q=greenit", "").Body["total"])
	byItem := f.do(http.MethodGet, "/api/v1/disposals?asset_id="+laptop, "")
	require.EqualValues(t, 1, byItem.Body["total"], byItem.Raw)
	assert.Equal(t, disposal, byItem.Body["items"].([]any)[0].(map[string]any)["id"])
	assert.EqualValues(t, 1, f.do(http.MethodGet, "/api/v1/disposals?peripheral_id="+dock, "").Body["total"])

	// The asset's timeline tells the story.
	tl := f.do(http.MethodGet, "/api/v1/assets/"+laptop+"/timeline", "")
	require.Equal(t, http.StatusOK, tl.Status, tl.Raw)
	assert.Contains(t, summaries(tl.Body["items"].([]any)), "Sold on "+today+" to GreenIT NV")
	viewer := testkit.ViewerOf(f.org)
	assert.Equal(t, http.StatusForbidden, f.s.Call(t, viewer, http.MethodPatch, "/api/v1/disposals/"+disposal, `{"notes":"x","reason":"y"}`).Status)
}
