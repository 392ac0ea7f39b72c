import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded documents and materials go to a temporary directory, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
