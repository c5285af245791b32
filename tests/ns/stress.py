#!/usr/bin/python3
"""Seeded randomized lifecycle stress against keel as PID 1 of a namespace.

Operations: start, stop, restart, reload (files edited, added, removed in
between), kill -9 of a service process, SIGHUP bursts, reexec.  After every
operation it checks, from /proc (not from init):
  1. at most one live process per service, at every check (no waiting);
  2. `initctl status` agrees with /proc (a job with a pid has that process,
     a job without one has none), allowing a bounded settle time;
  3. no zombie is left (bounded settle time);
  4. a job stopped by the user stays without a process until something
     starts it again (no restart timer fires for a stopped job).
A failure prints the seed; STRESS_SEED=N replays it, STRESS_OPS=N sets the
count.  Output: TAP.
"""
import json, os, random, signal, subprocess, sys, tempfile, time, shutil

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("BUILD", os.path.join(TOP, "build"))
OPS = int(os.environ.get("STRESS_OPS", "10000"))
SEED = int(os.environ.get("STRESS_SEED", str(int(time.time()) % 100000)))
NAMES = ["s%d" % i for i in range(8)]
SETTLE = 5.0

T = tempfile.mkdtemp(prefix="keel-stress.")
SVC = os.path.join(T, "svc.d")
os.makedirs(SVC)
SOCK = os.path.join(T, "ctl.sock")
rng = random.Random(SEED)
history = []


def marker(name):
    return "sleep %d" % (7100 + NAMES.index(name))


def write_svc(name, variant):
    dep = ""
    if name == "s1":
        dep = "after = s0\n"
    with open(os.path.join(SVC, name + ".ini"), "w") as f:
        f.write("[service]\n; variant %d\nexec = /bin/%s\n%srestart = always\n"
                "restart_delay = 20ms\nrestart_limit = 30\nrestart_window = 1s\nstop_timeout = 2s\n"
                % (variant, marker(name), dep))


def cg_make():
    """This run's own cgroup (keel's job cgroups go below it), like lib.sh:
    parallel runs never share a job cgroup.  None without a writable cgroup2."""
    mnt = None
    for line in open("/proc/self/mountinfo"):
        f = line.split()
        if "-" in f[6:] and f[f.index("-", 6) + 1] == "cgroup2":
            mnt = f[4]
            break
    own = [l[3:].strip() for l in open("/proc/self/cgroup") if l.startswith("0::")]
    if not mnt or not own:
        return None
    path = mnt + ("" if own[0] == "/" else own[0]) + "/keel-stress.%d" % os.getpid()
    try:
        os.mkdir(path)
    except OSError:
        return None
    return path


def cg_join(path):
    if path:
        with open(os.path.join(path, "cgroup.procs"), "w") as f:
            f.write("0")


def cg_remove(path):
    """Kill what is left, wait (bounded) until empty, remove deepest first."""
    if not path:
        return
    try:
        with open(os.path.join(path, "cgroup.kill"), "w") as f:
            f.write("1")
    except OSError:
        pass
    end = time.time() + 10
    while time.time() < end and "populated 1" in open(os.path.join(path, "cgroup.events")).read():
        time.sleep(0.02)
    for d, _, _ in os.walk(path, topdown=False):
        try:
            os.rmdir(d)
        except OSError:
            pass


def ctl(*args):
    env = dict(os.environ, INITCTL_SOCKET=SOCK)
    p = subprocess.run([os.path.join(BUILD, "initctl")] + list(args), env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=20)
    return p.returncode, p.stdout + p.stderr


def status():
    rc, out = ctl("status", "--json")
    if rc != 0:
        raise Fail("status failed rc=%d: %s" % (rc, out))
    return {r["name"]: r for r in json.loads(out)}


class Fail(Exception):
    pass


def ns_scan(init_pid):
    """(procs by service name -> [nspid], zombie count) in init's pid ns."""
    ns = os.readlink("/proc/%d/ns/pid" % init_pid)
    procs, zombies = {n: [] for n in NAMES}, 0
    for d in os.listdir("/proc"):
        if not d.isdigit() or int(d) == init_pid:
            continue
        try:
            if os.readlink("/proc/%s/ns/pid" % d) != ns:
                continue
            st = open("/proc/%s/status" % d).read()
            cmd = open("/proc/%s/cmdline" % d, "rb").read().replace(b"\0", b" ").decode()
        except OSError:
            continue
        state = [l for l in st.splitlines() if l.startswith("State:")][0]
        if " Z" in state:
            zombies += 1
            continue
        nspid = int([l for l in st.splitlines() if l.startswith("NSpid:")][0].split()[-1])
        for n in NAMES:
            if cmd.strip() == "/bin/" + marker(n):
                procs[n].append(nspid)
    return procs, zombies


def check(init_pid, user_stopped):
    procs, _ = ns_scan(init_pid)
    for n, ps in procs.items():
        if len(ps) > 1:
            raise Fail("service %s has %d processes: %s" % (n, len(ps), ps))
    deadline = time.time() + SETTLE
    while True:
        procs, zombies = ns_scan(init_pid)
        for n, ps in procs.items():
            if len(ps) > 1:
                raise Fail("service %s has %d processes: %s" % (n, len(ps), ps))
        st = status()
        problems = []
        for n in NAMES:
            row = st.get(n)
            live = procs[n]
            if row is None:
                if live:
                    problems.append("%s: no job but process %s" % (n, live))
                continue
            has = row["state"] in ("starting", "running", "stopping")
            if has and live != [row["pid"]]:
                problems.append("%s: status %s pid %s, /proc %s" % (n, row["state"], row["pid"], live))
            if not has and (live or row["pid"] != 0):
                problems.append("%s: status %s pid %s, /proc %s" % (n, row["state"], row["pid"], live))
            if n in user_stopped and row["state"] not in ("stopped", "stopping", "failed", "blocked"):
                raise Fail("%s was stopped by the user but is %s" % (n, row["state"]))
        if zombies:
            problems.append("%d zombies" % zombies)
        if not problems:
            return
        if time.time() > deadline:
            raise Fail("; ".join(problems))
        time.sleep(0.01)


def main():
    variants = {n: 0 for n in NAMES}
    present = set(NAMES[:6])
    for n in present:
        write_svc(n, 0)
    with open(os.path.join(T, "init.ini"), "w") as f:
        f.write("[init]\nsvc_dir = %s\ncontrol = %s\nshutdown_timeout = 5s\n" % (SVC, SOCK))
    # The binary under test is a copy, so reexec execs a stable path.
    shutil.copy(os.path.join(BUILD, "init"), os.path.join(T, "init"))
    cg = cg_make()
    ns = subprocess.Popen(["unshare", "--pid", "--fork", "--mount-proc", "--kill-child",
                           os.path.join(T, "init"), "-c", os.path.join(T, "init.ini")],
                          stdout=open(os.path.join(T, "console.log"), "w"), stderr=subprocess.STDOUT,
                          preexec_fn=lambda: cg_join(cg))
    end = time.time() + 10
    while not os.path.exists(SOCK) and time.time() < end:
        time.sleep(0.02)
    init_pid = int(open("/proc/%d/task/%d/children" % (ns.pid, ns.pid)).read().split()[0])
    user_stopped = set()
    counts = {}
    reexec_ok = reexec_refused = 0
    print("# seed %d, %d operations" % (SEED, OPS))
    try:
        check(init_pid, user_stopped)
        for i in range(OPS):
            op = rng.choices(["start", "stop", "restart", "reload", "kill", "hup", "reexec"],
                             [25, 20, 20, 10, 15, 8, 2])[0]
            n = rng.choice(NAMES)
            desc = op
            if op in ("start", "stop", "restart"):
                desc = "%s %s" % (op, n)
                rc, out = ctl(op, n)
                if op == "stop" and rc == 0:
                    user_stopped.add(n)
                elif op in ("start", "restart") and rc == 0:
                    user_stopped.discard(n)
                if rc not in (0, 2, 3):
                    raise Fail("%s: rc %d %s" % (desc, rc, out))
            elif op == "reload":
                k = rng.random()
                if k < 0.4 and n in present:
                    variants[n] += 1
                    write_svc(n, variants[n])
                    desc = "edit %s; reload" % n
                    user_stopped.discard(n)   # a changed stopped job may be started by reload
                elif k < 0.7 and n not in present:
                    write_svc(n, variants[n])
                    present.add(n)
                    desc = "add %s; reload" % n
                elif n in present and len(present) > 2:
                    os.unlink(os.path.join(SVC, n + ".ini"))
                    present.discard(n)
                    user_stopped.discard(n)
                    desc = "remove %s; reload" % n
                rc, out = ctl("reload")
                if rc != 0:
                    raise Fail("reload rc %d %s" % (rc, out))
            elif op == "kill":
                procs, _ = ns_scan(init_pid)
                live = [p for p in procs[n]]
                desc = "kill -9 %s %s" % (n, live)
                # Host pid: find it again by marker (ns pids differ from host pids).
                for d in os.listdir("/proc"):
                    if not d.isdigit():
                        continue
                    try:
                        if os.readlink("/proc/%s/ns/pid" % d) != os.readlink("/proc/%d/ns/pid" % init_pid):
                            continue
                        cmd = open("/proc/%s/cmdline" % d, "rb").read().replace(b"\0", b" ").decode()
                        if cmd.strip() == "/bin/" + marker(n):
                            os.kill(int(d), signal.SIGKILL)
                    except OSError:
                        pass
            elif op == "hup":
                desc = "SIGHUP x5"
                for _ in range(5):
                    os.kill(init_pid, signal.SIGHUP)
            elif op == "reexec":
                rc, out = ctl("reexec")
                desc = "reexec -> %d" % rc
                if rc == 0:
                    reexec_ok += 1
                elif rc == 2:
                    reexec_refused += 1
                else:
                    raise Fail("reexec rc %d %s" % (rc, out))
            history.append(desc)
            counts[op] = counts.get(op, 0) + 1
            check(init_pid, user_stopped)
    except Fail as e:
        print("not ok 1 - %d operations without invariant violation" % OPS)
        print("# VIOLATION after op %d: %s" % (len(history), e))
        print("# seed %d (replay: STRESS_SEED=%d STRESS_OPS=%d)" % (SEED, SEED, OPS))
        for h in history[-15:]:
            print("#   op: %s" % h)
        for line in open(os.path.join(T, "console.log")).read().splitlines()[-30:]:
            print("#   console: %s" % line)
        ns.kill()
        print("1..1")
        return 1
    finally:
        if ns.poll() is None:
            ns.kill()
        ns.wait()
        cg_remove(cg)
    print("ok 1 - %d operations without invariant violation (seed %d)" % (OPS, SEED))
    print("# ops: %s; reexec ok %d, refused %d" % (counts, reexec_ok, reexec_refused))
    print("1..1")
    shutil.rmtree(T, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
