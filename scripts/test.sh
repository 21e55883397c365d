#!/usr/bin/env bash
# Runs every test of the repository. Installs what the tests need first: servers for the S3/Kinesis integration
# tests go into the git-ignored .tools/ folder (npm, once; node and npm must be on PATH).
set -euo pipefail
cd "$(dirname "$0")/.."

# Kinesis API on loopback for tests/EventRecovery.Job.Tests/Outputs/Kinesis.
if [ ! -e .tools/node_modules/.bin/kinesalite ]; then
  npm install --prefix .tools --no-audit --no-fund kinesalite@3.3.3
fi

dotnet test EventRecovery.slnx -c Release --nologo "$@"
