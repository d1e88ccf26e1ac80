package timing

import "testing"

func TestInterval(t *testing.T) {
	for _, tt := range []struct {
		expr string
		want float64
		ok   bool
	}{
		{"rate(1 minute)", 60, true},
		{"rate(5 minutes)", 300, true},
		{"rate(2 hours)", 7200, true},
		{"rate(1 day)", 86400, true},
		{"rate(0 minutes)", 0, false},
		{"rate(5 fortnights)", 0, false},
		{"cron(* * * * ? *)", 60, true},
		{"cron(0/5 * * * ? *)", 300, true},
		{"cron(*/10 * * * ? *)", 600, true},
		{"cron(0,15,30,45 * * * ? *)", 900, true},
		{"cron(0,50 * * * ? *)", 600, true},  // 50 → next hour's 0 is 10 minutes
		{"cron(0,50 8 * * ? *)", 3000, true}, // 08:00 and 08:50 only
		{"cron(0,50 */2 * * ? *)", 3000, true},
		{"cron(50 23,0 * * ? *)", 3600, true}, // 23:50 → 00:50
		{"cron(55 23 * * ? *)", 86400, true},
		{"cron(0-10 * * * ? *)", 60, true},
		{"cron(15 * * * ? *)", 3600, true},
		{"cron(0 */2 * * ? *)", 7200, true},
		{"cron(0 8,20 * * ? *)", 12 * 3600, true},
		{"cron(0 2 * * ? *)", 86400, true},
		{"cron(0 12 ? * MON-FRI *)", 86400, true},
		{"cron(0 12 L * ? *)", 86400, true},
		{"cron(0 12 * *)", 0, false},
		{"cron(0/x * * * ? *)", 0, false},
		{"at(2027-01-01T00:00:00)", 0, false},
		{"every minute", 0, false},
	} {
		got, ok, reason := Interval(tt.expr)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("Interval(%q) = %v, %v (%s); want %v, %v", tt.expr, got, ok, reason, tt.want, tt.ok)
		}
	}
}
