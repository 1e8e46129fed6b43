"""The desk's forms: one per kind of change, each a few plain fields (never the draft's JSON)."""

from __future__ import annotations

from django import forms

from praynews.core.parts import MAX_PART_CHARACTERS
from praynews.site.publishing.replies import MAX_ANSWER_CHARACTERS


class PartForm(forms.Form):
    where = forms.CharField(max_length=60, widget=forms.HiddenInput)
    text = forms.CharField(
        max_length=MAX_PART_CHARACTERS, strip=True, widget=forms.Textarea(attrs={"rows": 3})
    )


class RegenerateForm(forms.Form):
    where = forms.CharField(max_length=60, widget=forms.HiddenInput)


class VerseForm(forms.Form):
    ref = forms.CharField(max_length=60)


class MoveForm(forms.Form):
    MOVES = ["submit", "approve", "schedule", "unschedule", "publish", "send_back", "unpublish"]

    move = forms.ChoiceField(choices=[(m, m) for m in MOVES])
    at = forms.DateTimeField(
        required=False,
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        label="Time (UTC)",
    )
    reason = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


# The largest revision number a database stores (a positive integer column on PostgreSQL): a
# larger one in the address is no revision, and must not reach the query as one.
MAX_REVISION_NUMBER = 2**31 - 1


class CompareForm(forms.Form):
    a = forms.IntegerField(min_value=1, max_value=MAX_REVISION_NUMBER)
    b = forms.IntegerField(min_value=1, max_value=MAX_REVISION_NUMBER)


class ReplyModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("approve", "approve"), ("decline", "decline"), ("answer", "answer")]
    )
    answer = forms.CharField(
        required=False, max_length=MAX_ANSWER_CHARACTERS, widget=forms.Textarea(attrs={"rows": 4})
    )
