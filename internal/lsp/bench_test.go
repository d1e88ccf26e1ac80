package lsp

import (
	"fmt"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// bigTemplate is a SAM template of n functions with Globals, API and
// queue events and environment variables; every tenth function is over
// the memory limit. It returns the template and the line of the first
// function's MemorySize value (at character 18).
func bigTemplate(n int) (string, int) {
	var b strings.Builder
	b.WriteString(`AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.13
    Timeout: 20
    Environment:
      Variables:
        STAGE: prod
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 120
`)
	line := strings.Count(b.String(), "\n")
	memLine := 0
	for i := range n {
		mem := 1024
		if i%10 == 0 {
			mem = 20480
		}
		if i == 0 {
			memLine = line + 5
		}
		fmt.Fprintf(&b, `  Fn%d:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src
      Handler: app.handler%d
      MemorySize: %05d
      Environment:
        Variables:
          NAME: fn%d
      Events:
        Api:
          Type: Api
          Properties:
            Path: /p%d
            Method: get
`, i, i, mem, i, i)
		line += 15
		if i%20 == 0 {
			fmt.Fprintf(&b, `        Work:
          Type: SQS
          Properties:
            Queue: !GetAtt Queue.Arn
`)
			line += 4
		}
	}
	return b.String(), memLine
}

// BenchmarkDidChangeToPublish measures the time from a didChange on a
// 200-function template to the publishDiagnostics of that version: the
// lint and the publication, after the debounce (0 here; the server waits
// 150 ms by default before it starts).
//
// The gogc=400 runs collect garbage as `lambdavet lsp` does.
func BenchmarkDidChangeToPublish(b *testing.B) {
	for _, c := range []struct {
		debounce time.Duration
		gogc     int
	}{{-1, 100}, {-1, 400}, {defaultDebounce, 400}} {
		name := fmt.Sprintf("debounce=0/gogc=%d", c.gogc)
		if c.debounce > 0 {
			name = fmt.Sprintf("debounce=%v/gogc=%d", c.debounce, c.gogc)
		}
		b.Run(name, func(b *testing.B) {
			defer debug.SetGCPercent(debug.SetGCPercent(c.gogc))
			s := startServer(b, Options{Debounce: c.debounce})
			s.initialize(s.dir, nil, nil)
			src, memLine := bigTemplate(200)
			uri := s.open(s.write("template.yaml", src), src)
			s.waitDiags(uri, 1, hasCode("LV101"))
			version := 1
			values := []string{"20481", "20480"}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				version++
				s.change(uri, version, contentChange{Range: rng(memLine, 18, memLine, 23), Text: values[i%2]})
				s.waitDiags(uri, version, nil)
			}
			b.StopTimer()
			s.shutdown()
		})
	}
}
