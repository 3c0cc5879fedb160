package compliance_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/identity"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

type fixture struct {
	t     *testing.T
	s     *testkit.Server
	org   uuid.UUID
	admin *reqctx.Principal
}

func setup(t *testing.T) fixture {
	t.Helper()
	s := testkit.NewServer(t)
	org := s.Organization("Acme Energy")
	return fixture{t: t, s: s, org: org.ID, admin: testkit.AdminOf(org.ID)}
}

func (f fixture) do(method, path, body string, hdr ...string) testkit.Reply {
	f.t.Helper()
	return f.s.Call(f.t, f.admin, method, path, body, hdr...)
}

func (f fixture) count(sql string, args ...any) int {
	f.t.Helper()
	var n int
	require.NoError(f.t, f.s.DB.Pool.QueryRow(context.Background(), sql, args...).Scan(&n))
	return n
}

func items(r testkit.Reply) []map[string]any {
	var out []map[string]any
	for _, it := range r.Body["items"].([]any) {
		out = append(out, it.(map[string]any))
	}
	return out
}

func TestActivatingALibraryFrameworkCopiesItsTreeOnce(t *testing.T) {
	t.Parallel()
	f := setup(t)
	lib := f.do(http.MethodGet, "/api/v1/framework-library", "")
	require.Equal(t, http.StatusOK, lib.Status, lib.Raw)
	byKey := map[string]map[string]any{}
	for _, it := range items(lib) {
		byKey[it["key"].(string)] = it
	}
	require.Contains(t, byKey, "iso27001-2022")
	assert.EqualValues(t, 93, byKey["iso27001-2022"]["controls"])
	assert.EqualValues(t, 153, byKey["cis-v8"]["controls"])
	assert.Nil(t, byKey["iso27001-2022"]["framework_id"])

	r := f.do(http.MethodPost, "/api/v1/framework-library/iso27001-2022/activate", "")
	require.Equal(t, http.StatusCreated, r.Status, r.Raw)
	fw := r.Body["id"].(string)
	assert.Equal(t, "builtin", r.Body["origin"])
	assert.EqualValues(t, 93, r.Body["controls"])
	assert.EqualValues(t, 93, r.Body["applicable"])
	assert.Equal(t, "2022", r.Body["edition"])

	// The whole tree in reading order: 4 themes and 93 controls, each theme before its controls.
	list := f.do(http.MethodGet, "/api/v1/frameworks/"+fw+"/controls?limit=1000", "")
	require.Equal(t, http.StatusOK, list.Status, list.Raw)
	nodes := items(list)
	require.Len(t, nodes, 97)
	assert.Equal(t, "5", nodes[0]["ref"])
	assert.Equal(t, "group", nodes[0]["kind"])
	assert.Equal(t, "5.1", nodes[1]["ref"])
	assert.Equal(t, nodes[0]["id"], nodes[1]["parent_id"])
	assert.EqualValues(t, 1, nodes[1]["depth"])
	assert.Equal(t, false, nodes[1]["editable"])
	for i, n := range nodes {
		assert.EqualValues(t, i, n["position"])
	}
	// Pages follow each other without gaps.
	page := f.do(http.MethodGet, "/api/v1/frameworks/"+fw+"/controls?limit=50", "")
	next := f.do(http.MethodGet, "/api/v1/frameworks/"+fw+"/controls?limit=50&cursor="+page.Body["next_cursor"].(string), "")
	assert.Equal(t, nodes[50]["id"], items(next)[0]["id"])
	filtered := f.do(http.MethodGet, "/api/v1/frameworks/"+fw+"/controls?q=cloud&kind=control", "")
	assert.EqualValues(t, 1, filtered.Body["total"], filtered.Raw) // 5.23 Information security for use of cloud services

	// One audited creation and one activation entry, not one audit row per control.
	assert.Equal(t, 1, f.count(`SELECT count(*) FROM audit_events WHERE organization_id = $1 AND entity_type = 'framework' AND action = 'activate'`, f.org))
	assert.Equal(t, 0, f.count(`SELECT count(*) FROM audit_events WHERE organization_id = $1 AND entity_type = 'control'`, f.org))

	again := f.do(http.MethodPost, "/api/v1/framework-library/iso27001-2022/activate", "")
	assert.Equal(t, http.StatusConflict, again.Status, again.Raw)
	assert.Contains(t, again.Raw, "ISO/IEC 27001")
	assert.Equal(t, 97, f.count(`SELECT count(*) FROM controls WHERE organization_id = $1`, f.org), "a refused activation adds nothing")
	unknown := f.do(http.MethodPost, "/api/v1/framework-library/iso9001/activate", "")
	assert.Equal(t, http.StatusNotFound, unknown.Status, unknown.Raw)
	bad := f.do(http.MethodPost, "/api/v1/framework-library/ISO!/activate", "")
	assert.Equal(t, http.StatusBadRequest, bad.Status, bad.Raw)

	lib = f.do(http.MethodGet, "/api/v1/framework-library", "")
	for _, it := range items(lib) {
		if it["key"] == "iso27001-2022" {
			assert.Equal(t, fw, it["framework_id"])
		}
	}
}

func TestStatementOfApplicabilityOnABuiltInFramework(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	u, err := f.s.App.Identity.CreateUser(ctx, identity.NewUser{Email: "ciso@acme.example", Name: "Cleo"})
	require.NoError(t, err)
	_, err = f.s.App.Identity.AddMember(ctx, f.org, u.ID, "employee")
	require.NoError(t, err)
	fw := f.do(http.MethodPost, "/api/v1/framework-library/nis2-art21/activate", "").Body["id"].(string)
	ctl := items(f.do(http.MethodGet, "/api/v1/frameworks/"+fw+"/controls?kind=control&limit=1", ""))[0]
	id := ctl["id"].(string)
	path := "/api/v1/controls/" + id

	// The publisher's content is read-only.
	r := f.do(http.MethodPatch, path, `{"title":"Our own words"}`, "If-Match", `"1"`)
	assert.Equal(t, http.StatusConflict, r.Status, r.Raw)
	assert.Contains(t, r.Raw, "publisher")
	// Excluding needs a justification; an owner must be a member.
	r = f.do(http.MethodPatch, path, `{"applicability":"not_applicable"}`, "If-Match", `"1"`)
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status, r.Raw)
	assert.Contains(t, r.Raw, `"justification"`)
	r = f.do(http.MethodPatch, path, fmt.Sprintf(`{"owner_user_id":%q}`, uuid.NewString()), "If-Match", `"1"`)
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status, r.Raw)
	assert.Contains(t, r.Raw, `"owner_user_id"`)
	assert.Equal(t, 0, f.count(`SELECT count(*) FROM controls WHERE id = $1 AND version > 1`, id), "refusals change nothing")

	r = f.do(http.MethodPatch, path, fmt.Sprintf(`{"applicability":"not_applicable","justification":"No network and information systems in scope","owner_user_id":%q}`, u.ID), "If-Match", `"1"`)
	require.Equal(t, http.StatusOK, r.Status, r.Raw)
	assert.Equal(t, "not_applicable", r.Body["applicability"])
	assert.Equal(t, "Cleo", r.Body["owner_name"])
	assert.Equal(t, `"2"`, r.Header.Get("ETag"))
	stale := f.do(http.MethodPatch, path, `{"applicability":"applicable"}`, "If-Match", `"1"`)
	assert.Equal(t, http.StatusPreconditionFailed, stale.Status, stale.Raw)
	got := f.do(http.MethodGet, "/api/v1/frameworks/"+fw, "")
	assert.EqualValues(t, 9, got.Body["applicable"])
	assert.EqualValues(t, 1, got.Body["not_applicable"])
	assert.Equal(t, 1, f.count(`SELECT count(*) FROM audit_events WHERE entity_type = 'control' AND entity_id = $1 AND action = 'update'`, id))

	// A built-in framework: only active changes; archiving hides it and blocks its controls.
	r = f.do(http.MethodPatch, "/api/v1/frameworks/"+fw, `{"name":"Renamed"}`, "If-Match", `"1"`)
	assert.Equal(t, http.StatusConflict, r.Status, r.Raw)
	r = f.do(http.MethodPatch, "/api/v1/frameworks/"+fw, `{"active":false}`, "If-Match", `"1"`)
	require.Equal(t, http.StatusOK, r.Status, r.Raw)
	assert.Equal(t, false, r.Body["active"])
	require.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/frameworks/"+fw+"/archive", "").Status)
	assert.EqualValues(t, 0, f.do(http.MethodGet, "/api/v1/frameworks", "").Body["total"])
	r = f.do(http.MethodPatch, path, `{"justification":"x"}`, "If-Match", `"2"`)
	assert.Equal(t, http.StatusConflict, r.Status, r.Raw)
	r = f.do(http.MethodPost, "/api/v1/framework-library/nis2-art21/activate", "")
	assert.Equal(t, http.StatusConflict, r.Status, r.Raw)
	assert.Contains(t, r.Raw, "restore it")

	// A viewer reads the SoA but cannot change it.
	viewer := testkit.ViewerOf(f.org)
	assert.Equal(t, http.StatusOK, f.s.Call(t, viewer, http.MethodGet, path, "").Status)
	assert.Equal(t, http.StatusForbidden, f.s.Call(t, viewer, http.MethodPatch, path, `{"justification":"y"}`).Status)
}

func TestCustomFrameworkTreeKeepsReadingOrder(t *testing.T) {
	t.Parallel()
	f := setup(t)
	r := f.do(http.MethodPost, "/api/v1/frameworks", `{"name":"Customer questionnaire","edition":"2026","publisher":"Big Bank"}`)
	require.Equal(t, http.StatusCreated, r.Status, r.Raw)
	fw := r.Body["id"].(string)
	assert.Equal(t, "custom", r.Body["origin"])
	dup := f.do(http.MethodPost, "/api/v1/frameworks", `{"name":"customer QUESTIONNAIRE"}`)
	assert.Equal(t, http.StatusConflict, dup.Status, dup.Raw)

	add := func(body string) testkit.Reply {
		return f.do(http.MethodPost, "/api/v1/frameworks/"+fw+"/controls", body)
	}
	a := add(`{"ref":"A","title":"Access","kind":"group"}`)
	require.Equal(t, http.StatusCreated, a.Status, a.Raw)
	b := add(`{"ref":"B","title":"Backups","kind":"group"}`)
	require.Equal(t, http.StatusCreated, b.Status, b.Raw)
	a1 := add(fmt.Sprintf(`{"ref":"A.1","title":"MFA everywhere","parent_id":%q}`, a.Body["id"]))
	require.Equal(t, http.StatusCreated, a1.Status, a1.Raw)
	a1a := add(fmt.Sprintf(`{"ref":"A.1.a","title":"Admins","kind":"requirement","parent_id":%q}`, a1.Body["id"]))
	require.Equal(t, http.StatusCreated, a1a.Status, a1a.Raw)
	a2 := add(fmt.Sprintf(`{"ref":"A.2","title":"Reviews","parent_id":%q}`, a.Body["id"]))
	require.Equal(t, http.StatusCreated, a2.Status, a2.Raw)
	assert.EqualValues(t, 2, a1a.Body["depth"])
	assert.Equal(t, true, a2.Body["editable"])

	var refs []string
	for _, n := range items(f.do(http.MethodGet, "/api/v1/frameworks/"+fw+"/controls", "")) {
		refs = append(refs, n["ref"].(string))
	}
	assert.Equal(t, []string{"A", "A.1", "A.1.a", "A.2", "B"}, refs, "each node goes at the end of its parent's subtree")

	for body, want := range map[string]string{
		`{"ref":"X","title":"Loose requirement","kind":"requirement"}`:                                     "a requirement goes under a control",
		fmt.Sprintf(`{"ref":"Y","title":"Group in control","kind":"group","parent_id":%q}`, a1.Body["id"]): "only requirements go under a control",
		fmt.Sprintf(`{"ref":"Z","title":"Elsewhere","parent_id":%q}`, uuid.NewString()):                    "parent_id",
		`{"ref":"  ","title":"No ref"}`:                              `"ref"`,
		`{"ref":"Q","title":"Out","applicability":"not_applicable"}`: "justification",
	} {
		r := add(body)
		assert.Equal(t, http.StatusUnprocessableEntity, r.Status, body+": "+r.Raw)
		assert.Contains(t, r.Raw, want, body)
	}
	r = add(`{"ref":"a.1","title":"Same ref, other case"}`)
	assert.Equal(t, http.StatusConflict, r.Status, r.Raw)
	assert.Equal(t, 5, f.count(`SELECT count(*) FROM controls WHERE framework_id = $1`, fw), "refused nodes are not added")

	// A custom framework's content is the organisation's.
	r = f.do(http.MethodPatch, "/api/v1/controls/"+a2.Body["id"].(string), `{"title":"Quarterly access reviews"}`, "If-Match", `"1"`)
	require.Equal(t, http.StatusOK, r.Status, r.Raw)
	assert.Equal(t, "Quarterly access reviews", r.Body["title"])
	r = f.do(http.MethodPatch, "/api/v1/frameworks/"+fw, `{"name":"Bank questionnaire"}`, "If-Match", `"1"`)
	require.Equal(t, http.StatusOK, r.Status, r.Raw)

	// Built-in trees are the publisher's.
	iso := f.do(http.MethodPost, "/api/v1/framework-library/iso27001-2022/activate", "").Body["id"].(string)
	r = f.do(http.MethodPost, "/api/v1/frameworks/"+iso+"/controls", `{"ref":"5.99","title":"Extra"}`)
	assert.Equal(t, http.StatusConflict, r.Status, r.Raw)
}

func TestDemoSeedActivatesISOAndNIS2WithAStatementOfApplicability(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	ctx := context.Background()
	_, err := s.App.SeedDemo(ctx)
	require.NoError(t, err)
	var acme string
	require.NoError(t, s.DB.Pool.QueryRow(ctx, "SELECT id::text FROM organizations WHERE slug = 'acme-energy'").Scan(&acme))
	f := fixture{t: t, s: s, org: uuid.MustParse(acme), admin: testkit.AdminOf(uuid.MustParse(acme))}
	list := f.do(http.MethodGet, "/api/v1/frameworks", "")
	require.Equal(t, http.StatusOK, list.Status, list.Raw)
	byKey := map[string]map[string]any{}
	for _, fw := range items(list) {
		byKey[fw["key"].(string)] = fw
	}
	require.Contains(t, byKey, "iso27001-2022")
	require.Contains(t, byKey, "nis2-art21")
	assert.EqualValues(t, 3, byKey["iso27001-2022"]["not_applicable"])
	assert.EqualValues(t, 90, byKey["iso27001-2022"]["applicable"])
	owned := f.count(`SELECT count(*) FROM controls WHERE organization_id = $1 AND owner_user_id IS NOT NULL`, f.org)
	assert.Greater(t, owned, 50)
	// The dashboard shows a mix: rules met and missed, evidence without rules, and gaps.
	st := f.do(http.MethodGet, "/api/v1/frameworks/"+byKey["iso27001-2022"]["id"].(string)+"/status", "")
	require.Equal(t, http.StatusOK, st.Status, st.Raw)
	counts := st.Body["counts"].(map[string]any)
	for _, k := range []string{"compliant", "non_compliant", "manual", "uncovered", "not_applicable"} {
		assert.Positive(t, counts[k], k+": %v", counts)
	}
	for _, typ := range []string{"maintenance_log", "disposal", "inventory_campaign", "configuration", "asset"} {
		assert.Positive(t, f.count(`SELECT count(*) FROM compliance_links WHERE organization_id = $1 AND entity_type = $2`, f.org, typ), typ)
	}
	// A quarter of weekly snapshots ends with today's status: a rising score and a drift history with a recent
	// critical regression.
	iso := byKey["iso27001-2022"]["id"].(string)
	snaps := items(f.do(http.MethodGet, "/api/v1/frameworks/"+iso+"/snapshots?limit=50", ""))
	require.Len(t, snaps, 13)
	assert.InDelta(t, st.Body["score"], snaps[0]["score"], 1e-5, "the newest snapshot is today's status")
	assert.Less(t, snaps[12]["score"], snaps[0]["score"], "coverage grew over the quarter")
	assert.Equal(t, 13, f.count(`SELECT count(*) FROM compliance_snapshots WHERE framework_id = $1`, byKey["nis2-art21"]["id"]))
	critical := items(f.do(http.MethodGet, "/api/v1/frameworks/"+iso+"/drift?grade=critical", ""))
	assert.NotEmpty(t, critical)
	assert.NotEmpty(t, items(f.do(http.MethodGet, "/api/v1/frameworks/"+iso+"/drift?grade=improvement", "")))
	// Seeding again adds nothing.
	_, err = s.App.SeedDemo(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, f.count(`SELECT count(*) FROM frameworks WHERE organization_id = $1`, f.org))
	assert.Equal(t, owned, f.count(`SELECT count(*) FROM controls WHERE organization_id = $1 AND owner_user_id IS NOT NULL`, f.org))
	assert.Equal(t, 26, f.count(`SELECT count(*) FROM compliance_snapshots WHERE organization_id = $1`, f.org))
}

func TestEvidenceLinksAControlToAnyRecordBothWays(t *testing.T) {
	t.Parallel()
	f := setup(t)
	fw := f.do(http.MethodPost, "/api/v1/framework-library/iso27001-2022/activate", "").Body["id"].(string)
	var ctl, other string
	for _, n := range items(f.do(http.MethodGet, "/api/v1/frameworks/"+fw+"/controls?q=8.10&kind=control", "")) {
		if n["ref"] == "8.10" { // Information deletion
			ctl = n["id"].(string)
		}
	}
	for _, n := range items(f.do(http.MethodGet, "/api/v1/frameworks/"+fw+"/controls?q=5.9&kind=control", "")) {
		if n["ref"] == "5.9" { // Inventory of information and other associated assets
			other = n["id"].(string)
		}
	}
	require.NotEmpty(t, ctl)
	require.NotEmpty(t, other)
	asset := f.do(http.MethodPost, "/api/v1/assets", `{"name":"Old laptop","asset_tag":"AC-9"}`).Body["id"].(string)
	log := f.do(http.MethodPost, "/api/v1/maintenance-logs", fmt.Sprintf(`{"asset_id":%q,"type":"data_erasure","title":"Wipe before disposal",
		"status":"done","performed_on":"2026-11-02","erasure_method":"purge"}`, asset))
	require.Equal(t, http.StatusCreated, log.Status, log.Raw)

	add := func(control, body string) testkit.Reply {
		return f.do(http.MethodPost, "/api/v1/controls/"+control+"/evidence", body)
	}
	r := add(ctl, fmt.Sprintf(`{"entity_type":"maintenance_log","entity_id":%q,"description":"NIST 800-88 purge recorded for each disposed laptop",
		"effective_from":"2026-11-02","effective_to":"2027-11-01"}`, log.Body["id"]))
	require.Equal(t, http.StatusCreated, r.Status, r.Raw)
	evidence := r.Body["id"].(string)
	assert.Equal(t, "8.10", r.Body["control_ref"])
	assert.Equal(t, "maintenance_log", r.Body["entity"].(map[string]any)["type"])
	assert.Equal(t, "2027-11-01", r.Body["effective_to"])
	require.Equal(t, http.StatusCreated, add(other, fmt.Sprintf(`{"entity_type":"asset","entity_id":%q,"description":"In the asset register"}`, asset)).Status)
	require.Equal(t, http.StatusCreated, add(ctl, fmt.Sprintf(`{"entity_type":"asset","entity_id":%q,"description":"Its erasure is logged"}`, asset)).Status)

	// Refusals change nothing.
	before := f.count(`SELECT count(*) FROM compliance_links WHERE organization_id = $1`, f.org)
	for body, want := range map[string]int{
		fmt.Sprintf(`{"entity_type":"asset","entity_id":%q,"description":"Again"}`, asset):                                                          http.StatusConflict,
		fmt.Sprintf(`{"entity_type":"toaster","entity_id":%q,"description":"x"}`, asset):                                                            http.StatusUnprocessableEntity,
		fmt.Sprintf(`{"entity_type":"asset","entity_id":%q,"description":"x"}`, uuid.NewString()):                                                   http.StatusNotFound,
		fmt.Sprintf(`{"entity_type":"asset","entity_id":%q,"description":"   "}`, asset):                                                            http.StatusUnprocessableEntity,
		fmt.Sprintf(`{"entity_type":"control","entity_id":%q,"description":"Itself"}`, ctl):                                                         http.StatusUnprocessableEntity,
		fmt.Sprintf(`{"entity_type":"location","entity_id":%q,"description":"x","effective_from":"2026-02-01","effective_to":"2026-01-01"}`, asset): http.StatusUnprocessableEntity,
	} {
		r := add(ctl, body)
		assert.Equal(t, want, r.Status, body+": "+r.Raw)
		assert.Contains(t, r.Header.Get("Content-Type"), "application/problem+json")
	}
	assert.Equal(t, before, f.count(`SELECT count(*) FROM compliance_links WHERE organization_id = $1`, f.org))

	list := f.do(http.MethodGet, "/api/v1/controls/"+ctl+"/evidence", "")
	require.Equal(t, http.StatusOK, list.Status, list.Raw)
	assert.EqualValues(t, 2, list.Body["total"])
	assert.Equal(t, "Old laptop (AC-9)", items(list)[0]["entity"].(map[string]any)["label"], "newest first, with the record's label")
	supports := f.do(http.MethodGet, "/api/v1/evidence?type=asset&id="+asset, "")
	require.Equal(t, http.StatusOK, supports.Status, supports.Raw)
	var refs []string
	for _, e := range items(supports) {
		refs = append(refs, e["control_ref"].(string))
	}
	assert.ElementsMatch(t, []string{"5.9", "8.10"}, refs)
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodGet, "/api/v1/evidence?type=asset&id="+uuid.NewString(), "").Status)

	// A member who reads compliance but not assets sees no asset evidence, and may not ask for an asset's.
	auditor := testkit.Member(f.org, map[string]reqctx.Level{"compliance": reqctx.LevelRead})
	r = f.s.Call(t, auditor, http.MethodGet, "/api/v1/controls/"+ctl+"/evidence", "")
	require.Equal(t, http.StatusOK, r.Status, r.Raw)
	assert.EqualValues(t, 0, r.Body["total"])
	assert.Equal(t, http.StatusForbidden, f.s.Call(t, auditor, http.MethodGet, "/api/v1/evidence?type=asset&id="+asset, "").Status)

	// Removing evidence keeps both ends; it is audited.
	r = f.do(http.MethodDelete, "/api/v1/evidence/"+evidence, "", "If-Match", `"2"`)
	assert.Equal(t, http.StatusPreconditionFailed, r.Status, r.Raw)
	r = f.do(http.MethodDelete, "/api/v1/evidence/"+evidence, "")
	require.Equal(t, http.StatusNoContent, r.Status, r.Raw)
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodDelete, "/api/v1/evidence/"+evidence, "").Status)
	assert.Equal(t, 1, f.count(`SELECT count(*) FROM audit_events WHERE entity_type = 'compliance_link' AND action = 'delete'`))
	assert.EqualValues(t, 1, f.do(http.MethodGet, "/api/v1/controls/"+ctl+"/evidence", "").Body["total"])

	// Deleting a record (a database row, whatever removes it) takes its evidence with it.
	loc := f.do(http.MethodPost, "/api/v1/locations", `{"name":"Old site"}`).Body["id"].(string)
	require.Equal(t, http.StatusCreated, add(other, fmt.Sprintf(`{"entity_type":"location","entity_id":%q,"description":"Site register"}`, loc)).Status)
	_, err := f.s.DB.Pool.Exec(context.Background(), `DELETE FROM locations WHERE id = $1`, loc)
	require.NoError(t, err)
	assert.Equal(t, 0, f.count(`SELECT count(*) FROM compliance_links WHERE entity_id = $1`, loc))
}

func daysAgo(n int) string { return time.Now().UTC().AddDate(0, 0, -n).Format(time.DateOnly) }

// Rule statuses at every boundary, control statuses and the score, from one framework status call.
func TestRulesScoreControlsAtEveryBoundary(t *testing.T) {
	t.Parallel()
	f := setup(t)
	asset := f.do(http.MethodPost, "/api/v1/assets", `{"name":"Core switch","asset_tag":"NET-1"}`).Body["id"].(string)
	logs := map[string]string{}
	// One maintenance type per age, so that each rule (criteria on its type) sees exactly one newest record.
	for typ, age := range map[string]int{"repair": 30, "planned": 31, "upgrade": 40, "inspection": 41} {
		r := f.do(http.MethodPost, "/api/v1/maintenance-logs", fmt.Sprintf(`{"asset_id":%q,"type":%q,"title":"%s","status":"done","performed_on":%q}`,
			asset, typ, typ, daysAgo(age)))
		require.Equal(t, http.StatusCreated, r.Status, r.Raw)
		logs[typ] = r.Body["id"].(string)
	}
	fw := f.do(http.MethodPost, "/api/v1/frameworks", `{"name":"Operations"}`).Body["id"].(string)
	group := f.do(http.MethodPost, "/api/v1/frameworks/"+fw+"/controls", `{"ref":"OPS","title":"Operations","kind":"group"}`).Body["id"].(string)
	control := func(ref string, extra string) string {
		r := f.do(http.MethodPost, "/api/v1/frameworks/"+fw+"/controls", fmt.Sprintf(`{"ref":%q,"title":"Control %s","parent_id":%q%s}`, ref, ref, group, extra))
		require.Equal(t, http.StatusCreated, r.Status, r.Raw)
		return r.Body["id"].(string)
	}
	rule := func(ctl, body string) testkit.Reply {
		return f.do(http.MethodPost, "/api/v1/controls/"+ctl+"/rules", body)
	}
	watch := func(typ string) string {
		return fmt.Sprintf(`{"target":"maintenance_done","criteria":{"type":[%q]},"frequency_days":30,"grace_days":10}`, typ)
	}
	atFrequency, justAfter, atGrace, afterGrace := control("C1", ""), control("C2", ""), control("C3", ""), control("C4", "")
	noRecord, disabled, manual, uncovered := control("C5", ""), control("C6", ""), control("C7", ""), control("C8", "")
	expired, linked := control("C9", ""), control("C10", "")
	na := control("C11", `,"applicability":"not_applicable","justification":"Out of scope"`)
	want := map[string]string{}
	for ctl, c := range map[string]struct{ typ, status string }{
		atFrequency: {"repair", "compliant"}, justAfter: {"planned", "warning"}, atGrace: {"upgrade", "warning"},
		afterGrace: {"inspection", "non_compliant"}, noRecord: {"unplanned", "non_compliant"},
	} {
		r := rule(ctl, watch(c.typ))
		require.Equal(t, http.StatusCreated, r.Status, r.Raw)
		assert.Equal(t, c.status, r.Body["status"], c.typ)
		want[ctl] = c.status
	}
	r := rule(atFrequency, watch("repair"))
	assert.Equal(t, daysAgo(30), r.Body["newest_at"].(string)[:10])
	assert.Equal(t, daysAgo(0), r.Body["next_due"], "due today: newest + frequency")
	r = rule(noRecord, watch("unplanned"))
	assert.Nil(t, r.Body["next_due"])
	// A disabled rule says nothing (unknown) and leaves its control uncovered.
	r = rule(disabled, `{"target":"maintenance_done","criteria":{"type":["inspection"]},"frequency_days":30,"enabled":false}`)
	require.Equal(t, http.StatusCreated, r.Status, r.Raw)
	assert.Equal(t, "unknown", r.Body["status"])
	want[disabled] = "uncovered"
	// Evidence in effect without a rule: manual; evidence whose period ended: uncovered.
	require.Equal(t, http.StatusCreated, f.do(http.MethodPost, "/api/v1/controls/"+manual+"/evidence",
		fmt.Sprintf(`{"entity_type":"asset","entity_id":%q,"description":"Reviewed by hand","effective_to":%q}`, asset, daysAgo(0))).Status)
	want[manual] = "manual"
	want[uncovered] = "uncovered"
	require.Equal(t, http.StatusCreated, f.do(http.MethodPost, "/api/v1/controls/"+expired+"/evidence",
		fmt.Sprintf(`{"entity_type":"asset","entity_id":%q,"description":"Old review","effective_to":%q}`, asset, daysAgo(1))).Status)
	want[expired] = "uncovered"
	// A rule scoped to the control's evidence sees only linked records.
	r = rule(linked, `{"target":"maintenance_done","scope":"linked","frequency_days":30}`)
	require.Equal(t, http.StatusCreated, r.Status, r.Raw)
	assert.Equal(t, "non_compliant", r.Body["status"], "no linked record yet")
	require.Equal(t, http.StatusCreated, f.do(http.MethodPost, "/api/v1/controls/"+linked+"/evidence",
		fmt.Sprintf(`{"entity_type":"maintenance_log","entity_id":%q,"description":"The switch repair"}`, logs["repair"])).Status)
	rules := f.do(http.MethodGet, "/api/v1/controls/"+linked+"/rules", "")
	assert.Equal(t, "compliant", items(rules)[0]["status"])
	want[linked] = "compliant"
	want[na] = "not_applicable"
	// The worst enabled rule decides: a compliant rule next to a non-compliant one.
	require.Equal(t, http.StatusCreated, rule(atFrequency, watch("inspection")).Status)
	want[atFrequency] = "non_compliant"

	st := f.do(http.MethodGet, "/api/v1/frameworks/"+fw+"/status", "")
	require.Equal(t, http.StatusOK, st.Status, st.Raw)
	got := map[string]string{}
	for _, c := range st.Body["controls"].([]any) {
		m := c.(map[string]any)
		got[m["control_id"].(string)] = m["status"].(string)
	}
	assert.Equal(t, want, got)
	counts := st.Body["counts"].(map[string]any)
	assert.EqualValues(t, 1, counts["compliant"])
	assert.EqualValues(t, 2, counts["warning"])
	assert.EqualValues(t, 3, counts["non_compliant"])
	assert.EqualValues(t, 1, counts["manual"])
	assert.EqualValues(t, 3, counts["uncovered"])
	assert.EqualValues(t, 1, counts["not_applicable"])
	assert.EqualValues(t, 10, st.Body["applicable"])
	assert.InDelta(t, 0.2, st.Body["score"], 1e-9, "(1 compliant + 1 manual) / 10 applicable")
}

func TestRulesRefuseWhatTheirTargetDoesNotAccept(t *testing.T) {
	t.Parallel()
	f := setup(t)
	targets := f.do(http.MethodGet, "/api/v1/rule-targets", "")
	require.Equal(t, http.StatusOK, targets.Status, targets.Raw)
	var names []string
	for _, it := range items(targets) {
		names = append(names, it["name"].(string))
	}
	assert.Subset(t, names, []string{"maintenance_done", "data_erasure", "disposal_recorded", "inventory_completed", "configuration_versioned"})
	fw := f.do(http.MethodPost, "/api/v1/frameworks", `{"name":"Ops"}`).Body["id"].(string)
	group := f.do(http.MethodPost, "/api/v1/frameworks/"+fw+"/controls", `{"ref":"G","title":"Group","kind":"group"}`).Body["id"].(string)
	ctl := f.do(http.MethodPost, "/api/v1/frameworks/"+fw+"/controls", fmt.Sprintf(`{"ref":"G.1","title":"One","parent_id":%q}`, group)).Body["id"].(string)
	for body, field := range map[string]string{
		`{"target":"coffee_brewed","frequency_days":1}`:                                 "target",
		`{"target":"data_erasure","criteria":{"colour":["red"]},"frequency_days":30}`:   "criteria.colour",
		`{"target":"data_erasure","criteria":{"method":["shred"]},"frequency_days":30}`: "criteria.method",
		`{"target":"data_erasure","criteria":{"method":[]},"frequency_days":30}`:        "criteria.method",
	} {
		r := f.do(http.MethodPost, "/api/v1/controls/"+ctl+"/rules", body)
		assert.Equal(t, http.StatusUnprocessableEntity, r.Status, body+": "+r.Raw)
		assert.Contains(t, r.Raw, `"`+field+`"`, body)
	}
	r := f.do(http.MethodPost, "/api/v1/controls/"+ctl+"/rules", `{"target":"data_erasure","frequency_days":0}`)
	assert.Equal(t, http.StatusBadRequest, r.Status, r.Raw)
	r = f.do(http.MethodPost, "/api/v1/controls/"+ctl+"/rules", `{"target":"data_erasure","frequency_days":30,"description":"`+strings.Repeat("x", 2001)+`"}`)
	assert.Equal(t, http.StatusBadRequest, r.Status, r.Raw)
	r = f.do(http.MethodPost, "/api/v1/controls/"+group+"/rules", `{"target":"data_erasure","frequency_days":30}`)
	assert.Equal(t, http.StatusConflict, r.Status, r.Raw)
	assert.Equal(t, 0, f.count(`SELECT count(*) FROM compliance_rules WHERE organization_id = $1`, f.org))

	r = f.do(http.MethodPost, "/api/v1/controls/"+ctl+"/rules", `{"target":"inventory_completed","frequency_days":365,"grace_days":30}`)
	require.Equal(t, http.StatusCreated, r.Status, r.Raw)
	id := r.Body["id"].(string)
	r = f.do(http.MethodPatch, "/api/v1/rules/"+id, `{"enabled":false}`, "If-Match", `"1"`)
	require.Equal(t, http.StatusOK, r.Status, r.Raw)
	assert.Equal(t, "unknown", r.Body["status"])
	assert.Equal(t, http.StatusPreconditionFailed, f.do(http.MethodPatch, "/api/v1/rules/"+id, `{"enabled":true}`, "If-Match", `"1"`).Status)
	r = f.do(http.MethodPatch, "/api/v1/rules/"+id, `{"criteria":{"type":["x"]}}`, "If-Match", `"2"`)
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status, r.Raw)
	assert.Equal(t, http.StatusNoContent, f.do(http.MethodDelete, "/api/v1/rules/"+id, "", "If-Match", `"2"`).Status)
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodDelete, "/api/v1/rules/"+id, "").Status)
	assert.Equal(t, 2, f.count(`SELECT count(*) FROM audit_events WHERE entity_type = 'compliance_rule' AND action IN ('create', 'delete')`))
}
