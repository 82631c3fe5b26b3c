#!/bin/bash
# Remakes the Inkscape fixtures (tests/test_inkscape.py). Needs Inkscape 1.x, Xvfb and D-Bus:
#   apt-get install -y inkscape xvfb xauth dbus
# Tests never run this; they use the files it wrote. Run it from the repository root:
#   bash tests/data/inkscape/make.sh
#
# For every template of brandbook/templates/:
#   original/NAME.svg   a copy of the template as committed
#   inkscape/NAME.svg   opened in Inkscape's window and saved with File ▸ Save (Inkscape SVG),
#                       after moving the background 1 px right and back, so there is a change
#                       to save (Inkscape then rewrites the gradient in user space, as it does
#                       for any designer who moves things)
#   plain/NAME.svg      exported by the command line as plain SVG (File ▸ Save As ▸ Plain SVG)
# and two files that show what editing does:
#   moved/square.svg    the slots layer moved by (10, -20) and the QR group by (-30, 0) in the
#                       window, then saved: Inkscape writes transform="translate(…)" on groups
#   legacy/square.svg   the square template from before data-slot (id="slot-url" twice), saved
#                       by Inkscape: the second copy's id becomes "rect…", its slot is lost
set -eu
here=tests/data/inkscape
inkscape --version
rm -rf "$here"/{original,inkscape,plain,moved,legacy}
mkdir -p "$here"/{original,inkscape,plain,moved,legacy}
cp brandbook/templates/*.svg "$here/original/"

gui_save() {  # FILE [ID DX DY]...: open FILE in the window, move objects, press Save
  cat > /tmp/pressroom-inkscape-gui.sh <<'GUI'
set -u
f=$1; shift
inkscape --with-gui "$f" >/dev/null 2>&1 &
pid=$!
for i in $(seq 1 120); do
  gdbus introspect --session --dest org.inkscape.Inkscape \
    --object-path /org/inkscape/Inkscape/window/1 >/dev/null 2>&1 && break
  sleep 0.5
done
sleep 2
call() { gdbus call --session --dest org.inkscape.Inkscape --object-path "$1" \
  --method org.gtk.Actions.Activate "$2" "$3" '{}' >/dev/null; }
app=/org/inkscape/Inkscape
while [ $# -ge 3 ]; do
  call $app select-by-id "[<'$1'>]"
  call $app transform-translate "[<'$2,$3'>]"
  call $app select-clear '[]'
  shift 3
done
call $app/window/1 document-save '[]'
sleep 2
kill $pid; wait $pid 2>/dev/null || true
GUI
  xvfb-run -a dbus-run-session bash /tmp/pressroom-inkscape-gui.sh "$@" 2>/dev/null
}

for src in "$here"/original/*.svg; do
  name=$(basename "$src")
  cp "$src" "$here/inkscape/$name"
  gui_save "$(realpath "$here/inkscape/$name")" background 1 0 background -1 0
  inkscape "$src" --export-plain-svg --export-filename="$here/plain/$name" 2>/dev/null
done
cp "$here/original/square.svg" "$here/moved/square.svg"
gui_save "$(realpath "$here/moved/square.svg")" slots 10 -20 qr -30 0
git show afad0ec:brandbook/templates/square.svg > "$here/legacy/square.svg"
gui_save "$(realpath "$here/legacy/square.svg")" background 1 0 background -1 0
ls -l "$here"/*/
