package app_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Isolation of the rest of the assets module: peripherals, maintenance, disposals, the views and the equipment report.
func init() {
	isolationCases = append(isolationCases, isolationCase{
		name: "peripherals, maintenance, disposals and asset views",
		ops: []string{"listPeripherals", "createPeripheral", "getPeripheral", "updatePeripheral", "archivePeripheral",
			"restorePeripheral", "checkOutPeripheral", "checkInPeripheral", "transitionPeripheral", "getPeripheralTimeline",
			"listMaintenanceLogs", "createMaintenanceLog", "getMaintenanceLog", "updateMaintenanceLog", "archiveMaintenanceLog",
			"restoreMaintenanceLog", "listDisposals", "createDisposal", "getDisposal", "updateDisposal", "getDisposalHistory",
			"getAssetTree", "getAssetDashboard", "getAssetDepreciation", "startEquipmentReport", "bulkAssets"},
		run: func(t *testing.T, x tenants) {
			post := func(path, body string) string {
				status, out := do2(t, x.s, x.adminA, http.MethodPost, path, body)
				require.Equal(t, http.StatusCreated, status, path+": "+out)
				return idOf(t, out)
			}
			loc := post("/api/v1/locations", `{"name":"A secret site"}`)
			asset := post("/api/v1/assets", fmt.Sprintf(`{"name":"A secret laptop","location_id":%q,"cost":"900","currency":"EUR",
				"purchase_date":"2025-01-01","supplier_name":"A secret supplier"}`, loc))
			per := post("/api/v1/peripherals", `{"name":"A secret dock","serial":"A-DOCK"}`)
			log := post("/api/v1/maintenance-logs", fmt.Sprintf(`{"asset_id":%q,"type":"repair","title":"A secret repair","performed_on":"2026-01-02"}`, asset))
			gone := post("/api/v1/peripherals", `{"name":"A secret old mouse"}`)
			disp := post("/api/v1/disposals", fmt.Sprintf(`{"peripheral_id":%q,"disposed_on":%q,"method":"recycled","partner_name":"A secret recycler"}`,
				gone, time.Now().UTC().Format(time.DateOnly)))
			probe(t, x, "/api/v1/peripherals?include_archived=true", "A secret", [][3]string{
				{http.MethodGet, "/api/v1/peripherals/" + per, ""},
				{http.MethodPatch, "/api/v1/peripherals/" + per, `{"name":"hijacked"}`},
				{http.MethodPost, "/api/v1/peripherals/" + per + "/archive", ""},
				{http.MethodPost, "/api/v1/peripherals/" + per + "/restore", ""},
				{http.MethodPost, "/api/v1/peripherals/" + per + "/check-out", fmt.Sprintf(`{"user_id":%q}`, x.adminB.ID)},
				{http.MethodPost, "/api/v1/peripherals/" + per + "/check-in", `{}`},
				{http.MethodPost, "/api/v1/peripherals/" + per + "/transition", `{"status":"in_repair"}`},
				{http.MethodGet, "/api/v1/peripherals/" + per + "/timeline", ""}})
			probe(t, x, "/api/v1/maintenance-logs?include_archived=true", "A secret", [][3]string{
				{http.MethodGet, "/api/v1/maintenance-logs/" + log, ""},
				{http.MethodPatch, "/api/v1/maintenance-logs/" + log, `{"title":"hijacked"}`},
				{http.MethodPost, "/api/v1/maintenance-logs/" + log + "/archive", ""},
				{http.MethodPost, "/api/v1/maintenance-logs/" + log + "/restore", ""}})
			probe(t, x, "/api/v1/disposals", "A secret", [][3]string{
				{http.MethodGet, "/api/v1/disposals/" + disp, ""},
				{http.MethodPatch, "/api/v1/disposals/" + disp, `{"notes":"hijacked","reason":"x"}`},
				{http.MethodGet, "/api/v1/disposals/" + disp + "/history", ""},
				{http.MethodPost, "/api/v1/people/" + x.adminA.ID + "/equipment-report", ""}})
			// B cannot record work on, or dispose of, A's items; B's views show none of A's fleet.
			status, body := do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/maintenance-logs",
				fmt.Sprintf(`{"asset_id":%q,"type":"repair","title":"x","performed_on":"2026-01-02"}`, asset))
			assert.Equal(t, http.StatusUnprocessableEntity, status, body)
			status, body = do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/disposals",
				fmt.Sprintf(`{"peripheral_id":%q,"disposed_on":"2026-01-02","method":"lost"}`, per))
			assert.Equal(t, http.StatusUnprocessableEntity, status, body)
			status, body = do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/peripherals", fmt.Sprintf(`{"name":"B","asset_id":%q}`, asset))
			assert.Equal(t, http.StatusUnprocessableEntity, status, body)
			// B's bulk actions on A's assets find nothing to change.
			status, body = do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/assets/bulk", fmt.Sprintf(`{"ids":[%q],"action":"archive"}`, asset))
			require.Equal(t, http.StatusOK, status, body)
			assert.Contains(t, body, `"status":404`)
			assert.Contains(t, body, `"succeeded":[]`)
			_, body = do2(t, x.s, x.adminA, http.MethodGet, "/api/v1/assets/"+asset, "")
			assert.Contains(t, body, `"archived_at":null`)
			for _, path := range []string{"/api/v1/assets/tree?by=location", "/api/v1/assets/tree?by=supplier", "/api/v1/assets/dashboard",
				"/api/v1/assets/depreciation"} {
				status, body := do2(t, x.s, x.adminB, http.MethodGet, path, "")
				require.Equal(t, http.StatusOK, status, body)
				assert.NotContains(t, body, "A secret", path)
				assert.NotContains(t, body, "900", path)
			}
		},
	})
}
