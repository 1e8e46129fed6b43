"""The desk in real Chromium, as an editor uses it: log in, open the day's drafts, follow a
bullet to its source sentence, edit the bullet, swap the verse, approve, schedule, and see the
post go live when the worker's clock passes its time. Screenshots of the desk and the post
page are written to build/screenshots/ (or $PRAYNEWS_SCREENSHOTS)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group, User

from praynews.core.scripture.bible import lookup
from praynews.site import services
from praynews.site.clock import FixedClock
from praynews.site.editorial.models import Post
from praynews.site.editorial.roles import EDITORS
from praynews.site.news.ingest import ingest
from praynews.site.worker import Worker
from tests.site.chromium import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium package is not installed"),
]


@pytest.fixture
def edition(samples) -> list[Post]:
    ingest(str(samples / "pages"))
    built = services.build_edition()
    return [Post.objects.get(slug=entry.post) for entry in built.entries if entry.post]


@pytest.fixture
def editor() -> User:
    user = User.objects.create_user("esther", "esther@example.org", "a long pass phrase")
    user.first_name = "Esther"
    user.save()
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def test_an_editor_reviews_schedules_and_sees_a_draft_go_live(
    live_server, browser, edition, editor, screenshots
):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(live_server.url + "/desk/")
    assert "/login/" in page.url
    page.fill("input[name=username]", "esther")
    page.fill("input[name=password]", "a long pass phrase")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=The edition of")
    links = page.locator("ol.drafts a.draft-link")
    assert links.count() == len(edition)
    assert [links.nth(i).inner_text() for i in range(links.count())] == [
        p.headline for p in edition
    ]
    page.screenshot(path=str(screenshots / "desk-day.png"), full_page=True)

    post = next(p for p in edition if p.flag_count == 0)
    page.click(f"a.draft-link[href='/desk/posts/{post.pk}/']")
    page.wait_for_selector("#part-glance-0")

    bullet = page.locator("#part-glance-0")
    cite = bullet.locator("a.cite").first
    number = cite.get_attribute("data-sentence")
    sentence = page.locator(f"#s-{number}")
    bullet.hover()
    assert "lit" in sentence.get_attribute("class")
    cite.click()
    page.wait_for_function(f"document.getElementById('s-{number}').classList.contains('lit')")
    assert sentence.is_visible() and sentence.evaluate(
        "s => { const r = s.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight }"
    )
    page.screenshot(path=str(screenshots / "desk-review.png"), full_page=False)

    edited = post.draft["glance"][0].rstrip(".") + ", the report said."
    bullet.locator("summary").click()
    bullet.locator("textarea").fill(edited)
    bullet.locator("button", has_text="Save bullet 1").click()
    page.wait_for_selector(".message.success")
    post.refresh_from_db()
    assert post.draft["glance"][0] == edited
    assert page.locator("#part-glance-0 .part-text").inner_text() == edited

    page.click("#verse summary")
    other = page.locator("#verse input[name=ref]:not(:checked)").first
    ref = other.get_attribute("value")
    other.check()
    page.click("#verse button[type=submit]")
    page.wait_for_selector("text=The verse is now")
    post.refresh_from_db()
    verse = lookup(ref)
    assert post.draft["reflection"]["verse"]["text"] == verse.text
    assert page.locator("#verse blockquote p").inner_text() == verse.text

    page.click("#workflow button:has-text('Approve')")
    page.wait_for_selector("text=Approved.")
    due = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(hours=1)
    page.fill("#schedule-at", due.strftime("%Y-%m-%dT%H:%M"))
    page.click("#workflow button:has-text('Schedule')")
    page.wait_for_selector("text=Goes live at")
    post.refresh_from_db()
    assert post.status == Post.Status.SCHEDULED and post.scheduled_for == due
    page.screenshot(path=str(screenshots / "desk-scheduled.png"), full_page=True)

    live = browser.new_page()
    assert live.goto(live_server.url + post.get_absolute_url()).status == 404
    Worker(clock=FixedClock(due - timedelta(minutes=1))).run_pass()
    assert live.goto(live_server.url + post.get_absolute_url()).status == 404
    Worker(clock=FixedClock(due + timedelta(minutes=1))).run_pass()
    assert live.goto(live_server.url + post.get_absolute_url()).status == 200
    assert live.locator(".glance li").first.inner_text() == edited
    assert verse.text.rstrip(",;:") in live.locator(".reflection").inner_text()
    assert "reviewed by Esther" in live.locator(".made").inner_text()
    live.screenshot(path=str(screenshots / "post-live.png"), full_page=True)
