import sys

from kgnotes.cli import main

sys.exit(main())
