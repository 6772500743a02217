"""Executes notebooks headlessly and fails on the first cell error, as the test suite does.

    python notebooks/execute.py [--output-dir DIR] [NOTEBOOK ...]

With no notebook named, every notebooks/*.ipynb runs. The executed copies (with outputs) go to --output-dir, never
over the committed notebooks, which carry no outputs.
"""

import argparse
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebooks/*.ipynb")
    parser.add_argument("--output-dir", type=Path, help="where to write the executed copies")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    args = parser.parse_args()

    failed = []
    for path in args.notebooks or sorted(HERE.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        # The kernel starts in the notebook's folder, as Jupyter does, so `import crossenroll_nb` works.
        client = NotebookClient(notebook, timeout=args.timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(path.resolve().parent)}})
        try:
            client.execute()
            print(f"{path.name}: every cell ran")
        except CellExecutionError as error:
            failed.append(path.name)
            print(f"{path.name}: a cell failed\n{error}", file=sys.stderr)
        finally:
            if args.output_dir:
                args.output_dir.mkdir(parents=True, exist_ok=True)
                nbformat.write(notebook, args.output_dir / path.name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
