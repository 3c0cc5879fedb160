package identity

import (
	"context"
	"crypto/rand"
	"errors"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/auth/password"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// RandomPassword makes a 24-character one-time password from an unambiguous alphabet (~140 bits).
func RandomPassword() string {
	const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// ChangePassword replaces the signed-in user's password after checking the current one, applies the policy with the
// password history, and signs out every other session of the user.
func (a *Auth) ChangePassword(ctx context.Context, current, next string) error {
	p := reqctx.PrincipalFrom(ctx)
	if p == nil || p.Kind != reqctx.KindUser {
		return apperr.Forbidden("Only a signed-in user has a password.")
	}
	id, err := uuid.Parse(p.ID)
	if err != nil {
		return apperr.Forbidden("Only a signed-in user has a password.")
	}
	u, err := a.user(ctx, id)
	if err != nil {
		return err
	}
	ok := false
	if u.PasswordHash != nil {
		if ok, _, err = password.Verify(current, *u.PasswordHash, a.params); err != nil {
			return err
		}
	}
	if !ok {
		return apperr.Unprocessable("The current password is not correct.",
			apperr.FieldError{Field: "current_password", Code: "invalid", Message: "is not your current password"})
	}
	rows, err := a.db.Pool.Query(ctx, "SELECT hash FROM password_history WHERE user_id = $1 ORDER BY created_at DESC LIMIT 5", id)
	if err != nil {
		return err
	}
	history, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	if err := a.ids.policy.Check(next, password.Account{Email: u.Email, Name: u.Name, PreviousHashes: history}); err != nil {
		pe := policyProblem(err)
		if ae, ok := apperr.As(pe); ok {
			for i := range ae.Fields {
				ae.Fields[i].Field = "new_password"
			}
		}
		return pe
	}
	h, err := password.Hash(next, a.params)
	if err != nil {
		return err
	}
	now := a.now().UTC()
	return a.db.PlatformTx(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(&User{ID: id}).Updates(map[string]any{"password_hash": h, "password_changed_at": now,
			"must_change_password": false}).Error; err != nil {
			return err
		}
		if err := tx.Exec("INSERT INTO password_history (user_id, hash) VALUES (?, ?)", id, h).Error; err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE sessions SET revoked_at = now(), revoked_reason = 'password changed'
			WHERE user_id = ? AND id <> ? AND revoked_at IS NULL`, id, p.SessionID).Error; err != nil {
			return err
		}
		return audit.Record(tx, audit.Entry{Organization: audit.PlatformOrg, Action: "password.changed", EntityType: "user",
			EntityID: id.String(), EntityLabel: u.Email})
	})
}

// AddAdministrator makes a user (created when the e-mail is new, with a one-time password) an owner of org. Platform
// scope: used by platform administrators to hand an organisation over.
func (s *Service) AddAdministrator(ctx context.Context, org uuid.UUID, email, name string) (User, bool, string, error) {
	var exists bool
	if err := s.db.Pool.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM organizations WHERE id = $1)", org).Scan(&exists); err != nil {
		return User{}, false, "", err
	}
	if !exists {
		return User{}, false, "", apperr.NotFound("organisation")
	}
	norm, err := normaliseEmail(email)
	if err != nil {
		return User{}, false, "", err
	}
	var u User
	err = s.db.PlatformTx(ctx, func(tx *gorm.DB) error { return tx.Where("email = ?", norm).Take(&u).Error })
	created, oneTime := false, ""
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		oneTime = RandomPassword()
		if u, err = s.CreateUser(ctx, NewUser{Email: norm, Name: strings.TrimSpace(name), Password: oneTime, MustChange: true}); err != nil {
			return User{}, false, "", err
		}
		created = true
	case err != nil:
		return User{}, false, "", err
	}
	if _, err := s.AddMember(ctx, org, u.ID, "owner"); err != nil {
		return User{}, false, "", err
	}
	return u, created, oneTime, nil
}
