package identity

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsdeck/opsdeck/backend/internal/platform/auth/tokens"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/secrets"
)

// loadKeyRing reads the signing keys (decrypting them with the deployment secret) and makes sure one is active. Keys
// that cannot be decrypted mean the secret changed: in development (a random secret per start) they are retired and
// a fresh key takes over; in production that is a misconfigured instance, which must not disturb the others, so it
// refuses to start.
func loadKeyRing(ctx context.Context, d *db.DB, enc *secrets.Keyring, cfg tokens.Config, log *slog.Logger, resetUnreadable bool) (*tokens.KeyRing, error) {
	for attempt := 0; attempt < 3; attempt++ {
		rows, err := d.Pool.Query(ctx, "SELECT kid, key, active, retires_at FROM signing_keys WHERE retires_at IS NULL OR retires_at > now()")
		if err != nil {
			return nil, err
		}
		type stored struct {
			kid, key string
			active   bool
			retires  *time.Time
		}
		all, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (stored, error) {
			var s stored
			return s, r.Scan(&s.kid, &s.key, &s.active, &s.retires)
		})
		if err != nil {
			return nil, err
		}
		var keys []tokens.Key
		haveActive := false
		for _, s := range all {
			plain, err := enc.Decrypt(s.key, []byte("signing_keys:"+s.kid))
			if err != nil && !resetUnreadable {
				return nil, errors.New("the signing keys in the database were encrypted with another OPSDECK_SECRET_KEY: " +
					"every instance must use the same secret")
			}
			if err != nil {
				log.Warn("retiring a signing key encrypted with another secret", "kid", s.kid)
				if _, err := d.Pool.Exec(ctx, "UPDATE signing_keys SET active = false, retires_at = now() WHERE kid = $1", s.kid); err != nil {
					return nil, err
				}
				continue
			}
			k, err := tokens.UnmarshalKey(plain)
			if err != nil {
				return nil, fmt.Errorf("signing key %s: %w", s.kid, err)
			}
			switch {
			case s.active:
				k.RetiresAt = time.Time{}
				haveActive = true
			case s.retires != nil:
				k.RetiresAt = *s.retires
			default:
				continue // neither active nor retiring: never valid
			}
			keys = append(keys, k)
		}
		if haveActive {
			return tokens.NewKeyRing(cfg, keys...)
		}
		fresh, err := tokens.NewKey(time.Now())
		if err != nil {
			return nil, err
		}
		plain, err := fresh.MarshalBinary()
		if err != nil {
			return nil, err
		}
		sealed, err := enc.Encrypt(plain, []byte("signing_keys:"+fresh.ID))
		if err != nil {
			return nil, err
		}
		// The partial unique index allows one active key: when two instances start together, one insert loses and
		// that instance loads the winner's key on the next pass.
		_, err = d.Pool.Exec(ctx, "INSERT INTO signing_keys (kid, key, active) VALUES ($1, $2, true)", fresh.ID, sealed)
		if err != nil && !isUniqueViolation(err) {
			return nil, err
		}
	}
	return nil, errors.New("identity: could not establish an active signing key")
}

func isUniqueViolation(err error) bool {
	var pg interface{ SQLState() string }
	return errors.As(err, &pg) && pg.SQLState() == "23505"
}

// RotateSigningKey retires the active signing key (it keeps verifying until every token it signed has expired) and
// activates a new one. Other instances load the new key when they first meet its kid.
func (a *Auth) RotateSigningKey(ctx context.Context) (string, error) {
	fresh, err := tokens.NewKey(a.now())
	if err != nil {
		return "", err
	}
	plain, err := fresh.MarshalBinary()
	if err != nil {
		return "", err
	}
	sealed, err := a.keyEnc.Encrypt(plain, []byte("signing_keys:"+fresh.ID))
	if err != nil {
		return "", err
	}
	tx, err := a.db.Pool.Begin(ctx)
	if err != nil {
		return "", err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // after Commit it is a no-op
	if _, err := tx.Exec(ctx, "LOCK TABLE signing_keys IN EXCLUSIVE MODE"); err != nil {
		return "", err
	}
	if _, err := tx.Exec(ctx, "UPDATE signing_keys SET active = false, retires_at = now() + $1::interval WHERE active",
		fmt.Sprintf("%d seconds", int((AccessTokenTTL+30*time.Second).Seconds()))); err != nil {
		return "", err
	}
	if _, err := tx.Exec(ctx, "INSERT INTO signing_keys (kid, key, active) VALUES ($1, $2, true)", fresh.ID, sealed); err != nil {
		return "", err
	}
	if err := tx.Commit(ctx); err != nil {
		return "", err
	}
	return fresh.ID, a.reloadKeys(ctx)
}

func (a *Auth) reloadKeys(ctx context.Context) error {
	ring, err := loadKeyRing(ctx, a.db, a.keyEnc, a.tokenCfg, a.log, a.resetUnreadableKeys)
	if err != nil {
		return err
	}
	a.ring.Store(ring)
	a.lastKeyReload.Store(a.now().UnixNano())
	return nil
}

// verify checks an access token, reloading the keys once (at most every few seconds) when it names a key this
// instance has not loaded yet — another instance rotated.
func (a *Auth) verify(ctx context.Context, raw string) (tokens.Claims, error) {
	c, err := a.ring.Load().Verify(raw, a.now())
	if !errors.Is(err, tokens.ErrUnknownKey) {
		return c, err
	}
	if a.now().UnixNano()-a.lastKeyReload.Load() < int64(5*time.Second) {
		return c, err
	}
	if rerr := a.reloadKeys(ctx); rerr != nil {
		return c, err
	}
	return a.ring.Load().Verify(raw, a.now())
}
