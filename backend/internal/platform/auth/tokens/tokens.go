// Package tokens issues and verifies OpsDeck's short-lived access tokens: JWTs signed with Ed25519 (EdDSA).
//
// Access tokens are stateless so every API request can be authorised without a database read; their short lifetime
// (plus refresh-token rotation, handled elsewhere) is what bounds the damage of a stolen one. Ed25519 was chosen over
// HMAC so that verification keys can be published or handed to other services without letting them mint tokens, and
// over RSA/ECDSA for small keys, fast signing and no parameter choices to get wrong.
//
// Signing keys rotate: a KeyRing holds one active key and retiring keys that keep verifying the tokens they signed
// until those have certainly expired. A KeyRing is immutable; Rotate and Prune return a new one, so a server swaps
// rings atomically (for example with atomic.Pointer) while requests keep verifying against the old one.
package tokens

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Authentication method references (RFC 8176 "amr"), recorded so that sensitive actions can demand a second factor.
const (
	AMRPassword = "pwd"
	AMROTP      = "otp"
	AMROIDC     = "oidc"
)

// tokenType is the JWT "typ" header (RFC 9068). Requiring it on verification keeps any other JWT we may sign with the
// same keys in future (e-mail links, invitations) from being accepted as an access token.
const tokenType = "at+jwt"

const (
	// MaxLeeway bounds the clock skew tolerated on exp, iat and nbf.
	MaxLeeway = 30 * time.Second
	// maxTokenLen refuses oversized input before any parsing or base64 decoding is done.
	maxTokenLen = 4096
)

// Sentinel errors. Every error from Verify wraps ErrInvalid, so the HTTP layer can answer 401 on that alone; those for
// a token whose only defect is its age also wrap ErrExpired, so the client can be told to refresh rather than log in.
var (
	ErrInvalid       = errors.New("tokens: invalid token")
	ErrExpired       = errors.New("tokens: token expired")
	ErrUnknownKey    = errors.New("tokens: unknown or retired signing key")
	ErrInvalidClaims = errors.New("tokens: claims incomplete or inconsistent")
	ErrInvalidKey    = errors.New("tokens: invalid key")
	ErrNoActiveKey   = errors.New("tokens: key ring needs exactly one active key")
	ErrConfig        = errors.New("tokens: invalid configuration")
)

// Config fixes what every token of this deployment carries and is checked against.
type Config struct {
	Issuer   string        // e.g. the deployment's public URL
	Audience string        // e.g. "opsdeck-api"
	TTL      time.Duration // access token lifetime
	Leeway   time.Duration // clock skew tolerated, at most MaxLeeway
}

func (c Config) validate() error {
	if c.Issuer == "" || c.Audience == "" || c.TTL <= 0 || c.Leeway < 0 || c.Leeway > MaxLeeway {
		return ErrConfig
	}
	return nil
}

// Claims are the contents of an access token. Times have one-second resolution once signed.
type Claims struct {
	Subject   string    // sub: user id
	Org       string    // org: active organisation id; empty when the user acts outside any organisation
	Session   string    // sid: session, i.e. refresh-token family, so a whole login can be revoked
	ID        string    // jti: unique token id; Sign fills it in when empty
	IssuedAt  time.Time // iat
	ExpiresAt time.Time // exp; Sign sets IssuedAt+TTL when zero
	AuthTime  time.Time // auth_time: when the user last proved who they are (not when this token was refreshed)
	AMR       []string  // amr: how they proved it (AMRPassword, AMROTP, AMROIDC)
}

// HasAMR reports whether the user authenticated with method m.
func (c Claims) HasAMR(m string) bool { return slices.Contains(c.AMR, m) }

// RecentAuth reports whether the user proved their identity within the last `within`, for actions such as changing
// a password or creating an API token that must not be possible with only a stolen, refreshed session.
func RecentAuth(c Claims, now time.Time, within time.Duration) bool {
	return !c.AuthTime.IsZero() && now.Sub(c.AuthTime) <= within
}

// jwtClaims is the wire form. It is separate from Claims so that callers never depend on the JWT library's types.
type jwtClaims struct {
	jwt.RegisteredClaims
	Org      string           `json:"org,omitempty"`
	SID      string           `json:"sid"`
	AMR      []string         `json:"amr"`
	AuthTime *jwt.NumericDate `json:"auth_time"`
}

// KeyRing signs with its active key and verifies with any key that has not retired. It is immutable and safe for
// concurrent use.
type KeyRing struct {
	cfg    Config
	keys   []Key // sorted by Created
	active int
}

// NewKeyRing checks cfg and keys (as loaded from a Store, or a single NewKey for a fresh deployment) and builds a ring.
func NewKeyRing(cfg Config, keys ...Key) (*KeyRing, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	ks := slices.Clone(keys)
	sort.SliceStable(ks, func(i, j int) bool { return ks[i].Created.Before(ks[j].Created) })
	active := -1
	seen := make(map[string]bool, len(ks))
	for i, k := range ks {
		if err := checkKey(k); err != nil {
			return nil, err
		}
		if seen[k.ID] {
			return nil, fmt.Errorf("%w: duplicate kid %s", ErrInvalidKey, k.ID)
		}
		seen[k.ID] = true
		if k.RetiresAt.IsZero() {
			if active >= 0 {
				return nil, ErrNoActiveKey
			}
			active = i
		}
	}
	if active < 0 {
		return nil, ErrNoActiveKey
	}
	return &KeyRing{cfg: cfg, keys: ks, active: active}, nil
}

func checkKey(k Key) error {
	if len(k.Private) != 64 || len(k.Public) != 32 || k.ID == "" || k.Created.IsZero() {
		return ErrInvalidKey
	}
	if restored := keyFromSeed(k.Private.Seed(), k.Created, k.RetiresAt); restored.ID != k.ID ||
		!restored.Public.Equal(k.Public) {
		return ErrInvalidKey
	}
	return nil
}

// Keys returns a copy of the ring's keys, oldest first, for Store.Save.
func (r *KeyRing) Keys() []Key { return slices.Clone(r.keys) }

// ActiveKeyID is the kid new tokens are signed with.
func (r *KeyRing) ActiveKeyID() string { return r.keys[r.active].ID }

// Rotate returns a ring with a new active key. The previous active key retires at now + TTL + Leeway: the last token
// it signed (just before now) expires by then, so no valid token is ever rejected by a rotation.
//
// With several server instances, a token signed with the new key is rejected by instances that have not loaded it
// yet; they should reload from the Store when they meet an unknown kid (see ErrUnknownKey).
func (r *KeyRing) Rotate(now time.Time) (*KeyRing, error) {
	fresh, err := NewKey(now)
	if err != nil {
		return nil, err
	}
	keys := slices.Clone(r.keys)
	keys[r.active].RetiresAt = now.Add(r.cfg.TTL + r.cfg.Leeway).UTC()
	keys = append(keys, fresh)
	return &KeyRing{cfg: r.cfg, keys: keys, active: len(keys) - 1}, nil
}

// Prune returns a ring without the keys that have retired by now. The active key is always kept.
func (r *KeyRing) Prune(now time.Time) *KeyRing {
	keys := make([]Key, 0, len(r.keys))
	active := 0
	for i, k := range r.keys {
		if i != r.active && k.retiredAt(now) {
			continue
		}
		if i == r.active {
			active = len(keys)
		}
		keys = append(keys, k)
	}
	return &KeyRing{cfg: r.cfg, keys: keys, active: active}
}

func (r *KeyRing) lookup(kid string, now time.Time) (Key, bool) {
	for _, k := range r.keys {
		if k.ID == kid && !k.retiredAt(now) {
			return k, true
		}
	}
	return Key{}, false
}

// Sign issues a token for c with the active key. IssuedAt, Subject, Session, AuthTime and at least one AMR are
// required; ID and ExpiresAt are filled in when empty.
func (r *KeyRing) Sign(c Claims) (string, error) {
	if c.Subject == "" || c.Session == "" || c.IssuedAt.IsZero() || c.AuthTime.IsZero() || len(c.AMR) == 0 ||
		c.AuthTime.After(c.IssuedAt) {
		return "", ErrInvalidClaims
	}
	for _, m := range c.AMR {
		if m != AMRPassword && m != AMROTP && m != AMROIDC {
			return "", fmt.Errorf("%w: unknown amr %q", ErrInvalidClaims, m)
		}
	}
	if c.ExpiresAt.IsZero() {
		c.ExpiresAt = c.IssuedAt.Add(r.cfg.TTL)
	}
	if !c.ExpiresAt.After(c.IssuedAt) {
		return "", ErrInvalidClaims
	}
	if c.ID == "" {
		c.ID = randomID()
	}
	key := r.keys[r.active]
	t := jwt.NewWithClaims(jwt.SigningMethodEdDSA, jwtClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    r.cfg.Issuer,
			Subject:   c.Subject,
			Audience:  jwt.ClaimStrings{r.cfg.Audience},
			ExpiresAt: jwt.NewNumericDate(c.ExpiresAt),
			IssuedAt:  jwt.NewNumericDate(c.IssuedAt),
			ID:        c.ID,
		},
		Org:      c.Org,
		SID:      c.Session,
		AMR:      c.AMR,
		AuthTime: jwt.NewNumericDate(c.AuthTime),
	})
	t.Header["kid"] = key.ID
	t.Header["typ"] = tokenType
	s, err := t.SignedString(key.Private)
	if err != nil {
		return "", fmt.Errorf("tokens: sign: %w", err)
	}
	return s, nil
}

// Verify checks a token's signature, algorithm, type, issuer, audience, lifetime (with the configured leeway) and
// required claims at time now, and returns its claims. Only EdDSA is accepted, whatever the token's header says: that
// is what defeats "alg":"none" and the HS256-with-the-public-key confusion attack.
func (r *KeyRing) Verify(token string, now time.Time) (Claims, error) {
	if len(token) > maxTokenLen {
		return Claims{}, fmt.Errorf("%w: too long", ErrInvalid)
	}
	parser := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodEdDSA.Alg()}),
		jwt.WithIssuer(r.cfg.Issuer),
		jwt.WithAudience(r.cfg.Audience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(r.cfg.Leeway),
		jwt.WithTimeFunc(func() time.Time { return now }),
		jwt.WithStrictDecoding(),
	)
	var jc jwtClaims
	_, err := parser.ParseWithClaims(token, &jc, func(t *jwt.Token) (any, error) {
		if typ, _ := t.Header["typ"].(string); typ != tokenType {
			return nil, fmt.Errorf("%w: typ %q", ErrInvalid, typ)
		}
		kid, _ := t.Header["kid"].(string)
		k, ok := r.lookup(kid, now)
		if !ok {
			return nil, ErrUnknownKey
		}
		return k.Public, nil
	})
	if err != nil {
		return Claims{}, classify(err)
	}
	if jc.IssuedAt == nil || jc.Subject == "" || jc.SID == "" || jc.ID == "" || jc.AuthTime == nil || len(jc.AMR) == 0 {
		return Claims{}, fmt.Errorf("%w: %w", ErrInvalid, ErrInvalidClaims)
	}
	return Claims{
		Subject:   jc.Subject,
		Org:       jc.Org,
		Session:   jc.SID,
		ID:        jc.ID,
		IssuedAt:  jc.IssuedAt.Time,
		ExpiresAt: jc.ExpiresAt.Time,
		AuthTime:  jc.AuthTime.Time,
		AMR:       jc.AMR,
	}, nil
}

// classify maps the JWT library's errors onto ours. A token is reported as expired only when expiry is its sole
// defect, so a client is never told to refresh a token that is wrong in some other way too.
func classify(err error) error {
	if errors.Is(err, ErrUnknownKey) {
		return fmt.Errorf("%w: %w", ErrInvalid, ErrUnknownKey)
	}
	if errors.Is(err, jwt.ErrTokenExpired) {
		other := false
		for _, e := range []error{jwt.ErrTokenInvalidIssuer, jwt.ErrTokenInvalidAudience, jwt.ErrTokenUsedBeforeIssued,
			jwt.ErrTokenNotValidYet, jwt.ErrTokenSignatureInvalid, jwt.ErrTokenMalformed, jwt.ErrTokenUnverifiable} {
			other = other || errors.Is(err, e)
		}
		if !other {
			return fmt.Errorf("%w: %w", ErrExpired, ErrInvalid)
		}
	}
	return fmt.Errorf("%w: %v", ErrInvalid, err)
}

func randomID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}
