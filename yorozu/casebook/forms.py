from __future__ import annotations

import re
from typing import Any

from django import forms

from yorozu.casebook.models import CaseStudy, Level
from yorozu.casebook.selectors import EFFECT_STEPS
from yorozu.consultations.models import Theme

TOOL_SEPARATORS = re.compile(r"[,、，\n]+")


class CaseStudyForm(forms.ModelForm):
    tools_text = forms.CharField(
        label="ツール",
        required=False,
        max_length=500,
        help_text="複数のときは「、」で区切ります（例: LoGoフォーム、WinActor）",
    )

    class Meta:
        model = CaseStudy
        fields = [
            "title",
            "theme",
            "summary",
            "challenge",
            "solution",
            "outcome",
            "continuity",
            "operation_period",
            "references",
            "annual_hours_saved",
            "annual_yen_saved",
            "effect_period_start",
            "effect_period_end",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 5})
            for name in ("summary", "challenge", "solution", "outcome", "continuity", "references")
        } | {
            "effect_period_start": forms.DateInput(attrs={"type": "date"}),
            "effect_period_end": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["tools_text"].initial = "、".join(self.instance.tools)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("effect_period_start"), data.get("effect_period_end")
        if start and end and end < start:
            self.add_error("effect_period_end", "測定期間の終了日は開始日以降にしてください。")
        return data

    def to_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        tools = TOOL_SEPARATORS.split(self.cleaned_data.get("tools_text") or "")
        data["tools"] = [t.strip() for t in tools if t.strip()]
        return data


class PublishForm(forms.Form):
    level = forms.ChoiceField(label="公開範囲", choices=Level.choices)


class ReuseForm(forms.Form):
    consultation = forms.IntegerField(label="相談番号", min_value=1)


class ImportForm(forms.Form):
    file = forms.FileField(label="事例集の交換ファイル（JSON）")


class SettingsForm(forms.Form):
    public_page = forms.BooleanField(label="公開事例のページ（/casebook/public/）を表示する", required=False)


class SearchForm(forms.Form):
    q = forms.CharField(label="キーワード", required=False, max_length=500)
    theme = forms.ChoiceField(label="テーマ", required=False, choices=[("", "すべて"), *Theme.choices])
    tool = forms.ChoiceField(label="ツール", required=False)
    municipality = forms.ChoiceField(label="団体", required=False)
    min_hours = forms.TypedChoiceField(
        label="効果（年換算の削減時間）",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "すべて"), *((str(h), f"{h:,}時間以上") for h in EFFECT_STEPS)],
    )

    def __init__(
        self, *args: Any, tools: list[str], municipalities: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tool"].choices = [("", "すべて"), *((t, t) for t in tools)]  # type: ignore[attr-defined]
        self.fields["municipality"].choices = [("", "すべて"), *municipalities]  # type: ignore[attr-defined]


class SimilarForm(forms.Form):
    text = forms.CharField(
        label="相談の内容", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    theme = forms.ChoiceField(label="テーマ", required=False, choices=[("", "指定しない"), *Theme.choices])
