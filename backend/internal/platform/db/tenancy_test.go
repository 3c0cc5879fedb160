package db_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/organizations"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

// note is a tenant-owned model the tests create a table for, as a later module's migration would.
type note struct {
	ID             uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID `gorm:"type:uuid"`
	Body           string
}

func setup(t *testing.T) (*db.DB, uuid.UUID, uuid.UUID) {
	t.Helper()
	d := testkit.DB(t)
	ctx := context.Background()
	svc := organizations.NewService(d)
	a := organizations.Organization{Name: "Org A", Slug: "org-a", Kind: "operator", Identifier: "ORGA"}
	b := organizations.Organization{Name: "Org B", Slug: "org-b", Kind: "operator", Identifier: "ORGB"}
	require.NoError(t, svc.Create(ctx, &a))
	require.NoError(t, svc.Create(ctx, &b))
	_, err := d.Pool.Exec(ctx, `
		CREATE TABLE notes (
			id uuid PRIMARY KEY,
			organization_id uuid NOT NULL REFERENCES organizations (id),
			body text NOT NULL
		);
		SELECT opsdeck_enable_tenant_rls('notes');
		INSERT INTO notes VALUES (gen_random_uuid(), $1, 'note of A'), (gen_random_uuid(), $2, 'note of B');`, a.ID, b.ID)
	if err != nil { // multi-statement with parameters is refused by the extended protocol: do it in steps
		for _, q := range []string{
			`CREATE TABLE notes (id uuid PRIMARY KEY, organization_id uuid NOT NULL REFERENCES organizations (id), body text NOT NULL)`,
			`SELECT opsdeck_enable_tenant_rls('notes')`,
		} {
			_, err := d.Pool.Exec(ctx, q)
			require.NoError(t, err)
		}
		_, err = d.Pool.Exec(ctx, `INSERT INTO notes VALUES (gen_random_uuid(), $1, 'note of A'), (gen_random_uuid(), $2, 'note of B')`, a.ID, b.ID)
		require.NoError(t, err)
	}
	return d, a.ID, b.ID
}

func asOrg(org uuid.UUID) context.Context {
	return reqctx.WithPrincipal(context.Background(), &reqctx.Principal{ID: "t", Kind: reqctx.KindUser, OrganizationID: org})
}

// TestRLSBackstop: inside organisation A's transaction, SQL that bypasses the application scope still sees nothing of
// organisation B and cannot write into it.
func TestRLSBackstop(t *testing.T) {
	t.Parallel()
	d, a, b := setup(t)
	err := d.Tx(asOrg(a), func(tx *gorm.DB) error {
		var bodies []string
		require.NoError(t, tx.Raw("SELECT body FROM notes ORDER BY body").Scan(&bodies).Error)
		assert.Equal(t, []string{"note of A"}, bodies)

		var n int64
		require.NoError(t, tx.Raw("SELECT count(*) FROM notes WHERE organization_id = ?", b).Scan(&n).Error)
		assert.Zero(t, n, "B's rows are invisible even when asked for by id")
		require.NoError(t, tx.Raw("SELECT count(*) FROM organizations").Scan(&n).Error)
		assert.Equal(t, int64(1), n, "only the own organisation is visible")

		// Writes into B are refused by the policy; updates and deletes of B's rows touch nothing.
		err := tx.Exec("SAVEPOINT s1").Error
		require.NoError(t, err)
		err = tx.Exec("INSERT INTO notes VALUES (gen_random_uuid(), ?, 'smuggled')", b).Error
		require.Error(t, err)
		assert.Contains(t, err.Error(), "row-level security")
		require.NoError(t, tx.Exec("ROLLBACK TO SAVEPOINT s1").Error)

		res := tx.Exec("UPDATE notes SET body = 'overwritten' WHERE organization_id = ?", b)
		require.NoError(t, res.Error)
		assert.Zero(t, res.RowsAffected)
		res = tx.Exec("DELETE FROM notes WHERE organization_id = ?", b)
		require.NoError(t, res.Error)
		assert.Zero(t, res.RowsAffected)

		// Moving an own row into B is refused too (WITH CHECK).
		require.NoError(t, tx.Exec("SAVEPOINT s2").Error)
		err = tx.Exec("UPDATE notes SET organization_id = ?", b).Error
		require.Error(t, err)
		require.NoError(t, tx.Exec("ROLLBACK TO SAVEPOINT s2").Error)

		// The organisation table itself: creating another organisation from inside a tenant is refused.
		require.NoError(t, tx.Exec("SAVEPOINT s3").Error)
		err = tx.Exec(`INSERT INTO organizations (id, name, slug, kind, identifier) VALUES (gen_random_uuid(), 'X', 'x', 'operator', 'XX')`).Error
		require.Error(t, err)
		require.NoError(t, tx.Exec("ROLLBACK TO SAVEPOINT s3").Error)

		return nil
	})
	require.NoError(t, err)
	var bodies []string
	require.NoError(t, d.PlatformTx(context.Background(), func(tx *gorm.DB) error {
		return tx.Raw("SELECT body FROM notes ORDER BY body").Scan(&bodies).Error
	}))
	assert.Equal(t, []string{"note of A", "note of B"}, bodies, "B's data is untouched")
}

// TestGORMScope: the application scope filters queries and stamps inserts without handler code naming the organisation.
func TestGORMScope(t *testing.T) {
	t.Parallel()
	d, a, b := setup(t)
	var notes []note
	require.NoError(t, d.Tx(asOrg(b), func(tx *gorm.DB) error {
		if err := tx.Create(&note{ID: uuid.Must(uuid.NewV7()), Body: "second of B"}).Error; err != nil {
			return err
		}
		return tx.Order("body").Find(&notes).Error
	}))
	require.Len(t, notes, 2)
	for _, n := range notes {
		assert.Equal(t, b, n.OrganizationID, "created rows get the organisation from the context")
	}
	// An explicit attempt to write another organisation's id is overridden by the scope.
	require.NoError(t, d.Tx(asOrg(a), func(tx *gorm.DB) error {
		return tx.Create(&note{ID: uuid.Must(uuid.NewV7()), OrganizationID: b, Body: "forged"}).Error
	}))
	var forgedOrg uuid.UUID
	require.NoError(t, d.Pool.QueryRow(context.Background(), "SELECT organization_id FROM notes WHERE body = 'forged'").Scan(&forgedOrg))
	assert.Equal(t, a, forgedOrg)

	// Updates and deletes through GORM are scoped as well.
	require.NoError(t, d.Tx(asOrg(a), func(tx *gorm.DB) error {
		return tx.Model(&note{}).Where("body LIKE ?", "%B%").Update("body", "hijacked").Error
	}))
	var hijacked int
	require.NoError(t, d.Pool.QueryRow(context.Background(), "SELECT count(*) FROM notes WHERE body = 'hijacked'").Scan(&hijacked))
	assert.Zero(t, hijacked)
}

func TestTenantWorkNeedsAnOrganisation(t *testing.T) {
	t.Parallel()
	d, _, _ := setup(t)
	err := d.Tx(context.Background(), func(tx *gorm.DB) error { return nil })
	assert.ErrorIs(t, err, db.ErrNoOrganization)
	// A tenant model outside any scoped transaction is refused rather than left unfiltered.
	err = d.PlatformTx(context.Background(), func(tx *gorm.DB) error {
		return tx.WithContext(context.Background()).Find(&[]note{}).Error
	})
	assert.ErrorIs(t, err, db.ErrNoScope)
	// Creating an organisation is platform work.
	err = d.Tx(asOrg(uuid.Must(uuid.NewV7())), func(tx *gorm.DB) error {
		return tx.Create(&organizations.Organization{ID: uuid.Must(uuid.NewV7()), Name: "x"}).Error
	})
	assert.True(t, errors.Is(err, db.ErrTenantCreate), "got %v", err)
}

// TestEveryTenantTableHasRowLevelSecurity guards future migrations: any table with organization_id (and the
// organisations table) must have RLS enabled with a policy.
func TestEveryTenantTableHasRowLevelSecurity(t *testing.T) {
	t.Parallel()
	d := testkit.DB(t)
	rows, err := d.Pool.Query(context.Background(), `
		SELECT c.relname, c.relrowsecurity, EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid)
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
		  AND (c.relname = 'organizations' OR EXISTS (
		      SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'organization_id' AND NOT a.attisdropped))`)
	require.NoError(t, err)
	defer rows.Close()
	seen := 0
	for rows.Next() {
		var name string
		var rls, policy bool
		require.NoError(t, rows.Scan(&name, &rls, &policy))
		assert.True(t, rls && policy, "table %s is tenant-owned but lacks row-level security: call opsdeck_enable_tenant_rls in its migration", name)
		seen++
	}
	require.NoError(t, rows.Err())
	assert.Positive(t, seen)
}

// TestMigrationsRunOnceUnderConcurrency: instances starting together apply each migration exactly once.
func TestMigrationsRunOnceUnderConcurrency(t *testing.T) {
	t.Parallel()
	d := testkit.DB(t)
	ctx := context.Background()
	_, err := d.Pool.Exec(ctx, "DROP SCHEMA public CASCADE; CREATE SCHEMA public")
	require.NoError(t, err)
	_, err = d.Pool.Exec(ctx, "DROP FUNCTION IF EXISTS opsdeck_current_org")
	require.NoError(t, err)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	applied := make([][]int64, 4)
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			applied[i], errs[i] = d.Migrate(ctx)
		}()
	}
	wg.Wait()
	total := 0
	for i := range 4 {
		require.NoError(t, errs[i])
		total += len(applied[i])
	}
	st, err := d.MigrationStatuses(ctx)
	require.NoError(t, err)
	assert.Equal(t, len(st), total, "each migration applied by exactly one instance")
	ok, err := d.SchemaCurrent(ctx)
	require.NoError(t, err)
	assert.True(t, ok)
}
