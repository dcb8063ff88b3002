#!/bin/sh
# Install the Debian packages llmcost needs to build, test and benchmark, when missing.
# The list is scripts/packages.txt. Called by `make deps` (and so by `make run` and `make test`). Idempotent and quiet when
# everything is present. Add a package here, never install one by hand.
set -eu

PKGS=$(grep -vE '^[[:space:]]*(#|$)' "$(dirname "$0")/packages.txt")

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "deps: installing$missing" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2
