package attachments_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"image"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

func pngBytes(t *testing.T) []byte {
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 4, 4))))
	return b.Bytes()
}

func TestAttachmentsAreTypedByContentStoredWithTheirDigestAndGuardedByTheOwnersModule(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := testkit.NewServer(t, testkit.WithEnv("OPSDECK_STORAGE_DIR", dir))
	org := s.Organization("Acme Energy")
	admin := testkit.AdminOf(org.ID)
	asset := s.Call(t, admin, http.MethodPost, "/api/v1/assets", `{"name":"Core switch"}`)
	require.Equal(t, http.StatusCreated, asset.Status, asset.Raw)
	id := asset.Body["id"].(string)
	owner := [][2]string{{"owner_type", "asset"}, {"owner_id", id}}

	pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	for name, c := range map[string]struct {
		file   string
		data   []byte
		status int
		ctype  string
	}{
		"pdf":                          {"invoice.pdf", pdf, http.StatusCreated, "application/pdf"},
		"png":                          {"photo.png", pngBytes(t), http.StatusCreated, "image/png"},
		"csv":                          {"inventory.csv", []byte("name,serial\nLaptop,SN1\n"), http.StatusCreated, "text/csv; charset=utf-8"},
		"text with a pdf name is text": {"notes.pdf", []byte("just words"), http.StatusCreated, "text/plain; charset=utf-8"},
		"html":                         {"page.html", []byte("<html><script>alert(1)</script></html>"), http.StatusUnprocessableEntity, ""},
		"html named txt":               {"readme.txt", []byte("<!DOCTYPE html><html><body>x</body></html>"), http.StatusUnprocessableEntity, ""},
		"svg":                          {"logo.svg", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>`), http.StatusUnprocessableEntity, ""},
		"executable":                   {"setup.pdf", append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 600)...), http.StatusUnprocessableEntity, ""},
		"zip as exe":                   {"tool.exe", []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"), http.StatusUnprocessableEntity, ""},
		"docx":                         {"policy.docx", []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00"), http.StatusCreated, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
	} {
		r := s.Upload(t, admin, "/api/v1/attachments", owner, "file", c.file, c.data)
		assert.Equal(t, c.status, r.Status, name+": "+r.Raw)
		if c.status == http.StatusCreated {
			assert.Equal(t, c.ctype, r.Body["content_type"], name)
			sum := sha256.Sum256(c.data)
			assert.Equal(t, hex.EncodeToString(sum[:]), r.Body["sha256"], name)
			assert.EqualValues(t, len(c.data), r.Body["size"], name)
		}
	}
	list := s.Call(t, admin, http.MethodGet, "/api/v1/attachments?owner_type=asset&owner_id="+id+"&sort=name", "")
	require.Equal(t, http.StatusOK, list.Status, list.Raw)
	require.Len(t, list.Items(), 5)
	first := list.Items()[0] // inventory.csv
	assert.Equal(t, "inventory.csv", first["name"])
	att := first["id"].(string)

	// The bytes are on disk under the organisation's prefix (nothing else), and download back identical with a digest.
	var files []string
	require.NoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	}))
	assert.Len(t, files, 5, "refused files left nothing behind")
	for _, f := range files {
		assert.True(t, strings.HasPrefix(f, filepath.Join(dir, org.ID.String())), f)
	}
	res, err := s.HTTPClient(admin).Get(s.URL + "/api/v1/attachments/" + att + "/content")
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "name,serial\nLaptop,SN1\n", string(body))
	assert.Equal(t, "application/octet-stream", res.Header.Get("Content-Type"), "never rendered inline")
	assert.Contains(t, res.Header.Get("Content-Disposition"), `attachment; filename=inventory.csv`)
	sum := sha256.Sum256(body)
	assert.Equal(t, "sha-256="+base64.StdEncoding.EncodeToString(sum[:]), res.Header.Get("Digest"))

	// The owner's module decides: readers of assets read, only writers attach or remove; others see nothing.
	reader := testkit.Member(org.ID, map[string]reqctx.Level{"assets": reqctx.LevelRead})
	outsider := testkit.Member(org.ID, map[string]reqctx.Level{"risk": reqctx.LevelAdmin})
	assert.Equal(t, http.StatusOK, s.Call(t, reader, http.MethodGet, "/api/v1/attachments/"+att+"/content", "").Status)
	assert.Equal(t, http.StatusForbidden, s.Upload(t, reader, "/api/v1/attachments", owner, "file", "x.pdf", pdf).Status)
	assert.Equal(t, http.StatusForbidden, s.Call(t, reader, http.MethodPost, "/api/v1/attachments/"+att+"/archive", "").Status)
	assert.Equal(t, http.StatusNotFound, s.Call(t, outsider, http.MethodGet, "/api/v1/attachments/"+att+"/content", "").Status)
	assert.Equal(t, http.StatusNotFound, s.Call(t, outsider, http.MethodGet, "/api/v1/attachments?owner_type=asset&owner_id="+id, "").Status)

	// Bad requests change nothing.
	for name, r := range map[string]testkit.Reply{
		"unknown owner type": s.Upload(t, admin, "/api/v1/attachments", [][2]string{{"owner_type", "spaceship"}, {"owner_id", id}}, "file", "a.pdf", pdf),
		"missing owner":      s.Upload(t, admin, "/api/v1/attachments", [][2]string{{"owner_type", "asset"}, {"owner_id", uuid.NewString()}}, "file", "a.pdf", pdf),
		"owner after file":   s.Upload(t, admin, "/api/v1/attachments", nil, "file", "a.pdf", pdf),
		"no file":            s.Upload(t, admin, "/api/v1/attachments", owner, "file", "", nil),
		"bad owner id":       s.Upload(t, admin, "/api/v1/attachments", [][2]string{{"owner_type", "asset"}, {"owner_id", "nope"}}, "file", "a.pdf", pdf),
	} {
		assert.GreaterOrEqual(t, r.Status, 400, name)
		assert.Less(t, r.Status, 500, name)
		assert.Equal(t, "application/problem+json", r.Header.Get("Content-Type"), name)
	}
	assert.EqualValues(t, 5, s.Call(t, admin, http.MethodGet, "/api/v1/attachments?owner_type=asset&owner_id="+id, "").Body["total"])

	// Removing archives (kept, audited); a deleted owner's attachments are archived with it.
	r := s.Call(t, admin, http.MethodPost, "/api/v1/attachments/"+att+"/archive", "")
	require.Equal(t, http.StatusOK, r.Status, r.Raw)
	assert.NotNil(t, r.Body["archived_at"])
	assert.EqualValues(t, 4, s.Call(t, admin, http.MethodGet, "/api/v1/attachments?owner_type=asset&owner_id="+id, "").Body["total"])
	assert.EqualValues(t, 5, s.Call(t, admin, http.MethodGet, "/api/v1/attachments?owner_type=asset&owner_id="+id+"&include_archived=true", "").Body["total"])
	var audited int
	require.NoError(t, s.DB.Pool.QueryRow(context.Background(), "SELECT count(*) FROM audit_events WHERE entity_type = 'attachment'").Scan(&audited))
	assert.Equal(t, 6, audited, "five uploads and one removal")
	_, err = s.DB.Pool.Exec(context.Background(), "DELETE FROM assets WHERE id = $1", id)
	require.NoError(t, err)
	var live int
	require.NoError(t, s.DB.Pool.QueryRow(context.Background(), "SELECT count(*) FROM attachments WHERE archived_at IS NULL").Scan(&live))
	assert.Zero(t, live)
}

func TestAttachmentSizeLimit(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t, testkit.WithEnv("OPSDECK_UPLOAD_LIMIT_BYTES", "4096"))
	org := s.Organization("Acme Energy")
	admin := testkit.AdminOf(org.ID)
	asset := s.Call(t, admin, http.MethodPost, "/api/v1/assets", `{"name":"Core switch"}`)
	require.Equal(t, http.StatusCreated, asset.Status, asset.Raw)
	big := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 10_000)...)
	r := s.Upload(t, admin, "/api/v1/attachments", [][2]string{{"owner_type", "asset"}, {"owner_id", asset.Body["id"].(string)}}, "file", "big.pdf", big)
	assert.Equal(t, http.StatusRequestEntityTooLarge, r.Status, r.Raw)
	var n int
	require.NoError(t, s.DB.Pool.QueryRow(context.Background(), "SELECT count(*) FROM attachments").Scan(&n))
	assert.Zero(t, n)
}
