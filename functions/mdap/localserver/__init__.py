"""The local profile's HTTP server: the Chalice app, the built frontend, signed blob URLs, workers."""
