#!/bin/sh
# Make the macOS disk image dist/cliens-tk-<version>.dmg from dist/Cliens TK.app
# (built on macOS by `python build/build.py`; `python build/build.py --installer` runs this too).
# The image holds the app and a link to /Applications, to install it by dragging.
# Set CODESIGN_IDENTITY to sign the app and the image (notarization is a separate step).
set -eu

ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/../.." && pwd)
APP="$ROOT/dist/Cliens TK.app"
if [ ! -d "$APP" ]; then
    echo "$APP not found: run python build/build.py first" >&2
    exit 2
fi
VERSION=$(/usr/libexec/PlistBuddy -c "Print CFBundleShortVersionString" "$APP/Contents/Info.plist")
DMG="$ROOT/dist/cliens-tk-$VERSION.dmg"
STAGING=$(mktemp -d)
trap 'rm -rf "$STAGING"' EXIT

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
    codesign --force --deep --options runtime --sign "$CODESIGN_IDENTITY" "$APP"
fi
ditto "$APP" "$STAGING/Cliens TK.app"
ln -s /Applications "$STAGING/Applications"
rm -f "$DMG"
hdiutil create -volname "Cliens TK $VERSION" -srcfolder "$STAGING" -fs HFS+ -format UDZO -ov "$DMG"
if [ -n "${CODESIGN_IDENTITY:-}" ]; then
    codesign --force --sign "$CODESIGN_IDENTITY" "$DMG"
fi
echo "$DMG"
