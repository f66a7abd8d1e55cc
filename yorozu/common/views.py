from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_POST

from yorozu.accounts.models import User
from yorozu.accounts.permissions import is_desk_staff, role_required
from yorozu.common import audit_display, services
from yorozu.common.forms import NotificationChannelForm
from yorozu.common.home import home_context
from yorozu.common.models import AuditEntry, NotificationChannel


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The page each role starts the day with: the desk's work, a department's cases, the year's figures."""
    return render(request, "common/home.html", home_context(request.user))


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages without an icon link (the public board)."""
    return redirect(static("favicon.svg"), permanent=True)


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@role_required(User.Role.ADMIN)
def audit_list(request: HttpRequest) -> HttpResponse:
    filters = {
        "model": request.GET.get("model", "").strip(),
        "object_id": request.GET.get("object_id", "").strip(),
        "action": request.GET.get("action", "").strip(),
        "hide_logins": request.GET.get("hide_logins") == "1",
    }
    page = Paginator(audit_display.audit_entries(**filters), 50).get_page(request.GET.get("page"))
    query = {k: ("1" if v is True else v) for k, v in filters.items() if v}
    context = {
        "page": page,
        "rows": audit_display.audit_rows(page),
        "models": audit_display.model_choices(),
        "actions": AuditEntry.Action.choices,
        "filters": filters,
        "query": urlencode(query),
    }
    return render(request, "common/audit_list.html", context)


@login_required
def channel_list(request: HttpRequest) -> HttpResponse:
    """Desk staff manage department channels; everyone manages their own."""
    desk = is_desk_staff(request.user)
    personal = not desk or request.POST.get("scope") == "personal"
    form = NotificationChannelForm(request.POST or None, for_user=personal, auto_id=_auto_id(personal))
    if request.method == "POST":
        if not request.user.can_write:
            raise PermissionDenied("閲覧専用の利用者は変更できません。")
        if form.is_valid():
            services.channel_create(user=request.user, channel=form.save(commit=False), personal=personal)
            messages.success(request, "通知先を登録しました。")
            return redirect("common:channel-list")
    channels = NotificationChannel.objects.select_related("department", "user")
    if not desk:
        channels = channels.filter(user=request.user)
    context = {
        "channels": channels,
        "desk": desk,
        "department_form": form if not personal else NotificationChannelForm(auto_id=_auto_id(False)),
        "personal_form": form if personal else NotificationChannelForm(for_user=True, auto_id=_auto_id(True)),
    }
    return render(request, "common/channel_list.html", context)


def _auto_id(personal: bool) -> str:
    return "personal-%s" if personal else "department-%s"


@require_POST
@login_required
def channel_delete(request: HttpRequest, pk: int) -> HttpResponse:
    channel = get_object_or_404(NotificationChannel, pk=pk)
    own = channel.user_id == request.user.pk
    if not (own or (is_desk_staff(request.user) and channel.department_id)):
        raise Http404
    services.channel_delete(channel=channel)
    messages.success(request, "通知先を削除しました。")
    return redirect("common:channel-list")
