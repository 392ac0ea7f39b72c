import pytest

from dwgk.testing.world import PASSWORD, build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def login(client):
    """Log the test client in as a user (the real login form, not force_login)."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
