// Package apitoken makes and checks OpsDeck's opaque bearer secrets: personal/integration API tokens ("odk_…") and
// session refresh tokens ("ort_…").
//
// A token is prefix + 43 random base62 characters (≈256 bits) + a 6-character base62 CRC-32 checksum. The prefix and
// the checksum follow GitHub's token format so that secret scanners can recognise a leaked OpsDeck token with almost
// no false positives, and so that Parse can reject typos and garbage without a database round trip. Only a SHA-256
// hash is stored; the first characters after the prefix are stored in clear as a lookup key and for display ("odk_Ab3d…")
// so people can tell their tokens apart.
package apitoken

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"strings"
)

// Kind tells the two token families apart. They share the format but never each other's endpoints.
type Kind int

// Token kinds.
const (
	KindAPI     Kind = iota + 1 // "odk_": API tokens for integrations and the SDKs
	KindRefresh                 // "ort_": refresh tokens for browser sessions
)

// Prefix returns the token prefix for the kind, including the underscore.
func (k Kind) Prefix() string {
	switch k {
	case KindAPI:
		return "odk_"
	case KindRefresh:
		return "ort_"
	}
	return ""
}

func (k Kind) String() string {
	switch k {
	case KindAPI:
		return "api"
	case KindRefresh:
		return "refresh"
	}
	return "unknown"
}

const (
	alphabet    = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	bodyLen     = 43 // 43·log2(62) ≈ 256.03 bits
	checksumLen = 6  // 62^6 > 2^32, so any CRC-32 fits
	// LookupLen is the length of the lookup key taken from the start of the random part. 8 base62 characters
	// (≈47 bits) make collisions among a deployment's tokens rare, and revealing them leaves ≈208 bits unknown.
	LookupLen = 8
	// Len is the length of every token: a 4-character prefix, the body and the checksum.
	Len = 4 + bodyLen + checksumLen
)

// Sentinel errors for Parse. All mean "not a token we issued" and map to 401; they are distinct for logging.
var (
	ErrMalformed   = errors.New("apitoken: malformed token")
	ErrWrongKind   = errors.New("apitoken: token is of another kind")
	ErrBadChecksum = errors.New("apitoken: checksum mismatch")
	ErrUnknownKind = errors.New("apitoken: unknown token kind")
)

// Issued is a freshly made token. Plaintext is shown to the user once and never stored; Lookup and Hash are stored.
type Issued struct {
	Kind      Kind
	Plaintext string
	Lookup    string
	Hash      string
}

// New makes an API token.
func New() (Issued, error) { return NewKind(KindAPI) }

// NewRefresh makes a refresh token.
func NewRefresh() (Issued, error) { return NewKind(KindRefresh) }

// NewKind makes a token of the given kind.
func NewKind(k Kind) (Issued, error) {
	prefix := k.Prefix()
	if prefix == "" {
		return Issued{}, ErrUnknownKind
	}
	body := randomBase62(bodyLen)
	plain := prefix + body + checksum(prefix+body)
	return Issued{Kind: k, Plaintext: plain, Lookup: body[:LookupLen], Hash: Hash(plain)}, nil
}

// Parse checks that s is a well-formed token of kind want with a valid checksum, and returns its lookup key. It does
// not say the token is genuine: only comparing Hash(s) with the stored hash (Equal) does that.
func Parse(s string, want Kind) (lookup string, err error) {
	prefix := want.Prefix()
	if prefix == "" {
		return "", ErrUnknownKind
	}
	if len(s) != Len {
		return "", ErrMalformed
	}
	if !strings.HasPrefix(s, prefix) {
		if strings.HasPrefix(s, KindAPI.Prefix()) || strings.HasPrefix(s, KindRefresh.Prefix()) {
			return "", ErrWrongKind
		}
		return "", ErrMalformed
	}
	rest := s[len(prefix):]
	for i := 0; i < len(rest); i++ {
		if strings.IndexByte(alphabet, rest[i]) < 0 {
			return "", ErrMalformed
		}
	}
	body, sum := rest[:bodyLen], rest[bodyLen:]
	if subtle.ConstantTimeCompare([]byte(checksum(prefix+body)), []byte(sum)) != 1 {
		return "", ErrBadChecksum
	}
	return body[:LookupLen], nil
}

// Hash is what gets stored for a token: the hex SHA-256 of the whole string. A fast hash is right here, unlike for
// passwords, because the input has 256 bits of entropy and cannot be guessed.
func Hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// Equal reports, in constant time, whether s hashes to storedHash.
func Equal(storedHash, s string) bool {
	return subtle.ConstantTimeCompare([]byte(Hash(s)), []byte(storedHash)) == 1
}

// checksum is CRC-32 (IEEE) of prefix+body, base62, left-padded to checksumLen. Covering the prefix means an "ort_"
// body relabelled as "odk_" fails the checksum.
func checksum(s string) string {
	n := crc32.ChecksumIEEE([]byte(s))
	out := make([]byte, checksumLen)
	for i := checksumLen - 1; i >= 0; i-- {
		out[i] = alphabet[n%62]
		n /= 62
	}
	return string(out)
}

// randomBase62 draws n characters uniformly, rejecting bytes ≥ 248 (= 4·62) to avoid modulo bias.
func randomBase62(n int) string {
	const limit = 256 - 256%len(alphabet)
	out := make([]byte, 0, n)
	buf := make([]byte, n+n/4)
	for len(out) < n {
		_, _ = rand.Read(buf) // crypto/rand.Read never fails on supported platforms
		for _, b := range buf {
			if int(b) < limit && len(out) < n {
				out = append(out, alphabet[int(b)%len(alphabet)])
			}
		}
	}
	return string(out)
}
