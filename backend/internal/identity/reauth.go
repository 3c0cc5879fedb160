package identity

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/auth/password"
	"github.com/opsdeck/opsdeck/backend/internal/platform/auth/tokens"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

func (a *Auth) mfaEnrolled(ctx context.Context, user uuid.UUID) (bool, error) {
	var ok bool
	err := a.db.Pool.QueryRow(ctx, "SELECT totp_enabled_at IS NOT NULL FROM users WHERE id = $1", user).Scan(&ok)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	return ok, err
}

// Reauthenticate checks the signed-in user's password (and TOTP code when enrolled) again and signs a new access
// token for the same session with the sign-in time set to now. Failures count towards the account's lockout.
func (a *Auth) Reauthenticate(ctx context.Context, pw, code string) (Tokens, error) {
	p := reqctx.PrincipalFrom(ctx)
	if p == nil || p.Kind != reqctx.KindUser || p.SessionID == uuid.Nil {
		return Tokens{}, apperr.Forbidden("Only a signed-in user can re-authenticate.")
	}
	userID, err := uuid.Parse(p.ID)
	if err != nil {
		return Tokens{}, apperr.Forbidden("Only a signed-in user can re-authenticate.")
	}
	u, err := a.user(ctx, userID)
	if err != nil {
		return Tokens{}, err
	}
	if u.PasswordHash == nil {
		return Tokens{}, apperr.Conflict("This account has no password (it signs in through single sign-on): sign in again instead.")
	}
	keys := []string{"account:" + u.Email}
	if wait, err := a.lockedFor(ctx, keys); err != nil {
		return Tokens{}, err
	} else if wait > 0 {
		return Tokens{}, apperr.TooManyRequests("Too many failed attempts: wait before trying again.", wait)
	}
	select {
	case a.hashing <- struct{}{}:
	case <-ctx.Done():
		return Tokens{}, ctx.Err()
	}
	ok, _, err := password.Verify(pw, *u.PasswordHash, a.params)
	<-a.hashing
	if err != nil {
		return Tokens{}, err
	}
	amr := []string{tokens.AMRPassword}
	reason := ""
	switch {
	case !ok:
		reason = "wrong password"
	case u.TOTPEnabledAt != nil && code == "":
		return Tokens{}, apperr.Unprocessable("Enter the code of your authenticator app too.",
			apperr.FieldError{Field: "code", Code: "required", Message: "is required: the account has two-step verification"})
	case u.TOTPEnabledAt != nil:
		good, _, err := a.checkSecondFactor(ctx, u, code, "")
		if err != nil {
			return Tokens{}, err
		}
		if !good {
			reason = "wrong code"
		}
		amr = append(amr, tokens.AMROTP)
	}
	if reason != "" {
		wait, err := a.recordFailure(ctx, keys, u.Email, u, true, "re-authentication: "+reason)
		if err != nil {
			return Tokens{}, err
		}
		if wait > 0 {
			return Tokens{}, apperr.TooManyRequests("Too many failed attempts: wait before trying again.", wait)
		}
		if reason == "wrong code" {
			return Tokens{}, apperr.Unprocessable("The code is not correct.",
				apperr.FieldError{Field: "code", Code: "invalid", Message: "is not the current code"})
		}
		return Tokens{}, apperr.Unprocessable("The password is not correct.",
			apperr.FieldError{Field: "password", Code: "invalid", Message: "is not your password"})
	}
	now := a.now().UTC()
	err = a.db.PlatformTx(ctx, func(tx *gorm.DB) error {
		res := tx.Exec("UPDATE sessions SET auth_time = ?, amr = ?, last_used_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
			now, db.TextArray(amr), now, p.SessionID, userID)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errSessionGone
		}
		if _, err := a.db.Pool.Exec(ctx, "DELETE FROM auth_throttle WHERE key = $1", keys[0]); err != nil {
			return err
		}
		return audit.Record(tx, audit.Entry{Organization: audit.PlatformOrg, Action: "reauthenticated", EntityType: "user",
			EntityID: u.ID.String(), EntityLabel: u.Email, Changes: map[string]any{"session": [2]any{nil, p.SessionID.String()}}})
	})
	if err != nil {
		return Tokens{}, err
	}
	return a.sign(userID, p.OrganizationID, p.SessionID, now, now, amr, "")
}

// SessionView is one of a user's sessions.
type SessionView struct {
	ID                               uuid.UUID
	CreatedAt, LastUsedAt, ExpiresAt time.Time
	ClientIP, UserAgent              string
	AMR                              db.TextArray
	Current                          bool
}

// MySessions lists the signed-in user's open sessions (not revoked, not expired).
func (a *Auth) MySessions(ctx context.Context, sort, cursor string, limit int) (db.PageResult[SessionView], error) {
	var res db.PageResult[SessionView]
	p := reqctx.PrincipalFrom(ctx)
	user, err := userOf(ctx)
	if err != nil {
		return res, err
	}
	so, err := db.ParseSort(sort, "-created_at", map[string]string{"created_at": "created_at", "last_used_at": "last_used_at"})
	if err != nil {
		return res, err
	}
	err = a.db.PlatformTx(ctx, func(tx *gorm.DB) error {
		q := tx.Table("sessions").Select("id, created_at, last_used_at, expires_at, client_ip, user_agent, amr").
			Where("user_id = ? AND revoked_at IS NULL AND expires_at > now()", user)
		res, err = db.Page(q, so, cursor, limit, func(s *SessionView) (any, uuid.UUID) {
			if so.Column == "last_used_at" {
				return s.LastUsedAt.UTC().Format(time.RFC3339Nano), s.ID
			}
			return s.CreatedAt.UTC().Format(time.RFC3339Nano), s.ID
		})
		return err
	})
	for i := range res.Items {
		res.Items[i].Current = res.Items[i].ID == p.SessionID
	}
	return res, err
}

// RevokeMySession ends one of the signed-in user's sessions.
func (a *Auth) RevokeMySession(ctx context.Context, sid uuid.UUID) error {
	user, err := userOf(ctx)
	if err != nil {
		return err
	}
	var owner uuid.UUID
	err = a.db.Pool.QueryRow(ctx, "SELECT user_id FROM sessions WHERE id = $1", sid).Scan(&owner)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && owner != user) {
		return apperr.NotFound("session")
	}
	if err != nil {
		return err
	}
	return a.revoke(ctx, sid, user, "revoked by the user")
}
