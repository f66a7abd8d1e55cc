from __future__ import annotations

from typing import Any

from django import forms

from yorozu.training.models import Kind, Skill, SkillAssessment, Topic, TrainingSession

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SessionForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = TrainingSession
        fields = [
            "kind",
            "topic",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "instructor",
            "capacity",
            "description",
        ]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME}

    online_url = forms.URLField(label="オンライン参加URL", required=False, assume_scheme="https")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("place") and not cleaned.get("online_url"):
            raise forms.ValidationError("会場またはオンライン参加URLのどちらかを入力してください。")
        return cleaned

    def _post_clean(self) -> None:
        """Model validation runs in the service (with the organiser set), not here."""


class SessionFilterForm(forms.Form):
    when = forms.ChoiceField(
        label="時期",
        required=False,
        choices=[("upcoming", "これから"), ("past", "終了した研修"), ("all", "すべて")],
    )
    topic = forms.ChoiceField(label="テーマ", required=False, choices=[("", "すべて"), *Topic.choices])
    kind = forms.ChoiceField(label="種別", required=False, choices=[("", "すべて"), *Kind.choices])


class MaterialForm(forms.Form):
    file = forms.FileField(
        label="資料ファイル", help_text="PDF・PowerPoint・Word・Excel・画像・CSV・テキスト"
    )


# Each question has the answers that fit it (a 理解度 is not 「とても良い」): 5 is the best.
FEEDBACK_SCALES: dict[str, tuple[str, list[str]]] = {
    "satisfaction": (
        "研修全体にどの程度満足しましたか（満足度）",
        ["満足", "やや満足", "どちらともいえない", "やや不満", "不満"],
    ),
    "understanding": (
        "研修の内容をどの程度理解できましたか（理解度）",
        [
            "よく理解できた",
            "おおむね理解できた",
            "半分くらい理解できた",
            "あまり理解できなかった",
            "理解できなかった",
        ],
    ),
    "usefulness": (
        "学んだことを業務にどの程度活用できそうですか（業務への活用度）",
        ["すぐに活用できる", "活用できそう", "どちらともいえない", "あまり活用できない", "活用できない"],
    ),
}


def scale_field(question: str) -> forms.TypedChoiceField:
    label, answers = FEEDBACK_SCALES[question]
    choices = [(point, f"{point} {answer}") for point, answer in zip((5, 4, 3, 2, 1), answers, strict=True)]
    return forms.TypedChoiceField(label=label, choices=choices, coerce=int, widget=forms.RadioSelect)


class FeedbackForm(forms.Form):
    satisfaction = scale_field("satisfaction")
    understanding = scale_field("understanding")
    usefulness = scale_field("usefulness")
    comment = forms.CharField(
        label="感想・要望（任意）", required=False, widget=forms.Textarea, max_length=2000
    )


class AssessmentForm(forms.Form):
    skill = forms.ModelChoiceField(label="スキル", queryset=Skill.objects.all())
    kind = forms.ChoiceField(label="種別", choices=SkillAssessment.Kind.choices)
    level = forms.TypedChoiceField(
        label="レベル", choices=[(n, f"レベル{n}") for n in (1, 2, 3, 4)], coerce=int
    )
    assessed_on = forms.DateField(label="評価日", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="根拠・コメント（任意）", required=False, max_length=300)
