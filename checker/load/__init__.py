"""Loading untrusted YAML and Markdown with source positions."""
