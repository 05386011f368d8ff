"""Scrutiny packs made in the background and kept until the data changes (SPEC section 9): what
`GET /export/pack.pdf` answers with and without a kept pack, that a viewer is never given a
director's pack, and the pack's page, made through Dash's background callback. On the sample
data with three small figures (conftest.py's `server`): a viewer's pack shows them as `c`."""

from __future__ import annotations

import time
from datetime import date

from dashboard.pack import kept
from data_access import background_work, data_version
from tests.background_calls import callback_body, run
from tests.conftest import HALF, as_role, fetch_pack

ON, THEME = date(2023, 6, 30), "demand-and-need"  # the default reporting period
QUERY = f"as_at={ON.isoformat()}&theme={THEME}"


def _json(client, query: str = QUERY):
    return client.get(f"/export/pack.pdf?{query}", headers={"Accept": "application/json"})


def _kept_for(server, role: str):
    with as_role(server, "/", role):
        return kept.kept_pdf(ON, THEME), kept.pack_key(ON, THEME)


def test_a_pack_not_kept_is_started_and_a_script_told_to_ask_again(server, director):
    started = time.monotonic()
    response = _json(director)
    assert time.monotonic() - started < 1.0  # nothing is printed in the request
    assert response.status_code == 202
    assert response.headers["Retry-After"] == "5"
    answer = response.get_json()
    assert answer["status"] == "building"
    assert answer["progress_page"] == f"/pack?{QUERY}"
    pdf = fetch_pack(director, QUERY)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert pdf.headers["Content-Disposition"] == (
        f'inline; filename="scrutiny-pack-{ON.isoformat()}-{THEME}.pdf"'
    )
    started = time.monotonic()
    assert _json(director).data == pdf.data  # kept: given at once
    assert time.monotonic() - started < 1.0


def test_a_browser_is_sent_to_the_packs_page(server, viewer):
    response = viewer.get("/export/pack.pdf?theme=sustainability", headers={"Accept": "text/html"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(
        f"/pack?as_at={ON.isoformat()}&theme=sustainability"
    )


def test_a_viewer_is_never_given_a_directors_pack(server, director, viewer):
    fetch_pack(director, QUERY)
    directors, director_key = _kept_for(server, "director")
    assert directors is not None
    shown, viewer_key = _kept_for(server, "viewer")
    assert viewer_key != director_key
    if shown is None:  # the viewer's own is not made yet: they are told to wait for it
        assert _json(viewer).status_code == 202
    theirs = fetch_pack(viewer, QUERY)
    assert theirs.status_code == 200 and theirs.data != directors  # measure HALF is `c`
    assert HALF == "8"  # of the demand and need theme, so in both packs
    # Two directors see the same pack; an analyst, whose role differs, has one of their own.
    with as_role(server, "/", "director"):
        assert kept.pack_key(ON, THEME) == director_key
    with as_role(server, "/", "analyst"):
        assert kept.pack_key(ON, THEME) not in (director_key, viewer_key)


def test_a_kept_pack_is_given_only_until_the_data_changes(server, director):
    assert fetch_pack(director, QUERY).status_code == 200
    with server.app_context():
        from dashboard import database

        with database.session() as db:
            data_version.bump(db)
            db.commit()
    assert _json(director).status_code == 202  # made again, from the data as it is now
    assert fetch_pack(director, QUERY).status_code == 200


def test_an_unknown_theme_or_a_bad_date_is_refused_before_anything_is_started(director):
    assert _json(director, "theme=no-such-theme").status_code == 404
    assert _json(director, "as_at=2023-02-30").status_code == 400


def test_the_packs_page_makes_the_pack_in_the_background_and_links_to_it(server, director):
    from dashboard import callback_inputs

    app = server.extensions[callback_inputs.DASH_APP]
    body = callback_body(app, "make_pack", [1, "2017-09-30", "sustainability"])
    outputs, progress = run(director, body)
    result = str(outputs["pack-result"]["children"])
    assert "The pack is ready" in result
    assert "'href': '/export/pack.pdf?as_at=2017-09-30&theme=sustainability'" in result
    words = [seen["pack-words.children"] for seen in progress]
    assert all("pages drawn" in said or "Gathering" in said for said in words), words
    pdf = director.get("/export/pack.pdf?as_at=2017-09-30&theme=sustainability")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"


def test_someone_coming_back_sees_the_pack_being_made_then_ready(server):
    from dashboard import database
    from dashboard.pages import pack as pack_page

    with as_role(server, "/pack", "analyst"):
        key = kept.pack_key(ON, "sustainability")
        with database.session() as db:
            assert background_work.claim(db, key, kept.KIND, data_version.current(db))
            background_work.report(db, key, 3, 7)
        page = str(pack_page.layout(as_at=ON.isoformat(), theme="sustainability"))
        assert "3 of about 7 pages drawn." in page
        assert "Interval(id='pack-follow', disabled=False" in page
        with database.session() as db:
            background_work.report(db, key, 7, 7)
            background_work.finish(db, key, {"file": "x.pdf"}, b"%PDF kept")
        outcome, _value, _max, _words, hidden, stopped = pack_page.follow_pack(
            4, ON.isoformat(), "sustainability"
        )
        assert "Download the scrutiny pack (PDF, 7 pages)" in str(outcome)
        assert hidden and stopped
        assert "Download the scrutiny pack" in str(
            pack_page.layout(as_at=ON.isoformat(), theme="sustainability")
        )


def test_the_packs_page_refuses_a_date_outside_the_data(server):
    from dashboard.pages import pack as pack_page

    with as_role(server, "/pack", "viewer"):
        outcome = pack_page.make_pack(lambda _progress: None, 1, "1999-01-01", None)
    assert "Choose a date from" in str(outcome)


def test_the_pages_drawn_are_noted_outside_the_database_and_followed(server):
    """A build notes each page drawn in the background jobs' store (a pack's statements do
    not grow with its pages); whoever follows it reads the note."""
    from dashboard import background, database

    on = date(2023, 3, 31)
    with as_role(server, "/pack", "analyst"):
        key = kept.pack_key(on, THEME)
        with database.session() as db:
            assert background_work.claim(db, key, kept.KIND, data_version.current(db))
        background.note(key, {"drawn": 4, "pages": 9})
        assert kept.state(on, THEME) == kept.PackState("running", 4, 9)
        with database.session() as db:
            background_work.report(db, key, 6, 9)  # "still going", further on than the note
        assert kept.state(on, THEME) == kept.PackState("running", 6, 9)
        with database.session() as db:
            background_work.fail(db, key, "stopped by the test")
