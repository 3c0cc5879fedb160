package organizations

import (
	"context"

	"github.com/google/uuid"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"strings"

	"github.com/opsdeck/opsdeck/api"
	"github.com/opsdeck/opsdeck/backend/internal/platform/config"
	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/httpx"
)

// OrganizationHandler implements the organisation operations of the generated strict server interface.
type OrganizationHandler struct{ svc *Service }

// NewHandler returns the handler.
func NewHandler(svc *Service) *OrganizationHandler { return &OrganizationHandler{svc: svc} }

// GetOrganization implements GET /organization.
func (h *OrganizationHandler) GetOrganization(ctx context.Context, _ api.GetOrganizationRequestObject) (api.GetOrganizationResponseObject, error) {
	o, err := h.svc.Current(ctx)
	if err != nil {
		return nil, err
	}
	return api.GetOrganization200JSONResponse{Body: toAPI(o), Headers: api.GetOrganization200ResponseHeaders{ETag: httpx.ETag(o.Version)}}, nil
}

// UpdateOrganization implements PATCH /organization (JSON Merge Patch, If-Match).
func (h *OrganizationHandler) UpdateOrganization(ctx context.Context, req api.UpdateOrganizationRequestObject) (api.UpdateOrganizationResponseObject, error) {
	ifMatch, err := httpx.IfMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	p := Patch{Name: b.Name, Country: b.Country, Identifier: b.Identifier}
	if s := b.Settings; s != nil {
		p.Settings = &SettingsPatch{
			LegalName: s.LegalName, TaxID: s.TaxId, Domains: s.Domains, LogoURL: s.LogoUrl, Timezone: s.Timezone,
			BaseCurrency: s.BaseCurrency, RequireMFA: s.RequireMfa, TermsVersion: s.TermsVersion, TermsURL: s.TermsUrl,
		}
		if s.RiskMatrix != nil {
			p.Settings.RiskMatrix = &RiskMatrix{LikelihoodLevels: int(s.RiskMatrix.LikelihoodLevels),
				ImpactLevels: int(s.RiskMatrix.ImpactLevels), Appetite: int(s.RiskMatrix.Appetite)}
		}
		if s.Retention != nil {
			p.Settings.Retention = &Retention{AuditLogDays: int(s.Retention.AuditLogDays)}
		}
	}
	o, err := h.svc.Update(ctx, ifMatch, p)
	if err != nil {
		return nil, err
	}
	return api.UpdateOrganization200JSONResponse{Body: toAPI(o), Headers: api.UpdateOrganization200ResponseHeaders{ETag: httpx.ETag(o.Version)}}, nil
}

// ListOrganizations implements GET /organizations (platform scope).
func (h *OrganizationHandler) ListOrganizations(ctx context.Context, req api.ListOrganizationsRequestObject) (api.ListOrganizationsResponseObject, error) {
	p := req.Params
	f := ListFilter{Query: deref(p.Q)}
	f.Limit, f.Sort, f.Cursor = httpx.PageArgs(p.Limit, p.Sort, p.Cursor)
	if p.Kind != nil {
		f.Kind = string(*p.Kind)
	}
	page, err := h.svc.List(ctx, f)
	if err != nil {
		return nil, err
	}
	out := api.ListOrganizations200JSONResponse{Items: make([]api.Organization, 0, len(page.Items)), Total: page.Total}
	out.NextCursor = httpx.NextCursor(page.NextCursor)
	for _, o := range page.Items {
		out.Items = append(out.Items, toAPI(o))
	}
	return out, nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func toAPI(o Organization) api.Organization {
	mods := make([]api.ModuleSlug, 0, len(o.EnabledModules))
	for _, m := range o.EnabledModules {
		mods = append(mods, api.ModuleSlug(m))
	}
	s := o.Settings
	return api.Organization{
		Id:               openapi_types.UUID(uuid.UUID(o.ID)),
		Name:             o.Name,
		Slug:             o.Slug,
		Kind:             api.OrganizationKind(o.Kind),
		Country:          o.Country,
		Identifier:       o.Identifier,
		EntityCategories: nonNil(o.EntityCategories),
		Sectors:          nonNil(o.Sectors),
		EnabledModules:   mods,
		CreatedAt:        o.CreatedAt.UTC(),
		UpdatedAt:        o.UpdatedAt.UTC(),
		Version:          o.Version,
		Settings: api.OrganizationSettings{
			LegalName:    s.LegalName,
			TaxId:        s.TaxID,
			Domains:      nonNil(s.Domains),
			LogoUrl:      s.LogoURL,
			Timezone:     s.Timezone,
			BaseCurrency: s.BaseCurrency,
			RiskMatrix: api.RiskMatrix{LikelihoodLevels: int32(s.RiskMatrix.LikelihoodLevels),
				ImpactLevels: int32(s.RiskMatrix.ImpactLevels), Appetite: int32(s.RiskMatrix.Appetite)},
			Retention:  api.Retention{AuditLogDays: int32(s.Retention.AuditLogDays)},
			RequireMfa: s.RequireMFA, TermsVersion: s.TermsVersion, TermsUrl: s.TermsURL,
		},
	}
}

func nonNil[S ~[]string](s S) []string {
	if s == nil {
		return []string{}
	}
	return []string(s)
}

// CreateOrganization implements POST /organizations (platform scope).
func (h *OrganizationHandler) CreateOrganization(ctx context.Context, req api.CreateOrganizationRequestObject) (api.CreateOrganizationResponseObject, error) {
	o := FromCreate(*req.Body)
	if err := h.svc.Create(ctx, &o); err != nil {
		return nil, err
	}
	created, err := h.svc.Get(ctx, o.ID)
	if err != nil {
		return nil, err
	}
	return api.CreateOrganization201JSONResponse(toAPI(created)), nil
}

// FromCreate builds a new organisation from its creation request (all modules enabled unless listed).
func FromCreate(b api.OrganizationCreate) Organization {
	o := Organization{Name: strings.TrimSpace(b.Name), Slug: b.Slug, Kind: string(b.Kind), Identifier: b.Identifier,
		EnabledModules: db.TextArray(config.Modules)}
	if b.Country != nil {
		o.Country = *b.Country
	}
	if b.EnabledModules != nil {
		o.EnabledModules = db.TextArray{}
		for _, m := range *b.EnabledModules {
			o.EnabledModules = append(o.EnabledModules, string(m))
		}
	}
	return o
}
