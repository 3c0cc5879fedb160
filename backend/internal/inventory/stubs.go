// Package inventory is the physical inventory campaigns of the assets module (SPEC §2.1).
package inventory

// Operations not implemented yet (replaced as they are written).

import (
	"context"
	"errors"

	"github.com/opsdeck/opsdeck/api"
)

var errTodo = errors.New("not implemented yet")

// InventoryHandler implements the package's operations.
type InventoryHandler struct{}

// NewHandler returns the handler.
func NewHandler() *InventoryHandler { return &InventoryHandler{} }

func (h *InventoryHandler) ListInventoryCampaigns(ctx context.Context, req api.ListInventoryCampaignsRequestObject) (api.ListInventoryCampaignsResponseObject, error) {
	return nil, errTodo
}

func (h *InventoryHandler) CreateInventoryCampaign(ctx context.Context, req api.CreateInventoryCampaignRequestObject) (api.CreateInventoryCampaignResponseObject, error) {
	return nil, errTodo
}

func (h *InventoryHandler) GetInventoryCampaign(ctx context.Context, req api.GetInventoryCampaignRequestObject) (api.GetInventoryCampaignResponseObject, error) {
	return nil, errTodo
}

func (h *InventoryHandler) UpdateInventoryCampaign(ctx context.Context, req api.UpdateInventoryCampaignRequestObject) (api.UpdateInventoryCampaignResponseObject, error) {
	return nil, errTodo
}

func (h *InventoryHandler) ArchiveInventoryCampaign(ctx context.Context, req api.ArchiveInventoryCampaignRequestObject) (api.ArchiveInventoryCampaignResponseObject, error) {
	return nil, errTodo
}

func (h *InventoryHandler) CompleteInventoryCampaign(ctx context.Context, req api.CompleteInventoryCampaignRequestObject) (api.CompleteInventoryCampaignResponseObject, error) {
	return nil, errTodo
}

func (h *InventoryHandler) ListInventoryItems(ctx context.Context, req api.ListInventoryItemsRequestObject) (api.ListInventoryItemsResponseObject, error) {
	return nil, errTodo
}

func (h *InventoryHandler) CheckInventoryItem(ctx context.Context, req api.CheckInventoryItemRequestObject) (api.CheckInventoryItemResponseObject, error) {
	return nil, errTodo
}

func (h *InventoryHandler) RestoreInventoryCampaign(ctx context.Context, req api.RestoreInventoryCampaignRequestObject) (api.RestoreInventoryCampaignResponseObject, error) {
	return nil, errTodo
}
