#!/bin/sh
# Install Cliens TK for the current user, without administrator rights:
#   the program in ~/.local/bin, the menu entry and the icon in ~/.local/share.
#
#   sh install.sh [PATH/TO/cliens-tk]      install (default: the cliens-tk beside this script,
#                                          else dist/cliens-tk of the source tree)
#   sh install.sh --uninstall              remove program, menu entry and icon (the archive stays)
#
# The program lives in a folder the user can write, so it can install its own updates.
set -eu

HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
BIN_DIR="$HOME/.local/bin"
DATA_HOME="${XDG_DATA_HOME:-$HOME/.local/share}"
APPS_DIR="$DATA_HOME/applications"
ICON_DIR="$DATA_HOME/icons/hicolor/256x256/apps"

refresh_menus() {
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$APPS_DIR" || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$DATA_HOME/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -f "$BIN_DIR/cliens-tk" "$BIN_DIR/cliens-tk.new" "$APPS_DIR/cliens-tk.desktop" "$ICON_DIR/cliens-tk.png"
    refresh_menus
    echo "Cliens TK rimosso. L'archivio e le copie di sicurezza restano in ${XDG_DATA_HOME:-$HOME/.local/share}/cliens-tk"
    exit 0
fi

BINARY="${1:-}"
if [ -z "$BINARY" ]; then
    for candidate in "$HERE/cliens-tk" "$HERE/../../dist/cliens-tk"; do
        if [ -f "$candidate" ]; then BINARY="$candidate"; break; fi
    done
fi
if [ -z "$BINARY" ] || [ ! -f "$BINARY" ]; then
    echo "Programma cliens-tk non trovato: indicarne il percorso, per esempio  sh install.sh ~/Scaricati/cliens-tk" >&2
    exit 2
fi
ICON=""
for candidate in "$HERE/cliens-tk.png" "$HERE/../../cliens_tk/assets/cliens-tk.png"; do
    if [ -f "$candidate" ]; then ICON="$candidate"; break; fi
done

mkdir -p "$BIN_DIR" "$APPS_DIR" "$ICON_DIR"
install -m 755 "$BINARY" "$BIN_DIR/cliens-tk.new"
mv -f "$BIN_DIR/cliens-tk.new" "$BIN_DIR/cliens-tk"
if [ -n "$ICON" ]; then install -m 644 "$ICON" "$ICON_DIR/cliens-tk.png"; fi
# The menu may not search ~/.local/bin: the entry names the program by its full path.
sed -e "s|^Exec=.*|Exec=\"$BIN_DIR/cliens-tk\"|" -e "s|^TryExec=.*|TryExec=$BIN_DIR/cliens-tk|" \
    "$HERE/cliens-tk.desktop" > "$APPS_DIR/cliens-tk.desktop"
chmod 644 "$APPS_DIR/cliens-tk.desktop"
refresh_menus
echo "Cliens TK installato in $BIN_DIR/cliens-tk; si avvia dal menu delle applicazioni (Ufficio)."
