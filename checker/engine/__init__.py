"""The audit engine: sources to tables, safe expressions, calendars, plan, judge."""
