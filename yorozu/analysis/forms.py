from __future__ import annotations

from typing import Any

from django import forms

from yorozu.accounts.models import Department, User
from yorozu_core.analysis.columns import KIND_LABELS

from .selectors import consultations_for
from .services import KINDS


class UploadForm(forms.Form):
    name = forms.CharField(label="データの名前", max_length=200)
    department = forms.ModelChoiceField(Department.objects.none(), label="所管課")
    consultation = forms.ModelChoiceField(
        Department.objects.none(), label="相談（任意）", required=False, empty_label="（相談に結びつけない）"
    )
    sheet = forms.CharField(
        label="シート名（表計算ファイルで、最初のシート以外を読むとき）", max_length=100, required=False
    )
    file = forms.FileField(
        label="ファイル（CSV・TSV・xlsx・xls・ods、100 MB・100万行まで）",
        help_text="CSV は UTF-8（BOM 付きも可）または Shift_JIS（CP932）。1行目は見出し。",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments = Department.objects.filter(kind=Department.Kind.SECTION).order_by("sort_order", "name")
        if not user.sees_all_departments:
            departments = departments.filter(pk=user.department_id)
            self.fields["department"].initial = user.department_id
        self.fields["department"].queryset = departments
        self.fields["consultation"].queryset = consultations_for(user=user)

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None:  # the second step of a workbook upload: the file is already stored
            return None
        suffix = (upload.name or "").rsplit(".", 1)[-1].lower()
        if suffix not in KINDS:
            raise forms.ValidationError(
                f"「{upload.name}」は読めない種類のファイルです（CSV・TSV・xlsx・xls・ods）。"
            )
        return upload


class ReplaceForm(forms.Form):
    sheet = forms.CharField(
        label="シート名（表計算ファイルのとき、空なら前回と同じ）", max_length=100, required=False
    )
    file = forms.FileField(label="新しいファイル（同じ列のもの）")


class ColumnForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label="型", choices=[(k.value, label) for k, label in KIND_LABELS.items()])
    separator = forms.CharField(label="区切り文字（複数選択）", max_length=3, required=False, strip=False)
    order = forms.CharField(
        label="選択肢の順番（順序尺度、良い方から「、」区切り）", max_length=500, required=False
    )


class ShareForm(forms.Form):
    departments = forms.ModelMultipleChoiceField(
        Department.objects.filter(kind=Department.Kind.SECTION).order_by("sort_order", "name"),
        label="共有する課",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class StopWordsForm(forms.Form):
    stop_words = forms.CharField(
        label="除外語（1行に1語、辞書形で）", widget=forms.Textarea(attrs={"rows": 6}), required=False
    )


class SaveForm(forms.Form):
    view = forms.ChoiceField(label="保存先", required=False)
    name = forms.CharField(label="新しく作るときの名前", max_length=200, required=False)


class ViewEditForm(forms.Form):
    name = forms.CharField(label="名前", max_length=200)
    description = forms.CharField(label="説明", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    is_public = forms.BooleanField(label="一般に公開する（ログイン不要の公開ページ）", required=False)
    min_count = forms.IntegerField(
        label="公開時に伏せる件数（この件数未満は「*」）", min_value=1, max_value=100
    )
    public_answers = forms.TypedMultipleChoiceField(
        label="公開する自由記述（1件ずつ選ぶ）",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class TownListForm(forms.Form):
    city_name = forms.CharField(label="区市町村名", max_length=50)
    towns = forms.CharField(
        label="町丁目（1行に1つ）", widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    postal_codes = forms.CharField(
        label="郵便番号（1行に1つ）", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
