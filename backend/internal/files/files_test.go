package files_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/testkit"
)

func TestJobFilesLiveInStorageAndTheSweepRemovesThem(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t, testkit.WithEnv("OPSDECK_WORKERS", "true"))
	org := s.Organization("Acme Energy")
	admin := testkit.AdminOf(org.ID)
	ctx := context.Background()

	r := s.Call(t, admin, http.MethodPost, "/api/v1/organization/summary-report", "")
	require.Equal(t, http.StatusAccepted, r.Status, r.Raw)
	job := fmt.Sprintf("/api/v1/jobs/%d", int64(r.Body["job_id"].(float64)))
	var j testkit.Reply
	require.Eventually(t, func() bool { j = s.Call(t, admin, http.MethodGet, job, ""); return j.Body["state"] == "completed" },
		30*time.Second, 100*time.Millisecond)
	href := j.Body["result"].(map[string]any)["href"].(string)

	// The row is the index: the bytes are in the storage backend under its key.
	var key string
	var inRow bool
	require.NoError(t, s.DB.Pool.QueryRow(ctx, "SELECT storage_key, data IS NOT NULL FROM job_files WHERE organization_id = $1", org.ID).
		Scan(&key, &inRow))
	assert.False(t, inRow)
	exists, err := s.App.Storage.Exists(ctx, key)
	require.NoError(t, err)
	assert.True(t, exists, key)
	res, err := s.HTTPClient(admin).Get(s.URL + href)
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "%PDF-", string(body[:5]))
	sum := sha256.Sum256(body)
	assert.Equal(t, "sha-256="+base64.StdEncoding.EncodeToString(sum[:]), res.Header.Get("Digest"), "hashed on the way to the store")

	// A file written before the move (bytes in the row) still downloads.
	legacy := uuid.New()
	data := []byte("a,b\n1,2\n")
	lsum := sha256.Sum256(data)
	_, err = s.DB.Pool.Exec(ctx, `INSERT INTO job_files (id, organization_id, job_id, name, content_type, size, sha256, data, created_by, expires_at)
		VALUES ($1, $2, 1, 'old.csv', 'text/csv', $3, $4, $5, $6, now() + interval '1 day')`, legacy, org.ID, len(data), lsum[:], data, admin.ID)
	require.NoError(t, err)
	res, err = s.HTTPClient(admin).Get(s.URL + "/api/v1/files/" + legacy.String())
	require.NoError(t, err)
	body, _ = io.ReadAll(res.Body)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, data, body)

	// Both expire: the sweep removes the rows and the stored object.
	_, err = s.DB.Pool.Exec(ctx, "UPDATE job_files SET expires_at = now() - interval '1 minute' WHERE organization_id = $1", org.ID)
	require.NoError(t, err)
	n, err := s.App.Files.Sweep(ctx)
	require.NoError(t, err)
	assert.EqualValues(t, 2, n)
	exists, err = s.App.Storage.Exists(ctx, key)
	require.NoError(t, err)
	assert.False(t, exists)
	res, err = s.HTTPClient(admin).Get(s.URL + href)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
}
