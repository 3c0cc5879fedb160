package compliance

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/opsdeck/opsdeck/api"
	"github.com/opsdeck/opsdeck/backend/internal/dataplatform"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/httpx"
	"github.com/opsdeck/opsdeck/backend/internal/platform/patch"
)

// ComplianceHandler implements the `compliance` operations.
type ComplianceHandler struct{ s *Service }

// NewHandler returns the handler.
func NewHandler(s *Service) *ComplianceHandler { return &ComplianceHandler{s: s} }

func nullUUID(p *uuid.UUID) nullable.Nullable[uuid.UUID] {
	if p == nil {
		return nullable.NewNullNullable[uuid.UUID]()
	}
	return nullable.NewNullableWithValue(*p)
}

func frameworkToAPI(v View) api.Framework {
	out := api.Framework{Id: v.ID, Key: v.Key, Name: v.Name, Edition: v.Edition, Publisher: v.Publisher, SourceUrl: v.SourceURL,
		Description: v.Description, Origin: api.FrameworkOrigin(v.Origin), Active: v.Active, Controls: v.Controls,
		Applicable: v.Applicable, NotApplicable: v.NotApplicable, CreatedAt: v.CreatedAt.UTC(), UpdatedAt: v.UpdatedAt.UTC(),
		Version: v.Framework.Version}
	if v.ArchivedAt != nil {
		out.ArchivedAt.Set(v.ArchivedAt.UTC())
	} else {
		out.ArchivedAt.SetNull()
	}
	return out
}

func controlToAPI(c ControlView) api.Control {
	out := api.Control{Id: c.ID, FrameworkId: c.FrameworkID, FrameworkName: c.FrameworkName, ParentId: nullUUID(c.ParentID),
		Depth: int32(c.Depth), Position: int32(c.Position), Ref: c.Ref, Title: c.Title, Kind: api.ControlKind(c.Kind),
		Description: c.Description, Guidance: c.Guidance, Attributes: c.Attributes, Applicability: api.Applicability(c.Applicability),
		Justification: c.Justification, OwnerUserId: nullUUID(c.OwnerUserID), Editable: c.Editable(),
		Tags: dataplatform.TagRefs(c.Tags), CreatedAt: c.CreatedAt.UTC(), UpdatedAt: c.UpdatedAt.UTC(), Version: c.Control.Version}
	if out.Attributes == nil {
		out.Attributes = map[string][]string{}
	}
	if c.OwnerName != nil {
		out.OwnerName.Set(*c.OwnerName)
	} else {
		out.OwnerName.SetNull()
	}
	return out
}

// ListFrameworkLibrary implements GET /framework-library.
func (h *ComplianceHandler) ListFrameworkLibrary(ctx context.Context, _ api.ListFrameworkLibraryRequestObject) (api.ListFrameworkLibraryResponseObject, error) {
	list, err := h.s.Library(ctx)
	if err != nil {
		return nil, err
	}
	out := api.ListFrameworkLibrary200JSONResponse{Items: make([]api.LibraryFramework, 0, len(list))}
	for _, e := range list {
		fw := e.Framework
		out.Items = append(out.Items, api.LibraryFramework{Key: fw.Key, Name: fw.Name, Edition: fw.Version, Publisher: fw.Publisher,
			SourceUrl: fw.SourceURL, Description: fw.Description, Groups: int32(e.Groups), Controls: int32(e.Controls),
			Requirements: int32(e.Requirements), FrameworkId: nullUUID(e.FrameworkID)})
	}
	return out, nil
}

// ActivateLibraryFramework implements POST /framework-library/{key}/activate.
func (h *ComplianceHandler) ActivateLibraryFramework(ctx context.Context, req api.ActivateLibraryFrameworkRequestObject) (api.ActivateLibraryFrameworkResponseObject, error) {
	v, err := h.s.Activate(ctx, req.Key)
	if err != nil {
		return nil, err
	}
	return api.ActivateLibraryFramework201JSONResponse(frameworkToAPI(v)), nil
}

// ListFrameworks implements GET /frameworks.
func (h *ComplianceHandler) ListFrameworks(ctx context.Context, req api.ListFrameworksRequestObject) (api.ListFrameworksResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	f := FrameworkFilter{IncludeArchived: p.IncludeArchived != nil && *p.IncludeArchived, Sort: sortKey, Cursor: cursor, Limit: limit}
	if p.Q != nil {
		f.Query = *p.Q
	}
	if p.Origin != nil {
		for _, o := range *p.Origin {
			f.Origins = append(f.Origins, string(o))
		}
	}
	res, err := h.s.ListFrameworks(ctx, f)
	if err != nil {
		return nil, err
	}
	items := make([]api.Framework, 0, len(res.Items))
	for _, v := range res.Items {
		items = append(items, frameworkToAPI(v))
	}
	return api.ListFrameworks200JSONResponse{Items: items, Total: res.Total, NextCursor: httpx.NextCursor(res.NextCursor)}, nil
}

// CreateFramework implements POST /frameworks.
func (h *ComplianceHandler) CreateFramework(ctx context.Context, req api.CreateFrameworkRequestObject) (api.CreateFrameworkResponseObject, error) {
	b := req.Body
	v, err := h.s.CreateFramework(ctx, FrameworkInput{Name: &b.Name, Edition: b.Edition, Publisher: b.Publisher, SourceURL: b.SourceUrl,
		Description: b.Description, Active: b.Active})
	if err != nil {
		return nil, err
	}
	return api.CreateFramework201JSONResponse(frameworkToAPI(v)), nil
}

// GetFramework implements GET /frameworks/{id}.
func (h *ComplianceHandler) GetFramework(ctx context.Context, req api.GetFrameworkRequestObject) (api.GetFrameworkResponseObject, error) {
	v, err := h.s.GetFramework(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return api.GetFramework200JSONResponse{Body: frameworkToAPI(v), Headers: api.GetFramework200ResponseHeaders{ETag: httpx.ETag(v.Framework.Version)}}, nil
}

// UpdateFramework implements PATCH /frameworks/{id}.
func (h *ComplianceHandler) UpdateFramework(ctx context.Context, req api.UpdateFrameworkRequestObject) (api.UpdateFrameworkResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	v, err := h.s.UpdateFramework(ctx, req.Id, ifMatch, FrameworkInput{Name: b.Name, Edition: b.Edition, Publisher: b.Publisher,
		SourceURL: b.SourceUrl, Description: b.Description, Active: b.Active})
	if err != nil {
		return nil, err
	}
	return api.UpdateFramework200JSONResponse{Body: frameworkToAPI(v), Headers: api.UpdateFramework200ResponseHeaders{ETag: httpx.ETag(v.Framework.Version)}}, nil
}

// ArchiveFramework implements POST /frameworks/{id}/archive.
func (h *ComplianceHandler) ArchiveFramework(ctx context.Context, req api.ArchiveFrameworkRequestObject) (api.ArchiveFrameworkResponseObject, error) {
	v, err := h.s.SetFrameworkArchived(ctx, req.Id, true)
	if err != nil {
		return nil, err
	}
	return api.ArchiveFramework200JSONResponse(frameworkToAPI(v)), nil
}

// RestoreFramework implements POST /frameworks/{id}/restore.
func (h *ComplianceHandler) RestoreFramework(ctx context.Context, req api.RestoreFrameworkRequestObject) (api.RestoreFrameworkResponseObject, error) {
	v, err := h.s.SetFrameworkArchived(ctx, req.Id, false)
	if err != nil {
		return nil, err
	}
	return api.RestoreFramework200JSONResponse(frameworkToAPI(v)), nil
}

// ListControls implements GET /frameworks/{id}/controls.
func (h *ComplianceHandler) ListControls(ctx context.Context, req api.ListControlsRequestObject) (api.ListControlsResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	if p.Limit == nil {
		limit = 200
	}
	f := ControlFilter{Owner: p.OwnerUserId, Sort: sortKey, Cursor: cursor, Limit: limit}
	if p.Q != nil {
		f.Query = *p.Q
	}
	if p.Kind != nil {
		for _, k := range *p.Kind {
			f.Kinds = append(f.Kinds, string(k))
		}
	}
	if p.Applicability != nil {
		f.Applicability = string(*p.Applicability)
	}
	res, err := h.s.ListControls(ctx, req.Id, f)
	if err != nil {
		return nil, err
	}
	items := make([]api.Control, 0, len(res.Items))
	for _, c := range res.Items {
		items = append(items, controlToAPI(c))
	}
	return api.ListControls200JSONResponse{Items: items, Total: res.Total, NextCursor: httpx.NextCursor(res.NextCursor)}, nil
}

func kindOf(k *api.ControlKind) *string {
	if k == nil {
		return nil
	}
	s := string(*k)
	return &s
}

func applicabilityOf(a *api.Applicability) *string {
	if a == nil {
		return nil
	}
	s := string(*a)
	return &s
}

// CreateControl implements POST /frameworks/{id}/controls.
func (h *ComplianceHandler) CreateControl(ctx context.Context, req api.CreateControlRequestObject) (api.CreateControlResponseObject, error) {
	b := req.Body
	in := ControlInput{Ref: &b.Ref, Title: &b.Title, Kind: kindOf(b.Kind), Description: b.Description, Guidance: b.Guidance,
		Justification: b.Justification, Applicability: applicabilityOf(b.Applicability), OwnerUserID: patch.From(b.OwnerUserId),
		TagIDs: b.TagIds, ParentID: patch.From(b.ParentId).Ptr()}
	v, err := h.s.CreateControl(ctx, req.Id, in)
	if err != nil {
		return nil, err
	}
	return api.CreateControl201JSONResponse(controlToAPI(v)), nil
}

// GetControl implements GET /controls/{id}.
func (h *ComplianceHandler) GetControl(ctx context.Context, req api.GetControlRequestObject) (api.GetControlResponseObject, error) {
	v, err := h.s.GetControl(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return api.GetControl200JSONResponse{Body: controlToAPI(v), Headers: api.GetControl200ResponseHeaders{ETag: httpx.ETag(v.Control.Version)}}, nil
}

// UpdateControl implements PATCH /controls/{id}.
func (h *ComplianceHandler) UpdateControl(ctx context.Context, req api.UpdateControlRequestObject) (api.UpdateControlResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	in := ControlInput{Ref: b.Ref, Title: b.Title, Description: b.Description, Guidance: b.Guidance, Justification: b.Justification,
		Applicability: applicabilityOf(b.Applicability), OwnerUserID: patch.From(b.OwnerUserId), TagIDs: b.TagIds}
	v, err := h.s.UpdateControl(ctx, req.Id, ifMatch, in)
	if err != nil {
		return nil, err
	}
	return api.UpdateControl200JSONResponse{Body: controlToAPI(v), Headers: api.UpdateControl200ResponseHeaders{ETag: httpx.ETag(v.Control.Version)}}, nil
}

func date(t *time.Time) nullable.Nullable[openapi_types.Date] {
	if t == nil {
		return nullable.NewNullNullable[openapi_types.Date]()
	}
	return nullable.NewNullableWithValue(openapi_types.Date{Time: *t})
}

func dateIn(n nullable.Nullable[openapi_types.Date]) *time.Time {
	d := patch.From(n).Ptr()
	if d == nil {
		return nil
	}
	return &d.Time
}

func evidenceToAPI(e EvidenceView) api.Evidence {
	return api.Evidence{Id: e.ID, ControlId: e.ControlID, ControlRef: e.ControlRef, ControlTitle: e.ControlTitle,
		FrameworkId: e.FrameworkID, FrameworkName: e.FrameworkName, Entity: dataplatform.EntityRef(e.Entity),
		Description: e.Description, EffectiveFrom: date(e.EffectiveFrom), EffectiveTo: date(e.EffectiveTo),
		CreatedByName: e.CreatedByName, CreatedAt: e.CreatedAt.UTC()}
}

func evidenceList(res db.PageResult[EvidenceView]) api.EvidenceList {
	items := make([]api.Evidence, 0, len(res.Items))
	for _, e := range res.Items {
		items = append(items, evidenceToAPI(e))
	}
	return api.EvidenceList{Items: items, Total: res.Total, NextCursor: httpx.NextCursor(res.NextCursor)}
}

// ListControlEvidence implements GET /controls/{id}/evidence.
func (h *ComplianceHandler) ListControlEvidence(ctx context.Context, req api.ListControlEvidenceRequestObject) (api.ListControlEvidenceResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	res, err := h.s.ListControlEvidence(ctx, req.Id, EvidencePage{Sort: sortKey, Cursor: cursor, Limit: limit})
	if err != nil {
		return nil, err
	}
	return api.ListControlEvidence200JSONResponse(evidenceList(res)), nil
}

// AddControlEvidence implements POST /controls/{id}/evidence.
func (h *ComplianceHandler) AddControlEvidence(ctx context.Context, req api.AddControlEvidenceRequestObject) (api.AddControlEvidenceResponseObject, error) {
	b := req.Body
	v, err := h.s.AddEvidence(ctx, req.Id, EvidenceInput{EntityType: b.EntityType, EntityID: b.EntityId, Description: b.Description,
		EffectiveFrom: dateIn(b.EffectiveFrom), EffectiveTo: dateIn(b.EffectiveTo)})
	if err != nil {
		return nil, err
	}
	return api.AddControlEvidence201JSONResponse(evidenceToAPI(v)), nil
}

// ListEvidenceOfEntity implements GET /evidence.
func (h *ComplianceHandler) ListEvidenceOfEntity(ctx context.Context, req api.ListEvidenceOfEntityRequestObject) (api.ListEvidenceOfEntityResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	res, err := h.s.ListEntityEvidence(ctx, p.Type, p.Id, EvidencePage{Sort: sortKey, Cursor: cursor, Limit: limit})
	if err != nil {
		return nil, err
	}
	return api.ListEvidenceOfEntity200JSONResponse(evidenceList(res)), nil
}

// RemoveEvidence implements DELETE /evidence/{id}.
func (h *ComplianceHandler) RemoveEvidence(ctx context.Context, req api.RemoveEvidenceRequestObject) (api.RemoveEvidenceResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	if err := h.s.RemoveEvidence(ctx, req.Id, ifMatch); err != nil {
		return nil, err
	}
	return api.RemoveEvidence204Response{}, nil
}
