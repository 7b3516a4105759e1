#!/usr/bin/env sh
# Re-vendors htmx from npm (only for upgrades: the vendored file is committed, so builds never need npm).
set -eu
VERSION=2.0.11
SHA256=d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npm pack "htmx.org@$VERSION" --pack-destination "$tmp" >/dev/null
tar -xzf "$tmp/htmx.org-$VERSION.tgz" -C "$tmp" package/dist/htmx.min.js package/LICENSE
echo "$SHA256  $tmp/package/dist/htmx.min.js" | sha256sum -c -
cp "$tmp/package/dist/htmx.min.js" "$here/htmx-$VERSION.min.js"
cp "$tmp/package/LICENSE" "$here/htmx.LICENSE"
