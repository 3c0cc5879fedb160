package assets

// Operations not implemented yet (replaced as they are written).

import (
	"context"
	"errors"

	"github.com/opsdeck/opsdeck/api"
)

var errTodo = errors.New("not implemented yet")

func (h *AssetsHandler) GetAssetDashboard(ctx context.Context, req api.GetAssetDashboardRequestObject) (api.GetAssetDashboardResponseObject, error) {
	return nil, errTodo
}

func (h *AssetsHandler) GetAssetDepreciation(ctx context.Context, req api.GetAssetDepreciationRequestObject) (api.GetAssetDepreciationResponseObject, error) {
	return nil, errTodo
}

func (h *AssetsHandler) GetAssetTree(ctx context.Context, req api.GetAssetTreeRequestObject) (api.GetAssetTreeResponseObject, error) {
	return nil, errTodo
}

func (h *AssetsHandler) StartEquipmentReport(ctx context.Context, req api.StartEquipmentReportRequestObject) (api.StartEquipmentReportResponseObject, error) {
	return nil, errTodo
}
