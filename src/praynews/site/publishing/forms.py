"""The reply form, with a honeypot: a field people never see and bots fill in."""

from django import forms

from praynews.core.text import normalise
from praynews.site.publishing.models import Reply


class ReplyForm(forms.ModelForm):
    # Named like a field a spam bot expects to fill. Its template puts it off-screen inside an
    # aria-hidden wrapper (screen readers skip it); tabindex and autocomplete keep keyboards and
    # browsers from filling it for a person.
    website = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        template_name="praynews/_honeypot_field.html",
    )

    class Meta:
        model = Reply
        fields = ["name", "email", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 5})}
        labels = {"email": "Email (optional, only the editor sees it)"}

    def clean_name(self) -> str:
        """One line, whatever was pasted, without control characters or marks that reorder
        text: the name heads the reply on the page and the editor's answer by email."""
        return " ".join(normalise(self.cleaned_data["name"]).split())

    def clean_message(self) -> str:
        return normalise(self.cleaned_data["message"])

    @property
    def is_bot(self) -> bool:
        """True when the hidden field came back filled: no person can see it to type in it."""
        return bool(self.cleaned_data.get("website"))
