// Package software is the software catalogue and licences of the assets module (SPEC §2.1).
package software

// Operations not implemented yet (replaced as they are written).

import (
	"context"
	"errors"

	"github.com/opsdeck/opsdeck/api"
)

var errTodo = errors.New("not implemented yet")

// SoftwareHandler implements the package's operations.
type SoftwareHandler struct{}

// NewHandler returns the handler.
func NewHandler() *SoftwareHandler { return &SoftwareHandler{} }

func (h *SoftwareHandler) ListLicences(ctx context.Context, req api.ListLicencesRequestObject) (api.ListLicencesResponseObject, error) {
	return nil, errTodo
}

func (h *SoftwareHandler) CreateLicence(ctx context.Context, req api.CreateLicenceRequestObject) (api.CreateLicenceResponseObject, error) {
	return nil, errTodo
}

func (h *SoftwareHandler) GetLicence(ctx context.Context, req api.GetLicenceRequestObject) (api.GetLicenceResponseObject, error) {
	return nil, errTodo
}

func (h *SoftwareHandler) UpdateLicence(ctx context.Context, req api.UpdateLicenceRequestObject) (api.UpdateLicenceResponseObject, error) {
	return nil, errTodo
}

func (h *SoftwareHandler) ArchiveLicence(ctx context.Context, req api.ArchiveLicenceRequestObject) (api.ArchiveLicenceResponseObject, error) {
	return nil, errTodo
}

func (h *SoftwareHandler) RestoreLicence(ctx context.Context, req api.RestoreLicenceRequestObject) (api.RestoreLicenceResponseObject, error) {
	return nil, errTodo
}

func (h *SoftwareHandler) RevealLicenceKey(ctx context.Context, req api.RevealLicenceKeyRequestObject) (api.RevealLicenceKeyResponseObject, error) {
	return nil, errTodo
}

func (h *SoftwareHandler) ListLicenceSeats(ctx context.Context, req api.ListLicenceSeatsRequestObject) (api.ListLicenceSeatsResponseObject, error) {
	return nil, errTodo
}

func (h *SoftwareHandler) AssignLicenceSeat(ctx context.Context, req api.AssignLicenceSeatRequestObject) (api.AssignLicenceSeatResponseObject, error) {
	return nil, errTodo
}

func (h *SoftwareHandler) ReleaseLicenceSeat(ctx context.Context, req api.ReleaseLicenceSeatRequestObject) (api.ReleaseLicenceSeatResponseObject, error) {
	return nil, errTodo
}

func (h *SoftwareHandler) ListSoftware(ctx context.Context, req api.ListSoftwareRequestObject) (api.ListSoftwareResponseObject, error) {
	return nil, errTodo
}

func (h *SoftwareHandler) CreateSoftware(ctx context.Context, req api.CreateSoftwareRequestObject) (api.CreateSoftwareResponseObject, error) {
	return nil, errTodo
}

func (h *SoftwareHandler) GetSoftware(ctx context.Context, req api.GetSoftwareRequestObject) (api.GetSoftwareResponseObject, error) {
	return nil, errTodo
}

func (h *SoftwareHandler) UpdateSoftware(ctx context.Context, req api.UpdateSoftwareRequestObject) (api.UpdateSoftwareResponseObject, error) {
	return nil, errTodo
}

func (h *SoftwareHandler) ArchiveSoftware(ctx context.Context, req api.ArchiveSoftwareRequestObject) (api.ArchiveSoftwareResponseObject, error) {
	return nil, errTodo
}

func (h *SoftwareHandler) RestoreSoftware(ctx context.Context, req api.RestoreSoftwareRequestObject) (api.RestoreSoftwareResponseObject, error) {
	return nil, errTodo
}
