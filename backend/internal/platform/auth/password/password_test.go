package password

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// cheap keeps unit tests fast; the real parameters are exercised by TestDefaultParamsFormat and the benchmarks.
var cheap = Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}

func mustHash(t testing.TB, pw string, p Params) string {
	t.Helper()
	h, err := Hash(pw, p)
	if err != nil {
		t.Fatalf("Hash: %v", err)
	}
	return h
}

func TestDefaultParamsFormat(t *testing.T) {
	h := mustHash(t, "correct horse battery staple", DefaultParams())
	re := regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)
	if !re.MatchString(h) {
		t.Fatalf("hash %q is not the expected PHC form", h)
	}
	ok, rehash, err := Verify("correct horse battery staple", h, DefaultParams())
	if err != nil || !ok || rehash {
		t.Fatalf("Verify = %v, %v, %v; want true, false, nil", ok, rehash, err)
	}
}

// Hashes produced by the reference implementation (Debian's argon2 CLI, libargon2 20171227) prove the encoding and
// parameter handling interoperate, not merely round-trip through our own code.
func TestReferenceVectors(t *testing.T) {
	for _, tc := range []struct{ pw, hash string }{
		{"correct horse battery staple",
			"$argon2id$v=19$m=1024,t=2,p=1$c29tZXNhbHRTT01FU0FMVA$wa2IE7/nxMwV9Df30Jz78fmOXU1/luRyCvkoAYDO72s"},
		{"Pässwörd ñ 12", "$argon2id$v=19$m=64,t=1,p=2$MDEyMzQ1Njc4OWFiY2RlZg$t7OqWA6W3kPAU5VcAKFXfg"},
	} {
		ok, _, err := Verify(tc.pw, tc.hash, DefaultParams())
		if err != nil || !ok {
			t.Errorf("Verify(%q) = %v, %v; want match", tc.pw, ok, err)
		}
		ok, _, err = Verify(tc.pw+"x", tc.hash, DefaultParams())
		if err != nil || ok {
			t.Errorf("Verify(%q+x) = %v, %v; want mismatch", tc.pw, ok, err)
		}
	}
}

func TestUnicodeNormalisation(t *testing.T) {
	precomposed := "Pässwörd ñ 12"                    // U+00E4, U+00F6, U+00F1
	decomposed := "Pa\u0308sswo\u0308rd n\u0303 12"   // base letters + combining marks
	fullwidth := "\uff30\uff41\uff53\uff53 word 1234" // "Ｐａｓｓ" in full-width forms
	if precomposed == decomposed {
		t.Fatal("test strings must differ byte-wise")
	}
	h := mustHash(t, precomposed, cheap)
	if ok, _, _ := Verify(decomposed, h, cheap); !ok {
		t.Fatal("decomposed form of the same password must verify")
	}
	h2 := mustHash(t, fullwidth, cheap)
	if ok, _, _ := Verify("Pass word 1234", h2, cheap); !ok {
		t.Fatal("NFKC must fold full-width letters")
	}
	if ok, _, _ := Verify("pass word 1234", h2, cheap); ok {
		t.Fatal("normalisation must not fold case")
	}
}

func TestVerify(t *testing.T) {
	h := mustHash(t, "the right one!", cheap)
	stronger := cheap
	stronger.Iterations = 2
	longerKey := cheap
	longerKey.KeyLen = 64
	for name, tc := range map[string]struct {
		pw             string
		current        Params
		wantOK, rehash bool
	}{
		"match":                      {"the right one!", cheap, true, false},
		"wrong":                      {"the wrong one!", cheap, false, false},
		"case differs":               {"The right one!", cheap, false, false},
		"empty":                      {"", cheap, false, false},
		"prefix":                     {"the right one", cheap, false, false},
		"params raised":              {"the right one!", stronger, true, true},
		"key length raised":          {"the right one!", longerKey, true, true},
		"params raised, wrong pw":    {"nope", stronger, false, false},
		"over-long input mismatches": {strings.Repeat("a", MaxInputBytes+1), cheap, false, false},
	} {
		t.Run(name, func(t *testing.T) {
			ok, rehash, err := Verify(tc.pw, h, tc.current)
			if err != nil {
				t.Fatal(err)
			}
			if ok != tc.wantOK || rehash != tc.rehash {
				t.Fatalf("got ok=%v rehash=%v, want ok=%v rehash=%v", ok, rehash, tc.wantOK, tc.rehash)
			}
		})
	}
}

func TestHashIsSalted(t *testing.T) {
	a, b := mustHash(t, "same password here", cheap), mustHash(t, "same password here", cheap)
	if a == b {
		t.Fatal("two hashes of one password must differ (random salt)")
	}
}

func TestHashRejects(t *testing.T) {
	bad := func(mod func(*Params)) Params { p := cheap; mod(&p); return p }
	for name, tc := range map[string]struct {
		pw   string
		p    Params
		want error
	}{
		"zero params":       {"x", Params{}, ErrInvalidParams},
		"zero parallelism":  {"x", bad(func(p *Params) { p.Parallelism = 0 }), ErrInvalidParams},
		"too much memory":   {"x", bad(func(p *Params) { p.Memory = MaxMemoryKiB + 1 }), ErrInvalidParams},
		"memory below lane": {"x", bad(func(p *Params) { p.Parallelism = 4; p.Memory = 31 }), ErrInvalidParams},
		"short salt":        {"x", bad(func(p *Params) { p.SaltLen = 7 }), ErrInvalidParams},
		"short key":         {"x", bad(func(p *Params) { p.KeyLen = 15 }), ErrInvalidParams},
		"too long input":    {strings.Repeat("a", MaxInputBytes+1), cheap, ErrTooLong},
	} {
		t.Run(name, func(t *testing.T) {
			h, err := Hash(tc.pw, tc.p)
			if !errors.Is(err, tc.want) || h != "" {
				t.Fatalf("got (%q, %v), want %v", h, err, tc.want)
			}
		})
	}
}

func TestVerifyRejectsMalformedHashes(t *testing.T) {
	good := mustHash(t, "password", cheap)
	f := strings.Split(good, "$")
	join := func(parts ...string) string { return strings.Join(parts, "$") }
	for name, tc := range map[string]struct {
		hash string
		want error
	}{
		"empty":              {"", ErrMalformedHash},
		"argon2i":            {join("", "argon2i", f[2], f[3], f[4], f[5]), ErrMalformedHash},
		"argon2d":            {join("", "argon2d", f[2], f[3], f[4], f[5]), ErrMalformedHash},
		"bcrypt":             {"$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", ErrMalformedHash},
		"old version":        {join("", "argon2id", "v=16", f[3], f[4], f[5]), ErrMalformedHash},
		"missing version":    {join("", "argon2id", f[3], f[4], f[5]), ErrMalformedHash},
		"params reordered":   {join("", "argon2id", f[2], "t=1,m=64,p=1", f[4], f[5]), ErrMalformedHash},
		"param missing":      {join("", "argon2id", f[2], "m=64,t=1", f[4], f[5]), ErrMalformedHash},
		"extra param":        {join("", "argon2id", f[2], "m=64,t=1,p=1,k=2", f[4], f[5]), ErrMalformedHash},
		"leading zero":       {join("", "argon2id", f[2], "m=064,t=1,p=1", f[4], f[5]), ErrMalformedHash},
		"sign":               {join("", "argon2id", f[2], "m=+64,t=1,p=1", f[4], f[5]), ErrMalformedHash},
		"negative":           {join("", "argon2id", f[2], "m=-64,t=1,p=1", f[4], f[5]), ErrMalformedHash},
		"overflow":           {join("", "argon2id", f[2], "m=4294967296,t=1,p=1", f[4], f[5]), ErrMalformedHash},
		"huge memory":        {join("", "argon2id", f[2], "m=4294967295,t=1,p=1", f[4], f[5]), ErrInvalidParams},
		"huge iterations":    {join("", "argon2id", f[2], "m=64,t=100000,p=1", f[4], f[5]), ErrInvalidParams},
		"huge parallelism":   {join("", "argon2id", f[2], "m=64,t=1,p=256", f[4], f[5]), ErrInvalidParams},
		"zero iterations":    {join("", "argon2id", f[2], "m=64,t=0,p=1", f[4], f[5]), ErrInvalidParams},
		"padded salt":        {join("", "argon2id", f[2], f[3], f[4]+"==", f[5]), ErrMalformedHash},
		"url-safe base64":    {join("", "argon2id", f[2], f[3], strings.Repeat("_", 22), f[5]), ErrMalformedHash},
		"salt too short":     {join("", "argon2id", f[2], f[3], "c2FsdA", f[5]), ErrInvalidParams},
		"key too short":      {join("", "argon2id", f[2], f[3], f[4], "a2V5"), ErrInvalidParams},
		"empty key":          {join("", "argon2id", f[2], f[3], f[4], ""), ErrInvalidParams},
		"trailing field":     {good + "$", ErrMalformedHash},
		"leading garbage":    {"x" + good, ErrMalformedHash},
		"space after prefix": {join("", "argon2id ", f[2], f[3], f[4], f[5]), ErrMalformedHash},
	} {
		t.Run(name, func(t *testing.T) {
			ok, rehash, err := Verify("password", tc.hash, cheap)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if ok || rehash {
				t.Fatal("a malformed hash must never verify")
			}
		})
	}
}

func TestTamperedHashFails(t *testing.T) {
	h := mustHash(t, "tamper with me please", cheap)
	f := strings.Split(h, "$")
	for _, field := range []int{4, 5} {
		b := []byte(f[field])
		// Change the first character: a different base64 digit changes the decoded bytes without breaking decoding.
		if b[0] == 'A' {
			b[0] = 'B'
		} else {
			b[0] = 'A'
		}
		g := append([]string(nil), f...)
		g[field] = string(b)
		ok, _, err := Verify("tamper with me please", strings.Join(g, "$"), cheap)
		if err != nil || ok {
			t.Errorf("tampered field %d: ok=%v err=%v, want mismatch", field, ok, err)
		}
	}
	// Lowering the cost parameters changes the derived key, so a downgraded hash no longer matches.
	g := append([]string(nil), f...)
	g[3] = "m=64,t=2,p=1"
	if ok, _, err := Verify("tamper with me please", strings.Join(g, "$"), cheap); err != nil || ok {
		t.Fatalf("changed parameters: ok=%v err=%v, want mismatch", ok, err)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(mustHash(f, "seed", cheap))
	f.Add("$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$wa2IE7/nxMwV9Df30Jz78fmOXU1/luRyCvkoAYDO72s")
	f.Add("$argon2id$v=19$m=,t=,p=$$")
	f.Add("$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5")
	f.Add("$$$$$")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		p, salt, key, err := decode(s)
		if err != nil {
			if !errors.Is(err, ErrMalformedHash) && !errors.Is(err, ErrInvalidParams) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if p.validate() != nil {
			t.Fatalf("decode accepted out-of-range params %+v", p)
		}
		// The parser is canonical: what it accepts re-encodes to exactly the same string.
		if got := encode(p, salt, key); got != s {
			t.Fatalf("decode/encode not canonical:\n in  %q\n out %q", s, got)
		}
	})
}

func BenchmarkHash(b *testing.B) {
	p := DefaultParams()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Hash("correct horse battery staple", p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	p := DefaultParams()
	h := mustHash(b, "correct horse battery staple", p)
	b.ReportAllocs()
	for b.Loop() {
		if ok, _, err := Verify("correct horse battery staple", h, p); !ok || err != nil {
			b.Fatal("verify failed")
		}
	}
}

func ExampleVerify() {
	stored, _ := Hash("correct horse battery staple", DefaultParams())
	ok, needsRehash, err := Verify("correct horse battery staple", stored, DefaultParams())
	fmt.Println(ok, needsRehash, err)
	// Output: true false <nil>
}
