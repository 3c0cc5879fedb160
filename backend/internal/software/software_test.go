package software_test

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
	s     *testkit.Server
	org   uuid.UUID
	admin *reqctx.Principal
	t     *testing.T
}

func setup(t *testing.T) fixture {
	t.Helper()
	s := testkit.NewServer(t)
	org := s.Organization("Acme Energy")
	admin := testkit.AdminOf(org.ID)
	admin.AuthTime = time.Now() // signed in just now: reading a key needs a recent sign-in
	return fixture{s: s, org: org.ID, admin: admin, t: t}
}

func (f fixture) do(method, path, body string, hdr ...string) testkit.Reply {
	f.t.Helper()
	return f.s.Call(f.t, f.admin, method, path, body, hdr...)
}

func (f fixture) create(path, body string) string {
	f.t.Helper()
	r := f.do(http.MethodPost, path, body)
	require.Equal(f.t, http.StatusCreated, r.Status, path+": "+r.Raw)
	return r.Body["id"].(string)
}

func (f fixture) member(email string) string {
	f.t.Helper()
	ctx := context.Background()
	u, err := f.s.App.Identity.CreateUser(ctx, identity.NewUser{Email: email, Name: strings.Split(email, "@")[0]})
	require.NoError(f.t, err)
	_, err = f.s.App.Identity.AddMember(ctx, f.org, u.ID, "employee")
	require.NoError(f.t, err)
	return u.ID.String()
}

func (f fixture) count(sql string, args ...any) int {
	f.t.Helper()
	var n int
	require.NoError(f.t, f.s.DB.Pool.QueryRow(context.Background(), sql, args...).Scan(&n))
	return n
}

func (f fixture) total(path string) float64 {
	f.t.Helper()
	r := f.do(http.MethodGet, path, "")
	require.Equal(f.t, http.StatusOK, r.Status, path+": "+r.Raw)
	return r.Body["total"].(float64)
}

func fields(r testkit.Reply) []string {
	var out []string
	errs, _ := r.Body["errors"].([]any)
	for _, e := range errs {
		out = append(out, e.(map[string]any)["field"].(string))
	}
	return out
}

func day(offset int) string { return time.Now().UTC().AddDate(0, 0, offset).Format(time.DateOnly) }

func TestSoftwareCatalogue(t *testing.T) {
	t.Parallel()
	f := setup(t)
	alice := f.member("alice@acme.example")
	ctx := testkit.AsAdmin(f.org)
	team, err := f.s.App.Identity.CreateGroup(ctx, "Workplace team", "")
	require.NoError(t, err)
	old, err := f.s.App.Identity.CreateGroup(ctx, "Old team", "")
	require.NoError(t, err)
	_, err = f.s.App.Identity.ArchiveGroup(ctx, old.ID)
	require.NoError(t, err)
	tag := f.create("/api/v1/tags", `{"name":"SaaS","colour":"violet"}`)

	r := f.do(http.MethodPost, "/api/v1/software", fmt.Sprintf(`{"name":" Microsoft 365 ","publisher":"Microsoft","category":"productivity",
		"owner_user_id":%q,"owner_group_id":%q,"supplier_name":"SoftwareONE","website":"https://www.microsoft.com/microsoft-365",
		"tag_ids":[%q]}`, alice, team.ID, tag))
	require.Equal(t, http.StatusCreated, r.Status, r.Raw)
	m365 := r.Body["id"].(string)
	assert.Equal(t, "Microsoft 365", r.Body["name"], "trimmed")
	assert.Equal(t, "alice", r.Body["owner_user_name"])
	assert.Equal(t, "Workplace team", r.Body["owner_group_name"])
	assert.EqualValues(t, 0, r.Body["licence_count"])
	assert.Equal(t, "SaaS", r.Body["tags"].([]any)[0].(map[string]any)["name"])

	// Every wrong field at once; nothing written.
	before := f.count("SELECT count(*) FROM software")
	bad := f.do(http.MethodPost, "/api/v1/software", fmt.Sprintf(`{"name":"  ","website":"ftp://x","owner_user_id":%q,"owner_group_id":%q}`,
		uuid.NewString(), old.ID))
	require.Equal(t, http.StatusUnprocessableEntity, bad.Status, bad.Raw)
	assert.ElementsMatch(t, []string{"name", "website", "owner_user_id", "owner_group_id"}, fields(bad))
	assert.Equal(t, http.StatusBadRequest, f.do(http.MethodPost, "/api/v1/software", `{"name":"x","category":"games"}`).Status)
	dup := f.do(http.MethodPost, "/api/v1/software", `{"name":"MICROSOFT 365"}`)
	assert.Equal(t, http.StatusConflict, dup.Status, dup.Raw)
	assert.Contains(t, dup.Raw, `"field":"name"`)
	assert.Equal(t, before, f.count("SELECT count(*) FROM software"))

	// Get, ETag, merge patch, stale If-Match changes nothing.
	g := f.do(http.MethodGet, "/api/v1/software/"+m365, "")
	require.Equal(t, http.StatusOK, g.Status)
	etag := g.Header.Get("ETag")
	assert.Equal(t, `"1"`, etag)
	p := f.do(http.MethodPatch, "/api/v1/software/"+m365, `{"owner_group_id":null,"notes":"E3 and E5 plans"}`, "If-Match", etag)
	require.Equal(t, http.StatusOK, p.Status, p.Raw)
	assert.Nil(t, p.Body["owner_group_id"])
	assert.Nil(t, p.Body["owner_group_name"])
	assert.Equal(t, "alice", p.Body["owner_user_name"], "untouched")
	stale := f.do(http.MethodPatch, "/api/v1/software/"+m365, `{"name":"Stale"}`, "If-Match", etag)
	assert.Equal(t, http.StatusPreconditionFailed, stale.Status)
	assert.Equal(t, "Microsoft 365", f.do(http.MethodGet, "/api/v1/software/"+m365, "").Body["name"])
	assert.Equal(t, http.StatusUnprocessableEntity, f.do(http.MethodPatch, "/api/v1/software/"+m365, `{"website":"not a url"}`).Status)
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodGet, "/api/v1/software/"+uuid.NewString(), "").Status)
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodPatch, "/api/v1/software/"+uuid.NewString(), `{"name":"x"}`).Status)
	var changes string
	require.NoError(t, f.s.DB.Pool.QueryRow(context.Background(),
		"SELECT changes::text FROM audit_events WHERE entity_id = $1 AND action = 'update' ORDER BY seq DESC LIMIT 1", m365).Scan(&changes))
	assert.Contains(t, changes, "owner_group_id")
	assert.Contains(t, changes, "notes")

	// Lists: filters, sorts, pages.
	f.create("/api/v1/software", `{"name":"PostgreSQL","publisher":"PostgreSQL Global Development Group","category":"database"}`)
	f.create("/api/v1/software", fmt.Sprintf(`{"name":"Slack","publisher":"Salesforce","category":"communication","owner_group_id":%q}`, team.ID))
	f.create("/api/v1/software", `{"name":"CrowdStrike Falcon","publisher":"CrowdStrike","category":"security"}`)
	assert.EqualValues(t, 4, f.total("/api/v1/software"))
	assert.EqualValues(t, 1, f.total("/api/v1/software?q=salesforce"), "publisher")
	assert.EqualValues(t, 2, f.total("/api/v1/software?category=database&category=security"))
	assert.EqualValues(t, 1, f.total("/api/v1/software?owner_user_id="+alice))
	assert.EqualValues(t, 1, f.total("/api/v1/software?owner_group_id="+team.ID.String()))
	assert.EqualValues(t, 1, f.total("/api/v1/software?tag="+tag))
	var names []string
	cursor := ""
	for range 5 {
		path := "/api/v1/software?limit=3&sort=-publisher"
		if cursor != "" {
			path += "&cursor=" + cursor
		}
		pg := f.do(http.MethodGet, path, "")
		require.Equal(t, http.StatusOK, pg.Status, pg.Raw)
		for _, it := range pg.Items() {
			names = append(names, it["name"].(string))
		}
		next, _ := pg.Body["next_cursor"].(string)
		if next == "" {
			break
		}
		cursor = next
	}
	assert.Equal(t, []string{"Slack", "PostgreSQL", "Microsoft 365", "CrowdStrike Falcon"}, names)
	for _, q := range []string{"sort=category", "sort=cf.nope", "cursor=garbage", "cf=nope:1"} {
		assert.Equal(t, http.StatusBadRequest, f.do(http.MethodGet, "/api/v1/software?"+q, "").Status, q)
	}

	// Custom fields on software.
	f.create("/api/v1/custom-fields", `{"entity_type":"software","key":"criticality","type":"select","label":"Criticality","options":["low","high"]}`)
	cf := f.do(http.MethodPatch, "/api/v1/software/"+m365, `{"custom_fields":{"criticality":"high"}}`)
	require.Equal(t, http.StatusOK, cf.Status, cf.Raw)
	assert.EqualValues(t, 1, f.total("/api/v1/software?cf=criticality:high"))
	assert.Equal(t, http.StatusOK, f.do(http.MethodGet, "/api/v1/software?sort=cf.criticality", "").Status)
	bad = f.do(http.MethodPatch, "/api/v1/software/"+m365, `{"custom_fields":{"criticality":"extreme"},"website":"x"}`)
	assert.ElementsMatch(t, []string{"website", "custom_fields.criticality"}, fields(bad))

	// Archive: refused with active licences; archived software is read-only and hidden; a restore whose name is taken again is a conflict.
	lic := f.create("/api/v1/licences", fmt.Sprintf(`{"software_id":%q,"name":"M365 E3"}`, m365))
	assert.EqualValues(t, 1, f.do(http.MethodGet, "/api/v1/software/"+m365, "").Body["licence_count"])
	ar := f.do(http.MethodPost, "/api/v1/software/"+m365+"/archive", "")
	assert.Equal(t, http.StatusConflict, ar.Status, ar.Raw)
	assert.Contains(t, ar.Raw, "1 active licence")
	require.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/licences/"+lic+"/archive", "").Status)
	ar = f.do(http.MethodPost, "/api/v1/software/"+m365+"/archive", "")
	require.Equal(t, http.StatusOK, ar.Status, ar.Raw)
	assert.NotNil(t, ar.Body["archived_at"])
	assert.Equal(t, http.StatusConflict, f.do(http.MethodPatch, "/api/v1/software/"+m365, `{"notes":"x"}`).Status)
	assert.EqualValues(t, 3, f.total("/api/v1/software"))
	assert.EqualValues(t, 4, f.total("/api/v1/software?include_archived=true"))
	rl := f.do(http.MethodPost, "/api/v1/licences/"+lic+"/restore", "")
	assert.Equal(t, http.StatusConflict, rl.Status, "its software is archived: "+rl.Raw)
	other := f.create("/api/v1/software", `{"name":"Microsoft 365"}`)
	assert.Equal(t, http.StatusConflict, f.do(http.MethodPost, "/api/v1/software/"+m365+"/restore", "").Status, "name taken")
	require.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/software/"+other+"/archive", "").Status)
	rs := f.do(http.MethodPost, "/api/v1/software/"+m365+"/restore", "")
	require.Equal(t, http.StatusOK, rs.Status, rs.Raw)
	assert.Nil(t, rs.Body["archived_at"])
	assert.Equal(t, 1, f.count("SELECT count(*) FROM audit_events WHERE entity_id = $1 AND action = 'archive'", m365))
	assert.Equal(t, 1, f.count("SELECT count(*) FROM audit_events WHERE entity_id = $1 AND action = 'restore'", m365))

	// Viewers read, never write; unknown ids are 404 for archive and restore too.
	viewer := testkit.ViewerOf(f.org)
	assert.Equal(t, http.StatusOK, f.s.Call(t, viewer, http.MethodGet, "/api/v1/software/"+m365, "").Status)
	assert.Equal(t, http.StatusForbidden, f.s.Call(t, viewer, http.MethodPost, "/api/v1/software", `{"name":"x"}`).Status)
	assert.Equal(t, http.StatusForbidden, f.s.Call(t, viewer, http.MethodPatch, "/api/v1/software/"+m365, `{"name":"x"}`).Status)
	assert.Equal(t, http.StatusForbidden, f.s.Call(t, viewer, http.MethodPost, "/api/v1/software/"+m365+"/archive", "").Status)
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodPost, "/api/v1/software/"+uuid.NewString()+"/archive", "").Status)
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodPost, "/api/v1/software/"+uuid.NewString()+"/restore", "").Status)
}

func TestLicenceKeysAreSealedAndRevealsAudited(t *testing.T) {
	t.Parallel()
	f := setup(t)
	sw := f.create("/api/v1/software", `{"name":"Windows 11 Enterprise","category":"operating_system"}`)
	const key = "NPPR9-FWDCX-D2C8J-H872K-2YT43"
	r := f.do(http.MethodPost, "/api/v1/licences", fmt.Sprintf(`{"software_id":%q,"name":"Windows 11 volume licence","licence_key":%q,
		"seats":500,"purchase_date":"2025-01-01","expires_on":"2027-12-31","cost":"45000.00","currency":"EUR","supplier_name":"Bechtle"}`, sw, key))
	require.Equal(t, http.StatusCreated, r.Status, r.Raw)
	id := r.Body["id"].(string)
	assert.Equal(t, true, r.Body["has_key"])
	assert.Equal(t, "••••YT43", r.Body["key_hint"])
	assert.Equal(t, "Windows 11 Enterprise", r.Body["software_name"])
	assert.Equal(t, "available", r.Body["status"])
	assert.EqualValues(t, 500, r.Body["seats"])
	assert.NotContains(t, r.Raw, key)
	assert.NotContains(t, r.Raw, "licence_key")

	// At rest: sealed, not the key; bound to its row (copied onto another licence it does not open).
	var sealed string
	require.NoError(t, f.s.DB.Pool.QueryRow(context.Background(), "SELECT key_sealed FROM licences WHERE id = $1", id).Scan(&sealed))
	assert.True(t, strings.HasPrefix(sealed, "v1:"), sealed)
	assert.NotContains(t, sealed, key)
	assert.NotContains(t, sealed, "2YT43")
	// Never in reads, lists or the audit trail.
	assert.NotContains(t, f.do(http.MethodGet, "/api/v1/licences/"+id, "").Raw, key)
	assert.NotContains(t, f.do(http.MethodGet, "/api/v1/licences", "").Raw, key)
	assert.NotContains(t, f.do(http.MethodGet, "/api/v1/licences", "").Raw, sealed)
	var changes string
	require.NoError(t, f.s.DB.Pool.QueryRow(context.Background(),
		"SELECT changes::text FROM audit_events WHERE entity_id = $1 AND action = 'create'", id).Scan(&changes))
	assert.NotContains(t, changes, key)
	assert.NotContains(t, changes, sealed)
	assert.Contains(t, changes, `"key_sealed": [null, "[redacted]"]`)

	// Reveal: write permission, audited without the key.
	viewer := testkit.ViewerOf(f.org)
	assert.Equal(t, http.StatusForbidden, f.s.Call(t, viewer, http.MethodPost, "/api/v1/licences/"+id+"/reveal-key", "").Status)
	// A sign-in older than 10 minutes, or a principal that is not a person, must prove who it is again first.
	stale := testkit.AdminOf(f.org)
	stale.AuthTime = time.Now().Add(-11 * time.Minute)
	for _, p := range []*reqctx.Principal{stale, testkit.AdminOf(f.org)} {
		r := f.s.Call(t, p, http.MethodPost, "/api/v1/licences/"+id+"/reveal-key", "")
		assert.Equal(t, http.StatusForbidden, r.Status, r.Raw)
		assert.Contains(t, r.Raw, "reauthentication-required")
		assert.NotContains(t, r.Raw, key)
	}
	assert.Zero(t, f.count("SELECT count(*) FROM audit_events WHERE entity_id = $1 AND action = 'reveal_key'", id), "a refused read is not a read")
	rv := f.do(http.MethodPost, "/api/v1/licences/"+id+"/reveal-key", "")
	require.Equal(t, http.StatusOK, rv.Status, rv.Raw)
	assert.Equal(t, key, rv.Body["licence_key"])
	assert.Equal(t, 1, f.count("SELECT count(*) FROM audit_events WHERE entity_id = $1 AND entity_type = 'licence' AND action = 'reveal_key' AND actor_name = 'Test user'", id))
	assert.Zero(t, f.count("SELECT count(*) FROM audit_events WHERE changes::text LIKE '%' || $1 || '%'", key))
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodPost, "/api/v1/licences/"+uuid.NewString()+"/reveal-key", "").Status)

	// A copied ciphertext does not decrypt on another row.
	twin := f.create("/api/v1/licences", fmt.Sprintf(`{"software_id":%q,"name":"Twin"}`, sw))
	_, err := f.s.DB.Pool.Exec(context.Background(), "UPDATE licences SET key_sealed = $1 WHERE id = $2", sealed, twin)
	require.NoError(t, err)
	assert.Equal(t, http.StatusInternalServerError, f.do(http.MethodPost, "/api/v1/licences/"+twin+"/reveal-key", "").Status)

	// A new key replaces the old one (audited as redacted); a short key has no hint; null removes the key.
	p := f.do(http.MethodPatch, "/api/v1/licences/"+id, `{"licence_key":"ABC12"}`)
	require.Equal(t, http.StatusOK, p.Status, p.Raw)
	assert.Equal(t, "", p.Body["key_hint"])
	assert.Equal(t, true, p.Body["has_key"])
	assert.Equal(t, "ABC12", f.do(http.MethodPost, "/api/v1/licences/"+id+"/reveal-key", "").Body["licence_key"])
	require.NoError(t, f.s.DB.Pool.QueryRow(context.Background(),
		"SELECT changes::text FROM audit_events WHERE entity_id = $1 AND action = 'update' ORDER BY seq DESC LIMIT 1", id).Scan(&changes))
	assert.Contains(t, changes, `"key_sealed": ["[redacted]", "[redacted]"]`)
	assert.NotContains(t, changes, "ABC12")
	p = f.do(http.MethodPatch, "/api/v1/licences/"+id, `{"licence_key":null}`)
	require.Equal(t, http.StatusOK, p.Status, p.Raw)
	assert.Equal(t, false, p.Body["has_key"])
	assert.Equal(t, 0, f.count("SELECT count(*) FROM licences WHERE id = $1 AND key_sealed IS NOT NULL", id))
	nokey := f.do(http.MethodPost, "/api/v1/licences/"+id+"/reveal-key", "")
	assert.Equal(t, http.StatusConflict, nokey.Status, nokey.Raw)
	// Other fields of a patch leave the key alone.
	require.Equal(t, http.StatusOK, f.do(http.MethodPatch, "/api/v1/licences/"+id, `{"licence_key":"KEEP-ME-PLEASE-1234"}`).Status)
	require.Equal(t, http.StatusOK, f.do(http.MethodPatch, "/api/v1/licences/"+id, `{"notes":"renewed"}`).Status)
	assert.Equal(t, "KEEP-ME-PLEASE-1234", f.do(http.MethodPost, "/api/v1/licences/"+id+"/reveal-key", "").Body["licence_key"])
}

func TestLicenceValidation(t *testing.T) {
	t.Parallel()
	f := setup(t)
	sw := f.create("/api/v1/software", `{"name":"Adobe Acrobat Pro"}`)
	gone := f.create("/api/v1/software", `{"name":"Old tool"}`)
	require.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/software/"+gone+"/archive", "").Status)
	before := f.count("SELECT count(*) FROM licences")
	bad := f.do(http.MethodPost, "/api/v1/licences", fmt.Sprintf(`{"software_id":%q,"name":" ","cost":"10.00",
		"purchase_date":"2026-01-01","expires_on":"2025-01-01"}`, gone))
	require.Equal(t, http.StatusUnprocessableEntity, bad.Status, bad.Raw)
	assert.ElementsMatch(t, []string{"software_id", "name", "currency", "expires_on"}, fields(bad))
	unknown := f.do(http.MethodPost, "/api/v1/licences", fmt.Sprintf(`{"software_id":%q,"name":"x"}`, uuid.NewString()))
	assert.Equal(t, http.StatusUnprocessableEntity, unknown.Status)
	assert.Equal(t, http.StatusBadRequest, f.do(http.MethodPost, "/api/v1/licences", fmt.Sprintf(`{"software_id":%q,"name":"x","seats":0}`, sw)).Status)
	assert.Equal(t, http.StatusBadRequest, f.do(http.MethodPost, "/api/v1/licences", fmt.Sprintf(`{"software_id":%q,"name":"x","key_sealed":"x"}`, sw)).Status)
	assert.Equal(t, before, f.count("SELECT count(*) FROM licences"))

	f.create("/api/v1/custom-fields", `{"entity_type":"licence","key":"contract_ref","type":"text","label":"Contract"}`)
	id := f.create("/api/v1/licences", fmt.Sprintf(`{"software_id":%q,"name":"Acrobat Pro team","seats":10,"custom_fields":{"contract_ref":"C-77"}}`, sw))
	g := f.do(http.MethodGet, "/api/v1/licences/"+id, "")
	etag := g.Header.Get("ETag")
	stale := f.do(http.MethodPatch, "/api/v1/licences/"+id, `{"name":"x"}`, "If-Match", `"9"`)
	assert.Equal(t, http.StatusPreconditionFailed, stale.Status)
	p := f.do(http.MethodPatch, "/api/v1/licences/"+id, `{"seats":null,"cost":"120.00","currency":"EUR"}`, "If-Match", etag)
	require.Equal(t, http.StatusOK, p.Status, p.Raw)
	assert.Nil(t, p.Body["seats"], "unlimited")
	assert.Equal(t, "EUR", p.Body["currency"])
	assert.Equal(t, "C-77", p.Body["custom_fields"].(map[string]any)["contract_ref"])
	assert.EqualValues(t, 1, f.total("/api/v1/licences?cf=contract_ref:C-77"))
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodGet, "/api/v1/licences/"+uuid.NewString(), "").Status)
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodPatch, "/api/v1/licences/"+uuid.NewString(), `{"name":"x"}`).Status)
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodPost, "/api/v1/licences/"+uuid.NewString()+"/archive", "").Status)
	viewer := testkit.ViewerOf(f.org)
	assert.Equal(t, http.StatusForbidden, f.s.Call(t, viewer, http.MethodPatch, "/api/v1/licences/"+id, `{"name":"x"}`).Status)
	assert.Equal(t, http.StatusForbidden, f.s.Call(t, viewer, http.MethodPost, "/api/v1/licences", fmt.Sprintf(`{"software_id":%q,"name":"x"}`, sw)).Status)
	// Archived licences are read-only; restore brings them back.
	require.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/licences/"+id+"/archive", "").Status)
	assert.Equal(t, http.StatusConflict, f.do(http.MethodPatch, "/api/v1/licences/"+id, `{"name":"x"}`).Status)
	assert.EqualValues(t, 0, f.total("/api/v1/licences"))
	assert.EqualValues(t, 1, f.total("/api/v1/licences?include_archived=true"))
	require.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/licences/"+id+"/restore", "").Status)
}

func TestSeatsStatusesAndFilters(t *testing.T) {
	t.Parallel()
	f := setup(t)
	alice, bob, carol := f.member("alice@acme.example"), f.member("bob@acme.example"), f.member("carol@acme.example")
	slack := f.create("/api/v1/software", `{"name":"Slack"}`)
	jira := f.create("/api/v1/software", `{"name":"Atlassian Jira"}`)
	laptop := f.create("/api/v1/assets", `{"name":"Build server","asset_tag":"SRV-1"}`)
	scrapped := f.create("/api/v1/assets", `{"name":"Old box"}`)
	require.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/assets/"+scrapped+"/archive", "").Status)

	lic := f.create("/api/v1/licences", fmt.Sprintf(`{"software_id":%q,"name":"Slack Business+","seats":2,"expires_on":%q}`, slack, day(20)))
	etag := f.do(http.MethodGet, "/api/v1/licences/"+lic, "").Header.Get("ETag")
	seats := "/api/v1/licences/" + lic + "/seats"

	// Holder rules: exactly one, active, of this organisation.
	for name, c := range map[string]struct {
		body  string
		field string
	}{
		"nobody":    {`{}`, "user_id"},
		"both":      {fmt.Sprintf(`{"user_id":%q,"asset_id":%q}`, alice, laptop), "asset_id"},
		"stranger":  {fmt.Sprintf(`{"user_id":%q}`, uuid.NewString()), "user_id"},
		"archived":  {fmt.Sprintf(`{"asset_id":%q}`, scrapped), "asset_id"},
		"no asset":  {fmt.Sprintf(`{"asset_id":%q}`, uuid.NewString()), "asset_id"},
		"long note": {fmt.Sprintf(`{"user_id":%q,"note":%q}`, alice, strings.Repeat("x", 501)), ""},
	} {
		r := f.do(http.MethodPost, seats, c.body)
		if c.field == "" {
			assert.Equal(t, http.StatusBadRequest, r.Status, name+": "+r.Raw)
			continue
		}
		assert.Equal(t, http.StatusUnprocessableEntity, r.Status, name+": "+r.Raw)
		assert.Contains(t, fields(r), c.field, name)
	}
	assert.Equal(t, http.StatusPreconditionFailed, f.do(http.MethodPost, seats, fmt.Sprintf(`{"user_id":%q}`, alice), "If-Match", `"7"`).Status)
	assert.Zero(t, f.count("SELECT count(*) FROM licence_seats"))

	// Assign: the licence's version moves; a second seat for the same holder is refused; full is refused.
	a := f.do(http.MethodPost, seats, fmt.Sprintf(`{"user_id":%q,"note":"marketing"}`, alice), "If-Match", etag)
	require.Equal(t, http.StatusCreated, a.Status, a.Raw)
	assert.Equal(t, "alice", a.Body["user_name"])
	assert.Equal(t, "Test user", a.Body["assigned_by_name"])
	aliceSeat := a.Body["id"].(string)
	assert.Equal(t, http.StatusPreconditionFailed, f.do(http.MethodPost, seats, fmt.Sprintf(`{"user_id":%q}`, bob), "If-Match", etag).Status,
		"the seat changed the version")
	again := f.do(http.MethodPost, seats, fmt.Sprintf(`{"user_id":%q}`, alice))
	assert.Equal(t, http.StatusConflict, again.Status, again.Raw)
	assert.Contains(t, again.Raw, "already has a seat")
	srv := f.do(http.MethodPost, seats, fmt.Sprintf(`{"asset_id":%q}`, laptop))
	require.Equal(t, http.StatusCreated, srv.Status, srv.Raw)
	assert.Equal(t, "Build server (SRV-1)", srv.Body["asset_name"])
	full := f.do(http.MethodPost, seats, fmt.Sprintf(`{"user_id":%q}`, bob))
	assert.Equal(t, http.StatusConflict, full.Status, full.Raw)
	assert.Contains(t, full.Raw, "2 of 2")
	g := f.do(http.MethodGet, "/api/v1/licences/"+lic, "")
	assert.Equal(t, "in_use", g.Body["status"])
	assert.EqualValues(t, 2, g.Body["seats_used"])
	assert.Equal(t, `"3"`, g.Header.Get("ETag"))
	list := f.do(http.MethodGet, seats+"?sort=assigned_at", "")
	require.Equal(t, http.StatusOK, list.Status, list.Raw)
	require.Len(t, list.Items(), 2)
	assert.Equal(t, "alice", list.Items()[0]["user_name"])
	assert.Equal(t, "marketing", list.Items()[0]["note"])
	assert.Equal(t, 1, f.count("SELECT count(*) FROM audit_events WHERE entity_id = $1 AND action = 'assign_seat' AND changes::text LIKE '%alice%'", lic))

	// Seats cannot drop below those in use; the archive waits for releases.
	low := f.do(http.MethodPatch, "/api/v1/licences/"+lic, `{"seats":1}`)
	assert.Equal(t, http.StatusUnprocessableEntity, low.Status, low.Raw)
	assert.Contains(t, fields(low), "seats")
	assert.Equal(t, http.StatusConflict, f.do(http.MethodPost, "/api/v1/licences/"+lic+"/archive", "").Status)

	// Statuses are derived, and filtered in SQL.
	f.create("/api/v1/licences", fmt.Sprintf(`{"software_id":%q,"name":"Jira Cloud 2024","seats":50,"expires_on":%q}`, jira, day(-1)))
	jiraNow := f.create("/api/v1/licences", fmt.Sprintf(`{"software_id":%q,"name":"Jira Cloud 2025","expires_on":%q}`, jira, day(0)))
	f.create("/api/v1/licences", fmt.Sprintf(`{"software_id":%q,"name":"Slack Enterprise Grid"}`, slack))
	statuses := map[string]string{}
	for _, it := range f.do(http.MethodGet, "/api/v1/licences", "").Items() {
		statuses[it["name"].(string)] = it["status"].(string)
	}
	assert.Equal(t, map[string]string{"Slack Business+": "in_use", "Jira Cloud 2024": "expired", "Jira Cloud 2025": "available",
		"Slack Enterprise Grid": "available"}, statuses, "today is still valid")
	assert.EqualValues(t, 1, f.total("/api/v1/licences?status=expired"))
	assert.EqualValues(t, 1, f.total("/api/v1/licences?status=in_use"))
	assert.EqualValues(t, 2, f.total("/api/v1/licences?status=available"))
	assert.EqualValues(t, 2, f.total("/api/v1/licences?status=available&status=expired&software_id="+jira))
	assert.EqualValues(t, 2, f.total("/api/v1/licences?expires_before="+day(0)))
	assert.EqualValues(t, 3, f.total("/api/v1/licences?expires_before="+day(30)))
	assert.EqualValues(t, 2, f.total("/api/v1/licences?q=jira"), "the software's name")
	assert.EqualValues(t, 1, f.total("/api/v1/licences?q=grid"))
	assert.Equal(t, http.StatusBadRequest, f.do(http.MethodGet, "/api/v1/licences?status=lost", "").Status)
	var order []string
	cursor := ""
	for range 5 {
		path := "/api/v1/licences?limit=3&sort=expires_on"
		if cursor != "" {
			path += "&cursor=" + cursor
		}
		pg := f.do(http.MethodGet, path, "")
		require.Equal(t, http.StatusOK, pg.Status, pg.Raw)
		for _, it := range pg.Items() {
			order = append(order, it["name"].(string))
		}
		next, _ := pg.Body["next_cursor"].(string)
		if next == "" {
			break
		}
		cursor = next
	}
	assert.Equal(t, []string{"Jira Cloud 2024", "Jira Cloud 2025", "Slack Business+", "Slack Enterprise Grid"}, order, "no expiry last")

	// An expired licence takes no seats; an unlimited one takes any number.
	expired := f.do(http.MethodGet, "/api/v1/licences?status=expired", "").Items()[0]["id"].(string)
	r := f.do(http.MethodPost, "/api/v1/licences/"+expired+"/seats", fmt.Sprintf(`{"user_id":%q}`, bob))
	assert.Equal(t, http.StatusConflict, r.Status, r.Raw)
	assert.Contains(t, r.Raw, "expired")
	for _, u := range []string{alice, bob, carol} {
		require.Equal(t, http.StatusCreated, f.do(http.MethodPost, "/api/v1/licences/"+jiraNow+"/seats", fmt.Sprintf(`{"user_id":%q}`, u)).Status)
	}
	assert.Equal(t, "available", f.do(http.MethodGet, "/api/v1/licences/"+jiraNow, "").Body["status"])

	// Release: 204, audited, frees the seat; unknown seats or seats of another licence are 404; stale If-Match 412.
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodDelete, "/api/v1/licences/"+jiraNow+"/seats/"+aliceSeat, "").Status)
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodDelete, seats+"/"+uuid.NewString(), "").Status)
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodDelete, "/api/v1/licences/"+uuid.NewString()+"/seats/"+aliceSeat, "").Status)
	assert.Equal(t, http.StatusPreconditionFailed, f.do(http.MethodDelete, seats+"/"+aliceSeat, "", "If-Match", `"1"`).Status)
	assert.Equal(t, http.StatusForbidden, f.s.Call(t, testkit.ViewerOf(f.org), http.MethodDelete, seats+"/"+aliceSeat, "").Status)
	rel := f.do(http.MethodDelete, seats+"/"+aliceSeat, "", "If-Match", `"3"`)
	require.Equal(t, http.StatusNoContent, rel.Status, rel.Raw)
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodDelete, seats+"/"+aliceSeat, "").Status)
	assert.Equal(t, 1, f.count("SELECT count(*) FROM audit_events WHERE entity_id = $1 AND action = 'release_seat' AND changes::text LIKE '%alice%'", lic))
	g = f.do(http.MethodGet, "/api/v1/licences/"+lic, "")
	assert.Equal(t, "available", g.Body["status"])
	assert.EqualValues(t, 1, g.Body["seats_used"])
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodGet, "/api/v1/licences/"+uuid.NewString()+"/seats", "").Status)

	// Archive once every seat is released; an archived licence takes no seats.
	list = f.do(http.MethodGet, seats, "")
	require.Equal(t, http.StatusNoContent, f.do(http.MethodDelete, seats+"/"+list.Items()[0]["id"].(string), "").Status)
	require.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/licences/"+lic+"/archive", "").Status)
	r = f.do(http.MethodPost, seats, fmt.Sprintf(`{"user_id":%q}`, bob))
	assert.Equal(t, http.StatusConflict, r.Status, r.Raw)
	assert.Contains(t, r.Raw, "archived")
}

func TestSeatHoldersCannotBeArchivedAndExpiryReminders(t *testing.T) {
	t.Parallel()
	f := setup(t)
	dave := f.member("dave@acme.example")
	erin := f.member("erin@acme.example")
	sw := f.create("/api/v1/software", fmt.Sprintf(`{"name":"1Password Business","owner_user_id":%q}`, erin))
	lic := f.create("/api/v1/licences", fmt.Sprintf(`{"software_id":%q,"name":"1Password 2026","seats":100,"expires_on":%q}`, sw, day(30)))
	seat := f.create("/api/v1/licences/"+lic+"/seats", fmt.Sprintf(`{"user_id":%q}`, dave))

	r := f.do(http.MethodPost, "/api/v1/members/"+dave+"/archive", "")
	assert.Equal(t, http.StatusConflict, r.Status, r.Raw)
	assert.Contains(t, r.Raw, "1 licence seat")
	require.Equal(t, http.StatusNoContent, f.do(http.MethodDelete, "/api/v1/licences/"+lic+"/seats/"+seat, "").Status)
	require.Equal(t, http.StatusOK, f.do(http.MethodPost, "/api/v1/members/"+dave+"/archive", "").Status)
	// An archived member takes no seat.
	assert.Equal(t, http.StatusUnprocessableEntity, f.do(http.MethodPost, "/api/v1/licences/"+lic+"/seats", fmt.Sprintf(`{"user_id":%q}`, dave)).Status)

	// The daily expiry scan finds the licence 30 days ahead; the software's owner is told.
	ev := f.do(http.MethodGet, "/api/v1/notification-events", "")
	require.Equal(t, http.StatusOK, ev.Status, ev.Raw)
	assert.Contains(t, ev.Raw, `"assets.licence_expiring"`)
	ctx := reqctx.WithPrincipal(context.Background(), &reqctx.Principal{ID: "job:1", Kind: reqctx.KindSystem, OrganizationID: f.org})
	n, err := f.s.App.Notify.ScanExpiries(ctx, time.Now().UTC())
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Equal(t, 1, f.count(`SELECT count(*) FROM notifications WHERE event = 'assets.licence_expiring'
		AND title LIKE '1Password 2026 (1Password Business)%' AND user_id = $1`, erin))
}

func TestDemoSeedHasEveryLicenceSituation(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	ctx := context.Background()
	_, err := s.App.SeedDemo(ctx)
	require.NoError(t, err)
	var acme string
	require.NoError(t, s.DB.Pool.QueryRow(ctx, "SELECT id::text FROM organizations WHERE slug = 'acme-energy'").Scan(&acme))
	f := fixture{s: s, org: uuid.MustParse(acme), admin: testkit.AdminOf(uuid.MustParse(acme)), t: t}
	f.admin.AuthTime = time.Now()
	assert.EqualValues(t, 16, f.total("/api/v1/software"))
	assert.EqualValues(t, 26, f.total("/api/v1/licences"))
	assert.GreaterOrEqual(t, f.total("/api/v1/licences?status=expired"), 4.0)
	assert.GreaterOrEqual(t, f.total("/api/v1/licences?status=in_use"), 3.0)
	assert.GreaterOrEqual(t, f.total("/api/v1/licences?status=available&expires_before="+day(30)), 4.0)
	assert.Positive(t, f.count("SELECT count(*) FROM licence_seats WHERE asset_id IS NOT NULL"))
	assert.Positive(t, f.count("SELECT count(*) FROM licence_seats WHERE user_id IS NOT NULL"))
	keyed := f.do(http.MethodGet, "/api/v1/licences?q=Falcon&limit=1", "").Items()[0]
	assert.Equal(t, true, keyed["has_key"])
	rv := f.do(http.MethodPost, "/api/v1/licences/"+keyed["id"].(string)+"/reveal-key", "")
	require.Equal(t, http.StatusOK, rv.Status, rv.Raw)
	assert.Len(t, rv.Body["licence_key"], 29)
	// Seeding again adds nothing.
	_, err = s.App.SeedDemo(ctx)
	require.NoError(t, err)
	assert.EqualValues(t, 26, f.total("/api/v1/licences"))
}
