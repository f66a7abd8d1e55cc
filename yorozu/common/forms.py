from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import URLValidator, validate_email

from yorozu.accounts.models import Department
from yorozu.common.models import NotificationChannel
from yorozu.common.webhook_targets import check_webhook_url


class NotificationChannelForm(forms.ModelForm):
    class Meta:
        model = NotificationChannel
        fields = ["kind", "department", "target", "secret", "events"]

    def __init__(self, *args: Any, for_user: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.for_user = for_user
        if for_user:
            del self.fields["department"]
        else:
            self.fields["department"].queryset = Department.objects.all()
            self.fields["department"].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind, target = data.get("kind"), (data.get("target") or "").strip()
        try:
            if kind == NotificationChannel.Kind.EMAIL:
                validate_email(target)
            elif kind:
                URLValidator(schemes=["http", "https"])(target)
        except forms.ValidationError:
            label = (
                "メールアドレス"
                if kind == NotificationChannel.Kind.EMAIL
                else "Webhook の URL（http または https）"
            )
            self.add_error("target", f"宛先には{label}を入力してください。")
        if kind and kind != NotificationChannel.Kind.EMAIL and "target" not in self.errors:
            try:
                check_webhook_url(target, kind)
            except forms.ValidationError as exc:
                self.add_error("target", exc)
        if kind == NotificationChannel.Kind.CHATWORK and not data.get("secret"):
            self.add_error("secret", "Chatwork には API トークンが必要です。")
        return data
