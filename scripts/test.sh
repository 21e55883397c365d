#!/usr/bin/env bash
# Runs every test of the repository. Installs what the tests need first: servers for the S3/Kinesis integration
# tests go into the git-ignored .tools/ folder (npm, once; node and npm must be on PATH).
set -euo pipefail
cd "$(dirname "$0")/.."

# API servers on loopback for tests/EventRecovery.Job.Tests: kinesalite (Outputs/Kinesis) and s3rver (S3).
missing=()
[ -e .tools/node_modules/.bin/kinesalite ] || missing+=(kinesalite@3.3.3)
[ -e .tools/node_modules/.bin/s3rver ] || missing+=(s3rver@3.7.1)
if [ ${#missing[@]} -gt 0 ]; then
  npm install --prefix .tools --no-audit --no-fund "${missing[@]}"
fi

dotnet test EventRecovery.slnx -c Release --nologo "$@"
