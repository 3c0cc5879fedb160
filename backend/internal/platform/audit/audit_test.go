package audit_test

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/organizations"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

func actor(org uuid.UUID) context.Context {
	ctx := reqctx.WithPrincipal(context.Background(), &reqctx.Principal{ID: "u-1", Kind: reqctx.KindUser,
		Name: "Alice Admin", OrganizationID: org})
	ctx = reqctx.WithRequestID(ctx, "req-audit-1")
	return reqctx.WithClient(ctx, reqctx.Client{IP: "192.0.2.10", UserAgent: "test-agent"})
}

func newOrg(t *testing.T, d *db.DB, name, ident string) organizations.Organization {
	t.Helper()
	o := organizations.Organization{Name: name, Slug: strings.ToLower(ident) + "-org", Kind: "operator", Identifier: ident}
	require.NoError(t, organizations.NewService(d).Create(context.Background(), &o))
	return o
}

func events(t *testing.T, d *db.DB, org uuid.UUID) []audit.Event {
	t.Helper()
	var evs []audit.Event
	require.NoError(t, d.PlatformTx(context.Background(), func(tx *gorm.DB) error {
		return tx.Where("organization_id = ?", org).Order("seq").Find(&evs).Error
	}))
	return evs
}

func changesOf(t *testing.T, e audit.Event) map[string][2]any {
	var m map[string][2]any
	require.NoError(t, json.Unmarshal(e.Changes, &m))
	return m
}

func TestCreateAndUpdateAreAuditedWithOldValues(t *testing.T) {
	t.Parallel()
	d := testkit.DB(t)
	o := newOrg(t, d, "Acme", "ACME")
	ctx := actor(o.ID)
	svc := organizations.NewService(d)
	tz := "Europe/Brussels"
	_, err := svc.Update(ctx, nil, organizations.Patch{Name: ptr("Acme Group"), Settings: &organizations.SettingsPatch{Timezone: &tz}})
	require.NoError(t, err)

	// Other GORM update styles must record the real old value too (STACK trap 6).
	require.NoError(t, d.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Model(&organizations.Organization{}).Where("id = ?", o.ID).Update("country", "BE").Error
	}))
	require.NoError(t, d.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Model(&organizations.Organization{ID: o.ID}).Updates(map[string]any{"country": "FR", "name": "Acme SA"}).Error
	}))
	require.NoError(t, d.Tx(ctx, func(tx *gorm.DB) error {
		var cur organizations.Organization
		if err := tx.Take(&cur).Error; err != nil {
			return err
		}
		cur.Identifier = "ACM"
		return tx.Save(&cur).Error
	}))

	evs := events(t, d, o.ID)
	require.Len(t, evs, 5)
	assert.Equal(t, audit.ActionCreate, evs[0].Action)
	assert.Equal(t, "organization", evs[0].EntityType)
	assert.Equal(t, o.ID.String(), evs[0].EntityID)
	assert.Equal(t, "anonymous", evs[0].ActorType, "created at platform scope by no principal")

	u := evs[1]
	assert.Equal(t, audit.ActionUpdate, u.Action)
	assert.Equal(t, "user", u.ActorType)
	assert.Equal(t, "u-1", u.ActorID)
	assert.Equal(t, "Alice Admin", u.ActorName)
	assert.Equal(t, "req-audit-1", u.RequestID)
	assert.Equal(t, "192.0.2.10", u.ClientIP)
	assert.Equal(t, "Acme Group", u.EntityLabel)
	c := changesOf(t, u)
	assert.Equal(t, [2]any{"Acme", "Acme Group"}, c["name"])
	assert.Equal(t, [2]any{"UTC", "Europe/Brussels"}, c["settings.timezone"], "nested settings are diffed key by key")
	assert.NotContains(t, c, "updated_at")
	assert.NotContains(t, c, "version")
	assert.Len(t, c, 2)

	assert.Equal(t, [2]any{"", "BE"}, changesOf(t, evs[2])["country"])
	c = changesOf(t, evs[3])
	assert.Equal(t, [2]any{"BE", "FR"}, c["country"])
	assert.Equal(t, [2]any{"Acme Group", "Acme SA"}, c["name"])
	assert.Equal(t, [2]any{"ACME", "ACM"}, changesOf(t, evs[4])["identifier"])

	for i, e := range evs {
		require.NotNil(t, e.Seq)
		assert.Equal(t, int64(i+1), *e.Seq, "sealed in order at commit")
		assert.Len(t, e.Hash, 32)
	}
	rep, err := audit.Verify(context.Background(), d.Pool, o.ID)
	require.NoError(t, err)
	assert.True(t, rep.OK(), "%+v", rep.Broken)
	assert.Equal(t, int64(5), rep.Rows)
}

func ptr[T any](v T) *T { return &v }

func TestFailedTransactionLeavesNoAuditRow(t *testing.T) {
	t.Parallel()
	d := testkit.DB(t)
	o := newOrg(t, d, "Acme", "ACME")
	boom := errors.New("boom")
	err := d.Tx(actor(o.ID), func(tx *gorm.DB) error {
		if err := tx.Model(&organizations.Organization{ID: o.ID}).Update("name", "Renamed").Error; err != nil {
			return err
		}
		return boom
	})
	require.ErrorIs(t, err, boom)
	assert.Len(t, events(t, d, o.ID), 1, "only the creation")
}

func TestNoChangeWritesNoRowAndBulkWithoutWhereIsRefused(t *testing.T) {
	t.Parallel()
	d := testkit.DB(t)
	o := newOrg(t, d, "Acme", "ACME")
	require.NoError(t, d.Tx(actor(o.ID), func(tx *gorm.DB) error {
		return tx.Model(&organizations.Organization{ID: o.ID}).Update("name", "Acme").Error
	}))
	assert.Len(t, events(t, d, o.ID), 1)
	err := d.PlatformTx(context.Background(), func(tx *gorm.DB) error {
		return tx.Session(&gorm.Session{AllowGlobalUpdate: true}).Model(&organizations.Organization{}).Update("country", "BE").Error
	})
	assert.ErrorIs(t, err, audit.ErrUnauditedBulk)
}

func TestAuditTableIsAppendOnly(t *testing.T) {
	t.Parallel()
	d := testkit.DB(t)
	o := newOrg(t, d, "Acme", "ACME")
	ctx := context.Background()
	// Even the owner (who bypasses grants) is stopped by the triggers.
	for _, q := range []string{
		"UPDATE audit_events SET entity_label = 'forged'",
		"UPDATE audit_events SET hash = NULL, seq = NULL, prev_hash = NULL",
		"DELETE FROM audit_events",
		"TRUNCATE audit_events",
	} {
		_, err := d.Pool.Exec(ctx, q)
		require.Error(t, err, q)
		assert.Contains(t, err.Error(), "append-only", q)
	}
	// The tenant role has no UPDATE/DELETE privilege at all.
	err := d.Tx(actor(o.ID), func(tx *gorm.DB) error {
		return tx.Exec("UPDATE audit_events SET entity_label = 'forged'").Error
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "permission denied")
	assert.Len(t, events(t, d, o.ID), 1)
}

func TestVerifyFindsRowAlteredBehindTheApplicationsBack(t *testing.T) {
	t.Parallel()
	d := testkit.DB(t)
	o := newOrg(t, d, "Acme", "ACME")
	ctx := actor(o.ID)
	for _, name := range []string{"A1", "A2", "A3"} {
		require.NoError(t, d.Tx(ctx, func(tx *gorm.DB) error {
			return tx.Model(&organizations.Organization{ID: o.ID}).Update("name", name).Error
		}))
	}
	rep, err := audit.Verify(context.Background(), d.Pool, o.ID)
	require.NoError(t, err)
	require.True(t, rep.OK())
	victim := events(t, d, o.ID)[2]

	// The table owner disables the guard and rewrites history.
	_, err = d.Pool.Exec(context.Background(), `
		ALTER TABLE audit_events DISABLE TRIGGER audit_events_guard;
		UPDATE audit_events SET changes = '{"name": ["A1", "innocent"]}' WHERE id = '`+victim.ID.String()+`';
		ALTER TABLE audit_events ENABLE TRIGGER audit_events_guard;`)
	require.NoError(t, err)
	rep, err = audit.Verify(context.Background(), d.Pool, o.ID)
	require.NoError(t, err)
	require.False(t, rep.OK())
	assert.Equal(t, victim.ID.String(), rep.Broken.ID)
	assert.Equal(t, *victim.Seq, rep.Broken.Seq)
	assert.Contains(t, rep.Broken.Reason, "content altered")

	// Recomputing the altered row's hash only moves the break to the next link.
	_, err = d.Pool.Exec(context.Background(), `
		ALTER TABLE audit_events DISABLE TRIGGER audit_events_guard;
		UPDATE audit_events e SET hash = sha256(e.prev_hash || convert_to(opsdeck_audit_payload(e), 'UTF8')) WHERE id = '`+victim.ID.String()+`';
		ALTER TABLE audit_events ENABLE TRIGGER audit_events_guard;`)
	require.NoError(t, err)
	rep, err = audit.Verify(context.Background(), d.Pool, o.ID)
	require.NoError(t, err)
	require.False(t, rep.OK())
	assert.Equal(t, *victim.Seq+1, rep.Broken.Seq)
	assert.Contains(t, rep.Broken.Reason, "link broken")

	// Deleting the last row is caught by the chain head.
	_, err = d.Pool.Exec(context.Background(), `
		ALTER TABLE audit_events DISABLE TRIGGER audit_events_guard;
		DELETE FROM audit_events WHERE organization_id = '`+o.ID.String()+`' AND seq = (SELECT max(seq) FROM audit_events WHERE organization_id = '`+o.ID.String()+`');
		ALTER TABLE audit_events ENABLE TRIGGER audit_events_guard;`)
	require.NoError(t, err)
	rep, _ = audit.Verify(context.Background(), d.Pool, o.ID)
	assert.False(t, rep.OK())
}

// TestChainsAreIndependentAndConcurrentWritesStayConsistent: many concurrent writers in two organisations; each chain
// has no gap and verifies.
func TestChainsAreIndependentAndConcurrentWritesStayConsistent(t *testing.T) {
	t.Parallel()
	d := testkit.DB(t)
	a := newOrg(t, d, "Acme", "ACME")
	b := newOrg(t, d, "Bravo", "BRAV")
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		org := a.ID
		if i%2 == 1 {
			org = b.ID
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- d.Tx(actor(org), func(tx *gorm.DB) error {
				return audit.Record(tx, audit.Entry{Action: "access", EntityType: "report", EntityID: uuid.NewString()})
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	for _, org := range []uuid.UUID{a.ID, b.ID} {
		rep, err := audit.Verify(context.Background(), d.Pool, org)
		require.NoError(t, err)
		assert.True(t, rep.OK(), "%+v", rep.Broken)
		assert.Equal(t, int64(21), rep.Rows)
		assert.Equal(t, int64(21), rep.LastSeq)
	}
}

func TestExplicitEntryIsTenantScoped(t *testing.T) {
	t.Parallel()
	d := testkit.DB(t)
	a := newOrg(t, d, "Acme", "ACME")
	b := newOrg(t, d, "Bravo", "BRAV")
	// An entry claiming another organisation is refused by row-level security inside A's transaction.
	err := d.Tx(actor(a.ID), func(tx *gorm.DB) error {
		return audit.Record(tx, audit.Entry{Organization: b.ID, Action: "access", EntityType: "report"})
	})
	require.NoError(t, err, "the tenant scope stamps A's id over the claimed one")
	assert.Len(t, events(t, d, b.ID), 1, "B has only its creation row")
	assert.Len(t, events(t, d, a.ID), 2)
}

// The chain head is written once per transaction by a deferred flush (migration 00028). These cases make the flush
// run early or more than once: two organisations interleaved in one transaction, constraints fired mid-transaction
// followed by more rows, and a savepoint rolled back after it sealed rows (its own and an earlier one). The chains and
// their heads must verify, with exactly the committed rows.
func TestSealingInterleavedOrgsImmediateConstraintsAndSavepoints(t *testing.T) {
	t.Parallel()
	d := testkit.DB(t)
	a, b := uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7())
	ctx := context.Background()
	rec := func(tx *gorm.DB, org uuid.UUID, id string) {
		require.NoError(t, audit.Record(tx, audit.Entry{Organization: org, Action: "create", EntityType: "asset", EntityID: id}))
	}
	require.NoError(t, d.PlatformTx(ctx, func(tx *gorm.DB) error {
		for i := range 5 {
			rec(tx, a, "a"+strconv.Itoa(i))
			rec(tx, b, "b"+strconv.Itoa(i))
		}
		require.NoError(t, tx.Exec("SET CONSTRAINTS ALL IMMEDIATE").Error) // seals and flushes the ten rows now
		require.NoError(t, tx.Exec("SET CONSTRAINTS ALL DEFERRED").Error)
		rec(tx, a, "a-late")
		err := tx.Transaction(func(sp *gorm.DB) error {
			rec(sp, b, "b-rolled-back")
			require.NoError(t, sp.Exec("SET CONSTRAINTS ALL IMMEDIATE").Error) // seals a-late and b-rolled-back
			return errors.New("roll the savepoint back")
		})
		require.Error(t, err)
		require.NoError(t, tx.Exec("SET CONSTRAINTS ALL DEFERRED").Error)
		rec(tx, b, "b-after")
		return nil
	}))
	for org, last := range map[uuid.UUID]string{a: "a-late", b: "b-after"} {
		rep, err := audit.Verify(ctx, d.Pool, org)
		require.NoError(t, err)
		assert.True(t, rep.OK(), "%+v", rep.Broken)
		assert.Equal(t, int64(6), rep.Rows)
		assert.Equal(t, int64(6), rep.LastSeq)
		evs := events(t, d, org)
		require.Len(t, evs, 6)
		assert.Equal(t, last, evs[5].EntityID)
	}
	var pending int
	require.NoError(t, d.Pool.QueryRow(ctx, "SELECT count(*) FROM audit_chain_flush").Scan(&pending))
	assert.Zero(t, pending, "the flush queue is empty outside a committing transaction")
}
