package secrets

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

const (
	secretA = "kq3N8vZx1TfR7wLp0sYc5HbJ2mGd9AeQ4uXo6iKl"
	secretB = "Zr7pQ2vN9xLc4TgW1mKs8HbYd3JfA6eU0oIi5RtE"
	secretC = "M1n2B3v4C5x6Z7l8K9j0H1g2F3d4S5a6P7o8I9u0"
)

func mustKeyring(t testing.TB, purpose, current string, previous ...string) *Keyring {
	t.Helper()
	kr, err := NewKeyring(purpose, current, previous...)
	if err != nil {
		t.Fatalf("NewKeyring: %v", err)
	}
	return kr
}

func TestRoundTrip(t *testing.T) {
	kr := mustKeyring(t, "totp-secret", secretA)
	for name, tc := range map[string]struct{ plain, ad []byte }{
		"typical":        {[]byte("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"), []byte("users.totp_secret:42")},
		"empty plain":    {[]byte{}, []byte("row")},
		"nil ad":         {[]byte("x"), nil},
		"binary":         {[]byte{0, 1, 2, 255, 254, 0}, []byte{0}},
		"large":          {bytes.Repeat([]byte("a"), 1<<16), []byte("big")},
		"colon in plain": {[]byte("v1:aaaaaaaa:bbbb"), []byte("x")},
	} {
		t.Run(name, func(t *testing.T) {
			ct, err := kr.Encrypt(tc.plain, tc.ad)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(ct, "v1:"+kr.CurrentKeyID()+":") {
				t.Fatalf("ciphertext %q lacks version and key id", ct)
			}
			if len(tc.plain) >= 4 && strings.Contains(ct, string(tc.plain)) {
				t.Fatal("plaintext visible in ciphertext")
			}
			got, err := kr.Decrypt(ct, tc.ad)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tc.plain) {
				t.Fatalf("got %q, want %q", got, tc.plain)
			}
		})
	}
}

func TestEncryptUsesFreshNonce(t *testing.T) {
	kr := mustKeyring(t, "p", secretA)
	seen := map[string]bool{}
	for range 100 {
		ct, err := kr.Encrypt([]byte("same"), []byte("same"))
		if err != nil {
			t.Fatal(err)
		}
		if seen[ct] {
			t.Fatal("two encryptions of the same plaintext gave the same ciphertext")
		}
		seen[ct] = true
	}
}

func TestKeyDerivationIsDeterministicAndPurposeBound(t *testing.T) {
	a1 := mustKeyring(t, "totp-secret", secretA)
	a2 := mustKeyring(t, "totp-secret", secretA)
	other := mustKeyring(t, "jwt-signing-key", secretA)
	if a1.CurrentKeyID() != a2.CurrentKeyID() {
		t.Fatal("same secret and purpose must give the same key id on every instance")
	}
	if a1.CurrentKeyID() == other.CurrentKeyID() {
		t.Fatal("different purposes must give different keys")
	}
	ct, err := a1.Encrypt([]byte("seed"), []byte("row"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := a2.Decrypt(ct, []byte("row")); err != nil || string(got) != "seed" {
		t.Fatalf("another instance could not decrypt: %q %v", got, err)
	}
	if _, err := other.Decrypt(ct, []byte("row")); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("other purpose: got %v, want ErrUnknownKey", err)
	}
	// Even when the key id is forced to match, the other purpose's key must not open it.
	forged := "v1:" + other.CurrentKeyID() + ":" + strings.SplitN(ct, ":", 3)[2]
	if _, err := other.Decrypt(forged, []byte("row")); !errors.Is(err, ErrDecrypt) {
		t.Fatalf("relabelled ciphertext: got %v, want ErrDecrypt", err)
	}
}

func TestWrongAssociatedData(t *testing.T) {
	kr := mustKeyring(t, "p", secretA)
	ct, err := kr.Encrypt([]byte("secret"), []byte("users:1"))
	if err != nil {
		t.Fatal(err)
	}
	for _, ad := range [][]byte{[]byte("users:2"), []byte("users:1 "), []byte("Users:1"), nil, {}} {
		if _, err := kr.Decrypt(ct, ad); !errors.Is(err, ErrDecrypt) {
			t.Errorf("ad %q: got %v, want ErrDecrypt", ad, err)
		}
	}
}

func TestTamperingEveryByteFails(t *testing.T) {
	kr := mustKeyring(t, "p", secretA)
	ct, err := kr.Encrypt([]byte("top secret value"), []byte("ad"))
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.SplitN(ct, ":", 3)
	raw, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		t.Fatal(err)
	}
	for i := range raw {
		mod := bytes.Clone(raw)
		mod[i] ^= 0x01
		forged := parts[0] + ":" + parts[1] + ":" + base64.RawURLEncoding.EncodeToString(mod)
		if _, err := kr.Decrypt(forged, []byte("ad")); !errors.Is(err, ErrDecrypt) {
			t.Fatalf("flipping byte %d: got %v, want ErrDecrypt", i, err)
		}
	}
}

func TestTruncatedAndMalformed(t *testing.T) {
	kr := mustKeyring(t, "p", secretA)
	ct, err := kr.Encrypt([]byte("value"), nil)
	if err != nil {
		t.Fatal(err)
	}
	kid := kr.CurrentKeyID()
	parts := strings.SplitN(ct, ":", 3)
	raw, _ := base64.RawURLEncoding.DecodeString(parts[2])
	short := "v1:" + kid + ":" + base64.RawURLEncoding.EncodeToString(raw[:12+15])
	for name, tc := range map[string]struct {
		in   string
		want error
	}{
		"empty":               {"", ErrMalformed},
		"no version":          {strings.TrimPrefix(ct, "v1:"), ErrMalformed},
		"future version":      {"v2" + strings.TrimPrefix(ct, "v1"), ErrMalformed},
		"extra field":         {ct + ":x", ErrMalformed},
		"bad base64":          {"v1:" + kid + ":***", ErrMalformed},
		"padded base64":       {ct + "==", ErrMalformed},
		"short kid":           {"v1:abc:" + parts[2], ErrMalformed},
		"non-hex kid":         {"v1:zzzzzzzz:" + parts[2], ErrMalformed},
		"upper-case kid":      {"v1:" + strings.ToUpper(kid) + ":" + parts[2], ErrMalformed},
		"unknown kid":         {"v1:00000000:" + parts[2], ErrUnknownKey},
		"shorter than tag":    {short, ErrMalformed},
		"nonce only":          {"v1:" + kid + ":" + base64.RawURLEncoding.EncodeToString(raw[:12]), ErrMalformed},
		"truncated by 1 byte": {"v1:" + kid + ":" + base64.RawURLEncoding.EncodeToString(raw[:len(raw)-1]), ErrDecrypt},
		"empty payload":       {"v1:" + kid + ":", ErrMalformed},
	} {
		t.Run(name, func(t *testing.T) {
			if kid == "00000000" && name == "unknown kid" {
				t.Skip("astronomically unlikely key id collision")
			}
			got, err := kr.Decrypt(tc.in, nil)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got (%q, %v), want %v", got, err, tc.want)
			}
			if got != nil {
				t.Fatal("plaintext returned with an error")
			}
		})
	}
}

func TestRotation(t *testing.T) {
	old := mustKeyring(t, "p", secretA)
	ctOld, err := old.Encrypt([]byte("old row"), []byte("r1"))
	if err != nil {
		t.Fatal(err)
	}

	rotated := mustKeyring(t, "p", secretB, secretA)
	if rotated.CurrentKeyID() == old.CurrentKeyID() {
		t.Fatal("rotation must change the current key")
	}
	if got, err := rotated.Decrypt(ctOld, []byte("r1")); err != nil || string(got) != "old row" {
		t.Fatalf("previous key must still decrypt: %q %v", got, err)
	}
	if !rotated.NeedsReencrypt(ctOld) {
		t.Fatal("old ciphertext must be flagged for re-encryption")
	}
	ctNew, err := rotated.Encrypt([]byte("new row"), []byte("r2"))
	if err != nil {
		t.Fatal(err)
	}
	if rotated.NeedsReencrypt(ctNew) {
		t.Fatal("new ciphertext must not be flagged")
	}
	if _, err := old.Decrypt(ctNew, []byte("r2")); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("old keyring must not know the new key: %v", err)
	}
	if rotated.NeedsReencrypt("garbage") {
		t.Fatal("malformed input must not be flagged for re-encryption")
	}

	// After the old secret is dropped, its ciphertexts are unreadable: that is the point of finishing a rotation.
	done := mustKeyring(t, "p", secretB)
	if _, err := done.Decrypt(ctOld, []byte("r1")); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("dropped key: got %v, want ErrUnknownKey", err)
	}
}

func TestNewKeyringRejects(t *testing.T) {
	for name, tc := range map[string]struct {
		purpose, current string
		previous         []string
		want             error
	}{
		"no purpose":          {"", secretA, nil, ErrNoPurpose},
		"empty secret":        {"p", "", nil, ErrWeakSecret},
		"short secret":        {"p", secretA[:MinSecretLen-1], nil, ErrWeakSecret},
		"short previous":      {"p", secretA, []string{"short"}, ErrWeakSecret},
		"duplicate":           {"p", secretA, []string{secretC, secretA}, ErrDuplicateKey},
		"duplicate previous":  {"p", secretA, []string{secretC, secretC}, ErrDuplicateKey},
		"exactly min is fine": {"p", secretA[:MinSecretLen], nil, nil},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := NewKeyring(tc.purpose, tc.current, tc.previous...)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

func TestErrorsDoNotLeakSecrets(t *testing.T) {
	_, err := NewKeyring("p", "tooshortsecret")
	if err == nil || strings.Contains(err.Error(), "tooshortsecret") {
		t.Fatalf("error must exist and not echo the secret: %v", err)
	}
}

func FuzzDecrypt(f *testing.F) {
	kr := mustKeyring(f, "fuzz", secretA, secretB)
	valid, err := kr.Encrypt([]byte("hello"), []byte("ad"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid, []byte("ad"))
	f.Add(valid, []byte("other"))
	f.Add("v1:"+kr.CurrentKeyID()+":", []byte(nil))
	f.Add("v1::", []byte(nil))
	f.Add("", []byte(nil))
	f.Add("v1:00000000:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", []byte("x"))
	f.Add(valid[:len(valid)-3], []byte("ad"))
	f.Fuzz(func(t *testing.T, ct string, ad []byte) {
		plain, err := kr.Decrypt(ct, ad)
		if err != nil {
			if plain != nil {
				t.Fatal("plaintext returned with an error")
			}
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrUnknownKey) && !errors.Is(err, ErrDecrypt) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		// A forged input that decrypts would be a break of GCM; the only inputs that decrypt are real ciphertexts of
		// "hello" under "ad". (Not necessarily `valid` itself: fuzz workers run this function in other processes,
		// where Encrypt drew another nonce; the derived key is the same everywhere.)
		if string(ad) != "ad" || string(plain) != "hello" {
			t.Fatalf("unexpected successful decryption of %q", ct)
		}
	})
}

func FuzzRoundTrip(f *testing.F) {
	kr := mustKeyring(f, "fuzz", secretA)
	f.Add([]byte("hello"), []byte("ad"))
	f.Add([]byte{}, []byte{})
	f.Fuzz(func(t *testing.T, plain, ad []byte) {
		ct, err := kr.Encrypt(plain, ad)
		if err != nil {
			t.Fatal(err)
		}
		got, err := kr.Decrypt(ct, ad)
		if err != nil || !bytes.Equal(got, plain) {
			t.Fatalf("round trip failed: %v", err)
		}
	})
}

func BenchmarkEncrypt(b *testing.B) {
	kr := mustKeyring(b, "bench", secretA)
	plain := bytes.Repeat([]byte("s"), 64)
	ad := []byte("users.totp_secret:0190f3a2-7b7c-7cc1-8d6e-5b1c0e4f9a11")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := kr.Encrypt(plain, ad); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecrypt(b *testing.B) {
	kr := mustKeyring(b, "bench", secretA)
	ad := []byte("users.totp_secret:0190f3a2-7b7c-7cc1-8d6e-5b1c0e4f9a11")
	ct, err := kr.Encrypt(bytes.Repeat([]byte("s"), 64), ad)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := kr.Decrypt(ct, ad); err != nil {
			b.Fatal(err)
		}
	}
}
