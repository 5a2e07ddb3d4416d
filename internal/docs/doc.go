// Package docs holds no code, only a test that keeps the README honest:
// every Go snippet in README.md is, character for character, a file of the
// repository that go vet and go test compile, and whose tests run. Edit a
// snippet by editing its file, then paste the file into the README.
package docs
