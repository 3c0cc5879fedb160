package links

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/audit"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
)

// Relations are the kinds of link (SPEC §1.5). "related_to" is the neutral default.
var Relations = []string{"related_to", "depends_on", "part_of", "mitigates", "affects", "references", "supplied_by",
	"covered_by", "evidence_for"}

// Link connects two entities of the organisation.
type Link struct {
	ID             uuid.UUID `gorm:"type:uuid;primaryKey"`
	OrganizationID uuid.UUID `gorm:"type:uuid"`
	SourceType     string
	SourceID       uuid.UUID `gorm:"type:uuid"`
	TargetType     string
	TargetID       uuid.UUID `gorm:"type:uuid"`
	Relation       string
	Note           string
	CreatedBy      string
	CreatedAt      time.Time
}

// AuditInfo audits links (created, removed) under the "link" entity.
func (Link) AuditInfo() audit.Info { return audit.Info{Entity: "link", LabelColumn: "relation"} }

// View is a link seen from one of its ends.
type View struct {
	Link
	// Direction is "outgoing" when the entity asked about is the source, "incoming" when it is the target.
	Direction string
	Other     Ref
}

// Service creates, lists and removes links.
type Service struct {
	db  *db.DB
	reg *Registry
}

// NewService returns the service over a registry.
func NewService(d *db.DB, r *Registry) *Service { return &Service{db: d, reg: r} }

// Registry is the registry of linkable types.
func (s *Service) Registry() *Registry { return s.reg }

// Allowed reports whether the caller holds at least lv on t's module (system principals — jobs — always do).
func Allowed(ctx context.Context, t Type, lv reqctx.Level) bool {
	p := reqctx.PrincipalFrom(ctx)
	return p != nil && (p.Kind == reqctx.KindSystem || p.Level(t.Module) >= lv)
}

// Input is a new link.
type Input struct {
	SourceType string
	SourceID   uuid.UUID
	TargetType string
	TargetID   uuid.UUID
	Relation   string
	Note       string
}

// Create links two entities: both must exist in the organisation and not be archived; the caller needs write on the
// source's module and read on the target's.
func (s *Service) Create(ctx context.Context, in Input) (View, error) {
	var v View
	src, err := s.reg.Known("source_type", in.SourceType)
	if err != nil {
		return v, err
	}
	dst, err := s.reg.Known("target_type", in.TargetType)
	if err != nil {
		return v, err
	}
	if in.Relation == "" {
		in.Relation = "related_to"
	}
	var fields []apperr.FieldError
	if !slices.Contains(Relations, in.Relation) {
		fields = append(fields, apperr.FieldError{Field: "relation", Code: "invalid", Message: "must be one of " + strings.Join(Relations, ", ")})
	}
	if in.SourceType == in.TargetType && in.SourceID == in.TargetID {
		fields = append(fields, apperr.FieldError{Field: "target_id", Code: "self", Message: "an entity cannot link to itself"})
	}
	if len(fields) > 0 {
		return v, apperr.Unprocessable("The link is not valid.", fields...)
	}
	if !Allowed(ctx, src, reqctx.LevelWrite) || !Allowed(ctx, dst, reqctx.LevelRead) {
		return v, apperr.Forbidden("Linking needs write on the source's module and read on the target's.")
	}
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		a, err := s.reg.One(tx, src, in.SourceID)
		if err != nil {
			return err
		}
		b, err := s.reg.One(tx, dst, in.TargetID)
		if err != nil {
			return err
		}
		if a.Archived || b.Archived {
			return apperr.Conflict("An archived entity cannot get new links; restore it first.")
		}
		p := reqctx.PrincipalFrom(ctx)
		l := Link{ID: uuid.Must(uuid.NewV7()), SourceType: src.Name, SourceID: in.SourceID, TargetType: dst.Name,
			TargetID: in.TargetID, Relation: in.Relation, Note: strings.TrimSpace(in.Note), CreatedBy: p.Name}
		if err := tx.Create(&l).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return apperr.Conflict("These two entities are already linked with this relation.")
			}
			return err
		}
		v = View{Link: l, Direction: "outgoing", Other: b}
		return nil
	})
	return v, err
}

// List returns the links of one entity in both directions, newest first, leaving out those whose other end the caller
// may not read. The entity must exist and its module be readable.
func (s *Service) List(ctx context.Context, typ string, id uuid.UUID) ([]View, error) {
	t, err := s.reg.Known("type", typ)
	if err != nil {
		return nil, err
	}
	if !Allowed(ctx, t, reqctx.LevelRead) {
		return nil, apperr.Forbidden("Reading this entity's links needs read on its module.")
	}
	var out []View
	err = s.db.Tx(ctx, func(tx *gorm.DB) error {
		if _, err := s.reg.One(tx, t, id); err != nil {
			return err
		}
		var rows []Link
		if err := tx.Where("(source_type = ? AND source_id = ?) OR (target_type = ? AND target_id = ?)", typ, id, typ, id).
			Order("created_at DESC, id DESC").Limit(1000).Find(&rows).Error; err != nil {
			return err
		}
		// Resolve the other ends, one query per type.
		byType := map[string][]uuid.UUID{}
		for _, l := range rows {
			ot, oid := otherEnd(l, typ, id)
			byType[ot] = append(byType[ot], oid)
		}
		refs := map[string]map[uuid.UUID]Ref{}
		for name, ids := range byType {
			ot, ok := s.reg.Get(name)
			if !ok || !Allowed(ctx, ot, reqctx.LevelRead) {
				continue
			}
			m, err := s.reg.Resolve(tx, ot, ids)
			if err != nil {
				return err
			}
			refs[name] = m
		}
		out = make([]View, 0, len(rows))
		for _, l := range rows {
			ot, oid := otherEnd(l, typ, id)
			ref, ok := refs[ot][oid]
			if !ok {
				continue
			}
			dir := "outgoing"
			if l.TargetType == typ && l.TargetID == id && !(l.SourceType == typ && l.SourceID == id) {
				dir = "incoming"
			}
			out = append(out, View{Link: l, Direction: dir, Other: ref})
		}
		return nil
	})
	return out, err
}

func otherEnd(l Link, typ string, id uuid.UUID) (string, uuid.UUID) {
	if l.SourceType == typ && l.SourceID == id {
		return l.TargetType, l.TargetID
	}
	return l.SourceType, l.SourceID
}

// Delete removes a link; the caller needs write on either end's module.
func (s *Service) Delete(ctx context.Context, id uuid.UUID) error {
	return s.db.Tx(ctx, func(tx *gorm.DB) error {
		var l Link
		if err := tx.Where("id = ?", id).Take(&l).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return apperr.NotFound("link")
			}
			return err
		}
		src, _ := s.reg.Get(l.SourceType)
		dst, _ := s.reg.Get(l.TargetType)
		if !Allowed(ctx, src, reqctx.LevelRead) || !Allowed(ctx, dst, reqctx.LevelRead) {
			return apperr.NotFound("link")
		}
		if !Allowed(ctx, src, reqctx.LevelWrite) && !Allowed(ctx, dst, reqctx.LevelWrite) {
			return apperr.Forbidden("Removing a link needs write on one of its ends' modules.")
		}
		return tx.Delete(&l).Error
	})
}

// Orphan is a link one of whose ends does not exist.
type Orphan struct {
	Reference    Reference `gorm:"-"`
	ID           uuid.UUID // the row's id
	Organization uuid.UUID
	Type         string
	EntityID     uuid.UUID
	UnknownType  bool // the type is not registered (else the record does not exist)
}

// Check finds, across every organisation, the rows of every reference table (links, attachments, evidence…) that
// point at a record that does not exist in their organisation or at a type that is not registered. It runs outside
// any tenant (the consistency check command) and returns the orphans and how many pointers it checked.
func (s *Service) Check(ctx context.Context) ([]Orphan, int64, error) {
	var out []Orphan
	var total int64
	err := s.db.PlatformTx(ctx, func(tx *gorm.DB) error {
		for _, ref := range s.reg.References() {
			where := "true"
			if ref.Where != "" {
				where = ref.Where
			}
			var n int64
			if err := tx.Raw("SELECT count(*) FROM " + ref.Table + " r WHERE " + where).Scan(&n).Error; err != nil {
				return err
			}
			total += n
			cols := "r.id, r.organization_id AS organization, r." + ref.TypeColumn + " AS type, r." + ref.IDColumn + " AS entity_id"
			var known []string
			for _, t := range s.reg.List() {
				known = append(known, t.Name)
				var rows []Orphan
				q := "SELECT " + cols + " FROM " + ref.Table + " r WHERE " + where + " AND r." + ref.TypeColumn + " = ? AND NOT EXISTS (SELECT 1 FROM " +
					t.Table + " e WHERE e.id = r." + ref.IDColumn + " AND e.organization_id = r.organization_id) LIMIT 1000"
				if err := tx.Raw(q, t.Name).Scan(&rows).Error; err != nil {
					return err
				}
				for _, o := range rows {
					o.Reference = ref
					out = append(out, o)
				}
			}
			var rows []Orphan
			if err := tx.Raw("SELECT "+cols+" FROM "+ref.Table+" r WHERE "+where+" AND NOT (r."+ref.TypeColumn+" = ANY(?)) LIMIT 1000",
				db.TextArray(known)).Scan(&rows).Error; err != nil {
				return err
			}
			for _, o := range rows {
				o.Reference, o.UnknownType = ref, true
				out = append(out, o)
			}
		}
		return nil
	})
	return out, total, err
}
