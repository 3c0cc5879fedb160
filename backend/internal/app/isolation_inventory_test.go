package app_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Isolation of inventory campaigns: A's campaign is a 404 for B on every operation, B's lists and snapshots never hold
// A's campaigns or assets, and B cannot scope a campaign to A's location.
func init() {
	isolationCases = append(isolationCases, isolationCase{
		name: "inventory campaigns",
		ops: []string{"listInventoryCampaigns", "createInventoryCampaign", "getInventoryCampaign", "updateInventoryCampaign",
			"archiveInventoryCampaign", "restoreInventoryCampaign", "listInventoryItems", "checkInventoryItem",
			"completeInventoryCampaign"},
		run: func(t *testing.T, x tenants) {
			post := func(path, body string) string {
				status, out := do2(t, x.s, x.adminA, http.MethodPost, path, body)
				require.Equal(t, http.StatusCreated, status, path+": "+out)
				return idOf(t, out)
			}
			loc := post("/api/v1/locations", `{"name":"A secret site"}`)
			asset := post("/api/v1/assets", fmt.Sprintf(`{"name":"A secret laptop","asset_tag":"A-SECRET-1","location_id":%q}`, loc))
			campaign := post("/api/v1/inventory-campaigns", fmt.Sprintf(`{"name":"A secret campaign","location_id":%q}`, loc))
			base := "/api/v1/inventory-campaigns/" + campaign
			probe(t, x, "/api/v1/inventory-campaigns?include_archived=true", "A secret", [][3]string{
				{http.MethodGet, base, ""},
				{http.MethodPatch, base, `{"name":"hijacked"}`},
				{http.MethodGet, base + "/items", ""},
				{http.MethodPost, base + "/items/" + asset, `{"result":"verified"}`},
				{http.MethodPost, base + "/complete", ""},
				{http.MethodPost, base + "/archive", ""},
				{http.MethodPost, base + "/restore", ""}})
			// B cannot scope a campaign to A's site; B's whole-organisation snapshot holds none of A's assets.
			status, body := do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/inventory-campaigns", fmt.Sprintf(`{"name":"B","location_id":%q}`, loc))
			assert.Equal(t, http.StatusUnprocessableEntity, status, body)
			status, body = do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/inventory-campaigns", `{"name":"B all"}`)
			require.Equal(t, http.StatusCreated, status, body)
			assert.Contains(t, body, `"total":0`)
			mine := idOf(t, body)
			status, body = do2(t, x.s, x.adminB, http.MethodGet, "/api/v1/inventory-campaigns/"+mine+"/items?q=secret", "")
			require.Equal(t, http.StatusOK, status, body)
			assert.NotContains(t, body, "A secret")
			// B's own campaign does not accept A's asset.
			status, body = do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/inventory-campaigns/"+mine+"/items/"+asset, `{"result":"verified"}`)
			assert.Equal(t, http.StatusNotFound, status, body)
			// A's campaign is untouched.
			_, body = do2(t, x.s, x.adminA, http.MethodGet, base, "")
			assert.Contains(t, body, `"name":"A secret campaign"`)
			assert.Contains(t, body, `"pending":1`)
			assert.Contains(t, body, `"archived_at":null`)
		},
	})
}
