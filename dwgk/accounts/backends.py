"""Login by username or phone, with lockout after repeated failures (等保 2.0 login-failure handling)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db.models import Q

from dwgk.core.raw import raw_rows
from dwgk.orgs.models import Person


class UsernameOrPhoneBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        User = get_user_model()
        user = User.objects.filter(Q(username=username) | Q(phone=username)).first()
        if user is None:
            User().set_password(password)  # same cost as a real check: no timing oracle
            return None
        from .services import is_locked

        if is_locked(user):
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        # Every logged-in request loads the user, and the gate and the header read the person: two
        # prepared reads by key (an ORM select_related compiles slower than both run).
        User = get_user_model()
        try:
            user_id = User._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        users = raw_rows(User, "id = %s", [user_id])
        user = users[0] if users else None
        if user is None or not self.user_can_authenticate(user):
            return None
        if user.person_id:
            user.person = raw_rows(Person, "id = %s", [user.person_id])[0]
        return user
