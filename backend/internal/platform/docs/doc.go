// Package docs writes the documents OpsDeck hands to people: PDF reports in the house style, CSV and XLSX exports, and
// ZIP packages with a manifest of SHA-256 sums. It is a library only: no HTTP, no database. Callers (export jobs,
// report handlers) describe data once as a Table and send it to any format.
//
// # Tables
//
// A Table is a list of typed Columns and a stream of Rows (an iterator, so a database cursor can feed 100k rows to a CSV
// or XLSX writer without holding them in memory). The column type decides how a value is written: numbers stay numbers
// in XLSX, dates become date cells, text is always text.
//
// # Formula injection
//
// Text that a spreadsheet would evaluate (a cell starting with '=', '+', '-', '@', tab or carriage return, OWASP "CSV
// injection") is prefixed with a single quote in CSV and XLSX output; see NeutraliseFormula for the exact rule and
// its one exception (a plain decimal number such as "-12.5" is left alone).
//
// # PDF engine
//
// Reports are drawn with github.com/phpdave11/gofpdf, the engine maroto v2 itself renders through, instead of with
// maroto's grid API. Maroto (v2.3.3) cannot do three things the house style needs: repeat a table's header row on every
// page the table spans (its page header is one global set of rows, and its list component emits the header once),
// split a row that is taller than the space left on a page (it moves whole rows only, so a long cell overflows the
// page), and leave the header off the cover page while keeping it on the others. Driving gofpdf directly gives exact
// control of the layout with the same pure-Go engine and no extra dependency.
//
// Text is set in DejaVu Sans (regular and bold), embedded in the binary with go:embed and subset into every PDF, so
// accented and non-Latin characters print the same on every machine. Its licence (Bitstream Vera, DejaVu changes in the
// public domain) allows embedding and redistribution; see fonts/LICENSE-DejaVu.txt.
package docs
