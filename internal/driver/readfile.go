package driver

import "github.com/lambdavet/lambdavet/internal/safefile"

// MaxFileSize bounds what is read of one file: CloudFormation accepts
// templates up to 1 MB, so anything far larger is not configuration to lint.
const MaxFileSize = safefile.MaxSize

// ReadFile reads a configuration file from disk, the driver's default: only
// regular files (a pipe or a device would never end), at most MaxFileSize.
// It is safefile.Read, the one reader lambdavet uses for every file.
func ReadFile(name string) ([]byte, error) {
	return safefile.Read(name, MaxFileSize)
}
