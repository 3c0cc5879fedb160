package docs

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var fixedTime = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// buildPackage packages a CSV, an XLSX and a PDF of the same table, streamed straight into the archive.
func buildPackage(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := NewZipWriter(&buf, ZipOptions{Modified: fixedTime})
	table := func() Table { return Table{Name: "Assets", Columns: sampleColumns, Rows: RowsOf(sampleRows()...)} }

	w, err := z.Create("exports/assets.csv")
	require.NoError(t, err)
	require.NoError(t, WriteCSV(w, table(), CSVOptions{BOM: true}))

	w, err = z.Create("exports/assets.xlsx")
	require.NoError(t, err)
	require.NoError(t, WriteXLSX(w, XLSXOptions{Created: fixedTime}, table()))

	w, err = z.Create("rapport-été.pdf")
	require.NoError(t, err)
	_, err = NewReport(ReportMeta{Title: "Assets", Date: fixedTime}).Table(table()).WriteTo(w)
	require.NoError(t, err)

	require.NoError(t, z.AddFile("README.txt", strings.NewReader("Exported by OpsDeck.\n")))
	require.NoError(t, z.AddFile("empty.txt", strings.NewReader("")))
	require.NoError(t, z.Close())
	require.NoError(t, z.Close(), "closing twice is harmless")
	return buf.Bytes()
}

func TestZipManifestMatchesContents(t *testing.T) {
	data := buildPackage(t)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)

	contents := map[string][]byte{}
	var names []string
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		require.NoError(t, rc.Close())
		contents[f.Name] = b
		names = append(names, f.Name)
		assert.True(t, f.Modified.Equal(fixedTime), f.Name)
	}
	assert.Equal(t, []string{"exports/assets.csv", "exports/assets.xlsx", "rapport-été.pdf", "README.txt", "empty.txt",
		ManifestName, SumsName}, names)
	assert.Equal(t, zip.Store, zr.File[1].Method, "an XLSX is already compressed")
	assert.Equal(t, zip.Deflate, zr.File[0].Method)

	var m Manifest
	require.NoError(t, json.Unmarshal(contents[ManifestName], &m))
	assert.True(t, m.GeneratedAt.Equal(fixedTime))
	require.Len(t, m.Files, 5)
	var sums strings.Builder
	for _, f := range m.Files {
		body, ok := contents[f.Name]
		require.True(t, ok, f.Name)
		sum := sha256.Sum256(body)
		assert.Equal(t, hex.EncodeToString(sum[:]), f.SHA256, f.Name)
		assert.Equal(t, int64(len(body)), f.Size, f.Name)
		sums.WriteString(f.SHA256 + "  " + f.Name + "\n")
	}
	assert.Equal(t, sums.String(), string(contents[SumsName]))
	assert.True(t, bytes.HasPrefix(contents["exports/assets.csv"], []byte("\uFEFFName,")))
	assert.True(t, bytes.HasPrefix(contents["rapport-été.pdf"], []byte("%PDF-")))

	// The manifest is in snake case, as the API.
	assert.Contains(t, string(contents[ManifestName]), `"generated_at": "2026-11-23T10:00:00Z"`)
	assert.Contains(t, string(contents[ManifestName]), `"sha256": "`)

	// sha256sum agrees, when it is installed.
	if _, err := exec.LookPath("sha256sum"); err == nil {
		dir := t.TempDir()
		for name, body := range contents {
			p := filepath.Join(dir, filepath.FromSlash(name))
			require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
			require.NoError(t, os.WriteFile(p, body, 0o600))
		}
		cmd := exec.Command("sha256sum", "--check", "--strict", SumsName)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, string(out))
	}
}

func TestZipIsReproducible(t *testing.T) {
	assert.Equal(t, buildPackage(t), buildPackage(t))
}

func TestZipRejectsBadNames(t *testing.T) {
	z := NewZipWriter(io.Discard, ZipOptions{})
	for _, name := range []string{"", "/etc/passwd", "../up.txt", "a/../../up.txt", "a/./b", "dir/", `a\b`, ".",
		"..", "a//b", "bad\nname", "bad\xffname", ManifestName, "SHA256sums"} {
		_, err := z.Create(name)
		assert.Error(t, err, "%q", name)
	}
	_, err := z.Create("a.txt")
	require.NoError(t, err)
	_, err = z.Create("a.txt")
	assert.ErrorContains(t, err, "already holds")
	_, err = z.Create("A.TXT")
	assert.ErrorContains(t, err, "clashes")
	require.NoError(t, z.Close())
	_, err = z.Create("late.txt")
	assert.ErrorContains(t, err, "closed")
}

func TestZipWriteAfterNextFile(t *testing.T) {
	z := NewZipWriter(io.Discard, ZipOptions{})
	w1, err := z.Create("one.txt")
	require.NoError(t, err)
	_, err = io.WriteString(w1, "one")
	require.NoError(t, err)
	_, err = z.Create("two.txt")
	require.NoError(t, err)
	_, err = io.WriteString(w1, "late")
	assert.ErrorContains(t, err, "write after the next file")
	require.NoError(t, z.Close())
	m := z.Manifest()
	require.Len(t, m.Files, 2)
	assert.Equal(t, int64(3), m.Files[0].Size)
}
