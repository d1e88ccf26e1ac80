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
// month day-of-week year. The firing times of one day are listed from the
// minutes and hours fields; the gap from the day's last run to the next
// day's first counts only when every day fires.
func cron(body string) (float64, bool, string) {
	f := strings.Fields(body)
	if len(f) != 6 {
		return 0, false, "a cron expression needs six fields"
	}
	minutes, ok1 := fieldPoints(f[0], 60)
	hours, ok2 := fieldPoints(f[1], 24)
	if !ok1 || !ok2 {
		return 0, false, "cron expression too complex to judge"
	}
	var times []int
	for _, h := range hours {
		for _, m := range minutes {
			times = append(times, h*60+m)
		}
	}
	sort.Ints(times)
	if len(times) <= 1 {
		return 86400, true, "" // once a day or less often
	}
	gap := 24 * 60
	for i := 1; i < len(times); i++ {
		gap = min(gap, times[i]-times[i-1])
	}
	everyDay := (f[2] == "*" || f[2] == "?") && (f[4] == "*" || f[4] == "?")
	if everyDay {
		gap = min(gap, 24*60-times[len(times)-1]+times[0])
	}
	return float64(gap) * 60, true, ""
}

// fieldPoints lists the values a cron field fires at, within [0, size);
// ok is false for forms not judged (names, L, W, #).
func fieldPoints(field string, size int) ([]int, bool) {
	if strings.ContainsAny(field, "LW#?") {
		return nil, false
	}
	seen := map[int]bool{}
	var points []int
	for _, part := range strings.Split(field, ",") {
		lo, hi, step := 0, size-1, 1
		base, stepText, stepped := strings.Cut(part, "/")
		if stepped {
			s, err := strconv.Atoi(stepText)
			if err != nil || s <= 0 {
				return nil, false
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
				return nil, false
			}
			lo, hi = x, y
		default:
			x, err := strconv.Atoi(base)
			if err != nil {
				return nil, false
			}
			lo = x
			if !stepped {
				hi = x
			}
		}
		if lo < 0 || hi >= size {
			return nil, false
		}
		for v := lo; v <= hi; v += step {
			if !seen[v] {
				seen[v] = true
				points = append(points, v)
			}
		}
	}
	return points, true
}
