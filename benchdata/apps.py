from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchdataConfig(AppConfig):
    """Synthetic data at court scale for the benchmarks (manage.py generate_bench_data). No models."""

    name = "benchdata"
    verbose_name = _("Benchmark data")
