// Package dataplatform serves the data platform's operations (links, tags, custom fields); the mechanisms live in
// internal/platform/{links,tags,customfields}.
package dataplatform

import (
	"context"
	"encoding/json"

	"github.com/oapi-codegen/nullable"

	"github.com/opsdeck/opsdeck/api"
	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
	"github.com/opsdeck/opsdeck/backend/internal/platform/customfields"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/httpx"
	"github.com/opsdeck/opsdeck/backend/internal/platform/links"
	"github.com/opsdeck/opsdeck/backend/internal/platform/tags"
	"github.com/opsdeck/opsdeck/backend/internal/platform/timeline"
)

// DataHandler implements the `data` operations.
type DataHandler struct {
	links    *links.Service
	tags     *tags.Service
	fields   *customfields.Service
	timeline *timeline.Service
}

// NewHandler returns the handler.
func NewHandler(l *links.Service, t *tags.Service, f *customfields.Service, tl *timeline.Service) *DataHandler {
	return &DataHandler{links: l, tags: t, fields: f, timeline: tl}
}

// ListLinkableTypes implements GET /linkable-types.
func (h *DataHandler) ListLinkableTypes(context.Context, api.ListLinkableTypesRequestObject) (api.ListLinkableTypesResponseObject, error) {
	out := api.ListLinkableTypes200JSONResponse{Items: []api.LinkableType{}}
	for _, t := range h.links.Registry().List() {
		out.Items = append(out.Items, api.LinkableType{Name: t.Name, Label: t.Label, Module: api.ModuleSlug(t.Module),
			Route: t.Route, Archivable: t.Archivable, Taggable: t.Taggable, CustomFields: t.CustomFields})
	}
	return out, nil
}

// EntityRef maps a resolved entity.
func EntityRef(r links.Ref) api.EntityRef {
	return api.EntityRef{Type: r.Type, Id: r.ID, Label: r.Label, Route: r.Route, Archived: r.Archived}
}

func linkToAPI(v links.View) api.Link {
	return api.Link{Id: v.ID, SourceType: v.SourceType, SourceId: v.SourceID, TargetType: v.TargetType, TargetId: v.TargetID,
		Relation: api.LinkRelation(v.Relation), Note: v.Note, CreatedBy: v.CreatedBy, CreatedAt: v.CreatedAt.UTC(),
		Direction: api.LinkDirection(v.Direction), Other: EntityRef(v.Other)}
}

// ListLinks implements GET /links.
func (h *DataHandler) ListLinks(ctx context.Context, req api.ListLinksRequestObject) (api.ListLinksResponseObject, error) {
	list, err := h.links.List(ctx, req.Params.Type, req.Params.Id)
	if err != nil {
		return nil, err
	}
	out := api.ListLinks200JSONResponse{Items: make([]api.Link, 0, len(list)), Total: int64(len(list))}
	for _, v := range list {
		out.Items = append(out.Items, linkToAPI(v))
	}
	return out, nil
}

// CreateLink implements POST /links.
func (h *DataHandler) CreateLink(ctx context.Context, req api.CreateLinkRequestObject) (api.CreateLinkResponseObject, error) {
	b := req.Body
	in := links.Input{SourceType: b.SourceType, SourceID: b.SourceId, TargetType: b.TargetType, TargetID: b.TargetId}
	if b.Relation != nil {
		in.Relation = string(*b.Relation)
	}
	if b.Note != nil {
		in.Note = *b.Note
	}
	v, err := h.links.Create(ctx, in)
	if err != nil {
		return nil, err
	}
	return api.CreateLink201JSONResponse(linkToAPI(v)), nil
}

// DeleteLink implements DELETE /links/{id}.
func (h *DataHandler) DeleteLink(ctx context.Context, req api.DeleteLinkRequestObject) (api.DeleteLinkResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	if ifMatch != nil && *ifMatch != 1 {
		return nil, apperr.PreconditionFailed(1)
	}
	if err := h.links.Delete(ctx, req.Id); err != nil {
		return nil, err
	}
	return api.DeleteLink204Response{}, nil
}

// TagRefs maps an entity's tags.
func TagRefs(list []tags.Ref) []api.TagRef {
	out := make([]api.TagRef, 0, len(list))
	for _, t := range list {
		out = append(out, api.TagRef{Id: t.ID, Name: t.Name, Colour: api.TagColour(t.Colour)})
	}
	return out
}

func tagToAPI(t tags.Tag) api.Tag {
	out := api.Tag{Id: t.ID, Name: t.Name, Colour: api.TagColour(t.Colour), Description: t.Description, Uses: t.Uses,
		CreatedAt: t.CreatedAt.UTC(), Version: t.Version}
	if t.ArchivedAt != nil {
		out.ArchivedAt.Set(t.ArchivedAt.UTC())
	} else {
		out.ArchivedAt.SetNull()
	}
	return out
}

// ListTags implements GET /tags.
func (h *DataHandler) ListTags(ctx context.Context, req api.ListTagsRequestObject) (api.ListTagsResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	f := tags.Filter{Sort: sortKey, Cursor: cursor, Limit: limit, IncludeArchived: p.IncludeArchived != nil && *p.IncludeArchived}
	if p.Q != nil {
		f.Query = *p.Q
	}
	page, err := h.tags.List(ctx, f)
	if err != nil {
		return nil, err
	}
	out := api.ListTags200JSONResponse{Items: make([]api.Tag, 0, len(page.Items)), Total: page.Total, NextCursor: httpx.NextCursor(page.NextCursor)}
	for _, t := range page.Items {
		out.Items = append(out.Items, tagToAPI(t))
	}
	return out, nil
}

// CreateTag implements POST /tags.
func (h *DataHandler) CreateTag(ctx context.Context, req api.CreateTagRequestObject) (api.CreateTagResponseObject, error) {
	b := req.Body
	t, err := h.tags.Create(ctx, tags.Input{Name: &b.Name, Colour: (*string)(b.Colour), Description: b.Description})
	if err != nil {
		return nil, err
	}
	return api.CreateTag201JSONResponse(tagToAPI(t)), nil
}

// GetTag implements GET /tags/{id}.
func (h *DataHandler) GetTag(ctx context.Context, req api.GetTagRequestObject) (api.GetTagResponseObject, error) {
	t, err := h.tags.Get(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return api.GetTag200JSONResponse{Body: tagToAPI(t), Headers: api.GetTag200ResponseHeaders{ETag: httpx.ETag(t.Version)}}, nil
}

// UpdateTag implements PATCH /tags/{id}.
func (h *DataHandler) UpdateTag(ctx context.Context, req api.UpdateTagRequestObject) (api.UpdateTagResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	t, err := h.tags.Update(ctx, req.Id, ifMatch, tags.Input{Name: b.Name, Colour: (*string)(b.Colour), Description: b.Description})
	if err != nil {
		return nil, err
	}
	return api.UpdateTag200JSONResponse{Body: tagToAPI(t), Headers: api.UpdateTag200ResponseHeaders{ETag: httpx.ETag(t.Version)}}, nil
}

// ArchiveTag implements POST /tags/{id}/archive.
func (h *DataHandler) ArchiveTag(ctx context.Context, req api.ArchiveTagRequestObject) (api.ArchiveTagResponseObject, error) {
	t, err := h.tags.SetArchived(ctx, req.Id, true)
	if err != nil {
		return nil, err
	}
	return api.ArchiveTag200JSONResponse(tagToAPI(t)), nil
}

// RestoreTag implements POST /tags/{id}/restore.
func (h *DataHandler) RestoreTag(ctx context.Context, req api.RestoreTagRequestObject) (api.RestoreTagResponseObject, error) {
	t, err := h.tags.SetArchived(ctx, req.Id, false)
	if err != nil {
		return nil, err
	}
	return api.RestoreTag200JSONResponse(tagToAPI(t)), nil
}

func fieldToAPI(d customfields.Definition) api.CustomField {
	out := api.CustomField{Id: d.ID, EntityType: d.EntityType, Key: d.Key, Label: d.Label, Type: api.CustomFieldType(d.Type),
		Required: d.Required, Help: d.Help, Options: []string(d.Options), Position: int32(d.Position),
		CreatedAt: d.CreatedAt.UTC(), Version: d.Version}
	if out.Options == nil {
		out.Options = []string{}
	}
	var v any
	if d.DefaultValue != nil && json.Unmarshal(*d.DefaultValue, &v) == nil && v != nil {
		out.Default.Set(v)
	} else {
		out.Default.SetNull()
	}
	if d.ArchivedAt != nil {
		out.ArchivedAt.Set(d.ArchivedAt.UTC())
	} else {
		out.ArchivedAt.SetNull()
	}
	return out
}

func defaultOf(n nullable.Nullable[any]) *json.RawMessage {
	if !n.IsSpecified() {
		return nil
	}
	raw := json.RawMessage("null")
	if !n.IsNull() {
		b, _ := json.Marshal(n.MustGet())
		raw = b
	}
	return &raw
}

func position(p *int32) *int {
	if p == nil {
		return nil
	}
	v := int(*p)
	return &v
}

// ListCustomFields implements GET /custom-fields.
func (h *DataHandler) ListCustomFields(ctx context.Context, req api.ListCustomFieldsRequestObject) (api.ListCustomFieldsResponseObject, error) {
	p := req.Params
	limit, _, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	typ := ""
	if p.EntityType != nil {
		typ = *p.EntityType
	}
	page, err := h.fields.List(ctx, typ, p.IncludeArchived != nil && *p.IncludeArchived, cursor, limit)
	if err != nil {
		return nil, err
	}
	out := api.ListCustomFields200JSONResponse{Items: make([]api.CustomField, 0, len(page.Items)), Total: page.Total,
		NextCursor: httpx.NextCursor(page.NextCursor)}
	for _, d := range page.Items {
		out.Items = append(out.Items, fieldToAPI(d))
	}
	return out, nil
}

// CreateCustomField implements POST /custom-fields.
func (h *DataHandler) CreateCustomField(ctx context.Context, req api.CreateCustomFieldRequestObject) (api.CreateCustomFieldResponseObject, error) {
	b := req.Body
	d, err := h.fields.Create(ctx, customfields.Input{EntityType: b.EntityType, Key: b.Key, Type: string(b.Type), Label: &b.Label,
		Help: b.Help, Required: b.Required, Default: defaultOf(b.Default), Options: b.Options, Position: position(b.Position)})
	if err != nil {
		return nil, err
	}
	return api.CreateCustomField201JSONResponse(fieldToAPI(d)), nil
}

// GetCustomField implements GET /custom-fields/{id}.
func (h *DataHandler) GetCustomField(ctx context.Context, req api.GetCustomFieldRequestObject) (api.GetCustomFieldResponseObject, error) {
	d, err := h.fields.Get(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return api.GetCustomField200JSONResponse{Body: fieldToAPI(d), Headers: api.GetCustomField200ResponseHeaders{ETag: httpx.ETag(d.Version)}}, nil
}

// UpdateCustomField implements PATCH /custom-fields/{id}.
func (h *DataHandler) UpdateCustomField(ctx context.Context, req api.UpdateCustomFieldRequestObject) (api.UpdateCustomFieldResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	d, err := h.fields.Update(ctx, req.Id, ifMatch, customfields.Input{Label: b.Label, Help: b.Help, Required: b.Required,
		Default: defaultOf(b.Default), Options: b.Options, Position: position(b.Position)})
	if err != nil {
		return nil, err
	}
	return api.UpdateCustomField200JSONResponse{Body: fieldToAPI(d), Headers: api.UpdateCustomField200ResponseHeaders{ETag: httpx.ETag(d.Version)}}, nil
}

// ArchiveCustomField implements POST /custom-fields/{id}/archive.
func (h *DataHandler) ArchiveCustomField(ctx context.Context, req api.ArchiveCustomFieldRequestObject) (api.ArchiveCustomFieldResponseObject, error) {
	d, err := h.fields.SetArchived(ctx, req.Id, true)
	if err != nil {
		return nil, err
	}
	return api.ArchiveCustomField200JSONResponse(fieldToAPI(d)), nil
}

// RestoreCustomField implements POST /custom-fields/{id}/restore.
func (h *DataHandler) RestoreCustomField(ctx context.Context, req api.RestoreCustomFieldRequestObject) (api.RestoreCustomFieldResponseObject, error) {
	d, err := h.fields.SetArchived(ctx, req.Id, false)
	if err != nil {
		return nil, err
	}
	return api.RestoreCustomField200JSONResponse(fieldToAPI(d)), nil
}

// CustomFieldsOut maps stored values to the API shape.
func CustomFieldsOut(m map[string]any) api.CustomFieldValues {
	out := make(api.CustomFieldValues, len(m))
	for k, v := range m {
		v := v
		out[k] = &v
	}
	return out
}

// CustomFieldsIn maps the API shape to values (a JSON null stays a nil: "remove" in a merge patch).
func CustomFieldsIn(in *api.CustomFieldValues) map[string]any {
	if in == nil {
		return nil
	}
	out := make(map[string]any, len(*in))
	for k, v := range *in {
		if v == nil {
			out[k] = nil
		} else {
			out[k] = *v
		}
	}
	return out
}

// TimelineList maps a page of timeline entries.
func TimelineList(res db.PageResult[timeline.Entry]) api.TimelineList {
	items := make([]api.TimelineEntry, 0, len(res.Items))
	for _, e := range res.Items {
		changes := map[string]*any{}
		var m map[string]any
		if len(e.Changes) > 0 && json.Unmarshal(e.Changes, &m) == nil {
			for k, v := range m {
				changes[k] = &v
			}
		}
		items = append(items, api.TimelineEntry{Id: e.ID.String(), At: e.At.UTC(), Kind: api.TimelineEntryKind(e.Kind),
			ActorName: e.ActorName, Summary: e.Summary, Changes: changes})
	}
	return api.TimelineList{Items: items, Total: res.Total, NextCursor: httpx.NextCursor(res.NextCursor)}
}

// GetTimeline implements GET /timeline.
func (h *DataHandler) GetTimeline(ctx context.Context, req api.GetTimelineRequestObject) (api.GetTimelineResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	res, err := h.timeline.Page(ctx, p.Type, p.Id, sortKey, cursor, limit)
	if err != nil {
		return nil, err
	}
	return api.GetTimeline200JSONResponse(TimelineList(res)), nil
}
