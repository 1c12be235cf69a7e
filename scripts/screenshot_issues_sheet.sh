#!/usr/bin/env bash
# The Issues sheet of the sample portfolio as LibreOffice Calc renders it, as a PNG.
#   bash scripts/screenshot_issues_sheet.sh [OUT.png]
# Needs: the project's .venv (make demo), LibreOffice Calc (apt-get install libreoffice-calc-nogui),
# pdftoppm (apt-get install poppler-utils); a CJK font (fonts-wqy-microhei) for the Chinese quotes.
set -euo pipefail
cd "$(dirname "$0")/.."
out_png=${1:-docs/img/issues_sheet.png}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.venv/bin/analyzer portfolio sample_contracts --out "$work/out" --workers 1 >/dev/null
soffice --headless --convert-to pdf --outdir "$work" "$work/out/portfolio.xlsx" >/dev/null 2>&1
# the first printed page is the Issues sheet (the workbook opens on it)
pdftoppm -r 110 -f 1 -l 1 -png "$work/portfolio.pdf" "$work/page"
mkdir -p "$(dirname "$out_png")"
cp "$work"/page*.png "$out_png"
echo "$out_png"
