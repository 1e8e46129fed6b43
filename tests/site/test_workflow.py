"""The review workflow and the desk's edits, through the services the desk calls: every move
is recorded with who and when, every edit is a revision, an edit sends an approved post back to
review, a scheduled post goes live when the clock passes its time, and nothing lets a flagged
or misquoted draft out without the override."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group, User

from praynews.core.parts import PartError
from praynews.core.scripture.bible import lookup
from praynews.site import services
from praynews.site.clock import FixedClock
from praynews.site.editorial import editing, workflow
from praynews.site.editorial.models import Post, PostEvent
from praynews.site.editorial.roles import ADMINS, EDITORS
from praynews.site.editorial.workflow import WorkflowError
from praynews.site.news.ingest import ingest
from praynews.site.worker import Worker

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
INVENTED = "At least 987654 people were hurt."


@pytest.fixture
def post(samples) -> Post:
    ingest(str(samples / "pages" / "papua-new-guinea-morobe-earthquake.html"))
    services.write_pending()
    return Post.objects.get()


def member(name: str, group: str) -> User:
    user = User.objects.create_user(name, f"{name}@example.org", "pw", first_name=name.title())
    user.groups.add(Group.objects.get(name=group))
    return User.objects.get(pk=user.pk)  # permissions are cached per instance


@pytest.fixture
def editor() -> User:
    return member("esther", EDITORS)


@pytest.fixture
def admin() -> User:
    return member("abigail", ADMINS)


def actions(post: Post) -> list[tuple[str, str | None]]:
    return [(e.action, e.by.username if e.by else None) for e in post.events.all()]


def test_a_post_moves_from_draft_to_published_and_every_move_is_recorded(post, editor):
    workflow.submit(post, editor, FixedClock(NOON))
    workflow.approve(post, editor, clock=FixedClock(NOON))
    workflow.schedule(post, NOON + timedelta(hours=2), editor, FixedClock(NOON))
    assert post.status == Post.Status.SCHEDULED
    Worker(clock=FixedClock(NOON + timedelta(hours=1))).run_pass()
    post.refresh_from_db()
    assert post.status == Post.Status.SCHEDULED  # not yet due
    Worker(clock=FixedClock(NOON + timedelta(hours=2, minutes=1))).run_pass()
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED
    assert post.published_at == NOON + timedelta(hours=2, minutes=1)
    assert actions(post) == [
        ("submitted", "esther"),
        ("approved", "esther"),
        ("scheduled", "esther"),
        ("published", "esther"),  # the worker publishes as the editor who scheduled it
    ]
    assert post.how_it_was_made.endswith("reviewed by Esther.")


def test_a_move_from_the_wrong_state_is_refused_with_a_sentence(post, editor):
    with pytest.raises(WorkflowError, match="only a post approved or scheduled can be published"):
        workflow.publish_now(post, editor)
    with pytest.raises(WorkflowError, match="only a post approved or scheduled can be scheduled"):
        workflow.schedule(post, NOON, editor)
    workflow.approve(post, editor, clock=FixedClock(NOON))
    with pytest.raises(WorkflowError, match="that time has passed"):
        workflow.schedule(post, NOON - timedelta(minutes=1), editor, FixedClock(NOON))


def test_an_edit_after_approval_sends_the_post_back_to_review(post, editor):
    workflow.approve(post, editor)
    workflow.schedule(post, NOON + timedelta(days=1), editor, FixedClock(NOON))
    editing.edit_part(post, "glance[0]", post.draft["glance"][0] + " Edited.", editor)
    post.refresh_from_db()
    assert post.status == Post.Status.IN_REVIEW and post.scheduled_for is None
    assert actions(post)[-1] == ("returned", "esther")


def test_an_untraceable_number_cannot_be_approved_by_an_editor(post, editor):
    editing.edit_part(post, "glance[0]", INVENTED, editor)
    with pytest.raises(WorkflowError, match="987654"):
        workflow.approve(post, editor)
    with pytest.raises(WorkflowError, match="only an admin"):
        workflow.approve(post, editor, override_reason="I checked it by phone")
    assert Post.objects.get().status == Post.Status.DRAFT


def test_an_admin_approves_over_the_flags_and_the_reason_goes_out_with_it(post, admin):
    editing.edit_part(post, "glance[0]", INVENTED, admin)
    workflow.approve(post, admin, override_reason="The ministry confirmed it by phone")
    workflow.schedule(post, NOON + timedelta(hours=1), admin, FixedClock(NOON))
    services.publish_due(FixedClock(NOON + timedelta(hours=1)))
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED
    overridden = post.events.get(action=PostEvent.Action.OVERRIDDEN)
    assert overridden.by == admin
    assert "The ministry confirmed it by phone" in overridden.reason
    assert "987654" in overridden.reason


def test_a_misquoted_verse_cannot_be_approved_by_anyone(post, admin):
    post.draft["reflection"]["verse"]["text"] = (
        "Surely " + post.draft["reflection"]["verse"]["text"].split(" ", 1)[1]
    )
    post.save()
    with pytest.raises(WorkflowError, match="nobody may approve it"):
        workflow.approve(post, admin, override_reason="I like it better")


def test_a_scheduled_post_the_check_now_refuses_goes_back_to_review(post, editor):
    workflow.approve(post, editor, clock=FixedClock(NOON))
    workflow.schedule(post, NOON + timedelta(hours=1), editor, FixedClock(NOON))
    Post.objects.filter(pk=post.pk).update(
        draft={**post.draft, "glance": [INVENTED, *post.draft["glance"][1:]]}
    )  # changed under the desk, by a script
    services.publish_due(FixedClock(NOON + timedelta(hours=1)))
    post.refresh_from_db()
    assert post.status == Post.Status.IN_REVIEW
    returned = post.events.last()
    assert returned.action == "returned" and "987654" in returned.reason


def test_auto_publish_leaves_a_post_the_editors_have_taken_up(post, editor, monkeypatch):
    monkeypatch.setenv("PRAYNEWS_AUTO_PUBLISH", "1")
    workflow.submit(post, editor)
    Worker(clock=FixedClock(NOON)).run_pass()
    assert Post.objects.get().status == Post.Status.IN_REVIEW


def test_every_edit_is_a_revision_and_any_two_can_be_compared(post, editor):
    first = post.draft["glance"][0]
    editing.edit_part(post, "glance[0]", first + " One.", editor)
    editing.edit_part(post, "dek", "A new dek.", editor)
    revisions = list(post.revisions.all())
    assert [(r.number, r.by and r.by.username, r.note) for r in revisions] == [
        (1, None, "written by praynews"),
        (2, "esther", "Bullet 1 edited"),
        (3, "esther", "Dek edited"),
    ]
    changes = editing.compare_revisions(post, 1, 3)
    assert [c.where for c in changes] == ["dek", "glance[0]"]
    assert editing.compare_revisions(post, 2, 3)[0].where == "dek"


def test_an_unchanged_edit_makes_no_revision(post, editor):
    assert not editing.edit_part(post, "dek", post.draft["dek"], editor)
    assert post.revisions.count() == 1


def test_an_edit_to_a_part_that_does_not_exist_changes_nothing(post, editor):
    with pytest.raises(PartError):
        editing.edit_part(post, "glance[42]", "A bullet.", editor)
    assert post.revisions.count() == 1


def test_a_swapped_verse_is_looked_up_and_the_editors_prayer_is_kept(post, editor):
    editing.edit_part(post, "reflection.prayer", "Lord, hear us for Lae. Amen.", editor)
    other = next(c for c in editing.candidates(post) if not c.current)
    editing.swap_verse(post, other.ref, editor)
    post.refresh_from_db()
    verse = post.draft["reflection"]["verse"]
    assert verse == {**lookup(other.ref).__dict__}
    assert verse["text"].rstrip(",;:") in post.draft["reflection"]["text"]
    assert post.draft["reflection"]["prayer"] == "Lord, hear us for Lae. Amen."
    assert post.verse_reference == verse["reference"]
    assert next(c for c in editing.candidates(post) if c.current).ref == other.ref
    assert post.flag_count == 0


def test_a_verse_not_among_the_candidates_is_refused(post, editor):
    with pytest.raises(editing.EditError, match="not among"):
        editing.swap_verse(post, "Psalm 137:9", editor)


def test_the_reflection_must_keep_quoting_its_verse(post, editor):
    with pytest.raises(editing.EditError, match="word for word"):
        editing.edit_part(post, "reflection.text", "We pray for Lae.", editor)


def test_regenerating_a_part_gives_back_the_writers_wording(post, editor):
    written = post.draft["glance"][1]
    editing.edit_part(post, "glance[1]", "An editor's bullet about Lae.", editor)
    assert editing.regenerate_part(post, "glance[1]", editor)
    post.refresh_from_db()
    assert post.draft["glance"][1] == written
    assert post.revisions.last().note == "Bullet 2 edited"


def test_a_live_post_is_not_edited_into_one_with_an_invented_number(post, editor):
    workflow.approve(post, editor)
    workflow.publish_now(post, editor)
    with pytest.raises(editing.EditError, match="the post is live"):
        editing.edit_part(post, "glance[0]", INVENTED, editor)
    post.refresh_from_db()
    assert INVENTED not in post.draft["glance"] and post.status == Post.Status.PUBLISHED


INVENTED_PRAYER = (
    "Lord, at least 987654 people died; as John 11:35 says, \u201cJesus wept loudly.\u201d Amen."
)


def test_a_live_post_is_not_edited_into_one_whose_prayer_states_an_invented_number(post, editor):
    workflow.approve(post, editor)
    workflow.publish_now(post, editor)
    with pytest.raises(editing.EditError, match="the post is live"):
        editing.edit_part(post, "reflection.prayer", INVENTED_PRAYER, editor)
    post.refresh_from_db()
    assert post.draft["reflection"]["prayer"] != INVENTED_PRAYER


def test_a_prayer_misquoting_scripture_is_approved_by_nobody(post, admin):
    editing.edit_part(post, "reflection.prayer", INVENTED_PRAYER, admin)
    with pytest.raises(WorkflowError, match="nobody may approve"):
        workflow.approve(post, admin, override_reason="I checked it myself")
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT


def test_a_heading_with_an_invented_number_holds_the_draft_for_an_admin(post, editor):
    editing.edit_part(post, "sections[0].heading", "At Least 987654 Dead, Says Jesus", editor)
    with pytest.raises(WorkflowError, match="987654"):
        workflow.approve(post, editor)


def test_a_flag_published_over_once_does_not_let_the_same_words_in_elsewhere(post, admin):
    editing.edit_part(post, "glance[0]", INVENTED, admin)
    workflow.approve(post, admin, override_reason="The ministry confirmed it by phone")
    workflow.publish_now(post, admin)
    with pytest.raises(editing.EditError, match="the post is live"):
        editing.edit_part(post, "dek", "At least 987654 people were hurt, officials said.", admin)


def test_each_stage_keeps_a_fortnight_of_runs_and_the_last_for_status():
    from praynews.site.news.models import StageRun
    from praynews.site.status import current_status
    from praynews.site.worker import STAGE_RUN_DAYS, record_stage

    now = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
    old = now - STAGE_RUN_DAYS - timedelta(hours=1)
    record_stage("fetch", old, old, True, "a month ago")
    record_stage("write", old, old, True, "the last write, long ago")
    record_stage("fetch", now - timedelta(days=3), now - timedelta(days=3), True, "this week")
    record_stage("fetch", now, now, True, "today")
    kept = set(StageRun.objects.values_list("summary", flat=True))
    assert kept == {"the last write, long ago", "this week", "today"}
    last = {run.stage: run.summary for run in current_status().last_runs}
    assert last["fetch"] == "today" and last["write"] == "the last write, long ago"
