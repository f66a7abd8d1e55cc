from __future__ import annotations

from django import forms

from yorozu_core.budget import FORMATS, HOUSEHOLDS

from .models import Budget, Municipality


class UploadForm(forms.Form):
    municipality = forms.ModelChoiceField(Municipality.objects.all(), label="団体")
    fiscal_year = forms.IntegerField(label="年度（西暦の開始年）", min_value=1950, max_value=2200)
    phase = forms.ChoiceField(label="予算の段階", choices=Budget.Phase.choices, initial=Budget.Phase.INITIAL)
    phase_number = forms.IntegerField(
        label="補正の号数", min_value=0, max_value=99, initial=0, required=False
    )
    unit = forms.ChoiceField(
        label="金額の単位",
        required=False,
        choices=[("", "自動（ファイルから判断）"), ("円", "円"), ("千円", "千円")],
    )
    format = forms.ChoiceField(
        label="形式", required=False, choices=[("", "自動判別"), *[(f.name, f.label) for f in FORMATS]]
    )
    file = forms.FileField(label="予算ファイル（CSV・xlsx・xls・ods）")


class ConfirmForm(forms.Form):
    token = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)
    municipality = forms.ModelChoiceField(Municipality.objects.all(), widget=forms.HiddenInput)
    fiscal_year = forms.IntegerField(widget=forms.HiddenInput)
    phase = forms.ChoiceField(choices=Budget.Phase.choices, widget=forms.HiddenInput)
    phase_number = forms.IntegerField(widget=forms.HiddenInput, required=False)
    unit = forms.CharField(widget=forms.HiddenInput, required=False)
    format = forms.CharField(widget=forms.HiddenInput, required=False)
    source = forms.CharField(widget=forms.HiddenInput, max_length=200)
    publish = forms.BooleanField(label="取り込んだらすぐに公開する", required=False)


class MunicipalityForm(forms.ModelForm):
    class Meta:
        model = Municipality
        fields = ["code", "name", "designated_city", "intro"]


class PopulationForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=1900, max_value=2200)
    population = forms.IntegerField(label="人口（人）", min_value=1, max_value=50_000_000)
    source = forms.CharField(label="出典", max_length=200, required=False)


class NoteForm(forms.Form):
    text = forms.CharField(
        label="説明文（住民向け、空にすると削除）", widget=forms.Textarea, max_length=1000, required=False
    )


class TaxForm(forms.Form):
    salary = forms.IntegerField(
        label="給与収入（年額・円）", min_value=0, max_value=1_000_000_000, initial=5_000_000,
        help_text="源泉徴収票の「支払金額」。例: 5000000",
    )  # fmt: skip
    household = forms.ChoiceField(
        label="世帯", choices=[(key, label) for key, (label, _) in HOUSEHOLDS.items()], initial="single"
    )
