package assets

import (
	"context"
	"encoding/json"

	openapi_types "github.com/oapi-codegen/runtime/types"
	"github.com/opsdeck/opsdeck/api"
	"github.com/opsdeck/opsdeck/backend/internal/platform/httpx"
)

func disposalToAPI(v DisposalView) api.Disposal {
	d := v.Disposal
	return api.Disposal{Id: d.ID, AssetId: nUUID(d.AssetID), PeripheralId: nUUID(d.PeripheralID), ItemKind: api.ItemKind(v.ItemKind),
		ItemName: v.ItemName, DisposedOn: openapi_types.Date{Time: d.DisposedOn}, Method: api.DisposalMethod(d.Method),
		PartnerName: d.PartnerName, Price: nVal(d.Price), Currency: nVal(d.Currency), CertificateNumber: d.CertificateNumber,
		Notes: d.Notes, RecordedByName: d.RecordedByName, CreatedAt: d.CreatedAt.UTC(), UpdatedAt: d.UpdatedAt.UTC(), Version: d.Version}
}

// ListDisposals implements GET /disposals.
func (h *AssetsHandler) ListDisposals(ctx context.Context, req api.ListDisposalsRequestObject) (api.ListDisposalsResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, enumPtr(p.Sort), p.Cursor)
	f := DisposalFilter{Query: str(p.Q), AssetID: p.AssetId, PeripheralID: p.PeripheralId, From: datePtr(p.From), To: datePtr(p.To),
		Sort: sortKey, Cursor: cursor, Limit: limit}
	if p.Method != nil {
		for _, m := range *p.Method {
			f.Methods = append(f.Methods, string(m))
		}
	}
	if p.ItemKind != nil {
		f.ItemKind = string(*p.ItemKind)
	}
	res, err := h.s.ListDisposals(ctx, f)
	if err != nil {
		return nil, err
	}
	return api.ListDisposals200JSONResponse{Items: page(res.Items, disposalToAPI), Total: res.Total, NextCursor: httpx.NextCursor(res.NextCursor)}, nil
}

// CreateDisposal implements POST /disposals.
func (h *AssetsHandler) CreateDisposal(ctx context.Context, req api.CreateDisposalRequestObject) (api.CreateDisposalResponseObject, error) {
	b := req.Body
	method := string(b.Method)
	v, err := h.s.CreateDisposal(ctx, DisposalInput{AssetID: optPtr(b.AssetId), PeripheralID: optPtr(b.PeripheralId),
		DisposedOn: &b.DisposedOn.Time, Method: &method, Partner: b.PartnerName, Certificate: b.CertificateNumber, Notes: b.Notes,
		Price: opt(b.Price, same[string]), Currency: opt(b.Currency, same[string])})
	if err != nil {
		return nil, err
	}
	return api.CreateDisposal201JSONResponse(disposalToAPI(v)), nil
}

// GetDisposal implements GET /disposals/{id}.
func (h *AssetsHandler) GetDisposal(ctx context.Context, req api.GetDisposalRequestObject) (api.GetDisposalResponseObject, error) {
	v, err := h.s.GetDisposal(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return api.GetDisposal200JSONResponse{Body: disposalToAPI(v), Headers: api.GetDisposal200ResponseHeaders{ETag: httpx.ETag(v.Version)}}, nil
}

// UpdateDisposal implements PATCH /disposals/{id}.
func (h *AssetsHandler) UpdateDisposal(ctx context.Context, req api.UpdateDisposalRequestObject) (api.UpdateDisposalResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	v, err := h.s.UpdateDisposal(ctx, req.Id, ifMatch, DisposalInput{DisposedOn: datePtr(b.DisposedOn), Method: enumPtr(b.Method),
		Partner: b.PartnerName, Certificate: b.CertificateNumber, Notes: b.Notes, Price: opt(b.Price, same[string]),
		Currency: opt(b.Currency, same[string]), Reason: b.Reason})
	if err != nil {
		return nil, err
	}
	return api.UpdateDisposal200JSONResponse{Body: disposalToAPI(v), Headers: api.UpdateDisposal200ResponseHeaders{ETag: httpx.ETag(v.Version)}}, nil
}

// GetDisposalHistory implements GET /disposals/{id}/history.
func (h *AssetsHandler) GetDisposalHistory(ctx context.Context, req api.GetDisposalHistoryRequestObject) (api.GetDisposalHistoryResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, enumPtr(p.Sort), p.Cursor)
	res, err := h.s.DisposalHistory(ctx, req.Id, sortKey, cursor, limit)
	if err != nil {
		return nil, err
	}
	return api.GetDisposalHistory200JSONResponse{Items: page(res.Items, func(c DisposalChange) api.DisposalChange {
		changes := map[string]*interface{}{}
		_ = json.Unmarshal(c.Changes, &changes)
		return api.DisposalChange{Id: c.ID, At: c.At.UTC(), ActorName: c.ActorName, Reason: c.Reason, Changes: changes}
	}), Total: res.Total, NextCursor: httpx.NextCursor(res.NextCursor)}, nil
}
