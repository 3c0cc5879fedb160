package testkit

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// Reply is an API answer: status, decoded JSON body (when it is an object), raw body and headers.
type Reply struct {
	Status int
	Body   map[string]any
	Raw    string
	Header http.Header
}

// Items returns the `items` of a list answer as objects.
func (r Reply) Items() []map[string]any {
	list, _ := r.Body["items"].([]any)
	out := make([]map[string]any, 0, len(list))
	for _, it := range list {
		m, _ := it.(map[string]any)
		out = append(out, m)
	}
	return out
}

// Call sends a request as p (JSON body; merge-patch for PATCH) through the validating client; hdr are extra
// header name/value pairs.
func (s *Server) Call(t testing.TB, p *reqctx.Principal, method, path, body string, hdr ...string) Reply {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, s.URL+path, rd)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
		if method == http.MethodPatch {
			req.Header.Set("Content-Type", "application/merge-patch+json")
		}
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := s.HTTPClient(p).Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	out := Reply{Status: res.StatusCode, Raw: string(b), Header: res.Header}
	_ = json.Unmarshal(b, &out.Body)
	return out
}

// Upload posts a multipart form as p: the fields in order, then the file under fileField (set fileName to "" to
// send no file part).
func (s *Server) Upload(t testing.TB, p *reqctx.Principal, path string, fields [][2]string, fileField, fileName string, data []byte) Reply {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for _, f := range fields {
		require.NoError(t, w.WriteField(f[0], f[1]))
	}
	if fileName != "" {
		fw, err := w.CreateFormFile(fileField, fileName)
		require.NoError(t, err)
		_, _ = fw.Write(data)
	}
	require.NoError(t, w.Close())
	req, _ := http.NewRequest(http.MethodPost, s.URL+path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	res, err := s.HTTPClient(p).Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	out := Reply{Status: res.StatusCode, Raw: string(b), Header: res.Header}
	_ = json.Unmarshal(b, &out.Body)
	return out
}
