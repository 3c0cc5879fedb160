package library_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/compliance/library"
)

func refsOf(f *library.File) map[string]string {
	out := map[string]string{}
	_ = library.Walk(f.Nodes, func(n *library.Node, anc []*library.Node) error {
		parent := ""
		if len(anc) > 0 {
			parent = anc[len(anc)-1].Ref
		}
		out[n.Ref] = n.Kind + " under " + parent
		return nil
	})
	return out
}

func TestOSCALCatalogBecomesAFrameworkTree(t *testing.T) {
	data, err := os.ReadFile("testdata/oscal-mini-catalog.json")
	require.NoError(t, err)
	require.True(t, library.IsOSCALCatalog(data))
	f, err := library.ParseOSCALCatalog(data, "")
	require.NoError(t, err)
	require.NoError(t, f.Validate())
	assert.Equal(t, "oscal-mini-security-catalog", f.Framework.Key)
	assert.Equal(t, "Mini Security Catalog", f.Framework.Name)
	assert.Equal(t, "2.0", f.Framework.Version)
	assert.Equal(t, "OpsDeck test suite", f.Framework.Publisher)
	assert.Equal(t, map[string]string{
		"AC": "group under ", "AC-1": "control under AC", "AC-2": "control under AC", "AC-2(1)": "requirement under AC-2",
		"CP": "group under ", "CP-9": "control under CP", "CP-9(1)": "requirement under CP-9",
		"CP-9(1)(x)": "requirement under CP-9", // deeper nesting is flattened under the control
	}, refsOf(f), "withdrawn AC-2(10) and AC-13 are left out; group ids upper-cased as refs")
	assert.Equal(t, 2, f.Count(library.KindGroup))
	assert.Equal(t, 3, f.Count(library.KindControl))
	assert.Equal(t, 3, f.Count(library.KindRequirement))

	ac1 := f.Nodes[0].Children[0]
	assert.Equal(t, "a. Develop an access control policy and share it with [organization-defined personnel];\nb. Review the policy every year.",
		ac1.Description)
	assert.Equal(t, "Policies say who may reach what.", ac1.Guidance)
	assert.Equal(t, []string{"ac"}, ac1.Attributes["family"])
	assert.Equal(t, []string{"ac-01"}, ac1.Attributes["sort_id"])
	cp9 := f.Nodes[1].Children[0]
	assert.Equal(t, "Back up user-level information [daily | weekly]; keep copies for [cp-9_prm_2].", cp9.Description,
		"a selection reads as its choices, an unknown parameter as its id")
	assert.Equal(t, "Keep operating when things break.", f.Nodes[1].Description)
}

func TestOSCALExportReadsBackToTheSameTree(t *testing.T) {
	data, err := os.ReadFile("testdata/oscal-mini-catalog.json")
	require.NoError(t, err)
	f, err := library.ParseOSCALCatalog(data, "mini")
	require.NoError(t, err)
	out, err := json.Marshal(library.OSCALCatalogOf(f, [16]byte{1, 2, 3}))
	require.NoError(t, err)
	back, err := library.ParseOSCALCatalog(out, "mini")
	require.NoError(t, err)
	require.NoError(t, back.Validate())
	assert.Equal(t, refsOf(f), refsOf(back))
	assert.Equal(t, f.Nodes[0].Children[0].Description, back.Nodes[0].Children[0].Description)
	assert.Equal(t, f.Nodes[1].Description, back.Nodes[1].Description)

	// Every built-in framework survives the trip too (ids made from refs stay unique and valid).
	all, err := library.All()
	require.NoError(t, err)
	for _, lib := range all {
		out, err := json.Marshal(library.OSCALCatalogOf(lib, [16]byte{}))
		require.NoError(t, err)
		back, err := library.ParseOSCALCatalog(out, lib.Framework.Key)
		require.NoError(t, err, lib.Framework.Key)
		require.NoError(t, back.Validate(), lib.Framework.Key)
		assert.Equal(t, refsOf(lib), refsOf(back), lib.Framework.Key)
		assert.Equal(t, lib.Count(library.KindControl), back.Count(library.KindControl), lib.Framework.Key)
	}
}

func TestBadOSCALInputIsRefusedWithAReason(t *testing.T) {
	for doc, want := range map[string]string{
		`{"profile":{}}`: `no "catalog" object`,
		`{"catalog":{"metadata":{"title":"Empty"}}}`: "no group or control",
		`{"catalog":`: "parse OSCAL catalog",
		`{"catalog":{"metadata":{"title":"X"},"controls":[{"id":"x-1","title":"A","props":[{"name":"label","value":"X-1"}]},{"id":"x-2","title":"B","props":[{"name":"label","value":"X-1"}]}]}}`: "",
	} {
		f, err := library.ParseOSCALCatalog([]byte(doc), "")
		if want != "" {
			require.Error(t, err, doc)
			assert.Contains(t, err.Error(), want, doc)
			continue
		}
		require.NoError(t, err, doc)
		err = f.Validate()
		require.Error(t, err, "duplicate labels are caught by Validate")
		assert.Contains(t, err.Error(), `duplicate ref "X-1"`)
	}
	assert.False(t, library.IsOSCALCatalog([]byte("format: opsdeck.framework/v1")))
	assert.False(t, library.IsOSCALCatalog([]byte(`{"format":"opsdeck.framework/v1"}`)))
}

func FuzzParseOSCALCatalog(f *testing.F) {
	seed, err := os.ReadFile("testdata/oscal-mini-catalog.json")
	require.NoError(f, err)
	f.Add(seed)
	f.Add([]byte(`{"catalog":{"groups":[{"id":"g","title":"G","groups":[{"id":"h","title":"H"}]}]}}`))
	f.Add([]byte(`{"catalog":{"controls":[{"id":"c","title":"{{ insert: param, p }}","controls":[{"id":"d","title":"D"}]}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := library.ParseOSCALCatalog(data, "")
		if err != nil {
			return
		}
		if file.Validate() == nil {
			// A valid result can be written back and read again.
			out, err := json.Marshal(library.OSCALCatalogOf(file, [16]byte{}))
			require.NoError(t, err)
			_, err = library.ParseOSCALCatalog(out, file.Framework.Key)
			require.NoError(t, err)
		}
	})
}
