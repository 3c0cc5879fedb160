package identity

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/auth/apitoken"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// MaxAPITokenLifetime bounds how long an API token may live.
const MaxAPITokenLifetime = 366 * 24 * time.Hour

// APIToken is a token for integrations, owned by a user in one organisation.
type APIToken struct {
	ID             uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID `gorm:"type:uuid"`
	UserID         uuid.UUID `gorm:"type:uuid"`
	Name           string
	Lookup         string
	TokenHash      string
	Scopes         map[string]string `gorm:"type:jsonb;serializer:json"`
	ExpiresAt      time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Version        int64
	LastUsedAt     *time.Time
	LastUsedIP     string `gorm:"column:last_used_ip"`
	RevokedAt      *time.Time
}

// TableName pins the table.
func (APIToken) TableName() string { return "api_tokens" }

// AuditInfo: token creation and revocation are audited; the hash never enters the log, nor does last use.
func (APIToken) AuditInfo() audit.Info {
	return audit.Info{Entity: "api_token", Redact: []string{"token_hash"}, Ignore: []string{"last_used_at", "last_used_ip"}}
}

// Status is active, expired or revoked.
func (t APIToken) Status(now time.Time) string {
	switch {
	case t.RevokedAt != nil:
		return "revoked"
	case !now.Before(t.ExpiresAt):
		return "expired"
	}
	return "active"
}

// Prefix is what people see to recognise a token.
func (t APIToken) Prefix() string { return "odk_" + t.Lookup }

// CreateAPIToken makes a token for the signed-in user in the active organisation. Scopes must lie within the user's
// current rights; at use they stay capped by the owner's rights of the moment.
func (a *Auth) CreateAPIToken(ctx context.Context, name string, scopes map[string]reqctx.Level, expires time.Time) (APIToken, string, error) {
	p := reqctx.PrincipalFrom(ctx)
	userID, err := a.requireRecentAuth(p)
	if err != nil {
		return APIToken{}, "", err
	}
	now := a.now().UTC()
	var fields []apperr.FieldError
	if strings.TrimSpace(name) == "" {
		fields = append(fields, apperr.FieldError{Field: "name", Code: "required", Message: "is required"})
	}
	if !expires.After(now) || expires.Sub(now) > MaxAPITokenLifetime {
		fields = append(fields, apperr.FieldError{Field: "expires_at", Code: "out_of_range", Message: "must be in the future and at most one year away"})
	}
	stored := map[string]string{}
	mods := make([]string, 0, len(scopes))
	for m := range scopes {
		mods = append(mods, m)
	}
	slices.Sort(mods)
	for i, m := range mods {
		if scopes[m] > p.Level(m) {
			fields = append(fields, apperr.FieldError{Field: "scopes." + strconv.Itoa(i), Code: "exceeds_rights",
				Message: "you have " + p.Level(m).String() + " on " + m + ": a token cannot have more than its owner"})
		}
		stored[m] = scopes[m].String()
	}
	if len(fields) > 0 {
		return APIToken{}, "", apperr.Unprocessable("The token cannot be created.", fields...)
	}
	issued, err := apitoken.New()
	if err != nil {
		return APIToken{}, "", err
	}
	t := APIToken{ID: uuid.Must(uuid.NewV7()), UserID: userID, Name: strings.TrimSpace(name), Lookup: issued.Lookup,
		TokenHash: issued.Hash, Scopes: stored, ExpiresAt: expires.UTC().Truncate(time.Microsecond), Version: 1}
	err = a.db.Tx(ctx, func(tx *gorm.DB) error { return tx.Create(&t).Error })
	return t, issued.Plaintext, err
}

// userOf returns the signed-in user's id; API tokens and other principals own no tokens.
func userOf(ctx context.Context) (uuid.UUID, error) {
	p := reqctx.PrincipalFrom(ctx)
	if p == nil || p.Kind != reqctx.KindUser {
		return uuid.Nil, apperr.Forbidden("Only a signed-in user can do this.")
	}
	id, err := uuid.Parse(p.ID)
	if err != nil {
		return uuid.Nil, apperr.Forbidden("Only a signed-in user can do this.")
	}
	return id, nil
}

// MyAPITokens lists the signed-in user's tokens in the active organisation.
func (a *Auth) MyAPITokens(ctx context.Context, includeRevoked bool, sort, cursor string, limit int) (db.PageResult[APIToken], error) {
	var res db.PageResult[APIToken]
	user, err := userOf(ctx)
	if err != nil {
		return res, err
	}
	so, err := db.ParseSort(sort, "-created_at", map[string]string{"created_at": "api_tokens.created_at"})
	if err != nil {
		return res, err
	}
	err = a.db.Tx(ctx, func(tx *gorm.DB) error {
		q := tx.Model(&APIToken{}).Where("api_tokens.user_id = ?", user)
		if !includeRevoked {
			q = q.Where("api_tokens.revoked_at IS NULL AND api_tokens.expires_at > now()")
		}
		res, err = db.Page(q, so, cursor, limit, func(t *APIToken) (any, uuid.UUID) {
			return t.CreatedAt.UTC().Format(time.RFC3339Nano), t.ID
		})
		return err
	})
	return res, err
}

// RevokeAPIToken revokes one of the signed-in user's tokens.
func (a *Auth) RevokeAPIToken(ctx context.Context, id uuid.UUID) (APIToken, error) {
	var t APIToken
	user, err := userOf(ctx)
	if err != nil {
		return t, err
	}
	err = a.db.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("id = ? AND user_id = ?", id, user).Take(&t).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return apperr.NotFound("API token")
			}
			return err
		}
		if t.RevokedAt != nil {
			return nil
		}
		now := a.now().UTC().Truncate(time.Microsecond)
		if err := tx.Model(&t).Updates(map[string]any{"revoked_at": now, "version": t.Version + 1}).Error; err != nil {
			return err
		}
		t.RevokedAt, t.Version = &now, t.Version+1
		return nil
	})
	return t, err
}

// principalForAPIToken authenticates an integration: the token's scopes, capped by its owner's current rights in the
// token's organisation. Unknown, revoked and expired tokens, and tokens of inactive owners, are refused alike.
func (a *Auth) principalForAPIToken(ctx context.Context, raw string) (*reqctx.Principal, error) {
	lookup, err := apitoken.Parse(raw, apitoken.KindAPI)
	if err != nil {
		return nil, errors.New("the API token is not valid")
	}
	var t APIToken
	err = a.db.PlatformTx(ctx, func(tx *gorm.DB) error {
		return tx.Where("lookup = ? AND token_hash = ?", lookup, apitoken.Hash(raw)).Take(&t).Error
	})
	now := a.now()
	if err != nil || t.Status(now) != "active" || !apitoken.Equal(t.TokenHash, raw) {
		return nil, errors.New("the API token is not valid, expired or revoked")
	}
	if !a.ids.isMember(ctx, t.OrganizationID, t.UserID) {
		return nil, errors.New("the API token's owner no longer has access")
	}
	owner, err := a.ids.EffectiveLevels(ctx, t.OrganizationID, t.UserID)
	if err != nil {
		return nil, err
	}
	levels := map[string]reqctx.Level{}
	for m, lv := range t.Scopes {
		l, _ := reqctx.ParseLevel(lv)
		levels[m] = min(l, owner[m])
	}
	ip := reqctx.ClientFrom(ctx).IP
	// Last use is recorded at most once a minute per token, outside the audit trail (it is not a change).
	_, _ = a.db.Pool.Exec(ctx, `UPDATE api_tokens SET last_used_at = now(), last_used_ip = $2
		WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute' OR last_used_ip <> $2)`, t.ID, ip)
	return &reqctx.Principal{ID: t.ID.String(), Kind: reqctx.KindAPIToken, Name: t.Name, OrganizationID: t.OrganizationID,
		Levels: levels}, nil
}
