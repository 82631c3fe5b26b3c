"""The benchmark: `python -m bench` (see bench/run.py). Not part of the package."""
