# SPDX-License-Identifier: MIT
# keel: the adapter for the comparison harness named by BENCH_HARNESS
# (tools/bench.sh copies it to
# adapters/keel.sh, and to keel-default.sh / keel-1s.sh with KEEL_POLICY
# set on the first line).  One static binary as PID 1, started as
# `/bench/sut/init -c /bench/sut/init.ini`; services are INI files in
# /bench/cfg/svc.d, each `restart = always` plus, by KEEL_POLICY:
#   raw      restart_delay = 0, restart_window = 0 (limit off): the raw
#            respawn cost, comparable with minisup (row "keel");
#   default  nothing else: keel's defaults (restart_delay 1s, no back-off
#            growth, at most 5 restarts per 60s, then blocked), what a user
#            gets from `restart = always` alone (row "keel-default");
#   1s       the default 1s delay with the limit off: restarts forever at
#            1/s like BusyBox init, runit and s6 (row "keel-1s").
# No journal file is configured (the journal stays in RAM).
KEEL=${KEEL:?set KEEL to the host path of build/init}
KEEL_POLICY=${KEEL_POLICY:-raw}
sys_binaries() { echo "$KEEL"; }
sys_procs()    { echo init; }
sys_service()  {
	local n=$1 extra; shift
	case $KEEL_POLICY in
	raw)     extra='restart_delay = 0\nrestart_window = 0\n' ;;
	default) extra='' ;;
	1s)      extra='restart_window = 0\n' ;;
	*)       echo "keel adapter: unknown KEEL_POLICY '$KEEL_POLICY'" >&2; return 1 ;;
	esac
	mkdir -p "$CFG/cfg/svc.d"
	printf "[service]\nexec = %s\nrestart = always\n$extra" "$*" > "$CFG/cfg/svc.d/$n.ini"
}
sys_rootfs()   {
	mkdir -p "$ROOT/bench/sut" "$ROOT/run"
	cp "$KEEL" "$ROOT/bench/sut/init"
	printf '[init]\nsvc_dir = /bench/cfg/svc.d\ncontrol = /run/keel.sock\n' > "$ROOT/bench/sut/init.ini"
}
sys_cmd()      { echo /bench/sut/init -c /bench/sut/init.ini; }
sys_stop_signal() { echo TERM; }
