"""Vietnamese text handling shared by every parser and matcher."""
