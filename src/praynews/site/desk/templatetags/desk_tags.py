from django import template

register = template.Library()


@register.filter
def who(user) -> str:
    """A person's name as the desk shows it; no user is praynews itself."""
    if user is None:
        return "praynews"
    return user.get_full_name() or user.get_username()
