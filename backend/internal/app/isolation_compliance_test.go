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
