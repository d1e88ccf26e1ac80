// Package all lists lambdavet's rules written in Go, for the command line,
// the language server and the tests that check the whole set.
package all

import (
	"golang.org/x/tools/go/analysis"

	lv106 "github.com/lambdavet/lambdavet/analyzers/lv106_direct_upload"
	lv107 "github.com/lambdavet/lambdavet/analyzers/lv107_unzipped_size"
	lv201 "github.com/lambdavet/lambdavet/analyzers/lv201_subnets_security_groups"
	lv202 "github.com/lambdavet/lambdavet/analyzers/lv202_unnecessary_vpc"
	lv203 "github.com/lambdavet/lambdavet/analyzers/lv203_missing_nat"
	lv204 "github.com/lambdavet/lambdavet/analyzers/lv204_internet_gateway"
	lv301 "github.com/lambdavet/lambdavet/analyzers/lv301_caller_timeout"
	lv302 "github.com/lambdavet/lambdavet/analyzers/lv302_sqs_visibility"
	lv303 "github.com/lambdavet/lambdavet/analyzers/lv303_max_timeout"
	lv304 "github.com/lambdavet/lambdavet/analyzers/lv304_schedule_overlap"
	lv305 "github.com/lambdavet/lambdavet/analyzers/lv305_sqs_visibility_margin"
	lv307 "github.com/lambdavet/lambdavet/analyzers/lv307_async_no_failure_destination"
	lv308 "github.com/lambdavet/lambdavet/analyzers/lv308_unreachable_dlq"
	lv309 "github.com/lambdavet/lambdavet/analyzers/lv309_recursive_loop"
	lv601 "github.com/lambdavet/lambdavet/analyzers/lv601_public_url"
	lv602 "github.com/lambdavet/lambdavet/analyzers/lv602_public_permission"
	lv603 "github.com/lambdavet/lambdavet/analyzers/lv603_service_principal"
	lv604 "github.com/lambdavet/lambdavet/analyzers/lv604_environment_secret"
)

// Go returns the Go analyzers, sorted by rule id.
func Go() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		lv106.Analyzer,
		lv107.Analyzer,
		lv201.Analyzer,
		lv202.Analyzer,
		lv203.Analyzer,
		lv204.Analyzer,
		lv301.Analyzer,
		lv302.Analyzer,
		lv303.Analyzer,
		lv304.Analyzer,
		lv305.Analyzer,
		lv307.Analyzer,
		lv308.Analyzer,
		lv309.Analyzer,
		lv601.Analyzer,
		lv602.Analyzer,
		lv603.Analyzer,
		lv604.Analyzer,
	}
}
