"""Files and text out: one module per format, pure functions of results."""
