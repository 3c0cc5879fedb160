// Package totp implements the second login factor: RFC 6238 time-based one-time passwords compatible with common
// authenticator apps, and one-time recovery codes for when the device is lost.
//
// It is pure: the caller stores the secret (encrypted, see package secrets), the last accepted time step and the
// recovery-code hashes, and passes them back in. Remembering the last accepted step is what makes a code single-use:
// without it a code observed over someone's shoulder stays valid for up to a minute and a half.
package totp

import (
	"bytes"
	"crypto/subtle"
	"encoding/base32"
	"errors"
	"fmt"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"
)

// The parameters every mainstream authenticator app supports. Apps commonly ignore the algorithm, digits and period
// in the otpauth URL, so deviating from these would lock people out.
const (
	Period     = 30 * time.Second
	Digits     = 6
	SecretSize = 20 // bytes: the 160 bits RFC 4226 recommends
	// Skew is how many steps either side of the current one are accepted, to absorb phone clock drift and the time a
	// person takes to type.
	Skew = 1
	// QRSize is the side of the enrolment QR code in pixels.
	QRSize = 256

	minSecretBytes = 16 // RFC 4226: the shared secret MUST be at least 128 bits
)

// Sentinel errors.
var (
	ErrMissingIssuer  = errors.New("totp: issuer is required")
	ErrMissingAccount = errors.New("totp: account name is required")
)

// Enrollment is what the user is shown once when setting up an authenticator: the secret (for manual entry), the
// otpauth:// URL, and the same URL as a QR code PNG. Only Secret needs storing, encrypted.
type Enrollment struct {
	Secret string
	URL    string
	QRPNG  []byte
}

// NewEnrollment creates a fresh random secret. issuer is what the app shows as the service name (the deployment's
// name, e.g. "OpsDeck" or "OpsDeck – Acme"), account identifies the user within it (their e-mail address).
func NewEnrollment(issuer, account string) (Enrollment, error) {
	if strings.TrimSpace(issuer) == "" {
		return Enrollment{}, ErrMissingIssuer
	}
	if strings.TrimSpace(account) == "" {
		return Enrollment{}, ErrMissingAccount
	}
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer:      issuer,
		AccountName: account,
		Period:      uint(Period / time.Second),
		SecretSize:  SecretSize,
		Digits:      otp.DigitsSix,
		Algorithm:   otp.AlgorithmSHA1,
	})
	if err != nil {
		return Enrollment{}, fmt.Errorf("totp: generate: %w", err)
	}
	img, err := key.Image(QRSize, QRSize)
	if err != nil {
		return Enrollment{}, fmt.Errorf("totp: qr code: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return Enrollment{}, fmt.Errorf("totp: qr code: %w", err)
	}
	return Enrollment{Secret: key.Secret(), URL: key.URL(), QRPNG: buf.Bytes()}, nil
}

// StepAt is the RFC 6238 time step containing t.
func StepAt(t time.Time) int64 {
	return t.Unix() / int64(Period/time.Second)
}

// Validate checks code against secret at time now, accepting the current step and Skew steps either side. It returns
// the matched step, which the caller must store as the new lastUsedStep. A code whose step is not after lastUsedStep
// is refused even if correct, so each code (and every earlier one) works at most once; pass 0 before first use.
//
// Wrong, replayed and malformed inputs all just return ok=false: the user is told the same thing in each case, and a
// broken stored secret is caught at enrolment (see NewEnrollment), not here.
func Validate(secret, code string, now time.Time, lastUsedStep int64) (step int64, ok bool) {
	code = normalizeCode(code)
	if len(code) != Digits || !allDigits(code) || !validSecret(secret) {
		return 0, false
	}
	current := StepAt(now)
	var matched int64 = -1
	// Every candidate is computed and compared, with no early exit, so timing does not reveal which step matched.
	for s := current - Skew; s <= current+Skew; s++ {
		if s < 0 {
			continue
		}
		want, err := hotp.GenerateCodeCustom(secret, uint64(s), hotp.ValidateOpts{
			Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1,
		})
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 && s > matched {
			matched = s
		}
	}
	if matched < 0 || matched <= lastUsedStep {
		return 0, false
	}
	return matched, true
}

// normalizeCode drops the spaces and dashes apps and people put in the middle of a code ("123 456").
func normalizeCode(code string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, code)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// validSecret accepts the unpadded, upper-case base32 that NewEnrollment produces (and, for secrets typed or
// imported elsewhere, padded or lower-case base32) of at least 128 bits.
func validSecret(secret string) bool {
	s := strings.ToUpper(strings.TrimRight(secret, "="))
	b, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(s)
	return err == nil && len(b) >= minSecretBytes
}
