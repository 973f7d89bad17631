"""Domain: program rules and data rules, free of any vendor SDK."""
