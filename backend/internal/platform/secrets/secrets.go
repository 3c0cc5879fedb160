// Package secrets encrypts small secrets at rest (TOTP seeds, JWT signing keys, OIDC client secrets, webhook
// credentials) so that a database dump or backup alone does not reveal them.
//
// The only key material is the deployment secret (OPSDECK_SECRET_KEY). Each caller derives its own AES-256 key from it
// with HKDF and a purpose label, so a ciphertext made for one purpose cannot be decrypted as another and one leaked
// derived key does not expose the rest. Ciphertexts name the key that made them, so the deployment secret can rotate:
// a Keyring holds the current secret (used to encrypt) and previous secrets (used only to decrypt) until every row has
// been re-encrypted (see NeedsReencrypt).
package secrets

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/crypto/hkdf"
)

// MinSecretLen is the shortest deployment secret accepted. The secret is a random string from configuration, not a
// password: there is no key stretching, so its own length has to carry the entropy.
const MinSecretLen = 32

const (
	version  = "v1"
	keySize  = 32 // AES-256
	kidBytes = 4  // shown as 8 hex characters; only has to tell a handful of live keys apart
)

// hkdfSalt is fixed, not random: the derived key must be reproducible from the deployment secret alone. A constant
// application salt still separates OpsDeck's derivations from any other use of the same secret string.
const hkdfSalt = "opsdeck/secrets/hkdf-salt/v1"

// Sentinel errors. Everything a caller can get from Decrypt wraps one of these; none carries key material or
// plaintext, so they are safe to log.
var (
	ErrWeakSecret   = errors.New("secrets: deployment secret too short")
	ErrNoPurpose    = errors.New("secrets: purpose label is required")
	ErrDuplicateKey = errors.New("secrets: the same secret was given twice")
	ErrMalformed    = errors.New("secrets: malformed ciphertext")
	ErrUnknownKey   = errors.New("secrets: ciphertext was made with a key this keyring does not hold")
	ErrDecrypt      = errors.New("secrets: ciphertext or associated data was tampered with")
)

type key struct {
	id   string
	aead cipher.AEAD
}

// Keyring encrypts with one current key and decrypts with the current or any previous key. It is immutable after
// NewKeyring and safe for concurrent use.
type Keyring struct {
	purpose string
	current key
	byID    map[string]key
}

// NewKeyring derives the keys for one purpose (for example "totp-secret" or "jwt-signing-key") from the current
// deployment secret and any previous ones that may still have encrypted rows.
func NewKeyring(purpose, current string, previous ...string) (*Keyring, error) {
	if purpose == "" {
		return nil, ErrNoPurpose
	}
	kr := &Keyring{purpose: purpose, byID: make(map[string]key, 1+len(previous))}
	for i, s := range append([]string{current}, previous...) {
		k, err := deriveKey(s, purpose)
		if err != nil {
			return nil, err
		}
		if _, dup := kr.byID[k.id]; dup {
			return nil, ErrDuplicateKey
		}
		kr.byID[k.id] = k
		if i == 0 {
			kr.current = k
		}
	}
	return kr, nil
}

// deriveKey turns the deployment secret into an AEAD for one purpose. The key id comes from a separate HKDF output so
// that publishing it in every ciphertext reveals nothing about the encryption key.
func deriveKey(secret, purpose string) (key, error) {
	if len(secret) < MinSecretLen {
		return key{}, ErrWeakSecret
	}
	info := "opsdeck/secrets/" + version + "/" + purpose
	r := hkdf.New(sha256.New, []byte(secret), []byte(hkdfSalt), []byte(info))
	material := make([]byte, keySize+kidBytes)
	if _, err := io.ReadFull(r, material); err != nil {
		return key{}, fmt.Errorf("secrets: derive key: %w", err)
	}
	block, err := aes.NewCipher(material[:keySize])
	if err != nil {
		return key{}, fmt.Errorf("secrets: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return key{}, fmt.Errorf("secrets: %w", err)
	}
	return key{id: hex.EncodeToString(material[keySize:]), aead: aead}, nil
}

// CurrentKeyID names the key new ciphertexts are made with. It is derived, not secret.
func (kr *Keyring) CurrentKeyID() string { return kr.current.id }

// Encrypt seals plaintext with the current key. associatedData is not stored in the result but must be given again
// to Decrypt: pass something that identifies the row and column (for example "users.totp_secret:" + id) so that a
// ciphertext copied onto another row or column fails to decrypt.
//
// The result has the form "v1:<key id>:<base64url(nonce‖ciphertext‖tag)>" and fits in a text column.
func (kr *Keyring) Encrypt(plaintext, associatedData []byte) (string, error) {
	k := kr.current
	nonce := make([]byte, k.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("secrets: nonce: %w", err)
	}
	sealed := k.aead.Seal(nonce, nonce, plaintext, kr.aad(k.id, associatedData))
	return version + ":" + k.id + ":" + base64.RawURLEncoding.EncodeToString(sealed), nil
}

// Decrypt opens a ciphertext made by Encrypt with any key of the keyring.
func (kr *Keyring) Decrypt(ciphertext string, associatedData []byte) ([]byte, error) {
	kid, sealed, err := parse(ciphertext)
	if err != nil {
		return nil, err
	}
	k, ok := kr.byID[kid]
	if !ok {
		return nil, ErrUnknownKey
	}
	ns := k.aead.NonceSize()
	if len(sealed) < ns+k.aead.Overhead() {
		return nil, ErrMalformed
	}
	plain, err := k.aead.Open(nil, sealed[:ns], sealed[ns:], kr.aad(kid, associatedData))
	if err != nil {
		return nil, ErrDecrypt
	}
	return plain, nil
}

// NeedsReencrypt tells a key-rotation job which rows still use an old key. Malformed input reports false: that row
// needs attention, not re-encryption.
func (kr *Keyring) NeedsReencrypt(ciphertext string) bool {
	kid, _, err := parse(ciphertext)
	return err == nil && kid != kr.current.id
}

// aad binds the format version, key id and purpose into the GCM tag as well as the caller's associated data, so a
// ciphertext cannot be relabelled. Lengths are prefixed so that no two different inputs produce the same bytes.
func (kr *Keyring) aad(kid string, associatedData []byte) []byte {
	var b bytes.Buffer
	for _, part := range [][]byte{[]byte(version), []byte(kid), []byte(kr.purpose), associatedData} {
		fmt.Fprintf(&b, "%d:", len(part))
		b.Write(part)
	}
	return b.Bytes()
}

func parse(ciphertext string) (kid string, sealed []byte, err error) {
	parts := strings.Split(ciphertext, ":")
	if len(parts) != 3 || parts[0] != version || len(parts[1]) != 2*kidBytes {
		return "", nil, ErrMalformed
	}
	if _, err := hex.DecodeString(parts[1]); err != nil || strings.ToLower(parts[1]) != parts[1] {
		return "", nil, ErrMalformed
	}
	sealed, err = base64.RawURLEncoding.Strict().DecodeString(parts[2])
	if err != nil {
		return "", nil, ErrMalformed
	}
	return parts[1], sealed, nil
}
