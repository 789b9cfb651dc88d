"""The glibc malloc settings the GitActors process applies to itself (src/Models/Torch/NativeHeapTuning.cs).

The peers apply them when asked, so a benchmark can show its ratio both against PyTorch as installed and like for like.
"""
import ctypes

# (mallopt parameter, value): M_MMAP_THRESHOLD 32 MiB, M_TRIM_THRESHOLD INT_MAX, M_TOP_PAD 64 MiB.
SETTINGS = ((-3, 32 * 1024 * 1024), (-1, 2**31 - 1), (-2, 64 * 1024 * 1024))


def apply_if_asked(argv):
    """Applies the settings when the last command-line argument is "same-heap"; call before torch allocates."""
    if argv[-1] != "same-heap":
        return
    libc = ctypes.CDLL("libc.so.6")
    for parameter, value in SETTINGS:
        if libc.mallopt(parameter, value) != 1:
            raise SystemExit(f"mallopt({parameter}, {value}) refused")
