// Package typednil tells whether an interface value holds nothing usable:
// a nil interface, or a nil pointer, map, slice, function or channel in
// one. A typed nil is not == nil, and calling a method on it panics far
// from where it was passed; APIs check for it to return an error instead.
package typednil

import "reflect"

// Is reports whether v is nil or holds a nil pointer, map, slice,
// function, channel or interface.
func Is(v any) bool {
	if v == nil {
		return true
	}
	switch r := reflect.ValueOf(v); r.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface, reflect.UnsafePointer:
		return r.IsNil()
	}
	return false
}
