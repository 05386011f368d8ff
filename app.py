"""The Children's Services Improvement Dashboard: `python app.py` creates, seeds and serves.

For production, `gunicorn app:server` builds the app on first use of `server`; it needs
SECRET_KEY in the environment, so that every worker signs sessions with the same key.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from dash import Dash
from flask_compress import Compress

from dashboard import (
    auth,
    callback_inputs,
    database,
    error_answers,
    http_headers,
    page_cache,
    shell,
    sign_in,
)
from dashboard.api import api
from dashboard.downloads import downloads
from dashboard.pack import pack
from data_access.db import database_url, init_db, is_empty, make_engine
from data_access.seed import seed

ROOT = Path(__file__).resolve().parent
log = logging.getLogger("dashboard")

INDEX = """<!DOCTYPE html>
<html lang="en-GB">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <footer>
            {%config%}
            {%scripts%}
            {%renderer%}
        </footer>
    </body>
</html>"""


def settings_from(config: dict | None) -> dict:
    """Defaults, then the environment, then the mapping given (tests)."""
    settings = {
        "DATABASE_URL": database_url(),
        "HOST": os.environ.get("HOST", "127.0.0.1"),
        "PORT": int(os.environ.get("PORT", "8050")),
        "DEBUG": os.environ.get("DEBUG", "") == "1",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or None,
        "PUBLIC_VIEW": os.environ.get("PUBLIC_VIEW", "") == "1",
        "SESSION_COOKIE_SECURE": os.environ.get("SECURE_COOKIES", "") == "1",
        "SEED_IF_EMPTY": True,
        "PAGE_CACHE": os.environ.get("PAGE_CACHE", "1") != "0",
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
    }
    settings.update(config or {})
    return settings


def create_app(config: dict | None = None) -> Dash:
    settings = settings_from(config)
    if not settings["SECRET_KEY"]:
        raise RuntimeError("Set SECRET_KEY in the environment: it signs the session cookies.")
    engine = make_engine(settings["DATABASE_URL"])
    first_run = is_empty(engine)
    init_db(engine)
    if first_run and settings["SEED_IF_EMPTY"]:
        log.warning("New database: loading the sample data.")
        seed(engine)

    app = Dash(
        __name__,
        use_pages=True,
        pages_folder=str(ROOT / "dashboard" / "pages"),
        assets_folder=str(ROOT / "assets"),
        title="Children's Services Improvement Dashboard",
        update_title=None,
        # Otherwise Dash builds every page's layout, with the data of whoever asks first, and
        # sends that copy in the HTML of every page to everyone, to check callbacks against.
        suppress_callback_exceptions=True,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.index_string = INDEX
    auth.guard_pages()
    app.server.config.update(settings)
    database.attach(app.server, engine)
    sign_in.attach(app.server)
    app.server.before_request(callback_inputs.refuse_unfit)
    with app.server.app_context():  # Dash calls the layout once here to check it
        app.layout = shell.layout
    app.server.register_blueprint(api)
    app.server.register_blueprint(downloads)
    app.server.register_blueprint(pack)
    error_answers.attach(app.server)
    page_cache.attach(app.server)
    http_headers.attach(app)
    Compress(app.server)
    return app


def __getattr__(name: str):
    # `gunicorn app:server` asks for `server`; the app is built then, not at import.
    if name == "server":
        return create_app().server
    raise AttributeError(name)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if not os.environ.get("SECRET_KEY"):
        log.warning("No SECRET_KEY set: using a new random one, so sign-ins end on restart.")
        os.environ["SECRET_KEY"] = secrets.token_urlsafe(32)
    application = create_app()
    settings = application.server.config
    log.info("Serving on http://%s:%s", settings["HOST"], settings["PORT"])
    application.run(host=settings["HOST"], port=settings["PORT"], debug=settings["DEBUG"])
