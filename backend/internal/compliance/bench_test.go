package compliance_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

// BenchmarkFrameworkStatus computes the status of every control of a 1,000-control framework with 200,000 evidence
// links, 500 rules and 20,000 maintenance records: the set-based query of GET /frameworks/{id}/status.
//
//	OPSDECK_TEST_PG=private go test ./internal/compliance -run '^$' -bench FrameworkStatus -benchtime 20x
func BenchmarkFrameworkStatus(b *testing.B) {
	s := testkit.NewServer(b)
	org := s.Organization("Bench Org")
	ctx := context.Background()
	fw := uuid.Must(uuid.NewV7())
	asset := uuid.Must(uuid.NewV7())
	for _, q := range []string{
		`INSERT INTO frameworks (id, organization_id, key, name, origin) VALUES ($1, $2, 'custom-bench', 'Bench', 'custom')`,
		`INSERT INTO controls (id, organization_id, framework_id, position, ref, title, kind, applicability, justification)
			SELECT gen_random_uuid(), $2, $1, g, 'C-' || g, 'Control ' || g, 'control',
				CASE WHEN g % 20 = 0 THEN 'not_applicable' ELSE 'applicable' END, CASE WHEN g % 20 = 0 THEN 'Out of scope' ELSE '' END
			FROM generate_series(0, 999) g`,
		`INSERT INTO compliance_links (id, organization_id, control_id, entity_type, entity_id, description, created_by,
				effective_to)
			SELECT gen_random_uuid(), $2, c.id, 'asset', gen_random_uuid(), 'Bench evidence', 'bench',
				CASE WHEN g % 3 = 0 THEN current_date - 1 END
			FROM controls c CROSS JOIN generate_series(1, 200) g WHERE c.framework_id = $1`,
		`INSERT INTO compliance_rules (id, organization_id, control_id, target, criteria, frequency_days, grace_days, scope)
			SELECT gen_random_uuid(), $2, c.id, 'maintenance_done',
				jsonb_build_object('type', jsonb_build_array(CASE WHEN c.position % 4 = 0 THEN 'repair' ELSE 'inspection' END)),
				30, 10, CASE WHEN c.position % 10 = 0 THEN 'linked' ELSE 'organisation' END
			FROM controls c WHERE c.framework_id = $1 AND c.position % 2 = 0`,
	} {
		_, err := s.DB.Pool.Exec(ctx, q, fw, org.ID)
		require.NoError(b, err)
	}
	_, err := s.DB.Pool.Exec(ctx, `INSERT INTO assets (id, organization_id, name, status) VALUES ($1, $2, 'Bench asset', 'in_stock')`, asset, org.ID)
	require.NoError(b, err)
	_, err = s.DB.Pool.Exec(ctx, `INSERT INTO maintenance_logs (id, organization_id, asset_id, type, title, status, performed_on)
		SELECT gen_random_uuid(), $2, $1, (ARRAY['repair', 'inspection', 'planned'])[1 + g % 3], 'Log ' || g, 'done', current_date - (g % 400)
		FROM generate_series(1, 20000) g`, asset, org.ID)
	require.NoError(b, err)
	_, err = s.DB.Pool.Exec(ctx, `ANALYZE`)
	require.NoError(b, err)
	pctx := reqctx.WithPrincipal(ctx, testkit.AdminOf(org.ID))
	b.ResetTimer()
	for b.Loop() {
		st, err := s.App.Compliance.Status(pctx, fw)
		require.NoError(b, err)
		require.Len(b, st.Controls, 1000)
	}
}
