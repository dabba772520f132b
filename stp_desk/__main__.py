"""`python -m stp_desk`, and the frozen program's entry (build.spec): the same as the `stp-desk` command."""

import sys

if sys.argv[1:] == ["--version"]:  # what installers and IT scripts ask first: answered before any command loads
    from stp_desk import version_line

    print(version_line())
    sys.exit(0)

from stp_desk.cli import main

sys.exit(main())
