"""The subscribe form (with the reply form's honeypot) and the preferences form."""

from django import forms

from praynews.site.newsletter.models import Subscriber


class SubscribeForm(forms.Form):
    email = forms.CharField(
        label="Your email",
        max_length=320,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "placeholder": "you@example.org"}),
    )
    frequency = forms.ChoiceField(
        label="Send me",
        choices=[c for c in Subscriber.Frequency.choices if c[0] != Subscriber.Frequency.NONE],
        initial=Subscriber.Frequency.DAILY,
        required=False,
    )
    website = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        template_name="praynews/_honeypot_field.html",
    )

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class PreferencesForm(forms.Form):
    frequency = forms.ChoiceField(
        label="What would you like to receive?",
        choices=Subscriber.Frequency.choices,
        widget=forms.RadioSelect,
    )
