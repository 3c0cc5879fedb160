// Package db owns OpsDeck's PostgreSQL access: one pgx pool shared by GORM (and later River and LISTEN/NOTIFY),
// transactions scoped to the request's organisation, migrations and keyset pagination.
//
// Tenancy is enforced twice (DESIGN §3 Data):
//  1. Tenant: every transaction opened for a request switches to the role opsdeck_tenant and sets
//     opsdeck.organization_id, and GORM callbacks add the organisation to every query and insert of a tenant model, so
//     handlers and services never write organization_id = ? themselves;
//  2. PostgreSQL row-level security on every tenant table is the backstop: a raw query that forgot the scope still sees
//     nothing of another organisation, and cannot write into one.
package db

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// TenantRole is the PostgreSQL role tenant transactions run as (created by migration 00001).
const TenantRole = "opsdeck_tenant"

// ErrNoOrganization is returned when tenant work is attempted without an active organisation in the context.
var ErrNoOrganization = errors.New("db: no active organisation in context")

// DB is the application's database handle.
type DB struct {
	Pool *pgxpool.Pool
	gorm *gorm.DB
}

// Options tune the pool.
type Options struct {
	MaxConns int32
	Logger   *slog.Logger
}

// Open connects to PostgreSQL and prepares GORM with the tenant-scope callbacks.
func Open(ctx context.Context, url string, opt Options) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("db: parse url: %w", err)
	}
	if opt.MaxConns > 0 {
		cfg.MaxConns = opt.MaxConns
	}
	cfg.ConnConfig.RuntimeParams["application_name"] = "opsdeck"
	cfg.ConnConfig.RuntimeParams["timezone"] = "UTC"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("db: connect: %w", err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := pool.Ping(pingCtx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("db: ping %s: %w", redact(url), err)
	}
	g, err := gorm.Open(postgres.New(postgres.Config{Conn: stdlib.OpenDBFromPool(pool)}), &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true, // every write already runs in our own transaction
		NowFunc:                func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) },
		TranslateError:         true,
	})
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("db: gorm: %w", err)
	}
	if err := registerTenantCallbacks(g); err != nil {
		pool.Close()
		return nil, err
	}
	// Every connection audits: there is no way to open the database without the audit trail.
	if err := audit.RegisterCallbacks(g); err != nil {
		pool.Close()
		return nil, err
	}
	return &DB{Pool: pool, gorm: g}, nil
}

// Close releases the pool.
func (d *DB) Close() { d.Pool.Close() }

// Tx runs fn in a transaction scoped to the organisation active in ctx: the transaction runs as opsdeck_tenant with
// opsdeck.organization_id set (row-level security applies), and the GORM scope filters every query of a tenant model.
func (d *DB) Tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	org := reqctx.OrganizationID(ctx)
	if org == uuid.Nil {
		return ErrNoOrganization
	}
	return d.TxFor(ctx, org, fn)
}

// TxFor is Tx for an explicit organisation: for system work (jobs, seeding) that acts inside one organisation.
func (d *DB) TxFor(ctx context.Context, org uuid.UUID, fn func(tx *gorm.DB) error) error {
	if org == uuid.Nil {
		return ErrNoOrganization
	}
	ctx = withScope(ctx, scope{org: org})
	return d.gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// One round trip: SET LOCAL ROLE and the organisation setting, both reset at the end of the transaction.
		if err := tx.Exec("SELECT set_config('role', ?, true), set_config('opsdeck.organization_id', ?, true)",
			TenantRole, org.String()).Error; err != nil {
			return fmt.Errorf("db: enter tenant scope: %w", err)
		}
		return fn(tx)
	})
}

// PlatformTx runs fn in a transaction at deployment scope: no organisation, no row-level security. Only platform
// administration, migrations and seeding use it; it must never serve an organisation's business data.
func (d *DB) PlatformTx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	ctx = withScope(ctx, scope{platform: true})
	return d.gorm.WithContext(ctx).Transaction(fn)
}

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error { return d.Pool.Ping(ctx) }

func redact(url string) string {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return "database"
	}
	return fmt.Sprintf("%s@%s:%d/%s", cfg.ConnConfig.User, cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database)
}
