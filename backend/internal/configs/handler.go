package configs

import (
	"context"

	"github.com/oapi-codegen/nullable"

	"github.com/opsdeck/opsdeck/api"
	"github.com/opsdeck/opsdeck/backend/internal/dataplatform"
	"github.com/opsdeck/opsdeck/backend/internal/platform/httpx"
)

// ConfigsHandler implements the configuration operations.
type ConfigsHandler struct{ s *Service }

// NewHandler returns the handler.
func NewHandler(s *Service) *ConfigsHandler { return &ConfigsHandler{s: s} }

// documentIn turns the generated document type into a plain JSON object.
func documentIn(d map[string]*interface{}) map[string]any {
	if d == nil {
		return nil
	}
	out := make(map[string]any, len(d))
	for k, v := range d {
		if v == nil {
			out[k] = nil
		} else {
			out[k] = *v
		}
	}
	return out
}

// documentOut decodes a stored document (numbers kept exact) into the generated document type.
func documentOut(raw string) map[string]*interface{} {
	out := map[string]*interface{}{}
	v, err := Decode([]byte(raw))
	if err != nil {
		return out
	}
	m, _ := v.(map[string]any)
	for k, x := range m {
		if x == nil {
			out[k] = nil
			continue
		}
		x := x
		out[k] = &x
	}
	return out
}

func toAPI(v View) api.Configuration {
	c := v.Row
	out := api.Configuration{Id: c.ID, Name: c.Name, Kind: api.ConfigurationKind(c.Kind), Description: c.Description,
		Document: documentOut(c.Document), CurrentVersion: int32(c.CurrentVersion), LastMessage: c.LastMessage,
		LastCommittedAt: c.LastCommittedAt.UTC(), LastCommittedByName: c.LastCommittedByName,
		Tags: dataplatform.TagRefs(v.Tags), CreatedAt: c.CreatedAt.UTC(), UpdatedAt: c.UpdatedAt.UTC(), Version: c.Version}
	if c.ArchivedAt != nil {
		out.ArchivedAt.Set(c.ArchivedAt.UTC())
	} else {
		out.ArchivedAt.SetNull()
	}
	return out
}

func versionToAPI(v Version) api.ConfigurationVersion {
	out := api.ConfigurationVersion{Number: int32(v.Number), Document: documentOut(v.Document), Message: v.Message,
		AuthorName: v.AuthorName, CreatedAt: v.CreatedAt.UTC()}
	if v.ParentNumber != nil {
		out.ParentNumber.Set(int32(*v.ParentNumber))
	} else {
		out.ParentNumber.SetNull()
	}
	return out
}

func kindPtr(k *api.ConfigurationKind) *string {
	if k == nil {
		return nil
	}
	s := string(*k)
	return &s
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// ListConfigurations implements GET /configurations.
func (h *ConfigsHandler) ListConfigurations(ctx context.Context, req api.ListConfigurationsRequestObject) (api.ListConfigurationsResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	f := Filter{Query: str(p.Q), IncludeArchived: p.IncludeArchived != nil && *p.IncludeArchived, Sort: sortKey, Cursor: cursor, Limit: limit}
	if p.Kind != nil {
		for _, k := range *p.Kind {
			f.Kinds = append(f.Kinds, string(k))
		}
	}
	if p.Tag != nil {
		f.TagIDs = *p.Tag
	}
	res, err := h.s.List(ctx, f)
	if err != nil {
		return nil, err
	}
	items := make([]api.Configuration, 0, len(res.Items))
	for _, v := range res.Items {
		items = append(items, toAPI(v))
	}
	return api.ListConfigurations200JSONResponse{Items: items, Total: res.Total, NextCursor: httpx.NextCursor(res.NextCursor)}, nil
}

// CreateConfiguration implements POST /configurations.
func (h *ConfigsHandler) CreateConfiguration(ctx context.Context, req api.CreateConfigurationRequestObject) (api.CreateConfigurationResponseObject, error) {
	b := req.Body
	v, err := h.s.Create(ctx, Input{Name: &b.Name, Kind: kindPtr(b.Kind), Description: b.Description, TagIDs: b.TagIds,
		Document: documentIn(b.Document), Message: b.Message})
	if err != nil {
		return nil, err
	}
	return api.CreateConfiguration201JSONResponse(toAPI(v)), nil
}

// GetConfiguration implements GET /configurations/{id}.
func (h *ConfigsHandler) GetConfiguration(ctx context.Context, req api.GetConfigurationRequestObject) (api.GetConfigurationResponseObject, error) {
	v, err := h.s.Get(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return api.GetConfiguration200JSONResponse{Body: toAPI(v), Headers: api.GetConfiguration200ResponseHeaders{ETag: httpx.ETag(v.Version)}}, nil
}

// UpdateConfiguration implements PATCH /configurations/{id}.
func (h *ConfigsHandler) UpdateConfiguration(ctx context.Context, req api.UpdateConfigurationRequestObject) (api.UpdateConfigurationResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	v, err := h.s.Update(ctx, req.Id, ifMatch, Input{Name: b.Name, Kind: kindPtr(b.Kind), Description: b.Description, TagIDs: b.TagIds})
	if err != nil {
		return nil, err
	}
	return api.UpdateConfiguration200JSONResponse{Body: toAPI(v), Headers: api.UpdateConfiguration200ResponseHeaders{ETag: httpx.ETag(v.Version)}}, nil
}

// ArchiveConfiguration implements POST /configurations/{id}/archive.
func (h *ConfigsHandler) ArchiveConfiguration(ctx context.Context, req api.ArchiveConfigurationRequestObject) (api.ArchiveConfigurationResponseObject, error) {
	v, err := h.s.SetArchived(ctx, req.Id, true)
	if err != nil {
		return nil, err
	}
	return api.ArchiveConfiguration200JSONResponse(toAPI(v)), nil
}

// RestoreConfiguration implements POST /configurations/{id}/restore.
func (h *ConfigsHandler) RestoreConfiguration(ctx context.Context, req api.RestoreConfigurationRequestObject) (api.RestoreConfigurationResponseObject, error) {
	v, err := h.s.SetArchived(ctx, req.Id, false)
	if err != nil {
		return nil, err
	}
	return api.RestoreConfiguration200JSONResponse(toAPI(v)), nil
}

// ListConfigurationVersions implements GET /configurations/{id}/versions.
func (h *ConfigsHandler) ListConfigurationVersions(ctx context.Context, req api.ListConfigurationVersionsRequestObject) (api.ListConfigurationVersionsResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	res, err := h.s.ListVersions(ctx, req.Id, VersionFilter{Sort: sortKey, Cursor: cursor, Limit: limit})
	if err != nil {
		return nil, err
	}
	items := make([]api.ConfigurationVersion, 0, len(res.Items))
	for _, v := range res.Items {
		items = append(items, versionToAPI(v))
	}
	return api.ListConfigurationVersions200JSONResponse{Items: items, Total: res.Total, NextCursor: httpx.NextCursor(res.NextCursor)}, nil
}

// CommitConfigurationVersion implements POST /configurations/{id}/versions.
func (h *ConfigsHandler) CommitConfigurationVersion(ctx context.Context, req api.CommitConfigurationVersionRequestObject) (api.CommitConfigurationVersionResponseObject, error) {
	b := req.Body
	v, err := h.s.CommitVersion(ctx, req.Id, Commit{Document: documentIn(b.Document), Message: b.Message, BaseVersion: int(b.BaseVersion)})
	if err != nil {
		return nil, err
	}
	return api.CommitConfigurationVersion201JSONResponse(versionToAPI(v)), nil
}

// GetConfigurationVersion implements GET /configurations/{id}/versions/{number}.
func (h *ConfigsHandler) GetConfigurationVersion(ctx context.Context, req api.GetConfigurationVersionRequestObject) (api.GetConfigurationVersionResponseObject, error) {
	v, err := h.s.GetVersion(ctx, req.Id, int(req.Number))
	if err != nil {
		return nil, err
	}
	return api.GetConfigurationVersion200JSONResponse(versionToAPI(v)), nil
}

// DiffConfigurationVersions implements GET /configurations/{id}/diff.
func (h *ConfigsHandler) DiffConfigurationVersions(ctx context.Context, req api.DiffConfigurationVersionsRequestObject) (api.DiffConfigurationVersionsResponseObject, error) {
	res, err := h.s.DiffVersions(ctx, req.Id, int(req.Params.From), int(req.Params.To))
	if err != nil {
		return nil, err
	}
	changes := make([]api.ConfigurationChange, 0, len(res.Changes))
	for _, c := range res.Changes {
		changes = append(changes, api.ConfigurationChange{Op: api.ConfigurationChangeOp(c.Op), Path: c.Path,
			Before: jsonValue(c.Before), After: jsonValue(c.After)})
	}
	return api.DiffConfigurationVersions200JSONResponse{From: int32(res.From), To: int32(res.To), Changes: changes}, nil
}

// jsonValue is a value of a change, null when absent or null.
func jsonValue(v any) nullable.Nullable[interface{}] {
	if v == nil {
		return nullable.NewNullNullable[interface{}]()
	}
	return nullable.NewNullableWithValue[interface{}](v)
}
