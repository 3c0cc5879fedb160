package auditlog_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/auditlog"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

func TestRetentionPurgeRemovesOnlyTheOldPrefixAndKeepsTheChainVerifiable(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	org := s.Organization("Acme Energy")
	admin := testkit.AdminOf(org.ID)
	ctx := context.Background()
	_, err := s.DB.Pool.Exec(ctx, `UPDATE organizations SET settings = jsonb_set(settings, '{retention,audit_log_days}', '365') WHERE id = $1`, org.ID)
	require.NoError(t, err)
	for i := range 3 {
		rename(t, s, admin, fmt.Sprintf("Acme %d", i))
		time.Sleep(20 * time.Millisecond)
	}
	var rows []time.Time
	r, err := s.DB.Pool.Query(ctx, "SELECT occurred_at FROM audit_events WHERE organization_id = $1 ORDER BY seq", org.ID)
	require.NoError(t, err)
	for r.Next() {
		var at time.Time
		require.NoError(t, r.Scan(&at))
		rows = append(rows, at)
	}
	require.NoError(t, r.Err())
	require.GreaterOrEqual(t, len(rows), 3)
	total := len(rows)

	// Nothing is old enough: nothing purged, nothing audited.
	n, _, err := auditlog.Purge(ctx, s.DB, org.ID, time.Now())
	require.NoError(t, err)
	assert.Zero(t, n)

	// With the clock 365 days after the second-to-last row, everything before the last row goes.
	cut := rows[total-2].Add(365*24*time.Hour + time.Millisecond)
	n, cutoff, err := auditlog.Purge(ctx, s.DB, org.ID, cut)
	require.NoError(t, err)
	assert.EqualValues(t, total-1, n)
	assert.True(t, cutoff.After(rows[total-2]))
	var left int
	require.NoError(t, s.DB.Pool.QueryRow(ctx, "SELECT count(*) FROM audit_events WHERE organization_id = $1 AND action <> 'audit.purged'", org.ID).Scan(&left))
	assert.Equal(t, 1, left)
	var purged string
	require.NoError(t, s.DB.Pool.QueryRow(ctx, "SELECT changes->'deleted'->>1 FROM audit_events WHERE organization_id = $1 AND action = 'audit.purged'", org.ID).Scan(&purged))
	assert.Equal(t, fmt.Sprint(total-1), purged, "the purge is itself audited")

	rep, err := audit.Verify(ctx, s.DB.Pool, org.ID)
	require.NoError(t, err)
	assert.True(t, rep.OK(), "the chain still verifies from the first kept row: %+v", rep.Broken)

	// Outside the purge, deleting audit rows stays impossible.
	_, err = s.DB.Pool.Exec(ctx, "DELETE FROM audit_events WHERE organization_id = $1", org.ID)
	assert.Error(t, err)
}
