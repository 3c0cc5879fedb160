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

func ruleToAPI(r RuleView) api.Rule {
	out := api.Rule{Id: r.ID, ControlId: r.ControlID, Target: r.Target, Criteria: r.Criteria, Scope: api.RuleScope(r.Scope),
		FrequencyDays: int32(r.FrequencyDays), GraceDays: int32(r.GraceDays), Enabled: r.Enabled, Description: r.Description,
		Status: api.RuleStatus(r.Status), NextDue: date(r.NextDue), CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		Version: r.Version}
	if out.Criteria == nil {
		out.Criteria = map[string][]string{}
	}
	if r.NewestAt != nil {
		out.NewestAt.Set(r.NewestAt.UTC())
	} else {
		out.NewestAt.SetNull()
	}
	return out
}

func intPtr(p *int32) *int {
	if p == nil {
		return nil
	}
	n := int(*p)
	return &n
}

// ListRuleTargets implements GET /rule-targets.
func (h *ComplianceHandler) ListRuleTargets(_ context.Context, _ api.ListRuleTargetsRequestObject) (api.ListRuleTargetsResponseObject, error) {
	out := api.ListRuleTargets200JSONResponse{Items: []api.RuleTarget{}}
	for _, t := range h.s.Targets().List() {
		crit := make([]api.RuleCriterion, 0, len(t.Criteria))
		for _, c := range t.Criteria {
			crit = append(crit, api.RuleCriterion{Name: c.Name, Label: c.Label, Values: c.Values})
		}
		out.Items = append(out.Items, api.RuleTarget{Name: t.Name, Label: t.Label, Module: t.Module, EntityType: t.EntityType, Criteria: crit})
	}
	return out, nil
}

// ListControlRules implements GET /controls/{id}/rules.
func (h *ComplianceHandler) ListControlRules(ctx context.Context, req api.ListControlRulesRequestObject) (api.ListControlRulesResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	res, err := h.s.ListRules(ctx, req.Id, sortKey, cursor, limit)
	if err != nil {
		return nil, err
	}
	items := make([]api.Rule, 0, len(res.Items))
	for _, r := range res.Items {
		items = append(items, ruleToAPI(r))
	}
	return api.ListControlRules200JSONResponse{Items: items, Total: res.Total, NextCursor: httpx.NextCursor(res.NextCursor)}, nil
}

// CreateControlRule implements POST /controls/{id}/rules.
func (h *ComplianceHandler) CreateControlRule(ctx context.Context, req api.CreateControlRuleRequestObject) (api.CreateControlRuleResponseObject, error) {
	b := req.Body
	freq := int(b.FrequencyDays)
	in := RuleInput{Target: b.Target, Criteria: b.Criteria, Description: b.Description, FrequencyDays: &freq,
		GraceDays: intPtr(b.GraceDays), Enabled: b.Enabled}
	if b.Scope != nil {
		sc := string(*b.Scope)
		in.Scope = &sc
	}
	v, err := h.s.CreateRule(ctx, req.Id, in)
	if err != nil {
		return nil, err
	}
	return api.CreateControlRule201JSONResponse(ruleToAPI(v)), nil
}

// UpdateRule implements PATCH /rules/{id}.
func (h *ComplianceHandler) UpdateRule(ctx context.Context, req api.UpdateRuleRequestObject) (api.UpdateRuleResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	in := RuleInput{Criteria: b.Criteria, Description: b.Description, FrequencyDays: intPtr(b.FrequencyDays),
		GraceDays: intPtr(b.GraceDays), Enabled: b.Enabled}
	if b.Scope != nil {
		sc := string(*b.Scope)
		in.Scope = &sc
	}
	v, err := h.s.UpdateRule(ctx, req.Id, ifMatch, in)
	if err != nil {
		return nil, err
	}
	return api.UpdateRule200JSONResponse{Body: ruleToAPI(v), Headers: api.UpdateRule200ResponseHeaders{ETag: httpx.ETag(v.Version)}}, nil
}

// DeleteRule implements DELETE /rules/{id}.
func (h *ComplianceHandler) DeleteRule(ctx context.Context, req api.DeleteRuleRequestObject) (api.DeleteRuleResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	if err := h.s.DeleteRule(ctx, req.Id, ifMatch); err != nil {
		return nil, err
	}
	return api.DeleteRule204Response{}, nil
}

// GetFrameworkStatus implements GET /frameworks/{id}/status.
func (h *ComplianceHandler) GetFrameworkStatus(ctx context.Context, req api.GetFrameworkStatusRequestObject) (api.GetFrameworkStatusResponseObject, error) {
	st, err := h.s.Status(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	out := api.FrameworkStatus{FrameworkId: st.FrameworkID, Applicable: st.Applicable, ComputedAt: st.ComputedAt,
		Controls: make([]api.ControlStatus, 0, len(st.Controls))}
	out.Counts.Compliant, out.Counts.Warning, out.Counts.NonCompliant = st.Counts[Compliant], st.Counts[Warning], st.Counts[NonCompliant]
	out.Counts.Manual, out.Counts.Uncovered, out.Counts.NotApplicable = st.Counts[Manual], st.Counts[Uncovered], st.Counts[NotApplicable]
	if st.Score != nil {
		out.Score.Set(*st.Score)
	} else {
		out.Score.SetNull()
	}
	for _, c := range st.Controls {
		out.Controls = append(out.Controls, api.ControlStatus{ControlId: c.ControlID, Ref: c.Ref, Title: c.Title,
			Status: api.ControlStatusStatus(c.Status), NextDue: date(c.NextDue)})
	}
	return api.GetFrameworkStatus200JSONResponse(out), nil
}
