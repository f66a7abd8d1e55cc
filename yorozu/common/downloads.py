"""Every file download goes out through here: one place sanitises its name (RFC 6266 ``filename*``)."""

from __future__ import annotations

from typing import IO, Any

from django.http import FileResponse

from yorozu.common.exports import content_disposition


def file_download(handle: IO[Any], filename: str) -> FileResponse:
    """A stored file as an attachment whose name, however it was uploaded, is a safe header value."""
    response = FileResponse(handle)
    response["Content-Disposition"] = content_disposition(filename)
    return response
