from __future__ import annotations

from django import forms

from yorozu.accounts.models import Department, User

from .models import Collection, QuestionLog


class AskForm(forms.Form):
    question = forms.CharField(
        label="質問", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}), strip=True
    )
    collection = forms.ModelChoiceField(
        Collection.objects.none(), label="対象", required=False, empty_label="閲覧できるすべての規則"
    )

    def __init__(self, *args: object, collections: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if collections is not None:
            self.fields["collection"].queryset = collections  # type: ignore[attr-defined]


class FeedbackForm(forms.Form):
    rating = forms.ChoiceField(label="評価", choices=QuestionLog.Rating.choices)
    comment = forms.CharField(label="コメント（任意）", required=False, max_length=2000)


class CollectionForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    description = forms.CharField(label="説明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    departments = forms.ModelMultipleChoiceField(
        Department.objects.all(),
        label="閲覧できる組織（未選択: 全職員）",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    roles = forms.MultipleChoiceField(
        label="閲覧できる役割（未選択: すべての役割）",
        choices=User.Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class UploadForm(forms.Form):
    files = forms.FileField(
        label="規則のファイル（例規集HTML・e-Gov XML・Markdown・テキスト・PDF・Word）",
        widget=forms.ClearableFileInput(attrs={"allow_multiple_selected": True}),
    )


class SynonymForm(forms.Form):
    term = forms.CharField(label="質問での言い方", max_length=50, help_text="例: 弁償")
    synonyms = forms.CharField(
        label="規則での言い方", max_length=200, help_text="読点（、）で区切って複数書けます。例: 賠償、損害"
    )

    def clean_synonyms(self) -> str:
        value = str(self.cleaned_data["synonyms"])
        if not [w for w in value.replace(",", "、").split("、") if w.strip()]:
            raise forms.ValidationError("規則での言い方を1つ以上入力してください。")
        return value
