package compliance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/opsdeck/opsdeck/api"
	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
)

// ImportFramework implements POST /frameworks/import.
func (h *ComplianceHandler) ImportFramework(ctx context.Context, req api.ImportFrameworkRequestObject) (api.ImportFrameworkResponseObject, error) {
	dryRun := true
	var data []byte
	for {
		part, err := req.Body.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, apperr.Invalid("The upload is not a valid multipart form.")
		}
		switch part.FormName() {
		case "dry_run":
			b, _ := io.ReadAll(io.LimitReader(part, 10))
			if dryRun, err = strconv.ParseBool(strings.TrimSpace(string(b))); err != nil {
				return nil, apperr.Invalid("dry_run must be true or false", apperr.FieldError{Field: "dry_run", Code: "invalid", Message: "must be true or false"})
			}
		case "file":
			if data, err = io.ReadAll(io.LimitReader(part, MaxFrameworkFile+1)); err != nil {
				return nil, apperr.Invalid("The file could not be read.")
			}
			if len(data) > MaxFrameworkFile {
				return nil, echo.NewHTTPError(http.StatusRequestEntityTooLarge, "The framework file is larger than 10 MiB.")
			}
		}
		_ = part.Close()
	}
	if data == nil {
		return nil, apperr.Unprocessable("No file was sent.", apperr.FieldError{Field: "file", Code: "required", Message: "is required"})
	}
	res, err := h.s.ImportFramework(ctx, data, dryRun)
	if err != nil {
		return nil, err
	}
	out := api.FrameworkImport{Format: api.FrameworkImportFormat(res.Format), Key: res.Key, Name: res.Name, Version: res.Version,
		Groups: int32(res.Groups), Controls: int32(res.Controls), Requirements: int32(res.Requirements), DryRun: res.DryRun}
	if res.Framework == nil {
		out.Framework.SetNull()
		return api.ImportFramework200JSONResponse(out), nil
	}
	out.Framework.Set(frameworkToAPI(*res.Framework))
	return api.ImportFramework201JSONResponse(out), nil
}

// ExportFramework implements GET /frameworks/{id}/export.
func (h *ComplianceHandler) ExportFramework(ctx context.Context, req api.ExportFrameworkRequestObject) (api.ExportFrameworkResponseObject, error) {
	format := ExportYAML
	if req.Params.Format != nil {
		format = string(*req.Params.Format)
	}
	b, name, err := h.s.ExportFramework(ctx, req.Id, format)
	if err != nil {
		return nil, err
	}
	disposition := fmt.Sprintf("attachment; filename=%q", name)
	if format == ExportYAML {
		return api.ExportFramework200ApplicationyamlResponse{Body: bytes.NewReader(b), ContentLength: int64(len(b)),
			Headers: api.ExportFramework200ResponseHeaders{ContentDisposition: disposition}}, nil
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	return api.ExportFramework200JSONResponse{Body: doc, Headers: api.ExportFramework200ResponseHeaders{ContentDisposition: disposition}}, nil
}
