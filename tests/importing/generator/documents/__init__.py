"""Renderers: one module per family of file (text and delimited, Office, web, PDF)."""
