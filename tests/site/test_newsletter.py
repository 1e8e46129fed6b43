"""The newsletter against a real SMTP server on 127.0.0.1: subscribing with double opt-in,
the mail's headers and parts, one-click unsubscribing, tokens that must not work, sending
outcomes, bounces and the signed webhook."""

from __future__ import annotations

import email
import json
import mailbox
import re
import time
from datetime import date, timedelta
from email import policy
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
from django.test import Client
from freezegun import freeze_time

from praynews.site.editorial.edition import record_edition
from praynews.site.editorial.models import Post
from praynews.site.editorial.services import write_and_publish
from praynews.site.news.ingest import ingest
from praynews.site.news.models import Story
from praynews.site.newsletter import bounces, subscribing, tokens
from praynews.site.newsletter.mail import (
    MAX_HTML_BYTES,
    PREFERENCES_MARK,
    UNSUBSCRIBE_MARK,
    MailSettings,
    PersonalMail,
    message_id,
)
from praynews.site.newsletter.models import Delivery, Subscriber, Suppression
from praynews.site.newsletter.queueing import queue_edition, queue_post
from praynews.site.newsletter.sending import MAX_ATTEMPTS, Sender
from praynews.site.newsletter.transport import OutboxTransport, configured_transport

pytestmark = pytest.mark.django_db
LINK_MARKS = {"unsubscribe": UNSUBSCRIBE_MARK, "preferences": PREFERENCES_MARK}
LINK = re.compile(r"https://praynews\.example(/newsletter/[a-z]+/[^\s\"<>]+/)")


@pytest.fixture
def post(samples) -> Post:
    ingest(str(samples / "pages" / sorted(p.name for p in (samples / "pages").glob("*.html"))[0]))
    done = write_and_publish(Story.objects.get())
    assert done.post.status == Post.Status.PUBLISHED
    return done.post


def parsed(data: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(data, policy=policy.default)


def link_in(data: bytes, kind: str) -> str:
    body = parsed(data).get_body(("plain",)).get_content()
    paths = [p for p in LINK.findall(body) if f"/newsletter/{kind}/" in p]
    assert paths, body
    return paths[0]


def subscribed(address: str, frequency: str = "post") -> Subscriber:
    return Subscriber.objects.create(email=address, status="active", frequency=frequency)


def send_all(**options) -> object:
    return Sender(configured_transport(), "test", timedelta(minutes=5), **options).send_due()


# Subscribing


def test_subscribing_mails_a_link_whose_page_confirms_only_by_its_button(client, mail_sink):
    response = client.post(
        "/newsletter/subscribe/", {"email": " Ann@Example.ORG ", "frequency": "post"}
    )
    assert response.status_code == 200 and b"Check your inbox" in response.content
    ann = Subscriber.objects.get()
    assert ann.email == "ann@example.org" and ann.status == "pending"
    [mail] = mail_sink.to("ann@example.org")
    confirm = link_in(mail, "confirm")

    page = client.get(confirm)  # what a mail scanner does: follow the link
    assert page.status_code == 200 and b"Yes, subscribe me" in page.content
    ann.refresh_from_db()
    assert ann.status == "pending"

    done = client.post(confirm)
    ann.refresh_from_db()
    assert done.status_code == 200 and ann.status == "active" and ann.frequency == "post"


def test_one_confirmation_mail_a_day_per_address(client, mail_sink):
    for _ in range(3):
        assert (
            client.post("/newsletter/subscribe/", {"email": "ann@example.org"}).status_code == 200
        )
    assert len(mail_sink.to("ann@example.org")) == 1
    with freeze_time(timedelta(days=1, minutes=1)):
        client.post("/newsletter/subscribe/", {"email": "ann@example.org"})
    assert len(mail_sink.to("ann@example.org")) == 2


def test_the_form_is_limited_per_client_address(client, mail_sink):
    codes = [
        client.post("/newsletter/subscribe/", {"email": f"reader{n}@example.org"}).status_code
        for n in range(7)
    ]
    assert codes[:5] == [200] * 5 and codes[5:] == [429, 429]
    assert Subscriber.objects.count() == 5


def test_an_address_that_is_not_one_is_refused_with_the_reason(client, mail_sink):
    response = client.post("/newsletter/subscribe/", {"email": "ann@@example"})
    assert response.status_code == 400 and b"not" in response.content.lower()
    assert not Subscriber.objects.exists() and not mail_sink.messages


def test_the_honeypot_sends_nothing(client, mail_sink):
    response = client.post("/newsletter/subscribe/", {"email": "bot@example.org", "website": "x"})
    assert response.status_code == 200 and not Subscriber.objects.exists()


def test_every_page_and_the_post_page_carry_the_subscribe_form(client, post):
    for url in ("/", "/posts/", post.get_absolute_url()):
        doc = lxml.html.fromstring(client.get(url).content)
        forms = doc.cssselect('form[action="/newsletter/subscribe/"]')
        assert len(forms) == 1, url
        assert forms[0].cssselect('input[type="email"]')


# Tokens that must change nothing


def _pending(client, mail_sink) -> tuple[Subscriber, str]:
    client.post("/newsletter/subscribe/", {"email": "ann@example.org"})
    return Subscriber.objects.get(), link_in(mail_sink.to("ann@example.org")[0], "confirm")


def test_a_forged_or_damaged_confirmation_link_changes_nothing(client, mail_sink):
    ann, confirm = _pending(client, mail_sink)
    token = confirm.split("/")[-2]
    forged = tokens.make(tokens.Purpose.PREFERENCES, ann)  # a real token for another purpose
    for bad in (token[:-3] + "abc", forged, "nonsense"):
        response = client.post(f"/newsletter/confirm/{bad}/")
        assert response.status_code == 400 and b"cannot be used" in response.content
    ann.refresh_from_db()
    assert ann.status == "pending"


def test_an_expired_confirmation_link_changes_nothing(client, mail_sink):
    ann, confirm = _pending(client, mail_sink)
    with freeze_time(timedelta(days=8)):
        response = client.post(confirm)
    assert response.status_code == 400 and b"expired" in response.content
    ann.refresh_from_db()
    assert ann.status == "pending"


def test_a_confirmation_replayed_after_unsubscribing_changes_nothing(client, mail_sink):
    ann, confirm = _pending(client, mail_sink)
    client.post(confirm)
    ann.refresh_from_db()
    client.post(f"/newsletter/unsubscribe/{tokens.make(tokens.Purpose.UNSUBSCRIBE, ann)}/")
    response = client.post(confirm)
    ann.refresh_from_db()
    assert response.status_code == 400 and ann.status == "unsubscribed"


# The mail


def test_a_post_mail_has_both_parts_the_headers_and_the_exact_verse(post, mail_sink):
    ann = subscribed("ann@example.org")
    queued = queue_post(post)
    assert queued.recipients == 1
    assert send_all().sent == 1
    [data] = mail_sink.to("ann@example.org")
    mail = parsed(data)
    assert mail["Reply-To"] == "editor@praynews.example"
    assert mail["Message-ID"] == message_id(queued.mailing.pk, ann.pk, MailSettings.current())
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    https, mailto = [u.strip(" <>") for u in mail["List-Unsubscribe"].split(",")]
    assert https.startswith("https://praynews.example/newsletter/unsubscribe/")
    assert mailto.startswith("mailto:news@praynews.example?subject=")
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    verse = post.as_draft.reflection.verse
    assert verse.text in text and f"({verse.reference}, {verse.translation})" in text
    doc = lxml.html.fromstring(html)
    reflection = " ".join(doc.cssselect(".reflection p")[0].text_content().split())
    assert reflection == " ".join(post.as_draft.reflection.text.split())
    assert len(html.encode()) < MAX_HTML_BYTES
    assert all(img.get("alt") and img.get("width") for img in doc.cssselect("img"))
    assert 'style="' in html and "<table" in html  # inlined styles, table layout
    links = [a.get("href") for a in doc.cssselect("a")]
    assert f"https://praynews.example{post.get_absolute_url()}" in links  # view in browser
    assert all(urlsplit(href).scheme in ("https", "http") for href in links)


def test_the_message_id_is_the_same_each_time_one_mail_is_made_for_one_subscriber():
    mail = MailSettings.current()
    assert message_id(3, 7, mail) == message_id(3, 7, mail) != message_id(3, 8, mail)


def test_each_readers_mail_is_well_formed_and_differs_only_in_their_own_parts(post, mail_sink):
    ann, bob = subscribed("ann@example.org"), subscribed("bob@example.org")
    mailing = queue_post(post).mailing
    mailing.subject = "Après la crue — praynews-to-0000 relief"  # a headline that looks like a mark
    mailing.text = "Prière pour Kinshasa\n" + "x" * 300 + "\n" + mailing.text
    template = PersonalMail(mailing, MailSettings.current())
    for reader in (ann, bob):
        data = template.message_for(reader).data
        mail = parsed(data)
        assert not mail.defects and all(not part.defects for part in mail.walk())
        assert all(len(line) <= 998 for line in data.split(b"\r\n"))
        assert b"\n" not in data.replace(b"\r\n", b"")  # every line ends as SMTP wants
        assert mail["Subject"] == mailing.subject and mail["To"] == reader.email
        text = mail.get_body(("plain",)).get_content().replace("\r\n", "\n")
        assert text.startswith("Prière pour Kinshasa\n" + "x" * 300 + "\n")
        html = mail.get_body(("html",)).get_content().replace("\r\n", "\n")
        links = {kind: "https://praynews.example" + link_in(data, kind) for kind in LINK_MARKS}
        for kind, mark in LINK_MARKS.items():
            html = html.replace(links[kind], mark)
        assert html == mailing.html  # the rendered mail, word for word, but for the links
    first, second = (parsed(template.message_for(r).data) for r in (ann, bob))
    assert link_in(first.as_bytes(), "unsubscribe") != link_in(second.as_bytes(), "unsubscribe")


def test_an_address_beyond_ascii_is_mailed_with_smtputf8(post, mail_sink):
    zoe = subscribed("zoë@exämple.org")
    queue_post(post)
    assert send_all().sent == 1
    [data] = mail_sink.to(zoe.email)
    assert parsed(data)["To"] == zoe.email


def test_one_click_unsubscribe_needs_no_login_or_csrf_and_a_get_changes_nothing(post, mail_sink):
    ann = subscribed("ann@example.org")
    queue_post(post)
    send_all()
    header = parsed(mail_sink.to("ann@example.org")[0])["List-Unsubscribe"]
    url = urlsplit(header.split(",")[0].strip(" <>")).path
    browser = Client(enforce_csrf_checks=True)
    assert browser.get(url).status_code == 200
    ann.refresh_from_db()
    assert ann.status == "active"

    response = browser.post(url, {"List-Unsubscribe": "One-Click"})
    ann.refresh_from_db()
    assert response.status_code == 200 and ann.status == "unsubscribed"
    assert Suppression.objects.filter(email="ann@example.org").exists()
    assert Delivery.objects.get().unsubscribed  # counted against this mail
    assert browser.post(url).status_code == 400  # replayed: the link died with the key


def test_the_mailto_unsubscribe_request_in_a_mailbox_unsubscribes(post, mail_sink, tmp_path):
    ann = subscribed("ann@example.org")
    queue_post(post)
    send_all()
    mailto = parsed(mail_sink.to("ann@example.org")[0])["List-Unsubscribe"].split(",")[1]
    subject = unquote(mailto.strip(" <>").split("subject=")[1])
    box = mailbox.mbox(tmp_path / "inbox")
    box.add(f"From: ann@example.org\nTo: news@praynews.example\nSubject: {subject}\n\n".encode())
    box.add(b"From: mallory@example.org\nSubject: unsubscribe /newsletter/unsubscribe/forged/\n\n")
    box.close()
    result = bounces.read_mailbox(tmp_path / "inbox")
    ann.refresh_from_db()
    assert result.unsubscribed == 1 and ann.status == "unsubscribed"


def test_preferences_change_what_is_sent(client, post, mail_sink):
    ann = subscribed("ann@example.org", frequency="post")
    url = f"/newsletter/preferences/{tokens.make(tokens.Purpose.PREFERENCES, ann)}/"
    assert client.post(url, {"frequency": "weekly"}).status_code == 200
    ann.refresh_from_db()
    assert ann.frequency == "weekly"
    assert queue_post(post).recipients == 0


# Sending


def test_a_permanent_refusal_suppresses_and_a_temporary_one_retries_later(post, mail_sink):
    for address in ("ann@example.org", "gone@example.org", "later@example.org"):
        subscribed(address)
    queue_post(post)
    result = send_all()
    assert (result.sent, result.failed, result.deferred) == (1, 1, 1)
    assert Suppression.objects.get().email == "gone@example.org"
    later = Delivery.objects.get(subscriber__email="later@example.org")
    assert later.status == "queued" and later.attempts == 1 and "451" in later.last_error
    assert later.next_attempt_at - later.mailing.queued_at >= timedelta(minutes=14)
    assert send_all().sent == 0  # not due yet


def test_a_temporary_refusal_gives_up_after_the_last_attempt(post, mail_sink):
    subscribed("later@example.org")
    queue_post(post)
    Delivery.objects.update(attempts=MAX_ATTEMPTS - 1)
    result = send_all()
    assert result.failed == 1 and Delivery.objects.get().status == "failed"
    assert not Suppression.objects.exists()


def test_an_unreachable_server_keeps_the_queue_and_blames_no_one(post, monkeypatch):
    from tests.conftest import free_port

    monkeypatch.setenv("PRAYNEWS_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PRAYNEWS_SMTP_PORT", str(free_port()))
    monkeypatch.setenv("PRAYNEWS_SMTP_SECURITY", "none")
    subscribed("ann@example.org")
    queue_post(post)
    result = send_all()
    assert result.sent == 0 and "cannot reach the mail server" in result.error
    delivery = Delivery.objects.get()
    assert delivery.status == "queued" and delivery.attempts == 0 and not delivery.lease_owner


def test_a_paced_sender_claims_no_more_than_it_can_send_well_within_its_lease():
    slow = Sender(OutboxTransport(None), "test", timedelta(seconds=20), per_second=2)
    assert slow.batch_size * 0.5 <= 20 / 4  # a batch takes at most a quarter of the lease
    assert Sender(OutboxTransport(None), "test", timedelta(minutes=20)).batch_size > 10


def test_the_hourly_limit_counts_every_sender(post, mail_sink):
    for n in range(5):
        subscribed(f"reader{n}@example.org")
    queue_post(post)
    assert send_all(per_hour=3).sent == 3
    assert send_all(per_hour=3).sent == 0
    assert len(mail_sink.messages) == 3


def test_queueing_twice_mails_once(post, mail_sink):
    subscribed("ann@example.org")
    assert queue_post(post).recipients == 1
    assert queue_post(post).already
    send_all()
    assert len(mail_sink.to("ann@example.org")) == 1


def test_with_no_mail_server_mail_goes_to_the_outbox_folder(post, tmp_path):
    subscribed("ann@example.org")
    queue_post(post)
    Sender(OutboxTransport(tmp_path), "test", timedelta(minutes=5)).send_due()
    [file] = tmp_path.glob("*.eml")
    assert parsed(file.read_bytes())["To"] == "ann@example.org"


# Lists


def test_csv_import_marks_addresses_as_imported_and_never_brings_back_a_suppressed_one():
    Suppression.objects.create(email="gone@example.org", reason="unsubscribed")
    result = subscribing.import_csv(
        "Email,Frequency\nAnn@Example.org,post\ngone@example.org,daily\nnot-an-address,\n"
        "bob@example.org,\nann@example.org,weekly\n"
    )
    assert (result.added, result.suppressed) == (2, 1)
    assert result.problems and result.problems[0].startswith("line 4:")
    ann = Subscriber.objects.get(email="ann@example.org")
    assert (ann.origin, ann.status, ann.frequency) == ("import", "active", "post")
    assert not Subscriber.objects.filter(email="gone@example.org").exists()
    exported = subscribing.export_csv()
    again = subscribing.import_csv(exported)
    assert (again.added, again.already) == (0, 2)


# Bounces


DSN = """From: MAILER-DAEMON@mx.example.org
To: news@praynews.example
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b"

--b
Content-Type: text/plain

Your message could not be delivered.
--b
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; {address}
Action: {action}
Status: {status}
Diagnostic-Code: smtp; {status} mailbox unavailable

--b
Content-Type: text/rfc822-headers

Message-ID: {message_id}
To: {address}
Subject: A post

--b--
"""

ARF = """From: feedback@isp.example
To: news@praynews.example
Subject: complaint
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="c"

--c
Content-Type: text/plain

A user marked your message as spam.
--c
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: isp/1.0
Version: 1

--c
Content-Type: message/rfc822

From: news@praynews.example
To: {address}
Message-ID: <x@praynews.example>
Subject: A post

Body
--c--
"""


def test_hard_bounces_and_complaints_in_a_maildir_suppress_soft_ones_do_not(
    post, tmp_path, mail_sink
):
    ann, bob, _ = (subscribed(a) for a in ("ann@example.org", "bob@example.org", "cal@example.org"))
    queued = queue_post(post)
    send_all()
    ids = {s.email: message_id(queued.mailing.pk, s.pk, MailSettings.current()) for s in (ann, bob)}
    box = mailbox.Maildir(tmp_path / "bounces", create=True)
    box.add(
        DSN.format(
            address="ann@example.org",
            action="failed",
            status="5.1.1",
            message_id=ids["ann@example.org"],
        )
    )
    box.add(
        DSN.format(
            address="bob@example.org",
            action="delayed",
            status="4.2.2",
            message_id=ids["bob@example.org"],
        )
    )
    box.add(ARF.format(address="cal@example.org"))
    box.add("From: reader@example.org\nSubject: Thank you\n\nA kind reply.\n")
    result = bounces.read_mailbox(tmp_path / "bounces")
    assert result.read == 4 and result.suppressed == 2
    assert set(Suppression.objects.values_list("email", "reason")) == {
        ("ann@example.org", "bounced"),
        ("cal@example.org", "complained"),
    }
    assert Delivery.objects.get(subscriber=ann).status == "bounced"


def test_a_missing_mailbox_is_a_clear_error(tmp_path):
    from praynews.core.errors import InputError

    with pytest.raises(InputError, match="no such mbox file or Maildir"):
        bounces.read_mailbox(tmp_path / "nowhere")


@pytest.fixture
def webhook_secret(monkeypatch) -> str:
    monkeypatch.setenv("PRAYNEWS_BOUNCE_SECRET", "s3cret-for-tests")
    return "s3cret-for-tests"


def _hook(client, body: bytes, signature: str):
    return client.post(
        "/newsletter/webhook/bounces/",
        body,
        content_type="application/json",
        headers={bounces.SIGNATURE_HEADER: signature},
    )


def test_a_signed_webhook_suppresses_and_a_forged_or_old_one_changes_nothing(
    client, webhook_secret
):
    subscribed("ann@example.org")
    body = json.dumps(
        {"events": [{"type": "bounce", "email": "ann@example.org", "permanent": True}]}
    ).encode()
    assert _hook(client, body, bounces.sign(body, "wrong")).status_code == 401
    assert (
        _hook(client, body, bounces.sign(body, webhook_secret, int(time.time()) - 3600)).status_code
        == 401
    )
    assert _hook(client, body, "").status_code == 401
    assert not Suppression.objects.exists()
    response = _hook(client, body, bounces.sign(body, webhook_secret))
    assert response.status_code == 200 and response.json() == {"applied": 1}
    assert Suppression.objects.get().reason == "bounced"
    assert _hook(client, b"{nope", bounces.sign(b"{nope", webhook_secret)).status_code == 400


def test_the_webhook_is_off_without_a_secret(client):
    assert _hook(client, b"{}", "t=1,v1=x").status_code == 404


# The admin


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw-1")
    client.force_login(user)
    return client


def test_the_admin_previews_a_mail_and_sends_a_test_to_the_editor(editor, post, mail_sink):
    subscribed("ann@example.org")
    mailing = queue_post(post).mailing
    page = editor.get(f"/admin/newsletter/mailing/{mailing.pk}/preview/")
    assert page.status_code == 200 and post.as_draft.reflection.verse.text.encode() in page.content
    editor.post(
        "/admin/newsletter/mailing/",
        {"action": "send_test_to_me", "_selected_action": [mailing.pk]},
    )
    [test] = mail_sink.to("editor@example.org")
    assert parsed(test)["Subject"] == f"[Test] {mailing.subject}"
    assert Delivery.objects.get().status == "queued"  # the subscriber's mail is untouched


def test_the_admin_lists_each_mail_with_its_numbers(editor, post, mail_sink):
    for address in ("ann@example.org", "gone@example.org"):
        subscribed(address)
    queue_post(post)
    send_all()
    doc = lxml.html.fromstring(editor.get("/admin/newsletter/mailing/").content)
    row = [" ".join(td.text_content().split()) for td in doc.cssselect("#result_list tbody tr td")]
    assert row[-5:] == ["0", "1", "1", "0", "0"]  # waiting, sent, failed, bounced, unsubscribed


def test_the_admin_imports_a_csv_list(editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("list.csv", b"email\nann@example.org\nbob@example.org\n")
    response = editor.post(
        "/admin/newsletter/subscriber/import/", {"file": upload, "frequency": "weekly"}
    )
    assert response.status_code == 302
    assert set(Subscriber.objects.values_list("email", "origin", "frequency")) == {
        ("ann@example.org", "import", "weekly"),
        ("bob@example.org", "import", "weekly"),
    }


def test_the_mail_preview_is_for_staff_only(client, post):
    subscribed("ann@example.org")
    mailing = queue_post(post).mailing
    response = client.get(f"/admin/newsletter/mailing/{mailing.pk}/preview/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_publishing_a_post_queues_it_for_those_who_take_each_post(samples, mail_sink):
    subscribed("ann@example.org", frequency="post")
    subscribed("bob@example.org", frequency="daily")
    ingest(str(samples / "pages" / sorted(p.name for p in (samples / "pages").glob("*.html"))[0]))
    write_and_publish(Story.objects.get())
    assert list(Delivery.objects.values_list("subscriber__email", flat=True)) == ["ann@example.org"]


def test_the_preferences_page_links_to_a_working_unsubscribe_page(client):
    ann = subscribed("ann@example.org")
    page = client.get(f"/newsletter/preferences/{tokens.make(tokens.Purpose.PREFERENCES, ann)}/")
    link = lxml.html.fromstring(page.content).cssselect('a[href*="/unsubscribe/"]')[0].get("href")
    assert client.get(link).status_code == 200
    client.post(link)
    ann.refresh_from_db()
    assert ann.status == "unsubscribed"


def test_a_post_taken_down_after_the_edition_went_out_leaves_its_browser_view(client, site):
    kept, taken_down = site.order_by("pk")[:2]
    edition = record_edition(date(2026, 11, 30), [(p.story, [], p) for p in (kept, taken_down)])
    subscribed("daily@example.org", "daily")
    mailing = queue_edition(edition).mailing
    url = f"/newsletter/mail/{mailing.pk}/"
    page = client.get(url).content.decode()
    assert kept.headline in page and taken_down.headline in page
    taken_down.status = Post.Status.DRAFT
    taken_down.save()
    page = client.get(url).content.decode()
    assert kept.headline in page and taken_down.headline not in page
    kept.status = Post.Status.DRAFT
    kept.save()
    assert client.get(url).status_code == 404
