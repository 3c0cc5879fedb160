package rbac_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/opsdeck/opsdeck/backend/internal/platform/rbac"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

// seedPolicies builds a realistic policy set with SQL: orgs × 6 roles, usersPerOrg members with one role each and
// a group holding a second role.
func seedPolicies(tb testing.TB, orgs, usersPerOrg int) (*rbac.Enforcer, uuid.UUID, uuid.UUID) {
	d := testkit.DB(tb)
	ctx := context.Background()
	_, err := d.Pool.Exec(ctx, `
		INSERT INTO organizations (id, name, slug, kind, identifier)
		SELECT gen_random_uuid(), 'Org ' || i, 'org-' || i, 'operator', 'ORG' || i FROM generate_series(1, $1) i`, orgs)
	if err != nil {
		tb.Fatal(err)
	}
	_, err = d.Pool.Exec(ctx, fmt.Sprintf(`
		INSERT INTO roles (id, organization_id, name, builtin_key, permissions)
		SELECT gen_random_uuid(), o.id, k, k, CASE k
			WHEN 'owner' THEN '{"assets":"admin","risk":"admin","compliance":"admin","administration":"admin"}'::jsonb
			WHEN 'editor' THEN '{"assets":"write","risk":"write","compliance":"write","administration":"read"}'::jsonb
			ELSE '{"assets":"read","risk":"read","compliance":"read"}'::jsonb END
		FROM organizations o, unnest(ARRAY['owner','administrator','editor','viewer','auditor','employee']) k;
		INSERT INTO users (id, email, name)
		SELECT gen_random_uuid(), 'u' || o.slug || '-' || i || '@bench.example', 'User ' || i
		FROM organizations o, generate_series(1, %d) i;
		INSERT INTO memberships (id, organization_id, user_id)
		SELECT gen_random_uuid(), o.id, u.id FROM organizations o JOIN users u ON u.email LIKE 'u' || o.slug || '-%%';
		INSERT INTO role_assignments (id, organization_id, role_id, user_id)
		SELECT gen_random_uuid(), m.organization_id, r.id, m.user_id FROM memberships m
		JOIN roles r ON r.organization_id = m.organization_id AND r.builtin_key = 'viewer';
		INSERT INTO groups (id, organization_id, name) SELECT gen_random_uuid(), id, 'Editors' FROM organizations;
		INSERT INTO group_members (organization_id, group_id, user_id)
		SELECT g.organization_id, g.id, m.user_id FROM groups g JOIN memberships m ON m.organization_id = g.organization_id;
		INSERT INTO role_assignments (id, organization_id, role_id, group_id)
		SELECT gen_random_uuid(), g.organization_id, r.id, g.id FROM groups g
		JOIN roles r ON r.organization_id = g.organization_id AND r.builtin_key = 'editor';`, usersPerOrg))
	if err != nil {
		tb.Fatal(err)
	}
	e, err := rbac.New(d.Pool, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		tb.Fatal(err)
	}
	var org, user uuid.UUID
	if err := d.Pool.QueryRow(ctx, "SELECT organization_id, user_id FROM memberships LIMIT 1").Scan(&org, &user); err != nil {
		tb.Fatal(err)
	}
	return e, org, user
}

func TestSeededPoliciesDecide(t *testing.T) {
	e, org, user := seedPolicies(t, 3, 5)
	if !e.Allowed(org, user, "assets", reqctx.LevelWrite) {
		t.Fatal("a member of the Editors group may write assets")
	}
	if e.Allowed(org, user, "assets", reqctx.LevelAdmin) {
		t.Fatal("nobody granted admin on assets")
	}
	if e.Allowed(uuid.New(), user, "assets", reqctx.LevelRead) {
		t.Fatal("another organisation grants nothing")
	}
	lv := e.Levels(org, user)
	if lv["assets"] != reqctx.LevelWrite || lv["administration"] != reqctx.LevelRead {
		t.Fatalf("levels: %v", lv)
	}
}

// BenchmarkDecision: one cached authorisation decision with 100 organisations × 100 members (≈ 20,000 grouping rules,
// 7,800 policies) over 100 distinct users; reports p50/p99 besides ns/op.
func BenchmarkDecision(b *testing.B) {
	e, org, user := seedPolicies(b, 100, 100)
	e.Levels(org, user) // warm: the first decision per user computes, the rest read the cache
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if !e.Allowed(org, user, "risk", reqctx.LevelWrite) {
			b.Fatal("expected allow")
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds()), "p99-ns")
}

// BenchmarkLevelsUncached: a decision right after a reload (cache empty): computed from the enforcer.
func BenchmarkLevelsUncached(b *testing.B) {
	e, org, user := seedPolicies(b, 100, 100)
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		e.ClearCache()
		b.StartTimer()
		start := time.Now()
		if len(e.Levels(org, user)) == 0 {
			b.Fatal("expected levels")
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds()), "p99-ns")
}
