package driver

import (
	"fmt"
	"io"
	"os"
)

// MaxFileSize bounds what is read of one file: CloudFormation accepts
// templates up to 1 MB, so anything far larger is not configuration to lint.
const MaxFileSize = 32 << 20

// ReadFile reads a configuration file from disk, the driver's default: only
// regular files (a pipe or a device would never end), at most MaxFileSize.
func ReadFile(name string) ([]byte, error) {
	// Checked before opening too: opening a FIFO for reading blocks.
	if info, err := os.Stat(name); err != nil {
		return nil, err
	} else if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file")
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file")
	}
	if info.Size() > MaxFileSize {
		return nil, fmt.Errorf("file is %d bytes, larger than the %d MB lambdavet reads", info.Size(), MaxFileSize>>20)
	}
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err == nil && len(b) > MaxFileSize {
		err = fmt.Errorf("file grew past the %d MB lambdavet reads", MaxFileSize>>20)
	}
	return b, err
}
