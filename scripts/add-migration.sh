#!/usr/bin/env bash
# Scaffolds an EF Core migration into src/ResourceMap.Infrastructure/Persistence/Migrations with `dotnet ef`, the
# local tool pinned in dotnet-tools.json. The Infrastructure project is its own startup project: its
# DesignTimeDbContextFactory builds the model, so the API (and its output) never carries the EF design packages.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ $# -eq 1 ] || { echo "usage: scripts/add-migration.sh <MigrationName>" >&2; exit 2; }
cd "$REPO_ROOT"
dotnet tool restore >/dev/null
ConnectionStrings__ResourceMap="$(connection_string resourcemap)" \
  dotnet ef migrations add "$1" \
    --project src/ResourceMap.Infrastructure --startup-project src/ResourceMap.Infrastructure \
    --output-dir Persistence/Migrations --namespace ResourceMap.Infrastructure.Persistence.Migrations
