package totp

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"strings"
)

// Recovery codes are the way back in when the authenticator is lost. Each works once; the caller deletes (or marks)
// the hash at the index MatchRecoveryCode returns.
const (
	// DefaultRecoveryCodes is how many codes a user is given at a time.
	DefaultRecoveryCodes = 10
	// MaxRecoveryCodes bounds one request.
	MaxRecoveryCodes = 100

	// recoveryAlphabet leaves out characters that are easily misread or mistyped from a printout (0/o, 1/l/i). With 31
	// symbols, a 12-character code carries 12·log2(31) ≈ 59.5 bits: too many to guess online, and enough that the
	// unsalted SHA-256 kept in the database is costly to reverse. Plain SHA-256 is appropriate because the codes are
	// random, not chosen by people; slow hashing would add nothing but login latency.
	recoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"
	recoveryGroups   = 3
	recoveryGroupLen = 4
	recoveryLen      = recoveryGroups * recoveryGroupLen
)

// ErrRecoveryCount is returned for a count outside 1..MaxRecoveryCodes.
var ErrRecoveryCount = errors.New("totp: recovery code count out of range")

// NewRecoveryCodes returns n codes formatted for display ("abcd-efgh-jkmn") and, at the same index, the SHA-256 hex
// hash of each to store. The plaintext codes must be shown once and never stored.
func NewRecoveryCodes(n int) (codes, hashes []string, err error) {
	if n < 1 || n > MaxRecoveryCodes {
		return nil, nil, ErrRecoveryCount
	}
	codes = make([]string, 0, n)
	hashes = make([]string, 0, n)
	seen := make(map[string]bool, n)
	for len(codes) < n {
		raw := randomString(recoveryLen)
		if seen[raw] { // vanishingly rare, but a duplicate would make two entries one
			continue
		}
		seen[raw] = true
		groups := make([]string, recoveryGroups)
		for g := range groups {
			groups[g] = raw[g*recoveryGroupLen : (g+1)*recoveryGroupLen]
		}
		codes = append(codes, strings.Join(groups, "-"))
		hashes = append(hashes, hashRecovery(raw))
	}
	return codes, hashes, nil
}

// MatchRecoveryCode finds code among the stored hashes, ignoring case, spaces and dashes as people type them. It
// returns the index of the matching hash so the caller can consume it. Every hash is compared, in constant time, so
// the response time reveals neither whether nor where a code matched. Empty entries (consumed codes) never match.
func MatchRecoveryCode(code string, hashes []string) (index int, ok bool) {
	canon := strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' {
			return -1
		}
		if r >= 'A' && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}, code)
	if len(canon) != recoveryLen || strings.Trim(canon, recoveryAlphabet) != "" {
		return -1, false
	}
	want := []byte(hashRecovery(canon))
	index = -1
	for i, h := range hashes {
		eq := subtle.ConstantTimeCompare(want, []byte(h))
		if eq == 1 && index < 0 {
			index = i
		}
	}
	return index, index >= 0
}

func hashRecovery(canonical string) string {
	sum := sha256.Sum256([]byte(canonical))
	return hex.EncodeToString(sum[:])
}

// randomString draws n symbols uniformly from recoveryAlphabet, rejecting bytes that would bias the draw.
func randomString(n int) string {
	const limit = 256 - 256%len(recoveryAlphabet)
	out := make([]byte, 0, n)
	buf := make([]byte, 2*n)
	for len(out) < n {
		_, _ = rand.Read(buf) // crypto/rand.Read never fails on supported platforms
		for _, b := range buf {
			if int(b) < limit && len(out) < n {
				out = append(out, recoveryAlphabet[int(b)%len(recoveryAlphabet)])
			}
		}
	}
	return string(out)
}
