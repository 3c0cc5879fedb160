package app_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Isolation of compliance frameworks and controls: A's frameworks and controls are a 404 for B and absent from B's
// lists; B activating the same library framework gets its own copy; B cannot link to A's control.
func init() {
	isolationExempt["listRuleTargets"] = "the rule-target registry is code, the same for every organisation"
	isolationExempt["listFrameworkLibrary"] = "the library is code, the same for every organisation (the activated flag is read in the caller's scope)"
	isolationCases = append(isolationCases, isolationCase{
		name: "compliance frameworks and controls",
		ops: []string{"activateLibraryFramework", "listFrameworks", "createFramework", "getFramework", "updateFramework",
			"archiveFramework", "restoreFramework", "listControls", "createControl", "getControl", "updateControl",
			"listControlEvidence", "addControlEvidence", "listEvidenceOfEntity", "removeEvidence",
			"listControlRules", "createControlRule", "updateRule", "deleteRule", "getFrameworkStatus"},
		run: func(t *testing.T, x tenants) {
			status, body := do2(t, x.s, x.adminA, http.MethodPost, "/api/v1/frameworks", `{"name":"A-secret-framework"}`)
			require.Equal(t, http.StatusCreated, status, body)
			fw := idOf(t, body)
			status, body = do2(t, x.s, x.adminA, http.MethodPost, "/api/v1/frameworks/"+fw+"/controls", `{"ref":"S.1","title":"A-secret-control"}`)
			require.Equal(t, http.StatusCreated, status, body)
			ctl := idOf(t, body)
			status, body = do2(t, x.s, x.adminA, http.MethodPost, "/api/v1/framework-library/nis2-art21/activate", "")
			require.Equal(t, http.StatusCreated, status, body)
			status, body = do2(t, x.s, x.adminA, http.MethodPost, "/api/v1/assets", `{"name":"A-secret-laptop"}`)
			require.Equal(t, http.StatusCreated, status, body)
			asset := idOf(t, body)
			status, body = do2(t, x.s, x.adminA, http.MethodPost, "/api/v1/controls/"+ctl+"/evidence",
				fmt.Sprintf(`{"entity_type":"asset","entity_id":%q,"description":"A-secret-evidence"}`, asset))
			require.Equal(t, http.StatusCreated, status, body)
			evidence := idOf(t, body)
			status, body = do2(t, x.s, x.adminA, http.MethodPost, "/api/v1/controls/"+ctl+"/rules", `{"target":"data_erasure","frequency_days":30,"description":"A-secret-rule"}`)
			require.Equal(t, http.StatusCreated, status, body)
			rule := idOf(t, body)
			probe(t, x, "/api/v1/frameworks?include_archived=true", "A-secret", [][3]string{
				{http.MethodGet, "/api/v1/frameworks/" + fw, ""},
				{http.MethodPatch, "/api/v1/frameworks/" + fw, `{"name":"x"}`},
				{http.MethodPost, "/api/v1/frameworks/" + fw + "/archive", ""},
				{http.MethodPost, "/api/v1/frameworks/" + fw + "/restore", ""},
				{http.MethodGet, "/api/v1/frameworks/" + fw + "/controls", ""},
				{http.MethodPost, "/api/v1/frameworks/" + fw + "/controls", `{"ref":"X","title":"x"}`},
				{http.MethodGet, "/api/v1/controls/" + ctl, ""},
				{http.MethodPatch, "/api/v1/controls/" + ctl, `{"justification":"x"}`},
				{http.MethodGet, "/api/v1/controls/" + ctl + "/evidence", ""},
				{http.MethodPost, "/api/v1/controls/" + ctl + "/evidence", fmt.Sprintf(`{"entity_type":"asset","entity_id":%q,"description":"x"}`, asset)},
				{http.MethodGet, "/api/v1/evidence?type=asset&id=" + asset, ""},
				{http.MethodDelete, "/api/v1/evidence/" + evidence, ""},
				{http.MethodGet, "/api/v1/controls/" + ctl + "/rules", ""},
				{http.MethodPost, "/api/v1/controls/" + ctl + "/rules", `{"target":"data_erasure","frequency_days":30}`},
				{http.MethodPatch, "/api/v1/rules/" + rule, `{"enabled":false}`},
				{http.MethodDelete, "/api/v1/rules/" + rule, ""},
				{http.MethodGet, "/api/v1/frameworks/" + fw + "/status", ""},
			})
			// B activates the same library framework: its own copy, not A's (no conflict).
			status, body = do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/framework-library/nis2-art21/activate", "")
			require.Equal(t, http.StatusCreated, status, body)
			_, body = do2(t, x.s, x.adminB, http.MethodGet, "/api/v1/controls/"+ctl, "")
			assert.Contains(t, body, "not-found")
			status, body = do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/assets", `{"name":"B laptop"}`)
			require.Equal(t, http.StatusCreated, status, body)
			status, body = do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/links",
				fmt.Sprintf(`{"source_type":"asset","source_id":%q,"target_type":"control","target_id":%q}`, idOf(t, body), ctl))
			assert.Equal(t, http.StatusNotFound, status, body)
		},
	})
}

// Isolation of snapshots, drift and mappings: B sees none of A's, cannot take a snapshot of A's framework, and cannot
// map its own control to one of A's.
func init() {
	isolationCases = append(isolationCases, isolationCase{
		name: "compliance snapshots, drift and mappings",
		ops: []string{"listFrameworkSnapshots", "takeFrameworkSnapshot", "listFrameworkDrift", "listControlMappings",
			"createControlMapping", "updateControlMapping", "deleteControlMapping", "exportFramework", "importFramework"},
		run: func(t *testing.T, x tenants) {
			status, body := do2(t, x.s, x.adminA, http.MethodPost, "/api/v1/frameworks", `{"name":"A-secret-framework"}`)
			require.Equal(t, http.StatusCreated, status, body)
			fw := idOf(t, body)
			var ctl [2]string
			for i := range ctl {
				status, body = do2(t, x.s, x.adminA, http.MethodPost, "/api/v1/frameworks/"+fw+"/controls",
					fmt.Sprintf(`{"ref":"S.%d","title":"A-secret-control"}`, i))
				require.Equal(t, http.StatusCreated, status, body)
				ctl[i] = idOf(t, body)
			}
			status, body = do2(t, x.s, x.adminA, http.MethodPost, "/api/v1/controls/"+ctl[0]+"/mappings",
				fmt.Sprintf(`{"target_control_id":%q,"relation":"related","note":"A-secret-mapping"}`, ctl[1]))
			require.Equal(t, http.StatusCreated, status, body)
			mapping := idOf(t, body)
			status, body = do2(t, x.s, x.adminA, http.MethodPost, "/api/v1/frameworks/"+fw+"/snapshots", "")
			require.Equal(t, http.StatusCreated, status, body)
			probe(t, x, "/api/v1/frameworks?include_archived=true", "A-secret", [][3]string{
				{http.MethodGet, "/api/v1/frameworks/" + fw + "/snapshots", ""},
				{http.MethodPost, "/api/v1/frameworks/" + fw + "/snapshots", ""},
				{http.MethodGet, "/api/v1/frameworks/" + fw + "/drift", ""},
				{http.MethodGet, "/api/v1/controls/" + ctl[0] + "/mappings", ""},
				{http.MethodPost, "/api/v1/controls/" + ctl[0] + "/mappings", fmt.Sprintf(`{"target_control_id":%q,"relation":"related"}`, ctl[1])},
				{http.MethodPatch, "/api/v1/control-mappings/" + mapping, `{"note":"x"}`},
				{http.MethodDelete, "/api/v1/control-mappings/" + mapping, ""},
				{http.MethodGet, "/api/v1/frameworks/" + fw + "/export", ""},
			})
			// B imports a framework of the same name: A's name does not block it (names are unique per organisation).
			file := "format: opsdeck.framework/v1\nframework: {key: a-secret, name: A-secret-framework, version: '1'}\nnodes:\n  - {ref: X.1, title: X, kind: control}\n"
			up := x.s.Upload(t, x.adminB, "/api/v1/frameworks/import", [][2]string{{"dry_run", "false"}}, "file", "f.yaml", []byte(file))
			require.Equal(t, http.StatusCreated, up.Status, up.Raw)
			assert.NotEqual(t, fw, up.Body["framework"].(map[string]any)["id"])
			status, body = do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/frameworks", `{"name":"B framework"}`)
			require.Equal(t, http.StatusCreated, status, body)
			status, body = do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/frameworks/"+idOf(t, body)+"/controls", `{"ref":"B.1","title":"B control"}`)
			require.Equal(t, http.StatusCreated, status, body)
			status, body = do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/controls/"+idOf(t, body)+"/mappings",
				fmt.Sprintf(`{"target_control_id":%q,"relation":"equivalent"}`, ctl[0]))
			assert.Equal(t, http.StatusUnprocessableEntity, status, body)
			assert.NotContains(t, body, "A-secret")
		},
	})
}
