package docs

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Names of the files ZipWriter adds at the end of every package.
const (
	ManifestName = "manifest.json"
	SumsName     = "SHA256SUMS"
)

// ZipOptions tunes a package.
type ZipOptions struct {
	// Modified stamps every entry and the manifest's generated_at; zero means now. A fixed value makes the
	// package byte-for-byte reproducible.
	Modified time.Time
}

// ManifestFile is one file of a package as listed in manifest.json.
type ManifestFile struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Manifest is the content of manifest.json.
type Manifest struct {
	GeneratedAt time.Time      `json:"generated_at"`
	Files       []ManifestFile `json:"files"`
}

// ZipWriter packages files into a ZIP archive, streaming each file through a SHA-256 hash, and on Close adds
// manifest.json (name, size and SHA-256 of every file) and SHA256SUMS (the same sums in the format `sha256sum -c`
// checks). Files are written one at a time: Create or AddFile finishes the previous one. Memory stays bounded: only the
// manifest entries are kept.
type ZipWriter struct {
	zw       *zip.Writer
	modified time.Time
	files    []ManifestFile
	names    map[string]bool
	cur      *zipEntry
	closed   bool
}

// NewZipWriter starts a package written to w. Close does not close w.
func NewZipWriter(w io.Writer, opts ZipOptions) *ZipWriter {
	mod := opts.Modified
	if mod.IsZero() {
		mod = time.Now()
	}
	return &ZipWriter{zw: zip.NewWriter(w), modified: mod.UTC().Truncate(time.Second), names: map[string]bool{}}
}

type zipEntry struct {
	w    io.Writer
	h    hash.Hash
	n    int64
	name string
	done bool
}

func (e *zipEntry) Write(p []byte) (int, error) {
	if e.done {
		return 0, fmt.Errorf("docs: %s: write after the next file was started", e.name)
	}
	n, err := e.w.Write(p)
	e.h.Write(p[:n])
	e.n += int64(n)
	return n, err
}

// Create starts a file named name (a relative slash-separated path such as "assets/2026.csv") and returns the writer
// for its content, valid until the next Create, AddFile or Close.
func (z *ZipWriter) Create(name string) (io.Writer, error) {
	if z.closed {
		return nil, errors.New("docs: ZIP package already closed")
	}
	if err := checkZipName(name); err != nil {
		return nil, err
	}
	if z.names[name] {
		return nil, fmt.Errorf("docs: ZIP package already holds %q", name)
	}
	if z.names[strings.ToLower(name)] || reservedZipName(name) {
		return nil, fmt.Errorf("docs: %q is reserved or clashes with another file in the package", name)
	}
	z.finishEntry()
	w, err := z.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zipMethod(name), Modified: z.modified})
	if err != nil {
		return nil, err
	}
	z.names[name] = true
	z.names[strings.ToLower(name)] = true
	z.cur = &zipEntry{w: w, h: sha256.New(), name: name}
	return z.cur, nil
}

// AddFile adds a file with the content of r.
func (z *ZipWriter) AddFile(name string, r io.Reader) error {
	w, err := z.Create(name)
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, r); err != nil {
		return fmt.Errorf("docs: adding %s: %w", name, err)
	}
	return nil
}

func (z *ZipWriter) finishEntry() {
	e := z.cur
	if e == nil {
		return
	}
	e.done = true
	z.cur = nil
	z.files = append(z.files, ManifestFile{Name: e.name, Size: e.n, SHA256: hex.EncodeToString(e.h.Sum(nil))})
}

// Close finishes the last file, adds manifest.json and SHA256SUMS, and writes the archive's central directory.
func (z *ZipWriter) Close() error {
	if z.closed {
		return nil
	}
	z.finishEntry()
	z.closed = true
	m := z.Manifest()
	body, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := z.writeRaw(ManifestName, append(body, '\n')); err != nil {
		return err
	}
	var sums strings.Builder
	for _, f := range m.Files {
		sums.WriteString(f.SHA256)
		sums.WriteString("  ")
		sums.WriteString(f.Name)
		sums.WriteByte('\n')
	}
	if err := z.writeRaw(SumsName, []byte(sums.String())); err != nil {
		return err
	}
	return z.zw.Close()
}

// Manifest returns the files added so far (all of them once Close has run).
func (z *ZipWriter) Manifest() Manifest {
	files := make([]ManifestFile, len(z.files))
	copy(files, z.files)
	return Manifest{GeneratedAt: z.modified, Files: files}
}

func (z *ZipWriter) writeRaw(name string, body []byte) error {
	w, err := z.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: z.modified})
	if err != nil {
		return err
	}
	_, err = w.Write(body)
	return err
}

// checkZipName accepts clean relative slash-separated paths only, so extracting a package can never write outside
// its folder (no "zip slip") and every name is portable.
func checkZipName(name string) error {
	bad := func(why string) error { return fmt.Errorf("docs: invalid file name %q in package: %s", name, why) }
	switch {
	case name == "":
		return bad("empty")
	case len(name) > 1024:
		return bad("too long")
	case !utf8.ValidString(name):
		return bad("not UTF-8")
	case strings.HasPrefix(name, "/"):
		return bad("absolute")
	case strings.Contains(name, `\`):
		return bad("backslash")
	case path.Clean(name) != name, strings.HasPrefix(name, "../"), name == "..", name == ".":
		return bad("not a clean relative path")
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return bad("control character")
		}
	}
	return nil
}

func reservedZipName(name string) bool {
	n := strings.ToLower(name)
	return n == strings.ToLower(ManifestName) || n == strings.ToLower(SumsName)
}

// zipMethod stores files that are already compressed (deflating them again costs time and saves nothing).
func zipMethod(name string) uint16 {
	switch strings.ToLower(path.Ext(name)) {
	case ".xlsx", ".docx", ".pptx", ".zip", ".gz", ".png", ".jpg", ".jpeg", ".webp":
		return zip.Store
	}
	return zip.Deflate
}
