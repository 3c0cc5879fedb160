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
// that cannot be decrypted — the secret changed, as it does on every start in development — are retired, and a fresh
// key takes over: sessions signed with the old key simply have to sign in again.
func loadKeyRing(ctx context.Context, d *db.DB, enc *secrets.Keyring, cfg tokens.Config, log *slog.Logger) (*tokens.KeyRing, error) {
	for attempt := 0; attempt < 3; attempt++ {
		rows, err := d.Pool.Query(ctx, "SELECT kid, key, active FROM signing_keys WHERE retires_at IS NULL OR retires_at > now()")
		if err != nil {
			return nil, err
		}
		type stored struct {
			kid, key string
			active   bool
		}
		all, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (stored, error) {
			var s stored
			return s, r.Scan(&s.kid, &s.key, &s.active)
		})
		if err != nil {
			return nil, err
		}
		var keys []tokens.Key
		haveActive := false
		for _, s := range all {
			plain, err := enc.Decrypt(s.key, []byte("signing_keys:"+s.kid))
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
			if s.active {
				k.RetiresAt = time.Time{}
				haveActive = true
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
