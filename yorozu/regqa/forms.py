from __future__ import annotations

from django import forms

from yorozu.accounts.models import Department, User

from .models import Collection, Document, QuestionLog


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


class MarkForm(forms.Form):
    """What answers a logged question: a regulation and its article, or 対象外 (works without JS)."""

    mark = forms.ChoiceField(
        label="確認結果",
        choices=[
            (QuestionLog.Mark.ARTICLE, "この条文が答え"),
            (QuestionLog.Mark.NOT_COVERED, "規則に定めがない（対象外）"),
            ("", "未確認に戻す"),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    document = forms.ModelChoiceField(
        Document.objects.none(), label="規則", required=False, empty_label="規則を選んでください"
    )
    article = forms.CharField(
        label="条", required=False, max_length=40, help_text="例: 第5条、5、第十七条の二、附則第2条"
    )

    def __init__(self, *args: object, documents: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if documents is not None:
            field = self.fields["document"]
            field.queryset = documents  # type: ignore[attr-defined]
            field.label_from_instance = lambda d: f"{d.title}（{d.collection}）"  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("mark") == QuestionLog.Mark.ARTICLE:
            if not data.get("document"):
                self.add_error("document", "正解の規則を選んでください。")
            if not str(data.get("article") or "").strip():
                self.add_error("article", "条を入力してください（例: 第5条、5、附則第2条）。")
        return data


class SynonymPairForm(forms.Form):
    """One suggested pair, added with one click."""

    term = forms.CharField(max_length=50)
    word = forms.CharField(max_length=50)
