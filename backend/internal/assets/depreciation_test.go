package assets

import "testing"

func TestDepreciate(t *testing.T) {
	for _, c := range []struct {
		method  string
		cost    int64
		elapsed float64
		life    int
		want    int64
	}{
		{"linear", 100000, 0, 4, 0},
		{"linear", 100000, -1, 4, 0},
		{"linear", 100000, 1, 4, 25000},
		{"linear", 100000, 2.5, 4, 62500},
		{"linear", 100000, 4, 4, 100000},
		{"linear", 100000, 9, 4, 100000},
		// Double-declining over 4 years: 50 % of the remaining value each year (year 1: 50 000, year 2: 25 000), then
		// straight line over the rest (years 3 and 4: 12 500 each) so the value reaches zero at the end.
		{"double_declining", 100000, 1, 4, 50000},
		{"double_declining", 100000, 2, 4, 75000},
		{"double_declining", 100000, 3, 4, 87500},
		{"double_declining", 100000, 3.5, 4, 93750},
		{"double_declining", 100000, 4, 4, 100000},
		{"double_declining", 100000, 0.5, 4, 25000},
		// Five years: 40 %, 24 %, 14.4 %, then straight line: 10.8 % and 10.8 %.
		{"double_declining", 100000, 3, 5, 78400},
		{"double_declining", 100000, 4, 5, 89200},
		{"double_declining", 0, 2, 5, 0},
	} {
		if got := Depreciate(c.method, c.cost, c.elapsed, c.life); got != c.want {
			t.Errorf("Depreciate(%s, %d, %v, %d) = %d, want %d", c.method, c.cost, c.elapsed, c.life, got, c.want)
		}
	}
}

func TestCents(t *testing.T) {
	for in, want := range map[int64]string{0: "0.00", 5: "0.05", 123456: "1234.56", -250: "-2.50"} {
		if got := Cents(in); got != want {
			t.Errorf("Cents(%d) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]int64{"1499.90": 149990, "12": 1200, "0.5": 50} {
		if got, err := parseCents(in); err != nil || got != want {
			t.Errorf("parseCents(%q) = %d, %v, want %d", in, got, err, want)
		}
	}
}
