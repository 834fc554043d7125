"""files.getUploadURLExternal / files.completeUploadExternal: the two-step upload files_upload_v2 uses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from localslack.api_chat import postable_channel
from localslack.blocks import json_param, text_param, thread_ts_param
from localslack.model import Json, Message, SlackError, StoredFile

if TYPE_CHECKING:
    from localslack.state import WorkspaceState as Workspace

# files.getUploadURLExternal: "Description for the image is longer than the limit of 1000 character".
MAX_ALT_TXT = 1000


def get_upload_url(ws: Workspace, p: Json) -> Json:
    filename = text_param(p, "filename")
    if not filename:
        raise SlackError("invalid_arguments", "[ERROR] missing required field: filename")
    try:
        length = int(p.get("length") or 0)
    except ValueError as exc:
        raise SlackError("invalid_arguments", "[ERROR] length must be an integer") from exc
    if length <= 0:
        raise SlackError("invalid_arguments", "[ERROR] length must be positive")
    alt_txt = text_param(p, "alt_txt")
    if alt_txt is not None and len(alt_txt) > MAX_ALT_TXT:
        raise SlackError("alt_txt_too_large")
    file_id = ws.new_id("F")
    ws.files[file_id] = StoredFile(
        file_id, filename, filename, length, created=int(ws.epoch()), alt_txt=alt_txt
    )
    return {"upload_url": f"{ws.host.base_url}upload/{file_id}", "file_id": file_id}


def complete_upload(ws: Workspace, p: Json) -> Json:
    wanted = json_param(p, "files")
    if not isinstance(wanted, list) or not wanted:
        raise SlackError("invalid_arguments", "[ERROR] files must be a non-empty array")
    stored: list[StoredFile] = []
    for item in wanted:
        found = ws.files.get(str(item.get("id", ""))) if isinstance(item, dict) else None
        if found is None or found.content is None:
            raise SlackError("file_not_found")
        stored.append(found)
    targets = [str(c) for c in ([p["channel_id"]] if p.get("channel_id") else [])]
    targets += [c for c in str(p.get("channels") or "").split(",") if c]
    channels = [postable_channel(ws, c) for c in targets]
    thread_ts = thread_ts_param(p)
    for item, found in zip(wanted, stored, strict=True):
        found.title = str(item.get("title") or found.name)
    for channel in channels:
        _share(ws, channel.id, stored, text_param(p, "initial_comment") or "", thread_ts)
    return {"files": [f.to_json(ws.team_id, ws.bot_user_id) for f in stored]}


def _share(
    ws: Workspace, channel_id: str, files: list[StoredFile], comment: str, thread_ts: str | None
) -> None:
    for found in files:
        found.channels.append(channel_id)
    message = Message(
        channel=channel_id,
        ts=ws.next_ts(),
        text=comment,
        user=ws.bot_user_id,
        bot_id=ws.bot_id,
        thread_ts=ws.thread_root(channel_id, thread_ts),
        subtype="file_share",
        team=ws.team_id,
        files=[f.to_json(ws.team_id, ws.bot_user_id) for f in files],
    )
    ws.store(message)


def receive_upload(ws: Workspace, file_id: str, content: bytes) -> bool:
    """Bytes POSTed to an upload_url; False if the URL was never issued."""
    found = ws.files.get(file_id)
    if found is None:
        return False
    found.content = content
    return True


METHODS = {
    "files.getUploadURLExternal": get_upload_url,
    "files.completeUploadExternal": complete_upload,
}
