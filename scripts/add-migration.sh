#!/usr/bin/env bash
# Scaffolds an EF Core migration into src/ResourceMap.Infrastructure/Persistence/Migrations (what
# `dotnet ef migrations add` does), through the API's own entry point so no global tool is needed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ $# -eq 1 ] || { echo "usage: scripts/add-migration.sh <MigrationName>" >&2; exit 2; }
dotnet build "$REPO_ROOT/src/ResourceMap.Api/ResourceMap.Api.csproj" -v quiet -nologo >/dev/null
cd "$REPO_ROOT/src/ResourceMap.Api"
ConnectionStrings__ResourceMap="$(connection_string resourcemap)" \
  dotnet bin/Debug/net10.0/ResourceMap.Api.dll add-migration "$1" "$REPO_ROOT/src/ResourceMap.Infrastructure"
