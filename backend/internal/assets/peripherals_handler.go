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

func nInt(p *int) nullable.Nullable[int32] {
	if p == nil {
		return nullable.NewNullNullable[int32]()
	}
	return nullable.NewNullableWithValue(int32(*p))
}

func peripheralToAPI(v PeripheralView) api.Peripheral {
	p := v.Peripheral
	return api.Peripheral{Id: p.ID, Name: p.Name, Serial: nVal(p.Serial), ModelId: nUUID(p.ModelID), AssetId: nUUID(p.AssetID),
		Status: api.AssetStatus(p.Status), PurchaseDate: nDate(p.PurchaseDate), Cost: nVal(p.Cost), Currency: nVal(p.Currency),
		WarrantyMonths: nInt(p.WarrantyMonths), WarrantyEnd: nDate(p.WarrantyEnd), SupplierName: p.SupplierName,
		LocationId: nUUID(p.LocationID), HolderId: nUUID(p.HolderID), Remote: p.Remote, Notes: p.Notes,
		CustomFields: dataplatform.CustomFieldsOut(p.CustomFields), ModelName: nVal(v.ModelName), BrandName: nVal(v.BrandName),
		Category: nVal(v.Category), AssetName: nVal(v.AssetName), LocationName: nVal(v.LocationName), HolderName: nVal(v.HolderName),
		Tags: dataplatform.TagRefs(v.Tags), CreatedAt: p.CreatedAt.UTC(), UpdatedAt: p.UpdatedAt.UTC(),
		ArchivedAt: nTime(p.ArchivedAt), Version: p.Version}
}

type peripheralBody struct {
	Name, SupplierName, Notes    *string
	Serial, Cost, Cur            nullable.Nullable[string]
	ModelID, AssetID, LocationID nullable.Nullable[openapi_types.UUID]
	PurchaseDate                 nullable.Nullable[openapi_types.Date]
	WarrantyMonths               nullable.Nullable[int32]
	CustomFields                 *api.CustomFieldValues
	TagIDs                       *[]openapi_types.UUID
}

func (b peripheralBody) input() PeripheralInput {
	return PeripheralInput{Name: b.Name, SupplierName: b.SupplierName, Notes: b.Notes, Serial: opt(b.Serial, same[string]),
		Cost: opt(b.Cost, same[string]), Currency: opt(b.Cur, same[string]), ModelID: opt(b.ModelID, same[uuid.UUID]),
		AssetID: opt(b.AssetID, same[uuid.UUID]), LocationID: opt(b.LocationID, same[uuid.UUID]),
		PurchaseDate:   opt(b.PurchaseDate, func(d openapi_types.Date) time.Time { return d.Time }),
		WarrantyMonths: opt(b.WarrantyMonths, func(n int32) int { return int(n) }),
		CustomFields:   dataplatform.CustomFieldsIn(b.CustomFields), TagIDs: b.TagIDs}
}

// ListPeripherals implements GET /peripherals.
func (h *AssetsHandler) ListPeripherals(ctx context.Context, req api.ListPeripheralsRequestObject) (api.ListPeripheralsResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	f := PeripheralFilter{Query: str(p.Q), AssetID: p.AssetId, HolderID: p.HolderId, LocationID: p.LocationId, ModelID: p.ModelId,
		IncludeArchived: boolOr(p.IncludeArchived), Sort: sortKey, Cursor: cursor, Limit: limit}
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
	res, err := h.s.ListPeripherals(ctx, f)
	if err != nil {
		return nil, err
	}
	return api.ListPeripherals200JSONResponse{Items: page(res.Items, peripheralToAPI), Total: res.Total, NextCursor: httpx.NextCursor(res.NextCursor)}, nil
}

// CreatePeripheral implements POST /peripherals.
func (h *AssetsHandler) CreatePeripheral(ctx context.Context, req api.CreatePeripheralRequestObject) (api.CreatePeripheralResponseObject, error) {
	b := req.Body
	v, err := h.s.CreatePeripheral(ctx, peripheralBody{Name: &b.Name, SupplierName: b.SupplierName, Notes: b.Notes, Serial: b.Serial,
		Cost: b.Cost, Cur: b.Currency, ModelID: b.ModelId, AssetID: b.AssetId, LocationID: b.LocationId, PurchaseDate: b.PurchaseDate,
		WarrantyMonths: b.WarrantyMonths, CustomFields: b.CustomFields, TagIDs: b.TagIds}.input())
	if err != nil {
		return nil, err
	}
	return api.CreatePeripheral201JSONResponse(peripheralToAPI(v)), nil
}

// GetPeripheral implements GET /peripherals/{id}.
func (h *AssetsHandler) GetPeripheral(ctx context.Context, req api.GetPeripheralRequestObject) (api.GetPeripheralResponseObject, error) {
	v, err := h.s.GetPeripheral(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return api.GetPeripheral200JSONResponse{Body: peripheralToAPI(v), Headers: api.GetPeripheral200ResponseHeaders{ETag: httpx.ETag(v.Version)}}, nil
}

// UpdatePeripheral implements PATCH /peripherals/{id}.
func (h *AssetsHandler) UpdatePeripheral(ctx context.Context, req api.UpdatePeripheralRequestObject) (api.UpdatePeripheralResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	v, err := h.s.UpdatePeripheral(ctx, req.Id, ifMatch, peripheralBody{Name: b.Name, SupplierName: b.SupplierName, Notes: b.Notes,
		Serial: b.Serial, Cost: b.Cost, Cur: b.Currency, ModelID: b.ModelId, AssetID: b.AssetId, LocationID: b.LocationId,
		PurchaseDate: b.PurchaseDate, WarrantyMonths: b.WarrantyMonths, CustomFields: b.CustomFields, TagIDs: b.TagIds}.input())
	if err != nil {
		return nil, err
	}
	return api.UpdatePeripheral200JSONResponse{Body: peripheralToAPI(v), Headers: api.UpdatePeripheral200ResponseHeaders{ETag: httpx.ETag(v.Version)}}, nil
}

// ArchivePeripheral implements POST /peripherals/{id}/archive.
func (h *AssetsHandler) ArchivePeripheral(ctx context.Context, req api.ArchivePeripheralRequestObject) (api.ArchivePeripheralResponseObject, error) {
	v, err := h.s.SetPeripheralArchived(ctx, req.Id, true)
	if err != nil {
		return nil, err
	}
	return api.ArchivePeripheral200JSONResponse(peripheralToAPI(v)), nil
}

// RestorePeripheral implements POST /peripherals/{id}/restore.
func (h *AssetsHandler) RestorePeripheral(ctx context.Context, req api.RestorePeripheralRequestObject) (api.RestorePeripheralResponseObject, error) {
	v, err := h.s.SetPeripheralArchived(ctx, req.Id, false)
	if err != nil {
		return nil, err
	}
	return api.RestorePeripheral200JSONResponse(peripheralToAPI(v)), nil
}

// CheckOutPeripheral implements POST /peripherals/{id}/check-out.
func (h *AssetsHandler) CheckOutPeripheral(ctx context.Context, req api.CheckOutPeripheralRequestObject) (api.CheckOutPeripheralResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	v, err := h.s.CheckOutPeripheral(ctx, req.Id, ifMatch, b.UserId, optPtr(b.LocationId), boolOr(b.Remote), str(b.Note))
	if err != nil {
		return nil, err
	}
	return api.CheckOutPeripheral200JSONResponse(peripheralToAPI(v)), nil
}

// CheckInPeripheral implements POST /peripherals/{id}/check-in.
func (h *AssetsHandler) CheckInPeripheral(ctx context.Context, req api.CheckInPeripheralRequestObject) (api.CheckInPeripheralResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	v, err := h.s.CheckInPeripheral(ctx, req.Id, ifMatch, optPtr(req.Body.LocationId), str(req.Body.Note))
	if err != nil {
		return nil, err
	}
	return api.CheckInPeripheral200JSONResponse(peripheralToAPI(v)), nil
}

// TransitionPeripheral implements POST /peripherals/{id}/transition.
func (h *AssetsHandler) TransitionPeripheral(ctx context.Context, req api.TransitionPeripheralRequestObject) (api.TransitionPeripheralResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	v, err := h.s.TransitionPeripheral(ctx, req.Id, ifMatch, string(req.Body.Status), str(req.Body.Note))
	if err != nil {
		return nil, err
	}
	return api.TransitionPeripheral200JSONResponse(peripheralToAPI(v)), nil
}
