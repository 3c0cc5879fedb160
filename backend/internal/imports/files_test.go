package imports_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/identity"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

// importAs uploads a file of entity and waits for its report.
func (e env) importAs(entity, name string, data []byte, dryRun bool) map[string]any {
	e.t.Helper()
	r := e.s.Upload(e.t, e.admin, "/api/v1/imports", [][2]string{{"entity", entity}, {"dry_run", fmt.Sprint(dryRun)}}, "file", name, data)
	require.Equal(e.t, http.StatusAccepted, r.Status, r.Raw)
	id := r.Body["id"].(string)
	var im testkit.Reply
	require.Eventually(e.t, func() bool {
		im = e.do(http.MethodGet, "/api/v1/imports/"+id, "")
		return im.Body["state"] == "done" || im.Body["state"] == "failed"
	}, 60*time.Second, 100*time.Millisecond)
	require.Equal(e.t, "done", im.Body["state"], im.Raw)
	return im.Body["report"].(map[string]any)
}

// exportAs runs an export job of entity and returns the file.
func (e env) exportAs(entity string) string {
	e.t.Helper()
	return e.exportWith(`{"entity":"` + entity + `","format":"csv"}`)
}

// exportWith runs the export job the request asks for and returns the file.
func (e env) exportWith(request string) string {
	e.t.Helper()
	r := e.do(http.MethodPost, "/api/v1/exports", request)
	require.Equal(e.t, http.StatusAccepted, r.Status, r.Raw)
	job := fmt.Sprintf("/api/v1/jobs/%d", int64(r.Body["job_id"].(float64)))
	var j testkit.Reply
	require.Eventually(e.t, func() bool { j = e.do(http.MethodGet, job, ""); return j.Body["state"] == "completed" },
		60*time.Second, 100*time.Millisecond, "export job")
	res, err := e.s.HTTPClient(e.admin).Get(e.s.URL + j.Body["result"].(map[string]any)["href"].(string))
	require.NoError(e.t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(e.t, err)
	return string(b)
}

func TestLocationModelAndPeripheralFilesRoundTrip(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t, testkit.WithEnv("OPSDECK_WORKERS", "true"))
	ctx := context.Background()
	u, err := s.App.Identity.CreateUser(ctx, identity.NewUser{Email: "fien@acme.example", Name: "Fien"})
	require.NoError(t, err)
	setup := func(name string) env {
		org := s.Organization(name)
		e := env{t: t, s: s, org: org.ID, admin: testkit.AdminOf(org.ID)}
		_, err := s.App.Identity.AddMember(ctx, org.ID, u.ID, "employee")
		require.NoError(t, err)
		e.create("/api/v1/tags", `{"name":"Loaner","colour":"green"}`)
		e.create("/api/v1/custom-fields", `{"entity_type":"location","key":"site_code","type":"text","label":"Site code"}`)
		e.create("/api/v1/custom-fields", `{"entity_type":"peripheral","key":"ports","type":"number","label":"Ports"}`)
		e.create("/api/v1/assets", `{"name":"Laptop","asset_tag":"AC-1"}`)
		return e
	}
	a, b := setup("Source"), setup("Target")

	hq := a.create("/api/v1/locations", `{"name":"Brussels HQ","address_line1":"Rue de la Loi 42","city":"Brussels","country":"BE",
		"timezone":"Europe/Brussels","notes":"Badge at the desk, \"visitor\" lane","custom_fields":{"site_code":"BRU-1"}}`)
	a.create("/api/v1/locations", `{"name":"=eu-west-1","physical":false,"timezone":"Europe/Dublin"}`)
	logi := a.create("/api/v1/brands", `{"name":"Logitech"}`)
	a.create("/api/v1/asset-models", fmt.Sprintf(`{"brand_id":%q,"name":"MX Keys","category":"peripheral","notes":"Wireless"}`, logi))
	dell := a.create("/api/v1/brands", `{"name":"Dell"}`)
	a.create("/api/v1/asset-models", fmt.Sprintf(`{"brand_id":%q,"name":"WD19 dock","category":"peripheral"}`, dell))
	kb := a.create("/api/v1/peripherals", fmt.Sprintf(`{"name":"Keyboard","serial":"KB-1","location_id":%q,"purchase_date":"2025-02-03",
		"cost":"99.90","currency":"EUR","warranty_months":24,"supplier_name":"Bechtle","custom_fields":{"ports":1}}`, hq))
	require.Equal(t, http.StatusOK, a.do(http.MethodPost, "/api/v1/peripherals/"+kb+"/check-out", fmt.Sprintf(`{"user_id":%q,"remote":true}`, u.ID)).Status)
	laptopA := a.do(http.MethodGet, "/api/v1/assets?q=AC-1", "").Body["items"].([]any)[0].(map[string]any)["id"].(string)
	a.create("/api/v1/peripherals", fmt.Sprintf(`{"name":"Dock","serial":"DK-1","asset_id":%q,"notes":"On desk 3"}`, laptopA))
	a.create("/api/v1/peripherals", `{"name":"Spare mouse"}`)

	// Locations, then models (brands made as needed), then peripherals referring to both: each file exported from A,
	// imported into B and exported again is the same file.
	for _, entity := range []string{"location", "asset_model", "peripheral"} {
		file := a.exportAs(entity)
		report := b.importAs(entity, entity+".csv", []byte(file), false)
		assert.EqualValues(t, 0, report["error_count"], "%s: %v", entity, report)
		again := b.exportAs(entity)
		assert.Equal(t, file, again, entity)
		// Importing the same file again changes nothing (a peripheral without a serial has no key: its row is a new one).
		report = b.importAs(entity, entity+".csv", []byte(again), false)
		assert.EqualValues(t, map[string]int{"peripheral": 1}[entity], report["created"], entity)
		assert.EqualValues(t, 0, report["updated"], entity)
	}
	loc := a.exportAs("location")
	assert.Contains(t, loc, "BRU-1")
	assert.Contains(t, loc, "'=eu-west-1", "a formula-like cell is neutralised")
	per := b.exportAs("peripheral")
	assert.Contains(t, per, "fien@acme.example")
	assert.Contains(t, per, "AC-1", "the dock stays attached to the asset with the same tag")
	var held int
	require.NoError(t, s.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM asset_custody c JOIN peripherals p ON p.id = c.peripheral_id
		WHERE p.organization_id = $1 AND c.action = 'check_out' AND c.note = 'Imported'`, b.org).Scan(&held))
	assert.Equal(t, 1, held, "the imported holder is in the custody log")

	// Wrong rows are reported one by one and nothing is written.
	before := count(t, s, "SELECT count(*) FROM peripherals WHERE organization_id = $1", b.org)
	bad := "serial,name,status,model,asset_tag,holder_email,cost,currency,purchase_date,cf.ports\n" +
		"NEW-1,New,in_use,Unknown model,AC-404,nobody@x.example,12,EUR,2025-13-01,many\n" +
		"NEW-2,,,,,,,,,\n" +
		"NEW-3,Fine,,,,,,,,\n"
	report := b.importAs("peripheral", "bad.csv", []byte(bad), false)
	assert.Equal(t, false, report["applied"])
	errs := fmt.Sprint(report["errors"])
	for _, want := range []string{"model", "asset_tag", "holder_email", "purchase_date", "cf.ports", "name"} {
		assert.Contains(t, errs, "column:"+want)
	}
	assert.Equal(t, before, count(t, s, "SELECT count(*) FROM peripherals WHERE organization_id = $1", b.org))
	report = b.importAs("location", "bad.csv", []byte("name,country,timezone\nSomewhere,Belgium,Mars/Base\n ,BE,UTC\n"), true)
	errs = fmt.Sprint(report["errors"])
	for _, want := range []string{"column:country", "column:timezone", "column:name"} {
		assert.Contains(t, errs, want)
	}
	report = b.importAs("asset_model", "bad.csv", []byte("brand,model,category\n,X,laptop\nHP,Y,toaster\n"), true)
	errs = fmt.Sprint(report["errors"])
	assert.Contains(t, errs, "column:brand")
	assert.Contains(t, errs, "column:category")
	assert.Zero(t, count(t, s, "SELECT count(*) FROM brands WHERE organization_id = $1 AND name = 'HP'", b.org), "a dry run writes nothing")
	cols := b.do(http.MethodGet, "/api/v1/imports/columns?entity=peripheral", "")
	require.Equal(t, http.StatusOK, cols.Status, cols.Raw)
	assert.True(t, strings.Contains(cols.Raw, `"cf.ports"`))
}

func TestSoftwareAndLicenceFilesRoundTripWithoutKeys(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t, testkit.WithEnv("OPSDECK_WORKERS", "true"))
	ctx := context.Background()
	u, err := s.App.Identity.CreateUser(ctx, identity.NewUser{Email: "noor@acme.example", Name: "Noor"})
	require.NoError(t, err)
	setup := func(name string) env {
		org := s.Organization(name)
		e := env{t: t, s: s, org: org.ID, admin: testkit.AdminOf(org.ID)}
		_, err := s.App.Identity.AddMember(ctx, org.ID, u.ID, "employee")
		require.NoError(t, err)
		e.create("/api/v1/tags", `{"name":"Critical","colour":"red"}`)
		e.create("/api/v1/groups", `{"name":"Platform team"}`)
		e.create("/api/v1/custom-fields", `{"entity_type":"software","key":"tier","type":"select","label":"Tier","options":["gold","silver"]}`)
		e.create("/api/v1/custom-fields", `{"entity_type":"licence","key":"contract","type":"text","label":"Contract"}`)
		return e
	}
	a, b := setup("Source"), setup("Target")
	group := a.do(http.MethodGet, "/api/v1/groups", "").Body["items"].([]any)[0].(map[string]any)["id"].(string)
	tag := a.do(http.MethodGet, "/api/v1/tags", "").Body["items"].([]any)[0].(map[string]any)["id"].(string)
	office := a.create("/api/v1/software", fmt.Sprintf(`{"name":"Office Suite","publisher":"Contoso","category":"productivity",
		"owner_user_id":%q,"owner_group_id":%q,"supplier_name":"Bechtle","website":"https://contoso.example","notes":"Seats via EA",
		"tag_ids":[%q],"custom_fields":{"tier":"gold"}}`, u.ID, group, tag))
	a.create("/api/v1/software", `{"name":"+cmd|calc","category":"other"}`)
	a.create("/api/v1/licences", fmt.Sprintf(`{"software_id":%q,"name":"EA 2026","licence_key":"AAAA-BBBB-CCCC-SECRET","seats":50,
		"expires_on":"2027-06-30","purchase_date":"2026-07-01","cost":"12000.00","currency":"EUR","supplier_name":"Bechtle",
		"custom_fields":{"contract":"C-42"},"tag_ids":[%q]}`, office, tag))
	a.create("/api/v1/licences", fmt.Sprintf(`{"software_id":%q,"name":"Perpetual"}`, office))

	for _, entity := range []string{"software", "licence"} {
		file := a.exportAs(entity)
		report := b.importAs(entity, entity+".csv", []byte(file), false)
		assert.EqualValues(t, 0, report["error_count"], "%s: %v", entity, report)
		again := b.exportAs(entity)
		assert.Equal(t, file, again, entity)
		report = b.importAs(entity, entity+".csv", []byte(again), false)
		assert.EqualValues(t, 0, report["created"], entity)
		assert.EqualValues(t, 0, report["updated"], entity)
	}
	sw, lic := a.exportAs("software"), a.exportAs("licence")
	assert.Contains(t, sw, "noor@acme.example")
	assert.Contains(t, sw, "Platform team")
	assert.Contains(t, sw, "'+cmd|calc", "a formula-like cell is neutralised")
	assert.Contains(t, lic, "C-42")
	assert.NotContains(t, lic, "SECRET", "keys never leave in a file")
	assert.NotContains(t, lic, "key")
	assert.Zero(t, count(t, s, "SELECT count(*) FROM licences WHERE organization_id = $1 AND key_sealed IS NOT NULL", b.org))

	// Wrong rows are reported one by one and nothing is written.
	before := count(t, s, "SELECT count(*) FROM licences WHERE organization_id = $1", b.org)
	bad := "software,name,seats,expires_on,cost,cf.contract,tags\n" +
		"Unknown suite,X,10,2027-01-01,1,,\n" +
		"Office Suite,Y,many,2027-02-30,abc,,Nope\n" +
		",Z,,,,,\n" +
		"Office Suite,Fine,5,,,,\n"
	report := b.importAs("licence", "bad.csv", []byte(bad), false)
	assert.Equal(t, false, report["applied"])
	errs := fmt.Sprint(report["errors"])
	for _, want := range []string{"column:software line:2", "column:seats", "column:expires_on", "column:cost", "column:tags", "column:software line:4 message:is required"} {
		assert.Contains(t, errs, want)
	}
	assert.Equal(t, before, count(t, s, "SELECT count(*) FROM licences WHERE organization_id = $1", b.org))
	report = b.importAs("software", "bad.csv", []byte("name,category,owner_email,owner_group,website\nNew,toaster,ghost@x.example,Nobody,ftp://x\n"), true)
	errs = fmt.Sprint(report["errors"])
	for _, want := range []string{"column:category", "column:owner_email", "column:owner_group", "column:website"} {
		assert.Contains(t, errs, want)
	}
	assert.Zero(t, count(t, s, "SELECT count(*) FROM software WHERE organization_id = $1 AND name = 'New'", b.org), "a dry run writes nothing")
	// A software and its licences in one go: the licence file can name a software the same run created.
	report = b.importAs("software", "new.csv", []byte("name\nBackup Pro\n"), false)
	assert.EqualValues(t, 1, report["created"])
	report = b.importAs("licence", "new.csv", []byte("software,name,seats\nbackup pro,Site,3\n"), false)
	assert.EqualValues(t, 1, report["created"], report)
}

func TestExportOfChosenRecordsWritesOnlyThoseArchivedOrNot(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t, testkit.WithEnv("OPSDECK_WORKERS", "true"))
	e := catalogue(t, s, "Acme Energy", nil)
	other := catalogue(t, s, "Bravo Grid", nil)
	a1 := e.create("/api/v1/assets", `{"name":"Chosen laptop","asset_tag":"CH-1"}`)
	e.create("/api/v1/assets", `{"name":"Other laptop","asset_tag":"CH-2"}`)
	a3 := e.create("/api/v1/assets", `{"name":"Chosen archived laptop","asset_tag":"CH-3"}`)
	require.Equal(t, http.StatusOK, e.do(http.MethodPost, "/api/v1/assets/"+a3+"/archive", "").Status)
	foreign := other.create("/api/v1/assets", `{"name":"Bravo laptop","asset_tag":"BR-1"}`)

	file := e.exportWith(fmt.Sprintf(`{"entity":"asset","format":"csv","ids":[%q,%q,%q]}`, a1, a3, foreign))
	lines := strings.Split(strings.TrimSpace(file), "\n")
	require.Len(t, lines, 3, file)
	assert.Contains(t, file, "Chosen laptop")
	assert.Contains(t, file, "Chosen archived laptop", "a chosen record is written whatever its archive state")
	assert.NotContains(t, file, "Other laptop")
	assert.NotContains(t, file, "Bravo laptop", "another organisation's id selects nothing")
	assert.Equal(t, strings.Split(strings.TrimSpace(e.exportAs("asset")), "\n")[0], lines[0], "same columns as the full export")

	loc := e.create("/api/v1/locations", `{"name":"Antwerp port"}`)
	file = e.exportWith(fmt.Sprintf(`{"entity":"location","format":"csv","ids":[%q]}`, loc))
	assert.Contains(t, file, "Antwerp port")
	assert.NotContains(t, file, "Brussels HQ")

	for _, body := range []string{`{"entity":"asset","format":"csv","ids":[]}`, `{"entity":"asset","format":"csv","ids":["nope"]}`,
		fmt.Sprintf(`{"entity":"asset","format":"csv","ids":[%q,%q]}`, a1, a1)} {
		r := e.do(http.MethodPost, "/api/v1/exports", body)
		assert.Equal(t, http.StatusBadRequest, r.Status, body+": "+r.Raw)
	}
}
