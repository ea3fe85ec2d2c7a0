from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from enforcement.demo import load_demo


class Command(BaseCommand):
    help = "Load demo courts, agencies and one user per role; print each login with a fresh password."

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep-passwords", action="store_true", help="do not reset existing demo passwords"
        )
        parser.add_argument(
            "--site-url",
            default="",
            help="the address the site is served on, for the login link printed (default: SITE_URL)",
        )

    def handle(self, *args, keep_passwords=False, site_url="", **options):
        translation.activate("zh-hans")
        rows = load_demo(reset_passwords=not keep_passwords)
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。登录账号（每次启动重新生成密码）："))
        self.stdout.write(f"  {'用户名':<12}{'密码':<16}{'姓名':<10}{'角色':<14}单位")
        for username, password, name, role, org in rows:
            self.stdout.write(f"  {username:<12}{password:<16}{name:<10}{str(role):<12}{org}")
        self.stdout.write(f"  登录地址： {(site_url or settings.SITE_URL).rstrip('/')}/login/")
