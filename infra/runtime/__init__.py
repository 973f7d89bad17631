"""Small Lambda handlers that belong to the infrastructure itself (not to the product's functions)."""
