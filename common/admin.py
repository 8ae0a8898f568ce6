from django.utils.translation import gettext_noop

# Titles of the admin's own pages, listed so that our catalogue keeps its Korean for them:
# a list is "이메일 목록", where Django's Korean reads "보기위한 1이메일 를(을) 선택".
ADMIN_TITLES = [
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("View %s"),
]
