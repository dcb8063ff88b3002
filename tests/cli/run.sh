#!/bin/bash
# tests/cli/run.sh BUILD_DIR [FILE.t...] - data-driven CLI tests in the style of cram.
#
# A .t file is prose with indented examples. A line "  $ cmd" runs cmd (lines "  > more"
# continue it) with bash, from the repository root, with BUILD_DIR first on PATH and a fresh
# private HOME, XDG folders and LLMCOST_LEDGER for the whole file ($TESTTMP names that folder).
# The indented lines that follow are the expected stdout+stderr; a last line "  [N]" is the
# expected exit status when it is not 0. Each command runs in its own shell (variables do not
# carry over; files in $TESTTMP do). An expected line ending in " (re)" is a bash regular
# expression (anchored). Each command is one test. Prints "cli: N passed, N failed".
set -u
build=${1:?usage: tests/cli/run.sh BUILD_DIR [FILE.t...]}
shift
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "$build" && pwd)
[ $# -gt 0 ] || set -- "$root"/tests/cli/*.t
pass=0
fail=0

run_file() {
	local t=$1 tmp cmd expect want_rc got rc n=0 line
	tmp=$(mktemp -d)
	local -a cmds=() exps=() rcs=() lines=()
	local cur=-1
	while IFS= read -r line || [ -n "$line" ]; do
		case "$line" in
		'  $ '*)
			cur=$((cur + 1)); cmds[cur]=${line#'  $ '}; exps[cur]=""; rcs[cur]=0; lines[cur]=$((n + 1)) ;;
		'  > '*)
			[ $cur -ge 0 ] && cmds[cur]+=$'\n'"${line#'  > '}" ;;
		'  ['[0-9]*']')
			[ $cur -ge 0 ] && { rcs[cur]=${line#'  ['}; rcs[cur]=${rcs[cur]%']'}; } ;;
		'  '*)
			[ $cur -ge 0 ] && exps[cur]+="${line#'  '}"$'\n' ;;
		*)
			# prose ends the expected output of the previous command
			[ $cur -ge 0 ] && [ -n "$line" ] && cur=$cur ;;
		esac
		n=$((n + 1))
	done <"$t"
	local i
	for i in "${!cmds[@]}"; do
		got=$(cd "$root" && env -i PATH="$build:/usr/local/bin:/usr/bin:/bin" HOME="$tmp/home" \
			XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" \
			LLMCOST_LEDGER="$tmp/ledger.db" TESTTMP="$tmp" TZ=UTC NO_COLOR=1 LANG=C.UTF-8 \
			ASAN_OPTIONS="${ASAN_OPTIONS:-}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" \
			bash -c "mkdir -p \"\$HOME\"; ${cmds[i]}" 2>&1; echo "[rc=$?]")
		rc=${got##*\[rc=}; rc=${rc%]}
		got=${got%\[rc=*}
		if match "${exps[i]}" "$got" && [ "$rc" = "${rcs[i]}" ]; then
			pass=$((pass + 1))
			echo "ok   ${t#"$root"/}:${lines[i]}"
		else
			fail=$((fail + 1))
			echo "FAIL ${t#"$root"/}:${lines[i]}: \$ ${cmds[i]}"
			echo "  --- expected (exit ${rcs[i]})"; printf '%s' "${exps[i]}" | sed 's/^/  /'
			echo "  +++ got (exit $rc)"; printf '%s' "$got" | sed 's/^/  /'
		fi
	done
	rm -rf "$tmp"
}

# match EXPECTED GOT: line by line, literal or " (re)" regular expressions.
match() {
	local -a e g
	local i
	mapfile -t e <<<"${1%$'\n'}"
	mapfile -t g <<<"${2%$'\n'}"
	[ -z "$1" ] && e=()
	[ -z "$2" ] && g=()
	[ ${#e[@]} -eq ${#g[@]} ] || return 1
	for i in "${!e[@]}"; do
		if [[ "${e[i]}" == *' (re)' ]]; then
			[[ "${g[i]}" =~ ^${e[i]% (re)}$ ]] || return 1
		else
			[ "${e[i]}" = "${g[i]}" ] || return 1
		fi
	done
	return 0
}

for t in "$@"; do
	run_file "$t"
done
echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
