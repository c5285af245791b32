# keel: the adapter for ../shared/bench (copied there by tools/bench.sh).
# One static binary as PID 1; services are INI files in /bench/cfg/svc.d.
# restart = always with restart_delay 0 and a limit the scenarios never
# reach (32 per 1 s would block the crash loop of S4 within its first
# second), so respawn latency is measured raw, as for minisup.
KEEL=${KEEL:?set KEEL to build/init}
sys_binaries() { echo "$KEEL"; }
sys_procs()    { echo init; }
sys_service()  {
	local n=$1; shift
	mkdir -p "$CFG/cfg/svc.d"
	printf '[service]\nexec = %s\nrestart = always\nrestart_delay = %s\nrestart_limit = 32\nrestart_window = %s\n' \
		"$*" "${KEEL_DELAY:-0}" "${KEEL_WINDOW:-10ms}" > "$CFG/cfg/svc.d/$n.ini"
}
sys_rootfs()   {
	mkdir -p "$ROOT/bench/sut"; cp "$KEEL" "$ROOT/bench/sut/init"
	printf '[init]\nsvc_dir = /bench/cfg/svc.d\ncontrol = /run/keel.sock\n' > "$ROOT/bench/sut/init.ini"
	mkdir -p "$ROOT/run"
}
sys_cmd()      { echo /bench/sut/init -c /bench/sut/init.ini; }
sys_stop_signal() { echo TERM; }
