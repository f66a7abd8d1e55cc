"""Forms of the effect ledger: they validate input; the services do the work."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from yorozu.accounts.models import Department
from yorozu.consultations.models import Consultation
from yorozu.impacts.models import Deployment, EffectRecord, Tool, ToolKind
from yorozu_core.effects import FISCAL_MONTHS
from yorozu_core.fiscal import FiscalYearError, parse_fiscal_year

DATE = forms.DateInput(attrs={"type": "date"})


class DepartmentChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Department) -> str:
        return obj.full_name


def sections() -> Any:
    return Department.objects.filter(kind=Department.Kind.SECTION).select_related("parent")


class ToolForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Tool
        fields = ["name", "kind", "vendor", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class DeploymentForm(forms.ModelForm):  # type: ignore[type-arg]
    department = DepartmentChoiceField(
        label="所管課", queryset=Department.objects.none(), required=False, empty_label="全庁"
    )

    class Meta:
        model = Deployment
        fields = ["tool", "name", "department", "consultation", "go_live", "retired_on", "status", "note"]
        widgets = {"go_live": DATE, "retired_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = sections()
        self.fields["consultation"].queryset = Consultation.objects.order_by("-received_on", "-id")
        self.fields["consultation"].required = False

    def _post_clean(self) -> None:  # the services run full_clean() with the acting user's checks
        return


class EffectForm(forms.Form):
    kind = forms.ChoiceField(label="区分", choices=EffectRecord.Kind.choices, widget=forms.RadioSelect)
    period_start = forms.DateField(label="測定期間（開始）", widget=DATE)
    period_end = forms.DateField(label="測定期間（終了）", widget=DATE)
    cases = forms.IntegerField(label="件数", min_value=0)
    minutes_before = forms.DecimalField(label="導入前の1件あたり時間（分）", min_value=0, decimal_places=2)
    minutes_after = forms.DecimalField(label="導入後の1件あたり時間（分）", min_value=0, decimal_places=2)
    upkeep_hours = forms.DecimalField(
        label="保守等の時間（時間）", min_value=0, decimal_places=2, initial=0, required=False
    )
    note = forms.CharField(label="備考", max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("upkeep_hours") is None:
            data["upkeep_hours"] = 0
        return data


class WeightsForm(forms.Form):
    """Twelve monthly weights, April first (cases per month or any proportional numbers)."""

    def __init__(self, *args: Any, initial_weights: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index, month in enumerate(FISCAL_MONTHS):
            initial = initial_weights[index] if initial_weights else 1
            self.fields[f"m{month}"] = forms.DecimalField(
                label=f"{month}月", min_value=0, decimal_places=2, initial=initial
            )

    def weights(self) -> list[Any]:
        return [self.cleaned_data[f"m{month}"] for month in FISCAL_MONTHS]


class DepartmentWeightsForm(WeightsForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"] = DepartmentChoiceField(label="所管課", queryset=sections())
        self.order_fields(["department"])


class DeploymentFilterForm(forms.Form):
    q = forms.CharField(label="名称", required=False, max_length=100)
    kind = forms.ChoiceField(label="種類", required=False, choices=[("", "すべて"), *ToolKind.choices])
    status = forms.ChoiceField(
        label="状態", required=False, choices=[("", "すべて"), *Deployment.Status.choices]
    )
    department = DepartmentChoiceField(
        label="所管課", queryset=Department.objects.none(), required=False, empty_label="すべて"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = sections()


class ReportForm(forms.Form):
    fiscal_year = forms.CharField(
        label="年度", required=False, max_length=20, help_text="例: 令和5年度、R5、2023"
    )
    as_of = forms.DateField(
        label="基準日", required=False, widget=DATE, help_text="指定すると、その日時点で集計します"
    )

    def clean_fiscal_year(self) -> int | None:
        text = self.cleaned_data.get("fiscal_year", "").strip()
        if not text:
            return None
        try:
            return parse_fiscal_year(text)
        except FiscalYearError as error:
            raise forms.ValidationError(str(error)) from error

    def period(self) -> tuple[int | None, date | None]:
        return self.cleaned_data.get("fiscal_year"), self.cleaned_data.get("as_of")


class LedgerSettingsForm(forms.Form):
    hourly_rate_yen = forms.IntegerField(label="人件費換算の時間単価（円）", min_value=1, max_value=100_000)
    public_results = forms.BooleanField(label="DX実績の公開ページ（ログイン不要）を表示する", required=False)
    measurement_months = forms.CharField(
        label="効果測定の時期（稼働から何か月後）",
        max_length=50,
        required=False,
        help_text="カンマ区切り。例: 3,6,12",
    )


class CaseDeploymentForm(forms.Form):
    """「導入を登録」 from a case page: the deployment and its projected effect (prefilled from the
    worksheet by ``selectors.deployment_initial_from_case``)."""

    tool = forms.ModelChoiceField(label="ツール", queryset=Tool.objects.all())
    name = forms.CharField(label="名称", max_length=200)
    go_live = forms.DateField(label="稼働日", widget=DATE)
    status = forms.ChoiceField(
        label="状態",
        choices=[(Deployment.Status.LIVE, "稼働中"), (Deployment.Status.PLANNED, "導入予定")],
        initial=Deployment.Status.LIVE,
    )
    note = forms.CharField(label="備考", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    projected_fiscal_year = forms.CharField(
        label="見込みの年度",
        max_length=20,
        required=False,
        help_text="例: 令和7年度、R7、2025（既定は稼働日の年度）",
    )
    cases = forms.IntegerField(label="年間件数（見込み）", min_value=0, required=False)
    minutes_before = forms.DecimalField(
        label="導入前の1件あたり時間（分）", min_value=0, decimal_places=2, required=False
    )
    minutes_after = forms.DecimalField(
        label="導入後の1件あたり時間（分）", min_value=0, decimal_places=2, required=False
    )
    upkeep_hours = forms.DecimalField(
        label="保守等の時間（時間/年）", min_value=0, decimal_places=2, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for month in FISCAL_MONTHS:
            self.fields[f"m{month}"] = forms.DecimalField(
                label=f"{month}月", min_value=0, decimal_places=2, required=False
            )

    def clean_projected_fiscal_year(self) -> int | None:
        text = self.cleaned_data.get("projected_fiscal_year", "").strip()
        if not text:
            return None
        try:
            return parse_fiscal_year(text)
        except FiscalYearError as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        figures = [data.get(k) for k in ("cases", "minutes_before", "minutes_after")]
        if any(v is not None for v in figures) and any(v is None for v in figures):
            raise forms.ValidationError(
                "見込みを記録するときは、年間件数と導入前・導入後の時間をすべて入力してください。"
            )
        months = [data.get(f"m{m}") for m in FISCAL_MONTHS]
        if any(v is not None for v in months) and any(v is None for v in months):
            raise forms.ValidationError("月別件数は12か月すべて入力するか、すべて空欄にしてください。")
        return data

    def month_fields(self) -> list[Any]:
        return [self[f"m{month}"] for month in FISCAL_MONTHS]

    def deployment_fields(self) -> list[Any]:
        return [self[name] for name in ("tool", "name", "go_live", "status", "note")]

    def projection_fields(self) -> list[Any]:
        names = ("projected_fiscal_year", "cases", "minutes_before", "minutes_after", "upkeep_hours")
        return [self[name] for name in names]

    def projection(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if data.get("cases") is None:
            return None
        return {
            "fiscal_year": data.get("projected_fiscal_year"),
            "cases": data["cases"],
            "minutes_before": data["minutes_before"],
            "minutes_after": data["minutes_after"],
            "upkeep_hours": data.get("upkeep_hours") or 0,
        }

    def weights(self) -> list[Any] | None:
        months = [self.cleaned_data.get(f"m{m}") for m in FISCAL_MONTHS]
        return months if all(v is not None for v in months) else None
