"""Manufacturing Data Activation Platform."""
