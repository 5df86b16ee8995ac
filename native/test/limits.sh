#!/bin/sh
# The C parent's size limits (issue 15), held by `make test`: no file over MAX_FILE lines and no
# function over MAX_FUNC, a function counted from its opening line (the first line of its
# signature, at column 0) to its closing brace (a `}` at column 0). The style this relies on is
# the tree's: a function's `{` and `}` on lines of their own at column 0 (or `) {` ending the
# signature), everything inside indented.
#   test/limits.sh FILE...     prints the longest function of each file; exit 1 if over a limit
set -u
MAX_FILE=${MAX_FILE:-500}
MAX_FUNC=${MAX_FUNC:-60}
[ $# -gt 0 ] || { echo "usage: $0 FILE..." >&2; exit 2; }
awk -v max_file="$MAX_FILE" -v max_func="$MAX_FUNC" '
function finish_file() {
    if (file == "")
        return
    if (lines > max_file) {
        print "limits: " file ": " lines " lines, over " max_file
        bad = 1
    }
    printf "limits: %-28s %4d lines, longest function %s (%d lines)\n", file, lines,
        longest_name == "" ? "-" : longest_name, longest
}
FNR == 1 { finish_file(); file = FILENAME; longest = 0; longest_name = ""; in_func = 0; start = 0 }
{ lines = FNR }
# A signature begins at column 0; its continuation lines are indented; the body opens with `{`.
!in_func && /^[A-Za-z_]/ { start = FNR; sig = $0 }
!in_func && start && (/^\{[ \t]*$/ || (FNR == start && /\)[ \t]*\{[ \t]*$/)) { in_func = 1; next }
!in_func && /^[^ \t]/ && !/^[A-Za-z_]/ { start = 0 }
in_func && /^\}/ {
    in_func = 0
    n = FNR - start + 1
    name = sig
    while (match(name, /[A-Za-z_][A-Za-z0-9_]*[ \t]*\(/)) {
        last = substr(name, RSTART, RLENGTH - 1)
        name = substr(name, RSTART + RLENGTH)
    }
    name = last
    if (n > longest) { longest = n; longest_name = name }
    if (n > max_func) {
        print "limits: " file ":" start ": " name "() is " n " lines, over " max_func
        bad = 1
    }
    start = 0
}
END { finish_file(); exit bad }
' "$@"
