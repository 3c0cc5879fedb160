package audit_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

// BenchmarkSealLargeTransaction commits one transaction holding n audit rows of one organisation (a 100k-row import
// apply writes that many) and reports the cost per row of sealing them into the chain at COMMIT. That cost must not grow
// with n: compare the sub-benchmarks (whole transaction for 32,000 rows before migration 00028: 28.8 s, after: 8.6 s, of which 74 µs/row
// is the commit).
//
//	OPSDECK_TEST_PG=private go test ./internal/platform/audit -run '^$' -bench SealLargeTransaction -benchtime 1x
func BenchmarkSealLargeTransaction(b *testing.B) {
	d := testkit.DB(b)
	for _, n := range []int{2_000, 8_000, 32_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			org := uuid.Must(uuid.NewV7())
			ctx := context.Background()
			var commit time.Duration
			for b.Loop() {
				var written time.Time
				require.NoError(b, d.PlatformTx(ctx, func(tx *gorm.DB) error {
					for i := range n {
						if err := audit.Record(tx, audit.Entry{Organization: org, Action: "create", EntityType: "asset",
							EntityID: fmt.Sprint(i), EntityLabel: "Bench asset"}); err != nil {
							return err
						}
					}
					written = time.Now()
					return nil
				}))
				commit += time.Since(written)
			}
			b.ReportMetric(float64(commit.Microseconds())/float64(n*b.N), "commit-µs/row")
			rep, err := audit.Verify(ctx, d.Pool, org)
			require.NoError(b, err)
			require.True(b, rep.OK(), "%+v", rep.Broken)
			require.Equal(b, int64(n*b.N), rep.Rows)
		})
	}
}
