"""Adapters to site generators; kc itself never imports them."""
