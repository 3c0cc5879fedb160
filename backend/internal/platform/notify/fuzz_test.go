package notify_test

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/opsdeck/opsdeck/backend/internal/platform/notify"
)

const fuzzSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

// FuzzVerify feeds arbitrary webhook headers and bodies to Verify: it never panics, and it accepts a request only when
// one of its v1 signatures is the genuine HMAC of that id, timestamp and body.
func FuzzVerify(f *testing.F) {
	now := time.Unix(1614265330, 0)
	body := []byte(`{"test": 2432232314}`)
	good, _ := notify.Sign(fuzzSecret, "msg_p5jXN8AQM9LWM0D4loKWxJek", now, body)
	f.Add("msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", good, body)
	f.Add("msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", "v1a,abc "+good, body)
	f.Add("msg_1", "1614265330", "v1,"+good[3:]+" v2,zzz", []byte("{}"))
	f.Add("msg_1", "-1614265330", "v1,", []byte(""))
	f.Add("", "", "", []byte(nil))
	f.Add("msg 1", "99999999999999999999", "v1,,,, ,v1 v1,====", []byte("x"))
	f.Add("msg_1", "+1614265330", good, body)
	f.Add("msg_1", "1614265330\x00", good+"\n", body)
	f.Fuzz(func(t *testing.T, id, ts, sig string, body []byte) {
		h := http.Header{}
		h.Set(notify.HeaderWebhookID, id)
		h.Set(notify.HeaderWebhookTimestamp, ts)
		h.Set(notify.HeaderWebhookSignature, sig)
		err := notify.VerifyAt([]string{fuzzSecret}, h, body, now, notify.DefaultTolerance)
		if err != nil {
			return
		}
		unix, perr := strconv.ParseInt(h.Get(notify.HeaderWebhookTimestamp), 10, 64)
		if perr != nil {
			t.Fatalf("accepted a malformed timestamp %q", ts)
		}
		if d := now.Unix() - unix; d > 300 || d < -300 {
			t.Fatalf("accepted a timestamp %d s away", d)
		}
		want, _ := notify.Sign(fuzzSecret, h.Get(notify.HeaderWebhookID), time.Unix(unix, 0), body)
		wantMAC, _ := base64.StdEncoding.DecodeString(want[3:])
		sigs, _ := notify.ParseSignatureHeader(h.Get(notify.HeaderWebhookSignature))
		for _, s := range sigs {
			if s.Version == "v1" && bytes.Equal(s.Value, wantMAC) {
				return
			}
		}
		t.Fatalf("accepted a request without its genuine signature: id=%q ts=%q sig=%q", id, ts, sig)
	})
}

// FuzzParseSignatureHeader: any header value parses without panicking into bounded, well-formed entries.
func FuzzParseSignatureHeader(f *testing.F) {
	for _, s := range []string{"v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "v1,a v1,b", "v1a,xyz v1,", ",", "   ",
		"v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE v1,===", "\tv1,AAAA\nv2,BBBB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		sigs, err := notify.ParseSignatureHeader(v)
		if err != nil {
			if sigs != nil {
				t.Fatal("signatures returned with an error")
			}
			return
		}
		if len(sigs) > 32 || len(v) > 4096 {
			t.Fatalf("limits not enforced: %d signatures, %d bytes", len(sigs), len(v))
		}
		for _, s := range sigs {
			if s.Version == "" || len(s.Value) == 0 {
				t.Fatalf("empty entry accepted from %q", v)
			}
		}
	})
}

// FuzzRenderTemplate: an administrator's template, whatever it says, renders or is refused; it never panics, never
// outgrows the limits and never runs long.
func FuzzRenderTemplate(f *testing.F) {
	for _, s := range []string{"Hello {{.Name}}", "{{if .A}}{{.B}}{{else}}x{{end}}", "{{range 9}}x{{end}}",
		`<a href="{{.Link}}">{{.Name | upper}}</a>`, "{{with .Name}}{{.}}{{end}}{{$.Name}}", "{{template \"x\"}}",
		"{{printf \"%09999d\" 1}}", "{{.Name}}{{.Name}}{{.Name}}{{.Name}}", "{{define \"a\"}}{{end}}", "{{/* c */}}{{- .Name -}}"} {
		f.Add(s)
	}
	r := notify.Renderer{MaxTemplateBytes: 4096, MaxOutputBytes: 8192, Timeout: time.Second}
	data := map[string]string{"Name": "Zoë <b>", "A": "yes", "B": "", "Link": "https://example.com/?q=1&r=2"}
	f.Fuzz(func(t *testing.T, src string) {
		start := time.Now()
		out, err := r.Render(t.Context(), notify.EmailTemplate{Subject: src, Text: src, HTML: src}, data)
		if time.Since(start) > 2*time.Second {
			t.Fatalf("rendering took %s", time.Since(start))
		}
		if err == nil && (len(out.Text) > 8192 || len(out.HTML) > 8192) {
			t.Fatal("output limit not enforced")
		}
	})
}
