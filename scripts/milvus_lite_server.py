"""Runs Milvus Lite (the real Milvus engine) as a gRPC server until SIGTERM/SIGINT.

Usage: milvus_lite_server.py DB_FILE HOST:PORT
Started by libs/services in its own process group, so that stopping the group also
stops the `milvus` child that milvus_lite forks (it would otherwise keep the port).
"""
import os
import signal
import sys
import threading

from milvus_lite.server import Server


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: milvus_lite_server.py DB_FILE HOST:PORT", file=sys.stderr)
        return 2
    server = Server(sys.argv[1], sys.argv[2])
    if not server.init() or not server.start():
        print(f"milvus-lite failed to start on {sys.argv[2]} with {sys.argv[1]}", file=sys.stderr)
        return 1
    stopped = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopped.set())
    print(f"milvus-lite listening on {sys.argv[2]}", flush=True)
    parent = os.getppid()
    while not stopped.wait(1.0):
        if os.getppid() != parent:
            # whoever started us died without stopping us (SIGKILL): do not outlive it
            print("milvus-lite: parent process is gone, stopping", file=sys.stderr)
            break
        if server._p is not None and server._p.poll() is not None:
            print(f"milvus-lite exited with code {server._p.returncode}", file=sys.stderr)
            return 1
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
