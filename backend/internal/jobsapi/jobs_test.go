package jobsapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/auditlog"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

func call(t *testing.T, s *testkit.Server, p *reqctx.Principal, method, path string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, s.URL+path, nil)
	res, err := s.HTTPClient(p).Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return res.StatusCode, out
}

func TestJobsAPI(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t, testkit.WithEnv("OPSDECK_WORKERS", "true"))
	org := s.Organization("Acme Energy")
	admin := testkit.AdminOf(org.ID)
	alice := testkit.Member(org.ID, map[string]reqctx.Level{"assets": reqctx.LevelWrite})
	bob := testkit.Member(org.ID, map[string]reqctx.Level{"assets": reqctx.LevelWrite})
	enqueue := func(p *reqctx.Principal, at time.Time) int64 {
		var id int64
		require.NoError(t, s.DB.Tx(reqctx.WithPrincipal(context.Background(), p), func(tx *gorm.DB) error {
			var err error
			id, err = s.App.Jobs.Enqueue(tx, auditlog.PurgeArgs{Organization: org.ID, Period: at}, nil)
			return err
		}))
		return id
	}
	mine := enqueue(alice, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	theirs := enqueue(bob, time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC))

	// The job runs (audit purge with default retention: nothing old to delete) and reports its result.
	require.Eventually(t, func() bool {
		_, j := call(t, s, alice, http.MethodGet, fmt.Sprintf("/api/v1/jobs/%d", mine))
		return j["state"] == "completed"
	}, 15*time.Second, 100*time.Millisecond)
	status, j := call(t, s, alice, http.MethodGet, fmt.Sprintf("/api/v1/jobs/%d", mine))
	require.Equal(t, http.StatusOK, status)
	assert.EqualValues(t, 100, j["percent"])
	assert.Equal(t, "audit.purge", j["kind"])
	assert.NotNil(t, j["result"])
	assert.Equal(t, alice.Name, j["actor_name"])

	// Members see their own jobs; administrators everyone's.
	_, list := call(t, s, alice, http.MethodGet, "/api/v1/jobs")
	assert.EqualValues(t, 1, list["total"])
	_, list = call(t, s, admin, http.MethodGet, "/api/v1/jobs?kind=audit.purge")
	assert.EqualValues(t, 2, list["total"])
	_, list = call(t, s, admin, http.MethodGet, "/api/v1/jobs?mine=true")
	assert.EqualValues(t, 0, list["total"])
	status, _ = call(t, s, alice, http.MethodGet, fmt.Sprintf("/api/v1/jobs/%d", theirs))
	assert.Equal(t, http.StatusNotFound, status, "another member's job is invisible")

	// Paging: one per page, then the second, then none.
	_, p1 := call(t, s, admin, http.MethodGet, "/api/v1/jobs?limit=1")
	require.Len(t, p1["items"], 1)
	require.NotNil(t, p1["next_cursor"])
	_, p2 := call(t, s, admin, http.MethodGet, "/api/v1/jobs?limit=1&cursor="+p1["next_cursor"].(string))
	require.Len(t, p2["items"], 1)
	assert.NotEqual(t, p1["items"].([]any)[0].(map[string]any)["id"], p2["items"].([]any)[0].(map[string]any)["id"])
	assert.Nil(t, p2["next_cursor"])

	// Finished jobs cannot be cancelled; completed ones cannot be retried; bad input is refused.
	require.Eventually(t, func() bool {
		_, j := call(t, s, admin, http.MethodGet, fmt.Sprintf("/api/v1/jobs/%d", theirs))
		return j["state"] == "completed"
	}, 15*time.Second, 100*time.Millisecond)
	status, prob := call(t, s, alice, http.MethodPost, fmt.Sprintf("/api/v1/jobs/%d/cancel", mine))
	assert.Equal(t, http.StatusConflict, status, prob)
	status, _ = call(t, s, alice, http.MethodPost, fmt.Sprintf("/api/v1/jobs/%d/retry", mine))
	assert.Equal(t, http.StatusConflict, status)
	for _, bad := range []string{"/api/v1/jobs/abc", "/api/v1/jobs/0", "/api/v1/jobs?state=exploded", "/api/v1/jobs?cursor=not-a-cursor", "/api/v1/jobs?kind=DROP%20TABLE"} {
		status, _ := call(t, s, admin, http.MethodGet, bad)
		assert.Equal(t, http.StatusBadRequest, status, bad)
	}

	// A scheduled job not yet run can be cancelled by its starter, then retried; another member may not.
	var later int64
	require.NoError(t, s.DB.Tx(reqctx.WithPrincipal(context.Background(), alice), func(tx *gorm.DB) error {
		var err error
		later, err = s.App.Jobs.Enqueue(tx, auditlog.PurgeArgs{Organization: org.ID, Period: time.Now()}, nil)
		if err != nil {
			return err
		}
		return tx.Exec("UPDATE river_job SET scheduled_at = now() + interval '1 hour', state = 'scheduled' WHERE id = ?", later).Error
	}))
	status, _ = call(t, s, bob, http.MethodPost, fmt.Sprintf("/api/v1/jobs/%d/cancel", later))
	assert.Equal(t, http.StatusNotFound, status)
	status, j = call(t, s, alice, http.MethodPost, fmt.Sprintf("/api/v1/jobs/%d/cancel", later))
	require.Equal(t, http.StatusOK, status, j)
	assert.Equal(t, "cancelled", j["state"])
	status, j = call(t, s, admin, http.MethodPost, fmt.Sprintf("/api/v1/jobs/%d/retry", later))
	require.Equal(t, http.StatusOK, status, j)
	assert.True(t, strings.Contains("available running completed", j["state"].(string)), j["state"])
}
