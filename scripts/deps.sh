#!/bin/sh
# Install the Debian packages llmcost needs to build, test and benchmark, when missing.
# The list is scripts/packages.txt. Called by `make deps` (and so by `make run` and `make
# test`). Idempotent and quiet when everything is present. Add a package there, never
# install one by hand.
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
# nginx-light is a test tool here (the HTTP/2 provider in src/gateway/tests/test_tls.c runs
# its own nginx on a loopback port), not a service: Debian would start a system nginx on
# port 80 at install. A policy-rc.d that says "no" (invoke-rc.d's documented hook, what
# container images ship) keeps it stopped; one the machine already has is left alone.
case " $missing " in
*" nginx-light "*)
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
		$SUDO chmod 755 /usr/sbin/policy-rc.d
		trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
	fi
	;;
esac
$SUDO apt-get update -qq >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2
