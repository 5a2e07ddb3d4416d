package serve_test

import (
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"testing"

	"github.com/gradlab/gradlab/internal/serve"
)

// A page's address holds its settings; Parse reads them over a starting
// state and checks them, as the server does for every request.
func ExampleSettings_Parse() {
	q, _ := url.ParseQuery("dataset=moons&hidden=8,4&lr=0.05")
	s, err := serve.DefaultSettings().Parse(q)
	fmt.Println(s.Dataset, s.Hidden, s.LR, s.Iters, err)

	_, err = s.Parse(url.Values{"hidden": {"64"}})
	var se *serve.SettingError
	if errors.As(err, &se) {
		fmt.Println(se.Field+":", se.Want)
	}
	// Output:
	// moons [8 4] 0.05 10000 <nil>
	// hidden: layer sizes in [1, 16]; size 1 is "64"
}

// FuzzParse checks that any query string either fails with a
// *SettingError or gives settings that Check accepts and that survive
// their own query string.
func FuzzParse(f *testing.F) {
	for _, q := range []string{"", "lr=0.5", "hidden=8,4&activation=relu", "n=5000&noise=0.3&test-split=0.9", "hidden=,", "seed=4294967296", "lr=1e309", "noise=&n=&epochs=&batch=&init=", "noise=-1", "noise=0&init=he", "test-split=0.2&patience=3&min-delta=0.01&print-every-epochs=2", "val-csv=true", "patience=&min-delta=&val-csv=&print-every-epochs="} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		s, err := serve.DefaultSettings().Parse(q)
		if err != nil {
			var se *serve.SettingError
			if !errors.As(err, &se) {
				t.Fatalf("%q: %v is not a *SettingError", raw, err)
			}
			return
		}
		if err := s.Check(); err != nil {
			t.Fatalf("%q: parsed %+v, which Check refuses: %v", raw, s, err)
		}
		again, err := serve.DefaultSettings().Parse(s.Query())
		if err != nil || !reflect.DeepEqual(again, s) {
			t.Fatalf("%q: %+v reads back as %+v, %v", raw, s, again, err)
		}
	})
}
