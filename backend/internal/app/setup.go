package app

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"strings"

	"github.com/opsdeck/opsdeck/api"
	"github.com/opsdeck/opsdeck/backend/internal/identity"
	"github.com/opsdeck/opsdeck/backend/internal/organizations"
	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
)

// SetupHandler implements first-run setup: the first platform administrator and organisation, created from the web
// application on a deployment without any user.
type SetupHandler struct {
	db   *db.DB
	ids  *identity.Service
	orgs *organizations.Service
	code string
}

// SetupCode is the one-time code that authorises first-run setup. It is derived from the deployment's secret key, so
// every instance accepts the same code and `opsdeck admin setup-code` can print it again; it is useless once a user
// exists.
func SetupCode(secretKey []byte) string {
	m := hmac.New(sha256.New, secretKey)
	m.Write([]byte("opsdeck first-run setup v1"))
	raw := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(m.Sum(nil))[:16]
	return raw[:4] + "-" + raw[4:8] + "-" + raw[8:12] + "-" + raw[12:16]
}

// SetupRequired reports whether the deployment has no user yet.
func SetupRequired(ctx context.Context, d *db.DB) (bool, error) {
	var exists bool
	err := d.Pool.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM users)").Scan(&exists)
	return !exists, err
}

// GetSetupStatus implements GET /setup.
func (h *SetupHandler) GetSetupStatus(ctx context.Context, _ api.GetSetupStatusRequestObject) (api.GetSetupStatusResponseObject, error) {
	required, err := SetupRequired(ctx, h.db)
	if err != nil {
		return nil, err
	}
	return api.GetSetupStatus200JSONResponse{Required: required}, nil
}

// setupLock serialises concurrent setup attempts across instances (pg_advisory_xact_lock key).
const setupLock = 0x0505_e7e0

// CompleteSetup implements POST /setup.
func (h *SetupHandler) CompleteSetup(ctx context.Context, req api.CompleteSetupRequestObject) (api.CompleteSetupResponseObject, error) {
	b := req.Body
	given := strings.ToUpper(strings.TrimSpace(b.SetupCode))
	if subtle.ConstantTimeCompare([]byte(given), []byte(h.code)) != 1 {
		return nil, apperr.Forbidden("The setup code is not correct: copy it from the log of opsdeck serve (or run opsdeck admin setup-code).")
	}
	// Validate everything first so that setup never stops half-way.
	if err := h.ids.CheckNewUser(string(b.Email), b.Name, b.Password); err != nil {
		return nil, err
	}
	o := organizations.FromCreate(b.Organization)
	if err := organizations.Check(&o); err != nil {
		return nil, underField("organization", err)
	}
	conn, err := h.db.Pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", setupLock); err != nil {
		return nil, err
	}
	defer func() { _, _ = conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", setupLock) }()
	required, err := SetupRequired(ctx, h.db)
	if err != nil {
		return nil, err
	}
	if !required {
		return nil, apperr.Conflict("Setup is already done: sign in.")
	}
	if err := h.orgs.Create(ctx, &o); err != nil {
		return nil, underField("organization", err)
	}
	u, err := h.ids.CreateUser(ctx, identity.NewUser{Email: string(b.Email), Name: b.Name, Password: b.Password,
		PlatformLevel: "admin"})
	if err != nil {
		return nil, err
	}
	if _, err := h.ids.AddMember(ctx, o.ID, u.ID, "owner"); err != nil {
		return nil, err
	}
	return api.CompleteSetup201JSONResponse{UserId: u.ID, OrganizationId: o.ID}, nil
}

// underField moves an error's field names under prefix ("slug" → "organization.slug") for a nested request body.
func underField(prefix string, err error) error {
	if ae, ok := apperr.As(err); ok {
		for i := range ae.Fields {
			ae.Fields[i].Field = prefix + "." + ae.Fields[i].Field
		}
	}
	return err
}
