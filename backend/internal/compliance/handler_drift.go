package compliance

import (
	"context"

	"github.com/opsdeck/opsdeck/api"
	"github.com/opsdeck/opsdeck/backend/internal/platform/httpx"
)

func countsToAPI(c map[string]int64) api.StatusCounts {
	return api.StatusCounts{Compliant: c[Compliant], Warning: c[Warning], NonCompliant: c[NonCompliant], Manual: c[Manual],
		Uncovered: c[Uncovered], NotApplicable: c[NotApplicable]}
}

func snapshotToAPI(s Snapshot) api.Snapshot {
	out := api.Snapshot{Id: s.ID, FrameworkId: s.FrameworkID, TakenAt: s.TakenAt.UTC(), Trigger: api.SnapshotTrigger(s.Trigger),
		TakenBy: s.TakenBy, Applicable: s.Applicable, Counts: countsToAPI(s.Counts), Regressions: int32(s.Regressions),
		Improvements: int32(s.Improvements)}
	if s.PreviousID != nil {
		out.PreviousId.Set(*s.PreviousID)
	} else {
		out.PreviousId.SetNull()
	}
	if s.Score != nil {
		out.Score.Set(*s.Score)
	} else {
		out.Score.SetNull()
	}
	return out
}

// ListFrameworkSnapshots implements GET /frameworks/{id}/snapshots.
func (h *ComplianceHandler) ListFrameworkSnapshots(ctx context.Context, req api.ListFrameworkSnapshotsRequestObject) (api.ListFrameworkSnapshotsResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	res, err := h.s.ListSnapshots(ctx, req.Id, SnapshotFilter{From: p.From, To: p.To, Sort: sortKey, Cursor: cursor, Limit: limit})
	if err != nil {
		return nil, err
	}
	items := make([]api.Snapshot, 0, len(res.Items))
	for _, s := range res.Items {
		items = append(items, snapshotToAPI(s))
	}
	return api.ListFrameworkSnapshots200JSONResponse{Items: items, Total: res.Total, NextCursor: httpx.NextCursor(res.NextCursor)}, nil
}

// TakeFrameworkSnapshot implements POST /frameworks/{id}/snapshots.
func (h *ComplianceHandler) TakeFrameworkSnapshot(ctx context.Context, req api.TakeFrameworkSnapshotRequestObject) (api.TakeFrameworkSnapshotResponseObject, error) {
	s, err := h.s.TakeSnapshot(ctx, req.Id, TriggerManual)
	if err != nil {
		return nil, err
	}
	return api.TakeFrameworkSnapshot201JSONResponse(snapshotToAPI(s)), nil
}

// ListFrameworkDrift implements GET /frameworks/{id}/drift.
func (h *ComplianceHandler) ListFrameworkDrift(ctx context.Context, req api.ListFrameworkDriftRequestObject) (api.ListFrameworkDriftResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	f := DriftFilter{Control: p.ControlId, From: p.From, To: p.To, Sort: sortKey, Cursor: cursor, Limit: limit}
	if p.Grade != nil {
		for _, g := range *p.Grade {
			f.Grades = append(f.Grades, string(g))
		}
	}
	res, err := h.s.ListDrift(ctx, req.Id, f)
	if err != nil {
		return nil, err
	}
	items := make([]api.Drift, 0, len(res.Items))
	for _, d := range res.Items {
		items = append(items, api.Drift{Id: d.ID, FrameworkId: d.FrameworkID, SnapshotId: d.SnapshotID, ControlId: d.ControlID,
			ControlRef: d.ControlRef, ControlTitle: d.ControlTitle, FromStatus: api.ComplianceStatus(d.FromStatus),
			ToStatus: api.ComplianceStatus(d.ToStatus), Grade: api.DriftGrade(d.Grade), DetectedAt: d.DetectedAt.UTC()})
	}
	return api.ListFrameworkDrift200JSONResponse{Items: items, Total: res.Total, NextCursor: httpx.NextCursor(res.NextCursor)}, nil
}

func mappedToAPI(c MappedControl) api.MappedControl {
	return api.MappedControl{Id: c.ID, Ref: c.Ref, Title: c.Title, FrameworkId: c.FrameworkID, FrameworkName: c.FrameworkName}
}

func mappingToAPI(m MappingView) api.Mapping {
	return api.Mapping{Id: m.ID, Source: mappedToAPI(m.Source), Target: mappedToAPI(m.Target),
		Relation: api.MappingRelation(m.Relation), EvidenceFlow: api.EvidenceFlow(m.EvidenceFlow), Note: m.Note,
		CreatedBy: m.CreatedBy, CreatedAt: m.CreatedAt.UTC(), UpdatedAt: m.UpdatedAt.UTC(), Version: m.Version}
}

func strOf[T ~string](p *T) *string {
	if p == nil {
		return nil
	}
	s := string(*p)
	return &s
}

// ListControlMappings implements GET /controls/{id}/mappings.
func (h *ComplianceHandler) ListControlMappings(ctx context.Context, req api.ListControlMappingsRequestObject) (api.ListControlMappingsResponseObject, error) {
	p := req.Params
	limit, _, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	res, err := h.s.ListMappings(ctx, req.Id, cursor, limit)
	if err != nil {
		return nil, err
	}
	items := make([]api.Mapping, 0, len(res.Items))
	for _, m := range res.Items {
		items = append(items, mappingToAPI(m))
	}
	return api.ListControlMappings200JSONResponse{Items: items, Total: res.Total, NextCursor: httpx.NextCursor(res.NextCursor)}, nil
}

// CreateControlMapping implements POST /controls/{id}/mappings.
func (h *ComplianceHandler) CreateControlMapping(ctx context.Context, req api.CreateControlMappingRequestObject) (api.CreateControlMappingResponseObject, error) {
	b := req.Body
	rel := string(b.Relation)
	v, err := h.s.CreateMapping(ctx, req.Id, MappingInput{TargetControlID: &b.TargetControlId, Relation: &rel,
		EvidenceFlow: strOf(b.EvidenceFlow), Note: b.Note})
	if err != nil {
		return nil, err
	}
	return api.CreateControlMapping201JSONResponse(mappingToAPI(v)), nil
}

// UpdateControlMapping implements PATCH /control-mappings/{id}.
func (h *ComplianceHandler) UpdateControlMapping(ctx context.Context, req api.UpdateControlMappingRequestObject) (api.UpdateControlMappingResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	v, err := h.s.UpdateMapping(ctx, req.Id, ifMatch, MappingInput{Relation: strOf(b.Relation), EvidenceFlow: strOf(b.EvidenceFlow),
		Note: b.Note})
	if err != nil {
		return nil, err
	}
	return api.UpdateControlMapping200JSONResponse{Body: mappingToAPI(v),
		Headers: api.UpdateControlMapping200ResponseHeaders{ETag: httpx.ETag(v.Version)}}, nil
}

// DeleteControlMapping implements DELETE /control-mappings/{id}.
func (h *ComplianceHandler) DeleteControlMapping(ctx context.Context, req api.DeleteControlMappingRequestObject) (api.DeleteControlMappingResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	if err := h.s.DeleteMapping(ctx, req.Id, ifMatch); err != nil {
		return nil, err
	}
	return api.DeleteControlMapping204Response{}, nil
}
