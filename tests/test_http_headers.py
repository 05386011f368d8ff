"""The security headers (dashboard/http_headers.py): HSTS only over HTTPS, as the client reached
the dashboard (behind a proxy too); and a content security policy that names each thing once."""

from __future__ import annotations

from tests.conftest import make_app, user_client

HTTPS = {"base_url": "https://dashboard.example"}


def test_hsts_only_on_answers_over_https(app):
    client = app.server.test_client()
    for path in ("/login", "/healthz", "/assets/dashboard.css", "/"):
        secure = client.get(path, **HTTPS)
        assert secure.headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains"
        ), path
        assert "Strict-Transport-Security" not in client.get(path).headers, path


def test_hsts_behind_a_proxy_that_ends_https_and_never_on_a_client_s_say_so(app, seeded_url):
    said = {"X-Forwarded-Proto": "https"}
    proxied = make_app(seeded_url, PROXY_COUNT=1).server.test_client()
    assert "Strict-Transport-Security" in proxied.get("/login", headers=said).headers
    assert "Strict-Transport-Security" not in proxied.get("/login").headers
    direct = app.server.test_client()
    assert "Strict-Transport-Security" not in direct.get("/login", headers=said).headers


def test_the_content_security_policy_names_each_source_once(app):
    client = user_client(app.server, "viewer")
    for path in ("/", "/login", "/api/v1/indicators", "/_dash-layout"):
        policy = client.get(path).headers["Content-Security-Policy"]
        directives = [directive.split() for directive in policy.split(";")]
        names = [words[0] for words in directives]
        assert len(names) == len(set(names)), (path, policy)
        for words in directives:
            assert len(words) == len(set(words)), (path, words)
        assert "'sha256-" in policy
