// Package meta answers GET /meta: what this deployment is, for the SPA before sign-in and for integrators.
package meta

import (
	"context"

	"github.com/opsdeck/opsdeck/api"
	"github.com/opsdeck/opsdeck/backend/internal/platform/buildinfo"
	"github.com/opsdeck/opsdeck/backend/internal/platform/config"
)

// OrganizationCounter says how many organisations the deployment holds.
type OrganizationCounter interface {
	Count(ctx context.Context) (int64, error)
}

// MetaHandler implements getMeta.
type MetaHandler struct {
	cfg  *config.Config
	orgs OrganizationCounter
}

// NewHandler returns the meta handler.
func NewHandler(cfg *config.Config, orgs OrganizationCounter) *MetaHandler {
	return &MetaHandler{cfg: cfg, orgs: orgs}
}

// GetMeta implements GET /meta.
func (h *MetaHandler) GetMeta(ctx context.Context, _ api.GetMetaRequestObject) (api.GetMetaResponseObject, error) {
	n, err := h.orgs.Count(ctx)
	if err != nil {
		return nil, err
	}
	mods := make([]api.Module, 0, len(config.Modules))
	for _, m := range config.Modules {
		mods = append(mods, api.Module{Slug: api.ModuleSlug(m), Enabled: h.cfg.ModuleEnabled(m)})
	}
	return api.GetMeta200JSONResponse{
		Name:    "OpsDeck",
		Version: buildinfo.Version,
		Build: api.BuildInfo{
			Commit:    buildinfo.Commit,
			Date:      buildinfo.Date,
			GoVersion: buildinfo.GoVersion(),
		},
		Environment:       api.MetaEnvironment(h.cfg.Env),
		Modules:           mods,
		MultiOrganization: n > 1,
	}, nil
}
