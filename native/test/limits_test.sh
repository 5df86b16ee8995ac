#!/bin/sh
# limits.sh must fail on a function over 60 lines and on a file over 500, and pass at the limits.
set -u
LIMITS=$(dirname "$0")/limits.sh
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failed=0
# func N: a C function N lines long, signature on two lines, to its closing brace.
func() {
    printf 'static int f%s(int a,\n                int b)\n{\n' "$1"
    i=4
    while [ $i -lt "$1" ]; do echo "    a += b;"; i=$((i + 1)); done
    printf '}\n'
}
pad() { i=0; while [ $i -lt "$1" ]; do echo "/* */"; i=$((i + 1)); done; }
func 60 >"$TMP/at.c"
{ func 60; pad $((500 - 60)); } >"$TMP/file_at.c"
func 61 >"$TMP/func_over.c"
{ func 10; pad $((501 - 10)); } >"$TMP/file_over.c"
sh "$LIMITS" "$TMP/at.c" "$TMP/file_at.c" >"$TMP/out" || { echo "FAIL: limits.sh refused files at the limits: $(cat "$TMP/out")"; failed=1; }
for f in func_over file_over; do
    if sh "$LIMITS" "$TMP/$f.c" >"$TMP/out"; then
        echo "FAIL: limits.sh passed $f.c"; failed=1
    fi
done
sh "$LIMITS" "$TMP/func_over.c" | grep -q "f61() is 61 lines, over 60" || { echo "FAIL: limits.sh did not name f61"; failed=1; }
sh "$LIMITS" "$TMP/file_over.c" | grep -q "501 lines, over 500" || { echo "FAIL: limits.sh did not name the file"; failed=1; }
[ $failed -eq 0 ] && echo "limits_test: all passed"
exit $failed
