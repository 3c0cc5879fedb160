package imports

import (
	"context"
	"encoding/json"

	"github.com/oapi-codegen/nullable"

	"github.com/opsdeck/opsdeck/api"
	"github.com/opsdeck/opsdeck/backend/internal/platform/tabular"
)

// ImportsHandler implements the import and export operations.
type ImportsHandler struct{ s *Service }

// NewHandler returns the handler.
func NewHandler(s *Service) *ImportsHandler { return &ImportsHandler{s: s} }

// StartImport implements POST /imports.
func (h *ImportsHandler) StartImport(ctx context.Context, req api.StartImportRequestObject) (api.StartImportResponseObject, error) {
	im, err := h.s.Upload(ctx, req.Body)
	if err != nil {
		return nil, err
	}
	return api.StartImport202JSONResponse{Id: im.ID, JobId: *im.JobID}, nil
}

// GetImportColumns implements GET /imports/columns.
func (h *ImportsHandler) GetImportColumns(ctx context.Context, req api.GetImportColumnsRequestObject) (api.GetImportColumnsResponseObject, error) {
	cols, err := h.s.Columns(ctx, string(req.Params.Entity))
	if err != nil {
		return nil, err
	}
	out := api.GetImportColumns200JSONResponse{Entity: api.ImportEntity(req.Params.Entity), Columns: make([]api.ImportColumn, 0, len(cols))}
	for _, c := range cols {
		out.Columns = append(out.Columns, api.ImportColumn{Name: c.Name, Required: c.Required, Help: c.Help})
	}
	return out, nil
}

// GetImport implements GET /imports/{id}.
func (h *ImportsHandler) GetImport(ctx context.Context, req api.GetImportRequestObject) (api.GetImportResponseObject, error) {
	im, err := h.s.Get(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	out := api.Import{Id: im.ID, Entity: api.ImportEntity(im.Entity), Format: api.ImportFormat(im.Format), FileName: im.FileName,
		Size: im.Size, DryRun: im.DryRun, State: api.ImportState(im.State), CreatedAt: im.CreatedAt.UTC()}
	if im.JobID != nil {
		out.JobId.Set(*im.JobID)
	} else {
		out.JobId.SetNull()
	}
	if im.FinishedAt != nil {
		out.FinishedAt.Set(im.FinishedAt.UTC())
	} else {
		out.FinishedAt.SetNull()
	}
	out.Report = nullable.NewNullNullable[api.ImportReport]()
	if im.Report != nil {
		var rep tabular.Report
		if err := json.Unmarshal(*im.Report, &rep); err != nil {
			return nil, err
		}
		r := api.ImportReport{DryRun: rep.DryRun, Applied: rep.Applied, Rows: int32(rep.Rows), Created: int32(rep.Created),
			Updated: int32(rep.Updated), Unchanged: int32(rep.Unchanged), ErrorCount: int32(rep.ErrorCount),
			Errors: make([]api.ImportRowError, 0, len(rep.Errors)), Columns: rep.Columns}
		if r.Columns == nil {
			r.Columns = []string{}
		}
		for _, e := range rep.Errors {
			r.Errors = append(r.Errors, api.ImportRowError{Line: int32(e.Line), Column: e.Column, Message: e.Message})
		}
		out.Report.Set(r)
	}
	return api.GetImport200JSONResponse(out), nil
}

// StartExport implements POST /exports.
func (h *ImportsHandler) StartExport(ctx context.Context, req api.StartExportRequestObject) (api.StartExportResponseObject, error) {
	b := req.Body
	id, err := h.s.StartExport(ctx, ExportArgs{Entity: string(b.Entity), Format: string(b.Format),
		IncludeArchived: b.IncludeArchived != nil && *b.IncludeArchived, IDs: deref(b.Ids)})
	if err != nil {
		return nil, err
	}
	return api.StartExport202JSONResponse{JobId: id}, nil
}

func deref[T any](p *[]T) []T {
	if p == nil {
		return nil
	}
	return *p
}
