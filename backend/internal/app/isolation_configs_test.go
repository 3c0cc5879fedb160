package app_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Isolation of configurations (CMDB items): A's configuration, its versions and diffs are a 404 for B and absent
// from B's list; B cannot link its own asset to A's configuration.
func init() {
	isolationCases = append(isolationCases, isolationCase{
		name: "configurations",
		ops: []string{"listConfigurations", "createConfiguration", "getConfiguration", "updateConfiguration",
			"archiveConfiguration", "restoreConfiguration", "listConfigurationVersions", "commitConfigurationVersion",
			"getConfigurationVersion", "diffConfigurationVersions"},
		run: func(t *testing.T, x tenants) {
			status, body := do2(t, x.s, x.adminA, http.MethodPost, "/api/v1/configurations",
				`{"name":"A-secret-firewall","kind":"network","document":{"rules":["A-secret-rule"]}}`)
			require.Equal(t, http.StatusCreated, status, body)
			id := idOf(t, body)
			status, body = do2(t, x.s, x.adminA, http.MethodPost, "/api/v1/configurations/"+id+"/versions",
				`{"base_version":1,"message":"A-secret-commit","document":{"rules":["A-secret-rule","A-second"]}}`)
			require.Equal(t, http.StatusCreated, status, body)
			base := "/api/v1/configurations/" + id
			probe(t, x, "/api/v1/configurations?include_archived=true", "A-secret", [][3]string{
				{http.MethodGet, base, ""},
				{http.MethodPatch, base, `{"name":"x"}`},
				{http.MethodPost, base + "/archive", ""},
				{http.MethodPost, base + "/restore", ""},
				{http.MethodGet, base + "/versions", ""},
				{http.MethodPost, base + "/versions", `{"base_version":2,"message":"x","document":{"b":1}}`},
				{http.MethodGet, base + "/versions/1", ""},
				{http.MethodGet, base + "/diff?from=1&to=2", ""},
			})
			// B's own configuration with the same name is fine (names are unique per organisation).
			status, body = do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/configurations", `{"name":"A-secret-firewall","document":{}}`)
			assert.Equal(t, http.StatusCreated, status, body)
			status, body = do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/assets", `{"name":"B router"}`)
			require.Equal(t, http.StatusCreated, status, body)
			status, body = do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/links",
				fmt.Sprintf(`{"source_type":"asset","source_id":%q,"target_type":"configuration","target_id":%q}`, idOf(t, body), id))
			assert.Equal(t, http.StatusNotFound, status, body)
			// A still sees its document unchanged.
			status, body = do2(t, x.s, x.adminA, http.MethodGet, base, "")
			require.Equal(t, http.StatusOK, status, body)
			assert.Contains(t, body, `"current_version":2`)
			assert.Contains(t, body, "A-secret-firewall")
		},
	})
}
