package assets

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/opsdeck/opsdeck/api"
	"github.com/opsdeck/opsdeck/backend/internal/dataplatform"
	"github.com/opsdeck/opsdeck/backend/internal/platform/httpx"
)

func maintenanceToAPI(v MaintenanceView) api.MaintenanceLog {
	m := v.MaintenanceLog
	out := api.MaintenanceLog{Id: m.ID, AssetId: nUUID(m.AssetID), PeripheralId: nUUID(m.PeripheralID), ItemName: v.ItemName,
		Type: api.MaintenanceType(m.Type), Status: api.MaintenanceStatus(m.Status), Title: m.Title, Description: m.Description,
		AssigneeId: nUUID(m.AssigneeID), AssigneeName: nVal(v.AssigneeName), PerformedOn: openapi_types.Date{Time: m.PerformedOn},
		TicketUrl: nVal(m.TicketURL), Cost: nVal(m.Cost), Currency: nVal(m.Currency), ErasureVerifiedBy: m.ErasureVerifiedBy,
		Tags: dataplatform.TagRefs(v.Tags), CreatedAt: m.CreatedAt.UTC(), UpdatedAt: m.UpdatedAt.UTC(), ArchivedAt: nTime(m.ArchivedAt),
		Version: m.Version}
	if m.ErasureMethod != nil {
		out.ErasureMethod.Set(api.ErasureMethod(*m.ErasureMethod))
	} else {
		out.ErasureMethod.SetNull()
	}
	return out
}

func enumPtr[T ~string](p *T) *string {
	if p == nil {
		return nil
	}
	s := string(*p)
	return &s
}

func datePtr(d *openapi_types.Date) *time.Time {
	if d == nil {
		return nil
	}
	return &d.Time
}

func erasure(n nullable.Nullable[api.ErasureMethod]) Opt[string] {
	return opt(n, func(e api.ErasureMethod) string { return string(e) })
}

// ListMaintenanceLogs implements GET /maintenance-logs.
func (h *AssetsHandler) ListMaintenanceLogs(ctx context.Context, req api.ListMaintenanceLogsRequestObject) (api.ListMaintenanceLogsResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, enumPtr(p.Sort), p.Cursor)
	f := MaintenanceFilter{Query: str(p.Q), AssetID: p.AssetId, PeripheralID: p.PeripheralId, AssigneeID: p.AssigneeId,
		From: datePtr(p.From), To: datePtr(p.To), IncludeArchived: boolOr(p.IncludeArchived), Sort: sortKey, Cursor: cursor, Limit: limit}
	if p.Type != nil {
		for _, t := range *p.Type {
			f.Types = append(f.Types, string(t))
		}
	}
	if p.Status != nil {
		for _, st := range *p.Status {
			f.Statuses = append(f.Statuses, string(st))
		}
	}
	if p.Tag != nil {
		f.TagIDs = *p.Tag
	}
	res, err := h.s.ListMaintenance(ctx, f)
	if err != nil {
		return nil, err
	}
	return api.ListMaintenanceLogs200JSONResponse{Items: page(res.Items, maintenanceToAPI), Total: res.Total, NextCursor: httpx.NextCursor(res.NextCursor)}, nil
}

// CreateMaintenanceLog implements POST /maintenance-logs.
func (h *AssetsHandler) CreateMaintenanceLog(ctx context.Context, req api.CreateMaintenanceLogRequestObject) (api.CreateMaintenanceLogResponseObject, error) {
	b := req.Body
	typ := string(b.Type)
	v, err := h.s.CreateMaintenance(ctx, MaintenanceInput{AssetID: optPtr(b.AssetId), PeripheralID: optPtr(b.PeripheralId),
		Type: &typ, Status: enumPtr(b.Status), Title: &b.Title, Description: b.Description, VerifiedBy: b.ErasureVerifiedBy,
		AssigneeID: opt(b.AssigneeId, same[uuid.UUID]), PerformedOn: &b.PerformedOn.Time, TicketURL: opt(b.TicketUrl, same[string]),
		Cost: opt(b.Cost, same[string]), Currency: opt(b.Currency, same[string]), ErasureMethod: erasure(b.ErasureMethod), TagIDs: b.TagIds})
	if err != nil {
		return nil, err
	}
	return api.CreateMaintenanceLog201JSONResponse(maintenanceToAPI(v)), nil
}

// GetMaintenanceLog implements GET /maintenance-logs/{id}.
func (h *AssetsHandler) GetMaintenanceLog(ctx context.Context, req api.GetMaintenanceLogRequestObject) (api.GetMaintenanceLogResponseObject, error) {
	v, err := h.s.GetMaintenance(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return api.GetMaintenanceLog200JSONResponse{Body: maintenanceToAPI(v), Headers: api.GetMaintenanceLog200ResponseHeaders{ETag: httpx.ETag(v.Version)}}, nil
}

// UpdateMaintenanceLog implements PATCH /maintenance-logs/{id}.
func (h *AssetsHandler) UpdateMaintenanceLog(ctx context.Context, req api.UpdateMaintenanceLogRequestObject) (api.UpdateMaintenanceLogResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	v, err := h.s.UpdateMaintenance(ctx, req.Id, ifMatch, MaintenanceInput{Type: enumPtr(b.Type), Status: enumPtr(b.Status),
		Title: b.Title, Description: b.Description, VerifiedBy: b.ErasureVerifiedBy, AssigneeID: opt(b.AssigneeId, same[uuid.UUID]),
		PerformedOn: datePtr(b.PerformedOn), TicketURL: opt(b.TicketUrl, same[string]), Cost: opt(b.Cost, same[string]),
		Currency: opt(b.Currency, same[string]), ErasureMethod: erasure(b.ErasureMethod), TagIDs: b.TagIds})
	if err != nil {
		return nil, err
	}
	return api.UpdateMaintenanceLog200JSONResponse{Body: maintenanceToAPI(v), Headers: api.UpdateMaintenanceLog200ResponseHeaders{ETag: httpx.ETag(v.Version)}}, nil
}

// ArchiveMaintenanceLog implements POST /maintenance-logs/{id}/archive.
func (h *AssetsHandler) ArchiveMaintenanceLog(ctx context.Context, req api.ArchiveMaintenanceLogRequestObject) (api.ArchiveMaintenanceLogResponseObject, error) {
	v, err := h.s.SetMaintenanceArchived(ctx, req.Id, true)
	if err != nil {
		return nil, err
	}
	return api.ArchiveMaintenanceLog200JSONResponse(maintenanceToAPI(v)), nil
}

// RestoreMaintenanceLog implements POST /maintenance-logs/{id}/restore.
func (h *AssetsHandler) RestoreMaintenanceLog(ctx context.Context, req api.RestoreMaintenanceLogRequestObject) (api.RestoreMaintenanceLogResponseObject, error) {
	v, err := h.s.SetMaintenanceArchived(ctx, req.Id, false)
	if err != nil {
		return nil, err
	}
	return api.RestoreMaintenanceLog200JSONResponse(maintenanceToAPI(v)), nil
}
