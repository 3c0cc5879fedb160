package apitoken

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"regexp"
	"strings"
	"testing"
)

func mustNew(t testing.TB, k Kind) Issued {
	t.Helper()
	tok, err := NewKind(k)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestNew(t *testing.T) {
	for _, tc := range []struct {
		make   func() (Issued, error)
		kind   Kind
		prefix string
	}{
		{New, KindAPI, "odk_"},
		{NewRefresh, KindRefresh, "ort_"},
	} {
		t.Run(tc.kind.String(), func(t *testing.T) {
			tok, err := tc.make()
			if err != nil {
				t.Fatal(err)
			}
			re := regexp.MustCompile(`^` + tc.prefix + `[0-9A-Za-z]{49}$`)
			if !re.MatchString(tok.Plaintext) || len(tok.Plaintext) != Len {
				t.Fatalf("token %q has the wrong shape", tok.Plaintext)
			}
			if tok.Kind != tc.kind || tok.Lookup != tok.Plaintext[4:4+LookupLen] {
				t.Fatalf("kind %v lookup %q", tok.Kind, tok.Lookup)
			}
			sum := sha256.Sum256([]byte(tok.Plaintext))
			if tok.Hash != hex.EncodeToString(sum[:]) || tok.Hash != Hash(tok.Plaintext) {
				t.Fatal("hash is not the SHA-256 of the plaintext")
			}
			lookup, err := Parse(tok.Plaintext, tc.kind)
			if err != nil || lookup != tok.Lookup {
				t.Fatalf("Parse(New()) = %q, %v", lookup, err)
			}
			if !Equal(tok.Hash, tok.Plaintext) {
				t.Fatal("Equal must accept the token's own hash")
			}
		})
	}
}

func TestNewIsRandom(t *testing.T) {
	seen := map[string]bool{}
	counts := map[byte]int{}
	for range 200 {
		tok := mustNew(t, KindAPI)
		if seen[tok.Plaintext] || seen[tok.Lookup] {
			t.Fatal("repeated token or lookup key")
		}
		seen[tok.Plaintext], seen[tok.Lookup] = true, true
		for i := 4; i < 4+bodyLen; i++ {
			counts[tok.Plaintext[i]]++
		}
	}
	// 8,600 draws over 62 symbols: each appears ~139 times; missing symbols would mean a broken draw.
	if len(counts) != 62 {
		t.Fatalf("only %d of 62 symbols drawn", len(counts))
	}
}

func TestNewKindUnknown(t *testing.T) {
	if _, err := NewKind(0); !errors.Is(err, ErrUnknownKind) {
		t.Fatalf("got %v", err)
	}
	if _, err := Parse(mustNew(t, KindAPI).Plaintext, Kind(9)); !errors.Is(err, ErrUnknownKind) {
		t.Fatalf("got %v", err)
	}
}

func TestParseRejects(t *testing.T) {
	api := mustNew(t, KindAPI).Plaintext
	refresh := mustNew(t, KindRefresh).Plaintext
	body := api[4 : 4+bodyLen]
	sum := api[4+bodyLen:]
	// An "ort_" body relabelled as "odk_" keeps the old checksum, which covered the prefix.
	relabelled := "odk_" + refresh[4:]
	for name, tc := range map[string]struct {
		in   string
		want error
	}{
		"empty":               {"", ErrMalformed},
		"prefix only":         {"odk_", ErrMalformed},
		"truncated":           {api[:Len-1], ErrMalformed},
		"extended":            {api + "A", ErrMalformed},
		"refresh as api":      {refresh, ErrWrongKind},
		"relabelled":          {relabelled, ErrBadChecksum},
		"other prefix":        {"ghp_" + api[4:], ErrMalformed},
		"upper-case prefix":   {"ODK_" + api[4:], ErrMalformed},
		"bad char in body":    {"odk_" + body[:10] + "-" + body[11:] + sum, ErrMalformed},
		"non-ASCII":           {"odk_" + body[:41] + "é" + sum, ErrMalformed},
		"space padded":        {" " + api[:Len-1], ErrMalformed},
		"checksum changed":    {"odk_" + body + flipChar(sum, 5), ErrBadChecksum},
		"body changed":        {"odk_" + flipChar(body, 20) + sum, ErrBadChecksum},
		"body case changed":   {"odk_" + swapCase(body) + sum, ErrBadChecksum},
		"two chars swapped":   {"odk_" + swapAdjacent(body) + sum, ErrBadChecksum},
		"checksum all zeroes": {"odk_" + body + "000000", ErrBadChecksum},
	} {
		t.Run(name, func(t *testing.T) {
			if name == "two chars swapped" && body[0] == body[1] {
				t.Skip("swap is a no-op")
			}
			if name == "body case changed" && swapCase(body) == body {
				t.Skip("body has no letters")
			}
			lookup, err := Parse(tc.in, KindAPI)
			if !errors.Is(err, tc.want) || lookup != "" {
				t.Fatalf("got (%q, %v), want %v", lookup, err, tc.want)
			}
		})
	}
	if _, err := Parse(api, KindRefresh); !errors.Is(err, ErrWrongKind) {
		t.Fatalf("api token as refresh: %v", err)
	}
}

func flipChar(s string, i int) string {
	c := byte('A')
	if s[i] == 'A' {
		c = 'B'
	}
	return s[:i] + string(c) + s[i+1:]
}

func swapCase(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return r - 32
		case r >= 'A' && r <= 'Z':
			return r + 32
		}
		return r
	}, s)
}

func swapAdjacent(s string) string { return string(s[1]) + string(s[0]) + s[2:] }

func TestChecksumKnownValue(t *testing.T) {
	// CRC-32/IEEE("123456789") = 0xCBF43926 = 3421780262, which is "3jZRME" in 6-digit base62 (computed independently with Python zlib).
	if got := checksum("123456789"); got != "3jZRME" {
		t.Fatalf("checksum = %q", got)
	}
	if got := checksum(""); got != "000000" {
		t.Fatalf("checksum of empty = %q", got)
	}
}

func TestEqual(t *testing.T) {
	a, b := mustNew(t, KindAPI), mustNew(t, KindAPI)
	for name, tc := range map[string]struct {
		hash, token string
		want        bool
	}{
		"own hash":         {a.Hash, a.Plaintext, true},
		"other token":      {a.Hash, b.Plaintext, false},
		"upper-case hash":  {strings.ToUpper(a.Hash), a.Plaintext, false},
		"empty hash":       {"", a.Plaintext, false},
		"truncated hash":   {a.Hash[:63], a.Plaintext, false},
		"empty token":      {a.Hash, "", false},
		"hash of empty":    {Hash(""), "", true},
		"token one longer": {a.Hash, a.Plaintext + "x", false},
	} {
		t.Run(name, func(t *testing.T) {
			if got := Equal(tc.hash, tc.token); got != tc.want {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add(mustNew(f, KindAPI).Plaintext)
	f.Add(mustNew(f, KindRefresh).Plaintext)
	f.Add("odk_")
	f.Add("")
	f.Add("odk_" + strings.Repeat("0", bodyLen) + "000000")
	f.Fuzz(func(t *testing.T, s string) {
		for _, k := range []Kind{KindAPI, KindRefresh} {
			lookup, err := Parse(s, k)
			if err != nil {
				if lookup != "" || !(errors.Is(err, ErrMalformed) || errors.Is(err, ErrWrongKind) ||
					errors.Is(err, ErrBadChecksum)) {
					t.Fatalf("Parse(%q) = %q, %v", s, lookup, err)
				}
				continue
			}
			// Anything accepted has the exact shape and a checksum that recomputes.
			if len(s) != Len || !strings.HasPrefix(s, k.Prefix()) || lookup != s[4:4+LookupLen] ||
				checksum(s[:4+bodyLen]) != s[4+bodyLen:] {
				t.Fatalf("Parse accepted %q", s)
			}
		}
	})
}
