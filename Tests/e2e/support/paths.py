"""Where things are: the repository, and the git-ignored build folder for screenshots, axe reports and logs."""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
E2E_DIR = REPO_ROOT / "Tests" / "e2e"
BUILD_DIR = Path(os.environ.get("CAIRN_E2E_OUTPUT") or REPO_ROOT / "build" / "e2e").resolve()
SCREENSHOT_DIR = BUILD_DIR / "screenshots"
AXE_DIR = BUILD_DIR / "axe"
