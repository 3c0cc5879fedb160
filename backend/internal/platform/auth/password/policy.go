package password

import (
	_ "embed"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Reason says why a password was refused. The values are stable identifiers meant for API error codes and UI
// translations.
type Reason string

// Policy failure reasons.
const (
	ReasonTooShort      Reason = "too_short"
	ReasonTooLong       Reason = "too_long"
	ReasonCommon        Reason = "common"
	ReasonContainsEmail Reason = "contains_email"
	ReasonContainsName  Reason = "contains_name"
	ReasonReused        Reason = "reused"
)

// ErrPolicy is matched (errors.Is) by every *PolicyError, so the HTTP layer can map a refusal to 422 without knowing
// the reasons, and errors.As it when it wants to list them.
var ErrPolicy = errors.New("password: does not meet the policy")

// PolicyError lists every reason a password was refused, so a user fixes them all in one go rather than one per try.
type PolicyError struct {
	Reasons []Reason
}

func (e *PolicyError) Error() string {
	s := make([]string, len(e.Reasons))
	for i, r := range e.Reasons {
		s[i] = string(r)
	}
	return "password: does not meet the policy: " + strings.Join(s, ", ")
}

// Is makes errors.Is(err, ErrPolicy) true.
func (e *PolicyError) Is(target error) bool { return target == ErrPolicy }

// Has reports whether r is among the reasons.
func (e *PolicyError) Has(r Reason) bool {
	for _, x := range e.Reasons {
		if x == r {
			return true
		}
	}
	return false
}

// Policy follows NIST SP 800-63B: a length floor instead of composition rules, a generous ceiling, and a ban list of
// known and context-specific passwords.
type Policy struct {
	// MinLength counts characters (Unicode code points, after NFKC), because that is what a person counts.
	MinLength int
	// MaxBytes counts UTF-8 bytes, because it exists to bound work and storage, not to inconvenience anyone.
	MaxBytes int
	// History is how many previous hashes to compare with; extra ones passed in Account.PreviousHashes are ignored.
	// Each comparison costs one argon2id verification.
	History int
}

// DefaultPolicy is OpsDeck's policy: at least 12 characters, at most 256 bytes, not one of the last 5 passwords.
func DefaultPolicy() Policy {
	return Policy{MinLength: 12, MaxBytes: 256, History: 5}
}

// Account is what the policy needs to know about the person choosing the password.
type Account struct {
	Email string
	Name  string
	// PreviousHashes are PHC hashes of earlier passwords, newest first, including the current one when changing it.
	PreviousHashes []string
}

// minContextToken is the shortest part of a name or e-mail address the policy looks for. Shorter parts ("li", "bob")
// would refuse ordinary words that happen to contain them without making the password meaningfully harder to guess.
const minContextToken = 4

// minCommonBase is the shortest common password the policy looks for once digits and symbols are trimmed from the
// ends, for the same reason.
const minCommonBase = 4

// Check returns nil if password may be used, a *PolicyError listing every reason it may not, or another error when a
// previous hash is corrupt. The reuse check runs only when every cheap check passed: comparing with the history costs
// an argon2id verification per hash, which is not worth spending on a password already refused.
func (p Policy) Check(password string, a Account) error {
	pw := normalize(password)
	var reasons []Reason
	if utf8.RuneCountInString(pw) < p.MinLength {
		reasons = append(reasons, ReasonTooShort)
	}
	if len(pw) > p.MaxBytes {
		reasons = append(reasons, ReasonTooLong)
	}
	lower := strings.ToLower(pw)
	if isCommon(lower) {
		reasons = append(reasons, ReasonCommon)
	}
	if containsAny(lower, emailTokens(a.Email)) {
		reasons = append(reasons, ReasonContainsEmail)
	}
	if containsAny(lower, nameTokens(a.Name)) {
		reasons = append(reasons, ReasonContainsName)
	}
	if len(reasons) > 0 {
		return &PolicyError{Reasons: reasons}
	}

	history := a.PreviousHashes
	if len(history) > p.History {
		history = history[:max(p.History, 0)]
	}
	for i, h := range history {
		// The parameters passed do not matter here: only the match is used.
		ok, _, err := Verify(password, h, DefaultParams())
		if err != nil {
			return fmt.Errorf("password: previous hash %d: %w", i, err)
		}
		if ok {
			return &PolicyError{Reasons: []Reason{ReasonReused}}
		}
	}
	return nil
}

//go:embed common-passwords.txt
var commonPasswordsFile string

// commonPasswords is built on first use and never modified afterwards.
var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	set := make(map[string]struct{}, 10500)
	for line := range strings.Lines(commonPasswordsFile) {
		line = strings.TrimRight(line, "\r\n")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		set[line] = struct{}{}
	}
	return set
})

// isCommon looks for lower (already lower-cased) in the list, and also for the list entry hidden under the usual
// disguises: digits or symbols stuck on either end ("monkey123456!") and repetition ("qwertyqwerty"). Without these
// the list would be almost useless at a 12-character minimum, since nearly all its entries are shorter.
func isCommon(lower string) bool {
	set := commonPasswords()
	has := func(s string) bool {
		_, ok := set[s]
		return ok
	}
	if has(lower) {
		return true
	}
	notLetter := func(r rune) bool { return !unicode.IsLetter(r) }
	for _, base := range []string{
		strings.TrimFunc(lower, notLetter),
		strings.TrimRightFunc(lower, notLetter),
		strings.TrimLeftFunc(lower, notLetter),
	} {
		if utf8.RuneCountInString(base) >= minCommonBase && (has(base) || has(repeatedUnit(base))) {
			return true
		}
	}
	return has(repeatedUnit(lower))
}

// repeatedUnit returns u when s is u repeated two or more times, and "" otherwise.
func repeatedUnit(s string) string {
	for n := 1; n <= len(s)/2; n++ {
		if len(s)%n == 0 && strings.Repeat(s[:n], len(s)/n) == s {
			return s[:n]
		}
	}
	return ""
}

func containsAny(s string, tokens []string) bool {
	for _, t := range tokens {
		if strings.Contains(s, t) {
			return true
		}
	}
	return false
}

// emailTokens returns the local part of the address (without a "+tag") and its dot-, dash- or underscore-separated
// parts: people build passwords from "jane.doe" as readily as from "jane" or "doe".
func emailTokens(email string) []string {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		at = len(email)
	}
	local := strings.ToLower(normalize(email[:at]))
	if plus := strings.IndexByte(local, '+'); plus >= 0 {
		local = local[:plus]
	}
	return contextTokens(local, func(r rune) bool { return r == '.' || r == '-' || r == '_' })
}

// nameTokens returns the words of the name and the name with its spaces and punctuation removed ("Mary-Jane O'Neil" →
// "mary", "jane", "oneil", "maryjaneoneil").
func nameTokens(name string) []string {
	return contextTokens(strings.ToLower(normalize(name)),
		func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func contextTokens(whole string, sep func(rune) bool) []string {
	parts := strings.FieldsFunc(whole, sep)
	tokens := make([]string, 0, len(parts)+2)
	for _, candidate := range append(parts, whole, strings.Join(parts, "")) {
		if utf8.RuneCountInString(candidate) >= minContextToken {
			tokens = append(tokens, candidate)
		}
	}
	return tokens
}
