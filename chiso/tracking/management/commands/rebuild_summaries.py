"""`chiso rebuild-summaries`: write every plan's kept figures and summary rows from scratch."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from chiso.plans.models import Plan
from chiso.tracking.summaries import rebuild_all


class Command(BaseCommand):
    help = "Tính lại từ đầu số liệu tổng hợp của mọi kế hoạch (nhiệm vụ, báo cáo theo kỳ)."

    def handle(self, *args, **options):
        with tqdm(total=Plan.objects.count(), unit="plan", disable=None) as bar:
            plans = rebuild_all(progress=bar.update)
        self.stdout.write(f"{plans} kế hoạch: đã tính lại số liệu tổng hợp.")
