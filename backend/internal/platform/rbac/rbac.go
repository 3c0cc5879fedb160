// Package rbac decides who may do what (SPEC §1.3) with Casbin: domains are organisations, subjects are users, groups
// and roles, objects are modules and actions are levels. The domain tables (roles, role_assignments, groups,
// group_members, memberships, users) are the single source of truth; a read-only adapter loads them into the
// in-memory enforcer (STACK trap 5). Every change of those tables sends a PostgreSQL NOTIFY from a trigger inside the
// changing transaction, and every instance reloads when it hears it (with a periodic full reload as a backstop).
package rbac

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// Channel is the NOTIFY channel the triggers of migration 00005 send on.
const Channel = "opsdeck_rbac"

// modelText: a request (user, organisation, module, level) is allowed when the user reaches, through direct
// assignments or groups, a role of that organisation holding that level on that module. Level inheritance
// (admin ⊃ write ⊃ read) is expanded when policies load, so matching stays a plain equality.
const modelText = `
[request_definition]
r = sub, dom, obj, act

[policy_definition]
p = sub, dom, obj, act

[role_definition]
g = _, _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = g(r.sub, p.sub, r.dom) && r.dom == p.dom && r.obj == p.obj && r.act == p.act
`

// Enforcer answers authorisation questions from memory.
type Enforcer struct {
	e       *casbin.SyncedEnforcer
	pool    *pgxpool.Pool
	log     *slog.Logger
	reloads atomic.Int64
	// cache holds each (organisation, user)'s levels, computed once from the enforcer; a reload swaps in an empty
	// cache after the new policies are loaded, so no decision outlives the policy it came from.
	cache atomic.Pointer[sync.Map]
}

// New loads every policy from the database.
func New(pool *pgxpool.Pool, log *slog.Logger) (*Enforcer, error) {
	m, err := model.NewModelFromString(modelText)
	if err != nil {
		return nil, err
	}
	e, err := casbin.NewSyncedEnforcer(m, &adapter{pool: pool})
	if err != nil {
		return nil, fmt.Errorf("rbac: %w", err)
	}
	e.EnableAutoSave(false)
	x := &Enforcer{e: e, pool: pool, log: log}
	x.cache.Store(&sync.Map{})
	return x, nil
}

func subject(user uuid.UUID) string { return "user:" + user.String() }

// Allowed reports whether user holds level (or more) on module in org.
func (x *Enforcer) Allowed(org, user uuid.UUID, module string, level reqctx.Level) bool {
	if level == reqctx.LevelNone {
		return true
	}
	return x.Levels(org, user)[module] >= level
}

// Levels returns the user's effective level on every module of org: the highest over all their roles. The map is
// shared with the cache: callers must not modify it.
func (x *Enforcer) Levels(org, user uuid.UUID) map[string]reqctx.Level {
	cache := x.cache.Load()
	key := [2]uuid.UUID{org, user}
	if v, ok := cache.Load(key); ok {
		return v.(map[string]reqctx.Level)
	}
	out := x.compute(org, user)
	cache.Store(key, out)
	return out
}

func (x *Enforcer) compute(org, user uuid.UUID) map[string]reqctx.Level {
	out := map[string]reqctx.Level{}
	perms, err := x.e.GetImplicitPermissionsForUser(subject(user), org.String())
	if err != nil {
		return out
	}
	for _, p := range perms {
		if len(p) < 4 || p[1] != org.String() {
			continue
		}
		if lv, ok := reqctx.ParseLevel(p[3]); ok && lv > out[p[2]] {
			out[p[2]] = lv
		}
	}
	return out
}

// Reload re-reads every policy.
func (x *Enforcer) Reload() error {
	if err := x.e.LoadPolicy(); err != nil {
		return err
	}
	x.cache.Store(&sync.Map{})
	x.reloads.Add(1)
	return nil
}

// Reloads counts reloads (for tests and metrics).
func (x *Enforcer) Reloads() int64 { return x.reloads.Load() }

// Listen reloads on every notification until ctx ends, reconnecting with backoff when the connection drops and
// reloading in full every backstop interval whatever happens.
func (x *Enforcer) Listen(ctx context.Context, backstop time.Duration) {
	tick := time.NewTicker(backstop)
	defer tick.Stop()
	notes := make(chan struct{}, 1)
	go x.listen(ctx, notes)
	for {
		select {
		case <-ctx.Done():
			return
		case <-notes:
		case <-tick.C:
		}
		if err := x.Reload(); err != nil && ctx.Err() == nil {
			x.log.Error("rbac reload failed", "error.message", err.Error())
		}
	}
}

func (x *Enforcer) listen(ctx context.Context, notes chan<- struct{}) {
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := x.listenOnce(ctx, notes)
		if ctx.Err() != nil {
			return
		}
		x.log.Warn("rbac listener disconnected; reconnecting", "error.message", fmt.Sprint(err), "backoff", backoff.String())
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 10*time.Second)
	}
}

func (x *Enforcer) listenOnce(ctx context.Context, notes chan<- struct{}) error {
	conn, err := x.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		return err
	}
	// Changes made while we were not listening are picked up by a reload right after (re)connecting.
	signal(notes)
	for {
		if _, err := conn.Conn().WaitForNotification(ctx); err != nil {
			// Hand the connection back closed: it may still be LISTENing.
			_ = conn.Conn().Close(context.Background())
			return err
		}
		signal(notes)
	}
}

// signal coalesces bursts of notifications into one pending reload.
func signal(ch chan<- struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

var levelsImplied = map[string][]string{"admin": {"admin", "write", "read"}, "write": {"write", "read"}, "read": {"read"}}

// adapter loads policies from the domain tables; it never writes (the domain tables are the truth).
type adapter struct{ pool *pgxpool.Pool }

var errReadOnly = errors.New("rbac: policies change through the domain tables, not the enforcer")

func (a *adapter) LoadPolicy(m model.Model) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	add := func(sec, ptype string, rule ...string) {
		m.AddPolicy(sec, ptype, rule)
	}
	m.ClearPolicy()
	// Role permissions, level inheritance expanded.
	rows, err := a.pool.Query(ctx, `SELECT r.id, r.organization_id, p.key, p.value
		FROM roles r, jsonb_each_text(r.permissions) p WHERE r.archived_at IS NULL`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var role, org uuid.UUID
		var module, level string
		if err := rows.Scan(&role, &org, &module, &level); err != nil {
			rows.Close()
			return err
		}
		for _, lv := range levelsImplied[level] {
			add("p", "p", "role:"+role.String(), org.String(), module, lv)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// Grouping: active members of active users to their roles and groups; groups to roles.
	rows, err = a.pool.Query(ctx, `
		SELECT 'user:' || ra.user_id, 'role:' || ra.role_id, ra.organization_id::text
		FROM role_assignments ra
		JOIN memberships m ON m.organization_id = ra.organization_id AND m.user_id = ra.user_id
		     AND m.status = 'active' AND m.archived_at IS NULL
		JOIN users u ON u.id = ra.user_id AND u.status = 'active'
		UNION ALL
		SELECT 'group:' || ra.group_id, 'role:' || ra.role_id, ra.organization_id::text
		FROM role_assignments ra JOIN groups g ON g.id = ra.group_id AND g.archived_at IS NULL
		UNION ALL
		SELECT 'user:' || gm.user_id, 'group:' || gm.group_id, gm.organization_id::text
		FROM group_members gm
		JOIN memberships m ON m.organization_id = gm.organization_id AND m.user_id = gm.user_id
		     AND m.status = 'active' AND m.archived_at IS NULL
		JOIN users u ON u.id = gm.user_id AND u.status = 'active'`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var sub, role, dom string
		if err := rows.Scan(&sub, &role, &dom); err != nil {
			return err
		}
		add("g", "g", sub, role, dom)
	}
	return rows.Err()
}

func (a *adapter) SavePolicy(model.Model) error                              { return errReadOnly }
func (a *adapter) AddPolicy(string, string, []string) error                  { return errReadOnly }
func (a *adapter) RemovePolicy(string, string, []string) error               { return errReadOnly }
func (a *adapter) RemoveFilteredPolicy(string, string, int, ...string) error { return errReadOnly }

// ClearCache drops every cached decision (benchmarks; reloads do it themselves).
func (x *Enforcer) ClearCache() { x.cache.Store(&sync.Map{}) }
