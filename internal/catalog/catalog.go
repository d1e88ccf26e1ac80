// Package catalog lists the rule ids of lambdavet's rule catalog
// (design.md, and the ids later issues assign: LV109–LV115 and LV306 from
// issue 17, LV307–LV309 and LV601–LV604 from issue 18), those built already
// and those still to come. Configuration files and suppressions may name any
// of them: a .lambdavet.yaml written for a newer lambdavet, or shared across
// versions, keeps working, while an id outside the catalog is a typo worth
// reporting.
package catalog

import "slices"

// IDs are the catalog's ids, sorted. Ids are never reused, so this list only
// grows.
var IDs = []string{
	"LV001", "LV002",
	"LV101", "LV102", "LV103", "LV104", "LV105", "LV106", "LV107", "LV108", "LV109", "LV110", "LV111",
	"LV112", "LV113", "LV114", "LV115",
	"LV201", "LV202", "LV203", "LV204",
	"LV301", "LV302", "LV303", "LV304", "LV305", "LV306", "LV307", "LV308", "LV309",
	"LV401", "LV402", "LV403",
	"LV501", "LV502", "LV503", "LV504", "LV505", "LV506", "LV507", "LV508",
	"LV601", "LV602", "LV603", "LV604",
}

// Has reports whether id is in the catalog.
func Has(id string) bool {
	_, found := slices.BinarySearch(IDs, id)
	return found
}
