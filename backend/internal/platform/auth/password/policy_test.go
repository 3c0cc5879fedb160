package password

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestPolicyCheck(t *testing.T) {
	pol := DefaultPolicy()
	jane := Account{Email: "Jane.Doe+work@example.com", Name: "Jane Mary Doe-Smithers"}
	for name, tc := range map[string]struct {
		pw   string
		acct Account
		want []Reason // nil: accepted
	}{
		"good passphrase":         {"orbit velvet canyon lamp", jane, nil},
		"exactly 12":              {"zq8#Lw2!vR4p", jane, nil},
		"11 chars":                {"zq8#Lw2!vR4", jane, []Reason{ReasonTooShort}},
		"12 runes, more bytes":    {"ééééééééééé1", jane, nil},
		"11 runes, many bytes":    {"éééééééééé1", jane, []Reason{ReasonTooShort}},
		"empty":                   {"", jane, []Reason{ReasonTooShort}},
		"256 bytes":               {strings.Repeat("xq7", 85) + "a", jane, nil},
		"257 bytes":               {strings.Repeat("xq7", 85) + "ab", jane, []Reason{ReasonTooLong}},
		"129 two-byte runes":      {strings.Repeat("é", 129), jane, []Reason{ReasonTooLong}},
		"common, long enough":     {"qwerty123456", jane, []Reason{ReasonCommon}},
		"common, any case":        {"QwErTy123456", jane, []Reason{ReasonCommon}},
		"common and short":        {"password", jane, []Reason{ReasonTooShort, ReasonCommon}},
		"common + digits":         {"sunshine2024!!", jane, []Reason{ReasonCommon}},
		"digits + common":         {"2024!!sunshine", jane, []Reason{ReasonCommon}},
		"common repeated":         {"monkeymonkey", jane, []Reason{ReasonCommon}},
		"common repeated + digit": {"dragondragon1", jane, []Reason{ReasonCommon}},
		"digits repeated":         {"258025802580", jane, []Reason{ReasonCommon}},
		"common inside words":     {"my sunshine is yellow", jane, nil},
		"email local part":        {"jane.doe-rocks-9", jane, []Reason{ReasonContainsEmail, ReasonContainsName}},
		"email part, upper":       {"xxDOExxSMITHxxJANExx", jane, []Reason{ReasonContainsEmail, ReasonContainsName}},
		"email +tag ignored":      {"my workwork tag!", Account{Email: "zed+workwork@example.com"}, nil},
		"name part only":          {"mary had a little lamb", jane, []Reason{ReasonContainsName}},
		"name joined":             {"zz annlee zz 99", Account{Name: "Ann Lee"}, []Reason{ReasonContainsName}},
		"short name part ignored": {"the bobcat prowls", Account{Name: "Bob Li"}, nil},
		"short name ignored":      {"relisting sentences", Account{Name: "Li"}, nil},
		"email without at":        {"hello jdoe77 there", Account{Email: "jdoe77"}, []Reason{ReasonContainsEmail}},
		"no context given":        {"orbit velvet canyon lamp", Account{}, nil},
		"decomposed name matches": {"xx jose\u0301 xx rocks", Account{Name: "José"}, []Reason{ReasonContainsName}},
		"all at once":             {"Jane1", jane, []Reason{ReasonTooShort, ReasonCommon, ReasonContainsEmail, ReasonContainsName}},
	} {
		t.Run(name, func(t *testing.T) {
			err := pol.Check(tc.pw, tc.acct)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("want accepted, got %v", err)
				}
				return
			}
			var pe *PolicyError
			if !errors.As(err, &pe) || !errors.Is(err, ErrPolicy) {
				t.Fatalf("want *PolicyError, got %v", err)
			}
			if !slices.Equal(pe.Reasons, tc.want) {
				t.Fatalf("reasons %v, want %v", pe.Reasons, tc.want)
			}
		})
	}
}

func TestPolicyHistory(t *testing.T) {
	history := []string{
		mustHash(t, "newest password one", cheap),
		mustHash(t, "middle password two", cheap),
		mustHash(t, "oldest password three", cheap),
	}
	for name, tc := range map[string]struct {
		pw      string
		depth   int
		wantErr error
	}{
		"newest reused":        {"newest password one", 5, ErrPolicy},
		"middle reused":        {"middle password two", 5, ErrPolicy},
		"oldest reused":        {"oldest password three", 3, ErrPolicy},
		"beyond depth is fine": {"oldest password three", 2, nil},
		"depth zero disables":  {"newest password one", 0, nil},
		"fresh password":       {"a brand new secret", 5, nil},
		"depth one, newest":    {"newest password one", 1, ErrPolicy},
	} {
		t.Run(name, func(t *testing.T) {
			pol := DefaultPolicy()
			pol.History = tc.depth
			err := pol.Check(tc.pw, Account{PreviousHashes: history})
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("got %v, want %v", err, tc.wantErr)
			}
			if tc.wantErr != nil {
				var pe *PolicyError
				if !errors.As(err, &pe) || !pe.Has(ReasonReused) {
					t.Fatalf("want reason %q, got %v", ReasonReused, err)
				}
			}
		})
	}
}

func TestPolicyHistorySkippedWhenCheapChecksFail(t *testing.T) {
	// A corrupt history hash would be an error if it were read; a password already refused must not read it.
	err := DefaultPolicy().Check("zq8#Lw", Account{PreviousHashes: []string{"corrupt"}})
	var pe *PolicyError
	if !errors.As(err, &pe) || !slices.Equal(pe.Reasons, []Reason{ReasonTooShort}) {
		t.Fatalf("got %v", err)
	}
}

func TestPolicyCorruptHistoryIsAnError(t *testing.T) {
	err := DefaultPolicy().Check("orbit velvet canyon lamp", Account{PreviousHashes: []string{"corrupt"}})
	if !errors.Is(err, ErrMalformedHash) || errors.Is(err, ErrPolicy) {
		t.Fatalf("got %v, want ErrMalformedHash and not a policy refusal", err)
	}
	if strings.Contains(err.Error(), "orbit") {
		t.Fatal("error must not contain the password")
	}
}

func TestCommonListEmbedded(t *testing.T) {
	set := commonPasswords()
	if n := len(set); n < 10000 || n > 11000 {
		t.Fatalf("common list has %d entries, want about 10,000", n)
	}
	for _, pw := range []string{"123456", "password", "qwerty", "iloveyou", "trustno1", "1qaz2wsx3edc"} {
		if _, ok := set[pw]; !ok {
			t.Errorf("%q missing from common list", pw)
		}
	}
	for pw := range set {
		if pw != strings.ToLower(pw) || strings.TrimSpace(pw) != pw || strings.HasPrefix(pw, "#") {
			t.Fatalf("entry %q is not normalised", pw)
		}
	}
}

func TestPolicyErrorMessageHasNoPassword(t *testing.T) {
	err := DefaultPolicy().Check("qwerty123456", Account{})
	if err == nil || strings.Contains(err.Error(), "qwerty") {
		t.Fatalf("got %v", err)
	}
}

func TestRepeatedUnit(t *testing.T) {
	for in, want := range map[string]string{
		"abcabc": "abc", "aaaa": "a", "abcab": "", "": "", "a": "", "abab ab": "", "xyxyxy": "xy",
	} {
		if got := repeatedUnit(in); got != want {
			t.Errorf("repeatedUnit(%q) = %q, want %q", in, got, want)
		}
	}
}
