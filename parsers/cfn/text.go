package cfn

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"
)

// Text encodings a template may be read in, as Template.Encoding names them.
const (
	EncodingUTF8    = "UTF-8"
	EncodingUTF16LE = "UTF-16LE"
	EncodingUTF16BE = "UTF-16BE"
)

// DecodeText returns src as UTF-8 text that the YAML and JSON parsers and
// every position computation agree on, and the encoding it was read in:
//
//   - UTF-16 with a byte-order mark (what Windows PowerShell's `>` writes)
//     is decoded to UTF-8, so such templates are linted instead of being
//     skipped as binary; positions then refer to the decoded text, whose
//     lines and characters are those of the file;
//   - a UTF-8 byte-order mark is kept (offsets stay those of the file) and
//     skipped by the parsers;
//   - a carriage return not followed by a line feed (old Mac OS line
//     endings) becomes a line feed: the YAML parser counts it as a line
//     break and our offsets count only line feeds, so without this the two
//     disagree about every line after the first. CR and LF are one byte
//     each, so byte offsets are unchanged.
//
// src is not modified; the result shares it when nothing needs changing.
func DecodeText(src []byte) (text []byte, encoding string) {
	encoding = EncodingUTF8
	switch {
	case len(src) >= 2 && src[0] == 0xFF && src[1] == 0xFE:
		text, encoding = decodeUTF16(src[2:], false), EncodingUTF16LE
	case len(src) >= 2 && src[0] == 0xFE && src[1] == 0xFF:
		text, encoding = decodeUTF16(src[2:], true), EncodingUTF16BE
	default:
		text = src
	}
	return normalizeCR(text, encoding == EncodingUTF8), encoding
}

// decodeUTF16 decodes UTF-16 without its byte-order mark. An odd trailing
// byte and unpaired surrogates become U+FFFD, as every UTF-16 reader does.
func decodeUTF16(b []byte, bigEndian bool) []byte {
	units := make([]uint16, len(b)/2)
	for i := range units {
		if bigEndian {
			units[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			units[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
		}
	}
	out := make([]byte, 0, len(units)+len(units)/4)
	for _, r := range utf16.Decode(units) {
		out = utf8.AppendRune(out, r)
	}
	if len(b)%2 == 1 {
		out = utf8.AppendRune(out, utf8.RuneError)
	}
	return out
}

// normalizeCR turns each lone carriage return into a line feed. shared
// says text is the caller's buffer, to be copied before it is changed.
func normalizeCR(text []byte, shared bool) []byte {
	i := bytes.IndexByte(text, '\r')
	for i >= 0 && i+1 < len(text) && text[i+1] == '\n' {
		j := bytes.IndexByte(text[i+1:], '\r')
		if j < 0 {
			return text
		}
		i += 1 + j
	}
	if i < 0 {
		return text
	}
	if shared {
		text = bytes.Clone(text)
	}
	for ; i < len(text); i++ {
		if text[i] == '\r' && (i+1 == len(text) || text[i+1] != '\n') {
			text[i] = '\n'
		}
	}
	return text
}

// LineStarts returns the byte offset at which each line of src starts,
// counting a line feed, a carriage return and CRLF each as one line break,
// as YAML, JSON editors and the Language Server Protocol do. Reporters that
// turn offsets into lines (go/token.File.SetLines) should use it, so a
// finding and a load error in a file with old Mac OS line endings name the
// same line.
func LineStarts(src []byte) []int {
	starts := make([]int, 1, 1+bytes.Count(src, []byte{'\n'}))
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			fallthrough
		case '\n':
			if i+1 < len(src) {
				starts = append(starts, i+1)
			}
		}
	}
	return starts
}
