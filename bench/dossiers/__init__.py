"""Service indicators from one-stop-shop dossier exports: synthetic files and references."""
