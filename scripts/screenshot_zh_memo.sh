#!/usr/bin/env bash
# The review memo of a Chinese sample contract (analyzer memo --lang-out zh) as LibreOffice Writer
# renders it, first two pages as PNGs: the explanations and lawyer-check reasons in Chinese.
#   bash scripts/screenshot_zh_memo.sh [OUT_PREFIX]
# Needs: the project's .venv (make demo), LibreOffice Writer (apt-get install
# libreoffice-writer-nogui), pdftoppm (apt-get install poppler-utils), a CJK font
# (fonts-wqy-microhei).
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${1:-docs/img/zh_memo}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.venv/bin/analyzer memo sample_contracts/zh/bpo_call_centre_no_ip.txt --lang-out zh \
  --out "$work/memo.docx" >/dev/null
soffice --headless --convert-to pdf --outdir "$work" "$work/memo.docx" >/dev/null 2>&1
pdftoppm -r 80 -f 1 -l 2 -png "$work/memo.pdf" "$work/page"
mkdir -p "$(dirname "$prefix")"
i=1
for page in "$work"/page*.png; do
  cp "$page" "${prefix}_${i}.png"
  echo "${prefix}_${i}.png"
  i=$((i + 1))
done
