#!/bin/sh
# Runs every C reference parent through rounds, a stream with odd payloads, a dead miner and a
# timeout, with real miners; and the same through --serve (the JMH benchmarks' C parent). By hand: `make OUT=/tmp/cpbuild all && test/cparent_test.sh /tmp/cpbuild/bin`.
set -u
BIN=${1:-target/bin}
CP=$BIN/cparent
MINER=$BIN/miner
HANDOFFS="blocking nonblocking select poll epoll io_uring aio shm-spin shm-futex threads"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failed=0

fail() { echo "FAIL: $*"; failed=1; }

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }

no_miner_left() {
    # our miners only: they carry our cparent's pid as --parent-pid
    if pgrep -f "$MINER --id [0-9]* --parent-pid $1\$" >/dev/null; then fail "$2: miners left behind"; fi
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
    [ "$(head -1 "$TMP/t.csv")" = "handoff,miner,round,nonce,digest,roundStartNs,startedNs,minedNs,cashedNs" ] ||
        fail "$h stream: trace header"
    [ "$(grep -c "^$h," "$TMP/t.csv")" -eq 9000 ] || fail "$h stream: trace rows != 9000"

    "$CP" --miner "$MINER" --handoff "$h" --miners 3 --difficulty 36 --quiet 2>"$TMP/err" &
    pid=$!
    sleep 0.5
    victim=$(pgrep -P $pid | sed -n 2p)
    kill -9 "$victim"
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
    sed -n 2p "$TMP/out" | grep -Eq '^round 0 start=[0-9]+ end=[0-9]+ cpu=[0-9]+ coins=[0-2]:[0-9]+:[0-9]+(,[0-2]:[0-9]+:[0-9]+){2}$' ||
        fail "$h serve: round 0: $(sed -n 2p "$TMP/out")"
    [ "$(sed -n 2p "$TMP/out" | field coins | tr ',' '\n' | cut -d: -f1 | sort | tr -d '\n')" = 012 ] ||
        fail "$h serve: round 0 is not one coin per miner"
    sed -n 3p "$TMP/out" | grep -q '^round 18446744073709551615 start=' || fail "$h serve: round 2^64-1"
    sed -n 4p "$TMP/out" | grep -Eq '^stream 2 start=[0-9]+ end=[0-9]+ cpu=[0-9]+ coins=1500 bytes=19500 delay_p50=[0-9]+ delay_p99=[0-9]+ delay_p999=[0-9]+ delay_max=[0-9]+$' ||
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
    sleep 0.5
    victim=$(pgrep -P $pid | sed -n 2p)
    kill -9 "$victim"
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
