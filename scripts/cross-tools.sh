#!/usr/bin/env bash
# What building and running event-recovery for another CPU architecture of Linux needs on this machine, installed from
# Debian's packages when absent (apt-get, through sudo unless root). Used by scripts/publish.sh and scripts/test.sh.
#
#   scripts/cross-tools.sh build RID   the Native AOT cross toolchain for RID: clang (compiler driver, --target=TRIPLE),
#                                      lld (linker), the target's C runtime and libgcc (gcc-TRIPLE, libc6-dev-ARCH-cross)
#                                      and its objcopy (binutils-TRIPLE, to strip the symbols)
#   scripts/cross-tools.sh run RID     what runs a RID binary here: qemu-user (qemu-user-static) and a private root of
#                                      the target's shared libraries the binary loads (glibc; OpenSSL, which .NET loads
#                                      for SHA-256), unpacked from Debian's packages into .tools/sysroot-RID (git-ignored;
#                                      nothing of the target architecture is installed into the system)
#   scripts/cross-tools.sh qemu RID    prints the qemu-user program for RID (exit 1 if there is none)
#
# RID is linux-arm64 or linux-x64 (the one that is not this machine's). Exits 1, saying what is missing, if the tools
# cannot be had (no apt-get, no network); scripts/publish.sh then falls back to a single-file build.
set -euo pipefail
cd "$(dirname "$0")/.."

what="${1:?usage: scripts/cross-tools.sh build|run|qemu RID}"
rid="${2:?usage: scripts/cross-tools.sh build|run|qemu RID}"

case "$rid" in
  linux-arm64) triple=aarch64-linux-gnu deb_arch=arm64 qemu_arch=aarch64 ;;
  linux-x64) triple=x86_64-linux-gnu deb_arch=amd64 qemu_arch=x86_64 ;;
  *) echo "cross-tools.sh: no cross toolchain known for $rid" >&2; exit 1 ;;
esac
# Debian spells the triple with dashes in package names (gcc-x86-64-linux-gnu).
deb_triple="${triple//_/-}"

apt_install() {
  if ! command -v apt-get >/dev/null; then
    echo "cross-tools.sh: $* missing and no apt-get to install them" >&2
    return 1
  fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "cross-tools.sh: installing $*" >&2
  $sudo apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "$@" >&2
}

qemu_program() {
  local p
  for p in "qemu-$qemu_arch-static" "qemu-$qemu_arch"; do
    if command -v "$p" >/dev/null; then command -v "$p"; return 0; fi
  done
  return 1
}

case "$what" in
  build)
    packages=()
    command -v clang >/dev/null || packages+=(clang)
    command -v ld.lld >/dev/null || packages+=(lld)
    # The C runtime start files and libgcc of the target (clang finds them in Debian's cross layout by the triple).
    ls /usr/lib/gcc-cross/"$triple"/*/crtbeginS.o >/dev/null 2>&1 || packages+=("gcc-$deb_triple")
    [ -e "/usr/$triple/lib/crt1.o" ] || packages+=("libc6-dev-$deb_arch-cross")
    command -v "$triple-objcopy" >/dev/null || packages+=("binutils-$deb_triple")
    if [ ${#packages[@]} -gt 0 ]; then apt_install "${packages[@]}" || exit 1; fi
    ;;
  run)
    qemu_program >/dev/null || apt_install qemu-user-static || exit 1
    root=".tools/sysroot-$rid"
    if [ ! -e "$root/.complete" ]; then
      command -v apt-get >/dev/null || { echo "cross-tools.sh: no apt-get to fetch the $deb_arch libraries" >&2; exit 1; }
      sudo=""
      [ "$(id -u)" -eq 0 ] || sudo="sudo"
      # The package lists of the target architecture, for this download only: the system's dpkg configuration keeps
      # the architectures it has.
      arch_opts=(-o "APT::Architectures::=$(dpkg --print-architecture)" -o "APT::Architectures::=$deb_arch")
      $sudo apt-get "${arch_opts[@]}" update -q >&2
      debs="$(mktemp -d)"
      trap 'rm -rf "$debs"' EXIT
      (cd "$debs" && apt-get "${arch_opts[@]}" -o APT::Sandbox::User="$(id -un)" download "libc6:$deb_arch" "libssl3:$deb_arch" >&2)
      rm -rf "$root"
      mkdir -p "$root"
      for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$root"; done
      rm -rf "$root/usr/share"
      touch "$root/.complete"
    fi
    echo "cross-tools.sh: $rid binaries run here with $(qemu_program) and QEMU_LD_PREFIX=$root" >&2
    ;;
  qemu)
    qemu_program || { echo "cross-tools.sh: no qemu-$qemu_arch(-static) on PATH" >&2; exit 1; }
    ;;
  *) echo "usage: scripts/cross-tools.sh build|run|qemu RID" >&2; exit 1 ;;
esac
