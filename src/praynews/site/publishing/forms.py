from django import forms

from praynews.site.publishing.models import Reply


class ReplyForm(forms.ModelForm):
    class Meta:
        model = Reply
        fields = ["name", "email", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 5})}
        labels = {"email": "Email (optional, only the editor sees it)"}
