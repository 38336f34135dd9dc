"""Peak memory per pass of one `copydesk run`, or of the match pass alone at a batch size.

    python bench/pass_memory.py run CORPUS OUT            # copydesk run CORPUS --out OUT
    python bench/pass_memory.py match OUT --batch-size N  # match_in_batches on OUT's _work/

`run` starts `copydesk run ... --no-report` and samples its process tree from /proc every
0.1 s, as bench/scale.py does (proportional set size, so pages the workers share count once),
and splits the peaks by pass: the pass is the one whose `copydesk: PASS: N task(s)` progress
line came last (`after-PASS` once its `done` line came). For each it prints the peak of the
tree, of the main process and of its children (pool workers, or the one process that runs
the template lines or the match pass, plus multiprocessing's resource tracker).

`match` reruns the match pass in this process on a finished run's intermediates (it rewrites
`_work/match/` and `_work/clusters.parquet` with the same tables) and prints its seconds and
this process's peak RSS (`ru_maxrss`): the pass's memory at a batch size, without the rest.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import _children, _rss_and_cpu


def _pss(pid: int) -> int:
    sample = _rss_and_cpu(pid)
    return sample[0] if sample else 0


def run(corpus: Path, out: Path, copydesk: str) -> None:
    """Per pass: peak MB of the tree, the main process and its children."""
    command = [copydesk, "run", str(corpus), "--out", str(out), "--no-report"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    phase = ["start"]

    def follow() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            sys.stderr.write(line)
            _, _, rest = line.partition("copydesk: ")
            label, _, what = rest.partition(": ")
            if what.endswith("task(s)\n"):
                phase[0] = label
            elif what.startswith("done"):
                phase[0] = f"after-{label}"

    threading.Thread(target=follow, daemon=True).start()
    peaks: dict[str, list[int]] = {}
    while process.poll() is None:
        tree = [process.pid]
        for pid in tree:  # grows while walked: descendants of descendants
            tree.extend(_children(pid))
        main = _pss(process.pid)
        children = sum(_pss(pid) for pid in tree[1:])
        peak = peaks.setdefault(phase[0], [0, 0, 0])
        for index, value in enumerate((main + children, main, children)):
            peak[index] = max(peak[index], value)
        time.sleep(0.1)
    print(f"exit {process.returncode}; peak PSS in MB")
    print(f"{'pass':<16}{'tree':>8}{'main':>8}{'children':>10}")
    for name, (tree_peak, main_peak, children_peak) in peaks.items():
        print(f"{name:<16}{tree_peak / 1e6:8.0f}{main_peak / 1e6:8.0f}{children_peak / 1e6:10.0f}")
    print(f"{'peak':<16}{max(p[0] for p in peaks.values()) / 1e6:8.0f}")


def match(out: Path, batch_size: int) -> None:
    """Seconds and peak RSS of the match pass alone at `batch_size`."""
    from copydesk.config import Config
    from copydesk.passes.batches import match_in_batches
    from copydesk.workspace import Workspace

    config = Config().replace("engine", match_batch_size=batch_size)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    clock = time.perf_counter()
    match_in_batches(Workspace(out), config)
    seconds = time.perf_counter() - clock
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"match_batch_size {batch_size:,}: {seconds:.1f} s, peak RSS {peak / 1e3:,.0f} MB "
        f"({before / 1e3:,.0f} MB after imports)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    modes = parser.add_subparsers(dest="mode", required=True)
    whole = modes.add_parser("run", help="copydesk run, peaks per pass")
    whole.add_argument("corpus", type=Path)
    whole.add_argument("out", type=Path)
    whole.add_argument("--copydesk", default=str(Path(sys.executable).parent / "copydesk"))
    alone = modes.add_parser("match", help="the match pass alone on a finished run's _work/")
    alone.add_argument("out", type=Path)
    alone.add_argument("--batch-size", type=int, default=10_000)
    args = parser.parse_args()
    if args.mode == "run":
        run(args.corpus, args.out, args.copydesk)
    else:
        match(args.out, args.batch_size)


if __name__ == "__main__":
    main()
