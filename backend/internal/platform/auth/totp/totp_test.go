package totp

import (
	"bytes"
	"encoding/base32"
	"errors"
	"image/png"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

// rfcSecret is the RFC 6238 appendix B SHA-1 key "12345678901234567890" in base32.
const rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

func TestRFC6238Vectors(t *testing.T) {
	// The RFC lists 8-digit codes; 6-digit codes are their last six digits.
	for _, tc := range []struct {
		unix int64
		code string
	}{
		{59, "287082"},
		{1111111109, "081804"},
		{1111111111, "050471"},
		{1234567890, "005924"},
		{2000000000, "279037"},
		{20000000000, "353130"},
	} {
		now := time.Unix(tc.unix, 0)
		step, ok := Validate(rfcSecret, tc.code, now, 0)
		if !ok || step != tc.unix/30 {
			t.Errorf("t=%d: Validate(%s) = %d, %v; want %d, true", tc.unix, tc.code, step, ok, tc.unix/30)
		}
	}
}

func codeAt(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestValidateWindowAndReplay(t *testing.T) {
	e, err := NewEnrollment("OpsDeck", "jane@example.com")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 1, 12, 0, 15, 0, time.UTC)
	cur := StepAt(now)
	for name, tc := range map[string]struct {
		codeTime time.Time
		lastUsed int64
		wantOK   bool
		wantStep int64
	}{
		"current step":                 {now, 0, true, cur},
		"previous step (skew)":         {now.Add(-30 * time.Second), 0, true, cur - 1},
		"next step (skew)":             {now.Add(30 * time.Second), 0, true, cur + 1},
		"two steps ago":                {now.Add(-60 * time.Second), 0, false, 0},
		"two steps ahead":              {now.Add(60 * time.Second), 0, false, 0},
		"replay of the same step":      {now, cur, false, 0},
		"older than last used":         {now.Add(-30 * time.Second), cur, false, 0},
		"after a previous step's code": {now, cur - 1, true, cur},
		"future step after current":    {now.Add(30 * time.Second), cur, true, cur + 1},
		"last used in the future":      {now, cur + 1, false, 0},
	} {
		t.Run(name, func(t *testing.T) {
			code := codeAt(t, e.Secret, tc.codeTime)
			step, ok := Validate(e.Secret, code, now, tc.lastUsed)
			if ok != tc.wantOK || step != tc.wantStep {
				t.Fatalf("got (%d, %v), want (%d, %v)", step, ok, tc.wantStep, tc.wantOK)
			}
		})
	}
}

func TestValidateSequenceRefusesReuse(t *testing.T) {
	e, err := NewEnrollment("OpsDeck", "jane@example.com")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	code := codeAt(t, e.Secret, now)
	var last int64
	step, ok := Validate(e.Secret, code, now, last)
	if !ok {
		t.Fatal("first use must pass")
	}
	last = step
	// The same code stays inside the window for the next step too: it must still be refused there.
	for _, later := range []time.Duration{0, 10 * time.Second, 30 * time.Second} {
		if _, ok := Validate(e.Secret, code, now.Add(later), last); ok {
			t.Fatalf("replay %v later was accepted", later)
		}
	}
	next := codeAt(t, e.Secret, now.Add(30*time.Second))
	if next == code {
		t.Skip("consecutive codes collided (1 in a million)")
	}
	if _, ok := Validate(e.Secret, next, now.Add(30*time.Second), last); !ok {
		t.Fatal("the next step's code must pass")
	}
}

func TestValidateRejectsBadInput(t *testing.T) {
	now := time.Unix(59, 0)
	tenBytes := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte("0123456789"))
	for name, tc := range map[string]struct {
		secret, code string
		want         bool
	}{
		"valid":                {rfcSecret, "287082", true},
		"spaces are ignored":   {rfcSecret, " 287 082 ", true},
		"dash is ignored":      {rfcSecret, "287-082", true},
		"lower-case secret":    {strings.ToLower(rfcSecret), "287082", true},
		"wrong code":           {rfcSecret, "287083", false},
		"five digits":          {rfcSecret, "28708", false},
		"seven digits":         {rfcSecret, "2870820", false},
		"eight-digit rfc code": {rfcSecret, "94287082", false},
		"letters":              {rfcSecret, "28708a", false},
		"unicode digits":       {rfcSecret, "２８７０８２", false},
		"empty code":           {rfcSecret, "", false},
		"empty secret":         {"", "287082", false},
		"secret not base32":    {"not*base32!", "287082", false},
		"secret too short":     {tenBytes, "287082", false},
	} {
		t.Run(name, func(t *testing.T) {
			if _, ok := Validate(tc.secret, tc.code, now, 0); ok != tc.want {
				t.Fatalf("got %v, want %v", ok, tc.want)
			}
		})
	}
}

func TestValidateAcceptsPaddedSecret(t *testing.T) {
	// 16 bytes need base32 padding; secrets imported from elsewhere may carry it.
	padded := base32.StdEncoding.EncodeToString([]byte("1234567890123456"))
	if !strings.HasSuffix(padded, "=") {
		t.Fatal("test secret should be padded")
	}
	now := time.Unix(1_700_000_000, 0)
	if _, ok := Validate(padded, codeAt(t, padded, now), now, 0); !ok {
		t.Fatal("padded secret refused")
	}
}

func TestValidateNearEpochDoesNotUnderflow(t *testing.T) {
	// Step 0 minus the skew must not wrap around to a huge counter.
	code := codeAt(t, rfcSecret, time.Unix(0, 0))
	step, ok := Validate(rfcSecret, code, time.Unix(5, 0), -1)
	if !ok || step != 0 {
		t.Fatalf("got (%d, %v)", step, ok)
	}
}

func TestNewEnrollment(t *testing.T) {
	e, err := NewEnrollment("OpsDeck – Acme", "jane@example.com")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(e.Secret)
	if err != nil || len(raw) != SecretSize {
		t.Fatalf("secret %q: %d bytes, %v", e.Secret, len(raw), err)
	}
	u, err := url.Parse(e.URL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Scheme != "otpauth" || u.Host != "totp" || u.Path != "/OpsDeck – Acme:jane@example.com" {
		t.Fatalf("unexpected URL %q", e.URL)
	}
	for k, want := range map[string]string{
		"secret": e.Secret, "issuer": "OpsDeck – Acme", "period": "30", "digits": "6", "algorithm": "SHA1",
	} {
		if q.Get(k) != want {
			t.Errorf("URL %s = %q, want %q", k, q.Get(k), want)
		}
	}

	img, err := png.Decode(bytes.NewReader(e.QRPNG))
	if err != nil {
		t.Fatalf("QR code is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != QRSize || b.Dy() != QRSize {
		t.Fatalf("QR code is %v, want %dx%d", b, QRSize, QRSize)
	}
	dark, light := 0, 0
	for y := 0; y < QRSize; y += 4 {
		for x := 0; x < QRSize; x += 4 {
			r, _, _, _ := img.At(x, y).RGBA()
			if r < 0x8000 {
				dark++
			} else {
				light++
			}
		}
	}
	if dark == 0 || light == 0 {
		t.Fatal("QR image is blank")
	}

	// A code from the enrolled secret validates: the round trip a user makes when confirming enrolment.
	now := time.Now()
	if _, ok := Validate(e.Secret, codeAt(t, e.Secret, now), now, 0); !ok {
		t.Fatal("code from the new secret does not validate")
	}

	e2, err := NewEnrollment("OpsDeck", "jane@example.com")
	if err != nil || e2.Secret == e.Secret {
		t.Fatal("secrets must be random")
	}
}

func TestNewEnrollmentRejects(t *testing.T) {
	for name, tc := range map[string]struct {
		issuer, account string
		want            error
	}{
		"no issuer":     {"", "a@b.c", ErrMissingIssuer},
		"blank issuer":  {"  ", "a@b.c", ErrMissingIssuer},
		"no account":    {"OpsDeck", "", ErrMissingAccount},
		"blank account": {"OpsDeck", "\t", ErrMissingAccount},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := NewEnrollment(tc.issuer, tc.account); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

func FuzzValidate(f *testing.F) {
	f.Add(rfcSecret, "287082", int64(59), int64(0))
	f.Add("", "", int64(0), int64(0))
	f.Add("====", "000000", int64(-100), int64(-5))
	f.Add(rfcSecret, "287082", int64(1<<40), int64(1<<62))
	f.Fuzz(func(t *testing.T, secret, code string, unix, last int64) {
		step, ok := Validate(secret, code, time.Unix(unix, 0), last)
		if !ok {
			if step != 0 {
				t.Fatal("step returned without success")
			}
			return
		}
		if step <= last {
			t.Fatalf("accepted step %d not after last used %d", step, last)
		}
		if d := step - StepAt(time.Unix(unix, 0)); d < -Skew || d > Skew {
			t.Fatalf("accepted step %d outside the window", step)
		}
	})
}
