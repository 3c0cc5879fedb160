package attachments

import (
	"context"
	"encoding/base64"
	"mime"
	"time"

	"github.com/oapi-codegen/nullable"

	"github.com/opsdeck/opsdeck/api"
	"github.com/opsdeck/opsdeck/backend/internal/platform/httpx"
)

// AttachmentsHandler implements the attachment operations.
type AttachmentsHandler struct{ s *Service }

// NewHandler returns the handler.
func NewHandler(s *Service) *AttachmentsHandler { return &AttachmentsHandler{s: s} }

func toAPI(a Attachment) api.Attachment {
	out := api.Attachment{Id: a.ID, OwnerType: a.OwnerType, OwnerId: a.OwnerID, Name: a.Name, ContentType: a.ContentType,
		Size: a.Size, Sha256: Hex(a.SHA256), Description: a.Description, CreatedByName: a.CreatedByName,
		CreatedAt: a.CreatedAt.UTC(), ArchivedAt: nullable.NewNullNullable[time.Time]()}
	if a.ArchivedAt != nil {
		out.ArchivedAt.Set(a.ArchivedAt.UTC())
	}
	return out
}

// UploadAttachment implements POST /attachments.
func (h *AttachmentsHandler) UploadAttachment(ctx context.Context, req api.UploadAttachmentRequestObject) (api.UploadAttachmentResponseObject, error) {
	a, err := h.s.Upload(ctx, req.Body)
	if err != nil {
		return nil, err
	}
	return api.UploadAttachment201JSONResponse(toAPI(a)), nil
}

// ListAttachments implements GET /attachments.
func (h *AttachmentsHandler) ListAttachments(ctx context.Context, req api.ListAttachmentsRequestObject) (api.ListAttachmentsResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	res, err := h.s.List(ctx, Filter{OwnerType: p.OwnerType, OwnerID: p.OwnerId, IncludeArchived: p.IncludeArchived != nil && *p.IncludeArchived,
		Sort: sortKey, Cursor: cursor, Limit: limit})
	if err != nil {
		return nil, err
	}
	out := api.ListAttachments200JSONResponse{Items: make([]api.Attachment, 0, len(res.Items)), Total: res.Total,
		NextCursor: httpx.NextCursor(res.NextCursor)}
	for _, a := range res.Items {
		out.Items = append(out.Items, toAPI(a))
	}
	return out, nil
}

// DownloadAttachment implements GET /attachments/{id}/content.
func (h *AttachmentsHandler) DownloadAttachment(ctx context.Context, req api.DownloadAttachmentRequestObject) (api.DownloadAttachmentResponseObject, error) {
	a, r, err := h.s.Open(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	// The generated response streams Body to the client; the store's reader is closed once the request ends.
	context.AfterFunc(ctx, func() { _ = r.Close() })
	return api.DownloadAttachment200ApplicationoctetStreamResponse{Body: r, ContentLength: a.Size,
		Headers: api.DownloadAttachment200ResponseHeaders{
			ContentDisposition: mime.FormatMediaType("attachment", map[string]string{"filename": a.Name}),
			Digest:             "sha-256=" + base64.StdEncoding.EncodeToString(a.SHA256)}}, nil
}

// ArchiveAttachment implements POST /attachments/{id}/archive.
func (h *AttachmentsHandler) ArchiveAttachment(ctx context.Context, req api.ArchiveAttachmentRequestObject) (api.ArchiveAttachmentResponseObject, error) {
	a, err := h.s.Archive(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return api.ArchiveAttachment200JSONResponse(toAPI(a)), nil
}
