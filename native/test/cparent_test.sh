#!/bin/sh
# Runs every C reference parent through rounds, a stream with odd payloads, a dead miner and a
# timeout, with real miners; and the same through --serve (the JMH benchmarks' C parent): its
# answer lines as NativeSession parses them, malformed commands, EOF, a killed miner and a
# timed-out stream. Run by `make test` (so by `mvn verify`); by hand:
# `make OUT=/tmp/cpbuild all && sh test/cparent_test.sh /tmp/cpbuild/bin`.
# procps is not needed: children and leftover miners are looked up in /proc.
set -u
BIN=${1:-target/bin}
CP=$BIN/cparent
MINER=$BIN/miner
# every hand-off the C parent has, as its --help lists them
HANDOFFS=$("$CP" --help | sed -n 's/^hand-offs: //p')
[ -n "$HANDOFFS" ] || { echo "FAIL: no hand-offs in $CP --help"; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failed=0

fail() { echo "FAIL: $*"; failed=1; }

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }

# A serve answer's counts, as NativeSession requires them (parent_serve.c's answer line).
COUNTS=' reads=[0-9]+ writes=[0-9]+ waits=[0-9]+ other=[0-9]+ bytes_read=[0-9]+ vcsw=[0-9]+ ivcsw=[0-9]+$'
# A round's coin: miner:mined:cashed:started:nonce:digest.
COIN='[0-2]:[0-9]+:[0-9]+:[0-9]+:[0-9]+:[0-9a-f]{128}'

# miner_pid PARENT ID: the pid of PARENT's miner ID once it runs the miner binary (its argv is
# "miner --id ID --parent-pid PARENT", parent_miners.c); empty if that takes over 20 s.
miner_pid() {
    i=0
    while [ $i -lt 400 ]; do
        for kid in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
            if [ "$(tr '\0' ' ' <"/proc/$kid/cmdline" 2>/dev/null)" = "miner --id $2 --parent-pid $1 " ]; then
                echo "$kid"
                return
            fi
        done
        sleep 0.05
        i=$((i + 1))
    done
}

no_miner_left() {
    # any process whose argv has "--parent-pid PARENT": a miner of that cparent
    if cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\0' '\n' | grep -A1 -x -e '--parent-pid' | grep -qx -e "$1"; then
        fail "$2: miners left behind"
    fi
}

# kill_miner PARENT ID WHAT: SIGKILLs PARENT's miner ID, its pid left in $victim; if it never
# shows up, fails and kills PARENT rather than wait for it.
kill_miner() {
    victim=$(miner_pid "$1" "$2")
    if [ -z "$victim" ]; then
        fail "$3: no miner $2 under pid $1 after 20 s"
        kill -9 "$1"
        return
    fi
    kill -9 "$victim"
}

# await_lines FILE N: until FILE has N lines, for 20 s at the most.
await_lines() {
    i=0
    while [ "$(wc -l <"$1")" -lt "$2" ] && [ $i -lt 400 ]; do
        sleep 0.05
        i=$((i + 1))
    done
}

for h in $HANDOFFS; do
    out=$("$CP" --miner "$MINER" --handoff "$h" --miners 4 --rounds 5 --difficulty 6 2>"$TMP/err")
    [ $? -eq 0 ] || fail "$h rounds: exit $? $(cat "$TMP/err")"
    [ "$(echo "$out" | grep -c '^Mining [0-3] done, cha-ching!$')" -eq 20 ] || fail "$h rounds: not 20 cash-in lines"
    [ "$(echo "$out" | grep '^summary' | field coins)" = 20 ] || fail "$h rounds: summary coins != 20"

    out=$("$CP" --miner "$MINER" --handoff "$h" --miners 3 --stream 3000 --payload 13 --batch 7 \
          --difficulty 2 --ring-capacity 4096 --quiet --trace "$TMP/t.csv" 2>"$TMP/err")
    [ $? -eq 0 ] || fail "$h stream: exit $? $(cat "$TMP/err")"
    [ "$(echo "$out" | field coins)" = 9000 ] || fail "$h stream: summary coins != 9000"
    [ "$(head -1 "$TMP/t.csv")" = "parent,handoff,miner,round,nonce,digest,roundStartNs,startedNs,minedNs,cashedNs" ] ||
        fail "$h stream: trace header: $(head -1 "$TMP/t.csv")"
    [ "$(grep -c "^native,$h," "$TMP/t.csv")" -eq 9000 ] || fail "$h stream: trace rows != 9000"

    "$CP" --miner "$MINER" --handoff "$h" --miners 3 --difficulty 36 --quiet 2>"$TMP/err" &
    pid=$!
    kill_miner $pid 1 "$h killed miner"
    wait $pid
    rc=$?
    [ $rc -eq 1 ] || fail "$h killed miner: exit $rc"
    grep -q "round 0 (hand-off $h) failed: miner 1 (pid $victim) was killed by signal 9 (SIGKILL) before delivering its coin" \
        "$TMP/err" || fail "$h killed miner: message: $(cat "$TMP/err")"
    no_miner_left $pid "$h killed miner"

    "$CP" --miner "$MINER" --handoff "$h" --miners 2 --difficulty 40 --timeout 1 --quiet 2>"$TMP/err"
    rc=$?
    [ $rc -eq 1 ] || fail "$h timeout: exit $rc"
    grep -q "timed out after 1 s waiting for miners 0, 1" "$TMP/err" || fail "$h timeout: $(cat "$TMP/err")"

    # --serve: one answer line per command line, malformed ones included; quit ends it.
    printf 'round 0 6\nround 18446744073709551615 4\nstream 2 500 2 7 0\nbogus\nround 1\nstream 3 5 2 0 0\nquit\nround 4 4\n' |
        "$CP" --miner "$MINER" --handoff "$h" --miners 3 --payload 13 --ring-capacity 4096 --serve \
        >"$TMP/out" 2>"$TMP/err"
    rc=$?
    [ $rc -eq 0 ] || fail "$h serve: exit $rc $(cat "$TMP/err")"
    [ "$(wc -l <"$TMP/out")" -eq 7 ] || fail "$h serve: not 7 lines: $(cat "$TMP/out")"
    sed -n 1p "$TMP/out" | grep -q "^ready miners=3 handoff=$h pid=[0-9]*$" || fail "$h serve: ready line"
    spid=$(sed -n 1p "$TMP/out" | field pid)
    sed -n 2p "$TMP/out" | grep -Eq "^round 0 start=[0-9]+ end=[0-9]+ cpu=[0-9]+ coins=$COIN(,$COIN){2}$COUNTS" ||
        fail "$h serve: round 0: $(sed -n 2p "$TMP/out")"
    [ "$(sed -n 2p "$TMP/out" | field coins | tr ',' '\n' | cut -d: -f1 | sort | tr -d '\n')" = 012 ] ||
        fail "$h serve: round 0 is not one coin per miner"
    sed -n 3p "$TMP/out" | grep -q '^round 18446744073709551615 start=' || fail "$h serve: round 2^64-1"
    sed -n 4p "$TMP/out" | grep -Eq "^stream 2 start=[0-9]+ end=[0-9]+ cpu=[0-9]+ coins=1500 bytes=19500 delay_p50=[0-9]+ delay_p99=[0-9]+ delay_p999=[0-9]+ delay_max=[0-9]+$COUNTS" ||
        fail "$h serve: stream: $(sed -n 4p "$TMP/out")"
    sed -n 5,7p "$TMP/out" | grep -c '^error ' | grep -q '^3$' || fail "$h serve: malformed commands not answered error"
    no_miner_left "$spid" "$h serve quit"

    # --serve: EOF ends it too, a last line without its newline still counts.
    out=$(printf 'round 7 4' | "$CP" --miner "$MINER" --handoff "$h" --miners 2 --serve 2>"$TMP/err")
    [ $? -eq 0 ] || fail "$h serve EOF: exit $? $(cat "$TMP/err")"
    echo "$out" | sed -n 2p | grep -q '^round 7 start=' || fail "$h serve EOF: $out"
    no_miner_left "$(echo "$out" | sed -n 1p | field pid)" "$h serve EOF"

    # --serve: a miner killed during a round: the answer is the usual message, then exit 1.
    rm -f "$TMP/in"
    mkfifo "$TMP/in"
    "$CP" --miner "$MINER" --handoff "$h" --miners 3 --serve <"$TMP/in" >"$TMP/out" 2>"$TMP/err" &
    pid=$!
    exec 3>"$TMP/in"
    echo "round 0 2" >&3
    echo "round 1 36" >&3
    await_lines "$TMP/out" 2 # ready, and round 0's answer: round 1 is the one the kill fails
    kill_miner $pid 1 "$h serve killed miner"
    wait $pid
    rc=$?
    exec 3>&-
    [ $rc -eq 1 ] || fail "$h serve killed miner: exit $rc"
    [ "$(wc -l <"$TMP/out")" -eq 3 ] || fail "$h serve killed miner: not 3 lines: $(cat "$TMP/out")"
    sed -n 3p "$TMP/out" | grep -q "^error round 1 (hand-off $h) failed: miner 1 (pid $victim) was killed by signal 9 (SIGKILL) before delivering its coin$" ||
        fail "$h serve killed miner: $(cat "$TMP/out")"
    no_miner_left $pid "$h serve killed miner"

    # --serve: a timed-out stream.
    out=$(printf 'stream 0 1 40 1 0\nround 1 2\n' | "$CP" --miner "$MINER" --handoff "$h" --miners 2 --timeout 1 --serve 2>"$TMP/err")
    rc=$?
    [ $rc -eq 1 ] || fail "$h serve timeout: exit $rc"
    [ "$(echo "$out" | sed -n 2p)" = "error stream (hand-off $h) failed: timed out after 1 s waiting for miners 0, 1 (2 of 2)" ] ||
        fail "$h serve timeout: $out"
    [ "$(echo "$out" | wc -l)" -eq 2 ] || fail "$h serve timeout: answered after failing: $out"
    echo "ok $h"
done

"$CP" --miner "$MINER" --handoff nope 2>"$TMP/err"
[ $? -eq 2 ] && grep -q "handoff=nope" "$TMP/err" || fail "bad --handoff"
"$CP" --miner "$MINER" --handoff epoll --ring-capacity 1000 2>"$TMP/err"
[ $? -eq 2 ] && grep -q "power of two" "$TMP/err" || fail "bad --ring-capacity"

[ $failed -eq 0 ] && echo "cparent_test: all passed"
exit $failed
