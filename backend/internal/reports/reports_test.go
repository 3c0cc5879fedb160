package reports_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/opsdeck/opsdeck/backend/internal/identity"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

func do(t *testing.T, s *testkit.Server, p *reqctx.Principal, method, path, body string) (int, []byte, http.Header) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, s.URL+path, rd)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
		if method == http.MethodPatch {
			req.Header.Set("Content-Type", "application/merge-patch+json")
		}
	}
	res, err := s.HTTPClient(p).Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b, res.Header
}

// finished waits for the job a 202 answered and returns its result link.
func finished(t *testing.T, s *testkit.Server, p *reqctx.Principal, accepted []byte) string {
	t.Helper()
	var ref struct {
		JobID int64 `json:"job_id"`
	}
	require.NoError(t, json.Unmarshal(accepted, &ref))
	var job struct {
		State  string `json:"state"`
		Result *struct {
			Href    string         `json:"href"`
			Summary map[string]any `json:"summary"`
		} `json:"result"`
		Errors []any `json:"errors"`
	}
	require.Eventually(t, func() bool {
		_, b, _ := do(t, s, p, http.MethodGet, fmt.Sprintf("/api/v1/jobs/%d", ref.JobID), "")
		require.NoError(t, json.Unmarshal(b, &job))
		require.NotEqual(t, "discarded", job.State, "%v", job.Errors)
		return job.State == "completed"
	}, 30*time.Second, 100*time.Millisecond)
	require.NotNil(t, job.Result)
	return job.Result.Href
}

func TestAuditExportJobsAndDownloads(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t, testkit.WithEnv("OPSDECK_WORKERS", "true"))
	org := s.Organization("Acme Energy")
	admin := testkit.AdminOf(org.ID)
	status, b, _ := do(t, s, admin, http.MethodPatch, "/api/v1/organization", `{"name":"=HYPERLINK(\"http://evil\")"}`)
	require.Equal(t, http.StatusOK, status, string(b))

	for _, format := range []string{"csv", "jsonl", "xlsx"} {
		status, b, _ := do(t, s, admin, http.MethodPost, "/api/v1/audit-events/export-jobs", `{"format":"`+format+`","entity_type":"organization"}`)
		require.Equal(t, http.StatusAccepted, status, string(b))
		href := finished(t, s, admin, b)
		status, file, hdr := do(t, s, admin, http.MethodGet, href, "")
		require.Equal(t, http.StatusOK, status, string(file))
		assert.Contains(t, hdr.Get("Content-Disposition"), "."+format)
		assert.True(t, strings.HasPrefix(hdr.Get("Digest"), "sha-256="))
		switch format {
		case "csv":
			recs, err := csv.NewReader(bytes.NewReader(file)).ReadAll()
			require.NoError(t, err)
			require.GreaterOrEqual(t, len(recs), 2)
			assert.Equal(t, "seq", recs[0][0])
			assert.Contains(t, string(file), `'=HYPERLINK`, "formula neutralised")
			for _, r := range recs[1:] {
				assert.Equal(t, "organization", r[6])
			}
		case "jsonl":
			lines := strings.Split(strings.TrimSpace(string(file)), "\n")
			require.NotEmpty(t, lines)
			var e map[string]any
			require.NoError(t, json.Unmarshal([]byte(lines[0]), &e))
			assert.Equal(t, "organization", e["entity_type"])
		case "xlsx":
			x, err := excelize.OpenReader(bytes.NewReader(file))
			require.NoError(t, err)
			rows, err := x.GetRows(x.GetSheetName(0))
			require.NoError(t, err)
			require.GreaterOrEqual(t, len(rows), 2)
			assert.Equal(t, "seq", rows[0][0])
		}
	}
	// The export is audited; a member who did not start it cannot download it; bad input is refused.
	status, b, _ = do(t, s, admin, http.MethodGet, "/api/v1/audit-events?action=export", "")
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, string(b), `"total":3`)
	status, b, _ = do(t, s, admin, http.MethodPost, "/api/v1/audit-events/export-jobs", `{"format":"pdf"}`)
	assert.Equal(t, http.StatusBadRequest, status, string(b))
	status, _, _ = do(t, s, admin, http.MethodPost, "/api/v1/audit-events/export-jobs", `{"format":"csv"}`)
	require.Equal(t, http.StatusAccepted, status)
	member := testkit.Member(org.ID, map[string]reqctx.Level{"assets": reqctx.LevelWrite})
	status, b, _ = do(t, s, admin, http.MethodPost, "/api/v1/organization/summary-report", "")
	require.Equal(t, http.StatusAccepted, status)
	href := finished(t, s, admin, b)
	status, _, _ = do(t, s, member, http.MethodGet, href, "")
	assert.Equal(t, http.StatusNotFound, status)
	status, _, _ = do(t, s, admin, http.MethodGet, "/api/v1/files/0193a2b4-0000-7000-8000-000000000001", "")
	assert.Equal(t, http.StatusNotFound, status)
}

func TestOrganisationSummaryPDF(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t, testkit.WithEnv("OPSDECK_WORKERS", "true"))
	org := s.Organization("Acme Energy")
	admin := testkit.AdminOf(org.ID)
	status, b, _ := do(t, s, admin, http.MethodPatch, "/api/v1/organization", `{"name":"Énergie Acmé"}`)
	require.Equal(t, http.StatusOK, status, string(b))
	status, b, _ = do(t, s, admin, http.MethodPost, "/api/v1/organization/summary-report", "")
	require.Equal(t, http.StatusAccepted, status, string(b))
	href := finished(t, s, admin, b)
	status, pdf, hdr := do(t, s, admin, http.MethodGet, href, "")
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, hdr.Get("Content-Disposition"), ".pdf")
	require.True(t, bytes.HasPrefix(pdf, []byte("%PDF-")))
	path := filepath.Join(t.TempDir(), "summary.pdf")
	require.NoError(t, os.WriteFile(path, pdf, 0o600))
	out, err := exec.Command("pdftotext", "-layout", path, "-").CombinedOutput()
	require.NoError(t, err, string(out))
	text := string(out)
	assert.Contains(t, text, "Organisation summary")
	assert.Contains(t, text, "Énergie Acmé")
	assert.Contains(t, text, "Members by role")
	assert.Contains(t, text, "Owner")
}

func TestEquipmentReportListsWhatThePersonHolds(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t, testkit.WithEnv("OPSDECK_WORKERS", "true"))
	org := s.Organization("Acme Energy")
	admin := testkit.AdminOf(org.ID)
	u, err := s.App.Identity.CreateUser(context.Background(), identity.NewUser{Email: "dana@acme.example", Name: "Dana Peeters"})
	require.NoError(t, err)
	_, err = s.App.Identity.AddMember(context.Background(), org.ID, u.ID, "employee")
	require.NoError(t, err)
	mk := func(path, body string) string {
		status, b, _ := do(t, s, admin, http.MethodPost, path, body)
		require.Equal(t, http.StatusCreated, status, string(b))
		var r struct{ ID string }
		require.NoError(t, json.Unmarshal(b, &r))
		return r.ID
	}
	laptop := mk("/api/v1/assets", `{"name":"ThinkPad X1","asset_tag":"AC-77"}`)
	headset := mk("/api/v1/peripherals", `{"name":"Jabra headset","serial":"JB-5"}`)
	for _, p := range []string{"/api/v1/assets/" + laptop, "/api/v1/peripherals/" + headset} {
		status, b, _ := do(t, s, admin, http.MethodPost, p+"/check-out", fmt.Sprintf(`{"user_id":%q,"remote":true}`, u.ID))
		require.Equal(t, http.StatusOK, status, string(b))
	}
	status, b, _ := do(t, s, admin, http.MethodPost, "/api/v1/people/"+uuid.NewString()+"/equipment-report", "")
	assert.Equal(t, http.StatusNotFound, status, string(b))
	status, b, _ = do(t, s, testkit.ViewerOf(org.ID), http.MethodPost, "/api/v1/people/"+u.ID.String()+"/equipment-report", "")
	require.Equal(t, http.StatusAccepted, status, "reading assets is enough: %s", b)
	href := finished(t, s, testkit.ViewerOf(org.ID), b)
	status, pdf, _ := do(t, s, testkit.ViewerOf(org.ID), http.MethodGet, href, "")
	require.Equal(t, http.StatusOK, status)
	path := filepath.Join(t.TempDir(), "equipment.pdf")
	require.NoError(t, os.WriteFile(path, pdf, 0o600))
	out, err := exec.Command("pdftotext", "-layout", path, "-").CombinedOutput()
	require.NoError(t, err, string(out))
	text := string(out)
	for _, want := range []string{"Equipment held", "Dana Peeters", "ThinkPad X1", "AC-77", "Jabra headset", "JB-5", "(remote)", "Hand-over"} {
		assert.Contains(t, text, want)
	}
	var n int
	require.NoError(t, s.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_events WHERE action = 'report'
		AND entity_type = 'user' AND entity_id = $1`, u.ID.String()).Scan(&n))
	assert.Equal(t, 1, n, "starting the report is audited")
}
