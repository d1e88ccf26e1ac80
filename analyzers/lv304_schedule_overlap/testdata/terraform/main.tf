# LV304 in Terraform: aws_cloudwatch_event_rule with targets, and
# aws_scheduler_schedule.

variable "poll_timeout" {
  type    = number
  default = 90 # want "aws_lambda_function.from_variable sets timeout 90, but schedule \"aws_cloudwatch_event_rule.from_variable\" fires (as often as )?every minute \\(rate\\(1 minute\\)\\): .* \\(set by variable \"poll_timeout\" default\\) \\(LV304\\)"
}

variable "unknown" {
  type = number
}

resource "aws_lambda_function" "rule_at_limit" {
  function_name = "rule-at-limit"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 60
}

resource "aws_cloudwatch_event_rule" "rule_at_limit" {
  name                = "rule-at-limit"
  schedule_expression = "rate(1 minute)"
}

resource "aws_cloudwatch_event_target" "rule_at_limit" {
  rule = aws_cloudwatch_event_rule.rule_at_limit.name
  arn  = aws_lambda_function.rule_at_limit.arn
}

resource "aws_lambda_function" "rule_over_limit" {
  function_name = "rule-over-limit"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 61 # want "aws_lambda_function.rule_over_limit sets timeout 61, but schedule \"aws_cloudwatch_event_rule.rule_over_limit\" fires (as often as )?every minute \\(rate\\(1 minute\\)\\): a run that takes longer than that overlaps the next \\(LV304\\)"
}

resource "aws_cloudwatch_event_rule" "rule_over_limit" {
  name                = "rule-over-limit"
  schedule_expression = "rate(1 minute)"
}

resource "aws_cloudwatch_event_target" "rule_over_limit" {
  rule = aws_cloudwatch_event_rule.rule_over_limit.name
  arn  = aws_lambda_function.rule_over_limit.arn
}

resource "aws_lambda_function" "cron_at_limit" {
  function_name = "cron-at-limit"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 300
}

resource "aws_lambda_function" "cron_over_limit" {
  function_name = "cron-over-limit"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 301 # want "aws_lambda_function.cron_over_limit sets timeout 301, but schedule \"aws_cloudwatch_event_rule.every_five\" fires (as often as )?every 5 minutes \\(cron\\(0/5 \\* \\* \\* \\? \\*\\)\\)"
}

resource "aws_cloudwatch_event_rule" "every_five" {
  name                = "every-five"
  schedule_expression = "cron(0/5 * * * ? *)"
}

resource "aws_cloudwatch_event_target" "cron_at_limit" {
  rule = aws_cloudwatch_event_rule.every_five.name
  arn  = aws_lambda_function.cron_at_limit.arn
}

resource "aws_cloudwatch_event_target" "cron_over_limit" {
  rule = aws_cloudwatch_event_rule.every_five.id
  arn  = aws_lambda_function.cron_over_limit.arn
}

resource "aws_lambda_function" "default_timeout" {
  function_name = "default-timeout"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}

resource "aws_cloudwatch_event_rule" "every_minute" {
  name                = "every-minute"
  schedule_expression = "rate(1 minute)"
}

resource "aws_cloudwatch_event_target" "default_timeout" {
  rule = aws_cloudwatch_event_rule.every_minute.name
  arn  = aws_lambda_function.default_timeout.arn
}

resource "aws_lambda_function" "from_variable" {
  function_name = "from-variable"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = var.poll_timeout
}

resource "aws_cloudwatch_event_rule" "from_variable" {
  name                = "from-variable"
  schedule_expression = "rate(1 minute)"
}

resource "aws_cloudwatch_event_target" "from_variable" {
  rule = aws_cloudwatch_event_rule.from_variable.name
  arn  = aws_lambda_function.from_variable.arn
}

# Not reported: disabled rules, a complex schedule at most daily, an
# unknown timeout.

resource "aws_lambda_function" "quiet" {
  function_name = "quiet"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 900
}

resource "aws_cloudwatch_event_rule" "disabled_flag" {
  name                = "disabled-flag"
  schedule_expression = "rate(1 minute)"
  is_enabled          = false
}

resource "aws_cloudwatch_event_target" "disabled_flag" {
  rule = aws_cloudwatch_event_rule.disabled_flag.name
  arn  = aws_lambda_function.quiet.arn
}

resource "aws_cloudwatch_event_rule" "disabled_state" {
  name                = "disabled-state"
  schedule_expression = "rate(1 minute)"
  state               = "DISABLED"
}

resource "aws_cloudwatch_event_target" "disabled_state" {
  rule = aws_cloudwatch_event_rule.disabled_state.name
  arn  = aws_lambda_function.quiet.arn
}

resource "aws_cloudwatch_event_rule" "last_friday" {
  name                = "last-friday"
  schedule_expression = "cron(15 10 ? * 6L 2025-2030)"
}

resource "aws_cloudwatch_event_target" "last_friday" {
  rule = aws_cloudwatch_event_rule.last_friday.name
  arn  = aws_lambda_function.quiet.arn
}

resource "aws_lambda_function" "not_known" {
  function_name = "not-known"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = var.unknown
}

resource "aws_cloudwatch_event_target" "not_known" {
  rule = aws_cloudwatch_event_rule.every_minute.name
  arn  = aws_lambda_function.not_known.arn
}

# EventBridge Scheduler.

resource "aws_lambda_function" "scheduled_at_limit" {
  function_name = "scheduled-at-limit"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 600
}

resource "aws_scheduler_schedule" "at_limit" {
  name                = "at-limit"
  schedule_expression = "rate(10 minutes)"
  flexible_time_window {
    mode = "OFF"
  }
  target {
    arn      = aws_lambda_function.scheduled_at_limit.arn
    role_arn = "arn:aws:iam::123456789012:role/scheduler"
  }
}

resource "aws_lambda_function" "scheduled_over_limit" {
  function_name = "scheduled-over-limit"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = 601 # want "aws_lambda_function.scheduled_over_limit sets timeout 601, but schedule \"aws_scheduler_schedule.over_limit\" fires (as often as )?every 10 minutes \\(rate\\(10 minutes\\)\\)"
}

resource "aws_scheduler_schedule" "over_limit" {
  name                = "over-limit"
  schedule_expression = "rate(10 minutes)"
  flexible_time_window {
    mode = "OFF"
  }
  target {
    arn      = aws_lambda_function.scheduled_over_limit.arn
    role_arn = "arn:aws:iam::123456789012:role/scheduler"
  }
}

resource "aws_scheduler_schedule" "disabled" {
  name                = "disabled"
  schedule_expression = "rate(1 minute)"
  state               = "DISABLED"
  flexible_time_window {
    mode = "OFF"
  }
  target {
    arn      = aws_lambda_function.quiet.arn
    role_arn = "arn:aws:iam::123456789012:role/scheduler"
  }
}

resource "aws_scheduler_schedule" "one_time" {
  name                = "one-time"
  schedule_expression = "at(2030-01-01T00:00:00)"
  flexible_time_window {
    mode = "OFF"
  }
  target {
    arn      = aws_lambda_function.quiet.arn
    role_arn = "arn:aws:iam::123456789012:role/scheduler"
  }
}
