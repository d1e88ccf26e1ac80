package pkgsize

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"

	"github.com/lambdavet/lambdavet/internal/safefile"
)

// The zip format's records (APPNOTE.TXT 4.3), as archive/zip reads them.
const (
	sigCentralHeader = 0x02014b50
	sigEnd           = 0x06054b50
	sigEnd64         = 0x06064b50
	sigEnd64Locator  = 0x07064b50
	centralHeaderLen = 46
	endLen           = 22
	end64LocatorLen  = 20
	end64Len         = 56
	zip64ExtraID     = 0x0001
)

var errNotZip = errors.New("not a zip archive")

// zipDirectory locates a zip archive's central directory from its end
// records: where it starts, how long it is, how many entries it declares.
type zipDirectory struct {
	start, size int64
	entries     uint64
}

// findDirectory reads the end of central directory record (and its zip64
// form), in the last 64 KiB + 22 bytes of the file, as archive/zip does.
func findDirectory(f io.ReaderAt, size int64) (zipDirectory, error) {
	if size < endLen {
		return zipDirectory{}, errNotZip
	}
	tail := min(size, endLen+65535)
	buf := make([]byte, tail)
	if _, err := f.ReadAt(buf, size-tail); err != nil && err != io.EOF {
		return zipDirectory{}, err
	}
	at := -1
	for i := len(buf) - endLen; i >= 0; i-- {
		if binary.LittleEndian.Uint32(buf[i:]) == sigEnd {
			// The comment must end the file.
			if n := int(binary.LittleEndian.Uint16(buf[i+20:])); i+endLen+n <= len(buf) {
				at = i
				break
			}
		}
	}
	if at < 0 {
		return zipDirectory{}, errNotZip
	}
	rec := buf[at:]
	endPos := size - tail + int64(at)
	d := zipDirectory{
		entries: uint64(binary.LittleEndian.Uint16(rec[10:])),
		size:    int64(binary.LittleEndian.Uint32(rec[12:])),
		start:   int64(binary.LittleEndian.Uint32(rec[16:])),
	}
	dirEnd := endPos
	// zip64: a locator just before the end record points at the zip64 end
	// record, which holds the full counts.
	if endPos >= end64LocatorLen {
		loc := make([]byte, end64LocatorLen)
		if _, err := f.ReadAt(loc, endPos-end64LocatorLen); err == nil && binary.LittleEndian.Uint32(loc) == sigEnd64Locator {
			off := binary.LittleEndian.Uint64(loc[8:])
			if off <= uint64(size-end64Len) {
				rec64 := make([]byte, end64Len)
				if _, err := f.ReadAt(rec64, int64(off)); err == nil && binary.LittleEndian.Uint32(rec64) == sigEnd64 {
					d.entries = binary.LittleEndian.Uint64(rec64[32:])
					d.size = int64(binary.LittleEndian.Uint64(rec64[40:]))
					d.start = int64(binary.LittleEndian.Uint64(rec64[48:]))
					dirEnd = int64(off)
				}
			}
		}
	}
	if d.size < 0 || d.size > dirEnd {
		return zipDirectory{}, errNotZip
	}
	// Data prepended to the archive (a self-extracting stub) shifts every
	// offset: the directory ends where the end records begin.
	d.start = dirEnd - d.size
	if d.entries > uint64(d.size)/centralHeaderLen {
		return zipDirectory{}, errNotZip // more entries than the directory can hold
	}
	return d, nil
}

// sumDirectory walks the central directory one header at a time through a
// fixed buffer, adding the uncompressed sizes (with saturation); nothing is
// kept per entry, so neither the number of entries nor the sizes they claim
// cost memory.
func sumDirectory(f io.ReaderAt, d zipDirectory) (zipContent, error) {
	r := bufio.NewReaderSize(io.NewSectionReader(f, d.start, d.size), 64<<10)
	var (
		c     zipContent
		hdr   [centralHeaderLen]byte
		extra = make([]byte, 0, 1<<16)
	)
	// Like archive/zip, read headers until the directory ends, and check
	// the count against the end record's (modulo 2^16, which is all an
	// archive without zip64 records can say about more entries).
	for {
		if _, err := io.ReadFull(r, hdr[:]); err == io.EOF {
			break
		} else if err != nil {
			return zipContent{}, errNotZip
		}
		if binary.LittleEndian.Uint32(hdr[:]) != sigCentralHeader {
			break
		}
		size := uint64(binary.LittleEndian.Uint32(hdr[24:]))
		nameLen := int(binary.LittleEndian.Uint16(hdr[28:]))
		extraLen := int(binary.LittleEndian.Uint16(hdr[30:]))
		commentLen := int(binary.LittleEndian.Uint16(hdr[32:]))
		if _, err := r.Discard(nameLen); err != nil {
			return zipContent{}, errNotZip
		}
		extra = extra[:extraLen]
		if _, err := io.ReadFull(r, extra); err != nil {
			return zipContent{}, errNotZip
		}
		if size == 0xffffffff {
			size = zip64Size(extra, size)
		}
		if _, err := r.Discard(commentLen); err != nil {
			return zipContent{}, errNotZip
		}
		c.unzipped = addSat(c.unzipped, size)
		c.entries++
	}
	if uint16(c.entries) != uint16(d.entries) {
		return zipContent{}, errNotZip
	}
	return c, nil
}

// zip64Size reads the uncompressed size from a zip64 extra field, the
// first of its values when the header's 32-bit size is 0xffffffff.
func zip64Size(extra []byte, fallback uint64) uint64 {
	for len(extra) >= 4 {
		id := binary.LittleEndian.Uint16(extra)
		n := int(binary.LittleEndian.Uint16(extra[2:]))
		extra = extra[4:]
		if n > len(extra) {
			break
		}
		if id == zip64ExtraID && n >= 8 {
			return binary.LittleEndian.Uint64(extra)
		}
		extra = extra[n:]
	}
	return fallback
}

// scanZip sums the uncompressed sizes listed in a zip archive's central
// directory, in constant memory.
func scanZip(path string) (zipContent, error) {
	f, err := safefile.Open(path)
	if err != nil {
		return zipContent{}, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return zipContent{}, err
	}
	d, err := findDirectory(f, info.Size())
	if err != nil {
		return zipContent{}, err
	}
	return sumDirectory(f, d)
}
