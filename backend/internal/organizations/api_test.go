package organizations_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/opsdeck/opsdeck/api/client"
	"github.com/opsdeck/opsdeck/backend/internal/organizations"
	"github.com/opsdeck/opsdeck/backend/internal/platform/reqctx"
	"github.com/opsdeck/opsdeck/backend/testkit"
)

func ptr[T any](v T) *T { return &v }

func patch(t *testing.T, c *client.ClientWithResponses, ifMatch string, body string) *client.UpdateOrganizationResponse {
	t.Helper()
	var params client.UpdateOrganizationParams
	if ifMatch != "" {
		params.IfMatch = &ifMatch
	}
	res, err := c.UpdateOrganizationWithBodyWithResponse(t.Context(), &params, "application/merge-patch+json", strings.NewReader(body))
	require.NoError(t, err)
	return res
}

func fields(p *client.Problem) map[string]string {
	out := map[string]string{}
	if p != nil && p.Errors != nil {
		for _, e := range *p.Errors {
			out[e.Field] = e.Code
		}
	}
	return out
}

func TestGetOrganizationReturnsOwnOrganizationWithETag(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	acme := s.Organization("Acme Energy")
	other := s.Organization("Other Corp")
	for _, tc := range []struct {
		who  *reqctx.Principal
		want string
	}{{testkit.ViewerOf(acme.ID), "Acme Energy"}, {testkit.Member(other.ID, nil), "Other Corp"}} {
		res, err := s.Client(tc.who).GetOrganizationWithResponse(t.Context())
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, res.StatusCode(), string(res.Body))
		assert.Equal(t, tc.want, res.JSON200.Name)
		assert.Equal(t, `"1"`, res.HTTPResponse.Header.Get("ETag"))
		assert.Equal(t, "UTC", res.JSON200.Settings.Timezone)
		assert.Equal(t, "EUR", res.JSON200.Settings.BaseCurrency)
	}
}

func TestGetOrganizationNeedsAuthentication(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	res, err := s.Client(nil).GetOrganizationWithResponse(t.Context())
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, res.StatusCode())
	require.NotNil(t, res.ApplicationproblemJSON401)
	// A token that was never issued is refused the same way.
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/api/v1/organization", nil)
	req.Header.Set("Authorization", "Bearer forged")
	raw, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	raw.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, raw.StatusCode)
}

func TestUpdateOrganizationMergePatch(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	acme := s.Organization("Acme Energy")
	c := s.Client(testkit.AdminOf(acme.ID))

	res := patch(t, c, `"1"`, `{"name":"  Acme Energy Group ","country":"BE","settings":{"timezone":"Europe/Brussels","domains":["acme.example","acme-energy.example"],"risk_matrix":{"likelihood_levels":4,"impact_levels":6,"appetite":12}}}`)
	require.Equal(t, http.StatusOK, res.StatusCode(), string(res.Body))
	got := res.JSON200
	assert.Equal(t, "Acme Energy Group", got.Name, "names are trimmed")
	assert.Equal(t, "BE", got.Country)
	assert.Equal(t, "Europe/Brussels", got.Settings.Timezone)
	assert.Equal(t, []string{"acme.example", "acme-energy.example"}, got.Settings.Domains)
	assert.Equal(t, int32(6), got.Settings.RiskMatrix.ImpactLevels)
	assert.Equal(t, "EUR", got.Settings.BaseCurrency, "fields not in the patch stay")
	assert.Equal(t, acme.Identifier, got.Identifier)
	assert.Equal(t, int64(2), got.Version)
	assert.Equal(t, `"2"`, res.HTTPResponse.Header.Get("ETag"))

	// A second patch without If-Match is accepted and only touches what it names.
	res = patch(t, c, "", `{"settings":{"legal_name":"Acme Energy SA"}}`)
	require.Equal(t, http.StatusOK, res.StatusCode(), string(res.Body))
	assert.Equal(t, "Acme Energy SA", res.JSON200.Settings.LegalName)
	assert.Equal(t, "Europe/Brussels", res.JSON200.Settings.Timezone)
	assert.Equal(t, int64(3), res.JSON200.Version)

	// What the GET returns is what was stored.
	g, err := c.GetOrganizationWithResponse(t.Context())
	require.NoError(t, err)
	assert.Equal(t, *res.JSON200, *g.JSON200)
}

func TestUpdateOrganizationStaleIfMatchIs412AndChangesNothing(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	acme := s.Organization("Acme Energy")
	c := s.Client(testkit.AdminOf(acme.ID))
	require.Equal(t, http.StatusOK, patch(t, c, `"1"`, `{"name":"First writer"}`).StatusCode())
	res := patch(t, c, `"1"`, `{"name":"Second writer"}`)
	assert.Equal(t, http.StatusPreconditionFailed, res.StatusCode())
	require.NotNil(t, res.ApplicationproblemJSON412)
	g, _ := c.GetOrganizationWithResponse(t.Context())
	assert.Equal(t, "First writer", g.JSON200.Name)
	assert.Equal(t, int64(2), g.JSON200.Version)
}

func TestUpdateOrganizationBadInputIsRejectedAndChangesNothing(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	acme := s.Organization("Acme Energy")
	c := s.Client(testkit.AdminOf(acme.ID))
	cases := []struct {
		name, body, ifMatch string
		status              int
		fields              map[string]string
	}{
		{"empty name", `{"name":""}`, "", 400, map[string]string{"name": "too_short"}},
		{"unknown field", `{"slug":"hijack"}`, "", 400, map[string]string{"slug": "unknown_field"}},
		{"unknown nested field", `{"settings":{"colour":"red"}}`, "", 400, map[string]string{"settings.colour": "unknown_field"}},
		{"wrong type", `{"name":42}`, "", 400, map[string]string{"name": "invalid_type"}},
		{"null is not allowed", `{"name":null}`, "", 400, map[string]string{"name": "invalid_type"}},
		{"bad currency format", `{"settings":{"base_currency":"euro"}}`, "", 400, map[string]string{"settings.base_currency": "invalid_format"}},
		{"partial risk matrix", `{"settings":{"risk_matrix":{"appetite":3}}}`, "", 400,
			map[string]string{"settings.risk_matrix.likelihood_levels": "required", "settings.risk_matrix.impact_levels": "required"}},
		{"retention too short", `{"settings":{"retention":{"audit_log_days":30}}}`, "", 400, map[string]string{"settings.retention.audit_log_days": "out_of_range"}},
		{"empty patch", `{}`, "", 400, map[string]string{"body": "too_short"}},
		{"malformed JSON", `{"name":`, "", 400, map[string]string{"body": "malformed"}},
		{"malformed If-Match", `{"name":"x"}`, "3", 400, map[string]string{"If-Match": "invalid_format"}},
		{"unknown time zone", `{"settings":{"timezone":"Mars/Olympus"}}`, "", 422, map[string]string{"settings.timezone": "invalid"}},
		{"unknown currency", `{"settings":{"base_currency":"XYZ"}}`, "", 422, map[string]string{"settings.base_currency": "invalid"}},
		{"unknown country", `{"country":"ZZ"}`, "", 422, map[string]string{"country": "invalid"}},
		{"bad domain", `{"settings":{"domains":["not a domain"]}}`, "", 400, map[string]string{"settings.domains.0": "invalid_format"}},
		{"logo not a URL", `{"settings":{"logo_url":"javascript:alert(1)"}}`, "", 422, map[string]string{"settings.logo_url": "invalid"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := patch(t, c, tc.ifMatch, tc.body)
			require.Equal(t, tc.status, res.StatusCode(), string(res.Body))
			assert.Equal(t, "application/problem+json", res.HTTPResponse.Header.Get("Content-Type"))
			var p *client.Problem
			if tc.status == 400 {
				p = res.ApplicationproblemJSON400
			} else {
				p = res.ApplicationproblemJSON422
			}
			require.NotNil(t, p)
			got := fields(p)
			for f, code := range tc.fields {
				assert.Equal(t, code, got[f], "field %s in %v", f, got)
			}
		})
	}
	g, err := c.GetOrganizationWithResponse(t.Context())
	require.NoError(t, err)
	assert.Equal(t, int64(1), g.JSON200.Version, "no bad request may change the organisation")
	assert.Equal(t, "Acme Energy", g.JSON200.Name)
}

func TestUpdateOrganizationDuplicateIdentifierIs409(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	acme := s.Organization("Acme Energy")
	other := s.Organization("Other Corp")
	res := patch(t, s.Client(testkit.AdminOf(acme.ID)), "", fmt.Sprintf(`{"identifier":%q}`, other.Identifier))
	assert.Equal(t, http.StatusConflict, res.StatusCode(), string(res.Body))
	assert.Equal(t, "taken", fields(res.ApplicationproblemJSON409)["identifier"])
}

func TestUpdateOrganizationNeedsAdministrationAdmin(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	acme := s.Organization("Acme Energy")
	for _, who := range []*reqctx.Principal{
		testkit.ViewerOf(acme.ID),
		testkit.Member(acme.ID, map[string]reqctx.Level{"administration": reqctx.LevelWrite, "assets": reqctx.LevelAdmin}),
		testkit.PlatformAdmin(), // deployment administrators do not edit an organisation's settings
	} {
		res := patch(t, s.Client(who), "", `{"name":"Hijacked"}`)
		assert.Equal(t, http.StatusForbidden, res.StatusCode(), string(res.Body))
		require.NotNil(t, res.ApplicationproblemJSON403)
	}
	g, _ := s.Client(testkit.ViewerOf(acme.ID)).GetOrganizationWithResponse(t.Context())
	assert.Equal(t, "Acme Energy", g.JSON200.Name)
}

func TestListOrganizationsIsPlatformScope(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	acme := s.Organization("Acme Energy")
	res, err := s.Client(testkit.AdminOf(acme.ID)).ListOrganizationsWithResponse(t.Context(), nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusForbidden, res.StatusCode(), "an organisation administrator is not a platform administrator")
	res, err = s.Client(nil).ListOrganizationsWithResponse(t.Context(), nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, res.StatusCode())
}

func TestListOrganizationsPaginatesFiltersAndSorts(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	names := []string{"Delta Water", "alpha Rail", "Charlie Bank", "Bravo Health", "Echo Telecom", "Foxtrot Grid", "Golf Air"}
	for _, n := range names {
		s.Organization(n)
	}
	_, err := s.DB.Pool.Exec(t.Context(), "UPDATE organizations SET kind = 'regulator' WHERE slug IN ('echo-telecom', 'golf-air')")
	require.NoError(t, err)
	c := s.Client(testkit.PlatformAdmin())

	walk := func(params client.ListOrganizationsParams) ([]string, int64) {
		var seen []string
		var total int64
		for pages := 0; ; pages++ {
			require.Less(t, pages, 20, "pagination does not end")
			res, err := c.ListOrganizationsWithResponse(t.Context(), &params)
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, res.StatusCode(), string(res.Body))
			for _, o := range res.JSON200.Items {
				seen = append(seen, o.Name)
			}
			total = res.JSON200.Total
			if res.JSON200.NextCursor.IsNull() {
				return seen, total
			}
			next, _ := res.JSON200.NextCursor.Get()
			params.Cursor = &next
		}
	}
	got, total := walk(client.ListOrganizationsParams{Limit: ptr(int32(3))})
	assert.Equal(t, int64(7), total)
	assert.Equal(t, []string{"Bravo Health", "Charlie Bank", "Delta Water", "Echo Telecom", "Foxtrot Grid", "Golf Air", "alpha Rail"}, got)

	desc := client.ListOrganizationsParamsSort("-slug")
	got, _ = walk(client.ListOrganizationsParams{Limit: ptr(int32(2)), Sort: &desc})
	assert.Equal(t, []string{"Golf Air", "Foxtrot Grid", "Echo Telecom", "Delta Water", "Charlie Bank", "Bravo Health", "alpha Rail"}, got)

	created := client.ListOrganizationsParamsSort("created_at")
	got, _ = walk(client.ListOrganizationsParams{Limit: ptr(int32(4)), Sort: &created})
	assert.Equal(t, names, got)

	reg := client.OrganizationKind("regulator")
	got, total = walk(client.ListOrganizationsParams{Kind: &reg})
	assert.Equal(t, []string{"Echo Telecom", "Golf Air"}, got)
	assert.Equal(t, int64(2), total)

	got, total = walk(client.ListOrganizationsParams{Q: ptr("HEALTH")})
	assert.Equal(t, []string{"Bravo Health"}, got)
	assert.Equal(t, int64(1), total)
	got, _ = walk(client.ListOrganizationsParams{Q: ptr("%")})
	assert.Empty(t, got, "LIKE wildcards in q are literal")
}

func TestListOrganizationsRejectsBadParameters(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	s.Organization("Acme Energy")
	s.Organization("Bravo Health")
	c := s.Client(testkit.PlatformAdmin())
	first, err := c.ListOrganizationsWithResponse(t.Context(), &client.ListOrganizationsParams{Limit: ptr(int32(1))})
	require.NoError(t, err)
	cur, _ := first.JSON200.NextCursor.Get()
	other := client.ListOrganizationsParamsSort("-name")
	for name, p := range map[string]client.ListOrganizationsParams{
		"limit":                {Limit: ptr(int32(0))},
		"cursor":               {Cursor: ptr("not_a_real_cursor")},
		"cursor of other sort": {Cursor: &cur, Sort: &other},
	} {
		res, err := c.ListOrganizationsWithResponse(t.Context(), &p)
		require.NoError(t, err)
		require.Equal(t, http.StatusBadRequest, res.StatusCode(), "%s: %s", name, res.Body)
		field := "cursor"
		if name == "limit" {
			field = "limit"
		}
		assert.Contains(t, fields(res.ApplicationproblemJSON400), field, name)
	}
	// A sort key outside the enum is refused by the contract before any SQL is built.
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/api/v1/organizations?sort=name%2C%20id%20desc", nil)
	res, err := s.HTTPClient(testkit.PlatformAdmin()).Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
}

func TestSeedDemoIsIdempotent(t *testing.T) {
	t.Parallel()
	s := testkit.NewServer(t)
	svc := organizations.NewService(s.DB)
	n, err := svc.SeedDemo(t.Context())
	require.NoError(t, err)
	assert.Equal(t, len(organizations.DemoOrganizations()), n)
	n, err = svc.SeedDemo(t.Context())
	require.NoError(t, err)
	assert.Zero(t, n)
	count, err := svc.Count(t.Context())
	require.NoError(t, err)
	assert.Equal(t, int64(3), count)
}
