package docs

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestREADMESnippetsAreFiles finds every ```go block of README.md among the
// repository's .go files.
func TestREADMESnippetsAreFiles(t *testing.T) {
	root := filepath.Join("..", "..")
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	files := make(map[string]string) // content → path
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != root {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			files[strings.TrimSpace(string(b))] = path
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	blocks := goBlocks(string(readme))
	if len(blocks) == 0 {
		t.Fatal("README.md has no Go snippet: the test would prove nothing")
	}
	for _, b := range blocks {
		if _, ok := files[strings.TrimSpace(b.text)]; !ok {
			t.Errorf("README.md line %d: the Go snippet is not a file of the repository; make it one (examples/…) and paste the file:\n%s", b.line, b.text)
		}
	}
}

type block struct {
	line int
	text string
}

// goBlocks returns the fenced ```go blocks of a Markdown text.
func goBlocks(md string) []block {
	var out []block
	lines := strings.Split(md, "\n")
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "```go" {
			continue
		}
		start := i + 1
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
		}
		out = append(out, block{line: start + 1, text: strings.Join(lines[start:i], "\n")})
	}
	return out
}

func TestGoBlocks(t *testing.T) {
	md := "text\n```go\npackage a\n```\n\n```sh\nls\n```\n```go\nx\ny\n```\n"
	got := goBlocks(md)
	if len(got) != 2 || got[0].text != "package a" || got[0].line != 3 || got[1].text != "x\ny" {
		t.Errorf("goBlocks = %+v", got)
	}
}
