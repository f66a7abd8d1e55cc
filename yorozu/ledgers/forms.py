"""Forms of 共有台帳. The record form is built from the ledger's own fields."""

from __future__ import annotations

from typing import Any

from django import forms

from yorozu.accounts.models import Department, User
from yorozu.ledgers.models import LedgerField, LedgerStatus, PartnerOrganisation, Record
from yorozu_core.ledger_fields import (
    BOOL,
    CHOICE,
    DATE,
    DATETIME,
    FILE,
    KIND_LABELS,
    MULTI,
    NUMBER,
    TEXTAREA,
    USER,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _form_field(field: LedgerField, assignees: Any) -> forms.Field:
    common: dict[str, Any] = {"label": field.label, "required": field.required, "help_text": field.help_text}
    choices = [(c, c) for c in field.choices]
    if field.kind == TEXTAREA:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), **common)
    if field.kind == NUMBER:
        return forms.DecimalField(**common)
    if field.kind == DATE:
        return forms.DateField(widget=DATE_INPUT, **common)
    if field.kind == DATETIME:
        widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        return forms.DateTimeField(widget=widget, **common)
    if field.kind == CHOICE:
        return forms.ChoiceField(choices=[("", "---------"), *choices], **common)
    if field.kind == MULTI:
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
    if field.kind == BOOL:
        return forms.BooleanField(**{**common, "required": False})
    if field.kind == USER:
        return forms.ModelChoiceField(queryset=assignees, **common)
    if field.kind == FILE:
        return forms.FileField(**{**common, "required": False})
    return forms.CharField(max_length=500, **common)


class RecordForm(forms.Form):
    def __init__(
        self,
        *args: Any,
        fields: list[LedgerField],
        assignees: Any,
        record: Record | None = None,
        **kwargs: Any,
    ) -> None:
        if record is not None and "initial" not in kwargs:
            kwargs["initial"] = {f.key: _initial(f, record.values.get(f.key)) for f in fields}
        super().__init__(*args, **kwargs)
        self.ledger_fields = fields
        for field in fields:
            self.fields[field.key] = _form_field(field, assignees)

    def values(self) -> dict[str, Any]:
        """Form data as the plain input the service parses (the service checks types again)."""
        result: dict[str, Any] = {}
        for field in self.ledger_fields:
            value = self.cleaned_data.get(field.key)
            if field.kind == FILE:
                continue
            if field.kind == USER:
                result[field.key] = value.pk if value else None
            elif field.kind == MULTI:
                result[field.key] = list(value or [])
            elif field.kind == BOOL:
                result[field.key] = bool(value)
            elif field.kind == DATETIME and value:
                result[field.key] = value.strftime("%Y-%m-%dT%H:%M")
            else:
                result[field.key] = "" if value is None else str(value)
        return result

    def uploads(self) -> dict[str, Any]:
        return {
            f.key: self.cleaned_data[f.key]
            for f in self.ledger_fields
            if f.kind == FILE and self.cleaned_data.get(f.key)
        }


def _initial(field: LedgerField, value: Any) -> Any:
    if field.kind == USER and isinstance(value, int):
        return value
    return value


class LedgerForm(forms.Form):
    department = forms.ModelChoiceField(
        label="所管課", queryset=Department.objects.filter(kind=Department.Kind.SECTION)
    )
    name = forms.CharField(label="台帳名", max_length=100)
    description = forms.CharField(label="説明", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class LedgerEditForm(forms.Form):
    name = forms.CharField(label="台帳名", max_length=100)
    description = forms.CharField(label="説明", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class FieldForm(forms.Form):
    label = forms.CharField(label="項目名", max_length=100)
    kind = forms.ChoiceField(label="種類", choices=list(KIND_LABELS.items()))
    required = forms.BooleanField(label="必須", required=False)
    choices = forms.CharField(
        label="選択肢（1行に1つ。選択・複数選択のとき）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    help_text = forms.CharField(label="説明", max_length=300, required=False)

    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("choices", "").splitlines() if line.strip()]


class StatusForm(forms.Form):
    name = forms.CharField(label="状態名", max_length=50)
    is_initial = forms.BooleanField(label="新しい記録の最初の状態", required=False)
    allowed_next = forms.ModelMultipleChoiceField(
        label="この状態から移れる状態",
        queryset=LedgerStatus.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, ledger: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["allowed_next"].queryset = ledger.statuses.all()  # type: ignore[attr-defined]


class ViewForm(forms.Form):
    name = forms.CharField(label="一覧名", max_length=50)
    columns = forms.MultipleChoiceField(label="表示する項目", widget=forms.CheckboxSelectMultiple)
    sort_key = forms.ChoiceField(label="並べ替える項目", required=False)
    descending = forms.BooleanField(label="降順", required=False)
    status = forms.ModelChoiceField(
        label="状態で絞り込み", queryset=LedgerStatus.objects.none(), required=False
    )

    def __init__(self, *args: Any, ledger: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(f.key, f.label) for f in ledger.fields.filter(is_hidden=False)]
        self.fields["columns"].choices = choices  # type: ignore[attr-defined]
        self.fields["sort_key"].choices = [("", "記録番号"), *choices]  # type: ignore[attr-defined]
        self.fields["status"].queryset = ledger.statuses.all()  # type: ignore[attr-defined]


class ImportForm(forms.Form):
    department = forms.ModelChoiceField(
        label="所管課", queryset=Department.objects.filter(kind=Department.Kind.SECTION)
    )
    name = forms.CharField(label="台帳名（空欄は設計ファイルの名前）", max_length=100, required=False)
    file = forms.FileField(label="設計ファイル（JSON）")


class CommentForm(forms.Form):
    body = forms.CharField(label="コメント", widget=forms.Textarea(attrs={"rows": 3}))


class AttachmentForm(forms.Form):
    file = forms.FileField(label="添付ファイル")


class GrantForm(forms.Form):
    user = forms.ModelChoiceField(label="利用者", queryset=User.objects.none())
    expires_on = forms.DateField(label="期限（この日まで）", widget=DATE_INPUT)
    reason = forms.CharField(label="理由", max_length=200, required=False)

    def __init__(self, *args: Any, ledger: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(is_active=True)
            .exclude(role=User.Role.EXTERNAL)
            .exclude(department=ledger.department)
        )


class ShareForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="関係機関", queryset=PartnerOrganisation.objects.filter(is_active=True)
    )
    record_number = forms.IntegerField(
        label="共有する記録番号（状態で共有するときは空欄）", required=False, min_value=1
    )
    status = forms.ModelChoiceField(
        label="またはこの状態の記録すべて", queryset=LedgerStatus.objects.none(), required=False
    )
    field_keys = forms.MultipleChoiceField(label="見せる項目", widget=forms.CheckboxSelectMultiple)
    can_comment = forms.BooleanField(label="コメントできる", required=False)
    can_attach = forms.BooleanField(label="ファイルを添付できる", required=False)
    expires_on = forms.DateField(label="期限（この日まで）", widget=DATE_INPUT)

    def __init__(self, *args: Any, ledger: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].queryset = ledger.statuses.all()  # type: ignore[attr-defined]
        self.fields["field_keys"].choices = [(f.key, f.label) for f in ledger.fields.filter(is_hidden=False)]  # type: ignore[attr-defined]


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = PartnerOrganisation
        fields = ["name", "kind", "allowed_networks", "is_active"]
        widgets = {"allowed_networks": forms.Textarea(attrs={"rows": 3})}


class PartnerUserForm(forms.Form):
    username = forms.CharField(label="ユーザー名", max_length=150)
    display_name = forms.CharField(label="表示名", max_length=100)
    password = forms.CharField(
        label="初期パスワード（10文字以上）", min_length=10, widget=forms.PasswordInput
    )
