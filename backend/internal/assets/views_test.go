package assets_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/testkit"
)

func TestTreeDashboardAndDepreciation(t *testing.T) {
	t.Parallel()
	f := setup(t)
	hq := f.create("/api/v1/locations", `{"name":"HQ"}`)
	dell := f.create("/api/v1/brands", `{"name":"Dell"}`)
	model := f.create("/api/v1/asset-models", fmt.Sprintf(`{"brand_id":%q,"name":"Latitude","category":"laptop"}`, dell))
	erin := f.member("erin@acme.example")
	now := time.Now().UTC()
	twoYearsAgo := now.AddDate(-2, 0, 0).Format(time.DateOnly)
	// A: 2 years old, 1000 EUR, 4 years of warranty left... at HQ, bought from Acme Supply, checked out remote to Erin.
	a := f.create("/api/v1/assets", fmt.Sprintf(`{"name":"A","model_id":%q,"location_id":%q,"purchase_date":%q,"cost":"1000.00",
		"currency":"EUR","warranty_months":25,"supplier_name":"Acme Supply"}`, model, hq, twoYearsAgo))
	require.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/assets/"+a+"/check-out", fmt.Sprintf(`{"user_id":%q,"remote":true}`, erin)).Status)
	// B: no location, no cost, in stock, same supplier written differently.
	f.create("/api/v1/assets", `{"name":"B","supplier_name":"ACME supply"}`)
	// C: at HQ, 500 USD bought today, in repair.
	c := f.create("/api/v1/assets", fmt.Sprintf(`{"name":"C","location_id":%q,"purchase_date":%q,"cost":"500","currency":"USD"}`, hq, now.Format(time.DateOnly)))
	require.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/assets/"+c+"/transition", `{"status":"in_repair"}`).Status)
	f.create("/api/v1/maintenance-logs", fmt.Sprintf(`{"asset_id":%q,"type":"repair","title":"Fan","performed_on":%q}`, a, now.AddDate(0, -1, 0).Format(time.DateOnly)))

	tree := func(by string) map[string][2]any {
		r := f.do(http.MethodGet, "/api/v1/assets/tree?by="+by, "")
		require.Equal(t, http.StatusOK, r.Status, r.Raw)
		out := map[string][2]any{}
		for _, g := range r.Body["groups"].([]any) {
			g := g.(map[string]any)
			out[g["label"].(string)] = [2]any{g["count"], g["filter"]}
		}
		return out
	}
	assert.Equal(t, map[string][2]any{"HQ": {float64(2), "location_id=" + hq}, "No location": {float64(1), "no_location=true"}}, tree("location"))
	assert.Equal(t, map[string][2]any{"erin": {float64(1), "holder_id=" + erin},
		"Unassigned": {float64(2), "status=in_stock&status=in_repair&status=awaiting_disposal"}}, tree("holder"))
	assert.Equal(t, map[string][2]any{"Remote": {float64(1), "remote=true"},
		"Unassigned": {float64(2), "status=in_stock&status=in_repair&status=awaiting_disposal"}}, tree("remote"))
	sup := tree("supplier")
	require.Len(t, sup, 2, "suppliers group case-insensitively (the most used spelling names the group): %v", sup)
	for label, g := range sup {
		if label != "No supplier" {
			assert.Equal(t, float64(2), g[0])
			assert.Contains(t, []string{"supplier=Acme+Supply", "supplier=ACME+supply"}, g[1])
		}
	}
	assert.Equal(t, [2]any{float64(1), ""}, sup["No supplier"])
	assert.Equal(t, http.StatusBadRequest, f.do(http.MethodGet, "/api/v1/assets/tree?by=colour", "").Status)
	// Each group's filter lists exactly its assets.
	for _, q := range []string{"no_location=true", "supplier=acme%20supply", "status=in_stock&status=in_repair&status=awaiting_disposal"} {
		r := f.do(http.MethodGet, "/api/v1/assets?"+q, "")
		require.Equal(t, http.StatusOK, r.Status, r.Raw)
		assert.EqualValues(t, map[string]float64{"no_location=true": 1, "supplier=acme%20supply": 2,
			"status=in_stock&status=in_repair&status=awaiting_disposal": 2}[q], r.Body["total"], q)
	}
	// The warranty list: A's warranty ends in about a month.
	w := f.do(http.MethodGet, "/api/v1/assets?warranty_from="+now.Format(time.DateOnly)+"&warranty_to="+now.AddDate(0, 2, 0).Format(time.DateOnly)+"&sort=warranty_end", "")
	require.Equal(t, http.StatusOK, w.Status, w.Raw)
	assert.EqualValues(t, 1, w.Body["total"])

	d := f.do(http.MethodGet, "/api/v1/assets/dashboard", "")
	require.Equal(t, http.StatusOK, d.Status, d.Raw)
	assert.EqualValues(t, 3, d.Body["fleet"])
	assert.EqualValues(t, 1, d.Body["in_use"])
	assert.EqualValues(t, 1, d.Body["in_stock"])
	assert.EqualValues(t, 1, d.Body["in_repair"])
	assert.InDelta(t, 33.3, d.Body["breakdown_rate"], 0.01, "1 repair for 3 assets")
	assert.InDelta(t, 12.0, d.Body["average_age_months"], 0.5, "A is 24 months old, C new")
	capex := d.Body["capex"].([]any)
	require.Len(t, capex, 2)
	eur := capex[0].(map[string]any)
	assert.Equal(t, "EUR", eur["currency"])
	assert.Equal(t, "1000.00", eur["purchase_total"])
	assert.InDelta(t, 500, mustFloat(t, eur["current_value"]), 1, "half of a 4-year life is gone")
	cliff := d.Body["warranty_cliff"].([]any)
	require.Len(t, cliff, 12)
	total := 0.0
	for _, m := range cliff {
		total += m.(map[string]any)["count"].(float64)
	}
	assert.Equal(t, 1.0, total)
	models := d.Body["repair_prone_models"].([]any)
	require.Len(t, models, 1)
	assert.Equal(t, "Latitude", models[0].(map[string]any)["model_name"])
	assert.EqualValues(t, 1, models[0].(map[string]any)["repairs"])
	brands := d.Body["brand_mix"].([]any)
	assert.Contains(t, brands, map[string]any{"brand_name": "Dell", "count": float64(1)})
	assert.Contains(t, brands, map[string]any{"brand_name": "No brand", "count": float64(2)})

	dep := f.do(http.MethodGet, "/api/v1/assets/depreciation?method=double_declining&life_years=4&as_of="+now.Format(time.DateOnly), "")
	require.Equal(t, http.StatusOK, dep.Status, dep.Raw)
	rows := dep.Body["rows"].([]any)
	require.Len(t, rows, 2, "HQ in EUR and HQ in USD; B has no cost")
	byCurrency := map[string]map[string]any{}
	for _, r := range rows {
		byCurrency[r.(map[string]any)["currency"].(string)] = r.(map[string]any)
	}
	assert.Equal(t, "HQ", byCurrency["EUR"]["location_name"])
	assert.InDelta(t, 750, mustFloat(t, byCurrency["EUR"]["accumulated"]), 2, "two years of double-declining at 50 %")
	assert.InDelta(t, 250, mustFloat(t, byCurrency["EUR"]["book_value"]), 2)
	assert.Equal(t, "0.00", byCurrency["USD"]["accumulated"])
	assert.Len(t, dep.Body["totals"].([]any), 2)
	lin := f.do(http.MethodGet, "/api/v1/assets/depreciation", "")
	require.Equal(t, http.StatusOK, lin.Status, lin.Raw)
	assert.Equal(t, "linear", lin.Body["method"])
	assert.EqualValues(t, 4, lin.Body["life_years"])
	assert.Equal(t, http.StatusBadRequest, f.do(http.MethodGet, "/api/v1/assets/depreciation?life_years=0", "").Status)
	// Before anything was bought there is nothing to value.
	early := f.do(http.MethodGet, "/api/v1/assets/depreciation?as_of=2000-01-01", "")
	assert.Empty(t, early.Body["rows"])

	// Holding a peripheral blocks archiving the member, like an asset.
	require.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/assets/"+a+"/check-in", `{}`).Status)
	p := f.create("/api/v1/peripherals", `{"name":"Mouse"}`)
	require.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/peripherals/"+p+"/check-out", fmt.Sprintf(`{"user_id":%q}`, erin)).Status)
	r := f.do(http.MethodPost, "/api/v1/members/"+erin+"/archive", "")
	assert.Equal(t, http.StatusConflict, r.Status, r.Raw)
	assert.Contains(t, r.Raw, "1 peripheral")
}

func mustFloat(t *testing.T, v any) float64 {
	t.Helper()
	var x float64
	_, err := fmt.Sscan(v.(string), &x)
	require.NoError(t, err)
	return x
}

func TestBulkActionsOnAssets(t *testing.T) {
	t.Parallel()
	f := setup(t)
	gina := f.member("gina@acme.example")
	a := f.create("/api/v1/assets", `{"name":"A"}`)
	b := f.create("/api/v1/assets", `{"name":"B"}`)
	c := f.create("/api/v1/assets", `{"name":"C"}`)
	fin := f.create("/api/v1/tags", `{"name":"Finance","colour":"green"}`)
	ot := f.create("/api/v1/tags", `{"name":"OT","colour":"red"}`)
	require.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/assets/"+c+"/check-out", fmt.Sprintf(`{"user_id":%q}`, gina)).Status)

	r := f.do(http.MethodPost, "/api/v1/assets/bulk", fmt.Sprintf(`{"ids":[%q,%q],"action":"add_tags","tag_ids":[%q,%q]}`, a, b, fin, ot))
	require.Equal(t, http.StatusOK, r.Status, r.Raw)
	assert.Len(t, r.Body["succeeded"], 2)
	assert.Empty(t, r.Body["failed"])
	r = f.do(http.MethodPost, "/api/v1/assets/bulk", fmt.Sprintf(`{"ids":[%q],"action":"remove_tags","tag_ids":[%q]}`, a, ot))
	require.Equal(t, http.StatusOK, r.Status, r.Raw)
	assert.EqualValues(t, 1, f.do(http.MethodGet, "/api/v1/assets?tag="+ot, "").Body["total"], "only B keeps OT")
	assert.EqualValues(t, 2, f.do(http.MethodGet, "/api/v1/assets?tag="+fin, "").Body["total"])
	assert.Equal(t, 1, f.count(`SELECT count(*) FROM audit_events WHERE entity_type = 'asset' AND entity_id = $1 AND changes ? 'tags'
		AND action = 'update'`, b), "each asset's tag change is audited")

	// Archiving: the checked-out one and an unknown id fail with their reason; the others are archived.
	unknown := "00000000-0000-7000-8000-000000000001"
	r = f.do(http.MethodPost, "/api/v1/assets/bulk", fmt.Sprintf(`{"ids":[%q,%q,%q,%q],"action":"archive"}`, a, b, c, unknown))
	require.Equal(t, http.StatusOK, r.Status, r.Raw)
	assert.ElementsMatch(t, []any{a, b}, r.Body["succeeded"])
	failed := r.Body["failed"].([]any)
	require.Len(t, failed, 2)
	statuses := map[string]float64{}
	for _, x := range failed {
		statuses[x.(map[string]any)["id"].(string)] = x.(map[string]any)["status"].(float64)
	}
	assert.Equal(t, map[string]float64{c: 409, unknown: 404}, statuses)
	assert.EqualValues(t, 1, f.do(http.MethodGet, "/api/v1/assets", "").Body["total"])
	r = f.do(http.MethodPost, "/api/v1/assets/bulk", fmt.Sprintf(`{"ids":[%q,%q],"action":"restore"}`, a, b))
	assert.Len(t, r.Body["succeeded"], 2)

	// Bad requests change nothing.
	for body, want := range map[string]int{
		fmt.Sprintf(`{"ids":[%q],"action":"add_tags"}`, a):                         http.StatusUnprocessableEntity,
		fmt.Sprintf(`{"ids":[%q],"action":"archive","tag_ids":[%q]}`, a, fin):      http.StatusUnprocessableEntity,
		fmt.Sprintf(`{"ids":[%q],"action":"add_tags","tag_ids":[%q]}`, a, unknown): http.StatusUnprocessableEntity,
		fmt.Sprintf(`{"ids":[%q],"action":"explode"}`, a):                          http.StatusBadRequest,
		`{"ids":[],"action":"archive"}`:                                            http.StatusBadRequest,
	} {
		r := f.do(http.MethodPost, "/api/v1/assets/bulk", body)
		assert.Equal(t, want, r.Status, body+": "+r.Raw)
	}
	assert.EqualValues(t, 2, f.do(http.MethodGet, "/api/v1/assets?tag="+fin, "").Body["total"])
	viewer := f.s.Call(t, testkit.ViewerOf(f.org), http.MethodPost, "/api/v1/assets/bulk", fmt.Sprintf(`{"ids":[%q],"action":"archive"}`, a))
	assert.Equal(t, http.StatusForbidden, viewer.Status)
}
