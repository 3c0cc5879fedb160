package assets

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/opsdeck/opsdeck/api"
	"github.com/opsdeck/opsdeck/backend/internal/dataplatform"
	"github.com/opsdeck/opsdeck/backend/internal/platform/httpx"
	"github.com/opsdeck/opsdeck/backend/internal/platform/timeline"
)

// AssetsHandler implements the assets operations.
type AssetsHandler struct {
	s        *Service
	timeline *timeline.Service
}

// NewHandler returns the handler.
func NewHandler(s *Service, t *timeline.Service) *AssetsHandler {
	return &AssetsHandler{s: s, timeline: t}
}

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

func nUUID(p *uuid.UUID) nullable.Nullable[openapi_types.UUID] { return nVal(p) }

// opt maps a nullable request field to an Opt.
func opt[T, U any](n nullable.Nullable[T], conv func(T) U) Opt[U] {
	if !n.IsSpecified() {
		return Opt[U]{}
	}
	if n.IsNull() {
		return Opt[U]{Set: true, Null: true}
	}
	return Some(conv(n.MustGet()))
}

func same[T any](v T) T { return v }

func optPtr[T any](n nullable.Nullable[T]) *T {
	if !n.IsSpecified() || n.IsNull() {
		return nil
	}
	v := n.MustGet()
	return &v
}

func page[T any, U any](items []T, conv func(T) U) []U {
	out := make([]U, 0, len(items))
	for _, it := range items {
		out = append(out, conv(it))
	}
	return out
}

func boolOr(p *bool) bool { return p != nil && *p }

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// ---- locations ----

func locationToAPI(l Location) api.Location {
	return api.Location{Id: l.ID, Name: l.Name, AddressLine1: l.AddressLine1, AddressLine2: l.AddressLine2, PostalCode: l.PostalCode,
		City: l.City, Country: l.Country, Timezone: l.Timezone, Physical: l.Physical, Notes: l.Notes,
		CustomFields: dataplatform.CustomFieldsOut(l.CustomFields), AssetCount: l.AssetCount, CreatedAt: l.CreatedAt.UTC(),
		UpdatedAt: l.UpdatedAt.UTC(), ArchivedAt: nTime(l.ArchivedAt), Version: l.Version}
}

// ListLocations implements GET /locations.
func (h *AssetsHandler) ListLocations(ctx context.Context, req api.ListLocationsRequestObject) (api.ListLocationsResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	res, err := h.s.ListLocations(ctx, ListFilter{Query: str(p.Q), IncludeArchived: boolOr(p.IncludeArchived), Sort: sortKey,
		Cursor: cursor, Limit: limit, Country: str(p.Country), Physical: p.Physical})
	if err != nil {
		return nil, err
	}
	return api.ListLocations200JSONResponse{Items: page(res.Items, locationToAPI), Total: res.Total, NextCursor: httpx.NextCursor(res.NextCursor)}, nil
}

// CreateLocation implements POST /locations.
func (h *AssetsHandler) CreateLocation(ctx context.Context, req api.CreateLocationRequestObject) (api.CreateLocationResponseObject, error) {
	b := req.Body
	l, err := h.s.CreateLocation(ctx, LocationInput{Name: &b.Name, AddressLine1: b.AddressLine1, AddressLine2: b.AddressLine2,
		PostalCode: b.PostalCode, City: b.City, Country: b.Country, Timezone: b.Timezone, Notes: b.Notes, Physical: b.Physical,
		CustomFields: dataplatform.CustomFieldsIn(b.CustomFields)})
	if err != nil {
		return nil, err
	}
	return api.CreateLocation201JSONResponse(locationToAPI(l)), nil
}

// GetLocation implements GET /locations/{id}.
func (h *AssetsHandler) GetLocation(ctx context.Context, req api.GetLocationRequestObject) (api.GetLocationResponseObject, error) {
	l, err := h.s.GetLocation(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return api.GetLocation200JSONResponse{Body: locationToAPI(l), Headers: api.GetLocation200ResponseHeaders{ETag: httpx.ETag(l.Version)}}, nil
}

// UpdateLocation implements PATCH /locations/{id}.
func (h *AssetsHandler) UpdateLocation(ctx context.Context, req api.UpdateLocationRequestObject) (api.UpdateLocationResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	l, err := h.s.UpdateLocation(ctx, req.Id, ifMatch, LocationInput{Name: b.Name, AddressLine1: b.AddressLine1, AddressLine2: b.AddressLine2,
		PostalCode: b.PostalCode, City: b.City, Country: b.Country, Timezone: b.Timezone, Notes: b.Notes, Physical: b.Physical,
		CustomFields: dataplatform.CustomFieldsIn(b.CustomFields)})
	if err != nil {
		return nil, err
	}
	return api.UpdateLocation200JSONResponse{Body: locationToAPI(l), Headers: api.UpdateLocation200ResponseHeaders{ETag: httpx.ETag(l.Version)}}, nil
}

// ArchiveLocation implements POST /locations/{id}/archive.
func (h *AssetsHandler) ArchiveLocation(ctx context.Context, req api.ArchiveLocationRequestObject) (api.ArchiveLocationResponseObject, error) {
	l, err := h.s.SetLocationArchived(ctx, req.Id, true)
	if err != nil {
		return nil, err
	}
	return api.ArchiveLocation200JSONResponse(locationToAPI(l)), nil
}

// RestoreLocation implements POST /locations/{id}/restore.
func (h *AssetsHandler) RestoreLocation(ctx context.Context, req api.RestoreLocationRequestObject) (api.RestoreLocationResponseObject, error) {
	l, err := h.s.SetLocationArchived(ctx, req.Id, false)
	if err != nil {
		return nil, err
	}
	return api.RestoreLocation200JSONResponse(locationToAPI(l)), nil
}

// ---- brands ----

func brandToAPI(b Brand) api.Brand {
	return api.Brand{Id: b.ID, Name: b.Name, Website: b.Website, Notes: b.Notes, ModelCount: b.ModelCount, CreatedAt: b.CreatedAt.UTC(),
		UpdatedAt: b.UpdatedAt.UTC(), ArchivedAt: nTime(b.ArchivedAt), Version: b.Version}
}

// ListBrands implements GET /brands.
func (h *AssetsHandler) ListBrands(ctx context.Context, req api.ListBrandsRequestObject) (api.ListBrandsResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	res, err := h.s.ListBrands(ctx, ListFilter{Query: str(p.Q), IncludeArchived: boolOr(p.IncludeArchived), Sort: sortKey, Cursor: cursor, Limit: limit})
	if err != nil {
		return nil, err
	}
	return api.ListBrands200JSONResponse{Items: page(res.Items, brandToAPI), Total: res.Total, NextCursor: httpx.NextCursor(res.NextCursor)}, nil
}

// CreateBrand implements POST /brands.
func (h *AssetsHandler) CreateBrand(ctx context.Context, req api.CreateBrandRequestObject) (api.CreateBrandResponseObject, error) {
	b := req.Body
	br, err := h.s.CreateBrand(ctx, BrandInput{Name: &b.Name, Website: b.Website, Notes: b.Notes})
	if err != nil {
		return nil, err
	}
	return api.CreateBrand201JSONResponse(brandToAPI(br)), nil
}

// GetBrand implements GET /brands/{id}.
func (h *AssetsHandler) GetBrand(ctx context.Context, req api.GetBrandRequestObject) (api.GetBrandResponseObject, error) {
	b, err := h.s.GetBrand(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return api.GetBrand200JSONResponse{Body: brandToAPI(b), Headers: api.GetBrand200ResponseHeaders{ETag: httpx.ETag(b.Version)}}, nil
}

// UpdateBrand implements PATCH /brands/{id}.
func (h *AssetsHandler) UpdateBrand(ctx context.Context, req api.UpdateBrandRequestObject) (api.UpdateBrandResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	br, err := h.s.UpdateBrand(ctx, req.Id, ifMatch, BrandInput{Name: b.Name, Website: b.Website, Notes: b.Notes})
	if err != nil {
		return nil, err
	}
	return api.UpdateBrand200JSONResponse{Body: brandToAPI(br), Headers: api.UpdateBrand200ResponseHeaders{ETag: httpx.ETag(br.Version)}}, nil
}

// ArchiveBrand implements POST /brands/{id}/archive.
func (h *AssetsHandler) ArchiveBrand(ctx context.Context, req api.ArchiveBrandRequestObject) (api.ArchiveBrandResponseObject, error) {
	b, err := h.s.SetBrandArchived(ctx, req.Id, true)
	if err != nil {
		return nil, err
	}
	return api.ArchiveBrand200JSONResponse(brandToAPI(b)), nil
}

// RestoreBrand implements POST /brands/{id}/restore.
func (h *AssetsHandler) RestoreBrand(ctx context.Context, req api.RestoreBrandRequestObject) (api.RestoreBrandResponseObject, error) {
	b, err := h.s.SetBrandArchived(ctx, req.Id, false)
	if err != nil {
		return nil, err
	}
	return api.RestoreBrand200JSONResponse(brandToAPI(b)), nil
}

// ---- models ----

func modelToAPI(m Model) api.AssetModel {
	return api.AssetModel{Id: m.ID, BrandId: m.BrandID, BrandName: m.BrandName, Name: m.Name, Category: api.AssetCategory(m.Category),
		Notes: m.Notes, AssetCount: m.AssetCount, CreatedAt: m.CreatedAt.UTC(), UpdatedAt: m.UpdatedAt.UTC(),
		ArchivedAt: nTime(m.ArchivedAt), Version: m.Version}
}

// ListAssetModels implements GET /asset-models.
func (h *AssetsHandler) ListAssetModels(ctx context.Context, req api.ListAssetModelsRequestObject) (api.ListAssetModelsResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	f := ListFilter{Query: str(p.Q), IncludeArchived: boolOr(p.IncludeArchived), Sort: sortKey, Cursor: cursor, Limit: limit, BrandID: p.BrandId}
	if p.Category != nil {
		f.Category = string(*p.Category)
	}
	res, err := h.s.ListModels(ctx, f)
	if err != nil {
		return nil, err
	}
	return api.ListAssetModels200JSONResponse{Items: page(res.Items, modelToAPI), Total: res.Total, NextCursor: httpx.NextCursor(res.NextCursor)}, nil
}

// CreateAssetModel implements POST /asset-models.
func (h *AssetsHandler) CreateAssetModel(ctx context.Context, req api.CreateAssetModelRequestObject) (api.CreateAssetModelResponseObject, error) {
	b := req.Body
	m, err := h.s.CreateModel(ctx, ModelInput{BrandID: &b.BrandId, Name: &b.Name, Category: (*string)(b.Category), Notes: b.Notes})
	if err != nil {
		return nil, err
	}
	return api.CreateAssetModel201JSONResponse(modelToAPI(m)), nil
}

// GetAssetModel implements GET /asset-models/{id}.
func (h *AssetsHandler) GetAssetModel(ctx context.Context, req api.GetAssetModelRequestObject) (api.GetAssetModelResponseObject, error) {
	m, err := h.s.GetModel(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return api.GetAssetModel200JSONResponse{Body: modelToAPI(m), Headers: api.GetAssetModel200ResponseHeaders{ETag: httpx.ETag(m.Version)}}, nil
}

// UpdateAssetModel implements PATCH /asset-models/{id}.
func (h *AssetsHandler) UpdateAssetModel(ctx context.Context, req api.UpdateAssetModelRequestObject) (api.UpdateAssetModelResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	m, err := h.s.UpdateModel(ctx, req.Id, ifMatch, ModelInput{Name: b.Name, Category: (*string)(b.Category), Notes: b.Notes})
	if err != nil {
		return nil, err
	}
	return api.UpdateAssetModel200JSONResponse{Body: modelToAPI(m), Headers: api.UpdateAssetModel200ResponseHeaders{ETag: httpx.ETag(m.Version)}}, nil
}

// ArchiveAssetModel implements POST /asset-models/{id}/archive.
func (h *AssetsHandler) ArchiveAssetModel(ctx context.Context, req api.ArchiveAssetModelRequestObject) (api.ArchiveAssetModelResponseObject, error) {
	m, err := h.s.SetModelArchived(ctx, req.Id, true)
	if err != nil {
		return nil, err
	}
	return api.ArchiveAssetModel200JSONResponse(modelToAPI(m)), nil
}

// RestoreAssetModel implements POST /asset-models/{id}/restore.
func (h *AssetsHandler) RestoreAssetModel(ctx context.Context, req api.RestoreAssetModelRequestObject) (api.RestoreAssetModelResponseObject, error) {
	m, err := h.s.SetModelArchived(ctx, req.Id, false)
	if err != nil {
		return nil, err
	}
	return api.RestoreAssetModel200JSONResponse(modelToAPI(m)), nil
}

// ---- assets ----

func assetToAPI(v AssetView) api.Asset {
	a := v.AssetRow
	out := api.Asset{Id: a.ID, Name: a.Name, AssetTag: nVal(a.AssetTag), Serial: nVal(a.Serial), ModelId: nUUID(a.ModelID),
		Status: api.AssetStatus(a.Status), Critical: a.Critical, Virtual: a.Virtual, PurchaseDate: nDate(a.PurchaseDate),
		Cost: nVal(a.Cost), Currency: nVal(a.Currency), WarrantyEnd: nDate(a.WarrantyEnd), SupplierName: a.SupplierName,
		LocationId: nUUID(a.LocationID), HolderId: nUUID(a.HolderID), Remote: a.Remote, Comments: a.Comments,
		CustomFields: dataplatform.CustomFieldsOut(a.CustomFields), ModelName: nVal(a.ModelName), BrandId: nUUID(a.BrandID),
		BrandName: nVal(a.BrandName), LocationName: nVal(a.LocationName), HolderName: nVal(a.HolderName),
		Tags: dataplatform.TagRefs(v.Tags), CreatedAt: a.CreatedAt.UTC(), UpdatedAt: a.UpdatedAt.UTC(),
		ArchivedAt: nTime(a.ArchivedAt), Version: a.Version}
	if a.WarrantyMonths != nil {
		out.WarrantyMonths.Set(int32(*a.WarrantyMonths))
	} else {
		out.WarrantyMonths.SetNull()
	}
	if a.Category != nil {
		out.Category.Set(api.AssetCategory(*a.Category))
	} else {
		out.Category.SetNull()
	}
	return out
}

type assetBody struct {
	Name, SupplierName, Comments *string
	AssetTag, Serial, Cost, Cur  nullable.Nullable[string]
	ModelID, LocationID          nullable.Nullable[openapi_types.UUID]
	Critical, Virtual            *bool
	PurchaseDate                 nullable.Nullable[openapi_types.Date]
	WarrantyMonths               nullable.Nullable[int32]
	CustomFields                 *api.CustomFieldValues
	TagIDs                       *[]openapi_types.UUID
}

func (b assetBody) input() AssetInput {
	return AssetInput{Name: b.Name, SupplierName: b.SupplierName, Comments: b.Comments,
		AssetTag: opt(b.AssetTag, same[string]), Serial: opt(b.Serial, same[string]), Cost: opt(b.Cost, same[string]),
		Currency: opt(b.Cur, same[string]), ModelID: opt(b.ModelID, same[uuid.UUID]), LocationID: opt(b.LocationID, same[uuid.UUID]),
		Critical: b.Critical, Virtual: b.Virtual,
		PurchaseDate:   opt(b.PurchaseDate, func(d openapi_types.Date) time.Time { return d.Time }),
		WarrantyMonths: opt(b.WarrantyMonths, func(n int32) int { return int(n) }),
		CustomFields:   dataplatform.CustomFieldsIn(b.CustomFields), TagIDs: b.TagIDs}
}

// ListAssets implements GET /assets.
func (h *AssetsHandler) ListAssets(ctx context.Context, req api.ListAssetsRequestObject) (api.ListAssetsResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	f := AssetFilter{Query: str(p.Q), LocationID: p.LocationId, ModelID: p.ModelId, BrandID: p.BrandId, HolderID: p.HolderId,
		Critical: p.Critical, Remote: p.Remote, IncludeArchived: boolOr(p.IncludeArchived), Sort: sortKey, Cursor: cursor, Limit: limit,
		Supplier: str(p.Supplier), NoLocation: boolOr(p.NoLocation), WarrantyFrom: datePtr(p.WarrantyFrom), WarrantyTo: datePtr(p.WarrantyTo)}
	if p.Status != nil {
		for _, st := range *p.Status {
			f.Statuses = append(f.Statuses, string(st))
		}
	}
	if p.Tag != nil {
		f.TagIDs = *p.Tag
	}
	if p.Cf != nil {
		f.CustomFields = *p.Cf
	}
	res, err := h.s.ListAssets(ctx, f)
	if err != nil {
		return nil, err
	}
	return api.ListAssets200JSONResponse{Items: page(res.Items, assetToAPI), Total: res.Total, NextCursor: httpx.NextCursor(res.NextCursor)}, nil
}

// CreateAsset implements POST /assets.
func (h *AssetsHandler) CreateAsset(ctx context.Context, req api.CreateAssetRequestObject) (api.CreateAssetResponseObject, error) {
	b := req.Body
	v, err := h.s.CreateAsset(ctx, assetBody{Name: &b.Name, SupplierName: b.SupplierName, Comments: b.Comments, AssetTag: b.AssetTag,
		Serial: b.Serial, Cost: b.Cost, Cur: b.Currency, ModelID: b.ModelId, LocationID: b.LocationId, Critical: b.Critical,
		Virtual: b.Virtual, PurchaseDate: b.PurchaseDate, WarrantyMonths: b.WarrantyMonths, CustomFields: b.CustomFields,
		TagIDs: b.TagIds}.input())
	if err != nil {
		return nil, err
	}
	return api.CreateAsset201JSONResponse(assetToAPI(v)), nil
}

// GetAsset implements GET /assets/{id}.
func (h *AssetsHandler) GetAsset(ctx context.Context, req api.GetAssetRequestObject) (api.GetAssetResponseObject, error) {
	v, err := h.s.GetAsset(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return api.GetAsset200JSONResponse{Body: assetToAPI(v), Headers: api.GetAsset200ResponseHeaders{ETag: httpx.ETag(v.Version)}}, nil
}

// UpdateAsset implements PATCH /assets/{id}.
func (h *AssetsHandler) UpdateAsset(ctx context.Context, req api.UpdateAssetRequestObject) (api.UpdateAssetResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	v, err := h.s.UpdateAsset(ctx, req.Id, ifMatch, assetBody{Name: b.Name, SupplierName: b.SupplierName, Comments: b.Comments,
		AssetTag: b.AssetTag, Serial: b.Serial, Cost: b.Cost, Cur: b.Currency, ModelID: b.ModelId, LocationID: b.LocationId,
		Critical: b.Critical, Virtual: b.Virtual, PurchaseDate: b.PurchaseDate, WarrantyMonths: b.WarrantyMonths,
		CustomFields: b.CustomFields, TagIDs: b.TagIds}.input())
	if err != nil {
		return nil, err
	}
	return api.UpdateAsset200JSONResponse{Body: assetToAPI(v), Headers: api.UpdateAsset200ResponseHeaders{ETag: httpx.ETag(v.Version)}}, nil
}

// ArchiveAsset implements POST /assets/{id}/archive.
func (h *AssetsHandler) ArchiveAsset(ctx context.Context, req api.ArchiveAssetRequestObject) (api.ArchiveAssetResponseObject, error) {
	v, err := h.s.SetAssetArchived(ctx, req.Id, true)
	if err != nil {
		return nil, err
	}
	return api.ArchiveAsset200JSONResponse(assetToAPI(v)), nil
}

// RestoreAsset implements POST /assets/{id}/restore.
func (h *AssetsHandler) RestoreAsset(ctx context.Context, req api.RestoreAssetRequestObject) (api.RestoreAssetResponseObject, error) {
	v, err := h.s.SetAssetArchived(ctx, req.Id, false)
	if err != nil {
		return nil, err
	}
	return api.RestoreAsset200JSONResponse(assetToAPI(v)), nil
}

// CheckOutAsset implements POST /assets/{id}/check-out.
func (h *AssetsHandler) CheckOutAsset(ctx context.Context, req api.CheckOutAssetRequestObject) (api.CheckOutAssetResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	v, err := h.s.CheckOut(ctx, req.Id, ifMatch, b.UserId, optPtr(b.LocationId), boolOr(b.Remote), str(b.Note))
	if err != nil {
		return nil, err
	}
	return api.CheckOutAsset200JSONResponse(assetToAPI(v)), nil
}

// CheckInAsset implements POST /assets/{id}/check-in.
func (h *AssetsHandler) CheckInAsset(ctx context.Context, req api.CheckInAssetRequestObject) (api.CheckInAssetResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	v, err := h.s.CheckIn(ctx, req.Id, ifMatch, optPtr(b.LocationId), str(b.Note))
	if err != nil {
		return nil, err
	}
	return api.CheckInAsset200JSONResponse(assetToAPI(v)), nil
}

// TransitionAsset implements POST /assets/{id}/transition.
func (h *AssetsHandler) TransitionAsset(ctx context.Context, req api.TransitionAssetRequestObject) (api.TransitionAssetResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	v, err := h.s.Transition(ctx, req.Id, ifMatch, string(req.Body.Status), str(req.Body.Note))
	if err != nil {
		return nil, err
	}
	return api.TransitionAsset200JSONResponse(assetToAPI(v)), nil
}

// ListAssetCustody implements GET /assets/{id}/custody.
func (h *AssetsHandler) ListAssetCustody(ctx context.Context, req api.ListAssetCustodyRequestObject) (api.ListAssetCustodyResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	res, err := h.s.ListCustody(ctx, req.Id, sortKey, cursor, limit)
	if err != nil {
		return nil, err
	}
	return api.ListAssetCustody200JSONResponse{Items: page(res.Items, func(c Custody) api.CustodyEntry {
		return api.CustodyEntry{Id: c.ID, Action: api.CustodyEntryAction(c.Action), UserId: nUUID(c.UserID), UserName: nVal(c.UserName),
			LocationId: nUUID(c.LocationID), LocationName: nVal(c.LocationName), Remote: c.Remote, Note: c.Note,
			ActorName: c.ActorName, At: c.At.UTC()}
	}), Total: res.Total, NextCursor: httpx.NextCursor(res.NextCursor)}, nil
}

// GetAssetTimeline implements GET /assets/{id}/timeline.
func (h *AssetsHandler) GetAssetTimeline(ctx context.Context, req api.GetAssetTimelineRequestObject) (api.GetAssetTimelineResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	res, err := h.timeline.Page(ctx, TypeAsset, req.Id, sortKey, cursor, limit)
	if err != nil {
		return nil, err
	}
	return api.GetAssetTimeline200JSONResponse(dataplatform.TimelineList(res)), nil
}

// GetPeripheralTimeline implements GET /peripherals/{id}/timeline.
func (h *AssetsHandler) GetPeripheralTimeline(ctx context.Context, req api.GetPeripheralTimelineRequestObject) (api.GetPeripheralTimelineResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, enumPtr(p.Sort), p.Cursor)
	res, err := h.timeline.Page(ctx, TypePeripheral, req.Id, sortKey, cursor, limit)
	if err != nil {
		return nil, err
	}
	return api.GetPeripheralTimeline200JSONResponse(dataplatform.TimelineList(res)), nil
}

// BulkAssets implements POST /assets/bulk.
func (h *AssetsHandler) BulkAssets(ctx context.Context, req api.BulkAssetsRequestObject) (api.BulkAssetsResponseObject, error) {
	var tagIDs []uuid.UUID
	if req.Body.TagIds != nil {
		tagIDs = *req.Body.TagIds
	}
	done, failed, err := h.s.Bulk(ctx, req.Body.Ids, string(req.Body.Action), tagIDs)
	if err != nil {
		return nil, err
	}
	out := api.BulkAssets200JSONResponse{Succeeded: done}
	if out.Succeeded == nil {
		out.Succeeded = []uuid.UUID{}
	}
	out.Failed = slices.Grow(out.Failed, max(len(failed), 1))[:len(failed)]
	for i, f := range failed {
		out.Failed[i].Id, out.Failed[i].Status, out.Failed[i].Detail = f.ID, int32(httpx.KindStatus(f.Err.Kind)), f.Err.Detail
	}
	return out, nil
}
