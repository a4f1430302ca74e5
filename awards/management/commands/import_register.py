"""manage.py import_register KIND FILE [--dry-run]: the API's Excel import, from a shell."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from awards import imports


class Command(BaseCommand):
    help = "Nhập sổ khen thưởng từ tệp Excel: people, ratings, initiatives, award-records."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(imports.KINDS))
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không lưu.")

    def handle(self, *args, kind: str, file: str, dry_run: bool, **options):
        spec = imports.KINDS[kind]
        try:
            with open(file, "rb") as upload:
                report = imports.run_import(spec, upload, dry_run=dry_run)
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from None
        except imports.PayloadTooLarge as exc:
            raise CommandError(exc.message) from None
        for problem in report.errors:
            self.stderr.write(
                f"dòng {problem.row}, cột {problem.column or '—'} {problem.cell}: {problem.message}"
            )
        summary = (
            f"{'Kiểm tra' if dry_run else 'Đã nhập'} {report.rows} dòng: "
            f"{report.created} mới, {report.updated} cập nhật, {report.unchanged} không đổi."
        )
        if report.errors:
            raise CommandError(f"{len(report.errors)} lỗi; chưa lưu gì.")
        self.stdout.write(summary)
