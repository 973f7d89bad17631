"""Identity services shared by both profiles: sessions (refresh-token families) and log-in throttling."""
