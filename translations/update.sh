#!/usr/bin/env bash
# Adds the studio's new user-visible strings to translations/*.ts (lupdate) and fills them from
# translate.py's table, which names any string still without a translation.
# lupdate reads only the studio's own headers here: given the build's include paths (CMake's
# update_translations target) it parses all of LibTorch's headers through service.cpp, for
# many minutes; the strings it finds are the same.
set -euo pipefail
cd "$(dirname "$0")/.."
qt=/usr/include/x86_64-linux-gnu/qt6
/usr/lib/qt6/bin/lupdate -I app/studio -I widgets -I "$qt" -I "$qt/QtCore" -I "$qt/QtGui" -I "$qt/QtWidgets" \
  app/studio/*.cpp widgets/*.cpp -ts translations/perceiver-studio_de.ts translations/perceiver-studio_zh_CN.ts \
  -no-obsolete -locations none
python3 translations/translate.py
