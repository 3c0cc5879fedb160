package tabular

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/opsdeck/opsdeck/backend/internal/platform/db"
	"github.com/opsdeck/opsdeck/backend/internal/platform/docs"
)

// Column is one column of an entity's file schema: the export writes exactly these, the import reads them.
type Column struct {
	Name     string // "asset_tag", "cf.ram_gb"
	Required bool   // the column must be in the file (a value may still be optional)
	Help     string
}

// Outcomes of one row.
const (
	Created   = "created"
	Updated   = "updated"
	Unchanged = "unchanged"
)

// CellError is a problem with one cell (or the whole row when Column is "").
type CellError struct {
	Column, Message string
}

// Importer applies the rows of one entity type.
type Importer interface {
	// Columns are the file's columns (custom field columns included), read in the import's transaction.
	Columns(tx *gorm.DB) ([]Column, error)
	// Row upserts one row (values by column name; absent columns are missing keys) in tx. Problems with the data are
	// returned as cell errors (the row is then undone); err is for failures of the system.
	Row(tx *gorm.DB, line int, values map[string]string) (outcome string, problems []CellError, err error)
}

// RowError is a cell error on a line of the file.
type RowError struct {
	Line    int    `json:"line"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// MaxReportedErrors bounds the errors kept in a report (the count is always exact).
const MaxReportedErrors = 1000

// Report is the outcome of an import or a dry run.
type Report struct {
	DryRun     bool       `json:"dry_run"`
	Applied    bool       `json:"applied"` // the changes were committed
	Rows       int        `json:"rows"`
	Created    int        `json:"created"`
	Updated    int        `json:"updated"`
	Unchanged  int        `json:"unchanged"`
	ErrorCount int        `json:"error_count"`
	Errors     []RowError `json:"errors"`
	Columns    []string   `json:"columns"`
}

func (r *Report) fail(line int, column, msg string) {
	r.ErrorCount++
	if len(r.Errors) < MaxReportedErrors {
		r.Errors = append(r.Errors, RowError{Line: line, Column: column, Message: msg})
	}
}

var errRollback = errors.New("tabular: roll back")

// Run reads every row of rd and applies it through imp in one transaction of d (scoped by ctx). A dry run, or a file
// with any error, rolls everything back: the report then says what would happen (or what is wrong, line by line).
// progress, if set, is called every 500 rows.
func Run(ctx context.Context, d *db.DB, rd Reader, imp Importer, dryRun bool, progress func(rows int)) (Report, error) {
	rep := Report{DryRun: dryRun, Errors: []RowError{}}
	err := d.Tx(ctx, func(tx *gorm.DB) error {
		cols, err := imp.Columns(tx)
		if err != nil {
			return err
		}
		header := rd.Header()
		rep.Columns = header
		known := make(map[string]bool, len(cols))
		for _, c := range cols {
			known[c.Name] = true
		}
		seen := map[string]bool{}
		for _, h := range header {
			switch {
			case h == "":
				rep.fail(1, "", "a column has no name")
			case seen[h]:
				rep.fail(1, h, "the column appears twice")
			case !known[h]:
				rep.fail(1, h, "unknown column (expected: "+names(cols)+")")
			}
			seen[h] = true
		}
		for _, c := range cols {
			if c.Required && !seen[c.Name] {
				rep.fail(1, c.Name, "required column missing")
			}
		}
		if rep.ErrorCount > 0 {
			return errRollback
		}
		for {
			rec, line, err := rd.Next()
			if err == io.EOF {
				break
			}
			rep.Rows++
			if progress != nil && rep.Rows%500 == 0 {
				progress(rep.Rows)
			}
			if err != nil {
				rep.fail(line, "", err.Error())
				continue
			}
			values, problems := cells(header, rec)
			if len(problems) == 0 {
				var outcome string
				if err := tx.SavePoint("row").Error; err != nil {
					return err
				}
				outcome, problems, err = imp.Row(tx, line, values)
				if err != nil {
					return fmt.Errorf("line %d: %w", line, err)
				}
				if len(problems) > 0 {
					if err := tx.RollbackTo("row").Error; err != nil {
						return err
					}
				}
				// Released at once, so savepoints never nest (a nested one per row made each row slower than the last).
				if err := tx.Exec("RELEASE SAVEPOINT row").Error; err != nil {
					return err
				}
				if len(problems) == 0 {
					switch outcome {
					case Created:
						rep.Created++
					case Updated:
						rep.Updated++
					default:
						rep.Unchanged++
					}
				}
			}
			for _, p := range problems {
				rep.fail(line, p.Column, p.Message)
			}
		}
		if dryRun || rep.ErrorCount > 0 {
			return errRollback
		}
		return nil
	})
	if errors.Is(err, errRollback) {
		return rep, nil
	}
	if err != nil {
		return rep, err
	}
	rep.Applied = true
	return rep, nil
}

func names(cols []Column) string {
	out := make([]string, 0, len(cols))
	for _, c := range cols {
		out = append(out, c.Name)
	}
	return strings.Join(out, ", ")
}

// cells maps a record to its columns, refusing cells that are not UTF-8 or that a spreadsheet would run as a formula
// (a cell written by OpsDeck's export carries a leading ' that marks it as text: it is removed and the text kept).
func cells(header, rec []string) (map[string]string, []CellError) {
	var problems []CellError
	if len(rec) > len(header) && !blank(rec[len(header):]) {
		problems = append(problems, CellError{Message: fmt.Sprintf("the row has %d cells but the header %d", len(rec), len(header))})
	}
	values := make(map[string]string, len(header))
	for i, h := range header {
		if i >= len(rec) || h == "" {
			continue
		}
		v := rec[i]
		if !utf8.ValidString(v) {
			problems = append(problems, CellError{Column: h, Message: "is not valid UTF-8 (save the file as UTF-8)"})
			continue
		}
		if t, quoted := docs.UnneutraliseFormula(v); quoted {
			values[h] = t
			continue
		}
		if docs.IsFormulaLike(v) {
			problems = append(problems, CellError{Column: h, Message: "starts like a spreadsheet formula; put a ' in front to keep it as text"})
			continue
		}
		values[h] = strings.TrimSpace(v)
	}
	return values, problems
}

// Split reads a list cell ("a; b; c"), dropping empties and duplicates.
func Split(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ";") {
		if p = strings.TrimSpace(p); p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}
