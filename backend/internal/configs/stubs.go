// Package configs is the configurations (CMDB items) of the assets module (SPEC §2.1): versioned JSON documents.
package configs

// Operations not implemented yet (replaced as they are written).

import (
	"context"
	"errors"

	"github.com/opsdeck/opsdeck/api"
)

var errTodo = errors.New("not implemented yet")

// ConfigsHandler implements the package's operations.
type ConfigsHandler struct{}

// NewHandler returns the handler.
func NewHandler() *ConfigsHandler { return &ConfigsHandler{} }

func (h *ConfigsHandler) ListConfigurations(ctx context.Context, req api.ListConfigurationsRequestObject) (api.ListConfigurationsResponseObject, error) {
	return nil, errTodo
}

func (h *ConfigsHandler) CreateConfiguration(ctx context.Context, req api.CreateConfigurationRequestObject) (api.CreateConfigurationResponseObject, error) {
	return nil, errTodo
}

func (h *ConfigsHandler) GetConfiguration(ctx context.Context, req api.GetConfigurationRequestObject) (api.GetConfigurationResponseObject, error) {
	return nil, errTodo
}

func (h *ConfigsHandler) UpdateConfiguration(ctx context.Context, req api.UpdateConfigurationRequestObject) (api.UpdateConfigurationResponseObject, error) {
	return nil, errTodo
}

func (h *ConfigsHandler) ArchiveConfiguration(ctx context.Context, req api.ArchiveConfigurationRequestObject) (api.ArchiveConfigurationResponseObject, error) {
	return nil, errTodo
}

func (h *ConfigsHandler) DiffConfigurationVersions(ctx context.Context, req api.DiffConfigurationVersionsRequestObject) (api.DiffConfigurationVersionsResponseObject, error) {
	return nil, errTodo
}

func (h *ConfigsHandler) RestoreConfiguration(ctx context.Context, req api.RestoreConfigurationRequestObject) (api.RestoreConfigurationResponseObject, error) {
	return nil, errTodo
}

func (h *ConfigsHandler) ListConfigurationVersions(ctx context.Context, req api.ListConfigurationVersionsRequestObject) (api.ListConfigurationVersionsResponseObject, error) {
	return nil, errTodo
}

func (h *ConfigsHandler) CommitConfigurationVersion(ctx context.Context, req api.CommitConfigurationVersionRequestObject) (api.CommitConfigurationVersionResponseObject, error) {
	return nil, errTodo
}

func (h *ConfigsHandler) GetConfigurationVersion(ctx context.Context, req api.GetConfigurationVersionRequestObject) (api.GetConfigurationVersionResponseObject, error) {
	return nil, errTodo
}
