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

func (h *AssetsHandler) ListDisposals(ctx context.Context, req api.ListDisposalsRequestObject) (api.ListDisposalsResponseObject, error) {
	return nil, errTodo
}

func (h *AssetsHandler) CreateDisposal(ctx context.Context, req api.CreateDisposalRequestObject) (api.CreateDisposalResponseObject, error) {
	return nil, errTodo
}

func (h *AssetsHandler) GetDisposal(ctx context.Context, req api.GetDisposalRequestObject) (api.GetDisposalResponseObject, error) {
	return nil, errTodo
}

func (h *AssetsHandler) UpdateDisposal(ctx context.Context, req api.UpdateDisposalRequestObject) (api.UpdateDisposalResponseObject, error) {
	return nil, errTodo
}

func (h *AssetsHandler) GetDisposalHistory(ctx context.Context, req api.GetDisposalHistoryRequestObject) (api.GetDisposalHistoryResponseObject, error) {
	return nil, errTodo
}

func (h *AssetsHandler) ListMaintenanceLogs(ctx context.Context, req api.ListMaintenanceLogsRequestObject) (api.ListMaintenanceLogsResponseObject, error) {
	return nil, errTodo
}

func (h *AssetsHandler) CreateMaintenanceLog(ctx context.Context, req api.CreateMaintenanceLogRequestObject) (api.CreateMaintenanceLogResponseObject, error) {
	return nil, errTodo
}

func (h *AssetsHandler) GetMaintenanceLog(ctx context.Context, req api.GetMaintenanceLogRequestObject) (api.GetMaintenanceLogResponseObject, error) {
	return nil, errTodo
}

func (h *AssetsHandler) UpdateMaintenanceLog(ctx context.Context, req api.UpdateMaintenanceLogRequestObject) (api.UpdateMaintenanceLogResponseObject, error) {
	return nil, errTodo
}

func (h *AssetsHandler) ArchiveMaintenanceLog(ctx context.Context, req api.ArchiveMaintenanceLogRequestObject) (api.ArchiveMaintenanceLogResponseObject, error) {
	return nil, errTodo
}

func (h *AssetsHandler) RestoreMaintenanceLog(ctx context.Context, req api.RestoreMaintenanceLogRequestObject) (api.RestoreMaintenanceLogResponseObject, error) {
	return nil, errTodo
}

func (h *AssetsHandler) StartEquipmentReport(ctx context.Context, req api.StartEquipmentReportRequestObject) (api.StartEquipmentReportResponseObject, error) {
	return nil, errTodo
}

func (h *AssetsHandler) ListPeripherals(ctx context.Context, req api.ListPeripheralsRequestObject) (api.ListPeripheralsResponseObject, error) {
	return nil, errTodo
}

func (h *AssetsHandler) CreatePeripheral(ctx context.Context, req api.CreatePeripheralRequestObject) (api.CreatePeripheralResponseObject, error) {
	return nil, errTodo
}

func (h *AssetsHandler) GetPeripheral(ctx context.Context, req api.GetPeripheralRequestObject) (api.GetPeripheralResponseObject, error) {
	return nil, errTodo
}

func (h *AssetsHandler) UpdatePeripheral(ctx context.Context, req api.UpdatePeripheralRequestObject) (api.UpdatePeripheralResponseObject, error) {
	return nil, errTodo
}

func (h *AssetsHandler) ArchivePeripheral(ctx context.Context, req api.ArchivePeripheralRequestObject) (api.ArchivePeripheralResponseObject, error) {
	return nil, errTodo
}

func (h *AssetsHandler) CheckInPeripheral(ctx context.Context, req api.CheckInPeripheralRequestObject) (api.CheckInPeripheralResponseObject, error) {
	return nil, errTodo
}

func (h *AssetsHandler) CheckOutPeripheral(ctx context.Context, req api.CheckOutPeripheralRequestObject) (api.CheckOutPeripheralResponseObject, error) {
	return nil, errTodo
}

func (h *AssetsHandler) RestorePeripheral(ctx context.Context, req api.RestorePeripheralRequestObject) (api.RestorePeripheralResponseObject, error) {
	return nil, errTodo
}

func (h *AssetsHandler) GetPeripheralTimeline(ctx context.Context, req api.GetPeripheralTimelineRequestObject) (api.GetPeripheralTimelineResponseObject, error) {
	return nil, errTodo
}

func (h *AssetsHandler) TransitionPeripheral(ctx context.Context, req api.TransitionPeripheralRequestObject) (api.TransitionPeripheralResponseObject, error) {
	return nil, errTodo
}
