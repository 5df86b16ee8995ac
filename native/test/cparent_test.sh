#!/bin/sh
# Runs every C reference parent through rounds, a stream with odd payloads, a dead miner and a
# timeout, with real miners. By hand: `make OUT=/tmp/cpbuild all && test/cparent_test.sh /tmp/cpbuild/bin`.
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
    echo "ok $h"
done

"$CP" --miner "$MINER" --handoff nope 2>"$TMP/err"
[ $? -eq 2 ] && grep -q "handoff=nope" "$TMP/err" || fail "bad --handoff"
"$CP" --miner "$MINER" --handoff epoll --ring-capacity 1000 2>"$TMP/err"
[ $? -eq 2 ] && grep -q "power of two" "$TMP/err" || fail "bad --ring-capacity"

[ $failed -eq 0 ] && echo "cparent_test: all passed"
exit $failed
