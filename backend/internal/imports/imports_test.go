package imports_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/opsdeck/opsdeck/backend/internal/identity"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

type env struct {
	t     testing.TB
	s     *testkit.Server
	org   uuid.UUID
	admin *reqctx.Principal
}

func (e env) do(method, path, body string) testkit.Reply {
	e.t.Helper()
	return e.s.Call(e.t, e.admin, method, path, body)
}

func (e env) create(path, body string) string {
	e.t.Helper()
	r := e.do(http.MethodPost, path, body)
	require.Equal(e.t, http.StatusCreated, r.Status, path+": "+r.Raw)
	return r.Body["id"].(string)
}

// upload sends a file to POST /imports.
func (e env) upload(who *reqctx.Principal, name string, data []byte, dryRun bool) testkit.Reply {
	e.t.Helper()
	return e.s.Upload(e.t, who, "/api/v1/imports", [][2]string{{"entity", "asset"}, {"dry_run", fmt.Sprint(dryRun)}}, "file", name, data)
}

// importFile uploads and waits for the report.
func (e env) importFile(name string, data []byte, dryRun bool) map[string]any {
	e.t.Helper()
	r := e.upload(e.admin, name, data, dryRun)
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

// export runs an export job and returns the file.
func (e env) export(format string) []byte {
	e.t.Helper()
	r := e.do(http.MethodPost, "/api/v1/exports", `{"entity":"asset","format":"`+format+`"}`)
	require.Equal(e.t, http.StatusAccepted, r.Status, r.Raw)
	job := fmt.Sprintf("/api/v1/jobs/%d", int64(r.Body["job_id"].(float64)))
	var j testkit.Reply
	require.Eventually(e.t, func() bool { j = e.do(http.MethodGet, job, ""); return j.Body["state"] == "completed" },
		60*time.Second, 100*time.Millisecond, "export job")
	href := j.Body["result"].(map[string]any)["href"].(string)
	res, err := e.s.HTTPClient(e.admin).Get(e.s.URL + href)
	require.NoError(e.t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(e.t, err)
	require.Equal(e.t, http.StatusOK, res.StatusCode, string(b))
	return b
}

// catalogue gives an organisation the same sites, models, tags, custom fields and members (by e-mail).
func catalogue(t testing.TB, s *testkit.Server, name string, people []uuid.UUID) env {
	org := s.Organization(name)
	e := env{t: t, s: s, org: org.ID, admin: testkit.AdminOf(org.ID)}
	for _, p := range people {
		_, err := s.App.Identity.AddMember(context.Background(), org.ID, p, "employee")
		require.NoError(t, err)
	}
	e.create("/api/v1/locations", `{"name":"Brussels HQ"}`)
	e.create("/api/v1/locations", `{"name":"Ghent plant"}`)
	dell := e.create("/api/v1/brands", `{"name":"Dell"}`)
	e.create("/api/v1/asset-models", fmt.Sprintf(`{"brand_id":%q,"name":"Latitude 7440","category":"laptop"}`, dell))
	e.create("/api/v1/tags", `{"name":"Finance","colour":"green"}`)
	e.create("/api/v1/tags", `{"name":"NIS2 critical","colour":"red"}`)
	for _, def := range []string{
		`{"entity_type":"asset","key":"cost_centre","type":"select","label":"Cost centre","options":["IT","OT","Finance"]}`,
		`{"entity_type":"asset","key":"ram_gb","type":"number","label":"RAM"}`,
		`{"entity_type":"asset","key":"encrypted","type":"boolean","label":"Encrypted"}`,
		`{"entity_type":"asset","key":"zones","type":"multi_select","label":"Zones","options":["office","ot","dmz"]}`,
		`{"entity_type":"asset","key":"owner","type":"user","label":"Owner"}`,
		`{"entity_type":"asset","key":"notes_url","type":"url","label":"Runbook"}`,
	} {
		e.create("/api/v1/custom-fields", def)
	}
	return e
}

func TestExportImportRoundTripLosesNothing(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t, testkit.WithEnv("OPSDECK_WORKERS", "true"))
	ctx := context.Background()
	var people []uuid.UUID
	for i := range 3 {
		u, err := s.App.Identity.CreateUser(ctx, identity.NewUser{Email: fmt.Sprintf("p%d@acme.example", i), Name: fmt.Sprintf("Person %d", i)})
		require.NoError(t, err)
		people = append(people, u.ID)
	}
	a := catalogue(t, s, "Acme Energy", people)
	// 1,000 assets with every kind of value, written through the API's import itself would be circular: use SQL.
	var model, hq, plant, finance, critical string
	require.NoError(t, s.DB.Pool.QueryRow(ctx, "SELECT id::text FROM asset_models WHERE organization_id = $1", a.org).Scan(&model))
	require.NoError(t, s.DB.Pool.QueryRow(ctx, "SELECT id::text FROM locations WHERE organization_id = $1 AND name = 'Brussels HQ'", a.org).Scan(&hq))
	require.NoError(t, s.DB.Pool.QueryRow(ctx, "SELECT id::text FROM locations WHERE organization_id = $1 AND name = 'Ghent plant'", a.org).Scan(&plant))
	require.NoError(t, s.DB.Pool.QueryRow(ctx, "SELECT id::text FROM tags WHERE organization_id = $1 AND name = 'Finance'", a.org).Scan(&finance))
	require.NoError(t, s.DB.Pool.QueryRow(ctx, "SELECT id::text FROM tags WHERE organization_id = $1 AND name = 'NIS2 critical'", a.org).Scan(&critical))
	_, err := s.DB.Pool.Exec(ctx, `
		INSERT INTO assets (id, organization_id, name, asset_tag, serial, model_id, status, critical, virtual, purchase_date, cost,
			currency, warranty_months, supplier_name, location_id, holder_id, remote, comments, custom_fields)
		SELECT gen_random_uuid(), $1, CASE WHEN i % 50 = 0 THEN '=cmd|'' /C calc''!A0 #' || i ELSE 'Asset ' || i END,
			'AT-' || lpad(i::text, 5, '0'), CASE WHEN i % 3 = 0 THEN NULL ELSE 'SN' || i END,
			CASE WHEN i % 2 = 0 THEN $2::uuid END,
			CASE WHEN i % 4 = 0 THEN 'in_use' WHEN i % 7 = 0 THEN 'in_repair' ELSE 'in_stock' END,
			i % 5 = 0, i % 11 = 0, CASE WHEN i % 6 <> 0 THEN date '2020-01-01' + i END,
			CASE WHEN i % 2 = 1 THEN (i * 3.5)::numeric(14,2) END, CASE WHEN i % 2 = 1 THEN 'EUR' END,
			CASE WHEN i % 3 = 1 THEN 36 END, CASE WHEN i % 4 = 1 THEN 'Bechtle; Computacenter' ELSE '' END,
			CASE WHEN i % 2 = 0 THEN $3::uuid ELSE $4::uuid END,
			CASE WHEN i % 4 = 0 THEN ($5::uuid[])[1 + i % 3] END, i % 8 = 0,
			CASE WHEN i % 9 = 0 THEN 'Line one' || chr(10) || 'Line "two", é à ü' ELSE '' END,
			jsonb_strip_nulls(jsonb_build_object('cost_centre', (ARRAY['IT','OT','Finance'])[1 + i % 3],
				'ram_gb', CASE WHEN i % 2 = 0 THEN (i % 64) + 0.5 END, 'encrypted', CASE WHEN i % 3 <> 0 THEN i % 2 = 0 END,
				'zones', CASE WHEN i % 5 = 0 THEN '["office","ot"]'::jsonb END,
				'owner', CASE WHEN i % 10 = 0 THEN ($5::uuid[])[1]::text END,
				'notes_url', CASE WHEN i % 13 = 0 THEN 'https://wiki.acme.example/runbooks/' || i END))
		FROM generate_series(1, 1000) AS i`, a.org, model, hq, plant, people)
	require.NoError(t, err)
	_, err = s.DB.Pool.Exec(ctx, `INSERT INTO taggings (organization_id, tag_id, entity_type, entity_id)
		SELECT $1, t.id, 'asset', a.id FROM assets a, tags t
		WHERE a.organization_id = $1 AND t.organization_id = $1 AND (t.name = 'Finance' OR (t.name = 'NIS2 critical' AND a.critical))`, a.org)
	require.NoError(t, err)

	first := a.export("csv")
	lines := strings.Split(strings.TrimSpace(string(first)), "\n")
	assert.Greater(t, len(lines), 1000, "a header and 1,000 records (some span lines)")
	assert.Contains(t, lines[0], "asset_tag,name,serial,status,brand,model,location,holder_email")
	assert.Contains(t, lines[0], "cf.cost_centre,cf.ram_gb,cf.encrypted,cf.zones,cf.owner,cf.notes_url")
	assert.Contains(t, string(first), `'=cmd|`, "formula-looking text is neutralised")

	b := catalogue(t, s, "Northwind Health", people)
	rep := b.importFile("assets.csv", first, true)
	assert.EqualValues(t, 0, rep["error_count"], rep["errors"])
	assert.EqualValues(t, 1000, rep["created"])
	assert.Equal(t, false, rep["applied"])
	assert.Zero(t, count(t, s, "SELECT count(*) FROM assets WHERE organization_id = $1", b.org), "a dry run writes nothing")
	rep = b.importFile("assets.csv", first, false)
	assert.EqualValues(t, 1000, rep["created"])
	assert.Equal(t, true, rep["applied"])
	second := b.export("csv")
	assert.Equal(t, string(first), string(second), "export → import → export gives the same file")
	// Importing the same file again changes nothing.
	rep = b.importFile("assets.csv", second, false)
	assert.EqualValues(t, 1000, rep["unchanged"], rep)
	assert.Equal(t, 250, count(t, s, "SELECT count(*) FROM asset_custody WHERE organization_id = $1", b.org), "holders are in the custody log")

	// XLSX too: same cells.
	x := b.export("xlsx")
	f, err := excelize.OpenReader(bytes.NewReader(x))
	require.NoError(t, err)
	rows, err := f.GetRows(f.GetSheetList()[0])
	require.NoError(t, err)
	require.Len(t, rows, 1001)
	c := catalogue(t, s, "Contoso Grid", people)
	rep = c.importFile("assets.xlsx", x, false)
	assert.EqualValues(t, 1000, rep["created"], rep["errors"])
	assert.Equal(t, string(first), string(c.export("csv")), "XLSX round trip too")
}

func count(t *testing.T, s *testkit.Server, sql string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, s.DB.Pool.QueryRow(context.Background(), sql, args...).Scan(&n))
	return n
}

func TestMalformedFilesAreReportedRowByRowAndWriteNothing(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t, testkit.WithEnv("OPSDECK_WORKERS", "true"))
	e := catalogue(t, s, "Acme Energy", nil)
	e.create("/api/v1/assets", `{"name":"Existing","serial":"SN-TAKEN"}`)
	file := "asset_tag,name,serial,purchase_date,location,model,cost,currency,cf.ram_gb,cf.cost_centre,tags\n" +
		"A1,Good one,SN-1,2024-01-31,Brussels HQ,Latitude 7440,10.00,EUR,16,IT,Finance\n" +
		"A2,Bad date,SN-2,2024-02-30,,,,,,,\n" +
		"A3,Unknown site,SN-3,,Mars base,,,,,,\n" +
		"A4,Duplicate serial,SN-1,,,,,,,,\n" +
		"A5,Taken serial,sn-taken,,,,,,,,\n" +
		"A6,\"=HYPERLINK(\"\"http://evil\"\")\",SN-6,,,,,,,,\n" +
		"A7,Caf\xe9 latin-1,SN-7,,,,,,,,\n" +
		"A8,Bad values,SN-8,,,Nope 9000,12,,lots,Marketing,Unknown tag\n" +
		"A9,,SN-9,,,,,,,,\n" +
		"A10,Too many,SN-10,,,,,,,,,extra\n"
	before := count(t, s, "SELECT count(*) FROM assets")
	for _, dry := range []bool{true, false} {
		rep := e.importFile("bad.csv", []byte(file), dry)
		assert.Equal(t, false, rep["applied"])
		assert.EqualValues(t, 10, rep["rows"])
		found := map[string]bool{}
		for _, x := range rep["errors"].([]any) {
			m := x.(map[string]any)
			found[fmt.Sprintf("%v:%v", m["line"], m["column"])] = true
		}
		for _, want := range []string{"3:purchase_date", "4:location", "5:serial", "6:serial", "7:name", "8:name", "9:model",
			"9:currency", "9:cf.ram_gb", "9:cf.cost_centre", "9:tags", "10:name", "11:"} {
			assert.True(t, found[want], "expected an error at line:column %s; got %v", want, rep["errors"])
		}
		assert.False(t, found["2:"], "the good row has no error")
		assert.Equal(t, before, count(t, s, "SELECT count(*) FROM assets"), "nothing is written (dry run %v)", dry)
	}
	// File-level problems: unknown or missing columns, not a spreadsheet.
	rep := e.importFile("cols.csv", []byte("name,colour\nx,red\n"), true)
	assert.Contains(t, fmt.Sprint(rep["errors"]), "unknown column")
	rep = e.importFile("noname.csv", []byte("asset_tag\nA1\n"), true)
	assert.Contains(t, fmt.Sprint(rep["errors"]), "required column missing")
	rep = e.importFile("fake.xlsx", []byte("PK\x03\x04 this is not a zip"), true)
	assert.EqualValues(t, 1, rep["error_count"])
	// The request itself: no file, unknown entity, no permission.
	r := e.upload(e.admin, "x.csv", nil, true)
	assert.Equal(t, http.StatusAccepted, r.Status, "an empty file is a file (its report says it has no header)")
	viewer := testkit.ViewerOf(e.org)
	r = e.upload(viewer, "x.csv", []byte("name\nx\n"), true)
	assert.Equal(t, http.StatusForbidden, r.Status, r.Raw)
	cols := e.do(http.MethodGet, "/api/v1/imports/columns?entity=asset", "")
	require.Equal(t, http.StatusOK, cols.Status, cols.Raw)
	assert.Contains(t, cols.Raw, `"name":"cf.ram_gb"`)
	assert.Equal(t, http.StatusBadRequest, e.do(http.MethodGet, "/api/v1/imports/columns?entity=spaceship", "").Status)
	assert.Equal(t, http.StatusNotFound, e.do(http.MethodGet, "/api/v1/imports/"+uuid.NewString(), "").Status)
	assert.Equal(t, http.StatusBadRequest, e.do(http.MethodPost, "/api/v1/exports", `{"entity":"asset","format":"pdf"}`).Status)
}
