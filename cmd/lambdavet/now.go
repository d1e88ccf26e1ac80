package main

import (
	"fmt"
	"time"
)

// parseNow reads the -now flag (its last value wins): the date that
// date-driven rules such as runtime deprecation judge by. No value is the
// zero time, which policies take as today.
func parseNow(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("want a date as YYYY-MM-DD, got %q", v)
	}
	return t, nil
}
