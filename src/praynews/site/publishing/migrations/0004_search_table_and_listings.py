"""The FTS5 table search reads on SQLite, and the listings of the posts already published
(their topics, places and search documents), read from their drafts as they stand."""

from django.db import migrations

FTS_TABLE = "publishing_search"


def create_fts_table(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
            "headline, body, tokenize='porter unicode61 remove_diacritics 2')"
        )


def drop_fts_table(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def list_published_posts(apps, schema_editor) -> None:
    from praynews.core.errors import DraftFormatError
    from praynews.core.reading import reader_view
    from praynews.core.topics import post_topics
    from praynews.core.types import Draft

    post_model = apps.get_model("editorial", "Post")
    topic_model = apps.get_model("publishing", "PostTopic")
    document_model = apps.get_model("publishing", "SearchDocument")
    sqlite = schema_editor.connection.vendor == "sqlite"
    for post in post_model.objects.filter(status="published"):
        try:
            draft = Draft.from_dict(post.draft)
        except DraftFormatError:
            continue
        topic_model.objects.bulk_create(
            topic_model(post=post, kind=t.kind.value, slug=t.slug, name=t.name)
            for t in post_topics(draft)
        )
        body = "\n".join(reader_view(draft).paragraphs()[1:])
        document_model.objects.create(post=post, headline=draft.headline, body=body)
        if sqlite:
            schema_editor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, headline, body) VALUES (%s, %s, %s)",
                [post.pk, draft.headline, body],
            )


class Migration(migrations.Migration):
    dependencies = [("publishing", "0003_topics_and_search")]

    operations = [
        migrations.RunPython(create_fts_table, drop_fts_table),
        migrations.RunPython(list_published_posts, migrations.RunPython.noop),
    ]
