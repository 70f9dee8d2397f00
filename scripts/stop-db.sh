#!/usr/bin/env bash
# Stops the project-local PostgreSQL cluster (only the one this checkout created).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
stop_cluster
