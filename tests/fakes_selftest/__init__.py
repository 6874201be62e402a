"""Self-tests for tests.fakes."""
