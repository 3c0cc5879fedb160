package app_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Isolation of the software catalogue and licences: A's software, licences, keys and seats are 404 for B by id and
// absent from B's lists; B cannot use A's software, members or assets in its own records.
func init() {
	isolationCases = append(isolationCases, isolationCase{
		name: "software catalogue, licences and seats",
		ops: []string{"listSoftware", "createSoftware", "getSoftware", "updateSoftware", "archiveSoftware", "restoreSoftware",
			"listLicences", "createLicence", "getLicence", "updateLicence", "archiveLicence", "restoreLicence", "revealLicenceKey",
			"listLicenceSeats", "assignLicenceSeat", "releaseLicenceSeat"},
		run: func(t *testing.T, x tenants) {
			post := func(path, body string) string {
				status, out := do2(t, x.s, x.adminA, http.MethodPost, path, body)
				require.Equal(t, http.StatusCreated, status, path+": "+out)
				return idOf(t, out)
			}
			sw := post("/api/v1/software", `{"name":"A secret software","publisher":"A secret publisher"}`)
			lic := post("/api/v1/licences", fmt.Sprintf(`{"software_id":%q,"name":"A secret licence","licence_key":"A-SECRET-KEY-0001","seats":5}`, sw))
			asset := post("/api/v1/assets", `{"name":"A secret laptop"}`)
			seat := post("/api/v1/licences/"+lic+"/seats", fmt.Sprintf(`{"asset_id":%q}`, asset))
			for base, id := range map[string]string{"software": sw, "licences": lic} {
				probe(t, x, "/api/v1/"+base+"?include_archived=true", "A secret", [][3]string{
					{http.MethodGet, "/api/v1/" + base + "/" + id, ""},
					{http.MethodPatch, "/api/v1/" + base + "/" + id, `{"name":"hijacked"}`},
					{http.MethodPost, "/api/v1/" + base + "/" + id + "/archive", ""},
					{http.MethodPost, "/api/v1/" + base + "/" + id + "/restore", ""}})
			}
			probe(t, x, "", "", [][3]string{
				{http.MethodPost, "/api/v1/licences/" + lic + "/reveal-key", ""},
				{http.MethodGet, "/api/v1/licences/" + lic + "/seats", ""},
				{http.MethodPost, "/api/v1/licences/" + lic + "/seats", fmt.Sprintf(`{"user_id":%q}`, x.adminB.ID)},
				{http.MethodDelete, "/api/v1/licences/" + lic + "/seats/" + seat, ""}})
			// B's filters naming A's ids find nothing; B cannot put a licence on A's software, nor a seat on A's asset.
			for _, q := range []string{"software_id=" + sw, "q=secret"} {
				_, body := do2(t, x.s, x.adminB, http.MethodGet, "/api/v1/licences?"+q, "")
				assert.Contains(t, body, `"total":0`, q)
			}
			status, body := do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/licences", fmt.Sprintf(`{"software_id":%q,"name":"B"}`, sw))
			assert.Equal(t, http.StatusUnprocessableEntity, status, body)
			bsw := func() string {
				status, body := do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/software", `{"name":"A secret software"}`)
				require.Equal(t, http.StatusCreated, status, "names are unique per organisation: "+body)
				return idOf(t, body)
			}()
			status, body = do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/licences", fmt.Sprintf(`{"software_id":%q,"name":"B licence"}`, bsw))
			require.Equal(t, http.StatusCreated, status, body)
			blic := idOf(t, body)
			status, body = do2(t, x.s, x.adminB, http.MethodPost, "/api/v1/licences/"+blic+"/seats", fmt.Sprintf(`{"asset_id":%q}`, asset))
			assert.Equal(t, http.StatusUnprocessableEntity, status, body)
			status, body = do2(t, x.s, x.adminB, http.MethodDelete, "/api/v1/licences/"+blic+"/seats/"+seat, "")
			assert.Equal(t, http.StatusNotFound, status, body)
			// A's seat and key are still there for A.
			fresh := *x.adminA
			fresh.AuthTime = time.Now() // reading a key needs a recent sign-in
			_, body = do2(t, x.s, &fresh, http.MethodPost, "/api/v1/licences/"+lic+"/reveal-key", "")
			assert.Contains(t, body, "A-SECRET-KEY-0001")
			_, body = do2(t, x.s, x.adminA, http.MethodGet, "/api/v1/licences/"+lic+"/seats", "")
			assert.Contains(t, body, seat)
		},
	})
}
