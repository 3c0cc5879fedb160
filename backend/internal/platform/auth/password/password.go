// Package password hashes and verifies user passwords with argon2id and checks new passwords against OpsDeck's
// password policy. It holds no state and touches no database: callers pass in what they have stored.
//
// Hashes are kept in the PHC string format ($argon2id$v=19$m=…,t=…,p=…$salt$hash) so the parameters travel with
// each hash: they can be raised later without invalidating existing hashes, and Verify tells the caller when a hash
// was made with weaker parameters than today's so it can be replaced while the plaintext is at hand.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// Limits on parameters read back from a stored hash. They stop a corrupt or planted hash from making a single login
// allocate gigabytes or spin for minutes; they are far above anything Hash is configured with.
const (
	MaxMemoryKiB   = 256 * 1024 // 256 MiB
	MaxIterations  = 64
	MaxParallelism = 16
	minSaltLen     = 8
	maxSaltLen     = 64
	minKeyLen      = 16
	maxKeyLen      = 64

	// MaxInputBytes bounds the work Hash and Verify do for one call, independently of Policy.MaxBytes (which is what
	// users are told). Argon2 pre-hashes its input, so this only caps the cost of that first pass.
	MaxInputBytes = 4096
)

// Sentinel errors, mapped by the HTTP layer; none contains the password or the hash.
var (
	ErrMalformedHash = errors.New("password: stored hash is not a supported argon2id PHC string")
	ErrInvalidParams = errors.New("password: argon2id parameters out of range")
	ErrTooLong       = errors.New("password: input longer than MaxInputBytes")
)

// Params are the argon2id cost parameters. Memory is in KiB.
type Params struct {
	Memory      uint32
	Iterations  uint32
	Parallelism uint8
	SaltLen     uint32
	KeyLen      uint32
}

// DefaultParams returns the OWASP Password Storage Cheat Sheet minimum for argon2id (19 MiB, 2 passes, 1 lane). It
// costs some 30–85 ms of one core and 19 MiB per hash on our machines: enough to make offline guessing expensive
// while keeping login latency acceptable. The memory is per concurrent call, so callers should bound how many hashes
// run at once. Raise the parameters here and Verify will report needsRehash for older hashes.
func DefaultParams() Params {
	return Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLen: 16, KeyLen: 32}
}

func (p Params) validate() error {
	switch {
	case p.Parallelism < 1 || p.Parallelism > MaxParallelism,
		p.Iterations < 1 || p.Iterations > MaxIterations,
		// argon2 needs at least 8 KiB per lane.
		p.Memory < 8*uint32(p.Parallelism) || p.Memory > MaxMemoryKiB,
		p.SaltLen < minSaltLen || p.SaltLen > maxSaltLen,
		p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen:
		return ErrInvalidParams
	}
	return nil
}

// normalize applies Unicode NFKC so that the same password typed on different keyboards or operating systems (for
// example a precomposed "é" versus "e" + combining accent) hashes the same, as NIST SP 800-63B recommends. Changing
// this function invalidates existing hashes: never change it without a hash version bump.
func normalize(password string) string {
	return norm.NFKC.String(password)
}

// Hash derives an argon2id hash of password with a fresh random salt and returns it as a PHC string.
func Hash(password string, p Params) (string, error) {
	if err := p.validate(); err != nil {
		return "", err
	}
	if len(password) > MaxInputBytes {
		return "", ErrTooLong
	}
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password: salt: %w", err)
	}
	key := argon2.IDKey([]byte(normalize(password)), salt, p.Iterations, p.Memory, p.Parallelism, p.KeyLen)
	return encode(p, salt, key), nil
}

// Verify reports whether password matches the stored PHC hash, comparing in constant time. needsRehash is true only
// when the password matched and the hash was made with parameters other than current: the caller should then call
// Hash and store the result, since this is the only moment the plaintext is available.
//
// A malformed hash is an error, not a mismatch: it means stored data is corrupt, which callers must not silently treat
// as "wrong password". An over-long password is simply a mismatch, since no stored hash can be for it.
func Verify(password, encoded string, current Params) (ok, needsRehash bool, err error) {
	p, salt, want, err := decode(encoded)
	if err != nil {
		return false, false, err
	}
	if len(password) > MaxInputBytes {
		return false, false, nil
	}
	got := argon2.IDKey([]byte(normalize(password)), salt, p.Iterations, p.Memory, p.Parallelism, p.KeyLen)
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return false, false, nil
	}
	return true, p != current, nil
}

var b64 = base64.RawStdEncoding.Strict() // PHC's "B64": standard alphabet, no padding

func encode(p Params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Iterations, p.Parallelism, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// decode parses a PHC string strictly: fields in the canonical order, decimal numbers without signs or leading zeros,
// unpadded base64. Being strict keeps one hash from having several spellings and keeps the parser small enough to fuzz.
func decode(s string) (p Params, salt, key []byte, err error) {
	f := strings.Split(s, "$")
	if len(f) != 6 || f[0] != "" || f[1] != "argon2id" || f[2] != "v="+strconv.Itoa(argon2.Version) {
		return Params{}, nil, nil, ErrMalformedHash
	}
	kv := strings.Split(f[3], ",")
	if len(kv) != 3 {
		return Params{}, nil, nil, ErrMalformedHash
	}
	var vals [3]uint32
	for i, name := range []string{"m", "t", "p"} {
		v, ok := strings.CutPrefix(kv[i], name+"=")
		if !ok {
			return Params{}, nil, nil, ErrMalformedHash
		}
		n, ok := parseDecimal(v)
		if !ok {
			return Params{}, nil, nil, ErrMalformedHash
		}
		vals[i] = n
	}
	if vals[2] > MaxParallelism {
		return Params{}, nil, nil, ErrInvalidParams
	}
	if salt, err = b64.DecodeString(f[4]); err != nil {
		return Params{}, nil, nil, ErrMalformedHash
	}
	if key, err = b64.DecodeString(f[5]); err != nil {
		return Params{}, nil, nil, ErrMalformedHash
	}
	p = Params{Memory: vals[0], Iterations: vals[1], Parallelism: uint8(vals[2]),
		SaltLen: uint32(len(salt)), KeyLen: uint32(len(key))}
	if err := p.validate(); err != nil {
		return Params{}, nil, nil, err
	}
	return p, salt, key, nil
}

func parseDecimal(s string) (uint32, bool) {
	if s == "" || len(s) > 10 || (len(s) > 1 && s[0] == '0') {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(s, 10, 32)
	return uint32(n), err == nil
}
