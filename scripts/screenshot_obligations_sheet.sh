#!/usr/bin/env bash
# The Obligations sheet of the sample portfolio as LibreOffice Calc renders it (who must do what,
# for whom, by when), as a PNG: the first printed page of a copy of the workbook that keeps only
# that sheet.
#   bash scripts/screenshot_obligations_sheet.sh [OUT.png]
# Needs: the project's .venv (make demo), LibreOffice Calc (apt-get install libreoffice-calc-nogui),
# pdftoppm (apt-get install poppler-utils); a CJK font (fonts-wqy-microhei) for the Chinese rows.
set -euo pipefail
cd "$(dirname "$0")/.."
out_png=${1:-docs/img/obligations_sheet.png}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.venv/bin/analyzer portfolio sample_contracts --out "$work/out" --workers 1 >/dev/null 2>&1
.venv/bin/python - "$work/out/portfolio.xlsx" "$work/obligations.xlsx" <<'PY'
import sys

from openpyxl import load_workbook

book = load_workbook(sys.argv[1])
for name in book.sheetnames:
    if name != "Obligations":
        del book[name]
sheet = book["Obligations"]
sheet.page_setup.orientation = "landscape"
sheet.page_setup.fitToWidth = 1
sheet.page_setup.fitToHeight = 0
sheet.sheet_properties.pageSetUpPr.fitToPage = True
book.save(sys.argv[2])
PY
soffice -env:UserInstallation="file://$work/profile" --headless --convert-to pdf --outdir "$work" \
  "$work/obligations.xlsx" >/dev/null 2>&1
pdftoppm -r 110 -f 1 -l 1 -png "$work/obligations.pdf" "$work/page"
mkdir -p "$(dirname "$out_png")"
cp "$work"/page*.png "$out_png"
echo "$out_png"
