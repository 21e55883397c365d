#!/usr/bin/env bash
# Runs every test of the repository. Installs what the tests need first: nothing beyond the .NET SDK today;
# servers for the S3/Kinesis integration tests go into the git-ignored .tools/ folder.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet test EventRecovery.slnx -c Release --nologo "$@"
