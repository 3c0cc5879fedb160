package totp

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

func TestNewRecoveryCodes(t *testing.T) {
	codes, hashes, err := NewRecoveryCodes(DefaultRecoveryCodes)
	if err != nil {
		t.Fatal(err)
	}
	if len(codes) != DefaultRecoveryCodes || len(hashes) != DefaultRecoveryCodes {
		t.Fatalf("got %d codes, %d hashes", len(codes), len(hashes))
	}
	format := regexp.MustCompile(`^[` + recoveryAlphabet + `]{4}-[` + recoveryAlphabet + `]{4}-[` + recoveryAlphabet + `]{4}$`)
	hexHash := regexp.MustCompile(`^[0-9a-f]{64}$`)
	seen := map[string]bool{}
	for i, c := range codes {
		if !format.MatchString(c) {
			t.Errorf("code %q has the wrong format", c)
		}
		if !hexHash.MatchString(hashes[i]) || strings.Contains(hashes[i], strings.ReplaceAll(c, "-", "")) {
			t.Errorf("hash %q is not a SHA-256 hex digest of the code", hashes[i])
		}
		if seen[c] {
			t.Errorf("duplicate code %q", c)
		}
		seen[c] = true
		if idx, ok := MatchRecoveryCode(c, hashes); !ok || idx != i {
			t.Errorf("code %d matched at %d, %v", i, idx, ok)
		}
	}
}

func TestRecoveryAlphabetIsUnambiguousAndFullyUsed(t *testing.T) {
	if strings.ContainsAny(recoveryAlphabet, "01iloIO") {
		t.Fatal("alphabet contains easily confused characters")
	}
	// 100 codes × 12 characters: every one of the 31 symbols should show up; a biased or truncated draw would not.
	codes, _, err := NewRecoveryCodes(MaxRecoveryCodes)
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(codes, "")
	for _, r := range recoveryAlphabet {
		if !strings.ContainsRune(all, r) {
			t.Errorf("symbol %q never drawn", r)
		}
	}
}

func TestNewRecoveryCodesCount(t *testing.T) {
	for _, n := range []int{-1, 0, MaxRecoveryCodes + 1} {
		if _, _, err := NewRecoveryCodes(n); !errors.Is(err, ErrRecoveryCount) {
			t.Errorf("n=%d: got %v, want ErrRecoveryCount", n, err)
		}
	}
	if c, h, err := NewRecoveryCodes(1); err != nil || len(c) != 1 || len(h) != 1 {
		t.Fatalf("n=1: %v", err)
	}
}

func TestMatchRecoveryCode(t *testing.T) {
	codes, hashes, err := NewRecoveryCodes(5)
	if err != nil {
		t.Fatal(err)
	}
	c := codes[3]
	other, _, _ := NewRecoveryCodes(1)
	consumed := append([]string(nil), hashes...)
	consumed[3] = ""
	for name, tc := range map[string]struct {
		code    string
		hashes  []string
		wantIdx int
		wantOK  bool
	}{
		"as shown":         {c, hashes, 3, true},
		"upper case":       {strings.ToUpper(c), hashes, 3, true},
		"no dashes":        {strings.ReplaceAll(c, "-", ""), hashes, 3, true},
		"spaces":           {" " + strings.ReplaceAll(c, "-", " ") + " ", hashes, 3, true},
		"extra dashes":     {strings.ReplaceAll(c, "", "-"), hashes, 3, true},
		"consumed":         {c, consumed, -1, false},
		"unknown code":     {other[0], hashes, -1, false},
		"one char off":     {c[:len(c)-1] + flip(c[len(c)-1]), hashes, -1, false},
		"truncated":        {c[:len(c)-1], hashes, -1, false},
		"too long":         {c + "a", hashes, -1, false},
		"outside alphabet": {"0000-0000-0000", hashes, -1, false},
		"empty":            {"", hashes, -1, false},
		"no hashes":        {c, nil, -1, false},
		"hash as code":     {hashes[3], hashes, -1, false},
		"duplicate hash":   {c, append([]string{hashes[0]}, hashes[3], hashes[3]), 1, true},
	} {
		t.Run(name, func(t *testing.T) {
			idx, ok := MatchRecoveryCode(tc.code, tc.hashes)
			if idx != tc.wantIdx || ok != tc.wantOK {
				t.Fatalf("got (%d, %v), want (%d, %v)", idx, ok, tc.wantIdx, tc.wantOK)
			}
		})
	}
}

func flip(b byte) string {
	if b == 'a' {
		return "b"
	}
	return "a"
}

func FuzzMatchRecoveryCode(f *testing.F) {
	// Fixed codes: fuzz workers run in separate processes and must see the same hashes as the seed corpus.
	codes := []string{"abcd-efgh-jkmn", "pqrs-tuvw-xyz2", "3456-789a-bcde"}
	hashes := make([]string, len(codes))
	for i, c := range codes {
		hashes[i] = hashRecovery(strings.ReplaceAll(c, "-", ""))
	}
	for _, c := range codes {
		f.Add(c)
	}
	f.Add("")
	f.Add("----")
	f.Add("ABCD EFGH JKMN")
	f.Fuzz(func(t *testing.T, s string) {
		idx, ok := MatchRecoveryCode(s, hashes)
		if !ok {
			if idx != -1 {
				t.Fatal("index without a match")
			}
			return
		}
		canon := strings.ToLower(strings.NewReplacer("-", "", " ", "").Replace(s))
		if canon != strings.ReplaceAll(codes[idx], "-", "") {
			t.Fatalf("%q matched code %d (%q)", s, idx, codes[idx])
		}
	})
}
