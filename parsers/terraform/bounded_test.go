package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lambdavet/lambdavet/internal/cputime"
	"github.com/lambdavet/lambdavet/internal/safefile"
	"github.com/lambdavet/lambdavet/parsers/model"
)

// goodFile is a valid function beside each hostile file: where the hostile
// part is one file's syntax, the rest of the project still loads.
const goodFile = "resource \"aws_lambda_function\" \"good\" {\n  memory_size = 128\n}\n"

// hostile is one generated input of the bounded-cost suite.
type hostile struct {
	name  string
	files map[string]string
	opts  Options
	// want is a part of the message of the error the input must give.
	want string
	// keepsGood says the good file must still be loaded: the input is
	// refused as one file's syntax, not as the project's budget.
	keepsGood bool
}

// chain writes n locals, each defined from the one before by step (with %[1]d
// the index and %[2]d the index before).
func chain(n int, first, step string) string {
	var b strings.Builder
	b.WriteString("locals {\n  l0 = " + first + "\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  l%d = "+step+"\n", i, i-1)
	}
	b.WriteString("}\n")
	return b.String()
}

// use is a function whose environment is set from an expression.
func use(expr string) string {
	return "resource \"aws_lambda_function\" \"bad\" {\n  environment {\n    variables = { A = " + expr + " }\n  }\n}\n"
}

func deep(open, mid, close string, n int) string {
	return strings.Repeat(open, n) + mid + strings.Repeat(close, n)
}

func hostileInputs() []hostile {
	const n = 100_000
	brackets := deep("[", "1", "]", n)
	return []hostile{
		// Depth: every way around the old byte scanner.
		{name: "depth heredoc holding comment", files: map[string]string{"main.tf": "locals {\n  a = <<EOT\n/*\nEOT\n  b = " + brackets + "\n}\n"}, want: "nesting", keepsGood: true},
		{name: "depth interpolation after # in heredoc", files: map[string]string{"main.tf": "locals {\n  a = <<EOT\n# ${" + brackets + "}\nEOT\n}\n"}, want: "nesting", keepsGood: true},
		{name: "depth leading closers", files: map[string]string{"main.tf": strings.Repeat(")", n) + "\nlocals {\n  a = " + brackets + "\n}\n"}, want: "nesting", keepsGood: true},
		{name: "depth json string template", files: map[string]string{"main.tf.json": `{"locals": {"a": "${` + brackets + `}"}, "resource": {"aws_lambda_function": {"bad": {"description": "${local.a}"}}}}`}, want: "nesting", keepsGood: true},
		{name: "depth tfvars", files: map[string]string{"vars.tf": "variable \"a\" {}\n", "terraform.tfvars": "x = <<EOT\n/*\nEOT\na = " + brackets + "\n"}, want: "nesting", keepsGood: true},
		{name: "depth var flag", files: map[string]string{"vars.tf": "variable \"a\" {}\n"}, opts: Options{Vars: map[string]string{"a": deep("[", "1", "]", 65_000)}}, want: "nesting", keepsGood: true},
		{name: "depth template if", files: map[string]string{"main.tf": "locals {\n  a = \"" + deep("%{if true}", "x", "%{endif}", n) + "\"\n}\n"}, want: "nesting", keepsGood: true},
		{name: "depth unary", files: map[string]string{"main.tf": "locals {\n  a = " + strings.Repeat("!", 200_000) + "true\n}\n" + use("local.a")}, want: "nesting", keepsGood: true},
		{name: "depth binary chain", files: map[string]string{"main.tf": "locals {\n  a = 1" + strings.Repeat("+1", 200_000) + "\n}\n" + use("local.a")}, want: "nesting", keepsGood: true},
		{name: "depth ternary chain", files: map[string]string{"main.tf": "locals {\n  a = " + strings.Repeat("true ? 1 : ", n) + "1\n}\n" + use("local.a")}, want: "nesting", keepsGood: true},
		{name: "depth index chain", files: map[string]string{"main.tf": "locals {\n  k = 0\n  a = [1]" + strings.Repeat("[local.k]", 200_000) + "\n}\n" + use("local.a")}, want: "nesting", keepsGood: true},
		{name: "depth local chain", files: map[string]string{"main.tf": chain(50_000, "1", "[local.l%[2]d]") + use("local.l50000")}, want: "depth budget"},
		// Expansion: a few lines that describe gigabytes.
		{name: "expansion conditionals", files: map[string]string{"main.tf": "variable \"u\" {}\n" + chain(40, `var.u ? "a" : "b"`, "var.u ? local.l%[2]d : local.l%[2]d") + use("local.l40")}, want: "paths budget"},
		{name: "expansion concat", files: map[string]string{"main.tf": chain(60, `["x"]`, "concat(local.l%[2]d, local.l%[2]d)") + use("local.l60")}, want: "budget"},
		{name: "expansion template doubling", files: map[string]string{"main.tf": chain(60, `"x"`, `"${local.l%[2]d}${local.l%[2]d}"`) + use("local.l60")}, want: "budget"},
		{name: "expansion object DAG", files: map[string]string{"main.tf": chain(60, `"x"`, "{ a = local.l%[2]d, b = local.l%[2]d }") + use("local.l60")}, want: "values budget"},
		{name: "expansion list DAG", files: map[string]string{"main.tf": chain(60, `"x"`, "[local.l%[2]d, local.l%[2]d]") + use("jsonencode(local.l60)")}, want: "budget"},
		{name: "expansion format width", files: map[string]string{"main.tf": use(`format("%-500000000s", "x")`)}, want: "string-bytes budget"},
		{name: "expansion indent", files: map[string]string{"main.tf": use(`indent(1000000000, "a\nb")`)}, want: "string-bytes budget"},
		// A long list converted whole: any conversion worse than linear
		// takes minutes at this length. (At 200,000 items the linear cost
		// alone, a 1.2 MB file lexed twice and evaluated through cty, was
		// 4.8-5.05 s of processor time against the 5 s bound, so the case
		// failed at random.)
		{name: "expansion long list conversion", files: map[string]string{"main.tf": "locals {\n  l = [" + strings.Repeat("\"a\", ", 120_000) + "]\n}\n" + use(`length(distinct(local.l))`)}},
		{name: "expansion mixed list conversion", files: map[string]string{"main.tf": "locals {\n  l = [" + strings.Repeat("\"a\", 1, ", 100_000) + "]\n}\n" + use(`length(distinct(local.l))`)}, want: "collection budget"},
		{name: "expansion join", files: map[string]string{"main.tf": "locals {\n  s = \"" + strings.Repeat("x", 10_000) + "\"\n}\n" + use(`join(local.s, flatten([for i in range(1000) : [for j in range(100) : "y"]]))`)}, want: "budget"},
		{name: "expansion replace", files: map[string]string{"main.tf": "locals {\n  s = \"" + strings.Repeat("x", 10_000) + "\"\n}\n" + use(`replace(local.s, "", local.s)`)}, want: "string-bytes budget"},
		{name: "expansion setproduct", files: map[string]string{"main.tf": use(`length(setproduct(range(1000), range(1000), range(1000)))`)}, want: "collection budget"},
		{name: "expansion nested for", files: map[string]string{"main.tf": use(`length([for a in range(1000) : [for b in range(1000) : [for c in range(1000) : c]]])`)}, want: "budget"},
		{name: "expansion number text", files: map[string]string{"main.tf": use(`"a${1e999999}"`)}, want: "budget"},
		{name: "expansion number arithmetic", files: map[string]string{"main.tf": use(`"a${1e3000 * 1e3000 * 1e3000 * 1e3000 * 1e3000 * 1e3000 * 1e3000 * 1e3000 * 1e3000 * 1e3000 * 1e3000 * 1e3000 * 1e3000 * 1e3000 * 1e3000 * 1e3000 * 1e3000 * 1e3000 * 1e3000 * 1e3000}"`)}, want: "budget"},
		{name: "expansion strrev doubling", files: map[string]string{"main.tf": chain(60, `"x"`, `strrev("${local.l%[2]d}${local.l%[2]d}")`) + use("local.l60")}, want: "budget"},
		{name: "expansion formatlist", files: map[string]string{"main.tf": use(`formatlist("%-10000000s", range(1000))`)}, want: "budget"},
		{name: "expansion jsondecode depth", files: map[string]string{"main.tf": use(`jsondecode("` + deep("[", "1", "]", n) + `")`)}, want: "depth budget"},
		{name: "expansion split", files: map[string]string{"main.tf": "locals {\n  s = \"" + strings.Repeat("x", 2_000_000) + "\"\n}\n" + use(`length(split("", local.s))`)}, want: "collection budget"},
		{name: "expansion when text", files: map[string]string{"main.tf": "variable \"u\" {}\n" + chain(11, `var.u == "`+strings.Repeat("y", 100_000)+`" ? "a" : "b"`, `var.u == "`+strings.Repeat("y", 100_000)+`" ? local.l%[2]d : "c"`) + use("local.l11")}},
	}
}

// TestBoundedCost loads generated hostile inputs, each beside a good file:
// every one must end within a few seconds and a bounded allocation, with an
// error that has a position, and never a crash.
func TestBoundedCost(t *testing.T) {
	for _, h := range hostileInputs() {
		t.Run(h.name, func(t *testing.T) {
			files := map[string]string{"good.tf": goodFile}
			for k, v := range h.files {
				files[k] = v
			}
			p, took, cpu, alloc := measure(t, files, h.opts)
			t.Logf("%v (%v of processor time), peak heap %d MB", took.Round(time.Millisecond), cpu.Round(time.Millisecond), alloc>>20)
			// processor time, not wall time (see cputime); measure
			// gives up after 20 s of wall time
			if cpu > 5*time.Second {
				t.Errorf("took %v (%v of processor time)", took, cpu)
			}
			if alloc > 512<<20 {
				t.Errorf("peak heap %d MB", alloc>>20)
			}
			if h.want == "" {
				return
			}
			var found *model.LoadError
			for _, e := range p.Errors {
				if strings.Contains(e.Message, h.want) {
					found = e
				}
			}
			if found == nil {
				t.Fatalf("no error containing %q; errors: %v", h.want, p.Errors)
			}
			if found.Range.File == "" || found.Range.Start.Line < 1 || found.Range.Start.Column < 1 || filepath.Ext(found.Range.File) == "" {
				t.Errorf("error without a file position: %v", found)
			}
			if h.keepsGood {
				fn(t, p, "aws_lambda_function.good")
			}
		})
	}
}

// measure loads files and returns the project, the time it took and the
// peak of the heap's live objects above where it started (sampled).
func measure(t *testing.T, files map[string]string, opts Options) (p *model.Project, wall, cpu time.Duration, peak uint64) {
	t.Helper()
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	start, startCPU := time.Now(), cputime.Used()
	done := make(chan *model.Project, 1)
	go func() { done <- project(t, files, opts) }()
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(20 * time.Second)
	for p == nil {
		select {
		case p = <-done:
		case <-tick.C:
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > base && v-base > peak {
				peak = v - base
			}
		case <-deadline:
			t.Fatal("still loading after 20 s")
		}
	}
	return p, time.Since(start), cputime.Used() - startCPU, peak
}

// A root module that calls itself, or a cycle through the root, is loaded
// and the cycle reported at the call's source.
func TestRootModuleCycle(t *testing.T) {
	for name, files := range map[string]map[string]string{
		"self":          {"main.tf": goodFile + "module \"self\" {\n  source = \"./\"\n}\n"},
		"through child": {"main.tf": goodFile + "module \"m\" {\n  source = \"./m\"\n}\n", "m/main.tf": "module \"back\" {\n  source = \"../\"\n}\n"},
	} {
		t.Run(name, func(t *testing.T) {
			p := project(t, files, Options{})
			fn(t, p, "aws_lambda_function.good")
			if len(p.Errors) != 1 || !strings.Contains(p.Errors[0].Message, "cycle") {
				t.Fatalf("want one cycle error, got %v", p.Errors)
			}
			e := p.Errors[0]
			if !strings.HasSuffix(e.Range.File, ".tf") || e.Range.Start.Line < 2 || e.Range.Start.Column != 12 {
				t.Errorf("cycle error at %v, want the source value", e.Range)
			}
		})
	}
}

// The budget's module-instance limit is the one applied.
func TestModuleInstancesFromBudget(t *testing.T) {
	var calls strings.Builder
	for i := range 6 {
		fmt.Fprintf(&calls, "module \"a%d\" {\n  source = \"./m\"\n}\n", i)
	}
	p := project(t, map[string]string{"main.tf": calls.String(), "m/main.tf": goodFile}, Options{Budget: model.NewBudget(model.Limits{ModuleInstances: 3})})
	if len(p.Errors) != 1 || !strings.Contains(p.Errors[0].Message, "module-instances budget of 3") || p.Errors[0].Range.Start.Line < 1 {
		t.Fatalf("want the budget's limit reported, got %v", p.Errors)
	}
}

// modules.json is read through the reader Load is given: a FIFO or a device
// in its place neither blocks nor exhausts memory.
func TestModulesManifestIsBounded(t *testing.T) {
	for name, mk := range map[string]func(path string) error{
		"fifo":     func(path string) error { return syscall.Mkfifo(path, 0o644) },
		"dev zero": func(path string) error { return os.Symlink("/dev/zero", path) },
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			main := filepath.Join(dir, "main.tf")
			if err := os.WriteFile(main, []byte(goodFile+"module \"x\" {\n  source = \"example/x/aws\"\n}\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Join(dir, ".terraform", "modules"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := mk(filepath.Join(dir, ".terraform", "modules", "modules.json")); err != nil {
				t.Skip(err)
			}
			done := make(chan *model.Project, 1)
			go func() {
				done <- Load(dir, []string{main}, func(name string) ([]byte, error) { return safefile.Read(name, 0) }, Options{})
			}()
			select {
			case p := <-done:
				fn(t, p, "aws_lambda_function.good")
			case <-time.After(10 * time.Second):
				t.Fatal("blocked reading modules.json")
			}
		})
	}
}

// Positions on a long line cost no more than the line: columns come from
// line starts computed once per file.
func TestLongLinePositions(t *testing.T) {
	items := strings.Repeat("1, ", 300_000)
	src := "resource \"aws_lambda_function\" \"f\" { layers = [" + items + "] }\n"
	p, took, cpu, _ := measure(t, map[string]string{"main.tf": src}, Options{})
	f := fn(t, p, "aws_lambda_function.f")
	last := f.Layers.List[len(f.Layers.List)-1]
	if want := strings.LastIndex(src, "1,") + 1; int(last.Range.Start.Column) != want || last.Range.Start.Line != 1 {
		t.Errorf("last item at %v, want column %d", last.Range, want)
	}
	// Quadratic positions took minutes here; 10 s of processor time
	// leaves room (3.4 s of wall time was seen beside other test binaries).
	if cpu > 10*time.Second {
		t.Errorf("took %v (%v of processor time)", took, cpu)
	}
}

// The depth limit never exceeds what the HCL parser survives: a budget that
// asks for more is clamped, and input at the clamp loads without a crash.
func TestDepthClamp(t *testing.T) {
	b := model.NewBudget(model.Limits{Depth: 1 << 40})
	src := "locals {\n  a = " + deep("[", "1", "]", maxParseDepth-10) + "\n}\n" + use("local.a")
	p, took, _, _ := measure(t, map[string]string{"main.tf": src}, Options{Budget: b})
	t.Logf("depth %d: %v", maxParseDepth-10, took)
	for _, e := range p.Errors {
		if strings.Contains(e.Message, "nesting") {
			t.Errorf("input within the clamp refused: %v", e)
		}
	}
	src = "locals {\n  a = " + deep("[", "1", "]", maxParseDepth+10) + "\n}\n"
	p, _, _, _ = measure(t, map[string]string{"main.tf": src}, Options{Budget: model.NewBudget(model.Limits{Depth: 1 << 40})})
	if len(p.Errors) == 0 || !strings.Contains(p.Errors[0].Message, "nesting") {
		t.Errorf("input past the clamp should be refused, got %v", p.Errors)
	}
}

// FuzzEval feeds arbitrary HCL to the evaluator as locals, each read by a
// function, under a small budget: no input may panic, hang or crash it.
func FuzzEval(f *testing.F) {
	for _, s := range []string{
		`a = "${b}${b}"`,
		`a = [for x in range(10) : { k = x, v = [x, x] }]`,
		`a = format("%-10s|%5.2f", "x", 1.5)`,
		`a = var.u ? local.b : concat([1], [2])`,
		`a = jsonencode({ x = [1, 2, { y = "z" }] })`,
		`a = "%{for x in ["a", "b"]}${x}%{endfor}"`,
		`a = merge({ a = 1 }, { b = local.b })`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		dir := t.TempDir()
		name := filepath.Join(dir, "main.tf")
		body := "variable \"u\" {}\nlocals {\n  b = \"bb\"\n" + src + "\n}\n" + use("local.a")
		if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		b := model.NewBudget(model.Limits{Values: 20_000, StringBytes: 1 << 16, TotalBytes: 1 << 20, Collection: 5_000, Paths: 64, Depth: 100})
		p := Load(dir, []string{name}, os.ReadFile, Options{Budget: b})
		if b.Exhausted() && len(p.Functions) != 0 {
			t.Fatal("a project out of budget keeps its functions")
		}
	})
}
