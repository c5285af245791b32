# SPDX-License-Identifier: MIT
# Run argv[1:] with pidfd_open (syscall 434 on every architecture) failing
# with ENOSYS, as on a kernel before 5.3: a seccomp filter, inherited by
# everything the program starts.
import ctypes, errno, os, struct, sys

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
LD_W_ABS = 0x20            # BPF_LD | BPF_W | BPF_ABS
JEQ_K = 0x15               # BPF_JMP | BPF_JEQ | BPF_K
RET_K = 0x06               # BPF_RET | BPF_K
RET_ALLOW = 0x7fff0000
RET_ERRNO = 0x00050000
NR_PIDFD_OPEN = 434

prog = [
    (LD_W_ABS, 0, 0, 0),                  # A = seccomp_data.nr
    (JEQ_K, 0, 1, NR_PIDFD_OPEN),         # nr == pidfd_open?
    (RET_K, 0, 0, RET_ERRNO | errno.ENOSYS),
    (RET_K, 0, 0, RET_ALLOW),
]
raw = b"".join(struct.pack("HBBI", *ins) for ins in prog)
buf = ctypes.create_string_buffer(raw, len(raw))


class Fprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


libc = ctypes.CDLL(None, use_errno=True)
fprog = Fprog(len(prog), ctypes.addressof(buf))
if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or \
   libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
    sys.exit("seccomp: " + os.strerror(ctypes.get_errno()))
os.execv(sys.argv[1], sys.argv[1:])
