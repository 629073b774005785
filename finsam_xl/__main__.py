"""`python -m finsam_xl` runs the CLI."""

from finsam_xl.cli import main

main()
