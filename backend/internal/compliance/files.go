package compliance

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"gopkg.in/yaml.v3"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/compliance/library"
	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// MaxFrameworkFile is the largest framework file accepted (NIST SP 800-53 rev5's OSCAL catalog is about 1.7 MB
// minified, 4 MB pretty-printed).
const MaxFrameworkFile = 10 << 20

// maxProblems bounds the problems listed for a bad file.
const maxProblems = 50

// File formats a framework file is read as.
const (
	FormatOpsDeck = "opsdeck"
	FormatOSCAL   = "oscal"
)

// FrameworkImport says what a framework file holds and, unless it was a dry run, the framework made of it.
type FrameworkImport struct {
	Format                         string
	Key, Name, Version             string
	Groups, Controls, Requirements int
	DryRun                         bool
	Framework                      *View
}

// ReadFrameworkFile reads our format (YAML or JSON) or an OSCAL catalog (JSON) and checks it whole: a bad file is a
// 422 listing its problems.
func ReadFrameworkFile(data []byte) (*library.File, string, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, "", apperr.Unprocessable("The framework file is empty.", apperr.FieldError{Field: "file", Code: "required", Message: "is empty"})
	}
	format := FormatOpsDeck
	var f *library.File
	var err error
	if library.IsOSCALCatalog(data) {
		format = FormatOSCAL
		f, err = library.ParseOSCALCatalog(data, "")
	} else {
		f, err = library.Parse(data)
	}
	if err == nil {
		err = f.Validate()
	}
	if err != nil {
		var fields []apperr.FieldError
		for _, line := range strings.Split(err.Error(), "\n") {
			if len(fields) == maxProblems {
				fields = append(fields, apperr.FieldError{Field: "file", Code: "invalid", Message: "… and more problems"})
				break
			}
			fields = append(fields, apperr.FieldError{Field: "file", Code: "invalid", Message: line})
		}
		return nil, format, apperr.Unprocessable(fmt.Sprintf("The %s file is not a valid framework: nothing was imported.", formatLabel(format)), fields...)
	}
	return f, format, nil
}

func formatLabel(format string) string {
	if format == FormatOSCAL {
		return "OSCAL"
	}
	return "framework"
}

// ImportFramework reads a framework file and, unless dryRun, creates it as an imported framework with its tree (one
// statement, one audit entry).
func (s *Service) ImportFramework(ctx context.Context, data []byte, dryRun bool) (FrameworkImport, error) {
	f, format, err := ReadFrameworkFile(data)
	if err != nil {
		return FrameworkImport{}, err
	}
	out := FrameworkImport{Format: format, Key: f.Framework.Key, Name: f.Framework.Name, Version: f.Framework.Version,
		Groups: f.Count(library.KindGroup), Controls: f.Count(library.KindControl), Requirements: f.Count(library.KindRequirement),
		DryRun: dryRun}
	if dryRun {
		// The name must still be free: say so now rather than at the real import.
		err := s.db.Tx(ctx, func(tx *gorm.DB) error {
			var n int64
			if err := tx.Model(&Framework{}).Where("lower(name) = lower(?) AND archived_at IS NULL", f.Framework.Name).Count(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				return apperr.Conflict(fmt.Sprintf("A framework named %q exists already; rename or archive it first.", f.Framework.Name))
			}
			return nil
		})
		return out, err
	}
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		fw := Framework{ID: uuid.Must(uuid.NewV7()), OrganizationID: reqctx.OrganizationID(ctx), Key: f.Framework.Key,
			Name: f.Framework.Name, Edition: f.Framework.Version, Publisher: f.Framework.Publisher,
			SourceURL: f.Framework.SourceURL, Description: f.Framework.Description, Origin: Imported, Active: true, Version: 1}
		if err := nameTaken(tx.Create(&fw).Error); err != nil {
			return err
		}
		n, err := insertTree(tx, fw, f.Nodes)
		if err != nil {
			return err
		}
		if err := audit.Record(tx, audit.Entry{Action: "import", EntityType: TypeFramework, EntityID: fw.ID.String(),
			EntityLabel: fw.Name, Changes: map[string]any{"format": format, "nodes": n, "controls": out.Controls}}); err != nil {
			return err
		}
		v, err := s.framework(tx, fw.ID)
		out.Framework = &v
		return err
	})
	return out, err
}

// Export formats of a framework.
const (
	ExportYAML  = "yaml"
	ExportJSON  = "json"
	ExportOSCAL = "oscal"
)

// ExportFramework writes a framework and its tree: our format (YAML or JSON, read back by the import) or an OSCAL
// catalog. It returns the file and a file name.
func (s *Service) ExportFramework(ctx context.Context, id uuid.UUID, format string) ([]byte, string, error) {
	var f *library.File
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		fw, err := s.framework(tx, id)
		if err != nil {
			return err
		}
		var nodes []Control
		if err := tx.Where("framework_id = ?", id).Order("position").Find(&nodes).Error; err != nil {
			return err
		}
		f = fileOf(fw.Framework, nodes)
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	base := f.Framework.Key
	switch format {
	case ExportJSON:
		b, err := json.MarshalIndent(f, "", "  ")
		return b, base + ".json", err
	case ExportOSCAL:
		b, err := json.MarshalIndent(library.OSCALCatalogOf(f, id), "", "  ")
		return b, base + ".oscal.json", err
	case ExportYAML, "":
		var buf bytes.Buffer
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		if err := enc.Encode(f); err != nil {
			return nil, "", err
		}
		return buf.Bytes(), base + ".yaml", enc.Close()
	default:
		return nil, "", apperr.Invalid("format must be yaml, json or oscal")
	}
}

// fileOf rebuilds the file of a framework from its nodes in reading order (parents come before their children).
func fileOf(fw Framework, nodes []Control) *library.File {
	f := &library.File{Format: library.FormatV1, Framework: library.Framework{Key: fw.Key, Name: fw.Name, Version: fw.Edition,
		Publisher: fw.Publisher, SourceURL: fw.SourceURL, Description: fw.Description}}
	if f.Framework.Version == "" {
		f.Framework.Version = "1"
	}
	byID := map[uuid.UUID]*library.Node{}
	for _, c := range nodes {
		n := &library.Node{Ref: c.Ref, Title: c.Title, Kind: c.Kind, Description: c.Description, Guidance: c.Guidance}
		if len(c.Attributes) > 0 {
			n.Attributes = c.Attributes
		}
		byID[c.ID] = n
		if c.ParentID != nil {
			if p, ok := byID[*c.ParentID]; ok {
				p.Children = append(p.Children, n)
				continue
			}
		}
		f.Nodes = append(f.Nodes, n)
	}
	return f
}
