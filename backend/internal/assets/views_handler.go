package assets

import (
	"context"
	"slices"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/opsdeck/opsdeck/api"
)

// GetAssetTree implements GET /assets/tree.
func (h *AssetsHandler) GetAssetTree(ctx context.Context, req api.GetAssetTreeRequestObject) (api.GetAssetTreeResponseObject, error) {
	by := "location"
	if req.Params.By != nil {
		by = string(*req.Params.By)
	}
	groups, err := h.s.Tree(ctx, by)
	if err != nil {
		return nil, err
	}
	return api.GetAssetTree200JSONResponse{By: api.AssetTreeBy(by), Groups: page(groups, func(g TreeGroup) api.AssetTreeGroup {
		return api.AssetTreeGroup{Key: g.Key, Label: g.Label, Count: g.Count, Filter: g.Filter}
	})}, nil
}

// GetAssetDashboard implements GET /assets/dashboard.
func (h *AssetsHandler) GetAssetDashboard(ctx context.Context, _ api.GetAssetDashboardRequestObject) (api.GetAssetDashboardResponseObject, error) {
	d, err := h.s.Dashboard(ctx)
	if err != nil {
		return nil, err
	}
	out := api.GetAssetDashboard200JSONResponse{Fleet: d.Fleet, InUse: d.InUse, InStock: d.InStock, InRepair: d.InRepair,
		AwaitingDisposal: d.AwaitingDisposal, DisposedLastYear: d.DisposedLastYear, BreakdownRate: d.BreakdownRate,
		AverageAgeMonths: nVal(d.AverageAgeMonths)}
	// The response's lists are of anonymous struct types: grow them (never nil: empty lists are [], not null), then fill
	// each element.
	out.Capex = slices.Grow(out.Capex, max(len(d.Capex), 1))[:len(d.Capex)]
	for i, c := range d.Capex {
		out.Capex[i].Currency, out.Capex[i].PurchaseTotal, out.Capex[i].CurrentValue = c.Currency, c.PurchaseTotal, c.CurrentValue
	}
	out.RepairProneModels = slices.Grow(out.RepairProneModels, max(len(d.RepairProne), 1))[:len(d.RepairProne)]
	for i, m := range d.RepairProne {
		r := &out.RepairProneModels[i]
		r.ModelId, r.ModelName, r.BrandName, r.Assets, r.Repairs = m.ModelID, m.ModelName, m.BrandName, m.Assets, m.Repairs
	}
	out.WarrantyCliff = slices.Grow(out.WarrantyCliff, max(len(d.WarrantyCliff), 1))[:len(d.WarrantyCliff)]
	for i, m := range d.WarrantyCliff {
		out.WarrantyCliff[i].Month, out.WarrantyCliff[i].Count = m.Month, m.Count
	}
	out.StatusMix = slices.Grow(out.StatusMix, max(len(d.StatusMix), 1))[:len(d.StatusMix)]
	for i, c := range d.StatusMix {
		out.StatusMix[i].Status, out.StatusMix[i].Count = api.AssetStatus(c.Status), c.Count
	}
	out.BrandMix = slices.Grow(out.BrandMix, max(len(d.BrandMix), 1))[:len(d.BrandMix)]
	for i, b := range d.BrandMix {
		out.BrandMix[i].BrandName, out.BrandMix[i].Count = b.BrandName, b.Count
	}
	return out, nil
}

// GetAssetDepreciation implements GET /assets/depreciation.
func (h *AssetsHandler) GetAssetDepreciation(ctx context.Context, req api.GetAssetDepreciationRequestObject) (api.GetAssetDepreciationResponseObject, error) {
	p := req.Params
	method, life, asOf := "linear", 4, time.Now().UTC().Truncate(24*time.Hour)
	if p.Method != nil {
		method = string(*p.Method)
	}
	if p.LifeYears != nil {
		life = int(*p.LifeYears)
	}
	if p.AsOf != nil {
		asOf = p.AsOf.Time
	}
	rows, totals, err := h.s.Depreciation(ctx, method, life, asOf)
	if err != nil {
		return nil, err
	}
	conv := func(r DepreciationRow) api.DepreciationRow {
		return api.DepreciationRow{LocationId: nUUID(r.LocationID), LocationName: r.LocationName, Currency: r.Currency, Assets: r.Assets,
			Cost: Cents(r.Cost), Accumulated: Cents(r.Accumulated), BookValue: Cents(r.BookValue)}
	}
	return api.GetAssetDepreciation200JSONResponse{Method: api.DepreciationReportMethod(method), LifeYears: int32(life),
		AsOf: openapi_types.Date{Time: asOf}, Rows: page(rows, conv), Totals: page(totals, conv)}, nil
}
