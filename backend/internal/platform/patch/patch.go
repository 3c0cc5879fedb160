// Package patch holds the optional field of a merge patch (RFC 7396) that services take as input: a field that was
// not sent, sent as null, or sent with a value.
package patch

import "github.com/oapi-codegen/nullable"

// Opt is an optional, nullable field of a patch: Set says it was sent, Null that it was sent as null.
type Opt[T any] struct {
	Set, Null bool
	V         T
}

// Some is a value that was sent.
func Some[T any](v T) Opt[T] { return Opt[T]{Set: true, V: v} }

// Null is a field sent as null.
func Null[T any]() Opt[T] { return Opt[T]{Set: true, Null: true} }

// Ptr is the value, or nil when the field was not sent or sent as null.
func (o Opt[T]) Ptr() *T {
	if !o.Set || o.Null {
		return nil
	}
	v := o.V
	return &v
}

// From reads a field of a generated request body: absent, null or a value.
func From[T any](n nullable.Nullable[T]) Opt[T] {
	if !n.IsSpecified() {
		return Opt[T]{}
	}
	if n.IsNull() {
		return Null[T]()
	}
	return Some(n.MustGet())
}
