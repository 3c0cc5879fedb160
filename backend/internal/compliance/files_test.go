package compliance_test

import (
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/testkit"
)

func (f fixture) upload(file []byte, dryRun string) testkit.Reply {
	f.t.Helper()
	var fields [][2]string
	if dryRun != "" {
		fields = append(fields, [2]string{"dry_run", dryRun})
	}
	return f.s.Upload(f.t, f.admin, "/api/v1/frameworks/import", fields, "file", "framework", file)
}

func TestFrameworkFilesImportDryRunAndExportRoundTrip(t *testing.T) {
	t.Parallel()
	f := setup(t)
	catalog, err := os.ReadFile("library/testdata/oscal-mini-catalog.json")
	require.NoError(t, err)

	// A dry run (the default) says what the OSCAL catalog holds and writes nothing.
	r := f.upload(catalog, "")
	require.Equal(t, http.StatusOK, r.Status, r.Raw)
	assert.Equal(t, "oscal", r.Body["format"])
	assert.EqualValues(t, 3, r.Body["controls"])
	assert.EqualValues(t, 3, r.Body["requirements"])
	assert.EqualValues(t, 2, r.Body["groups"])
	assert.Nil(t, r.Body["framework"])
	assert.Zero(t, f.count(`SELECT count(*) FROM frameworks WHERE organization_id = $1`, f.org))

	r = f.upload(catalog, "false")
	require.Equal(t, http.StatusCreated, r.Status, r.Raw)
	fw := r.Body["framework"].(map[string]any)
	assert.Equal(t, "imported", fw["origin"])
	assert.Equal(t, "Mini Security Catalog", fw["name"])
	assert.EqualValues(t, 3, fw["controls"])
	id := fw["id"].(string)
	assert.Equal(t, 8, f.count(`SELECT count(*) FROM controls WHERE framework_id = $1`, id))
	assert.Equal(t, 1, f.count(`SELECT count(*) FROM audit_events WHERE organization_id = $1 AND action = 'import'`, f.org),
		"one audit entry for the whole tree")
	// The same catalog again: the name is taken, in a dry run as in a real import.
	assert.Equal(t, http.StatusConflict, f.upload(catalog, "true").Status)
	assert.Equal(t, http.StatusConflict, f.upload(catalog, "false").Status)

	// Our format: the export reads back as the same tree (renamed to be a second framework).
	exp, err := f.s.HTTPClient(f.admin).Get(f.s.URL + "/api/v1/frameworks/" + id + "/export")
	require.NoError(t, err)
	defer exp.Body.Close()
	require.Equal(t, http.StatusOK, exp.StatusCode)
	assert.Equal(t, "application/yaml", exp.Header.Get("Content-Type"))
	assert.Contains(t, exp.Header.Get("Content-Disposition"), `filename="oscal-mini-security-catalog.yaml"`)
	raw, err := io.ReadAll(exp.Body)
	require.NoError(t, err)
	yaml := string(raw)
	assert.Contains(t, yaml, "format: opsdeck.framework/v1")
	assert.Contains(t, yaml, "ref: AC-2(1)")
	renamed := strings.Replace(yaml, "name: Mini Security Catalog", "name: Mini copy", 1)
	r = f.upload([]byte(renamed), "false")
	require.Equal(t, http.StatusCreated, r.Status, r.Raw)
	assert.Equal(t, "opsdeck", r.Body["format"])
	copyID := r.Body["framework"].(map[string]any)["id"].(string)
	assert.Equal(t, f.count(`SELECT count(*) FROM controls WHERE framework_id = $1`, id),
		f.count(`SELECT count(*) FROM controls WHERE framework_id = $1`, copyID))
	assert.Zero(t, f.count(`SELECT count(*) FROM (SELECT ref, title, kind, depth, position, description, guidance FROM controls WHERE framework_id = $1
		EXCEPT SELECT ref, title, kind, depth, position, description, guidance FROM controls WHERE framework_id = $2) d`, id, copyID),
		"same refs, titles, kinds, places and texts")

	// JSON and OSCAL exports are JSON documents.
	r = f.do(http.MethodGet, "/api/v1/frameworks/"+id+"/export?format=oscal", "")
	require.Equal(t, http.StatusOK, r.Status, r.Raw)
	assert.Contains(t, r.Raw, `"oscal-version":"1.1.2"`)
	assert.Contains(t, r.Header.Get("Content-Disposition"), ".oscal.json")
	r = f.do(http.MethodGet, "/api/v1/frameworks/"+id+"/export?format=json", "")
	require.Equal(t, http.StatusOK, r.Status, r.Raw)
	assert.Equal(t, "opsdeck.framework/v1", r.Body["format"])
	assert.Equal(t, http.StatusBadRequest, f.do(http.MethodGet, "/api/v1/frameworks/"+id+"/export?format=pdf", "").Status)
}

func TestBadFrameworkFilesAreRefusedWholeWithTheirProblems(t *testing.T) {
	t.Parallel()
	f := setup(t)
	for name, c := range map[string]struct {
		file   string
		status int
		want   string
	}{
		"empty":          {"", http.StatusUnprocessableEntity, "empty"},
		"not a document": {"{{{", http.StatusUnprocessableEntity, "parse framework file"},
		"unknown field":  {"format: opsdeck.framework/v1\nframework: {key: x1, name: X, version: '1'}\nnodes: []\ncolour: red\n", http.StatusUnprocessableEntity, "colour"},
		"several problems": {"format: opsdeck.framework/v1\nframework: {key: X!, name: X, version: '1'}\nnodes:\n  - {ref: A, title: A, kind: requirement}\n  - {ref: A, title: '', kind: control}\n",
			http.StatusUnprocessableEntity, `duplicate ref`},
		"oscal without controls": {`{"catalog":{"metadata":{"title":"Nothing"}}}`, http.StatusUnprocessableEntity, "no group or control"},
	} {
		r := f.upload([]byte(c.file), "false")
		assert.Equal(t, c.status, r.Status, name+": "+r.Raw)
		assert.Contains(t, r.Header.Get("Content-Type"), "application/problem+json", name)
		assert.Contains(t, r.Raw, c.want, name)
	}
	r := f.upload([]byte("format: opsdeck.framework/v1\nframework: {key: X!, name: X, version: '1'}\nnodes:\n  - {ref: A, title: A, kind: requirement}\n  - {ref: A, title: '', kind: control}\n"), "false")
	assert.GreaterOrEqual(t, len(r.Body["errors"].([]any)), 3, "every problem is listed: %s", r.Raw)
	r = f.upload([]byte("x"), "maybe")
	assert.Equal(t, http.StatusBadRequest, r.Status, r.Raw)
	r = f.s.Upload(t, f.admin, "/api/v1/frameworks/import", [][2]string{{"dry_run", "false"}}, "", "", nil)
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status, r.Raw)
	viewer := f.s.Upload(t, testkit.ViewerOf(f.org), "/api/v1/frameworks/import", nil, "file", "f.yaml", []byte("x"))
	assert.Equal(t, http.StatusForbidden, viewer.Status, viewer.Raw)
	assert.Zero(t, f.count(`SELECT count(*) FROM frameworks WHERE organization_id = $1`, f.org))
}
