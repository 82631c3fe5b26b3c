"""pressroom's tests, mirroring the package: one folder per stage, end-to-end tests at the top."""
