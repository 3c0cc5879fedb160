package files

import (
	"context"
	"encoding/base64"
	"mime"

	"github.com/opsdeck/opsdeck/api"
)

// FilesHandler serves produced files.
type FilesHandler struct{ s *Store }

// NewHandler returns the handler.
func NewHandler(s *Store) *FilesHandler { return &FilesHandler{s: s} }

// DownloadFile implements GET /files/{id}.
func (h *FilesHandler) DownloadFile(ctx context.Context, req api.DownloadFileRequestObject) (api.DownloadFileResponseObject, error) {
	f, body, err := h.s.Open(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return api.DownloadFile200ApplicationoctetStreamResponse{Body: body, ContentLength: f.Size,
		Headers: api.DownloadFile200ResponseHeaders{
			ContentDisposition: mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}),
			Digest:             "sha-256=" + base64.StdEncoding.EncodeToString(f.SHA256)}}, nil
}
