from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from yorozu.accounts.models import User
from yorozu.accounts.permissions import role_required
from yorozu.common.models import AuditEntry, NotificationChannel


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "common/home.html")


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@role_required(User.Role.ADMIN)
def audit_list(request: HttpRequest) -> HttpResponse:
    entries = AuditEntry.objects.select_related("actor")
    model = request.GET.get("model", "").strip()
    if model:
        entries = entries.filter(model=model)
    object_id = request.GET.get("object_id", "").strip()
    if object_id:
        entries = entries.filter(object_id=object_id)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    models = AuditEntry.objects.order_by().values_list("model", flat=True).distinct()
    return render(
        request, "common/audit_list.html", {"page": page, "models": sorted(set(models)), "model": model}
    )


@role_required(User.Role.ADMIN, User.Role.CONSULTANT)
def channel_list(request: HttpRequest) -> HttpResponse:
    channels = NotificationChannel.objects.select_related("department", "user")
    return render(request, "common/channel_list.html", {"channels": channels})
