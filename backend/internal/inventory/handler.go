package inventory

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/opsdeck/opsdeck/api"
	"github.com/opsdeck/opsdeck/backend/internal/platform/httpx"
)

// InventoryHandler implements the inventory campaign operations.
type InventoryHandler struct{ s *Service }

// NewHandler returns the handler.
func NewHandler(s *Service) *InventoryHandler { return &InventoryHandler{s: s} }

func nTime(t *time.Time) nullable.Nullable[time.Time] {
	if t == nil {
		return nullable.NewNullNullable[time.Time]()
	}
	return nullable.NewNullableWithValue(t.UTC())
}

func nDate(t *time.Time) nullable.Nullable[openapi_types.Date] {
	if t == nil {
		return nullable.NewNullNullable[openapi_types.Date]()
	}
	return nullable.NewNullableWithValue(openapi_types.Date{Time: *t})
}

func nVal[T any](p *T) nullable.Nullable[T] {
	if p == nil {
		return nullable.NewNullNullable[T]()
	}
	return nullable.NewNullableWithValue(*p)
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// dueOn maps the nullable due date of a request: (date, sent).
func dueOn(n nullable.Nullable[openapi_types.Date]) (*time.Time, bool) {
	if !n.IsSpecified() {
		return nil, false
	}
	if n.IsNull() {
		return nil, true
	}
	t := n.MustGet().Time
	return &t, true
}

func campaignToAPI(c Campaign) api.InventoryCampaign {
	return api.InventoryCampaign{Id: c.ID, Name: c.Name, LocationId: nVal(c.LocationID), LocationName: nVal(c.LocationName),
		DueOn: nDate(c.DueOn), Notes: c.Notes, Status: api.CampaignStatus(c.Status), Total: c.Total, Pending: c.Pending,
		Verified: c.Verified, Flagged: c.Flagged, Missing: c.Missing, CreatedByName: c.CreatedByName,
		CompletedAt: nTime(c.CompletedAt), CompletedByName: nVal(c.CompletedByName), CreatedAt: c.CreatedAt.UTC(),
		UpdatedAt: c.UpdatedAt.UTC(), ArchivedAt: nTime(c.ArchivedAt), Version: c.Version}
}

func itemToAPI(r ItemRow) api.InventoryItem {
	return api.InventoryItem{AssetId: r.AssetID, AssetName: r.AssetName, AssetTag: nVal(r.AssetTag), Serial: nVal(r.Serial),
		LocationName: nVal(r.LocationName), HolderName: nVal(r.HolderName), Result: api.CampaignItemResult(r.Result),
		Note: r.Note, CheckedAt: nTime(r.CheckedAt), CheckedByName: nVal(r.CheckedByName)}
}

func page[T, U any](items []T, conv func(T) U) []U {
	out := make([]U, 0, len(items))
	for _, it := range items {
		out = append(out, conv(it))
	}
	return out
}

// ListInventoryCampaigns implements GET /inventory-campaigns.
func (h *InventoryHandler) ListInventoryCampaigns(ctx context.Context, req api.ListInventoryCampaignsRequestObject) (api.ListInventoryCampaignsResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	f := CampaignFilter{Query: str(p.Q), IncludeArchived: p.IncludeArchived != nil && *p.IncludeArchived, Sort: sortKey,
		Cursor: cursor, Limit: limit}
	if p.Status != nil {
		f.Status = string(*p.Status)
	}
	res, err := h.s.ListCampaigns(ctx, f)
	if err != nil {
		return nil, err
	}
	return api.ListInventoryCampaigns200JSONResponse{Items: page(res.Items, campaignToAPI), Total: res.Total,
		NextCursor: httpx.NextCursor(res.NextCursor)}, nil
}

// CreateInventoryCampaign implements POST /inventory-campaigns.
func (h *InventoryHandler) CreateInventoryCampaign(ctx context.Context, req api.CreateInventoryCampaignRequestObject) (api.CreateInventoryCampaignResponseObject, error) {
	b := req.Body
	in := CampaignInput{Name: &b.Name, Notes: b.Notes}
	in.DueOn, in.DueOnSet = dueOn(b.DueOn)
	if b.LocationId.IsSpecified() && !b.LocationId.IsNull() {
		l := uuid.UUID(b.LocationId.MustGet())
		in.LocationID = &l
	}
	c, err := h.s.CreateCampaign(ctx, in)
	if err != nil {
		return nil, err
	}
	return api.CreateInventoryCampaign201JSONResponse(campaignToAPI(c)), nil
}

// GetInventoryCampaign implements GET /inventory-campaigns/{id}.
func (h *InventoryHandler) GetInventoryCampaign(ctx context.Context, req api.GetInventoryCampaignRequestObject) (api.GetInventoryCampaignResponseObject, error) {
	c, err := h.s.GetCampaign(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return api.GetInventoryCampaign200JSONResponse{Body: campaignToAPI(c),
		Headers: api.GetInventoryCampaign200ResponseHeaders{ETag: httpx.ETag(c.Version)}}, nil
}

// UpdateInventoryCampaign implements PATCH /inventory-campaigns/{id}.
func (h *InventoryHandler) UpdateInventoryCampaign(ctx context.Context, req api.UpdateInventoryCampaignRequestObject) (api.UpdateInventoryCampaignResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	in := CampaignInput{Name: b.Name, Notes: b.Notes}
	in.DueOn, in.DueOnSet = dueOn(b.DueOn)
	c, err := h.s.UpdateCampaign(ctx, req.Id, ifMatch, in)
	if err != nil {
		return nil, err
	}
	return api.UpdateInventoryCampaign200JSONResponse{Body: campaignToAPI(c),
		Headers: api.UpdateInventoryCampaign200ResponseHeaders{ETag: httpx.ETag(c.Version)}}, nil
}

// ArchiveInventoryCampaign implements POST /inventory-campaigns/{id}/archive.
func (h *InventoryHandler) ArchiveInventoryCampaign(ctx context.Context, req api.ArchiveInventoryCampaignRequestObject) (api.ArchiveInventoryCampaignResponseObject, error) {
	c, err := h.s.SetArchived(ctx, req.Id, true)
	if err != nil {
		return nil, err
	}
	return api.ArchiveInventoryCampaign200JSONResponse(campaignToAPI(c)), nil
}

// RestoreInventoryCampaign implements POST /inventory-campaigns/{id}/restore.
func (h *InventoryHandler) RestoreInventoryCampaign(ctx context.Context, req api.RestoreInventoryCampaignRequestObject) (api.RestoreInventoryCampaignResponseObject, error) {
	c, err := h.s.SetArchived(ctx, req.Id, false)
	if err != nil {
		return nil, err
	}
	return api.RestoreInventoryCampaign200JSONResponse(campaignToAPI(c)), nil
}

// CompleteInventoryCampaign implements POST /inventory-campaigns/{id}/complete.
func (h *InventoryHandler) CompleteInventoryCampaign(ctx context.Context, req api.CompleteInventoryCampaignRequestObject) (api.CompleteInventoryCampaignResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	c, err := h.s.Complete(ctx, req.Id, ifMatch)
	if err != nil {
		return nil, err
	}
	return api.CompleteInventoryCampaign200JSONResponse(campaignToAPI(c)), nil
}

// ListInventoryItems implements GET /inventory-campaigns/{id}/items.
func (h *InventoryHandler) ListInventoryItems(ctx context.Context, req api.ListInventoryItemsRequestObject) (api.ListInventoryItemsResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	f := ItemFilter{Query: str(p.Q), Sort: sortKey, Cursor: cursor, Limit: limit}
	if p.Result != nil {
		for _, r := range *p.Result {
			f.Results = append(f.Results, string(r))
		}
	}
	res, err := h.s.ListItems(ctx, req.Id, f)
	if err != nil {
		return nil, err
	}
	return api.ListInventoryItems200JSONResponse{Items: page(res.Items, itemToAPI), Total: res.Total,
		NextCursor: httpx.NextCursor(res.NextCursor)}, nil
}

// CheckInventoryItem implements POST /inventory-campaigns/{id}/items/{asset_id}.
func (h *InventoryHandler) CheckInventoryItem(ctx context.Context, req api.CheckInventoryItemRequestObject) (api.CheckInventoryItemResponseObject, error) {
	r, err := h.s.Check(ctx, req.Id, req.AssetId, string(req.Body.Result), str(req.Body.Note))
	if err != nil {
		return nil, err
	}
	return api.CheckInventoryItem200JSONResponse(itemToAPI(r)), nil
}
