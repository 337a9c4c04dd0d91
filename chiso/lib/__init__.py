"""What every app uses, below them all: form styling, htmx helpers, period codes."""
