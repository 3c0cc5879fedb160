package assets_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/assets"
	"github.com/opsdeck/opsdeck/backend/internal/platform/customfields"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

// benchAssets is the fleet size of the list benchmark (OPSDECK_BENCH_ASSETS, default 100,000).
func benchAssets() int {
	if n, err := strconv.Atoi(os.Getenv("OPSDECK_BENCH_ASSETS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

// BenchmarkListAssets measures one page of 50 assets, filtered (status and location) and sorted, through the service
// (tenant transaction, RLS, GORM, joins for names, tags of the page), over a fleet of benchAssets() assets.
//
//	go test ./internal/assets -run '^$' -bench ListAssets -benchtime 200x
func BenchmarkListAssets(b *testing.B) {
	s := testkit.NewServer(b)
	org := s.Organization("Bench Org")
	ctx := testkit.AsAdmin(org.ID)
	n := benchAssets()
	var locs []uuid.UUID
	for i := range 20 {
		l, err := s.App.Assets.CreateLocation(ctx, assets.LocationInput{Name: ptr(fmt.Sprintf("Site %02d", i))})
		require.NoError(b, err)
		locs = append(locs, l.ID)
	}
	_, err := s.App.CustomFields.Create(ctx, customfields.Input{EntityType: assets.TypeAsset, Key: "cost_centre", Type: "select",
		Label: ptr("Cost centre"), Options: &[]string{"IT", "OT", "Finance"}})
	require.NoError(b, err)
	_, err = s.DB.Pool.Exec(context.Background(), `INSERT INTO assets (id, organization_id, name, asset_tag, serial, status,
			purchase_date, location_id, custom_fields)
		SELECT gen_random_uuid(), $1, 'Asset ' || md5(i::text), 'T' || i, 'S' || i,
			(ARRAY['in_stock','in_stock','in_repair','awaiting_disposal'])[1 + i % 4], date '2018-01-01' + (i % 2500),
			($2::uuid[])[1 + i % 20], jsonb_build_object('cost_centre', (ARRAY['IT','OT','Finance'])[1 + i % 3])
		FROM generate_series(1, $3) AS i`, org.ID, locs, n)
	require.NoError(b, err)
	_, err = s.DB.Pool.Exec(context.Background(), "VACUUM ANALYZE assets")
	require.NoError(b, err)
	for _, c := range []struct {
		name string
		f    assets.AssetFilter
	}{
		{"first_page_filter_sort_name", assets.AssetFilter{Statuses: []string{"in_stock"}, LocationID: &locs[4], Sort: "name", Limit: 50}},
		{"first_page_sort_purchase_desc", assets.AssetFilter{Sort: "-purchase_date", Limit: 50}},
		{"search_text", assets.AssetFilter{Query: "abc", Sort: "name", Limit: 50}},
		{"custom_field_filter", assets.AssetFilter{CustomFields: []string{"cost_centre:OT"}, Sort: "name", Limit: 50}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				res, err := s.App.Assets.ListAssets(ctx, c.f)
				if err != nil || len(res.Items) == 0 {
					b.Fatalf("list: %v (%d items)", err, len(res.Items))
				}
			}
		})
	}
	// A page deep in the list: follow cursors 20 pages, then measure the next one.
	b.Run("page_21_filter_sort_name", func(b *testing.B) {
		f := assets.AssetFilter{Statuses: []string{"in_stock"}, Sort: "name", Limit: 50}
		for range 20 {
			res, err := s.App.Assets.ListAssets(ctx, f)
			require.NoError(b, err)
			f.Cursor = *res.NextCursor
		}
		for b.Loop() {
			if _, err := s.App.Assets.ListAssets(ctx, f); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func ptr[T any](v T) *T { return &v }
