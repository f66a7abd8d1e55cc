from django.db import migrations, models

import yorozu.budget.models


class Migration(migrations.Migration):
    dependencies = [("budget", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="municipality",
            name="board_stamp",
            field=models.CharField(
                default=yorozu.budget.models.new_board_stamp,
                editable=False,
                help_text="公開・取込・説明文・人口の変更で変わり、各プロセスのボードのキャッシュを無効にします",
                max_length=16,
                verbose_name="ボードの版",
            ),
        ),
    ]
