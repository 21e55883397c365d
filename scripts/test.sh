#!/usr/bin/env bash
# Runs every test of the repository. Installs what the tests need first: Node.js, a C toolchain (to link the
# native binary scripts/publish.sh builds) and the chromium browser (driven by Playwright in the browser tests; its
# own browser download is not used) from Debian's packages if they are absent; the cross toolchain that builds
# the linux-arm64 binary and qemu-user with the arm64 libraries that run it here (scripts/cross-tools.sh: Debian's
# packages if absent, the libraries unpacked into .tools/sysroot-linux-arm64); then the S3 and Kinesis API servers
# (s3rver, kinesalite) into the git-ignored .tools/ folder, once.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then packages+=(nodejs npm); fi
if ! command -v clang >/dev/null && ! command -v gcc >/dev/null; then packages+=(clang); fi
if [ ! -x /usr/bin/chromium ]; then packages+=(chromium); fi
if [ ${#packages[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q && $sudo apt-get install -y -q "${packages[@]}"
fi

# The publish test builds the other architecture's binary (linux-arm64 on an x64 machine, and the reverse) as native
# code and runs it under qemu-user.
case "$(uname -m)" in
  x86_64) other_rid=linux-arm64 ;;
  aarch64 | arm64) other_rid=linux-x64 ;;
  *) other_rid="" ;;
esac
if [ -n "$other_rid" ]; then
  bash scripts/cross-tools.sh build "$other_rid"
  bash scripts/cross-tools.sh run "$other_rid"
fi

# API servers on loopback, started by the tests themselves (tests/EventRecovery.Testing).
missing=()
[ -e .tools/node_modules/.bin/kinesalite ] || missing+=(kinesalite@3.3.3)
[ -e .tools/node_modules/.bin/s3rver ] || missing+=(s3rver@3.7.1)
if [ ${#missing[@]} -gt 0 ]; then
  npm install --prefix .tools --no-audit --no-fund "${missing[@]}"
fi

# Layout is CSharpier's (.csharpierrc.json: lines within 140 characters; only string literals, which it never
# splits, may run longer). A file it would change fails the run: 'dotnet csharpier format .' fixes it.
dotnet tool restore >/dev/null
dotnet csharpier check .

# CI=true: every warning (analyzers, code style, XML docs of the public surface) fails the build (Directory.Build.props).
CI=true dotnet test EventRecovery.slnx -c Release --nologo "$@"
