"""Where uploaded files are stored."""

import contextlib
import os

from django.core.files.storage import FileSystemStorage


class MediaStorage(FileSystemStorage):
    """Django's file system storage, except that a write failing halfway (a full disk, a
    quota) leaves no truncated file behind, under a name that no row points to."""

    def _save(self, name, content):
        path = self.path(name)
        try:
            return super()._save(name, content)
        except OSError:
            # ``name`` was free a moment ago (get_available_name) and the portal's upload
            # names are random: a file there now is this save's own, incomplete.
            with contextlib.suppress(OSError):
                os.remove(path)
            raise
