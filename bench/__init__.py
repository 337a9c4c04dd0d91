"""Benchmarks of chiso: pages and unit matching, as ratios to references measured alongside."""
