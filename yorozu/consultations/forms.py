from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from yorozu.accounts.models import Department, User
from yorozu.consultations.models import Stage, Theme
from yorozu.consultations.selectors import CaseFilters, consultants, departments_for_filter
from yorozu.consultations.services import CaseInput
from yorozu_core.fiscal import FiscalYearError, fiscal_year_label, parse_fiscal_year


class DepartmentChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Department) -> str:
        return obj.full_name


class DepartmentMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Department) -> str:
        return obj.full_name


class CaseFilterForm(forms.Form):
    """The list/board/export filters; all optional. 年度 accepts 2024, R6, 令和6年度 …"""

    q = forms.CharField(label="キーワード", required=False, max_length=100)
    stage = forms.ChoiceField(label="段階", required=False, choices=[("", "すべて"), *Stage.choices])
    theme = forms.ChoiceField(label="テーマ", required=False, choices=[("", "すべて"), *Theme.choices])
    department = DepartmentChoiceField(
        label="相談課", required=False, queryset=Department.objects.none(), empty_label="すべて"
    )
    fiscal_year = forms.CharField(
        label="年度", required=False, max_length=20, help_text="例: 令和6年度、R6、2024"
    )
    assignee = forms.ModelChoiceField(
        label="担当", required=False, queryset=User.objects.none(), empty_label="すべて"
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments_for_filter(user=user)  # type: ignore[attr-defined]
        self.fields["assignee"].queryset = consultants()  # type: ignore[attr-defined]

    def clean_fiscal_year(self) -> int | None:
        text = self.cleaned_data["fiscal_year"].strip()
        if not text:
            return None
        try:
            return parse_fiscal_year(text)
        except FiscalYearError as error:
            raise forms.ValidationError(str(error)) from error

    def to_filters(self) -> CaseFilters:
        """The filters; an unreadable value (「令和」, 「abc」) yields no cases and an error beside
        the field, instead of silently dropping every filter and listing everything."""
        valid = self.is_valid()
        data = self.cleaned_data if self.is_bound else {}
        department, assignee = data.get("department"), data.get("assignee")
        return CaseFilters(
            stage=data.get("stage", ""),
            theme=data.get("theme", ""),
            department_id=department.pk if department else None,
            fiscal_year=data.get("fiscal_year"),
            assignee_id=assignee.pk if assignee else None,
            keyword=data.get("q", ""),
            unreadable=self.is_bound and not valid,
        )

    def fiscal_year_label(self) -> str:
        year = self.cleaned_data.get("fiscal_year") if self.is_valid() else None
        return fiscal_year_label(year) if year else ""


class CaseForm(forms.Form):
    """The 相談票."""

    theme = forms.ChoiceField(label="相談テーマ", choices=Theme.choices)
    title = forms.CharField(label="件名", max_length=200)
    current_issue = forms.CharField(label="現状の課題", widget=forms.Textarea(attrs={"rows": 8}))
    target_work = forms.CharField(label="対象業務", widget=forms.Textarea(attrs={"rows": 8}))
    desired_timing = forms.CharField(
        label="希望時期", required=False, max_length=100, help_text="例: 令和8年度当初予算に計上したい"
    )
    related_departments = DepartmentMultipleChoiceField(
        label="関係部署",
        required=False,
        queryset=Department.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    department = DepartmentChoiceField(label="相談課", queryset=Department.objects.none(), required=False)
    attachment = forms.FileField(
        label="添付ファイル", required=False, help_text="PDF、Word、Excel、PowerPoint、画像、CSV（20MBまで）"
    )

    def __init__(self, *args: Any, user: User, creating: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sections = Department.objects.filter(kind=Department.Kind.SECTION).select_related("parent")
        self.fields["related_departments"].queryset = sections  # type: ignore[attr-defined]
        if creating and user.sees_all_departments:
            self.fields["department"].queryset = sections  # type: ignore[attr-defined]
            self.fields["department"].required = True
        else:
            del self.fields["department"]
        if not creating:
            del self.fields["attachment"]

    def to_input(self) -> CaseInput:
        data = self.cleaned_data
        return CaseInput(
            title=data["title"],
            theme=data["theme"],
            current_issue=data["current_issue"],
            target_work=data["target_work"],
            desired_timing=data.get("desired_timing", ""),
            related_department_ids=tuple(d.pk for d in data.get("related_departments") or []),
        )


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label="移す段階", choices=Stage.choices)
    comment = forms.CharField(label="コメント", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label="理由（保留・取下げ）", required=False, max_length=500)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="取り下げる理由（必須）",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "取り下げる理由を入力してください。"},
    )


class CommentForm(forms.Form):
    body = forms.CharField(label="コメント", widget=forms.Textarea(attrs={"rows": 3}))


class AssignForm(forms.Form):
    consultants = forms.ModelMultipleChoiceField(
        label="担当コンサルタント", queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consultants"].queryset = consultants()  # type: ignore[attr-defined]


class EffortForm(forms.Form):
    worked_on = forms.DateField(
        label="作業日", initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )
    hours = forms.DecimalField(
        label="時間", min_value=Decimal("0.25"), max_value=Decimal(24), decimal_places=2
    )
    note = forms.CharField(label="内容", required=False, max_length=200)


class AttachmentForm(forms.Form):
    file = forms.FileField(label="添付ファイル")


class ImportFileForm(forms.Form):
    file = forms.FileField(
        label="台帳のファイル（CSV・xlsx）",
        help_text="yorozu の相談一覧の書き出し（CSV・Excel）か、取り込み用の様式のファイル。",
        error_messages={"required": "ファイルを選んでください。"},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError("ファイルが大きすぎます（20MBまで）。")
        return upload
