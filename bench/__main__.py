"""`python -m bench`: run every benchmark and write bench/REPORT.md."""

from .run import main

raise SystemExit(main())
