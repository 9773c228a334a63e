#!/usr/bin/env python3
"""Rebuilds the data sets of eval/data/ from the fetched repositories, one converter after another.

  python3 eval/datasets/rebuild.py [NAME ...] [--mirror DIR] [--out DIR]

NAME picks converters (default: all of CONVERTERS). Each converter is a script of this folder that takes
`--mirror DIR` (the folder of fetched repositories, default $QL_MIRROR or /work/.mirror) and `--out DIR`
(default eval/data) and reads one repository, `fetch github:<owner>/<name>`, found at
DIR/<owner>+<name>/. To add a data set, add its converter's line below.
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

CONVERTERS = [  # (name, script in this folder, the GitHub repository it reads)
    ('polnear', 'polnear.py', 'networkdynamics/PolNeAR'),
    ('ggt', 'ggt.py', 'sfu-discourse-lab/GenderGapTracker'),
    ('tbaq', 'tbaq.py', 'qiangning/StructTempRel-EMNLP17'),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('names', nargs='*', help='converters to run (default: all): ' +
                    ', '.join(n for n, _, _ in CONVERTERS))
    ap.add_argument('--mirror', default=os.environ.get('QL_MIRROR', '/work/.mirror'))
    ap.add_argument('--out', default=os.path.join(HERE, '..', 'data'))
    a = ap.parse_args()
    known = {n for n, _, _ in CONVERTERS}
    unknown = [n for n in a.names if n not in known]
    if unknown:
        sys.exit(f'rebuild: unknown converter {", ".join(unknown)} (known: {", ".join(sorted(known))})')
    chosen = [c for c in CONVERTERS if not a.names or c[0] in a.names]
    missing = [repo for _, _, repo in chosen if not os.path.isdir(os.path.join(a.mirror, repo.replace('/', '+')))]
    if missing:
        sys.exit('rebuild: fetch these repositories first (the search tool\'s fetch), or point --mirror / '
                 f'$QL_MIRROR at the folder that holds them: ' + ', '.join(f'github:{r}' for r in missing))
    for name, script, _ in chosen:
        print(f'== {name}', flush=True)
        run = subprocess.run([sys.executable, os.path.join(HERE, script), '--mirror', a.mirror, '--out', a.out])
        if run.returncode:
            sys.exit(f'rebuild: {script} failed (exit {run.returncode})')


if __name__ == '__main__':
    main()
