"""Plan documents in: read Word, PDF, scans and text into blocks, parse them into a draft plan."""
