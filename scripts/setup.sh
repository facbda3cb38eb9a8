#!/bin/sh
# setup.sh: installs what gktab needs to build and test on Debian, then configures
# and builds it in build/. Sourced by ../run.sh and ../test.sh; safe to run again.
set -eu

GK_PACKAGES="meson ninja-build pkg-config gcc libc6-dev libglib2.0-dev libxml2-dev \
libzip-dev libpoppler-glib-dev libcairo2-dev libcmocka-dev jq libjson-glib-dev parallel \
python3 chromium fonts-noto-cjk libjemalloc2"

gk_install_missing() {
  missing=""
  for p in $GK_PACKAGES "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
      missing="$missing $p"
  done
  [ -z "$missing" ] && return 0
  echo "gktab set-up: installing:$missing" >&2
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
}

# gk_build DIR [meson options…]: configure (or reconfigure, so new fixtures are seen)
# and build.
gk_build() {
  dir=$1
  shift
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@" >/dev/null
  fi
  ninja -C "$dir" >/dev/null
}
