package assets

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/apperr"
)

// DepreciationLifeYears is the useful life the dashboard's straight-line current value assumes.
const DepreciationLifeYears = 4

// TreeGroup is one branch of a tree view: its key, label, count and the list filter that shows its assets.
type TreeGroup struct {
	Key, Label, Filter string
	Count              int64
}

// Tree groups the active assets by location, holder, remote/on-site or supplier.
func (s *Service) Tree(ctx context.Context, by string) ([]TreeGroup, error) {
	type row struct {
		Key   *string
		Label *string
		Count int64
	}
	var rows []row
	var query string
	switch by {
	case "location":
		query = `SELECT a.location_id::text AS key, l.name AS label, count(*) AS count FROM assets a
			LEFT JOIN locations l ON l.id = a.location_id WHERE a.archived_at IS NULL
			GROUP BY a.location_id, l.name ORDER BY l.name NULLS LAST`
	case "holder":
		query = `SELECT a.holder_id::text AS key, u.name AS label, count(*) AS count FROM assets a
			LEFT JOIN users u ON u.id = a.holder_id WHERE a.archived_at IS NULL
			GROUP BY a.holder_id, u.name ORDER BY u.name NULLS LAST`
	case "remote":
		query = `SELECT CASE WHEN a.remote THEN 'remote' WHEN a.holder_id IS NOT NULL THEN 'on_site' END AS key, NULL AS label,
			count(*) AS count FROM assets a WHERE a.archived_at IS NULL GROUP BY 1 ORDER BY 1 NULLS LAST`
	case "supplier":
		query = `SELECT mode() WITHIN GROUP (ORDER BY a.supplier_name) AS key, mode() WITHIN GROUP (ORDER BY a.supplier_name) AS label, count(*) AS count FROM assets a
			WHERE a.archived_at IS NULL GROUP BY lower(a.supplier_name) ORDER BY lower(a.supplier_name) = '', lower(a.supplier_name)`
	default:
		return nil, apperr.Invalid("unknown grouping", apperr.FieldError{Field: "by", Code: "invalid", Message: "must be location, holder, remote or supplier"})
	}
	if err := s.db.Tx(ctx, func(tx *gorm.DB) error { return tx.Raw(query).Scan(&rows).Error }); err != nil {
		return nil, err
	}
	unassigned := "status=in_stock&status=in_repair&status=awaiting_disposal"
	out := make([]TreeGroup, 0, len(rows))
	for _, r := range rows {
		g := TreeGroup{Key: str(r.Key), Label: str(r.Label), Count: r.Count}
		switch by {
		case "location":
			g.Filter = "location_id=" + g.Key
			if r.Key == nil {
				g.Label, g.Filter = "No location", "no_location=true"
			}
		case "holder":
			g.Filter = "holder_id=" + g.Key
			if r.Key == nil {
				g.Label, g.Filter = "Unassigned", unassigned
			}
		case "remote":
			switch g.Key {
			case "remote":
				g.Label, g.Filter = "Remote", "remote=true"
			case "on_site":
				g.Label, g.Filter = "On site", "status=in_use&remote=false"
			default:
				g.Label, g.Filter = "Unassigned", unassigned
			}
		case "supplier":
			g.Filter = "supplier=" + url.QueryEscape(g.Key)
			if strings.TrimSpace(g.Key) == "" {
				g.Key, g.Label, g.Filter = "", "No supplier", ""
			}
		}
		out = append(out, g)
	}
	return out, nil
}

// Dashboard is the assets dashboard's figures.
type Dashboard struct {
	Fleet, InUse, InStock, InRepair, AwaitingDisposal, DisposedLastYear int64
	Capex                                                               []Capex
	AverageAgeMonths                                                    *float64
	BreakdownRate                                                       float64
	RepairProne                                                         []RepairProne
	WarrantyCliff                                                       []MonthCount
	StatusMix                                                           []StatusCount
	BrandMix                                                            []BrandCount
}

// Capex is what a currency's active assets cost and are worth now (straight-line).
type Capex struct{ Currency, PurchaseTotal, CurrentValue string }

// RepairProne is a model with its active assets and its repairs over the last 12 months.
type RepairProne struct {
	ModelID              uuid.UUID `gorm:"type:uuid"`
	ModelName, BrandName string
	Assets, Repairs      int64
}

// MonthCount counts warranties ending in a month (YYYY-MM).
type MonthCount struct {
	Month string
	Count int64
}

// StatusCount counts assets in a status.
type StatusCount struct {
	Status string
	Count  int64
}

// BrandCount counts assets of a brand.
type BrandCount struct {
	BrandName string
	Count     int64
}

// Dashboard computes the fleet's figures in one transaction, each a single aggregate query.
func (s *Service) Dashboard(ctx context.Context) (Dashboard, error) {
	var d Dashboard
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Raw(`SELECT status, count(*) AS count FROM assets WHERE archived_at IS NULL GROUP BY status ORDER BY count DESC, status`).
			Scan(&d.StatusMix).Error; err != nil {
			return err
		}
		for _, c := range d.StatusMix {
			d.Fleet += c.Count
			switch c.Status {
			case InUse:
				d.InUse = c.Count
			case InStock:
				d.InStock = c.Count
			case InRepair:
				d.InRepair = c.Count
			case AwaitingDisposal:
				d.AwaitingDisposal = c.Count
			}
		}
		if err := tx.Raw(`SELECT count(*) FROM disposals WHERE asset_id IS NOT NULL AND disposed_on > current_date - interval '1 year'`).
			Scan(&d.DisposedLastYear).Error; err != nil {
			return err
		}
		if err := tx.Raw(`SELECT currency, sum(cost)::numeric(16,2)::text AS purchase_total,
				sum(cost * greatest(0, 1 - coalesce(current_date - purchase_date, 0) / (? * 365.25)))::numeric(16,2)::text AS current_value
			FROM assets WHERE archived_at IS NULL AND cost IS NOT NULL GROUP BY currency ORDER BY currency`, DepreciationLifeYears).
			Scan(&d.Capex).Error; err != nil {
			return err
		}
		if err := tx.Raw(`SELECT round((avg(current_date - purchase_date) / 30.4375)::numeric, 1)::float8 FROM assets
			WHERE archived_at IS NULL AND purchase_date <= current_date`).Scan(&d.AverageAgeMonths).Error; err != nil {
			return err
		}
		var repairs int64
		if err := tx.Raw(`SELECT count(*) FROM maintenance_logs m JOIN assets a ON a.id = m.asset_id
			WHERE m.type IN ('repair', 'unplanned') AND m.status <> 'cancelled' AND m.performed_on > current_date - interval '1 year'
			AND a.archived_at IS NULL`).Scan(&repairs).Error; err != nil {
			return err
		}
		if d.Fleet > 0 {
			d.BreakdownRate = math.Round(float64(repairs)*1000/float64(d.Fleet)) / 10
		}
		if err := tx.Raw(`SELECT m.id AS model_id, m.name AS model_name, b.name AS brand_name,
				(SELECT count(*) FROM assets x WHERE x.model_id = m.id AND x.archived_at IS NULL) AS assets, count(*) AS repairs
			FROM maintenance_logs l JOIN assets a ON a.id = l.asset_id JOIN asset_models m ON m.id = a.model_id JOIN brands b ON b.id = m.brand_id
			WHERE l.type IN ('repair', 'unplanned') AND l.status <> 'cancelled' AND l.performed_on > current_date - interval '1 year'
			GROUP BY m.id, m.name, b.name ORDER BY repairs DESC, m.name LIMIT 5`).Scan(&d.RepairProne).Error; err != nil {
			return err
		}
		if err := tx.Raw(`SELECT to_char(month, 'YYYY-MM') AS month, count(a.id) AS count
			FROM generate_series(date_trunc('month', current_date), date_trunc('month', current_date) + interval '11 months', interval '1 month') AS month
			LEFT JOIN assets a ON a.archived_at IS NULL AND date_trunc('month', a.warranty_end) = month AND a.warranty_end >= current_date
			GROUP BY month ORDER BY month`).Scan(&d.WarrantyCliff).Error; err != nil {
			return err
		}
		var brands []BrandCount
		if err := tx.Raw(`SELECT coalesce(b.name, 'No brand') AS brand_name, count(*) AS count FROM assets a
			LEFT JOIN asset_models m ON m.id = a.model_id LEFT JOIN brands b ON b.id = m.brand_id
			WHERE a.archived_at IS NULL GROUP BY b.name ORDER BY count DESC, brand_name`).Scan(&brands).Error; err != nil {
			return err
		}
		d.BrandMix = topAndOther(brands, 10)
		return nil
	})
	return d, err
}

func topAndOther(all []BrandCount, n int) []BrandCount {
	if len(all) <= n {
		return all
	}
	out := append([]BrandCount(nil), all[:n]...)
	other := BrandCount{BrandName: "Other"}
	for _, b := range all[n:] {
		other.Count += b.Count
	}
	return append(out, other)
}

// DepreciationRow is one location's (or, in totals, one currency's) figures.
type DepreciationRow struct {
	LocationID                   *uuid.UUID
	LocationName, Currency       string
	Assets                       int64
	Cost, Accumulated, BookValue int64 // cents
}

// Cents formats an amount in cents.
func Cents(c int64) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}

func parseCents(s string) (int64, error) {
	whole, frac, _ := strings.Cut(s, ".")
	frac = (frac + "00")[:2]
	return strconv.ParseInt(whole+frac, 10, 64)
}

// Depreciate returns the accumulated depreciation (cents) of cost after elapsed years of a life of life years:
// linear, or double-declining balance (twice the straight-line rate on the remaining value, switching to straight
// line over the remaining life when that gives more, so the value reaches zero at the end of the life).
func Depreciate(method string, cost int64, elapsed float64, life int) int64 {
	if elapsed <= 0 || cost <= 0 {
		return 0
	}
	if elapsed >= float64(life) {
		return cost
	}
	if method == "linear" {
		return int64(math.Round(float64(cost) * elapsed / float64(life)))
	}
	book := float64(cost)
	rate := 2 / float64(life)
	for year := 0; year < life; year++ {
		dep := math.Max(book*rate, book/float64(life-year))
		if remaining := elapsed - float64(year); remaining < 1 {
			book -= dep * remaining
			break
		}
		book -= dep
	}
	return cost - int64(math.Round(book))
}

// Depreciation values the active assets that have a cost and a purchase date (on or before asOf), by location and
// currency, with a total line per currency.
func (s *Service) Depreciation(ctx context.Context, method string, life int, asOf time.Time) ([]DepreciationRow, []DepreciationRow, error) {
	if method != "linear" && method != "double_declining" {
		return nil, nil, apperr.Invalid("unknown method", apperr.FieldError{Field: "method", Code: "invalid", Message: "must be linear or double_declining"})
	}
	if life < 1 || life > 50 {
		return nil, nil, apperr.Invalid("invalid life", apperr.FieldError{Field: "life_years", Code: "invalid", Message: "must be between 1 and 50"})
	}
	type item struct {
		LocationID   *uuid.UUID `gorm:"type:uuid"`
		LocationName *string
		Currency     string
		Cost         string
		PurchaseDate time.Time
	}
	byKey := map[string]*DepreciationRow{}
	totals := map[string]*DepreciationRow{}
	err := s.db.Tx(ctx, func(tx *gorm.DB) error {
		rows, err := tx.Raw(`SELECT a.location_id, l.name AS location_name, a.currency, a.cost::text AS cost, a.purchase_date
			FROM assets a LEFT JOIN locations l ON l.id = a.location_id
			WHERE a.archived_at IS NULL AND a.cost IS NOT NULL AND a.purchase_date IS NOT NULL AND a.purchase_date <= ?`,
			asOf.Format(time.DateOnly)).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var it item
			if err := tx.ScanRows(rows, &it); err != nil {
				return err
			}
			cost, err := parseCents(it.Cost)
			if err != nil {
				return err
			}
			elapsed := asOf.Sub(it.PurchaseDate).Hours() / 24 / 365.25
			acc := Depreciate(method, cost, elapsed, life)
			key := it.Currency + "|"
			name := "No location"
			if it.LocationID != nil {
				key += it.LocationID.String()
				name = str(it.LocationName)
			}
			for _, r := range []*DepreciationRow{rowOf(byKey, key, it.LocationID, name, it.Currency), rowOf(totals, it.Currency, nil, "", it.Currency)} {
				r.Assets++
				r.Cost += cost
				r.Accumulated += acc
				r.BookValue += cost - acc
			}
		}
		return rows.Err()
	})
	return sorted(byKey), sorted(totals), err
}

func rowOf(m map[string]*DepreciationRow, key string, loc *uuid.UUID, name, currency string) *DepreciationRow {
	r, ok := m[key]
	if !ok {
		r = &DepreciationRow{LocationID: loc, LocationName: name, Currency: currency}
		m[key] = r
	}
	return r
}

func sorted(m map[string]*DepreciationRow) []DepreciationRow {
	out := make([]DepreciationRow, 0, len(m))
	for _, r := range m {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.LocationID == nil) != (b.LocationID == nil) {
			return b.LocationID == nil
		}
		if a.LocationName != b.LocationName {
			return a.LocationName < b.LocationName
		}
		return a.Currency < b.Currency
	})
	return out
}
