"""Manual shop-floor data: templates, checked uploads, commits into the pipeline, corrections with history."""
