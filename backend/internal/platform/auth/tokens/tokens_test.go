package tokens

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

var (
	t0  = time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)
	cfg = Config{Issuer: "https://opsdeck.example", Audience: "opsdeck-api", TTL: 15 * time.Minute, Leeway: 30 * time.Second}
)

func newRing(t testing.TB) *KeyRing {
	t.Helper()
	k, err := NewKey(t0.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewKeyRing(cfg, k)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func sampleClaims() Claims {
	return Claims{
		Subject:  "0190f3a2-7b7c-7cc1-8d6e-5b1c0e4f9a11",
		Org:      "0190f3a2-0000-7000-8000-000000000001",
		Session:  "0190f3a2-1111-7000-8000-000000000002",
		IssuedAt: t0,
		AuthTime: t0.Add(-5 * time.Minute),
		AMR:      []string{AMRPassword, AMROTP},
	}
}

func mustSign(t testing.TB, r *KeyRing, c Claims) string {
	t.Helper()
	s, err := r.Sign(c)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// signRaw signs arbitrary header fields and claims with the ring's active key, to build tokens Sign refuses to make.
func signRaw(t testing.TB, r *KeyRing, header map[string]any, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodEdDSA, claims)
	tok.Header["kid"] = r.ActiveKeyID()
	tok.Header["typ"] = tokenType
	maps.Copy(tok.Header, header)
	for k, v := range header {
		if v == nil {
			delete(tok.Header, k)
		}
	}
	s, err := tok.SignedString(r.keys[r.active].Private)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validMapClaims() jwt.MapClaims {
	return jwt.MapClaims{
		"iss": cfg.Issuer, "aud": cfg.Audience, "sub": "u1", "sid": "s1", "jti": "j1",
		"iat": t0.Unix(), "exp": t0.Add(cfg.TTL).Unix(), "auth_time": t0.Unix(), "amr": []string{"pwd"},
	}
}

func TestSignVerifyRoundTrip(t *testing.T) {
	r := newRing(t)
	in := sampleClaims()
	in.IssuedAt = in.IssuedAt.Add(700 * time.Millisecond) // sub-second part is dropped by the JWT encoding
	s := mustSign(t, r, in)

	got, err := r.Verify(s, t0.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if got.Subject != in.Subject || got.Org != in.Org || got.Session != in.Session || !slices.Equal(got.AMR, in.AMR) {
		t.Fatalf("claims differ: %+v", got)
	}
	if !got.IssuedAt.Equal(t0) || !got.ExpiresAt.Equal(t0.Add(cfg.TTL)) || !got.AuthTime.Equal(in.AuthTime) {
		t.Fatalf("times differ: iat %v exp %v auth %v", got.IssuedAt, got.ExpiresAt, got.AuthTime)
	}
	if len(got.ID) < 16 {
		t.Fatalf("jti %q too short", got.ID)
	}
	if other := mustSign(t, r, in); other == s {
		t.Fatal("two tokens for the same claims must differ (fresh jti)")
	}

	header := decodeSegment(t, s, 0)
	if header["alg"] != "EdDSA" || header["kid"] != r.ActiveKeyID() || header["typ"] != "at+jwt" {
		t.Fatalf("unexpected header %v", header)
	}
	payload := decodeSegment(t, s, 1)
	for _, k := range []string{"iss", "sub", "aud", "exp", "iat", "jti", "org", "sid", "amr", "auth_time"} {
		if _, ok := payload[k]; !ok {
			t.Errorf("payload lacks %q", k)
		}
	}
}

func TestOrgIsOptional(t *testing.T) {
	r := newRing(t)
	c := sampleClaims()
	c.Org = ""
	got, err := r.Verify(mustSign(t, r, c), t0)
	if err != nil || got.Org != "" {
		t.Fatalf("got %+v, %v", got, err)
	}
	if _, present := decodeSegment(t, mustSign(t, r, c), 1)["org"]; present {
		t.Fatal("empty org should be omitted")
	}
}

func decodeSegment(t *testing.T, tok string, i int) map[string]any {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(strings.Split(tok, ".")[i])
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]any{}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func encodeSegment(v any) string {
	b, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(b)
}

func TestVerifyRejectsTampering(t *testing.T) {
	r := newRing(t)
	other := newRing(t)
	good := mustSign(t, r, sampleClaims())
	parts := strings.Split(good, ".")
	pub := r.keys[r.active].Public

	forgedPayload := decodeSegment(t, good, 1)
	forgedPayload["sub"] = "someone-else"
	header := decodeSegment(t, good, 0)
	withKid := func(kid string) string {
		h := maps.Clone(header)
		h["kid"] = kid
		return encodeSegment(h)
	}

	hs256 := jwt.NewWithClaims(jwt.SigningMethodHS256, validMapClaims())
	hs256.Header["kid"] = r.ActiveKeyID()
	hs256.Header["typ"] = tokenType
	hsToken, err := hs256.SignedString([]byte(pub))
	if err != nil {
		t.Fatal(err)
	}
	hsToken2, err := hs256.SignedString([]byte(base64.RawURLEncoding.EncodeToString(pub)))
	if err != nil {
		t.Fatal(err)
	}
	noneHeader := encodeSegment(map[string]any{"alg": "none", "typ": tokenType, "kid": r.ActiveKeyID()})
	noneToken := noneHeader + "." + encodeSegment(validMapClaims()) + "."

	cases := map[string]string{
		"payload sub changed":       parts[0] + "." + encodeSegment(forgedPayload) + "." + parts[2],
		"kid of unknown key":        withKid("nope") + "." + parts[1] + "." + parts[2],
		"kid missing":               encodeSegment(map[string]any{"alg": "EdDSA", "typ": tokenType}) + "." + parts[1] + "." + parts[2],
		"empty kid":                 withKid("") + "." + parts[1] + "." + parts[2],
		"kid not a string":          encodeSegment(map[string]any{"alg": "EdDSA", "typ": tokenType, "kid": 7}) + "." + parts[1] + "." + parts[2],
		"signed by another ring":    mustSign(t, other, sampleClaims()),
		"alg none":                  noneToken,
		"alg none, with signature":  noneToken + parts[2],
		"alg NONE":                  strings.Replace(noneToken, noneHeader, encodeSegment(map[string]any{"alg": "NONE", "typ": tokenType, "kid": r.ActiveKeyID()}), 1),
		"HS256 with public key":     hsToken,
		"HS256 with b64 public key": hsToken2,
		"signature removed":         parts[0] + "." + parts[1] + ".",
		"signature truncated":       parts[0] + "." + parts[1] + "." + parts[2][:len(parts[2])-4],
		"segments swapped":          parts[1] + "." + parts[0] + "." + parts[2],
		"only two segments":         parts[0] + "." + parts[1],
		"four segments":             good + ".x",
		"empty":                     "",
		"garbage":                   "not.a.jwt",
		"padded signature":          good + "==",
		"too long":                  good + strings.Repeat("A", maxTokenLen),
	}
	for name, tok := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := r.Verify(tok, t0)
			if !errors.Is(err, ErrInvalid) || errors.Is(err, ErrExpired) {
				t.Fatalf("got %v, want ErrInvalid", err)
			}
		})
	}
	if _, err := r.Verify(withKid("nope")+"."+parts[1]+"."+parts[2], t0); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("unknown kid should be reported as ErrUnknownKey, got %v", err)
	}
	if _, err := r.Verify(good, t0); err != nil {
		t.Fatalf("the untampered token must still verify: %v", err)
	}
}

func TestVerifyRejectsEverySingleByteFlip(t *testing.T) {
	r := newRing(t)
	good := mustSign(t, r, sampleClaims())
	for i := range len(good) {
		if good[i] == '.' {
			continue
		}
		b := []byte(good)
		// Swap to another base64url character so the segment still decodes: the signature has to catch it.
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		if _, err := r.Verify(string(b), t0); !errors.Is(err, ErrInvalid) {
			t.Fatalf("flipping byte %d (%q) was accepted", i, good[i])
		}
	}
}

func TestVerifyRejectsNonCanonicalSignatureEncoding(t *testing.T) {
	// The 64-byte signature is 86 base64url characters; the last one carries 2 signature bits and 4 unused bits.
	// Setting an unused bit yields a different string that a lenient decoder maps to the same signature, so a token
	// would have several valid spellings (bad for jti/replay bookkeeping and token denylists).
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	r := newRing(t)
	good := mustSign(t, r, sampleClaims())
	last := strings.IndexByte(alphabet, good[len(good)-1])
	if last%16 != 0 {
		t.Fatalf("signature's last character %q has unused bits set", good[len(good)-1])
	}
	forged := good[:len(good)-1] + string(alphabet[last+1])
	if _, err := r.Verify(forged, t0); !errors.Is(err, ErrInvalid) {
		t.Fatalf("non-canonical encoding accepted: %v", err)
	}
}

func TestVerifyRejectsMissingOrWrongClaims(t *testing.T) {
	r := newRing(t)
	without := func(k string) jwt.MapClaims { c := validMapClaims(); delete(c, k); return c }
	with := func(k string, v any) jwt.MapClaims { c := validMapClaims(); c[k] = v; return c }
	for name, tc := range map[string]struct {
		header map[string]any
		claims jwt.MapClaims
	}{
		"no exp":           {nil, without("exp")},
		"no iat":           {nil, without("iat")},
		"no sub":           {nil, without("sub")},
		"no sid":           {nil, without("sid")},
		"no jti":           {nil, without("jti")},
		"no amr":           {nil, without("amr")},
		"empty amr":        {nil, with("amr", []string{})},
		"no auth_time":     {nil, without("auth_time")},
		"no iss":           {nil, without("iss")},
		"no aud":           {nil, without("aud")},
		"wrong iss":        {nil, with("iss", "https://evil.example")},
		"wrong aud":        {nil, with("aud", "other-api")},
		"aud list without": {nil, with("aud", []string{"a", "b"})},
		"iat in future":    {nil, with("iat", t0.Add(time.Minute).Unix())},
		"nbf in future":    {nil, with("nbf", t0.Add(time.Minute).Unix())},
		"exp as string":    {nil, with("exp", "tomorrow")},
		"sid not string":   {nil, with("sid", 7)},
		"typ missing":      {map[string]any{"typ": nil}, validMapClaims()},
		"typ JWT":          {map[string]any{"typ": "JWT"}, validMapClaims()},
		"typ refresh":      {map[string]any{"typ": "rt+jwt"}, validMapClaims()},
		"typ not string":   {map[string]any{"typ": 1}, validMapClaims()},
		"expired and bad aud": {nil, func() jwt.MapClaims {
			c := with("aud", "other-api")
			c["exp"] = t0.Add(-time.Hour).Unix()
			return c
		}()},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := r.Verify(signRaw(t, r, tc.header, tc.claims), t0)
			if !errors.Is(err, ErrInvalid) || errors.Is(err, ErrExpired) {
				t.Fatalf("got %v, want ErrInvalid only", err)
			}
		})
	}
	// The raw signer itself produces acceptable tokens, so the failures above come from the changed claim.
	if _, err := r.Verify(signRaw(t, r, nil, validMapClaims()), t0); err != nil {
		t.Fatalf("baseline raw token rejected: %v", err)
	}
	if _, err := r.Verify(signRaw(t, r, nil, with("aud", []string{"x", cfg.Audience})), t0); err != nil {
		t.Fatalf("audience list containing ours rejected: %v", err)
	}
}

func TestVerifyExpiryAndLeeway(t *testing.T) {
	r := newRing(t)
	s := mustSign(t, r, sampleClaims())
	exp := t0.Add(cfg.TTL)
	for name, tc := range map[string]struct {
		now         time.Time
		wantErr     error
		wantExpired bool
	}{
		"fresh":                     {t0, nil, false},
		"just before exp":           {exp.Add(-time.Second), nil, false},
		"at exp, inside leeway":     {exp, nil, false},
		"leeway nearly used":        {exp.Add(cfg.Leeway - time.Second), nil, false},
		"past leeway":               {exp.Add(cfg.Leeway + time.Second), ErrInvalid, true},
		"long expired":              {exp.Add(24 * time.Hour), ErrInvalid, true},
		"clock behind, in leeway":   {t0.Add(-cfg.Leeway + time.Second), nil, false},
		"clock behind, past leeway": {t0.Add(-cfg.Leeway - time.Second), ErrInvalid, false},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := r.Verify(s, tc.now)
			if !errors.Is(err, tc.wantErr) || errors.Is(err, ErrExpired) != tc.wantExpired {
				t.Fatalf("got %v, want %v (expired=%v)", err, tc.wantErr, tc.wantExpired)
			}
		})
	}
}

func TestRotation(t *testing.T) {
	r := newRing(t)
	oldKid := r.ActiveKeyID()
	before := mustSign(t, r, sampleClaims())

	rotateAt := t0.Add(time.Minute)
	r2, err := r.Rotate(rotateAt)
	if err != nil {
		t.Fatal(err)
	}
	if r2.ActiveKeyID() == oldKid {
		t.Fatal("rotation must change the active key")
	}
	if r.ActiveKeyID() != oldKid || len(r.Keys()) != 1 {
		t.Fatal("Rotate must not modify the original ring")
	}
	keys := r2.Keys()
	if len(keys) != 2 || !keys[0].RetiresAt.Equal(rotateAt.Add(cfg.TTL+cfg.Leeway)) || !keys[1].RetiresAt.IsZero() {
		t.Fatalf("unexpected keys after rotation: %v", keys)
	}

	c := sampleClaims()
	c.IssuedAt = rotateAt
	after := mustSign(t, r2, c)
	if decodeSegment(t, after, 0)["kid"] != r2.ActiveKeyID() {
		t.Fatal("new tokens must carry the new kid")
	}

	retire := keys[0].RetiresAt
	for name, tc := range map[string]struct {
		tok  string
		now  time.Time
		ring *KeyRing
		ok   bool
	}{
		"old token on new ring":              {before, rotateAt, r2, true},
		"new token on new ring":              {after, rotateAt, r2, true},
		"new token on old ring":              {after, rotateAt, r, false},
		"old key just before retiring":       {signWithKeyAt(t, r2, 0, retire.Add(-cfg.TTL)), retire.Add(-time.Second), r2, true},
		"old key at retirement":              {signWithKeyAt(t, r2, 0, retire.Add(-cfg.TTL)), retire, r2, false},
		"old token on pruned ring":           {before, rotateAt, r2.Prune(retire), false},
		"new token on pruned ring":           {after, rotateAt, r2.Prune(retire), true},
		"old token on ring pruned too early": {before, rotateAt, r2.Prune(rotateAt), true},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := tc.ring.Verify(tc.tok, tc.now)
			if (err == nil) != tc.ok {
				t.Fatalf("got %v, want ok=%v", err, tc.ok)
			}
		})
	}

	if n := len(r2.Prune(retire.Add(-time.Second)).Keys()); n != 2 {
		t.Fatalf("prune before retirement kept %d keys, want 2", n)
	}
	pruned := r2.Prune(retire)
	if ks := pruned.Keys(); len(ks) != 1 || ks[0].ID != r2.ActiveKeyID() || pruned.ActiveKeyID() != r2.ActiveKeyID() {
		t.Fatalf("prune kept %v", ks)
	}
	// Many rotations later the active key is still never pruned.
	ring := r2
	for i := range 5 {
		if ring, err = ring.Rotate(rotateAt.Add(time.Duration(i+1) * time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	final := ring.Prune(rotateAt.Add(100 * time.Hour))
	if len(final.Keys()) != 1 || final.ActiveKeyID() != ring.ActiveKeyID() {
		t.Fatal("prune must keep exactly the active key once all others retired")
	}
	if _, err := NewKeyRing(cfg, ring.Keys()...); err != nil {
		t.Fatalf("a rotated ring must reload from its keys: %v", err)
	}
}

// signWithKeyAt signs a token issued at iat with the ring's key number i, as the old instance would have just
// before rotation.
func signWithKeyAt(t *testing.T, r *KeyRing, i int, iat time.Time) string {
	t.Helper()
	c := validMapClaims()
	c["iat"], c["auth_time"], c["exp"] = iat.Unix(), iat.Unix(), iat.Add(cfg.TTL).Unix()
	tok := jwt.NewWithClaims(jwt.SigningMethodEdDSA, c)
	tok.Header["kid"], tok.Header["typ"] = r.keys[i].ID, tokenType
	s, err := tok.SignedString(r.keys[i].Private)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestNewKeyRingRejects(t *testing.T) {
	k1, _ := NewKey(t0)
	k2, _ := NewKey(t0.Add(time.Second))
	retired := k2
	retired.RetiresAt = t0.Add(time.Hour)
	badPub := k1
	badPub.Public = k2.Public
	badID := k1
	badID.ID = k2.ID
	noCreated := k1
	noCreated.Created = time.Time{}
	shortKey := k1
	shortKey.Private = k1.Private[:32]
	for name, tc := range map[string]struct {
		cfg  Config
		keys []Key
		want error
	}{
		"no keys":            {cfg, nil, ErrNoActiveKey},
		"two active":         {cfg, []Key{k1, k2}, ErrNoActiveKey},
		"only retiring":      {cfg, []Key{retired}, ErrNoActiveKey},
		"duplicate":          {cfg, []Key{k1, k1}, ErrInvalidKey},
		"public mismatch":    {cfg, []Key{badPub}, ErrInvalidKey},
		"kid mismatch":       {cfg, []Key{badID}, ErrInvalidKey},
		"no created":         {cfg, []Key{noCreated}, ErrInvalidKey},
		"short private":      {cfg, []Key{shortKey}, ErrInvalidKey},
		"no issuer":          {Config{Audience: "a", TTL: time.Minute}, []Key{k1}, ErrConfig},
		"no audience":        {Config{Issuer: "i", TTL: time.Minute}, []Key{k1}, ErrConfig},
		"no ttl":             {Config{Issuer: "i", Audience: "a"}, []Key{k1}, ErrConfig},
		"leeway over 30s":    {Config{Issuer: "i", Audience: "a", TTL: time.Minute, Leeway: 31 * time.Second}, []Key{k1}, ErrConfig},
		"negative leeway":    {Config{Issuer: "i", Audience: "a", TTL: time.Minute, Leeway: -1}, []Key{k1}, ErrConfig},
		"active and retired": {cfg, []Key{retired, k1}, nil},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := NewKeyRing(tc.cfg, tc.keys...)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

func TestSignRejects(t *testing.T) {
	r := newRing(t)
	mod := func(f func(*Claims)) Claims { c := sampleClaims(); f(&c); return c }
	for name, c := range map[string]Claims{
		"no subject":         mod(func(c *Claims) { c.Subject = "" }),
		"no session":         mod(func(c *Claims) { c.Session = "" }),
		"no issued at":       mod(func(c *Claims) { c.IssuedAt = time.Time{} }),
		"no auth time":       mod(func(c *Claims) { c.AuthTime = time.Time{} }),
		"auth after issue":   mod(func(c *Claims) { c.AuthTime = c.IssuedAt.Add(time.Second) }),
		"no amr":             mod(func(c *Claims) { c.AMR = nil }),
		"unknown amr":        mod(func(c *Claims) { c.AMR = []string{"pwd", "sms"} }),
		"expires before iat": mod(func(c *Claims) { c.ExpiresAt = c.IssuedAt.Add(-time.Second) }),
		"expires at iat":     mod(func(c *Claims) { c.ExpiresAt = c.IssuedAt }),
	} {
		t.Run(name, func(t *testing.T) {
			if s, err := r.Sign(c); !errors.Is(err, ErrInvalidClaims) || s != "" {
				t.Fatalf("got (%q, %v), want ErrInvalidClaims", s, err)
			}
		})
	}
	c := sampleClaims()
	c.ExpiresAt = c.IssuedAt.Add(time.Minute)
	c.ID = "fixed-id"
	got, err := r.Verify(mustSign(t, r, c), t0)
	if err != nil || !got.ExpiresAt.Equal(c.ExpiresAt) || got.ID != "fixed-id" {
		t.Fatalf("explicit exp and jti must be kept: %+v %v", got, err)
	}
}

func TestKeySerialisation(t *testing.T) {
	k, err := NewKey(t0)
	if err != nil {
		t.Fatal(err)
	}
	k.RetiresAt = t0.Add(time.Hour)
	data, err := k.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	back, err := UnmarshalKey(data)
	if err != nil {
		t.Fatal(err)
	}
	if back.ID != k.ID || !back.Private.Equal(k.Private) || !back.Public.Equal(k.Public) ||
		!back.Created.Equal(k.Created) || !back.RetiresAt.Equal(k.RetiresAt) {
		t.Fatalf("round trip changed the key: %v vs %v", back, k)
	}

	active, _ := NewKey(t0)
	data2, _ := active.MarshalBinary()
	if bytes.Contains(data2, []byte("retires_at")) {
		t.Fatal("an active key should not store a retirement time")
	}
	if back2, err := UnmarshalKey(data2); err != nil || !back2.RetiresAt.IsZero() {
		t.Fatalf("active key round trip: %v %v", back2, err)
	}

	var m map[string]any
	_ = json.Unmarshal(data, &m)
	corrupt := func(f func(map[string]any)) []byte {
		c := maps.Clone(m)
		f(c)
		b, _ := json.Marshal(c)
		return b
	}
	other, _ := NewKey(t0)
	otherData, _ := other.MarshalBinary()
	var om map[string]any
	_ = json.Unmarshal(otherData, &om)
	for name, in := range map[string][]byte{
		"empty":        nil,
		"not json":     []byte("{"),
		"version 2":    corrupt(func(c map[string]any) { c["v"] = 2 }),
		"no version":   corrupt(func(c map[string]any) { delete(c, "v") }),
		"kid changed":  corrupt(func(c map[string]any) { c["kid"] = other.ID }),
		"seed swapped": corrupt(func(c map[string]any) { c["seed"] = om["seed"] }),
		"short seed":   corrupt(func(c map[string]any) { c["seed"] = base64.StdEncoding.EncodeToString(make([]byte, 16)) }),
		"no seed":      corrupt(func(c map[string]any) { delete(c, "seed") }),
		"no created":   corrupt(func(c map[string]any) { delete(c, "created") }),
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := UnmarshalKey(in); !errors.Is(err, ErrInvalidKey) {
				t.Fatalf("got %v, want ErrInvalidKey", err)
			}
		})
	}
	if _, err := (Key{}).MarshalBinary(); !errors.Is(err, ErrInvalidKey) {
		t.Fatalf("zero key: %v", err)
	}
}

func TestKeyPrintingHidesPrivateKey(t *testing.T) {
	k, _ := NewKey(t0)
	seed := k.Private.Seed()
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		for _, v := range []any{k, []Key{k}, &k} {
			out := fmt.Sprintf(format, v)
			for _, enc := range []string{
				hex.EncodeToString(seed[:8]), base64.StdEncoding.EncodeToString(seed)[:10],
				strings.Trim(fmt.Sprint(seed[:6]), "[]"), strings.TrimPrefix(fmt.Sprintf("%#v", seed[:6]), "[]byte{"),
			} {
				if strings.Contains(out, enc) {
					t.Fatalf("%s of %T prints private key material: %s", format, v, out)
				}
			}
			if !strings.Contains(out, k.ID) {
				t.Fatalf("%s of %T should name the kid: %s", format, v, out)
			}
		}
	}
}

func TestRecentAuthAndAMR(t *testing.T) {
	c := sampleClaims() // authenticated 5 minutes before t0
	for name, tc := range map[string]struct {
		claims Claims
		now    time.Time
		within time.Duration
		want   bool
	}{
		"within":         {c, t0, 10 * time.Minute, true},
		"exactly at":     {c, t0, 5 * time.Minute, true},
		"too old":        {c, t0, 4 * time.Minute, false},
		"no auth time":   {Claims{}, t0, time.Hour, false},
		"zero window":    {c, c.AuthTime, 0, true},
		"clock behind":   {c, c.AuthTime.Add(-time.Second), time.Minute, true},
		"negative limit": {c, t0, -time.Minute, false},
	} {
		t.Run(name, func(t *testing.T) {
			if got := RecentAuth(tc.claims, tc.now, tc.within); got != tc.want {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
	if !c.HasAMR(AMROTP) || c.HasAMR(AMROIDC) {
		t.Fatal("HasAMR wrong")
	}
}

func FuzzVerify(f *testing.F) {
	// Fuzz workers run in separate processes, so the key and token must be the same in each: a fixed seed and jti
	// (Ed25519 signatures are deterministic).
	r, err := NewKeyRing(cfg, keyFromSeed(bytes.Repeat([]byte{7}, 32), t0, time.Time{}))
	if err != nil {
		f.Fatal(err)
	}
	claims := sampleClaims()
	claims.ID = "fuzz-jti"
	good := mustSign(f, r, claims)
	parts := strings.Split(good, ".")
	f.Add(good)
	f.Add(parts[0] + "." + parts[1] + ".")
	f.Add(encodeSegment(map[string]any{"alg": "none"}) + "." + parts[1] + ".")
	f.Add("..")
	f.Add("")
	f.Add(good + "=")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := r.Verify(s, t0)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		// Nothing but the genuine token can verify: any other accepted input would be a forgery.
		if s != good || c.Subject != sampleClaims().Subject {
			t.Fatalf("accepted forged token %q", s)
		}
	})
}

func BenchmarkSign(b *testing.B) {
	r := newRing(b)
	c := sampleClaims()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Sign(c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	r := newRing(b)
	s := mustSign(b, r, sampleClaims())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Verify(s, t0); err != nil {
			b.Fatal(err)
		}
	}
}

func TestRingIsSafeForConcurrentUse(t *testing.T) {
	// Requests verify against a ring while a rotation builds the next one; run with -race.
	r := newRing(t)
	tok := mustSign(t, r, sampleClaims())
	done := make(chan struct{})
	go func() {
		defer close(done)
		next := r
		for i := range 20 {
			var err error
			if next, err = next.Rotate(t0.Add(time.Duration(i) * time.Second)); err != nil {
				t.Error(err)
				return
			}
			_ = next.Prune(t0)
		}
	}()
	for range 200 {
		if _, err := r.Verify(tok, t0); err != nil {
			t.Fatal(err)
		}
		if _, err := r.Sign(sampleClaims()); err != nil {
			t.Fatal(err)
		}
	}
	<-done
}
