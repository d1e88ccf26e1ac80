package cfn

import (
	"fmt"

	"github.com/lambdavet/lambdavet/parsers/model"
)

const (
	// maxAliasNodes bounds the nodes YAML aliases may stand for in one
	// file, beyond the nodes written. Aliases share the converted tree, so
	// parsing costs nothing per alias, but every reader of the tree (the
	// evaluator, rules) walks it as the tree it stands for. The bound is
	// fixed, not relative to the file size: a few kilobytes of anchors
	// padded with a large comment used to buy gigabytes. Real templates
	// alias a few small blocks (shared tags, environments), far below it.
	maxAliasNodes = 500_000

	// maxSyntaxNodes bounds the nodes of one file. The YAML library's tree
	// and ours cost about 300 bytes a node together, so this keeps a file
	// under a gigabyte while a real template of 30 MB (about 11 bytes a
	// node) still loads; the safe file reader caps files at 32 MB.
	maxSyntaxNodes = 3_000_000

	// hardMaxDepth bounds nesting whatever the budget says, so a raised
	// depth budget cannot turn the recursive conversion into a stack
	// overflow, which no recover catches.
	hardMaxDepth = 100_000
)

// limits are what parsing one file may cost: the project budget's depth and
// values where one is given, within the fixed bounds above.
type limits struct {
	budget  *model.Budget
	depth   int
	aliases int64
	nodes   int64
}

func newLimits(b *model.Budget) *limits {
	l := b.Limits() // the defaults for a nil budget
	return &limits{
		budget:  b,
		depth:   int(min(l.Depth, hardMaxDepth)),
		aliases: min(l.Values, maxAliasNodes),
		nodes:   maxSyntaxNodes,
	}
}

// tooDeep is the error for nesting past the depth limit, reported through
// the project budget so it names the setting to raise.
func (l *limits) tooDeep(at model.Range, what string, depth int) *model.LoadError {
	if e := l.budget.CheckDepth(int64(depth), what, at); e != nil {
		return e.LoadError()
	}
	return &model.LoadError{Range: at, Message: fmt.Sprintf("%s deeper than %d levels; file not loaded", what, l.depth)}
}

// tooManyAliased is the error for aliases standing for more nodes than
// allowed (an alias bomb), at the alias that crossed the limit.
func (l *limits) tooManyAliased(at model.Range) *model.LoadError {
	if l.aliases < maxAliasNodes && l.budget != nil {
		return l.budget.Exceed(model.BudgetValues, "expanding YAML aliases", at).LoadError()
	}
	return &model.LoadError{Range: at, Message: fmt.Sprintf("YAML aliases expand to more than %d nodes (an alias bomb?); file not loaded", l.aliases)}
}

// tooManyNodes is the error for a file with more nodes than can be held.
func (l *limits) tooManyNodes(at model.Range, syntax string, n int64) *model.LoadError {
	return &model.LoadError{Range: at, Message: fmt.Sprintf("file too large: about %d %s nodes, more than lambdavet's limit of %d; file not loaded (split the template, or use nested stacks)", n, syntax, l.nodes)}
}
