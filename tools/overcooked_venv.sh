#!/usr/bin/env bash
# Make the virtual environment tools/overcooked_golden.py runs in: overcooked_ai at a checkout
# (its HEAD has the old/new dynamics flag that the PyPI release 1.1.0 lacks) with the old numpy it
# pins. Usage: tools/overcooked_venv.sh PATH_TO_OVERCOOKED_AI_CHECKOUT [VENV_DIR]
set -euo pipefail
checkout=${1:?usage: $0 PATH_TO_OVERCOOKED_AI_CHECKOUT [VENV_DIR]}
venv=${2:-/tmp/ocvenv}
python3 -m venv "$venv"
"$venv/bin/pip" install -q "numpy<2" scipy dill gymnasium pygame tqdm opencv-python-headless ipython ipywidgets
# overcooked_ai declares Python <3.11 but runs on 3.11; its other dependencies are for the demo
"$venv/bin/pip" install -q --no-deps --ignore-requires-python "$checkout"
echo "ready: $venv/bin/python tools/overcooked_golden.py tests/envs/overcooked/golden"
