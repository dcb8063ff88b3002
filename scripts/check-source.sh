#!/bin/sh
# scripts/check-source.sh - source rules a compiler does not check (run by `make test`):
#   - no banned functions (strcpy, strcat, sprintf, vsprintf, atoi, atol, atoll, strtok, gets):
#     each has a bounded or checked replacement (memcpy/snprintf/strtol...);
#   - every C file under src/, cli/ and fuzz/ opens with a comment saying what it owns.
# Prints "lint: N passed, N failed" (one check per rule).
set -u
cd "$(dirname "$0")/.." || exit 2
pass=0
fail=0
banned=$(grep -rnE '(^|[^_a-zA-Z0-9.>])(strcpy|strcat|sprintf|vsprintf|atoi|atol|atoll|strtok|gets)[[:space:]]*\(' \
	--include='*.c' --include='*.h' src cli fuzz include tools bench 2>/dev/null |
	grep -vE '^[^:]+:[0-9]+:[[:space:]]*(\*|//|/\*)')
if [ -n "$banned" ]; then
	echo "banned functions:"
	echo "$banned"
	fail=$((fail + 1))
else
	pass=$((pass + 1))
fi
nohead=""
for f in $(git ls-files 'src/*.c' 'src/*.h' 'cli/*.c' 'cli/*.h' 'fuzz/*.c' 'include/*.h' 2>/dev/null); do
	head -c 2 "$f" | grep -q '/\*' || nohead="$nohead $f"
done
if [ -n "$nohead" ]; then
	echo "files without a leading comment:$nohead"
	fail=$((fail + 1))
else
	pass=$((pass + 1))
fi
echo "lint: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
