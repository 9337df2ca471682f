"""Physical memory a set of processes holds together, each page counted once: the union of the page frames their mappings
have present (from /proc/<pid>/pagemap). RSS sums count a page once per process mapping it (the .NET runtime and
framework, mapped by every .NET process), and twice within a process that maps it twice (the runtime maps its code
memory once writable, once executable); PSS splits shared pages among every process on the machine that maps them.
Reading page frame numbers needs root (CAP_SYS_ADMIN): without it the kernel reports them as 0, and this prints "-".
Usage: python3 bench/lib/distinct-memory.py <pid>...   prints the MB."""
import struct
import sys


def frames(pid):
    present = set()
    with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/pagemap", "rb") as pagemap:
        for line in maps:
            start, end = (int(address, 16) for address in line.split()[0].split("-"))
            if line.rstrip().endswith("[vsyscall]"):
                continue  # above the range pagemap answers for
            pagemap.seek(start // 4096 * 8)
            for (entry,) in struct.iter_unpack("<Q", pagemap.read((end - start) // 4096 * 8)):
                if entry >> 63:  # present in RAM
                    present.add(entry & ((1 << 55) - 1))
    return present


together = set().union(*(frames(pid) for pid in sys.argv[1:]))
print("-" if together <= {0} else len(together) * 4096 // 2**20)
