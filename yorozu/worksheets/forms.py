from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from yorozu.worksheets.models import HourlyRate, WorkItem, Worksheet
from yorozu_core.fiscal import fiscal_year_label
from yorozu_core.toolfit import FitWeights

ITEM_FIELDS = [
    "name",
    "purpose",
    "legal_basis",
    "annual_cases",
    "normal_monthly",
    "peak_monthly",
    "peak_months",
    "off_monthly",
    "off_months",
    "minutes_per_case",
    "minutes_after",
    "staff",
    "grade",
    "medium",
    "completes_on_pc",
    "rules_writable",
    "judgement",
    "routine",
    "core",
    "change_expected",
    "has_manual",
    "measurement",
    "work_kind",
    "resident_facing",
    "shared_across",
]


DEFAULTED = ("staff", "change_expected", "has_manual", "work_kind", "resident_facing", "shared_across")


class WorkItemForm(forms.ModelForm):
    class Meta:
        model = WorkItem
        fields = ITEM_FIELDS
        widgets = {"purpose": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["annual_cases"].required = False
        self.fields["grade"].empty_label = "（既定の単価）"
        for name in DEFAULTED:  # left blank (Excel, API): the model's default applies
            self.fields[name].required = False
        for name in ("medium", "rules_writable", "judgement", "measurement"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0] != ""]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("annual_cases") is None and data.get("normal_monthly") is None:
            self.add_error("annual_cases", "年間件数か、通常期の月あたり件数を入れてください。")
        for name in DEFAULTED:
            if data.get(name) in (None, ""):
                data[name] = WorkItem._meta.get_field(name).get_default()
        if data.get("annual_cases") is None:
            data["annual_cases"] = Decimal(0)  # computed from the monthly volumes by the service
        return data


class PlanForm(forms.ModelForm):
    class Meta:
        model = Worksheet
        fields = [
            "proposed_tool",
            "solution",
            "selection_reason",
            "initial_cost",
            "build_cost",
            "annual_licence",
            "upkeep_hours",
            "go_live",
            "budget_year",
            "resident_benefit",
            "kpi",
        ]
        widgets = {
            "go_live": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "solution": forms.Textarea(attrs={"rows": 3}),
            "selection_reason": forms.Textarea(attrs={"rows": 3}),
            "resident_benefit": forms.Textarea(attrs={"rows": 3}),
            "kpi": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, consultation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        default = consultation.fiscal_year + 1
        years = sorted(
            {*range(consultation.fiscal_year, consultation.fiscal_year + 4)}
            | ({self.instance.budget_year} if self.instance.budget_year else set())
        )
        self.fields["budget_year"] = forms.TypedChoiceField(
            label="予算年度",
            choices=[(y, fiscal_year_label(y)) for y in years],
            coerce=int,
            required=False,
            empty_value=None,
            initial=self.instance.budget_year or default,
            help_text=f"予算を執行する年度（既定は受付年度の翌年度、{fiscal_year_label(default)}）",
        )
        self.initial["budget_year"] = self.instance.budget_year or default


class ImportForm(forms.Form):
    file = forms.FileField(label="業務量調査票（.xlsx）")
    replace = forms.BooleanField(label="今ある行をすべて置き換える", required=False)


class HourlyRateForm(forms.ModelForm):
    class Meta:
        model = HourlyRate
        fields = ["grade", "yen_per_hour", "is_default", "sort_order"]


WEIGHT_LABELS = {
    "routine": "定型であること",
    "rules": "手順をルールとして書けること",
    "few_judgement": "判断・例外が少ないこと",
    "stable": "6か月以内の変更がないこと",
    "has_manual": "手順書があること",
    "non_core": "ノンコア業務であること",
    "full_volume_hours": "十分な業務量とみなす年間時間",
    "min_cases": "これ未満の年間件数は効果が小さいとみなす",
    "few_cases_factor": "件数が少ない業務の係数（0〜1）",
    "paper_rpa_factor": "紙の入力がある業務のRPA係数（0〜1）",
}


class SettingsForm(forms.Form):
    annual_working_hours = forms.DecimalField(
        label="年間勤務時間（時間/人）", min_value=Decimal(1), max_digits=7, decimal_places=1
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in WEIGHT_LABELS.items():
            self.fields[name] = forms.FloatField(label=label, min_value=0)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        weights = {k: data[k] for k in WEIGHT_LABELS if data.get(k) is not None}
        try:
            FitWeights.from_mapping(weights)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error
        data["weights"] = weights
        return data
