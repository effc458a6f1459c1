package render

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"math"
	"reflect"
	"sync"
	"time"

	"briefing/internal/site"
)

// Signed is a value that carries a signature of everything a template can
// reach through it, worked out once when the value was made.
type Signed interface{ Sig() uint64 }

var seed = maphash.MakeSeed()

// signers are the types whose signature page data uses instead of walking
// them: the site's articles and entries, and what every page of a build
// shares. They are listed, not found by their Sig method, because a type
// that embeds one of them gets its Sig method too, and its signature would
// leave out its own fields.
var signers = map[reflect.Type]encoder{}

// signerSlices encode slices of signers without reflection per item:
// page data lists thousands of entries.
var signerSlices = map[reflect.Type]encoder{}

func init() {
	addSigner(func(a *site.Article) uint64 { return a.Sig() })
	addSigner(func(e *site.Entry) uint64 { return e.Sig() })
	addSigner(func(s *Shared) uint64 { return s.sig })
}

// addSigner lists the pointer type *T as a signer whose signature sig
// gives.
func addSigner[T any](sig func(*T) uint64) {
	signers[reflect.TypeFor[*T]()] = func(h *maphash.Hash, v reflect.Value) {
		if v.IsNil() {
			h.WriteByte(0)
			return
		}
		h.WriteByte(1)
		writeUint(h, sig(v.Interface().(*T)))
	}
	signerSlices[reflect.TypeFor[[]*T]()] = func(h *maphash.Hash, v reflect.Value) {
		list := v.Interface().([]*T)
		writeUint(h, uint64(len(list)))
		// Signatures go in 64 at a time: a write per item is slow.
		var buf [64 * 9]byte
		n := 0
		for _, x := range list {
			if x == nil {
				buf[n] = 0
				n++
			} else {
				buf[n] = 1
				binary.LittleEndian.PutUint64(buf[n+1:], sig(x))
				n += 9
			}
			if n > len(buf)-9 {
				h.Write(buf[:n])
				n = 0
			}
		}
		h.Write(buf[:n])
	}
}

func writeUint(h *maphash.Hash, x uint64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], x)
	h.Write(b[:])
}

// signature hashes a page's data: every exported field a template can
// reach, walked by reflection, with signers giving their own signature.
// Unexported fields are left out, since no template can reach them; a
// method can, so a type whose exported methods show more than its
// exported fields must be a signer (TestPageDataIsCovered checks this for
// every type page data can hold).
func signature(kind string, data any) (uint64, error) {
	v := reflect.ValueOf(data)
	enc, err := encoderOf(v.Type())
	if err != nil {
		return 0, err
	}
	var h maphash.Hash
	h.SetSeed(seed)
	h.WriteString(kind)
	h.WriteByte(0)
	enc(&h, v)
	return h.Sum64(), nil
}

// encoder writes a value of one type into a hash.
type encoder func(h *maphash.Hash, v reflect.Value)

// encoders holds one encoder per type, made on first use.
var encoders sync.Map // reflect.Type → encoder

var timeType = reflect.TypeFor[time.Time]()

func encoderOf(t reflect.Type) (encoder, error) {
	if e, ok := encoders.Load(t); ok {
		return e.(encoder), nil
	}
	return makeEncoder(t, map[reflect.Type]*encoder{})
}

// makeEncoder makes the encoder of t; making lists the encoders being
// made, so a type that holds itself refers to its own encoder.
func makeEncoder(t reflect.Type, making map[reflect.Type]*encoder) (encoder, error) {
	if e, ok := encoders.Load(t); ok {
		return e.(encoder), nil
	}
	if p, ok := making[t]; ok {
		return func(h *maphash.Hash, v reflect.Value) { (*p)(h, v) }, nil
	}
	var enc encoder
	making[t] = &enc
	defer delete(making, t)
	switch {
	case signers[t] != nil:
		enc = signers[t]
	case signerSlices[t] != nil:
		enc = signerSlices[t]
	case t == timeType:
		enc = func(h *maphash.Hash, v reflect.Value) {
			tm := v.Interface().(time.Time)
			zone, off := tm.Zone()
			writeUint(h, uint64(tm.Unix()))
			writeUint(h, uint64(tm.Nanosecond()))
			writeUint(h, uint64(off))
			h.WriteString(zone)
		}
	default:
		var err error
		if enc, err = makeKindEncoder(t, making); err != nil {
			return nil, err
		}
	}
	encoders.Store(t, enc)
	return enc, nil
}

func makeKindEncoder(t reflect.Type, making map[reflect.Type]*encoder) (encoder, error) {
	switch t.Kind() {
	case reflect.String:
		return func(h *maphash.Hash, v reflect.Value) {
			h.WriteString(v.String())
			h.WriteByte(0)
		}, nil
	case reflect.Bool:
		return func(h *maphash.Hash, v reflect.Value) {
			if v.Bool() {
				h.WriteByte(1)
			} else {
				h.WriteByte(0)
			}
		}, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(h *maphash.Hash, v reflect.Value) { writeUint(h, uint64(v.Int())) }, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return func(h *maphash.Hash, v reflect.Value) { writeUint(h, v.Uint()) }, nil
	case reflect.Float32, reflect.Float64:
		return func(h *maphash.Hash, v reflect.Value) { writeUint(h, math.Float64bits(v.Float())) }, nil
	case reflect.Pointer:
		elem, err := makeEncoder(t.Elem(), making)
		if err != nil {
			return nil, err
		}
		return func(h *maphash.Hash, v reflect.Value) {
			if v.IsNil() {
				h.WriteByte(0)
				return
			}
			h.WriteByte(1)
			elem(h, v.Elem())
		}, nil
	case reflect.Slice, reflect.Array:
		if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String {
			return func(h *maphash.Hash, v reflect.Value) {
				n := v.Len()
				writeUint(h, uint64(n))
				for i := range n {
					h.WriteString(v.Index(i).String())
					h.WriteByte(0)
				}
			}, nil
		}
		elem, err := makeEncoder(t.Elem(), making)
		if err != nil {
			return nil, err
		}
		return func(h *maphash.Hash, v reflect.Value) {
			n := v.Len()
			writeUint(h, uint64(n))
			for i := range n {
				elem(h, v.Index(i))
			}
		}, nil
	case reflect.Struct:
		type field struct {
			index int
			enc   encoder
		}
		var fields []field
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			enc, err := makeEncoder(f.Type, making)
			if err != nil {
				return nil, fmt.Errorf("%s.%s: %w", t, f.Name, err)
			}
			fields = append(fields, field{i, enc})
		}
		return func(h *maphash.Hash, v reflect.Value) {
			for _, f := range fields {
				f.enc(h, v.Field(f.index))
			}
		}, nil
	}
	return nil, fmt.Errorf("page data cannot hold a %s: its signature would not be certain", t)
}
