package software

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/opsdeck/opsdeck/api"
	"github.com/opsdeck/opsdeck/backend/internal/dataplatform"
	"github.com/opsdeck/opsdeck/backend/internal/platform/httpx"
)

// SoftwareHandler implements the catalogue and licence operations.
type SoftwareHandler struct{ s *Service }

// NewHandler returns the handler.
func NewHandler(s *Service) *SoftwareHandler { return &SoftwareHandler{s: s} }

func nTime(t *time.Time) nullable.Nullable[time.Time] {
	if t == nil {
		return nullable.NewNullNullable[time.Time]()
	}
	return nullable.NewNullableWithValue(t.UTC())
}

func nDate(t *time.Time) nullable.Nullable[openapi_types.Date] {
	if t == nil {
		return nullable.NewNullNullable[openapi_types.Date]()
	}
	return nullable.NewNullableWithValue(openapi_types.Date{Time: *t})
}

func nVal[T any](p *T) nullable.Nullable[T] {
	if p == nil {
		return nullable.NewNullNullable[T]()
	}
	return nullable.NewNullableWithValue(*p)
}

// opt maps a nullable request field to an Opt.
func opt[T, U any](n nullable.Nullable[T], conv func(T) U) Opt[U] {
	if !n.IsSpecified() {
		return Opt[U]{}
	}
	if n.IsNull() {
		return Null[U]()
	}
	return Some(conv(n.MustGet()))
}

func same[T any](v T) T { return v }

func optPtr[T any](n nullable.Nullable[T]) *T {
	if !n.IsSpecified() || n.IsNull() {
		return nil
	}
	v := n.MustGet()
	return &v
}

func conv[T, U any](items []T, f func(T) U) []U {
	out := make([]U, 0, len(items))
	for _, it := range items {
		out = append(out, f(it))
	}
	return out
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func boolOr(p *bool) bool { return p != nil && *p }

func dateOf(d openapi_types.Date) time.Time { return d.Time }

// ---- software ----

func softwareToAPI(v SoftwareView) api.Software {
	r := v.SoftwareRow
	return api.Software{Id: r.ID, Name: r.Name, Publisher: r.Publisher, Category: api.SoftwareCategory(r.Category),
		OwnerUserId: nVal(r.OwnerUserID), OwnerGroupId: nVal(r.OwnerGroupID), OwnerUserName: nVal(r.OwnerUserName),
		OwnerGroupName: nVal(r.OwnerGroupName), SupplierName: r.SupplierName, Website: r.Website, Notes: r.Notes,
		CustomFields: dataplatform.CustomFieldsOut(r.CustomFields), LicenceCount: r.LicenceCount,
		Tags: dataplatform.TagRefs(v.Tags), CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		ArchivedAt: nTime(r.ArchivedAt), Version: r.Version}
}

type softwareBody struct {
	Name, Publisher, SupplierName, Website, Notes *string
	Category                                      *api.SoftwareCategory
	OwnerUserID, OwnerGroupID                     nullable.Nullable[openapi_types.UUID]
	CustomFields                                  *api.CustomFieldValues
	TagIDs                                        *[]openapi_types.UUID
}

func (b softwareBody) input() SoftwareInput {
	return SoftwareInput{Name: b.Name, Publisher: b.Publisher, Category: (*string)(b.Category), SupplierName: b.SupplierName,
		Website: b.Website, Notes: b.Notes, OwnerUserID: opt(b.OwnerUserID, same[uuid.UUID]),
		OwnerGroupID: opt(b.OwnerGroupID, same[uuid.UUID]), CustomFields: dataplatform.CustomFieldsIn(b.CustomFields), TagIDs: b.TagIDs}
}

// ListSoftware implements GET /software.
func (h *SoftwareHandler) ListSoftware(ctx context.Context, req api.ListSoftwareRequestObject) (api.ListSoftwareResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	f := SoftwareFilter{Query: str(p.Q), OwnerUserID: p.OwnerUserId, OwnerGroupID: p.OwnerGroupId,
		IncludeArchived: boolOr(p.IncludeArchived), Sort: sortKey, Cursor: cursor, Limit: limit}
	if p.Category != nil {
		for _, c := range *p.Category {
			f.Categories = append(f.Categories, string(c))
		}
	}
	if p.Tag != nil {
		f.TagIDs = *p.Tag
	}
	if p.Cf != nil {
		f.CustomFields = *p.Cf
	}
	res, err := h.s.ListSoftware(ctx, f)
	if err != nil {
		return nil, err
	}
	return api.ListSoftware200JSONResponse{Items: conv(res.Items, softwareToAPI), Total: res.Total, NextCursor: httpx.NextCursor(res.NextCursor)}, nil
}

// CreateSoftware implements POST /software.
func (h *SoftwareHandler) CreateSoftware(ctx context.Context, req api.CreateSoftwareRequestObject) (api.CreateSoftwareResponseObject, error) {
	b := req.Body
	v, err := h.s.CreateSoftware(ctx, softwareBody{Name: &b.Name, Publisher: b.Publisher, SupplierName: b.SupplierName, Website: b.Website,
		Notes: b.Notes, Category: b.Category, OwnerUserID: b.OwnerUserId, OwnerGroupID: b.OwnerGroupId, CustomFields: b.CustomFields,
		TagIDs: b.TagIds}.input())
	if err != nil {
		return nil, err
	}
	return api.CreateSoftware201JSONResponse(softwareToAPI(v)), nil
}

// GetSoftware implements GET /software/{id}.
func (h *SoftwareHandler) GetSoftware(ctx context.Context, req api.GetSoftwareRequestObject) (api.GetSoftwareResponseObject, error) {
	v, err := h.s.GetSoftware(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return api.GetSoftware200JSONResponse{Body: softwareToAPI(v), Headers: api.GetSoftware200ResponseHeaders{ETag: httpx.ETag(v.Version)}}, nil
}

// UpdateSoftware implements PATCH /software/{id}.
func (h *SoftwareHandler) UpdateSoftware(ctx context.Context, req api.UpdateSoftwareRequestObject) (api.UpdateSoftwareResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	v, err := h.s.UpdateSoftware(ctx, req.Id, ifMatch, softwareBody{Name: b.Name, Publisher: b.Publisher, SupplierName: b.SupplierName,
		Website: b.Website, Notes: b.Notes, Category: b.Category, OwnerUserID: b.OwnerUserId, OwnerGroupID: b.OwnerGroupId,
		CustomFields: b.CustomFields, TagIDs: b.TagIds}.input())
	if err != nil {
		return nil, err
	}
	return api.UpdateSoftware200JSONResponse{Body: softwareToAPI(v), Headers: api.UpdateSoftware200ResponseHeaders{ETag: httpx.ETag(v.Version)}}, nil
}

// ArchiveSoftware implements POST /software/{id}/archive.
func (h *SoftwareHandler) ArchiveSoftware(ctx context.Context, req api.ArchiveSoftwareRequestObject) (api.ArchiveSoftwareResponseObject, error) {
	v, err := h.s.SetSoftwareArchived(ctx, req.Id, true)
	if err != nil {
		return nil, err
	}
	return api.ArchiveSoftware200JSONResponse(softwareToAPI(v)), nil
}

// RestoreSoftware implements POST /software/{id}/restore.
func (h *SoftwareHandler) RestoreSoftware(ctx context.Context, req api.RestoreSoftwareRequestObject) (api.RestoreSoftwareResponseObject, error) {
	v, err := h.s.SetSoftwareArchived(ctx, req.Id, false)
	if err != nil {
		return nil, err
	}
	return api.RestoreSoftware200JSONResponse(softwareToAPI(v)), nil
}

// ---- licences ----

// licenceToAPI maps a licence; the key itself never leaves the service (has_key and the hint only).
func licenceToAPI(v LicenceView) api.Licence {
	r := v.LicenceRow
	out := api.Licence{Id: r.ID, SoftwareId: r.SoftwareID, SoftwareName: r.SoftwareName, Name: r.Name, HasKey: r.KeySealed != nil,
		KeyHint: r.KeyHint, ExpiresOn: nDate(r.ExpiresOn), PurchaseDate: nDate(r.PurchaseDate), Cost: nVal(r.Cost),
		Currency: nVal(r.Currency), SupplierName: r.SupplierName, Notes: r.Notes,
		CustomFields: dataplatform.CustomFieldsOut(r.CustomFields), SeatsUsed: r.SeatsUsed, Status: api.LicenceStatus(r.Status),
		Tags: dataplatform.TagRefs(v.Tags), CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		ArchivedAt: nTime(r.ArchivedAt), Version: r.Version}
	if r.Seats != nil {
		out.Seats.Set(int32(*r.Seats))
	} else {
		out.Seats.SetNull()
	}
	return out
}

type licenceBody struct {
	Name, SupplierName, Notes *string
	Key, Cost, Currency       nullable.Nullable[string]
	Seats                     nullable.Nullable[int32]
	ExpiresOn, PurchaseDate   nullable.Nullable[openapi_types.Date]
	CustomFields              *api.CustomFieldValues
	TagIDs                    *[]openapi_types.UUID
}

func (b licenceBody) input() LicenceInput {
	return LicenceInput{Name: b.Name, SupplierName: b.SupplierName, Notes: b.Notes, Key: opt(b.Key, same[string]),
		Cost: opt(b.Cost, same[string]), Currency: opt(b.Currency, same[string]),
		Seats: opt(b.Seats, func(n int32) int { return int(n) }), ExpiresOn: opt(b.ExpiresOn, dateOf),
		PurchaseDate: opt(b.PurchaseDate, dateOf), CustomFields: dataplatform.CustomFieldsIn(b.CustomFields), TagIDs: b.TagIDs}
}

// ListLicences implements GET /licences.
func (h *SoftwareHandler) ListLicences(ctx context.Context, req api.ListLicencesRequestObject) (api.ListLicencesResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	f := LicenceFilter{Query: str(p.Q), SoftwareID: p.SoftwareId, IncludeArchived: boolOr(p.IncludeArchived), Sort: sortKey,
		Cursor: cursor, Limit: limit}
	if p.Status != nil {
		for _, st := range *p.Status {
			f.Statuses = append(f.Statuses, string(st))
		}
	}
	if p.ExpiresBefore != nil {
		d := p.ExpiresBefore.Time
		f.ExpiresBefore = &d
	}
	if p.Tag != nil {
		f.TagIDs = *p.Tag
	}
	if p.Cf != nil {
		f.CustomFields = *p.Cf
	}
	res, err := h.s.ListLicences(ctx, f)
	if err != nil {
		return nil, err
	}
	return api.ListLicences200JSONResponse{Items: conv(res.Items, licenceToAPI), Total: res.Total, NextCursor: httpx.NextCursor(res.NextCursor)}, nil
}

// CreateLicence implements POST /licences.
func (h *SoftwareHandler) CreateLicence(ctx context.Context, req api.CreateLicenceRequestObject) (api.CreateLicenceResponseObject, error) {
	b := req.Body
	in := licenceBody{Name: &b.Name, SupplierName: b.SupplierName, Notes: b.Notes, Key: b.LicenceKey, Cost: b.Cost,
		Currency: b.Currency, Seats: b.Seats, ExpiresOn: b.ExpiresOn, PurchaseDate: b.PurchaseDate, CustomFields: b.CustomFields,
		TagIDs: b.TagIds}.input()
	sw := b.SoftwareId
	in.SoftwareID = &sw
	v, err := h.s.CreateLicence(ctx, in)
	if err != nil {
		return nil, err
	}
	return api.CreateLicence201JSONResponse(licenceToAPI(v)), nil
}

// GetLicence implements GET /licences/{id}.
func (h *SoftwareHandler) GetLicence(ctx context.Context, req api.GetLicenceRequestObject) (api.GetLicenceResponseObject, error) {
	v, err := h.s.GetLicence(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return api.GetLicence200JSONResponse{Body: licenceToAPI(v), Headers: api.GetLicence200ResponseHeaders{ETag: httpx.ETag(v.Version)}}, nil
}

// UpdateLicence implements PATCH /licences/{id}.
func (h *SoftwareHandler) UpdateLicence(ctx context.Context, req api.UpdateLicenceRequestObject) (api.UpdateLicenceResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	v, err := h.s.UpdateLicence(ctx, req.Id, ifMatch, licenceBody{Name: b.Name, SupplierName: b.SupplierName, Notes: b.Notes,
		Key: b.LicenceKey, Cost: b.Cost, Currency: b.Currency, Seats: b.Seats, ExpiresOn: b.ExpiresOn, PurchaseDate: b.PurchaseDate,
		CustomFields: b.CustomFields, TagIDs: b.TagIds}.input())
	if err != nil {
		return nil, err
	}
	return api.UpdateLicence200JSONResponse{Body: licenceToAPI(v), Headers: api.UpdateLicence200ResponseHeaders{ETag: httpx.ETag(v.Version)}}, nil
}

// ArchiveLicence implements POST /licences/{id}/archive.
func (h *SoftwareHandler) ArchiveLicence(ctx context.Context, req api.ArchiveLicenceRequestObject) (api.ArchiveLicenceResponseObject, error) {
	v, err := h.s.SetLicenceArchived(ctx, req.Id, true)
	if err != nil {
		return nil, err
	}
	return api.ArchiveLicence200JSONResponse(licenceToAPI(v)), nil
}

// RestoreLicence implements POST /licences/{id}/restore.
func (h *SoftwareHandler) RestoreLicence(ctx context.Context, req api.RestoreLicenceRequestObject) (api.RestoreLicenceResponseObject, error) {
	v, err := h.s.SetLicenceArchived(ctx, req.Id, false)
	if err != nil {
		return nil, err
	}
	return api.RestoreLicence200JSONResponse(licenceToAPI(v)), nil
}

// RevealLicenceKey implements POST /licences/{id}/reveal-key.
func (h *SoftwareHandler) RevealLicenceKey(ctx context.Context, req api.RevealLicenceKeyRequestObject) (api.RevealLicenceKeyResponseObject, error) {
	key, err := h.s.RevealKey(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return api.RevealLicenceKey200JSONResponse{LicenceKey: key}, nil
}

// ---- seats ----

func seatToAPI(st Seat) api.LicenceSeat {
	return api.LicenceSeat{Id: st.ID, LicenceId: st.LicenceID, UserId: nVal(st.UserID), UserName: nVal(st.UserName),
		AssetId: nVal(st.AssetID), AssetName: nVal(st.AssetName), Note: st.Note, AssignedAt: st.AssignedAt.UTC(),
		AssignedByName: st.AssignedByName}
}

// ListLicenceSeats implements GET /licences/{id}/seats.
func (h *SoftwareHandler) ListLicenceSeats(ctx context.Context, req api.ListLicenceSeatsRequestObject) (api.ListLicenceSeatsResponseObject, error) {
	p := req.Params
	limit, sortKey, cursor := httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	res, err := h.s.ListSeats(ctx, req.Id, sortKey, cursor, limit)
	if err != nil {
		return nil, err
	}
	return api.ListLicenceSeats200JSONResponse{Items: conv(res.Items, seatToAPI), Total: res.Total, NextCursor: httpx.NextCursor(res.NextCursor)}, nil
}

// AssignLicenceSeat implements POST /licences/{id}/seats.
func (h *SoftwareHandler) AssignLicenceSeat(ctx context.Context, req api.AssignLicenceSeatRequestObject) (api.AssignLicenceSeatResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	st, err := h.s.AssignSeat(ctx, req.Id, ifMatch, SeatInput{UserID: optPtr(b.UserId), AssetID: optPtr(b.AssetId), Note: str(b.Note)})
	if err != nil {
		return nil, err
	}
	return api.AssignLicenceSeat201JSONResponse(seatToAPI(st)), nil
}

// ReleaseLicenceSeat implements DELETE /licences/{id}/seats/{seat_id}.
func (h *SoftwareHandler) ReleaseLicenceSeat(ctx context.Context, req api.ReleaseLicenceSeatRequestObject) (api.ReleaseLicenceSeatResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	if err := h.s.ReleaseSeat(ctx, req.Id, req.SeatId, ifMatch); err != nil {
		return nil, err
	}
	return api.ReleaseLicenceSeat204Response{}, nil
}
