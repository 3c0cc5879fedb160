package imports_test

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/platform/tabular"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

// BenchmarkImportAssets applies a CSV of OPSDECK_BENCH_IMPORT_ROWS new assets (default 20,000) through the asset
// importer — reference lookups, validation, custom fields, a savepoint, the insert and its audit row per row — and
// reports rows/s and the process's peak resident memory.
//
//	OPSDECK_BENCH_IMPORT_ROWS=100000 go test ./internal/imports -run '^$' -bench ImportAssets -benchtime 1x
func BenchmarkImportAssets(b *testing.B) {
	n := 20_000
	if v, err := strconv.Atoi(os.Getenv("OPSDECK_BENCH_IMPORT_ROWS")); err == nil && v > 0 {
		n = v
	}
	s := testkit.NewServer(b)
	e := catalogue(b, s, "Bench Org", nil)
	var file bytes.Buffer
	file.WriteString("asset_tag,name,serial,status,brand,model,location,purchase_date,cost,currency,warranty_months,critical,tags,cf.cost_centre,cf.ram_gb,cf.zones\n")
	for i := range n {
		fmt.Fprintf(&file, "BT-%07d,Laptop %d,SN%09d,in_stock,Dell,Latitude 7440,%s,2024-%02d-%02d,1299.00,EUR,36,%t,Finance,IT,%d,office; ot\n",
			i, i, i, []string{"Brussels HQ", "Ghent plant"}[i%2], 1+i%12, 1+i%28, i%7 == 0, 8<<(i%4))
	}
	data := file.Bytes()
	b.ResetTimer()
	for b.Loop() {
		rd, err := tabular.Open(tabular.CSV, bytes.NewReader(data), int64(len(data)))
		require.NoError(b, err)
		start := time.Now()
		rep, err := tabular.Run(testkit.AsAdmin(e.org), s.DB, rd, s.App.Assets.NewAssetImporter(testkit.AsAdmin(e.org)), false, nil)
		require.NoError(b, err)
		require.Zero(b, rep.ErrorCount, rep.Errors)
		require.Equal(b, n, rep.Created)
		b.ReportMetric(float64(n)/time.Since(start).Seconds(), "rows/s")
		b.StopTimer()
		_, err = s.DB.Pool.Exec(b.Context(), "DELETE FROM assets WHERE organization_id = $1", e.org)
		require.NoError(b, err)
		b.StartTimer()
	}
	b.ReportMetric(float64(peakRSS())/(1<<20), "peak-RSS-MiB")
}

// peakRSS is the process's high-water resident memory (VmHWM), in bytes.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			f := strings.Fields(line)
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}
