package app

import (
	"context"
	"errors"
	"sync"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/labstack/echo/v4"

	"github.com/opsdeck/opsdeck/backend/internal/platform/config"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/httpx"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// authChain tries authenticators in order; the first that returns a principal or an error decides, and a request no
// authenticator recognises is anonymous.
type authChain []httpx.Authenticator

// Authenticate implements httpx.Authenticator.
func (c authChain) Authenticate(e echo.Context) (*reqctx.Principal, error) {
	for _, a := range c {
		p, err := a.Authenticate(e)
		if p != nil || err != nil {
			return p, err
		}
	}
	return nil, nil
}

// DevBootstrap is the development-only stand-in principal: an administrator of the first organisation (by creation
// time) with platform rights, so the SPA and API can be used before sign-in exists. config refuses it in production;
// the identity issue removes it.
type DevBootstrap struct {
	db   *db.DB
	mu   sync.Mutex
	org  uuid.UUID
	full map[string]reqctx.Level
}

// NewDevBootstrap returns the bootstrap authenticator.
func NewDevBootstrap(d *db.DB) *DevBootstrap {
	full := map[string]reqctx.Level{}
	for _, m := range config.Modules {
		full[m] = reqctx.LevelAdmin
	}
	return &DevBootstrap{db: d, full: full}
}

// Authenticate implements httpx.Authenticator. It only stands in for requests that carry no credentials at all.
func (b *DevBootstrap) Authenticate(c echo.Context) (*reqctx.Principal, error) {
	if c.Request().Header.Get("Authorization") != "" {
		return nil, nil
	}
	org, err := b.organization(c.Request().Context())
	if err != nil {
		return nil, err
	}
	return &reqctx.Principal{ID: "bootstrap", Kind: reqctx.KindBootstrap, Name: "Development administrator",
		OrganizationID: org, PlatformLevel: reqctx.LevelAdmin, Levels: b.full}, nil
}

func (b *DevBootstrap) organization(ctx context.Context) (uuid.UUID, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.org != uuid.Nil {
		return b.org, nil
	}
	var id uuid.UUID
	// Platform scope: the owner role reads organisations without row-level security.
	err := b.db.Pool.QueryRow(ctx,
		"SELECT id FROM organizations WHERE archived_at IS NULL ORDER BY created_at, id LIMIT 1").Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return uuid.Nil, nil
	}
	if err != nil {
		return uuid.Nil, errors.New("bootstrap principal: cannot read organisations")
	}
	b.org = id // stays Nil until an organisation exists (seed --demo), then sticks
	return id, nil
}
