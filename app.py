"""The Children's Services Improvement Dashboard: `python app.py` creates, seeds and serves.

For production, `gunicorn app:server` builds the app on first use of `server`; it needs
SECRET_KEY in the environment, so that every worker signs sessions with the same key.
"""

from __future__ import annotations

import gc
import logging
import os
import secrets
from pathlib import Path

from dash import Dash
from flask_compress import Compress
from werkzeug.middleware.proxy_fix import ProxyFix

from dashboard import (
    auth,
    background,
    callback_inputs,
    database,
    database_faults,
    error_answers,
    http_headers,
    page_cache,
    request_size,
    shell,
    sign_in,
)
from dashboard.api import api
from dashboard.api_changes import changes_api
from dashboard.downloads import downloads
from dashboard.pack import pack
from dashboard.plan_exports import plan_exports
from data_access.authority import AUTHORITY_SETTING, authority_setting, refusal
from data_access.db import (
    BUSY_SECONDS,
    database_url,
    init_db,
    is_empty,
    make_engine,
    make_sessionmaker,
)
from data_access.neighbour_sets import neighbour_set_setting
from data_access.seed import SeedError, sample_authority_code, seed
from data_access.seed_authority import seed_authority

ROOT = Path(__file__).resolve().parent
log = logging.getLogger("dashboard")

# One BLAS thread per process. The app loads numpy only when first asked for (nothing above
# imports it), so this still counts. Fitting a forecast makes thousands of tiny BLAS calls, and
# on a busy machine OpenBLAS's threads waiting on each other made a 0.5 s fit take 4 to 5 s;
# gunicorn's workers already use the cores.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

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
        "DATABASE_BUSY_SECONDS": float(os.environ.get("DATABASE_BUSY_SECONDS", BUSY_SECONDS)),
        "HOST": os.environ.get("HOST", "127.0.0.1"),
        "PORT": int(os.environ.get("PORT", "8050")),
        "DEBUG": os.environ.get("DEBUG", "") == "1",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or None,
        "PUBLIC_VIEW": os.environ.get("PUBLIC_VIEW", "") == "1",
        "SESSION_COOKIE_SECURE": os.environ.get("SECURE_COOKIES", "") == "1",
        "SEED_IF_EMPTY": True,
        "PAGE_CACHE": os.environ.get("PAGE_CACHE", "1") != "0",
        # Whose dashboard it is: a local authority's ONS code (data_access/authority.py).
        AUTHORITY_SETTING: os.environ.get(AUTHORITY_SETTING) or None,
        # Which DfE statistical-neighbour set the authority is compared with: 2021 or 2025.
        "STATISTICAL_NEIGHBOURS": os.environ.get("STATISTICAL_NEIGHBOURS") or None,
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        "REDIS_RETRY_SECONDS": float(
            os.environ.get("REDIS_RETRY_SECONDS", page_cache.REDIS_RETRY_SECONDS)
        ),
        # How many proxies in front of the app add X-Forwarded-For and X-Forwarded-Proto
        # (README, "Behind a proxy"); none by default, so that nobody can forge their address.
        "PROXY_COUNT": os.environ.get("PROXY_COUNT", "0"),
        # The most a request may carry (dashboard/request_size.py): any form or Dash callback;
        # and an upload to the import page, a file of 20 MB as base64 in JSON.
        "MAX_REQUEST_BYTES": 1_000_000,
        "MAX_UPLOAD_BYTES": 28_000_000,
        # Long work in the background (dashboard/background.py): on Celery when a broker is
        # named, else in processes of its own with Dash's disk cache in this folder.
        "CELERY_BROKER_URL": os.environ.get("CELERY_BROKER_URL") or None,
        "CELERY_RESULT_BACKEND": os.environ.get("CELERY_RESULT_BACKEND") or None,
        "CELERY_QUEUE": os.environ.get("CELERY_QUEUE") or "dashboard",
        "BACKGROUND_FOLDER": os.environ.get("BACKGROUND_FOLDER")
        or str(ROOT / "instance" / "background"),
    }
    settings.update(config or {})
    return settings


def proxy_count(setting: str | int) -> int:
    """PROXY_COUNT as a number, or a clear refusal to start."""
    text = str(setting).strip()
    if not (text.isascii() and text.isdigit()):
        raise RuntimeError(
            f"PROXY_COUNT is {text!r}: set it to the number of proxies in front of the app "
            "(0 when people reach the app directly)."
        )
    return int(text)


def seed_new_database(engine, code: str) -> None:
    """The sample data for the sample's authority; for any other, its starting point (the
    measure catalogue, every area, the neighbours; no plans or figures)."""
    try:
        if code == sample_authority_code():
            log.warning("New database: loading the sample data.")
            seed(engine)
        else:
            log.warning("New database: loading the measure catalogue and areas for %s.", code)
            seed_authority(engine, code)
    except SeedError as error:
        raise RuntimeError(f"AUTHORITY_CODE is {code}: {error}") from None


def check_authority(engine, code: str) -> None:
    """Refuse to start for an authority the database's areas do not hold."""
    with make_sessionmaker(engine)() as session:
        reason = refusal(session, code)
    if reason:
        raise RuntimeError(reason)


def create_app(config: dict | None = None) -> Dash:
    settings = settings_from(config)
    if not settings["SECRET_KEY"]:
        raise RuntimeError("Set SECRET_KEY in the environment: it signs the session cookies.")
    proxies = proxy_count(settings["PROXY_COUNT"])
    try:
        settings["STATISTICAL_NEIGHBOURS"] = neighbour_set_setting(
            settings["STATISTICAL_NEIGHBOURS"]
        )
        settings[AUTHORITY_SETTING] = authority_setting(settings[AUTHORITY_SETTING])
    except ValueError as error:
        raise RuntimeError(str(error)) from None
    engine = make_engine(settings["DATABASE_URL"], settings["DATABASE_BUSY_SECONDS"])
    first_run = is_empty(engine)
    init_db(engine)
    try:
        if first_run and settings["SEED_IF_EMPTY"]:
            seed_new_database(engine, settings[AUTHORITY_SETTING])
        check_authority(engine, settings[AUTHORITY_SETTING])
    except RuntimeError:
        engine.dispose()  # the app does not start: its connections go with it
        raise

    jobs = background.manager(settings)
    app = Dash(
        __name__,
        background_callback_manager=jobs,
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
    app.server.extensions[callback_inputs.DASH_APP] = app
    auth.guard_pages()
    app.server.config.update(settings)
    background.attach(app, jobs)
    database.attach(app.server, engine, settings[AUTHORITY_SETTING])
    database_faults.attach(app.server)
    sign_in.attach(app.server)
    request_size.attach(app.server)  # after the guard is attached, to run before it
    # After Dash's own first-request work (registered by Dash()), which gathers the callbacks.
    app.server.before_request(callback_inputs.refuse_unfit)
    with app.server.app_context():  # Dash calls the layout once here to check it
        app.layout = shell.layout
    app.server.register_blueprint(api)
    app.server.register_blueprint(changes_api)
    app.server.register_blueprint(downloads)
    app.server.register_blueprint(pack)
    app.server.register_blueprint(plan_exports)
    error_answers.attach(app.server)
    page_cache.attach(app.server)
    http_headers.attach(app)
    Compress(app.server)
    if proxies:
        # The client's address and scheme as the nearest proxies saw them, for the sign-in
        # counts, the audit log and the `Secure` cookie; what the client itself wrote is ignored.
        app.server.wsgi_app = ProxyFix(app.server.wsgi_app, x_for=proxies, x_proto=proxies)
    return app


def serving(app: Dash) -> Dash:
    """The app as a serving process keeps it. What starting made (about 185,000 objects) is
    never garbage, so the garbage collector is told to leave it alone (`gc.freeze`): otherwise
    its full collections walked it all, adding up to 100 ms to a page built afresh."""
    gc.collect()
    gc.freeze()
    return app


def __getattr__(name: str):
    # `gunicorn app:server` asks for `server`, and `celery --app app:celery_app worker` for
    # `celery_app`; the app is built then, not at import.
    if name == "server":
        return serving(create_app()).server
    if name == "celery_app":
        server = create_app().server
        if "celery" not in server.extensions:
            raise RuntimeError("Set CELERY_BROKER_URL to run Celery workers for the app.")
        return server.extensions["celery"]
    raise AttributeError(name)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if not os.environ.get("SECRET_KEY"):
        log.warning("No SECRET_KEY set: using a new random one, so sign-ins end on restart.")
        os.environ["SECRET_KEY"] = secrets.token_urlsafe(32)
    application = serving(create_app())
    settings = application.server.config
    log.info("Serving on http://%s:%s", settings["HOST"], settings["PORT"])
    application.run(host=settings["HOST"], port=settings["PORT"], debug=settings["DEBUG"])
