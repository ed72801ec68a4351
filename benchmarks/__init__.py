"""Benchmarks (`make bench`); a package so they can share benchmarks/dataset.py."""
