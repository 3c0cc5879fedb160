package app_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/identity"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

// Isolation of the data platform and the assets module: every resource made in A is a 404 for B by id (read, change,
// archive, restore, actions, sub-lists) and absent from B's lists.

func idOf(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, `"id":"`)
	require.GreaterOrEqual(t, i, 0, body)
	return body[i+6:][:36]
}

// probe asserts B gets 404 on every call and that B's list misses marker.
func probe(t *testing.T, x tenants, list, marker string, calls [][3]string) {
	t.Helper()
	for _, c := range calls {
		status, body := do2(t, x.s, x.adminB, c[0], c[1], c[2])
		assert.Equal(t, http.StatusNotFound, status, c[0]+" "+c[1]+": "+body)
	}
	if list != "" {
		status, body := do2(t, x.s, x.adminB, http.MethodGet, list, "")
		require.Equal(t, http.StatusOK, status, body)
		assert.NotContains(t, body, marker, list)
	}
}

func init() {
	isolationExempt["listLinkableTypes"] = "the registry of types is code, the same for every organisation"
	isolationExempt["getImportColumns"] = "the file columns: code plus the caller's own organisation's custom fields (read in its scope)"
	isolationCases = append(isolationCases,
		isolationCase{
			name: "tags and custom fields",
			ops: []string{"listTags", "createTag", "getTag", "updateTag", "archiveTag", "restoreTag", "listCustomFields",
				"createCustomField", "getCustomField", "updateCustomField", "archiveCustomField", "restoreCustomField"},
			run: func(t *testing.T, x tenants) {
				status, body := do2(t, x.s, x.adminA, http.MethodPost, "/api/v1/tags", `{"name":"A-secret-tag","colour":"red"}`)
				require.Equal(t, http.StatusCreated, status, body)
				tag := idOf(t, body)
				probe(t, x, "/api/v1/tags?include_archived=true", "A-secret-tag", [][3]string{
					{http.MethodGet, "/api/v1/tags/" + tag, ""}, {http.MethodPatch, "/api/v1/tags/" + tag, `{"name":"x"}`},
					{http.MethodPost, "/api/v1/tags/" + tag + "/archive", ""}, {http.MethodPost, "/api/v1/tags/" + tag + "/restore", ""}})
				// B cannot put A's tag on its own asset either.
				status, body = do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/assets", fmt.Sprintf(`{"name":"B laptop","tag_ids":[%q]}`, tag))
				assert.Equal(t, http.StatusUnprocessableEntity, status, body)
				status, body = do2(t, x.s, x.adminA, http.MethodPost, "/api/v1/custom-fields",
					`{"entity_type":"asset","key":"a_secret","type":"text","label":"A secret field"}`)
				require.Equal(t, http.StatusCreated, status, body)
				cf := idOf(t, body)
				probe(t, x, "/api/v1/custom-fields?include_archived=true", "A secret field", [][3]string{
					{http.MethodGet, "/api/v1/custom-fields/" + cf, ""}, {http.MethodPatch, "/api/v1/custom-fields/" + cf, `{"label":"x"}`},
					{http.MethodPost, "/api/v1/custom-fields/" + cf + "/archive", ""}, {http.MethodPost, "/api/v1/custom-fields/" + cf + "/restore", ""}})
				// A's definition does not exist for B's assets.
				status, body = do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/assets", `{"name":"B laptop","custom_fields":{"a_secret":"x"}}`)
				assert.Equal(t, http.StatusUnprocessableEntity, status, body)
			},
		},
		isolationCase{
			name: "attachments",
			ops:  []string{"listAttachments", "uploadAttachment", "downloadAttachment", "archiveAttachment"},
			run: func(t *testing.T, x tenants) {
				status, body := do2(t, x.s, x.adminA, http.MethodPost, "/api/v1/assets", `{"name":"A laptop"}`)
				require.Equal(t, http.StatusCreated, status, body)
				asset := idOf(t, body)
				r := x.s.Upload(t, x.adminA, "/api/v1/attachments", [][2]string{{"owner_type", "asset"}, {"owner_id", asset}},
					"file", "a-secret.pdf", []byte("%PDF-1.4\nA's secret\n%%EOF"))
				require.Equal(t, http.StatusCreated, r.Status, r.Raw)
				att := r.Body["id"].(string)
				probe(t, x, "", "", [][3]string{
					{http.MethodGet, "/api/v1/attachments/" + att + "/content", ""},
					{http.MethodPost, "/api/v1/attachments/" + att + "/archive", ""},
					{http.MethodGet, "/api/v1/attachments?owner_type=asset&owner_id=" + asset, ""}})
				// B cannot attach to A's record.
				r = x.s.Upload(t, x.adminB, "/api/v1/attachments", [][2]string{{"owner_type", "asset"}, {"owner_id", asset}},
					"file", "b.pdf", []byte("%PDF-1.4\nB\n%%EOF"))
				assert.Equal(t, http.StatusNotFound, r.Status, r.Raw)
			},
		},
		isolationCase{
			name: "the people directory",
			ops:  []string{"listPeople"},
			run: func(t *testing.T, x tenants) {
				u, err := x.s.App.Identity.CreateUser(t.Context(), identity.NewUser{Email: "only-in-a@x.example", Name: "Only In A"})
				require.NoError(t, err)
				_, err = x.s.App.Identity.AddMember(t.Context(), x.a.ID, u.ID, "employee")
				require.NoError(t, err)
				// Any member of A finds the colleague (no administration permission needed); nobody in B does.
				plain := testkit.Member(x.a.ID, map[string]reqctx.Level{"assets": reqctx.LevelWrite})
				status, body := do2(t, x.s, plain, http.MethodGet, "/api/v1/people?q=only", "")
				require.Equal(t, http.StatusOK, status, body)
				assert.Contains(t, body, "only-in-a@x.example")
				status, body = do2(t, x.s, plain, http.MethodGet, "/api/v1/people?id="+u.ID.String(), "")
				require.Equal(t, http.StatusOK, status, body)
				assert.Contains(t, body, `"total":1`)
				for _, q := range []string{"q=only", "id=" + u.ID.String()} {
					status, body = do2(t, x.s, x.adminB, http.MethodGet, "/api/v1/people?"+q, "")
					require.Equal(t, http.StatusOK, status, body)
					assert.Contains(t, body, `"total":0`, q)
				}
			},
		},
		isolationCase{
			name: "imports and exports",
			ops:  []string{"startImport", "getImport", "startExport"},
			run: func(t *testing.T, x tenants) {
				// A's import (written directly: the harness runs without workers); B cannot read it.
				var imp string
				require.NoError(t, x.s.DB.Pool.QueryRow(t.Context(), `INSERT INTO imports (id, organization_id, entity, format, file_name,
					size, sha256, dry_run, state, report) VALUES (gen_random_uuid(), $1, 'asset', 'csv', 'a-secret.csv', 1,
					sha256('x'::bytea), true, 'done', '{"rows":1}') RETURNING id::text`, x.a.ID).Scan(&imp))
				status, body := do2(t, x.s, x.adminA, http.MethodGet, "/api/v1/imports/"+imp, "")
				require.Equal(t, http.StatusOK, status, body)
				probe(t, x, "", "", [][3]string{{http.MethodGet, "/api/v1/imports/" + imp, ""}})
				// B's export job reads B's rows only (RLS scopes the job); here: B's job is B's.
				status, body = do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/exports", `{"entity":"asset","format":"csv"}`)
				require.Equal(t, http.StatusAccepted, status, body)
				_, body = do2(t, x.s, x.adminA, http.MethodGet, "/api/v1/jobs?kind=exports.run", "")
				assert.Contains(t, body, `"total":0`, "A does not see B's export job")
			},
		},
		isolationCase{
			name: "assets, locations, brands, models and links",
			ops: []string{"listLocations", "createLocation", "getLocation", "updateLocation", "archiveLocation", "restoreLocation",
				"listBrands", "createBrand", "getBrand", "updateBrand", "archiveBrand", "restoreBrand",
				"listAssetModels", "createAssetModel", "getAssetModel", "updateAssetModel", "archiveAssetModel", "restoreAssetModel",
				"listAssets", "createAsset", "getAsset", "updateAsset", "archiveAsset", "restoreAsset", "checkOutAsset", "checkInAsset",
				"transitionAsset", "listAssetCustody", "getAssetTimeline", "getTimeline", "listLinks", "createLink", "deleteLink"},
			run: func(t *testing.T, x tenants) {
				post := func(path, body string) string {
					status, out := do2(t, x.s, x.adminA, http.MethodPost, path, body)
					require.Equal(t, http.StatusCreated, status, path+": "+out)
					return idOf(t, out)
				}
				loc := post("/api/v1/locations", `{"name":"A secret site"}`)
				brand := post("/api/v1/brands", `{"name":"A secret brand"}`)
				model := post("/api/v1/asset-models", fmt.Sprintf(`{"brand_id":%q,"name":"A secret model"}`, brand))
				asset := post("/api/v1/assets", fmt.Sprintf(`{"name":"A secret laptop","serial":"A-SN-1","model_id":%q,"location_id":%q}`, model, loc))
				other := post("/api/v1/assets", `{"name":"A second laptop"}`)
				link := post("/api/v1/links", fmt.Sprintf(`{"source_type":"asset","source_id":%q,"target_type":"location","target_id":%q,"relation":"part_of"}`, other, loc))
				for base, id := range map[string]string{"locations": loc, "brands": brand, "asset-models": model, "assets": asset} {
					probe(t, x, "/api/v1/"+base+"?include_archived=true", "A secret", [][3]string{
						{http.MethodGet, "/api/v1/" + base + "/" + id, ""},
						{http.MethodPatch, "/api/v1/" + base + "/" + id, `{"name":"hijacked"}`},
						{http.MethodPost, "/api/v1/" + base + "/" + id + "/archive", ""},
						{http.MethodPost, "/api/v1/" + base + "/" + id + "/restore", ""}})
				}
				members := fmt.Sprintf(`{"user_id":%q}`, x.adminB.ID)
				probe(t, x, "", "", [][3]string{
					{http.MethodPost, "/api/v1/assets/" + asset + "/check-out", members},
					{http.MethodPost, "/api/v1/assets/" + asset + "/check-in", `{}`},
					{http.MethodPost, "/api/v1/assets/" + asset + "/transition", `{"status":"in_repair"}`},
					{http.MethodGet, "/api/v1/assets/" + asset + "/custody", ""},
					{http.MethodGet, "/api/v1/assets/" + asset + "/timeline", ""},
					{http.MethodGet, "/api/v1/timeline?type=location&id=" + loc, ""},
					{http.MethodGet, "/api/v1/links?type=asset&id=" + other, ""},
					{http.MethodDelete, "/api/v1/links/" + link, ""}})
				// B's filters naming A's ids find nothing; B cannot link its records to A's.
				for _, q := range []string{"location_id=" + loc, "model_id=" + model, "brand_id=" + brand, "q=secret"} {
					_, body := do2(t, x.s, x.adminB, http.MethodGet, "/api/v1/assets?"+q, "")
					assert.Contains(t, body, `"total":0`, q)
				}
				status, body := do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/assets", fmt.Sprintf(`{"name":"B","model_id":%q,"location_id":%q}`, model, loc))
				assert.Equal(t, http.StatusUnprocessableEntity, status, body)
				status, body = do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/assets", `{"name":"B own"}`)
				require.Equal(t, http.StatusCreated, status, body)
				mine := idOf(t, body)
				status, body = do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/links",
					fmt.Sprintf(`{"source_type":"asset","source_id":%q,"target_type":"asset","target_id":%q}`, mine, asset))
				assert.Equal(t, http.StatusNotFound, status, body)
				// A's link is still there for A.
				_, body = do2(t, x.s, x.adminA, http.MethodGet, "/api/v1/links?type=location&id="+loc, "")
				assert.Contains(t, body, link)
			},
		},
	)
}
