package jobsapi

import (
	"context"

	"github.com/opsdeck/opsdeck/api"
	"github.com/opsdeck/opsdeck/backend/internal/platform/httpx"
)

// JobsHandler implements the jobs operations.
type JobsHandler struct{ svc *Service }

// NewHandler returns the handler.
func NewHandler(s *Service) *JobsHandler { return &JobsHandler{svc: s} }

func toAPI(v View) api.Job {
	out := api.Job{Id: v.ID, Kind: v.Kind, State: api.JobState(v.State), Attempt: int32(v.Attempt),
		MaxAttempts: int32(v.MaxAttempts), Percent: int32(v.Percent), Message: v.Message, Errors: []api.JobError{},
		ActorName: v.Metadata.ActorName, CreatedAt: v.CreatedAt.UTC(), ScheduledAt: v.ScheduledAt.UTC()}
	for _, e := range v.Errors {
		msg := e.Error
		if len(msg) > 2000 {
			msg = msg[:2000]
		}
		out.Errors = append(out.Errors, api.JobError{Attempt: int32(e.Attempt), At: e.At.UTC(), Error: msg})
	}
	if v.AttemptedAt != nil {
		out.AttemptedAt.Set(v.AttemptedAt.UTC())
	} else {
		out.AttemptedAt.SetNull()
	}
	if v.FinalizedAt != nil {
		out.FinalizedAt.Set(v.FinalizedAt.UTC())
	} else {
		out.FinalizedAt.SetNull()
	}
	if r := v.Result(); r != nil && v.State == "completed" {
		res := api.JobResult{Summary: map[string]any{}}
		for k, val := range r.Summary {
			res.Summary[k] = val
		}
		if r.Href != "" {
			res.Href.Set(r.Href)
		} else {
			res.Href.SetNull()
		}
		out.Result.Set(res)
	} else {
		out.Result.SetNull()
	}
	return out
}

// ListJobs implements GET /jobs.
func (h *JobsHandler) ListJobs(ctx context.Context, req api.ListJobsRequestObject) (api.ListJobsResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	f := Filter{}
	if p.State != nil {
		f.State = string(*p.State)
	}
	if p.Kind != nil {
		f.Kind = *p.Kind
	}
	if p.Mine != nil {
		f.Mine = *p.Mine
	}
	items, next, total, err := h.svc.List(ctx, f, sortKey, cursor, limit)
	if err != nil {
		return nil, err
	}
	out := api.ListJobs200JSONResponse{Items: make([]api.Job, 0, len(items)), Total: total, NextCursor: httpx.NextCursor(next)}
	for _, v := range items {
		out.Items = append(out.Items, toAPI(v))
	}
	return out, nil
}

// GetJob implements GET /jobs/{id}.
func (h *JobsHandler) GetJob(ctx context.Context, req api.GetJobRequestObject) (api.GetJobResponseObject, error) {
	v, err := h.svc.Get(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return api.GetJob200JSONResponse(toAPI(v)), nil
}

// CancelJob implements POST /jobs/{id}/cancel.
func (h *JobsHandler) CancelJob(ctx context.Context, req api.CancelJobRequestObject) (api.CancelJobResponseObject, error) {
	v, err := h.svc.Cancel(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return api.CancelJob200JSONResponse(toAPI(v)), nil
}

// RetryJob implements POST /jobs/{id}/retry.
func (h *JobsHandler) RetryJob(ctx context.Context, req api.RetryJobRequestObject) (api.RetryJobResponseObject, error) {
	v, err := h.svc.Retry(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return api.RetryJob200JSONResponse(toAPI(v)), nil
}
