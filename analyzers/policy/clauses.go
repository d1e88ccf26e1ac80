package policy

import (
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// Policies get condition paths ("when") as the text model.When renders,
// and read them through lambdavet.when_clauses, which is model.ParseWhen:
// the one reader of that text, which splits only outside quotes. The library's own reading (split at " and ",
// then at the last " is ") misread a parameter value holding either.

// clausesName is the builtin's name.
const clausesName = "lambdavet.when_clauses"

func init() {
	clause := types.NewObject([]*types.StaticProperty{
		types.NewStaticProperty("text", types.S),
		types.NewStaticProperty("subject", types.S),
		types.NewStaticProperty("value", types.S),
		types.NewStaticProperty("not", types.B),
	}, nil)
	rego.RegisterBuiltin1(&rego.Function{
		Name: clausesName,
		Description: "The clauses of a condition path: each with its text, its subject (\"\" for a clause that names none), " +
			"its value as written and whether it is negated (`X is not v`).",
		Decl: types.NewFunction(types.Args(types.S), types.NewArray(nil, clause)),
		// The same path is read once per evaluation.
		Memoize: true,
	}, whenClauses)
}

func whenClauses(_ rego.BuiltinContext, when *ast.Term) (*ast.Term, error) {
	s, ok := when.Value.(ast.String)
	if !ok {
		return nil, fmt.Errorf("%s: the path must be a string", clausesName)
	}
	cs := model.ParseWhen(string(s))
	out := make([]*ast.Term, 0, len(cs))
	for _, c := range cs {
		out = append(out, ast.ObjectTerm(
			ast.Item(ast.InternedTerm("text"), ast.StringTerm(c.String())),
			ast.Item(ast.InternedTerm("subject"), ast.StringTerm(c.Subject)),
			ast.Item(ast.InternedTerm("value"), ast.StringTerm(c.Value)),
			ast.Item(ast.InternedTerm("not"), ast.BooleanTerm(c.Not)),
		))
	}
	return ast.ArrayTerm(out...), nil
}
