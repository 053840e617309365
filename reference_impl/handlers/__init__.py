"""Thin handlers: read a request, call the model, shape the reply."""
