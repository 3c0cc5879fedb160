package compliance_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/compliance"
	"github.com/opsdeck/opsdeck/backend/internal/identity"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

// customControls creates a custom framework with one group and the given controls; it returns the framework and the
// controls' ids by ref.
func customControls(f fixture, name string, refs ...string) (string, map[string]string) {
	f.t.Helper()
	r := f.do(http.MethodPost, "/api/v1/frameworks", fmt.Sprintf(`{"name":%q}`, name))
	require.Equal(f.t, http.StatusCreated, r.Status, r.Raw)
	fw := r.Body["id"].(string)
	group := f.do(http.MethodPost, "/api/v1/frameworks/"+fw+"/controls", `{"ref":"G","title":"Group","kind":"group"}`).Body["id"].(string)
	ids := map[string]string{}
	for _, ref := range refs {
		r := f.do(http.MethodPost, "/api/v1/frameworks/"+fw+"/controls", fmt.Sprintf(`{"ref":%q,"title":"Control %s","parent_id":%q}`, ref, ref, group))
		require.Equal(f.t, http.StatusCreated, r.Status, r.Raw)
		ids[ref] = r.Body["id"].(string)
	}
	return fw, ids
}

func TestSnapshotsGradeDriftAndAnnounceRegressions(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	owner, err := f.s.App.Identity.CreateUser(ctx, identity.NewUser{Email: "owner@acme.example", Name: "Olga Owner"})
	require.NoError(t, err)
	_, err = f.s.App.Identity.AddMember(ctx, f.org, owner.ID, "employee")
	require.NoError(t, err)
	asset := f.do(http.MethodPost, "/api/v1/assets", `{"name":"Core switch","asset_tag":"NET-1"}`).Body["id"].(string)
	require.Equal(t, http.StatusCreated, f.do(http.MethodPost, "/api/v1/maintenance-logs",
		fmt.Sprintf(`{"asset_id":%q,"type":"repair","title":"Fan","status":"done","performed_on":%q}`, asset, daysAgo(10))).Status)
	fw, c := customControls(f, "Operations", "C1", "C2", "C3", "C4", "C5")

	evidence := f.do(http.MethodPost, "/api/v1/controls/"+c["C1"]+"/evidence",
		fmt.Sprintf(`{"entity_type":"asset","entity_id":%q,"description":"Reviewed"}`, asset))
	require.Equal(t, http.StatusCreated, evidence.Status, evidence.Raw)
	rule := f.do(http.MethodPost, "/api/v1/controls/"+c["C2"]+"/rules", `{"target":"maintenance_done","criteria":{"type":["repair"]},"frequency_days":30}`)
	require.Equal(t, http.StatusCreated, rule.Status, rule.Raw)
	require.Equal(t, "compliant", rule.Body["status"])
	require.Equal(t, http.StatusOK, f.do(http.MethodPatch, "/api/v1/controls/"+c["C1"], fmt.Sprintf(`{"owner_user_id":%q}`, owner.ID),
		"If-Match", `"1"`).Status)

	first := f.do(http.MethodPost, "/api/v1/frameworks/"+fw+"/snapshots", "")
	require.Equal(t, http.StatusCreated, first.Status, first.Raw)
	assert.Nil(t, first.Body["previous_id"], "the first snapshot has nothing to compare with")
	assert.EqualValues(t, 0, first.Body["regressions"])
	assert.InDelta(t, 0.4, first.Body["score"], 1e-9, "C1 manual + C2 compliant of 5")
	assert.EqualValues(t, 1, first.Body["counts"].(map[string]any)["manual"])

	// C1 manual → uncovered (high), C2 compliant → non-compliant (critical), C3 uncovered → manual (improvement),
	// C4 uncovered → not applicable (medium); C5 stays uncovered.
	require.Equal(t, http.StatusNoContent, f.do(http.MethodDelete, "/api/v1/evidence/"+evidence.Body["id"].(string), "").Status)
	require.Equal(t, http.StatusOK, f.do(http.MethodPatch, "/api/v1/rules/"+rule.Body["id"].(string), `{"frequency_days":1}`, "If-Match", `"1"`).Status)
	require.Equal(t, http.StatusCreated, f.do(http.MethodPost, "/api/v1/controls/"+c["C3"]+"/evidence",
		fmt.Sprintf(`{"entity_type":"asset","entity_id":%q,"description":"Walkthrough"}`, asset)).Status)
	require.Equal(t, http.StatusOK, f.do(http.MethodPatch, "/api/v1/controls/"+c["C4"],
		`{"applicability":"not_applicable","justification":"No such system"}`, "If-Match", `"1"`).Status)

	second := f.do(http.MethodPost, "/api/v1/frameworks/"+fw+"/snapshots", "")
	require.Equal(t, http.StatusCreated, second.Status, second.Raw)
	assert.Equal(t, first.Body["id"], second.Body["previous_id"])
	assert.EqualValues(t, 3, second.Body["regressions"])
	assert.EqualValues(t, 1, second.Body["improvements"])

	drift := f.do(http.MethodGet, "/api/v1/frameworks/"+fw+"/drift", "")
	require.Equal(t, http.StatusOK, drift.Status, drift.Raw)
	grades := map[string]string{}
	for _, d := range items(drift) {
		grades[d["control_ref"].(string)] = fmt.Sprintf("%s→%s %s", d["from_status"], d["to_status"], d["grade"])
	}
	assert.Equal(t, map[string]string{
		"C1": "manual→uncovered high", "C2": "compliant→non_compliant critical",
		"C3": "uncovered→manual improvement", "C4": "uncovered→not_applicable medium",
	}, grades)
	critical := f.do(http.MethodGet, "/api/v1/frameworks/"+fw+"/drift?grade=critical&grade=high", "")
	require.Equal(t, http.StatusOK, critical.Status, critical.Raw)
	assert.Len(t, items(critical), 2)
	one := f.do(http.MethodGet, "/api/v1/frameworks/"+fw+"/drift?control_id="+c["C3"], "")
	assert.Len(t, items(one), 1)
	bad := f.do(http.MethodGet, "/api/v1/frameworks/"+fw+"/drift?grade=catastrophic", "")
	assert.Equal(t, http.StatusBadRequest, bad.Status, bad.Raw)

	// The regression reached the owner of a regressed control, once, with a link to the drift.
	assert.Equal(t, 1, f.count(`SELECT count(*) FROM notifications WHERE user_id = $1 AND event = $2
		AND link = $3 AND title LIKE 'Operations: 2 control(s) regressed'`, owner.ID, compliance.EventRegression,
		"/compliance/frameworks/"+fw+"/drift"))

	// After downtime, the next snapshot compares with the latest one whatever its age.
	_, err = f.s.DB.Pool.Exec(ctx, `UPDATE compliance_snapshots SET taken_at = taken_at - interval '45 days' WHERE framework_id = $1`, fw)
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, f.do(http.MethodPost, "/api/v1/controls/"+c["C5"]+"/evidence",
		fmt.Sprintf(`{"entity_type":"asset","entity_id":%q,"description":"Late review"}`, asset)).Status)
	n, err := f.s.App.Compliance.SnapshotAll(testkit.AsAdmin(f.org), compliance.TriggerSchedule)
	require.NoError(t, err)
	assert.Equal(t, 1, n, "the active framework")
	list := f.do(http.MethodGet, "/api/v1/frameworks/"+fw+"/snapshots", "")
	require.Equal(t, http.StatusOK, list.Status, list.Raw)
	snaps := items(list)
	require.Len(t, snaps, 3)
	assert.Equal(t, "schedule", snaps[0]["trigger"], "newest first")
	assert.Equal(t, second.Body["id"], snaps[0]["previous_id"])
	assert.EqualValues(t, 1, snaps[0]["improvements"], "C5 uncovered → manual")
	assert.Equal(t, 5, f.count(`SELECT count(*) FROM compliance_drift WHERE framework_id = $1`, fw))
	assert.Equal(t, 3, f.count(`SELECT count(*) FROM audit_events WHERE organization_id = $1 AND entity_type = 'compliance_snapshot'`, f.org))

	// An archived framework is not measured; a viewer cannot take snapshots; nothing changed.
	viewer := f.s.Call(t, testkit.ViewerOf(f.org), http.MethodPost, "/api/v1/frameworks/"+fw+"/snapshots", "")
	assert.Equal(t, http.StatusForbidden, viewer.Status, viewer.Raw)
	require.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/frameworks/"+fw+"/archive", "").Status)
	archived := f.do(http.MethodPost, "/api/v1/frameworks/"+fw+"/snapshots", "")
	assert.Equal(t, http.StatusConflict, archived.Status, archived.Raw)
	assert.Equal(t, 3, f.count(`SELECT count(*) FROM compliance_snapshots WHERE framework_id = $1`, fw))
}

func TestMappingsLetEvidenceCountAcrossFrameworksAsConfigured(t *testing.T) {
	t.Parallel()
	f := setup(t)
	asset := f.do(http.MethodPost, "/api/v1/assets", `{"name":"Backup server","asset_tag":"SRV-9"}`).Body["id"].(string)
	fa, a := customControls(f, "Policy A", "A1", "A2")
	fb, b := customControls(f, "Policy B", "B1", "B2")
	status := func(fw string) map[string]string {
		st := f.do(http.MethodGet, "/api/v1/frameworks/"+fw+"/status", "")
		require.Equal(t, http.StatusOK, st.Status, st.Raw)
		out := map[string]string{}
		for _, c := range st.Body["controls"].([]any) {
			m := c.(map[string]any)
			out[m["ref"].(string)] = m["status"].(string)
		}
		return out
	}
	link := func(ctl string) {
		r := f.do(http.MethodPost, "/api/v1/controls/"+ctl+"/evidence", fmt.Sprintf(`{"entity_type":"asset","entity_id":%q,"description":"Restore test"}`, asset))
		require.Equal(t, http.StatusCreated, r.Status, r.Raw)
	}
	m1 := f.do(http.MethodPost, "/api/v1/controls/"+a["A1"]+"/mappings",
		fmt.Sprintf(`{"target_control_id":%q,"relation":"equivalent","evidence_flow":"source_to_target","note":"Same backup duty"}`, b["B1"]))
	require.Equal(t, http.StatusCreated, m1.Status, m1.Raw)
	assert.Equal(t, "Policy B", m1.Body["target"].(map[string]any)["framework_name"])
	m2 := f.do(http.MethodPost, "/api/v1/controls/"+a["A2"]+"/mappings", fmt.Sprintf(`{"target_control_id":%q,"relation":"related"}`, b["B2"]))
	require.Equal(t, http.StatusCreated, m2.Status, m2.Raw)
	assert.Equal(t, "both", m2.Body["evidence_flow"], "default")
	link(a["A1"]) // flows A1 → B1
	link(b["B2"]) // flows B2 → A2 (both ways)
	assert.Equal(t, map[string]string{"A1": "manual", "A2": "manual"}, status(fa))
	assert.Equal(t, map[string]string{"B1": "manual", "B2": "manual"}, status(fb))

	// Bad requests change nothing.
	for body, want := range map[string]int{
		fmt.Sprintf(`{"target_control_id":%q,"relation":"equivalent"}`, a["A1"]):               http.StatusConflict, // B1–A1 exists the other way
		fmt.Sprintf(`{"target_control_id":%q,"relation":"equivalent"}`, b["B1"]):               http.StatusUnprocessableEntity,
		`{"target_control_id":"6b1f5a52-0000-4000-8000-000000000000","relation":"equivalent"}`: http.StatusUnprocessableEntity,
		fmt.Sprintf(`{"target_control_id":%q,"relation":"identical"}`, b["B2"]):                http.StatusBadRequest,
		fmt.Sprintf(`{"target_control_id":%q}`, b["B2"]):                                       http.StatusBadRequest,
	} {
		r := f.do(http.MethodPost, "/api/v1/controls/"+b["B1"]+"/mappings", body)
		assert.Equal(t, want, r.Status, body+": "+r.Raw)
		assert.Contains(t, r.Header.Get("Content-Type"), "application/problem+json", body)
	}
	assert.Equal(t, 2, f.count(`SELECT count(*) FROM control_mappings WHERE organization_id = $1`, f.org))

	listed := items(f.do(http.MethodGet, "/api/v1/controls/"+b["B1"]+"/mappings", ""))
	require.Len(t, listed, 1, "both directions are listed")
	assert.Equal(t, "A1", listed[0]["source"].(map[string]any)["ref"])

	// Stopping the flow makes B1 uncovered again; a stale version changes nothing.
	path := "/api/v1/control-mappings/" + m1.Body["id"].(string)
	r := f.do(http.MethodPatch, path, `{"evidence_flow":"none"}`, "If-Match", `"1"`)
	require.Equal(t, http.StatusOK, r.Status, r.Raw)
	assert.Equal(t, `"2"`, r.Header.Get("ETag"))
	assert.Equal(t, "uncovered", status(fb)["B1"])
	r = f.do(http.MethodPatch, path, `{"evidence_flow":"both"}`, "If-Match", `"1"`)
	assert.Equal(t, http.StatusPreconditionFailed, r.Status, r.Raw)
	r = f.do(http.MethodDelete, path, "", "If-Match", `"1"`)
	assert.Equal(t, http.StatusPreconditionFailed, r.Status, r.Raw)
	require.Equal(t, http.StatusNoContent, f.do(http.MethodDelete, path, "", "If-Match", `"2"`).Status)
	assert.Empty(t, items(f.do(http.MethodGet, "/api/v1/controls/"+b["B1"]+"/mappings", "")))
	assert.Equal(t, 4, f.count(`SELECT count(*) FROM audit_events WHERE organization_id = $1 AND entity_type = 'control_mapping'`, f.org),
		"two creations, one update, one removal")
}
