package db

import (
	"context"
	"errors"
	"reflect"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/schema"
)

// ErrNoScope is returned when a tenant model is touched outside Tx/TxFor/PlatformTx.
var ErrNoScope = errors.New("db: tenant model used outside a scoped transaction")

// ErrTenantCreate is returned when an organisation row itself is created inside a tenant scope.
var ErrTenantCreate = errors.New("db: organisations are created at platform scope only")

type scope struct {
	org      uuid.UUID
	platform bool
}

type scopeKey struct{}

func withScope(ctx context.Context, s scope) context.Context {
	return context.WithValue(ctx, scopeKey{}, s)
}

func scopeFrom(ctx context.Context) (scope, bool) {
	if ctx == nil {
		return scope{}, false
	}
	s, ok := ctx.Value(scopeKey{}).(scope)
	return s, ok
}

// TenantKeyer is implemented by tenant models whose organisation is not in organization_id (the organisation itself,
// keyed by id).
type TenantKeyer interface{ TenantKey() string }

// tenantField returns the field holding a model's organisation, or nil for models that are not tenant-owned.
func tenantField(s *schema.Schema) *schema.Field {
	if s == nil {
		return nil
	}
	if k, ok := reflect.New(s.ModelType).Interface().(TenantKeyer); ok {
		return s.LookUpField(k.TenantKey())
	}
	return s.LookUpField("organization_id")
}

func registerTenantCallbacks(g *gorm.DB) error {
	cb := g.Callback()
	if err := cb.Create().Before("gorm:create").Register("opsdeck:tenant_create", tenantCreate); err != nil {
		return err
	}
	if err := cb.Query().Before("gorm:query").Register("opsdeck:tenant_query", tenantWhere); err != nil {
		return err
	}
	if err := cb.Update().Before("gorm:update").Register("opsdeck:tenant_update", tenantWhere); err != nil {
		return err
	}
	if err := cb.Delete().Before("gorm:delete").Register("opsdeck:tenant_delete", tenantWhere); err != nil {
		return err
	}
	return cb.Row().Before("gorm:row").Register("opsdeck:tenant_row", tenantWhere)
}

// tenantWhere adds "<table>.<tenant key> = <organisation>" to every statement on a tenant model.
func tenantWhere(tx *gorm.DB) {
	f := tenantField(tx.Statement.Schema)
	if f == nil || tx.Error != nil {
		return
	}
	s, ok := scopeFrom(tx.Statement.Context)
	switch {
	case !ok:
		_ = tx.AddError(ErrNoScope)
	case s.platform:
		// Deployment scope: no organisation filter.
	default:
		tx.Statement.AddClause(clause.Where{Exprs: []clause.Expression{
			clause.Eq{Column: clause.Column{Table: clause.CurrentTable, Name: f.DBName}, Value: s.org},
		}})
	}
}

// tenantCreate stamps the organisation on every new row of a tenant model.
func tenantCreate(tx *gorm.DB) {
	f := tenantField(tx.Statement.Schema)
	if f == nil || tx.Error != nil {
		return
	}
	s, ok := scopeFrom(tx.Statement.Context)
	switch {
	case !ok:
		_ = tx.AddError(ErrNoScope)
		return
	case s.platform:
		return
	}
	if f.PrimaryKey {
		_ = tx.AddError(ErrTenantCreate)
		return
	}
	rv := tx.Statement.ReflectValue
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		for i := 0; i < rv.Len(); i++ {
			if err := f.Set(tx.Statement.Context, reflect.Indirect(rv.Index(i)), s.org); err != nil {
				_ = tx.AddError(err)
			}
		}
	case reflect.Struct:
		if err := f.Set(tx.Statement.Context, rv, s.org); err != nil {
			_ = tx.AddError(err)
		}
	}
}
