// Package attachments keeps files on any linkable record (SPEC §1.6): streamed to the storage backend with their
// SHA-256, typed by their content (an allowlist, never the name alone), downloaded only by readers of the owner's
// module, removed by archiving.
package attachments

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/links"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/internal/platform/storage"
)

// Attachment is one file on a record.
type Attachment struct {
	ID             uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID `gorm:"type:uuid"`
	OwnerType      string
	OwnerID        uuid.UUID `gorm:"type:uuid"`
	Name           string
	ContentType    string
	Size           int64
	SHA256         []byte `gorm:"column:sha256"`
	StorageKey     string
	Description    string
	CreatedBy      string
	CreatedByName  string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Version        int64
	ArchivedAt     *time.Time
}

// AuditInfo audits attachments (the storage key is internal).
func (Attachment) AuditInfo() audit.Info {
	return audit.Info{Entity: "attachment", Ignore: []string{"storage_key"}}
}

// Service stores and serves attachments.
type Service struct {
	db    *db.DB
	reg   *links.Registry
	store storage.Store
	max   int64
}

// NewService returns the service; maxSize bounds one file.
func NewService(d *db.DB, reg *links.Registry, st storage.Store, maxSize int64) *Service {
	return &Service{db: d, reg: reg, store: st, max: maxSize}
}

// ooxml maps the names of ZIP-based documents to their types: a ZIP is accepted only under one of these names.
var zipTypes = map[string]string{
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	".odt":  "application/vnd.oasis.opendocument.text",
	".ods":  "application/vnd.oasis.opendocument.spreadsheet",
	".odp":  "application/vnd.oasis.opendocument.presentation",
	".zip":  "application/zip",
}

// allowed decides a file's type from its first bytes (and, for ZIP containers, its name); "" means refused.
func allowed(head []byte, name string) string {
	sniffed := http.DetectContentType(head)
	mediatype, _, _ := strings.Cut(sniffed, ";")
	switch mediatype {
	case "application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp":
		return mediatype
	case "text/plain":
		ext := strings.ToLower(path.Ext(name))
		switch ext {
		case ".csv":
			return "text/csv; charset=utf-8"
		case ".eml":
			return "message/rfc822"
		case ".html", ".htm", ".svg", ".js", ".sh", ".bat", ".ps1":
			return "" // text that a browser or a shell would run
		}
		return sniffed
	case "application/zip":
		return zipTypes[strings.ToLower(path.Ext(name))]
	}
	return ""
}

// Upload reads the multipart form (owner_type, owner_id, description, then file) and stores the file.
func (s *Service) Upload(ctx context.Context, form *multipart.Reader) (Attachment, error) {
	var (
		ownerType, description string
		ownerID                uuid.UUID
		a                      Attachment
	)
	for {
		part, err := form.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return a, apperr.Invalid("The upload is not a valid multipart form.")
		}
		switch part.FormName() {
		case "owner_type", "owner_id", "description":
			b, _ := io.ReadAll(io.LimitReader(part, 1001))
			v := strings.TrimSpace(string(b))
			switch part.FormName() {
			case "owner_type":
				ownerType = v
			case "owner_id":
				if ownerID, err = uuid.Parse(v); err != nil {
					return a, apperr.Invalid("owner_id is not a UUID", apperr.FieldError{Field: "owner_id", Code: "invalid", Message: "must be a UUID"})
				}
			case "description":
				if len([]rune(v)) > 1000 {
					return a, apperr.Invalid("description is too long", apperr.FieldError{Field: "description", Code: "too_long", Message: "is longer than 1000 characters"})
				}
				description = v
			}
		case "file":
			if ownerType == "" || ownerID == uuid.Nil {
				return a, apperr.Invalid("Send owner_type and owner_id before the file.",
					apperr.FieldError{Field: "owner_type", Code: "required", Message: "must come before the file"})
			}
			a, err = s.put(ctx, ownerType, ownerID, description, part)
			_ = part.Close()
			return a, err
		}
		_ = part.Close()
	}
	return a, apperr.Unprocessable("No file was sent.", apperr.FieldError{Field: "file", Code: "required", Message: "is required"})
}

func (s *Service) owner(ctx context.Context, tx *gorm.DB, typ string, id uuid.UUID, lv reqctx.Level) (links.Type, links.Ref, error) {
	t, err := s.reg.Known("owner_type", typ)
	if err != nil {
		return t, links.Ref{}, err
	}
	ref, err := s.reg.One(tx, t, id)
	if err != nil {
		return t, ref, err
	}
	if !links.Allowed(ctx, t, reqctx.LevelRead) {
		return t, ref, apperr.NotFound(t.Label)
	}
	if !links.Allowed(ctx, t, lv) {
		return t, ref, apperr.Forbidden(fmt.Sprintf("This needs %s on %s.", lv, t.Module))
	}
	return t, ref, nil
}

func (s *Service) put(ctx context.Context, ownerType string, ownerID uuid.UUID, description string, part *multipart.Part) (Attachment, error) {
	var a Attachment
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		_, ref, err := s.owner(ctx, tx, ownerType, ownerID, reqctx.LevelWrite)
		if err != nil {
			return err
		}
		if ref.Archived {
			return apperr.Conflict("An archived record cannot get new attachments; restore it first.")
		}
		return nil
	})
	if err != nil {
		return a, err
	}
	name := path.Base(strings.ReplaceAll(part.FileName(), "\\", "/"))
	if name == "." || name == "/" || name == "" {
		name = "file"
	}
	name = strings.ToValidUTF8(name, "_")
	if len(name) > 255 {
		name = name[len(name)-255:]
	}
	br := bufio.NewReaderSize(part, 4096)
	head, _ := br.Peek(512)
	ct := allowed(head, name)
	if ct == "" {
		return a, apperr.Unprocessable("This type of file is not accepted.", apperr.FieldError{Field: "file", Code: "type_not_allowed",
			Message: fmt.Sprintf("%s (%s) is not an accepted type: PDF, images, text, CSV, e-mail, office documents or ZIP", name, http.DetectContentType(head))})
	}
	org := reqctx.OrganizationID(ctx)
	a = Attachment{ID: uuid.Must(uuid.NewV7()), OwnerType: ownerType, OwnerID: ownerID, Name: name, ContentType: ct,
		Description: description, Version: 1}
	a.StorageKey = org.String() + "/" + a.ID.String()
	h := sha256.New()
	counted := &counter{r: io.LimitReader(br, s.max+1)}
	if err := s.store.Put(ctx, a.StorageKey, io.TeeReader(counted, h), -1, ct); err != nil {
		return a, err
	}
	if counted.n > s.max {
		_ = s.store.Delete(context.WithoutCancel(ctx), a.StorageKey)
		return a, echo.NewHTTPError(http.StatusRequestEntityTooLarge, fmt.Sprintf("The file is larger than %d MiB.", s.max>>20))
	}
	a.Size, a.SHA256 = counted.n, h.Sum(nil)
	p := reqctx.PrincipalFrom(ctx)
	a.CreatedBy, a.CreatedByName = p.ID, p.Name
	err = s.db.Tx(ctx, func(tx *gorm.DB) error { return tx.Create(&a).Error })
	if err != nil {
		_ = s.store.Delete(context.WithoutCancel(ctx), a.StorageKey)
	}
	return a, err
}

type counter struct {
	r io.Reader
	n int64
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// Filter lists a record's attachments.
type Filter struct {
	OwnerType       string
	OwnerID         uuid.UUID
	IncludeArchived bool
	Sort, Cursor    string
	Limit           int
}

// List returns a page of a record's attachments.
func (s *Service) List(ctx context.Context, f Filter) (db.PageResult[Attachment], error) {
	var res db.PageResult[Attachment]
	so, err := db.ParseSort(f.Sort, "-created_at", map[string]string{"created_at": "attachments.created_at", "name": "attachments.name"})
	if err != nil {
		return res, err
	}
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		if _, _, err := s.owner(ctx, tx, f.OwnerType, f.OwnerID, reqctx.LevelRead); err != nil {
			return err
		}
		q := tx.Model(&Attachment{}).Where("owner_type = ? AND owner_id = ?", f.OwnerType, f.OwnerID)
		if !f.IncludeArchived {
			q = q.Where("archived_at IS NULL")
		}
		res, err = db.Page(q, so, f.Cursor, f.Limit, func(a *Attachment) (any, uuid.UUID) {
			if so.Column == "attachments.name" {
				return a.Name, a.ID
			}
			return a.CreatedAt.UTC().Format(time.RFC3339Nano), a.ID
		})
		return err
	})
	return res, err
}

func (s *Service) get(ctx context.Context, tx *gorm.DB, id uuid.UUID, lv reqctx.Level) (Attachment, error) {
	var a Attachment
	if err := tx.Where("id = ?", id).Take(&a).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return a, apperr.NotFound("attachment")
		}
		return a, err
	}
	if _, _, err := s.owner(ctx, tx, a.OwnerType, a.OwnerID, lv); err != nil {
		var ae *apperr.Error
		if errors.As(err, &ae) && ae.Kind == apperr.KindNotFound {
			return a, apperr.NotFound("attachment")
		}
		return a, err
	}
	return a, nil
}

// Open returns an attachment and its content; the caller closes the reader.
func (s *Service) Open(ctx context.Context, id uuid.UUID) (Attachment, io.ReadCloser, error) {
	var a Attachment
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) { a, err = s.get(ctx, tx, id, reqctx.LevelRead); return err })
	if err != nil {
		return a, nil, err
	}
	r, err := s.store.Open(ctx, a.StorageKey)
	if errors.Is(err, storage.ErrNotFound) {
		return a, nil, apperr.NotFound("attachment content")
	}
	return a, r, err
}

// Archive removes an attachment from its record's list (the file stays).
func (s *Service) Archive(ctx context.Context, id uuid.UUID) (Attachment, error) {
	var a Attachment
	err := s.db.Tx(ctx, func(tx *gorm.DB) (err error) {
		if a, err = s.get(ctx, tx, id, reqctx.LevelWrite); err != nil || a.ArchivedAt != nil {
			return err
		}
		now := time.Now().UTC().Truncate(time.Microsecond)
		if err := tx.Model(&a).Updates(map[string]any{"archived_at": now, "version": a.Version + 1}).Error; err != nil {
			return err
		}
		a.ArchivedAt = &now
		return nil
	})
	return a, err
}

// Hex is the SHA-256 as lowercase hex.
func Hex(sum []byte) string { return hex.EncodeToString(sum) }
