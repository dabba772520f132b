"""`python -m stp_desk`: the same as the `stp-desk` command."""

import sys

from stp_desk.cli import main

sys.exit(main())
