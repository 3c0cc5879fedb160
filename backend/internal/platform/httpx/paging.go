package httpx

import "github.com/oapi-codegen/nullable"

// DefaultLimit is the page size when a list request names none.
const DefaultLimit = 50

// PageArgs unpacks the standard list parameters of a generated request (limit, sort, cursor), whatever the
// operation's sort enum type.
func PageArgs[S ~string](limit *int32, sort *S, cursor *string) (int, string, string) {
	l, so, c := DefaultLimit, "", ""
	if limit != nil {
		l = int(*limit)
	}
	if sort != nil {
		so = string(*sort)
	}
	if cursor != nil {
		c = *cursor
	}
	return l, so, c
}

// NextCursor renders a page's next cursor for the list envelope: the cursor, or null on the last page.
func NextCursor(next *string) nullable.Nullable[string] {
	var n nullable.Nullable[string]
	if next != nil {
		n.Set(*next)
	} else {
		n.SetNull()
	}
	return n
}
