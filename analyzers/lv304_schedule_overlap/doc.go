// Package lv304 defines an analyzer that reports schedules firing more
// often than the function they run may take.
//
// # Analyzer LV304
//
// LV304: schedule fires more often than the function's timeout
//
// A schedule (SAM Schedule or ScheduleV2 event, an AWS::Events::Rule or
// AWS::Scheduler::Schedule targeting the function, Terraform
// aws_cloudwatch_event_rule with an aws_cloudwatch_event_target, or
// aws_scheduler_schedule) that fires every minute for a function allowed to
// run five minutes starts a new run while the last may still be going: runs
// overlap, compete for the same data and multiply cost. rate(...)
// expressions are read exactly; cron(...) expressions are judged for their
// shortest interval in the common fixed-interval forms (every minute, every
// N minutes, lists and ranges of minutes, hourly and daily patterns). A cron
// expression too complex to judge is left alone.
package lv304
