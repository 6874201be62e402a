"""In-process fakes of Slack for tests: a fake Web API server and signed request builders."""
