package tokens

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"time"
)

// Key is one Ed25519 signing key. A key with a zero RetiresAt is the active one; a retiring key still verifies tokens
// it signed until RetiresAt, by which time all of them have expired.
type Key struct {
	ID        string
	Private   ed25519.PrivateKey
	Public    ed25519.PublicKey
	Created   time.Time
	RetiresAt time.Time
}

// NewKey makes a fresh random key created at now.
func NewKey(now time.Time) (Key, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return Key{}, fmt.Errorf("tokens: generate key: %w", err)
	}
	return keyFromSeed(priv.Seed(), now, time.Time{}), nil
}

func keyFromSeed(seed []byte, created, retires time.Time) Key {
	priv := ed25519.NewKeyFromSeed(seed)
	pub := priv.Public().(ed25519.PublicKey)
	return Key{ID: keyID(pub), Private: priv, Public: pub, Created: created.UTC(), RetiresAt: retires.UTC()}
}

// keyID is derived from the public key, so a kid can never be paired with the wrong key after a restore or a bad
// migration, and it reveals nothing the public key does not.
func keyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return base64.RawURLEncoding.EncodeToString(sum[:12])
}

func (k Key) retiredAt(now time.Time) bool {
	return !k.RetiresAt.IsZero() && !now.Before(k.RetiresAt)
}

// String keeps private key bytes out of logs and error messages when a Key is printed with %v or %s.
func (k Key) String() string {
	return fmt.Sprintf("tokens.Key{ID:%s Created:%s RetiresAt:%s}", k.ID,
		k.Created.Format(time.RFC3339), k.RetiresAt.Format(time.RFC3339))
}

// GoString does the same for %#v.
func (k Key) GoString() string { return k.String() }

// serialisedKey is the storage form. Only the 32-byte seed is kept: the rest of the key follows from it, and fewer
// fields mean fewer ways for a stored key to be inconsistent.
type serialisedKey struct {
	Version   int       `json:"v"`
	ID        string    `json:"kid"`
	Seed      []byte    `json:"seed"`
	Created   time.Time `json:"created"`
	RetiresAt time.Time `json:"retires_at,omitzero"`
}

// MarshalBinary serialises the key, private part included, for storage. The result is secret: encrypt it (package
// secrets) before it leaves the process.
func (k Key) MarshalBinary() ([]byte, error) {
	if len(k.Private) != ed25519.PrivateKeySize {
		return nil, ErrInvalidKey
	}
	return json.Marshal(serialisedKey{
		Version: 1, ID: k.ID, Seed: k.Private.Seed(), Created: k.Created.UTC(), RetiresAt: k.RetiresAt.UTC(),
	})
}

// UnmarshalBinary restores a key written by MarshalBinary and checks that its id matches its key material.
func (k *Key) UnmarshalBinary(data []byte) error {
	var s serialisedKey
	if err := json.Unmarshal(data, &s); err != nil {
		return fmt.Errorf("%w: %v", ErrInvalidKey, err)
	}
	if s.Version != 1 || len(s.Seed) != ed25519.SeedSize || s.Created.IsZero() {
		return ErrInvalidKey
	}
	restored := keyFromSeed(s.Seed, s.Created, s.RetiresAt)
	if restored.ID != s.ID {
		return ErrInvalidKey
	}
	*k = restored
	return nil
}

// UnmarshalKey is UnmarshalBinary as a function.
func UnmarshalKey(data []byte) (Key, error) {
	var k Key
	err := k.UnmarshalBinary(data)
	return k, err
}

// Store persists the key ring, typically as rows of encrypted MarshalBinary output. Save receives the complete set
// (KeyRing.Keys) and replaces what was stored, so keys dropped by Prune disappear from storage too.
type Store interface {
	Load(ctx context.Context) ([]Key, error)
	Save(ctx context.Context, keys []Key) error
}
