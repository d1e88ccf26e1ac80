package timing

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Interval returns the shortest time in seconds between two runs of an
// EventBridge schedule expression: rate(...) exactly, and cron(...) for the
// fixed-interval forms (every minute, every N minutes, lists of minutes,
// hourly and daily patterns). ok is false, with a reason, for expressions
// too complex to judge, for at(...) one-off schedules and for anything
// malformed.
func Interval(expr string) (seconds float64, ok bool, reason string) {
	expr = strings.TrimSpace(expr)
	switch {
	case strings.HasPrefix(expr, "rate(") && strings.HasSuffix(expr, ")"):
		return rate(strings.TrimSuffix(strings.TrimPrefix(expr, "rate("), ")"))
	case strings.HasPrefix(expr, "cron(") && strings.HasSuffix(expr, ")"):
		return cron(strings.TrimSuffix(strings.TrimPrefix(expr, "cron("), ")"))
	case strings.HasPrefix(expr, "at("):
		return 0, false, "a one-time schedule"
	}
	return 0, false, fmt.Sprintf("%q is not a schedule expression", expr)
}

func rate(body string) (float64, bool, string) {
	fields := strings.Fields(body)
	if len(fields) != 2 {
		return 0, false, "malformed rate expression"
	}
	n, err := strconv.Atoi(fields[0])
	if err != nil || n <= 0 {
		return 0, false, "malformed rate expression"
	}
	unit := map[string]float64{"minute": 60, "minutes": 60, "hour": 3600, "hours": 3600, "day": 86400, "days": 86400}[fields[1]]
	if unit == 0 {
		return 0, false, fmt.Sprintf("unknown rate unit %q", fields[1])
	}
	return float64(n) * unit, true, ""
}

// cron judges the six-field EventBridge cron: minutes hours day-of-month
// month day-of-week year.
func cron(body string) (float64, bool, string) {
	f := strings.Fields(body)
	if len(f) != 6 {
		return 0, false, "a cron expression needs six fields"
	}
	minutes, hours := f[0], f[1]
	if gap, ok := fieldGap(minutes, 60); ok {
		if gap > 0 {
			return float64(gap) * 60, true, ""
		}
		// One minute per hour: the hours decide.
		if hgap, ok := fieldGap(hours, 24); ok {
			if hgap > 0 {
				return float64(hgap) * 3600, true, ""
			}
			if (f[2] == "*" || f[2] == "?") && (f[4] == "*" || f[4] == "?") {
				return 86400, true, ""
			}
			return 86400, true, "" // at most daily: the shortest gap is a day or more
		}
	}
	return 0, false, "cron expression too complex to judge"
}

// fieldGap returns the shortest gap between two firings within a cron field
// that cycles every size units, 0 when the field fires once per cycle; ok is
// false for forms not judged (names, L, W, #, mixed lists of ranges).
func fieldGap(field string, size int) (int, bool) {
	if field == "*" {
		return 1, true
	}
	if strings.ContainsAny(field, "LW#?") {
		return 0, false
	}
	var points []int
	for _, part := range strings.Split(field, ",") {
		lo, hi, step := 0, size-1, 1
		base, stepText, stepped := strings.Cut(part, "/")
		if stepped {
			s, err := strconv.Atoi(stepText)
			if err != nil || s <= 0 {
				return 0, false
			}
			step = s
		}
		switch {
		case base == "*":
		case strings.Contains(base, "-"):
			a, b, _ := strings.Cut(base, "-")
			x, err1 := strconv.Atoi(a)
			y, err2 := strconv.Atoi(b)
			if err1 != nil || err2 != nil || x > y {
				return 0, false
			}
			lo, hi = x, y
		default:
			x, err := strconv.Atoi(base)
			if err != nil {
				return 0, false
			}
			lo = x
			if !stepped {
				hi = x
			}
		}
		if lo < 0 || hi >= size {
			return 0, false
		}
		for v := lo; v <= hi; v += step {
			points = append(points, v)
		}
	}
	sort.Ints(points)
	if len(points) <= 1 {
		return 0, true
	}
	gap := size - points[len(points)-1] + points[0] // wrap to the next cycle
	for i := 1; i < len(points); i++ {
		if d := points[i] - points[i-1]; d > 0 && d < gap {
			gap = d
		}
	}
	return gap, true
}
